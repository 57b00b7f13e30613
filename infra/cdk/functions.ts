// The Lambda functions of infra/api.ts LAMBDAS, bundled by `npm run build` into dist/functions/<fn>/.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as appsync from 'aws-cdk-lib/aws-appsync';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { splitField } from '../../platform/fields.ts';
import { IAM_ONLY, OPERATION_RULES } from '../../platform/rbac.ts';
import { LAMBDAS, settingsEnv, functionName, lambdaBundleDir } from '../api.ts';
import { fromRoot } from './bundles.ts';
import { Publisher } from './publisher.ts';
import { awsActionStatements, targetAccountRoleNames } from './grants.ts';
import { metricsNamespace } from './monitoring.ts';
import { XRAY_REASON, acknowledge, arnOf, wildcard } from './nag.ts';
import { PageTokenKey } from './page-token.ts';

export type FunctionKey = keyof typeof LAMBDAS;
type Spec = (typeof LAMBDAS)[FunctionKey];

/** Declared in infra/api.ts by the functions that verify Cognito tokens themselves (the REST façade). */
const verifiesTokens = (spec: Spec): boolean => 'verifiesTokens' in spec && spec.verifiesTokens;
/** Declared by the functions that call the API as themselves on behalf of people (the REST façade). */
const callsApi = (spec: Spec): boolean => 'callsApi' in spec && spec.callsApi;
/** Declared by the functions that answer lists with opaque page tokens (platform/page-token.ts). */
const pagesLists = (spec: Spec): boolean => 'pagesLists' in spec && spec.pagesLists;

/**
 * The IAM-only mutations (`@aws_iam` without `@aws_cognito_user_pools` in schema.graphql): the publish
 * mutations whose only job is to fan out to subscribers. test/unit/wiring.test.ts checks the schema agrees.
 */
export function iamOnlyMutations(): string[] {
  return Object.entries(OPERATION_RULES)
    .filter(([, rule]) => rule === IAM_ONLY)
    .map(([key]) => splitField(key))
    .filter(([type]) => type === 'Mutation')
    .map(([, field]) => field);
}

/**
 * The Query and Mutation fields people may call: OPERATION_RULES without the IAM-only publish mutations
 * (and without subscriptions, which are not called over HTTP). What a function that calls the API on
 * their behalf (`callsApi`) may call with its own role.
 */
export function callerOperations(): { Query: string[]; Mutation: string[] } {
  const ops = { Query: [] as string[], Mutation: [] as string[] };
  for (const [key, rule] of Object.entries(OPERATION_RULES)) {
    const [type, field] = splitField(key);
    if (rule !== IAM_ONLY && (type === 'Query' || type === 'Mutation')) ops[type].push(field);
  }
  return ops;
}

export interface FunctionsProps {
  readonly stage: string;
  readonly table: dynamodb.ITable;
  readonly api: appsync.IGraphqlApi & { readonly graphqlUrl: string };
  /** The pool and app client whose tokens `verifiesTokens` functions check. */
  readonly userPool: cognito.IUserPool;
  readonly userPoolClient: cognito.IUserPoolClient;
  readonly logRetention: logs.RetentionDays;
}

