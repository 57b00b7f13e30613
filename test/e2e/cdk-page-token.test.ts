// The page-token key in the CDK stack (infra/cdk/page-token.ts): one generated Secrets Manager secret,
// its ARN in the environment of the functions that page (infra/api.ts `pagesLists`) and of no other,
// and read access to it for their roles only.
import { readFileSync } from 'node:fs';
import { App, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAMBDAS, functionName } from '../../infra/api.ts';
import { buildAll } from '../../infra/build.ts';
import { createApp } from '../../infra/cdk/app.ts';
import { fromRoot, missingBundles } from '../../infra/cdk/bundles.ts';
import { PAGE_TOKEN_SECRET_ENV } from '../../infra/cdk/page-token.ts';

const STAGE = 'test';
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- CloudFormation JSON as synthesized
type Cfn = any;
let resources: Record<string, { Type: string; Properties: Cfn; DeletionPolicy?: string }>;
let stack: Stack;
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const asList = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);
const paging = Object.entries(LAMBDAS).filter(([, spec]) => 'pagesLists' in spec && spec.pagesLists).map(([fn]) => fn);

beforeAll(async () => {
  if (missingBundles().length > 0) await buildAll();
  const context = JSON.parse(readFileSync(fromRoot('cdk.json'), 'utf8')).context as Record<string, unknown>;
  stack = createApp(new App({ context: { ...context, stage: STAGE } })).stack;
  resources = Template.fromStack(stack).toJSON().Resources;
}, 180_000);

describe('page-token key', () => {
  it('is one secret CDK generates, removed with the stack, its rotation finding acknowledged with a reason', () => {
    const secrets = ofType('AWS::SecretsManager::Secret');
    expect(secrets).toHaveLength(1);
    const [, secret] = secrets[0];
    expect(secret.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 64, ExcludePunctuation: true });
    expect(secret.Properties.SecretString).toBeUndefined();
    expect(secret.DeletionPolicy).toBe('Delete');
    // Acknowledged for cdk-nag (CDK's Validations API), with its reason.
    const construct = stack.node.findAll().find((c) => c.node.path.endsWith('/PageTokenKey/Secret'))!;
    const acks = construct.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules').map((m) => m.data as Record<string, string>);
    expect(acks).toEqual([{ 'Annotation::AwsSolutions-SMG4': expect.stringMatching(/24 h/) }]);
  });

  it('is named (by ARN, never by value) in the environment of the functions that page, and no other', () => {
    expect(paging).toContain('recovery-plans');
    const [[secretId]] = ofType('AWS::SecretsManager::Secret');
    for (const [fn] of Object.entries(LAMBDAS)) {
      const [, f] = ofType('AWS::Lambda::Function').find(([, r]) => r.Properties.FunctionName === functionName(fn, STAGE))!;
      const env = f.Properties.Environment.Variables as Record<string, unknown>;
      if (paging.includes(fn)) expect(env[PAGE_TOKEN_SECRET_ENV], fn).toEqual({ Ref: secretId });
      else expect(env[PAGE_TOKEN_SECRET_ENV], fn).toBeUndefined();
      expect(JSON.stringify(env)).not.toContain('SecretString');
    }
  });

  it('is readable by the roles of the functions that page, and no other', () => {
    const [[secretId]] = ofType('AWS::SecretsManager::Secret');
    const readers = new Set<string>();
    for (const [, p] of ofType('AWS::IAM::Policy')) {
      for (const st of p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>) {
        if (!asList(st.Action).some((a) => a.startsWith('secretsmanager:'))) continue;
        expect(st.Resource).toEqual({ Ref: secretId });
        expect(asList(st.Action).sort()).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
        for (const r of p.Properties.Roles as Array<{ Ref: string }>) readers.add(r.Ref);
      }
    }
    const roleOf = (fn: string) => ofType('AWS::Lambda::Function').find(([, r]) => r.Properties.FunctionName === functionName(fn, STAGE))![1].Properties.Role['Fn::GetAtt'][0];
    expect([...readers].sort()).toEqual(paging.map(roleOf).sort());
  });
});
