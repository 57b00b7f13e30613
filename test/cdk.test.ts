// The CDK stack, synthesized in-process (offline, no credentials), checked against the wiring it reads:
// infra/api.ts, infra/table.ts, functions/shared/rbac.ts and schema.graphql.
import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Kind, parse, type ObjectTypeDefinitionNode } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATA_SOURCES, FUNCTION_ENV, LAMBDAS, NOT_IMPLEMENTED, QUERY_DEPTH_LIMIT, RESOLVERS, functionName } from '../infra/api.ts';
import { buildAll } from '../infra/build.ts';
import { createApp } from '../infra/cdk/app.ts';
import { fromRoot, missingBundles } from '../infra/cdk/bundles.ts';
import { TABLE, tableName } from '../infra/table.ts';
import { ROLES } from '../functions/shared/rbac.ts';

const STAGE = 'test';
// The same feature flags `cdk synth` uses, so this template is the one the CLI would produce.
const cdkContext = JSON.parse(readFileSync(fromRoot('cdk.json'), 'utf8')).context as Record<string, unknown>;
const schemaText = readFileSync(fromRoot('schema.graphql'), 'utf8');

// CloudFormation JSON as synthesized: untyped by nature; the assertions below give it its shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Cfn = any;
type Resource = { Type: string; Properties: Record<string, Cfn>; DeletionPolicy?: string; [k: string]: unknown };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

const synth = (context: Record<string, unknown>) => {
  const { app, stack } = createApp(new App({ context: { ...cdkContext, ...context } }));
  return { app, stack, template: Template.fromStack(stack) };
};
const asList = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);

let template: Template;
let resources: Record<string, Resource>;
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const statements = (): Statement[] =>
  [
    ...ofType('AWS::IAM::Policy').map(([, r]) => r.Properties.PolicyDocument),
    ...ofType('AWS::IAM::Role').flatMap(([, r]) => (r.Properties.Policies ?? []).map((p: Cfn) => p.PolicyDocument)),
    ...ofType('AWS::IAM::ManagedPolicy').map(([, r]) => r.Properties.PolicyDocument),
  ].flatMap((d) => d.Statement as Statement[]);

/** Schema root fields and the IAM-only mutations, read from schema.graphql itself. */
const rootFields: string[] = [];
const iamOnlyMutations: string[] = [];
for (const d of parse(schemaText).definitions) {
  if (d.kind !== Kind.OBJECT_TYPE_DEFINITION || !['Query', 'Mutation', 'Subscription'].includes(d.name.value)) continue;
  for (const f of (d as ObjectTypeDefinitionNode).fields ?? []) {
    rootFields.push(`${d.name.value}.${f.name.value}`);
    const dirs = (f.directives ?? []).map((x) => x.name.value);
    if (d.name.value === 'Mutation' && dirs.includes('aws_iam') && !dirs.includes('aws_cognito_user_pools')) {
      iamOnlyMutations.push(f.name.value);
    }
  }
}

beforeAll(async () => {
  // `npm test` builds first; a bare `vitest run` on a fresh checkout builds here.
  if (missingBundles().length > 0) await buildAll();
  template = synth({ stage: STAGE }).template;
  resources = template.toJSON().Resources;
}, 180_000);

describe('stack', () => {
  it('is named drs-orchestrator-<stage>, environment-agnostic, and has the documented outputs', () => {
    const { stack } = synth({ stage: 'qa' });
    expect(stack.stackName).toBe('drs-orchestrator-qa');
    expect(stack.environment).toBe('aws://unknown-account/unknown-region');
    expect(Object.keys(template.toJSON().Outputs).sort()).toEqual(
      ['GraphqlApiId', 'GraphqlUrl', 'RealtimeUrl', 'Region', 'StateMachineArn', 'TableName', 'UserPoolClientId', 'UserPoolId'].sort(),
    );
    template.hasOutput('RealtimeUrl', { Value: { 'Fn::GetAtt': [Match.anyValue(), 'RealtimeUrl'] } });
    template.hasOutput('Region', { Value: { Ref: 'AWS::Region' } });
  }, 60_000);

  it('rejects a stage that cannot be part of resource names', () => {
    expect(() => createApp(new App({ context: { ...cdkContext, stage: 'Prod_1' } }))).toThrow(/stage "Prod_1"/);
  });
});