export class Functions extends Construct {
  readonly functions = {} as Record<FunctionKey, lambda.Function>;
  readonly publisher: Publisher;

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    // POLL_SECONDS, DRS_LAUNCH_SECONDS and DRS's limits: `-c pollSeconds=60` etc. (infra/api.ts SETTINGS).
    const settings = settingsEnv((_name, key) => this.node.tryGetContext(key));
    const targetRoleNames = targetAccountRoleNames(this);
    // Powertools Tracer is not bundled (platform/observability.ts): context powertoolsTracerLayerArn
    // attaches the Powertools layer that provides it and turns it on. Without it: X-Ray active tracing.
    const tracerLayerArn = this.node.tryGetContext('powertoolsTracerLayerArn') as string | undefined;
    const tracerLayer = tracerLayerArn ? lambda.LayerVersion.fromLayerVersionArn(this, 'PowertoolsLayer', tracerLayerArn) : undefined;
    // The page-token key, readable by the functions that page and no other (infra/cdk/page-token.ts).
    const pageTokenKey = Object.values(LAMBDAS).some(pagesLists) ? new PageTokenKey(this, 'PageTokenKey', { stage: props.stage }) : undefined;
    for (const [fn, spec] of Object.entries(LAMBDAS) as [FunctionKey, (typeof LAMBDAS)[FunctionKey]][]) {
      const name = functionName(fn, props.stage);
      const scopeFn = new Construct(this, fn);
      // Named like Lambda's own default so `aws logs tail /aws/lambda/<name>` works; DESTROY because a
      // retained group of that name would block re-creating the stack.
      const logGroup = new logs.LogGroup(scopeFn, 'Logs', {
        logGroupName: `/aws/lambda/${name}`,
        retention: props.logRetention,
        removalPolicy: RemovalPolicy.DESTROY,
      });
      // A role of its own instead of AWSLambdaBasicExecutionRole (which may create any log group and
      // write to all of them): it writes to its own group only.
      const role = new iam.Role(scopeFn, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), description: `${name}: its log group and its AWS actions (infra/api.ts)` });
      logGroup.grantWrite(role);
      const f = new lambda.Function(scopeFn, 'Function', {
        functionName: name,
        description: spec.description,
        runtime: lambda.Runtime.NODEJS_22_X,
        architecture: lambda.Architecture.ARM_64,
        handler: 'index.handler',
        code: lambda.Code.fromAsset(fromRoot(lambdaBundleDir(fn))),
        timeout: Duration.seconds(spec.timeoutSeconds),
        memorySize: spec.memoryMb,
        logGroup,
        role,
        // X-Ray: every invocation (and its init) traced; AppSync, API Gateway and the state machines too.
        tracing: lambda.Tracing.ACTIVE,
        ...(tracerLayer ? { layers: [tracerLayer] } : {}),
        environment: {
          // table 'none': neither the table's name nor any grant on it.
          ...(spec.table === 'none' ? {} : { TABLE_NAME: props.table.tableName }),
          APPSYNC_URL: props.api.graphqlUrl,
          ...(verifiesTokens(spec)
            ? { USER_POOL_ID: props.userPool.userPoolId, USER_POOL_CLIENT_ID: props.userPoolClient.userPoolClientId }
            : {}),
          POWERTOOLS_SERVICE_NAME: fn,
          STAGE: props.stage,
          NODE_OPTIONS: '--enable-source-maps',
          // Powertools Metrics (platform/observability.ts): only where this is set, i.e. not locally.
          POWERTOOLS_METRICS_NAMESPACE: metricsNamespace(props.stage),
          ...(tracerLayer ? { DRS_POWERTOOLS_TRACER: '1' } : {}),
          ...settings,
        },
      });
      // What cdk-nag's AwsSolutions pack finds here and why it stays (infra/cdk/nag.ts).
      acknowledge(scopeFn, {
        'AwsSolutions-L1': 'nodejs22.x on purpose: the bundles target node22 and the local stack runs Node 20/22; moving to a newer runtime is its own change',
        [wildcard('*')]: `${XRAY_REASON}; the DRS/EC2/IAM describe and list calls and sts:GetCallerIdentity take no resource ARN, and the DRS/EC2 writes act on whichever source server, launch template or recovery instance a protection group names, in any region (infra/cdk/grants.ts scopes all else)`,
      });

      // Least privilege: exactly the AWS actions the function calls (infra/api.ts), in a policy of its
      // own so IAM policy minimization never merges other statements into it, each action on the
      // resources infra/cdk/grants.ts scopes it to (`*` only where IAM offers nothing narrower).
      // scopedActions: the owning construct grants them on named resources (infra/cdk/clusters.ts).
      if (spec.actions.length > 0 && !('scopedActions' in spec && spec.scopedActions)) {
        const statements = awsActionStatements(this, spec.actions, { stage: props.stage, userPool: props.userPool, targetRoleNames });
        const policy = new iam.Policy(scopeFn, 'AwsActions', { roles: [f.role!], statements });
        const actions: readonly string[] = spec.actions;
        if (actions.includes('iam:PassRole')) {
          acknowledge(policy, { [wildcard('arn:<AWS::Partition>:iam::<AWS::AccountId>:role/*')]: 'iam:PassRole of the instance profile a protection group names (any role of this account), only to ec2.amazonaws.com or drs.amazonaws.com (iam:PassedToService)' });
        }
        if (actions.includes('sts:AssumeRole')) {
          acknowledge(policy, Object.fromEntries(targetRoleNames.map((n) => [wildcard(`arn:<AWS::Partition>:iam::*:role/${n}`), 'Target accounts are registered at run time: their cross-account role by its documented name (context targetAccountRoleNames), in whichever account registers'])));
        }
        // Like the role's default policy: attached before the function exists. (On the CfnFunction only;
        // the Function construct also contains the role, which the policy itself depends on.)
        (f.node.defaultChild as lambda.CfnFunction).addResourceDependency(policy.node.defaultChild as iam.CfnPolicy);
      }
      if (spec.table === 'readwrite') {
        props.table.grantReadWriteData(f);
        acknowledge(scopeFn, { [wildcard(`${arnOf(props.table)}/index/*`)]: "The table's own GSIs (infra/table.ts), every one of which its queries read: index/* is exactly those" });
      }
      if (pagesLists(spec)) pageTokenKey?.grantTo(f);
      // Publishing: appsync:GraphQL on the IAM-only publish mutations, and nothing else of the API.
      const publishes: readonly string[] = spec.publishes;
      const notIamOnly = publishes.filter((m) => !iamOnlyMutations().includes(m));
      if (notIamOnly.length) throw new Error(`${fn} may only publish through IAM-only mutations: ${notIamOnly.join(', ')}`);
      if (publishes.length) props.api.grantMutation(f, ...publishes);
      // The façade's open paths (login, password reset): IAM-only mutations it calls signed, by name.
      const iamOnlyCalls: readonly string[] = 'iamOnlyCalls' in spec ? spec.iamOnlyCalls : [];
      if (iamOnlyCalls.length) props.api.grantMutation(f, ...iamOnlyCalls);
      // Calling on people's behalf: appsync:GraphQL on each field they may call, by name (never
      // `types/Query/*`, which would include whatever IAM-only field the schema gains later).
      if (callsApi(spec)) {
        const { Query, Mutation } = callerOperations();
        props.api.grantQuery(f, ...Query);
        props.api.grantMutation(f, ...Mutation);
      }

      this.functions[fn] = f;
    }
    // The table's stream feeds the publisher (readsStream): its event source, retries and on-failure queue.
    this.publisher = new Publisher(this, 'Publisher', { fn: this.functions.publisher, table: props.table });
  }
}
