// The stack's page-token key (platform/page-token.ts): a Secrets Manager secret CDK generates, that only the
// functions whose infra/api.ts LAMBDAS entry says `pagesLists` may read. They read it on their first list
// call of a cold start (not at init) and cache it; its ARN is in their environment (PAGE_TOKEN_SECRET_ARN),
// the key itself never is. Their nextTokens are AES-256-GCM sealed with a key derived from it, bound to the
// list, the query and the caller, and expire after 24 h. (AppSync seals its DynamoDB resolvers' tokens with
// a key of its own: the APPSYNC_JS lists need nothing here.)
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export const PAGE_TOKEN_SECRET_ENV = 'PAGE_TOKEN_SECRET_ARN';

export class PageTokenKey extends Construct {
  readonly secret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: { stage: string }) {
    super(scope, id);
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      description: `drs-orchestrator (${props.stage}): key material that seals the Lambda lists' nextTokens`,
      // 64 characters of letters and digits: ~380 bits, HKDF-derived into the AES-256 key.
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      // It seals tokens that live 24 h: nothing to keep once the stack is gone.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // cdk-nag (AwsSolutions-SMG4) through CDK's own acknowledgements, as cdk-nag 3.x reads them.
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'Page-token key material, no credential: a rotation would only refuse the nextTokens outstanding, which expire in 24 h anyway',
    });
  }

  /** Read access to the secret and its ARN in the function's environment. */
  grantTo(fn: lambda.Function): void {
    this.secret.grantRead(fn);
    fn.addEnvironment(PAGE_TOKEN_SECRET_ENV, this.secret.secretArn);
  }
}