describe('DynamoDB table', () => {
  it('matches infra/table.ts: keys, GSIs, TTL, PITR, on-demand, retained', () => {
    const [[, table], ...others] = ofType('AWS::DynamoDB::Table');
    expect(others).toEqual([]);
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
    const p = table.Properties;
    expect(p.TableName).toBe(tableName(STAGE));
    expect(p.BillingMode).toBe('PAY_PER_REQUEST');
    expect(p.KeySchema).toEqual([
      { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
    ]);
    expect(p.GlobalSecondaryIndexes).toEqual(
      TABLE.indexes.map((i) => ({
        IndexName: i.name,
        KeySchema: [
          { AttributeName: i.partitionKey, KeyType: 'HASH' },
          { AttributeName: i.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    );
    const attrs = [TABLE.partitionKey, TABLE.sortKey, ...TABLE.indexes.flatMap((i) => [i.partitionKey, i.sortKey])];
    expect([...p.AttributeDefinitions].sort((a: Cfn, b: Cfn) => a.AttributeName.localeCompare(b.AttributeName))).toEqual(
      [...new Set(attrs)].sort().map((a) => ({ AttributeName: a, AttributeType: 'S' })),
    );
    expect(p.TimeToLiveSpecification).toEqual({ AttributeName: TABLE.ttlAttribute, Enabled: true });
    expect(p.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
  });

  it('is deleted with the stack only when destroyOnRemove=true', () => {
    const t = synth({ stage: 'scratch', destroyOnRemove: 'true' }).template;
    t.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Delete', Properties: { TableName: tableName('scratch') } });
    t.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Delete' });
  }, 60_000);
});

const stateMachineId = () => ofType('AWS::StepFunctions::StateMachine')[0][0];

describe('orchestrator', () => {
  it('deploys the one ASL definition with the orchestrator function substituted', () => {
    const [[, sm]] = ofType('AWS::StepFunctions::StateMachine');
    const asl = JSON.parse(readFileSync(fromRoot('infra/orchestrator/state-machine.asl.json'), 'utf8'));
    expect(sm.Properties.StateMachineType).toBe('STANDARD');
    const subs = sm.Properties.DefinitionSubstitutions;
    expect(Object.keys(subs)).toEqual(['OrchestratorFunctionArn']);
    const [orchestratorId] = ofType('AWS::Lambda::Function').find(([, f]) => f.Properties.FunctionName === functionName('orchestrator', STAGE))!;
    expect(subs.OrchestratorFunctionArn).toEqual({ 'Fn::GetAtt': [orchestratorId, 'Arn'] });
    // The definition is the file itself, shipped as an asset (not re-written by CDK).
    expect(sm.Properties.DefinitionS3Location).toBeDefined();
    expect(sm.Properties.DefinitionString).toBeUndefined();
    expect(JSON.stringify(asl)).toContain('${OrchestratorFunctionArn}');
  });
});

describe('Cognito', () => {
  it('has an admin-only user pool with a strong password policy and no advanced security', () => {
    template.resourceCountIs('AWS::Cognito::UserPool', 1);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      AliasAttributes: ['email'],
      Policies: {
        PasswordPolicy: {
          MinimumLength: Match.anyValue(),
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        },
      },
    });
    const pool = ofType('AWS::Cognito::UserPool')[0][1].Properties;
    expect(pool.Policies.PasswordPolicy.MinimumLength).toBeGreaterThanOrEqual(12);
    expect(pool.UserPoolTier).not.toBe('PLUS');
    expect(pool.UserPoolAddOns?.AdvancedSecurityMode ?? 'OFF').toBe('OFF');
  });

  it('has one group per RBAC role', () => {
    const groups = ofType('AWS::Cognito::UserPoolGroup').map(([, r]) => r.Properties.GroupName);
    expect(groups.sort()).toEqual([...ROLES].sort());
    expect(groups).toHaveLength(5);
  });

  it('has a public app client with USER_PASSWORD_AUTH, SRP and refresh tokens', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    const client = ofType('AWS::Cognito::UserPoolClient')[0][1].Properties;
    expect(client.GenerateSecret).toBe(false);
    expect([...client.ExplicitAuthFlows].sort()).toEqual(
      ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH'].sort(),
    );
  });
});

describe('AppSync API', () => {
  it('uses the user pool by default and IAM as the additional mode', () => {
    template.resourceCountIs('AWS::AppSync::GraphQLApi', 1);
    template.hasResourceProperties('AWS::AppSync::GraphQLApi', {
      Name: `drs-orchestrator-${STAGE}`,
      AuthenticationType: 'AMAZON_COGNITO_USER_POOLS',
      UserPoolConfig: { UserPoolId: { Ref: Match.anyValue() }, DefaultAction: 'ALLOW' },
      AdditionalAuthenticationProviders: [{ AuthenticationType: 'AWS_IAM' }],
    });
    const [[poolId]] = ofType('AWS::Cognito::UserPool');
    const api = ofType('AWS::AppSync::GraphQLApi')[0][1].Properties;
    expect(api.UserPoolConfig.UserPoolId).toEqual({ Ref: poolId });
  });

  it('limits query depth, logs errors without verbose content to a group with retention, traces with X-Ray', () => {
    template.hasResourceProperties('AWS::AppSync::GraphQLApi', {
      QueryDepthLimit: QUERY_DEPTH_LIMIT,
      XrayEnabled: true,
      LogConfig: { FieldLogLevel: 'ERROR', ExcludeVerboseContent: true, CloudWatchLogsRoleArn: Match.anyValue() },
    });
    const [[apiId]] = ofType('AWS::AppSync::GraphQLApi');
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: { 'Fn::Join': ['', ['/aws/appsync/apis/', { 'Fn::GetAtt': [apiId, 'ApiId'] }]] },
      RetentionInDays: Match.anyValue(),
    });
    // No LogRetention custom resource (and its extra Lambda): the group is an ordinary resource.
    expect(Object.values(resources).filter((r) => r.Type === 'Custom::LogRetention')).toEqual([]);
  });

  it('deploys schema.graphql as is', () => {
    template.hasResourceProperties('AWS::AppSync::GraphQLSchema', { Definition: schemaText });
  });

  it('has the data sources of infra/api.ts', () => {
    const ds = ofType('AWS::AppSync::DataSource').map(([, r]) => [r.Properties.Name, r.Properties.Type]);
    const kind = { NONE: 'NONE', LAMBDA: 'AWS_LAMBDA', DYNAMODB: 'AMAZON_DYNAMODB' } as const;
    expect(ds.sort()).toEqual(Object.entries(DATA_SOURCES).map(([name, d]) => [name, kind[d.kind]]).sort());
  });

  it('has one APPSYNC_JS unit resolver per Query/Mutation/Subscription field, on the wired data source', () => {
    const dsId = Object.fromEntries(ofType('AWS::AppSync::DataSource').map(([id, r]) => [r.Properties.Name, id]));
    const byField = new Map<string, Resource[]>();
    for (const [, r] of ofType('AWS::AppSync::Resolver')) {
      const key = `${r.Properties.TypeName}.${r.Properties.FieldName}`;
      byField.set(key, [...(byField.get(key) ?? []), r]);
    }
    expect([...byField.keys()].sort()).toEqual([...rootFields].sort());
    const notImplementedCode = new Set<string>();
    for (const [key, [resolver, ...more]] of byField) {
      expect(more, `${key} has several resolvers`).toEqual([]);
      const props = resolver.Properties;
      expect(props.Kind).toBe('UNIT');
      expect(props.Runtime).toEqual({ Name: 'APPSYNC_JS', RuntimeVersion: '1.0.0' });
      expect(props.CodeS3Location, `${key} code`).toBeDefined();
      const ds = props.DataSourceName as string;
      // Created after its data source (the name is a literal, so the order needs DependsOn).
      expect(resolver.DependsOn, key).toContain(dsId[ds]);
      if (key in RESOLVERS) expect(ds, key).toBe(RESOLVERS[key]);
      else {
        expect(NOT_IMPLEMENTED, key).toContain(key);
        expect(ds, key).toBe('none');
        notImplementedCode.add(JSON.stringify(props.CodeS3Location));
      }
    }
    // Every not-implemented field runs the one shared bundle.
    expect(notImplementedCode.size).toBe(NOT_IMPLEMENTED.length > 0 ? 1 : 0);
  });

  it("gives the table data source read/write on the table and its indexes (TransactWriteItems' parts included)", () => {
    const [[tableId]] = ofType('AWS::DynamoDB::Table');
    const dsRole = ofType('AWS::AppSync::DataSource').find(([, r]) => r.Properties.Name === 'table')![1].Properties
      .ServiceRoleArn['Fn::GetAtt'][0];
    const policy = ofType('AWS::IAM::Policy').find(([, r]) => r.Properties.Roles.some((x: Cfn) => x.Ref === dsRole));
    const st = policy![1].Properties.PolicyDocument.Statement as Statement[];
    const actions = st.flatMap((s) => asList(s.Action));
    for (const a of ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem', 'BatchWriteItem']) {
      expect(actions).toContain(`dynamodb:${a}`);
    }
    expect(JSON.stringify(st.map((s) => s.Resource))).toContain(tableId);
    expect(JSON.stringify(st.map((s) => s.Resource))).toContain('/index/*');
  });
});

describe('Lambda functions', () => {
  const fns = () => ofType('AWS::Lambda::Function');

  it('deploys exactly the LAMBDAS of infra/api.ts (no custom-resource functions)', () => {
    expect(fns().map(([, r]) => r.Properties.FunctionName).sort()).toEqual(
      Object.keys(LAMBDAS).map((fn) => functionName(fn, STAGE)).sort(),
    );
  });

  for (const [fn, spec] of Object.entries(LAMBDAS)) {
    const find = () => fns().find(([, r]) => r.Properties.FunctionName === functionName(fn, STAGE))!;

    it(`${fn}: nodejs22.x on arm64, index.handler, timeout and memory from infra/api.ts, own log group`, () => {
      const [, f] = find();
      expect(f.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        Timeout: spec.timeoutSeconds,
        MemorySize: spec.memoryMb,
      });
      const logGroupId = f.Properties.LoggingConfig.LogGroup.Ref;
      expect(resources[logGroupId].Properties).toMatchObject({
        LogGroupName: `/aws/lambda/${functionName(fn, STAGE)}`,
        RetentionInDays: expect.any(Number),
      });
    });

    it(`${fn}: environment`, () => {
      const [, f] = find();
      const [[tableId]] = ofType('AWS::DynamoDB::Table');
      const [[apiId]] = ofType('AWS::AppSync::GraphQLApi');
      expect(f.Properties.Environment.Variables).toEqual({
        TABLE_NAME: { Ref: tableId },
        APPSYNC_URL: { 'Fn::GetAtt': [apiId, 'GraphQLUrl'] },
        POWERTOOLS_SERVICE_NAME: fn,
        STAGE,
        NODE_OPTIONS: '--enable-source-maps',
        ...FUNCTION_ENV,
        ...((spec.stateMachine as readonly string[]).includes('start') ? { STATE_MACHINE_ARN: { Ref: stateMachineId() } } : {}),
      });
    });

    it(`${fn}: one statement with exactly its AWS actions; table and publish grants as declared`, () => {
      const [, f] = find();
      const roleId = f.Properties.Role['Fn::GetAtt'][0];
      const own = ofType('AWS::IAM::Policy')
        .filter(([, r]) => r.Properties.Roles.some((x: Cfn) => x.Ref === roleId))
        .flatMap(([, r]) => r.Properties.PolicyDocument.Statement as Statement[]);
      const star = own.filter((s) => s.Resource === '*');
      expect(star).toHaveLength(spec.actions.length > 0 ? 1 : 0);
      if (star.length) expect(asList(star[0].Action).sort()).toEqual([...spec.actions].sort());

      const dynamo = own.filter((s) => asList(s.Action).some((a) => a.startsWith('dynamodb:')));
      expect(dynamo.length > 0).toBe(spec.table === 'readwrite');

      const publish = own.filter((s) => asList(s.Action).includes('appsync:GraphQL'));
      const publishes: readonly string[] = spec.publishes;
      if (!publishes.length) expect(publish).toEqual([]);
      else {
        expect(publish).toHaveLength(1);
        expect(asList(publish[0].Action)).toEqual(['appsync:GraphQL']);
        const fields = asList(publish[0].Resource).map((r) => {
          const m = JSON.stringify(r).match(/\/types\/(\w+)\/fields\/(\w+)"/);
          expect(m, JSON.stringify(r)).not.toBeNull();
          return `${m![1]}.${m![2]}`;
        });
        expect(fields.sort()).toEqual(publishes.map((m) => `Mutation.${m}`).sort());
        for (const m of publishes) expect(iamOnlyMutations).toContain(m);
      }
    });
  }
});

describe('IAM', () => {
  it('grants no wildcard actions', () => {
    const wild = statements()
      .flatMap((s) => asList(s.Action))
      .filter((a) => a === '*' || a.endsWith(':*') || a === 'dynamodb:*');
    expect(wild).toEqual([]);
  });

  it('uses Resource "*" only for the declared Lambda actions and what Step Functions logging and tracing need', () => {
    // CDK's grants for a state machine's log delivery and X-Ray tracing: AWS documents them on "*".
    const stateMachineService = [
      'logs:CreateLogDelivery', 'logs:DeleteLogDelivery', 'logs:DescribeLogGroups', 'logs:DescribeResourcePolicies',
      'logs:GetLogDelivery', 'logs:ListLogDeliveries', 'logs:PutResourcePolicy', 'logs:UpdateLogDelivery',
      'xray:GetSamplingRules', 'xray:GetSamplingTargets', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments',
    ];
    const declared = new Set<string>([...Object.values(LAMBDAS).flatMap((l) => [...l.actions]), ...stateMachineService]);
    const starActions = statements()
      .filter((s) => s.Resource === '*' || (Array.isArray(s.Resource) && s.Resource.includes('*')))
      .flatMap((s) => asList(s.Action));
    expect(starActions.filter((a) => !declared.has(a))).toEqual([]);
  });

  it('grants appsync:GraphQL only on IAM-only mutations', () => {
    const resources = statements()
      .filter((s) => asList(s.Action).some((a) => a.startsWith('appsync:')))
      .flatMap((s) => asList(s.Resource))
      .map((r) => JSON.stringify(r));
    for (const r of resources) {
      const m = r.match(/\/types\/Mutation\/fields\/(\w+)"/);
      expect(m && iamOnlyMutations.includes(m[1]), r).toBe(true);
    }
  });
});
