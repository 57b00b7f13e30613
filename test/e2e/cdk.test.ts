// The CDK stack, synthesized in-process (offline, no credentials), checked against the wiring it reads:
// infra/api.ts, infra/table.ts, platform/rbac.ts and schema.graphql.
import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Kind, parse, type ObjectTypeDefinitionNode } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATA_SOURCES, DRILL_SCHEDULES, DRILL_SWEEPER, DRS_EVENTS, FIELDS, LAMBDAS, SETTINGS, settingsEnv, QUERY_DEPTH_LIMIT, SPOT, USER_STATUS_FUNCTION, functionName, resolverOf } from '../../infra/api.ts';
import { RESOLVER_COUNT_LIMIT } from '../../infra/api.ts';
import { buildAll } from '../../infra/build.ts';
import { createApp } from '../../infra/cdk/app.ts';
import { fromRoot, missingBundles } from '../../infra/cdk/bundles.ts';
import { TABLE, tableName } from '../../infra/table.ts';
import type { FieldKey } from '../../platform/fields.ts';
import { IAM_ONLY, OPERATION_RULES, ROLES } from '../../platform/rbac.ts';
import { ROUTES } from '../../functions/rest-api/routes/index.ts';
import { OPENAPI_ROUTE, REST_API_THROTTLING } from '../../infra/cdk/rest-api.ts';

const STAGE = 'test';
// The same feature flags `cdk synth` uses, so this template is the one the CLI would produce.
const cdkContext = JSON.parse(readFileSync(fromRoot('cdk.json'), 'utf8')).context as Record<string, unknown>;
const schemaText = readFileSync(fromRoot('schema.graphql'), 'utf8');

// CloudFormation JSON as synthesized: untyped by nature; the assertions below give it its shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Cfn = any;
type Resource = { Type: string; Properties: Record<string, Cfn>; DeletionPolicy?: string; [k: string]: unknown };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

/** The spot function's own environment (infra/cdk/spot.ts) with the default context. */
const SPOT_ENV = {
  SPOT_PARAMETER: SPOT.parameterName(STAGE),
  SPOT_RULE_NAME: SPOT.ruleName(STAGE),
  SPOT_STATE_MACHINE_ARN: expect.anything(),
  SPOT_REGIONS: SPOT.defaultRegions.join(','),
  SPOT_INSTANCE_TYPE: SPOT.defaultInstanceType,
  SPOT_LAUNCH: '{}',
};

const synth = (context: Record<string, unknown>) => {
  const { app, stack } = createApp(new App({ context: { ...cdkContext, ...context } }));
  return { app, stack, template: Template.fromStack(stack) };
};
const asList = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);

let template: Template;
let resources: Record<string, Resource>;
/** The REST API Gateway's nested stack (infra/cdk/stack.ts). */
let rest: Template;
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
/** Policies attached to roles: inline ones, and the managed overflow CDK splits a large default policy into. */
const rolePolicies = () => [...ofType('AWS::IAM::Policy'), ...ofType('AWS::IAM::ManagedPolicy').filter(([, r]) => r.Properties.Roles)];
/** X-Ray tracing's statement (AWS documents its actions on `*`). */
const isXray = (s: Statement) => asList(s.Action).every((a) => a.startsWith('xray:'));
const statements = (): Statement[] =>
  [
    ...ofType('AWS::IAM::Policy').map(([, r]) => r.Properties.PolicyDocument),
    ...ofType('AWS::IAM::Role').flatMap(([, r]) => (r.Properties.Policies ?? []).map((p: Cfn) => p.PolicyDocument)),
    ...ofType('AWS::IAM::ManagedPolicy').map(([, r]) => r.Properties.PolicyDocument),
  ].flatMap((d) => d.Statement as Statement[]);

/** `Type.field` of each appsync:GraphQL resource ARN (the raw resource when it names no one field). */
const graphqlFields = (sts: Statement[]): string[] =>
  sts.flatMap((s) => asList(s.Resource)).map((r) => {
    const m = JSON.stringify(r).match(/\/types\/(\w+)\/fields\/(\w+)"/);
    return m ? `${m[1]}.${m[2]}` : JSON.stringify(r);
  });

/** What people may call (rbac.ts): every Query and Mutation whose rule is not IAM-only. */
const callerFields = Object.entries(OPERATION_RULES)
  .filter(([key, rule]) => rule !== IAM_ONLY && /^(Query|Mutation)\./.test(key))
  .map(([key]) => key);

/** The IAM-only mutations behind the façade's open paths (login, password reset), which it calls signed. */
const facadeIamOnly: string[] = [...LAMBDAS['rest-api'].iamOnlyCalls];

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
  const synthed = synth({ stage: STAGE });
  template = synthed.template;
  resources = template.toJSON().Resources;
  rest = Template.fromStack(synthed.stack.restApiStack);
}, 180_000);

describe('stack', () => {
  it('is named drs-orchestrator-<stage>, environment-agnostic, and has the documented outputs', () => {
    const { stack } = synth({ stage: 'qa' });
    expect(stack.stackName).toBe('drs-orchestrator-qa');
    expect(stack.environment).toBe('aws://unknown-account/unknown-region');
    expect(Object.keys(template.toJSON().Outputs).sort()).toEqual(
      [
        'AlarmTopicArn',
        'ClusterTemplateBucket',
        'DrsEventBusArn',
        'GraphqlApiId',
        'GraphqlUrl',
        'RealtimeUrl',
        'Region',
        'RestApiHandlerName',
        'RestApiUrl',
        'SpotStateMachineArn',
        'StateMachineArn',
        'TableName',
        'UserPoolClientId',
        'UserPoolId',
      ].sort(),
    );
    template.hasOutput('RealtimeUrl', { Value: { 'Fn::GetAtt': [Match.anyValue(), 'RealtimeUrl'] } });
    template.hasOutput('Region', { Value: { Ref: 'AWS::Region' } });
  }, 60_000);

  it('stays well below CloudFormation\'s 500 resources per stack', () => {
    // The REST API is most of it (a resource and ANY per path, plus the route's methods): a new route
    // costs up to three. The table fields' status check costs one AppSync function per table field plus
    // the one shared check. 464 → 401 when the façade took the CORS preflight over from 63 OPTIONS
    // The main stack; the REST API Gateway is a nested stack of its own (~200 resources, asserted below).
    expect(Object.keys(resources).length).toBeLessThan(350);
  });

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

describe('drill schedules → EventBridge Scheduler (infra/cdk/drill-schedules.ts)', () => {
  const fnOf = (fn: string) => ofType('AWS::Lambda::Function').find(([, f]) => f.Properties.FunctionName === functionName(fn, STAGE))!;
  const roleOf = () => ofType('AWS::IAM::Role').find(([, r]) => r.Properties.RoleName === DRILL_SCHEDULES.roleName(STAGE))!;

  it('has the stage\'s schedule group and a role Scheduler (of this account) assumes to invoke the drill-scheduler function only', () => {
    const groups = ofType('AWS::Scheduler::ScheduleGroup');
    expect(groups.map(([, g]) => g.Properties.Name)).toEqual([DRILL_SCHEDULES.groupName(STAGE)]);
    const [roleId, role] = roleOf();
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({ Principal: { Service: 'scheduler.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } }),
    ]);
    const own = ofType('AWS::IAM::Policy').filter(([, p]) => (p.Properties.Roles ?? []).some((r: Cfn) => r.Ref === roleId));
    const sts = own.flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);
    expect(sts).toEqual([expect.objectContaining({ Action: 'lambda:InvokeFunction', Resource: { 'Fn::GetAtt': [fnOf(DRILL_SCHEDULES.fn)[0], 'Arn'] } })]);
  });

  it('lets the schedule writers (recovery-plans) manage the group\'s schedules and pass that role to Scheduler only, and tells them the names', () => {
    const writers = Object.entries(LAMBDAS).filter(([, spec]) => 'managesDrillSchedules' in spec && spec.managesDrillSchedules).map(([fn]) => fn);
    expect(writers).toEqual(['recovery-plans']);
    const [fnId, fn] = fnOf('recovery-plans');
    const [roleId] = roleOf();
    const fnRole = fn.Properties.Role['Fn::GetAtt'][0];
    const sts = ofType('AWS::IAM::Policy')
      .filter(([, p]) => (p.Properties.Roles ?? []).some((r: Cfn) => r.Ref === fnRole))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Array<Statement & { Condition?: unknown }>);
    const sched = sts.find((s) => asList(s.Action).includes('scheduler:CreateSchedule'))!;
    expect(asList(sched.Action).sort()).toEqual(['scheduler:CreateSchedule', 'scheduler:DeleteSchedule', 'scheduler:GetSchedule', 'scheduler:UpdateSchedule']);
    expect(JSON.stringify(sched.Resource)).toContain(`:schedule/${DRILL_SCHEDULES.groupName(STAGE)}/*`);
    const pass = sts.filter((s) => asList(s.Action).includes('iam:PassRole'));
    expect(pass).toEqual([expect.objectContaining({ Resource: { 'Fn::GetAtt': [roleId, 'Arn'] }, Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } } })]);
    expect(fn.Properties.Environment.Variables).toMatchObject({
      DRILL_SCHEDULE_GROUP: DRILL_SCHEDULES.groupName(STAGE),
      DRILL_SCHEDULER_TARGET_ARN: { 'Fn::GetAtt': [fnOf(DRILL_SCHEDULES.fn)[0], 'Arn'] },
      DRILL_SCHEDULER_ROLE_ARN: { 'Fn::GetAtt': [roleId, 'Arn'] },
    });
    expect(fnId).toBeTruthy();
    // The firing function starts executions: states:StartExecution on the orchestrator.
    const firing = fnOf(DRILL_SCHEDULES.fn)[1];
    expect(firing.Properties.Environment.Variables.STATE_MACHINE_ARN).toBeDefined();
  });
});

describe('DRS events → drs-events (infra/cdk/drs-events.ts)', () => {
  const pattern = { source: ['aws.drs'], 'detail-type': ['DRS Source Server Launch Result'] };
  const fnId = () => ofType('AWS::Lambda::Function').find(([, f]) => f.Properties.FunctionName === functionName('drs-events', STAGE))![0];

  it('sends launch results on the default bus and on the orchestrator’s bus to the function, retried twice', () => {
    const rules = ofType('AWS::Events::Rule').filter(([, r]) => r.Properties.Name?.startsWith?.('drs-orchestrator-drs-events-'));
    expect(rules.map(([, r]) => r.Properties.Name).sort()).toEqual([DRS_EVENTS.ruleName(STAGE, 'default'), DRS_EVENTS.ruleName(STAGE, 'forwarded')].sort());
    const [[busId, bus]] = ofType('AWS::Events::EventBus');
    expect(bus.Properties.Name).toBe(DRS_EVENTS.busName(STAGE));
    for (const [, r] of rules) {
      expect(r.Properties.EventPattern).toEqual(pattern);
      expect(r.Properties.State).toBe('ENABLED');
      expect(r.Properties.Targets).toEqual([expect.objectContaining({ Arn: { 'Fn::GetAtt': [fnId(), 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 } })]);
    }
    const forwarded = rules.find(([, r]) => r.Properties.Name === DRS_EVENTS.ruleName(STAGE, 'forwarded'))![1];
    expect(forwarded.Properties.EventBusName).toEqual({ Ref: busId });
    // EventBridge may invoke the function for exactly these two rules.
    const perms = ofType('AWS::Lambda::Permission').filter(([, p]) => JSON.stringify(p.Properties.FunctionName).includes(fnId()));
    expect(perms.map(([, p]) => p.Properties.Principal)).toEqual(['events.amazonaws.com', 'events.amazonaws.com']);
    template.hasOutput('DrsEventBusArn', { Value: { 'Fn::GetAtt': [busId, 'Arn'] } });
  });

  it('lets no other account put events on the bus unless context names the accounts or the organization', () => {
    expect(ofType('AWS::Events::EventBusPolicy')).toEqual([]);
    const withAccounts = synth({ stage: STAGE, drsEventAccounts: '222222222222, 333333333333', drsEventOrgId: 'o-abc123' }).template.toJSON().Resources as Record<string, Resource>;
    const policies = Object.values(withAccounts).filter((r) => r.Type === 'AWS::Events::EventBusPolicy');
    const text = JSON.stringify(policies);
    expect(text).toContain('222222222222');
    expect(text).toContain('333333333333');
    expect(text).toContain('o-abc123');
    expect(text).toContain('events:PutEvents');
    expect(() => synth({ stage: STAGE, drsEventAccounts: '12345' })).toThrow(/drsEventAccounts: 12345/);
  });

  it('ships the forwarder a target account deploys: its DRS launch results to the orchestrator’s bus', () => {
    const busArn = 'arn:aws:events:us-east-1:111111111111:event-bus/drs-orchestrator-test';
    const { app } = createApp(new App({ context: { ...cdkContext, stage: STAGE, forwardDrsEventsTo: busArn } }));
    const fwd = Template.fromStack(app.node.findChild('drs-orchestrator-drs-event-forwarder-test') as never).toJSON().Resources as Record<string, Resource>;
    const rule = Object.values(fwd).find((r) => r.Type === 'AWS::Events::Rule')!;
    expect(rule.Properties.EventPattern).toEqual(pattern);
    expect(rule.Properties.EventBusName).toBeUndefined();
    expect(rule.Properties.Targets).toEqual([expect.objectContaining({ Arn: busArn, RoleArn: expect.anything() })]);
    const role = Object.values(fwd).find((r) => r.Type === 'AWS::IAM::Policy')!;
    expect(JSON.stringify(role.Properties.PolicyDocument)).toContain('events:PutEvents');
    expect(() => createApp(new App({ context: { ...cdkContext, stage: STAGE, forwardDrsEventsTo: 'not-an-arn' } }))).toThrow(/event bus ARN/);
  });

  it('passes POLL_SECONDS, DRS_LAUNCH_SECONDS and the DRS limits from context, and refuses a bad value', () => {
    const custom = synth({ stage: STAGE, pollSeconds: 45, drsLaunchSeconds: '900', drsMaxConcurrentJobs: 10 }).template.toJSON().Resources as Record<string, Resource>;
    const fn = Object.values(custom).find((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.FunctionName === functionName('orchestrator', STAGE))!;
    expect(fn.Properties.Environment.Variables).toMatchObject({ POLL_SECONDS: '45', DRS_LAUNCH_SECONDS: '900', DRS_MAX_CONCURRENT_JOBS: '10', DRS_MAX_SERVERS_PER_JOB: '100' });
    expect(Object.keys(SETTINGS)).toContain('POLL_SECONDS');
    expect(() => synth({ stage: STAGE, pollSeconds: '0' })).toThrow(/POLL_SECONDS \(context pollSeconds\) must be a positive integer/);
  });
});

describe('drill TTL sweeper (infra/cdk/drill-sweeper.ts)', () => {
  const fnId = (res = resources) => Object.entries(res).find(([, f]) => f.Type === 'AWS::Lambda::Function' && f.Properties.FunctionName === functionName('drill-sweeper', STAGE))![0];
  const rule = (res = resources) => Object.values(res).find((r) => r.Type === 'AWS::Events::Rule' && r.Properties.Name === DRILL_SWEEPER.ruleName(STAGE))!;

  it('invokes the drill-sweeper function every 5 minutes, allowed for that rule only', () => {
    const r = rule();
    expect(r.Properties).toMatchObject({ ScheduleExpression: 'rate(5 minutes)', State: 'ENABLED' });
    expect(r.Properties.Targets).toEqual([expect.objectContaining({ Arn: { 'Fn::GetAtt': [fnId(), 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 1, MaximumEventAgeInSeconds: 300 } })]);
    const perms = ofType('AWS::Lambda::Permission').filter(([, p]) => JSON.stringify(p.Properties.FunctionName).includes(fnId()));
    expect(perms.map(([, p]) => [p.Properties.Principal, JSON.stringify(p.Properties.SourceArn)])).toEqual([['events.amazonaws.com', expect.stringContaining('DrillSweeperSchedule')]]);
  });

  it('takes its period from context drillSweepMinutes, and refuses a bad one', () => {
    const custom = synth({ stage: STAGE, drillSweepMinutes: 1 }).template.toJSON().Resources as Record<string, Resource>;
    expect(rule(custom).Properties.ScheduleExpression).toBe('rate(1 minute)');
    expect(() => synth({ stage: STAGE, drillSweepMinutes: '0' })).toThrow(/DRILL_SWEEP_MINUTES \(context drillSweepMinutes\)/);
  });

  it('may terminate only DRS-launched EC2 resources and assume only target-account roles', () => {
    const role = resources[fnId()].Properties.Role['Fn::GetAtt'][0];
    const sts = rolePolicies()
      .filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(role))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Array<Statement & { Condition?: unknown }>);
    const of = (action: string) => sts.find((s) => asList(s.Action).includes(action))!;
    expect(of('ec2:TerminateInstances').Condition).toEqual({ Null: { 'ec2:ResourceTag/AWSElasticDisasterRecoveryManaged': 'false' } });
    expect(JSON.stringify(of('sts:AssumeRole').Resource)).toContain(':role/DRSOrchestrationRole');
    expect(of('drs:TerminateRecoveryInstances')).toBeDefined();
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
    // Seed 001's password rule: 8–128 with the four character classes (the staff function checks it first).
    expect(pool.Policies.PasswordPolicy.MinimumLength).toBe(8);
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

  it('has one APPSYNC_JS resolver per Query/Mutation/Subscription field, on the wired data source, with the code WIRING implies', () => {
    const dsId = Object.fromEntries(ofType('AWS::AppSync::DataSource').map(([id, r]) => [r.Properties.Name, id]));
    const byField = new Map<string, Resource[]>();
    for (const [, r] of ofType('AWS::AppSync::Resolver')) {
      const key = `${r.Properties.TypeName}.${r.Properties.FieldName}`;
      byField.set(key, [...(byField.get(key) ?? []), r]);
    }
    expect([...byField.keys()].sort()).toEqual([...rootFields].sort());
    expect([...FIELDS].sort()).toEqual([...rootFields].sort());
    /** Bundle (infra/api.ts resolverOf) → the code locations of the resolvers and functions that run it. */
    const codeByBundle = new Map<string, Set<string>>();
    const ranBy = (bundle: string, location: unknown) =>
      codeByBundle.set(bundle, (codeByBundle.get(bundle) ?? new Set<string>()).add(JSON.stringify(location)));
    const fnById = new Map(ofType('AWS::AppSync::FunctionConfiguration'));
    for (const [key, [resolver, ...more]] of byField) {
      expect(more, `${key} has several resolvers`).toEqual([]);
      const props = resolver.Properties;
      expect(props.Runtime).toEqual({ Name: 'APPSYNC_JS', RuntimeVersion: '1.0.0' });
      expect(props.CodeS3Location, `${key} code`).toBeDefined();
      const wired = resolverOf(key as FieldKey);
      if (wired.pipeline) {
        // Table fields: the pass-through handlers around the shared status check and the field's own code.
        expect(props.Kind, key).toBe('PIPELINE');
        expect(props.DataSourceName, key).toBeUndefined();
        ranBy(wired.pipeline.code.bundle, props.CodeS3Location);
        const ids = (props.PipelineConfig.Functions as Cfn[]).map((f) => f['Fn::GetAtt'][0] as string);
        const fns = ids.map((id) => fnById.get(id)!.Properties);
        expect(fns.map((f) => [f.Name, f.DataSourceName]), key).toEqual(wired.pipeline.functions.map((f) => [f.name, f.dataSource]));
        wired.pipeline.functions.forEach((f, i) => ranBy(f.code.bundle, fns[i].CodeS3Location));
        for (const f of fns) expect(f.Runtime).toEqual({ Name: 'APPSYNC_JS', RuntimeVersion: '1.0.0' });
        continue;
      }
      expect(props.Kind, key).toBe('UNIT');
      const ds = props.DataSourceName as string;
      // Created after its data source (the name is a literal, so the order needs DependsOn).
      expect(resolver.DependsOn, key).toContain(dsId[ds]);
      expect(ds, key).toBe(wired.dataSource);
      ranBy(wired.code.bundle, props.CodeS3Location);
    }
    // One asset per bundle: every Lambda-served field runs the one shared Lambda resolver, every
    // not-implemented field the one not-implemented resolver, every pipeline the one pass-through and the
    // one status check, every other field its own.
    for (const [bundle, locations] of codeByBundle) expect(locations.size, bundle).toBe(1);
    const lambdaServed = FIELDS.filter((f) => DATA_SOURCES[resolverOf(f).dataSource].kind === 'LAMBDA');
    expect(lambdaServed.length).toBeGreaterThan(1);
    expect(new Set(lambdaServed.map((f) => resolverOf(f).code.bundle))).toEqual(new Set(['dist/resolvers/lambda.js']));
  });

  it('checks the caller\'s status first on every table-served field: one shared function on the table data source, one per field', () => {
    const fns = ofType('AWS::AppSync::FunctionConfiguration').map(([, r]) => r);
    const table = FIELDS.filter((f) => DATA_SOURCES[resolverOf(f).dataSource].kind === 'DYNAMODB');
    expect(table.length).toBeGreaterThan(0);
    expect(fns.map((f) => f.Properties.Name).sort()).toEqual([USER_STATUS_FUNCTION.name, ...table.map((f) => f.replace('.', '_'))].sort());
    for (const f of fns) expect(f.Properties.DataSourceName).toBe('table');
    // Created after the table data source (the name is a literal).
    const [[tableDs]] = ofType('AWS::AppSync::DataSource').filter(([, r]) => r.Properties.Name === 'table');
    for (const f of fns) expect(f.DependsOn).toContain(tableDs);
    const pipelines = ofType('AWS::AppSync::Resolver').filter(([, r]) => r.Properties.Kind === 'PIPELINE');
    expect(pipelines.map(([, r]) => `${r.Properties.TypeName}.${r.Properties.FieldName}`).sort()).toEqual([...table].sort());
  });

  it("gives the table data source read/write on the table and its indexes (TransactWriteItems' parts included)", () => {
    const [[tableId]] = ofType('AWS::DynamoDB::Table');
    const dsRole = ofType('AWS::AppSync::DataSource').find(([, r]) => r.Properties.Name === 'table')![1].Properties
      .ServiceRoleArn['Fn::GetAtt'][0];
    const policy = rolePolicies().find(([, r]) => r.Properties.Roles.some((x: Cfn) => x.Ref === dsRole));
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

  it('deploys exactly the LAMBDAS of infra/api.ts (no custom-resource functions but the template BucketDeployment)', () => {
    expect(fns().filter(([id]) => !id.startsWith('CustomCDKBucketDeployment')).map(([, r]) => r.Properties.FunctionName).sort()).toEqual(
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
      const [[poolId]] = ofType('AWS::Cognito::UserPool');
      const [[clientId]] = ofType('AWS::Cognito::UserPoolClient');
      expect(f.Properties.Environment.Variables).toEqual({
        // table 'none': no table name (and no grant, below).
        ...(spec.table === 'none' ? {} : { TABLE_NAME: { Ref: tableId } }),
        APPSYNC_URL: { 'Fn::GetAtt': [apiId, 'GraphQLUrl'] },
        ...('verifiesTokens' in spec && spec.verifiesTokens
          ? { USER_POOL_ID: { Ref: poolId }, USER_POOL_CLIENT_ID: { Ref: clientId } }
          : {}),
        // infra/cdk/staff.ts: the staff function's pool and reset sender; the façade's status-item reads.
        ...('usesUserPool' in spec && spec.usesUserPool ? { USER_POOL_ID: { Ref: poolId }, USER_POOL_CLIENT_ID: { Ref: clientId } } : {}),
        ...('sendsEmail' in spec && spec.sendsEmail ? { RESET_SENDER: 'no-reply@drs.local' } : {}),
        ...('readsUserStatus' in spec && spec.readsUserStatus ? { TABLE_NAME: { Ref: tableId } } : {}),
        // infra/cdk/page-token.ts: the page-token secret's ARN (test/e2e/cdk-page-token.test.ts).
        ...('pagesLists' in spec && spec.pagesLists ? { PAGE_TOKEN_SECRET_ARN: expect.anything() } : {}),
        // infra/cdk/spot.ts: the provisioning parameter, rule, workflow and launch configuration.
        ...(fn === 'spot' ? SPOT_ENV : {}),
        // infra/cdk/drill-schedules.ts: the Scheduler group, the firing function and the role Scheduler assumes.
        ...('managesDrillSchedules' in spec && spec.managesDrillSchedules
          ? { DRILL_SCHEDULE_GROUP: expect.any(String), DRILL_SCHEDULER_TARGET_ARN: expect.anything(), DRILL_SCHEDULER_ROLE_ARN: expect.anything() }
          : {}),
        POWERTOOLS_SERVICE_NAME: fn,
        // Powertools Metrics (platform/observability.ts) on in AWS; the local stack sets no namespace.
        POWERTOOLS_METRICS_NAMESPACE: `drs-orchestrator/${STAGE}`,
        STAGE,
        NODE_OPTIONS: '--enable-source-maps',
        ...settingsEnv(() => undefined),
        ...((spec.stateMachine as readonly string[]).includes('start') ? { STATE_MACHINE_ARN: { Ref: stateMachineId() } } : {}),
        // infra/cdk/clusters.ts: the template bucket and the deployment watch workflow.
        ...(fn === 'clusters' ? { CLUSTER_TEMPLATE_BUCKET: expect.anything(), CLUSTER_WATCH_ARN: expect.anything(), CLUSTER_POLL_SECONDS: '15' } : {}),
      });
    });

    it(`${fn}: one statement with exactly its AWS actions; table and publish grants as declared`, () => {
      const [, f] = find();
      const roleId = f.Properties.Role['Fn::GetAtt'][0];
      const own = rolePolicies()
        .filter(([, r]) => r.Properties.Roles.some((x: Cfn) => x.Ref === roleId))
        .flatMap(([, r]) => r.Properties.PolicyDocument.Statement as Statement[]);
      const star = own.filter((s) => s.Resource === '*');
      const scoped = 'scopedActions' in spec && spec.scopedActions;
      // Scoped (infra/cdk/<construct>.ts): whatever it grants on `*` is among its declared actions.
      // (X-Ray's actions may share a statement with them: IAM policy minimization merges statements on `*`.)
      if (scoped) for (const st of star.filter((x) => !isXray(x))) expect([...spec.actions]).toEqual(expect.arrayContaining(asList(st.Action).filter((a) => !a.startsWith('xray:'))));
      else {
        // Its AWS actions policy (infra/cdk/grants.ts): every declared action exactly once, `*` only for
        // what IAM scopes no further, or under a condition (the DRS-managed tag).
        const aws = rolePolicies()
          .filter(([id, r]) => id.includes('AwsActions') && r.Properties.Roles.some((x: Cfn) => x.Ref === roleId))
          .flatMap(([, r]) => r.Properties.PolicyDocument.Statement as (Statement & { Condition?: unknown })[]);
        expect(aws.flatMap((s) => asList(s.Action)).sort()).toEqual([...spec.actions].sort());
        const narrower = ['iam:PassRole', 'sts:AssumeRole', 'states:DescribeStateMachine'];
        for (const st of aws.filter((x) => x.Resource === '*' && !x.Condition)) {
          expect(asList(st.Action).filter((a) => narrower.includes(a) || a.startsWith('cognito-idp:') || a === 'ec2:TerminateInstances' || a === 'ec2:DeleteVolume')).toEqual([]);
        }
      }

      const dynamo = own.filter((s) => asList(s.Action).some((a) => a.startsWith('dynamodb:')));
      // The publisher's stream reads (readsStream) are granted by its event source mapping, on the stream.
      expect(dynamo.length > 0).toBe(spec.table === 'readwrite' || ('readsUserStatus' in spec && spec.readsUserStatus) || ('readsStream' in spec && spec.readsStream));

      // appsync:GraphQL: the IAM-only mutations it publishes through and, for the façade (`callsApi`),
      // every field people may call — each by name, nothing else of the API.
      const graphql = own.filter((s) => asList(s.Action).includes('appsync:GraphQL'));
      for (const st of graphql) expect(asList(st.Action)).toEqual(['appsync:GraphQL']);
      const publishes: readonly string[] = spec.publishes;
      const expected = [
        ...publishes.map((m) => `Mutation.${m}`),
        ...('callsApi' in spec && spec.callsApi ? callerFields : []),
        ...('iamOnlyCalls' in spec ? spec.iamOnlyCalls.map((m) => `Mutation.${m}`) : []),
      ];
      expect(graphqlFields(graphql).sort()).toEqual(expected.sort());
      for (const m of publishes) expect(iamOnlyMutations).toContain(m);
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

  it('grants appsync:GraphQL on IAM-only mutations only to publishers, on the other fields only to the REST façade', () => {
    const facadeRole = ofType('AWS::Lambda::Function').find(([, r]) => r.Properties.FunctionName === functionName('rest-api', STAGE))![1]
      .Properties.Role['Fn::GetAtt'][0];
    const byRole = new Map<string, string[]>();
    for (const [, p] of rolePolicies()) {
      const st = (p.Properties.PolicyDocument.Statement as Statement[]).filter((s) => asList(s.Action).some((a) => a.startsWith('appsync:')));
      for (const role of p.Properties.Roles as Cfn[]) byRole.set(role.Ref, [...(byRole.get(role.Ref) ?? []), ...graphqlFields(st)]);
    }
    for (const [role, fields] of byRole) {
      if (role === facadeRole) continue;
      for (const f of fields) expect(f.startsWith('Mutation.') && iamOnlyMutations.includes(f.slice('Mutation.'.length)), `${role}: ${f}`).toBe(true);
    }
    const facade = byRole.get(facadeRole) ?? [];
    expect(facade.sort()).toEqual([...callerFields, ...facadeIamOnly.map((m) => `Mutation.${m}`)].sort());
    for (const m of iamOnlyMutations.filter((x) => !facadeIamOnly.includes(x))) expect(facade).not.toContain(`Mutation.${m}`);
  });

  it("the façade's fields are the schema's Query and Mutation fields that are not IAM-only, and cover every route's operations", () => {
    const schemaFields = rootFields.filter((f) => !f.startsWith('Subscription.') && !iamOnlyMutations.includes(f.slice('Mutation.'.length)));
    expect([...callerFields].sort()).toEqual(schemaFields.sort());
    const reachable = [...callerFields, ...facadeIamOnly.map((m) => `Mutation.${m}`)];
    for (const r of ROUTES) for (const op of r.operations) expect(reachable, `${r.method} ${r.path}`).toContain(op);
    // Only open paths run IAM-only mutations (signed with the façade's role).
    for (const r of ROUTES.filter((x) => !x.open)) for (const op of r.operations) expect(callerFields, `${r.method} ${r.path}`).toContain(op);
  });
});

describe('REST API (API Gateway → the façade, a nested stack)', () => {
  // The gateway's resources are in the nested stack; the façade, its permission and the outputs in the main one.
  const ofType = (type: string) =>
    [...Object.entries(rest.toJSON().Resources as Record<string, Resource>), ...Object.entries(resources)].filter(([, r]) => r.Type === type);
  /** A value of either template as JSON, the nested stack's parameters and outputs replaced by what they refer to. */
  const across = (v: unknown): string => {
    const [[nestedId, nested]] = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::CloudFormation::Stack');
    const outputs = rest.toJSON().Outputs as Record<string, { Value: unknown }>;
    return JSON.stringify(v, (_k, x) => {
      if (x && typeof x === 'object' && typeof x.Ref === 'string' && nested.Properties.Parameters?.[x.Ref]) return nested.Properties.Parameters[x.Ref];
      const att = x?.['Fn::GetAtt'];
      if (Array.isArray(att) && att[0] === nestedId && String(att[1]).startsWith('Outputs.')) return outputs[String(att[1]).slice('Outputs.'.length)].Value;
      return x;
    });
  };
  const apiId = () => {
    const apis = ofType('AWS::ApiGateway::RestApi');
    expect(apis).toHaveLength(1);
    return apis[0][0];
  };
  const facadeId = () => ofType('AWS::Lambda::Function').find(([, r]) => r.Properties.FunctionName === functionName('rest-api', STAGE))![0];
  /** Resource logical id → its path ("/" for the root), from the template's ParentId/PathPart chain. */
  const paths = () => {
    const byId = Object.fromEntries(ofType('AWS::ApiGateway::Resource'));
    const pathOf = (ref: Cfn): string => {
      if (ref['Fn::GetAtt']?.[1] === 'RootResourceId') return '/';
      const r = byId[ref.Ref];
      const parent = pathOf(r.Properties.ParentId);
      return `${parent === '/' ? '' : parent}/${r.Properties.PathPart}`;
    };
    return pathOf;
  };
  const methods = () => {
    const pathOf = paths();
    return ofType('AWS::ApiGateway::Method').map(([id, m]) => ({ id, path: pathOf(m.Properties.ResourceId), ...m.Properties }) as Cfn);
  };

  it('is one regional REST API whose stage is named by the CDK stage', () => {
    rest.hasResourceProperties('AWS::ApiGateway::RestApi', {
      Name: `drs-orchestrator-${STAGE}`,
      EndpointConfiguration: { Types: ['REGIONAL'] },
    });
    rest.resourceCountIs('AWS::ApiGateway::Stage', 1);
    rest.hasResourceProperties('AWS::ApiGateway::Stage', { StageName: STAGE, RestApiId: { Ref: apiId() } });
  });

  it('deploys the façade as aws-drs-orchestrator-api-handler-<stage> and names it in the outputs', () => {
    expect(functionName('rest-api', STAGE)).toBe(`aws-drs-orchestrator-api-handler-${STAGE}`);
    expect(resources[facadeId()].Properties.FunctionName).toBe(`aws-drs-orchestrator-api-handler-${STAGE}`);
    template.hasOutput('RestApiHandlerName', { Value: { Ref: facadeId() } });
    const [[stageId]] = ofType('AWS::ApiGateway::Stage');
    const url = across(template.toJSON().Outputs.RestApiUrl.Value);
    expect(url).toContain(apiId());
    expect(url).toContain(stageId);
  });

  it('has one method per ROUTES entry (and GET /openapi.json): the Cognito authorizer unless the route is open', () => {
    const [[authorizerId, authorizer]] = ofType('AWS::ApiGateway::Authorizer');
    expect(authorizer.Properties).toMatchObject({ Type: 'COGNITO_USER_POOLS', IdentitySource: 'method.request.header.Authorization' });
    expect(across(authorizer.Properties.ProviderARNs)).toBe(JSON.stringify([{ 'Fn::GetAtt': [ofType('AWS::Cognito::UserPool')[0][0], 'Arn'] }]));

    const explicit = methods().filter((m) => m.HttpMethod !== 'ANY');
    const expected = [...ROUTES, { ...OPENAPI_ROUTE, open: true }];
    expect(explicit.map((m) => `${m.HttpMethod} ${m.path}`).sort()).toEqual(expected.map((r) => `${r.method} ${r.path}`).sort());
    for (const r of expected) {
      const m = explicit.find((x) => x.HttpMethod === r.method && x.path === r.path)!;
      if (r.open) {
        expect(m.AuthorizationType, `${r.method} ${r.path}`).toBe('NONE');
        expect(m.AuthorizerId).toBeUndefined();
      } else {
        expect(m.AuthorizationType, `${r.method} ${r.path}`).toBe('COGNITO_USER_POOLS');
        expect(m.AuthorizerId).toEqual({ Ref: authorizerId });
      }
    }
    // The open ones the guide documents: health and the control plane's login and password reset.
    expect(expected.filter((r) => r.open).map((r) => `${r.method} ${r.path}`)).toContain('GET /health');
  });

  it('integrates every method with the façade as a Lambda proxy, allowed by one permission', () => {
    for (const m of methods()) {
      expect(m.Integration.Type, `${m.HttpMethod} ${m.path}`).toBe('AWS_PROXY');
      expect(m.Integration.IntegrationHttpMethod).toBe('POST');
      expect(across(m.Integration.Uri)).toContain(facadeId());
    }
    const permissions = ofType('AWS::Lambda::Permission').filter(([, p]) => p.Properties.Principal === 'apigateway.amazonaws.com');
    expect(permissions).toHaveLength(1);
    expect(across(permissions[0][1].Properties.FunctionName)).toBe(JSON.stringify({ 'Fn::GetAtt': [facadeId(), 'Arn'] }));
    expect(across(permissions[0][1].Properties.SourceArn)).toContain(apiId());
  });

  it('has ANY without authorizer on every resource (405/404 from the façade) and a {proxy+} catch-all', () => {
    const all = methods();
    const resourcePaths = new Set(['/', ...ofType('AWS::ApiGateway::Resource').map(([id]) => paths()({ Ref: id }))]);
    const any = all.filter((m) => m.HttpMethod === 'ANY');
    expect(new Set(any.map((m) => m.path))).toEqual(resourcePaths);
    expect(any).toHaveLength(resourcePaths.size);
    for (const m of any) expect(m.AuthorizationType, m.path).toBe('NONE');
    // Every route path is a resource of its own, so ANY there sees only the methods the route table lacks.
    for (const r of ROUTES) expect(resourcePaths.has(r.path), r.path).toBe(true);
    const proxy = ofType('AWS::ApiGateway::Resource').filter(([, r]) => r.Properties.PathPart === '{proxy+}');
    expect(proxy).toHaveLength(1);
    expect(proxy[0][1].Properties.ParentId).toEqual({ 'Fn::GetAtt': [apiId(), 'RootResourceId'] });
    expect(any.some((m) => m.path === '/{proxy+}')).toBe(true);
  });

  it('has no OPTIONS mock: on every resource a CORS preflight is ANY\'s, reaching the façade without authorizer', () => {
    const all = methods();
    expect(all.filter((m) => m.HttpMethod === 'OPTIONS').map((m) => m.path)).toEqual([]);
    expect(all.filter((m) => m.Integration?.Type === 'MOCK').map((m) => `${m.HttpMethod} ${m.path}`)).toEqual([]);
    // ANY takes every method its resource does not declare; no resource declares OPTIONS, so on each one
    // (the root, every route path and the paths leading to them, {proxy+}) OPTIONS is ANY's: no
    // authorizer, a Lambda proxy to the façade, which answers it 204 (test/e2e/rest-cors.test.ts).
    const resourcePaths = ['/', ...ofType('AWS::ApiGateway::Resource').map(([id]) => paths()({ Ref: id }))];
    const cognitoPaths = new Set(all.filter((m) => m.AuthorizationType === 'COGNITO_USER_POOLS').map((m) => m.path));
    expect(cognitoPaths.size).toBeGreaterThan(0);
    for (const path of resourcePaths) {
      const any = all.filter((m) => m.path === path && m.HttpMethod === 'ANY');
      expect(any, path).toHaveLength(1);
      expect(any[0].AuthorizationType, path).toBe('NONE');
      expect(any[0].AuthorizerId, path).toBeUndefined();
      expect(any[0].Integration.Type, path).toBe('AWS_PROXY');
      expect(across(any[0].Integration.Uri), path).toContain(facadeId());
    }
    // Including the resources whose documented methods carry the Cognito authorizer, and {proxy+}.
    for (const path of [...cognitoPaths, '/{proxy+}']) expect(resourcePaths, path).toContain(path);
  });

  it('writes JSON access logs to its own log group, throttles and traces the stage', () => {
    const [[, stage]] = ofType('AWS::ApiGateway::Stage');
    const p = stage.Properties;
    const dest = JSON.stringify(p.AccessLogSetting.DestinationArn);
    const group = ofType('AWS::Logs::LogGroup').find(([id]) => dest.includes(id));
    expect(group, dest).toBeDefined();
    expect(group![1].Properties.RetentionInDays).toEqual(expect.any(Number));
    const format = JSON.parse(p.AccessLogSetting.Format);
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      ip: '$context.identity.sourceIp',
      httpMethod: '$context.httpMethod',
      resourcePath: '$context.resourcePath',
      status: '$context.status',
    });
    expect(p.MethodSettings).toEqual([
      expect.objectContaining({
        HttpMethod: '*',
        ResourcePath: '/*',
        ThrottlingBurstLimit: REST_API_THROTTLING.burstLimit,
        ThrottlingRateLimit: REST_API_THROTTLING.rateLimit,
        LoggingLevel: 'OFF',
        DataTraceEnabled: false,
      }),
    ]);
    expect(p.TracingEnabled).toBe(true);
    // Access logging needs the account's API Gateway CloudWatch role: set, and kept when the stack goes.
    rest.hasResource('AWS::ApiGateway::Account', { DeletionPolicy: 'Retain' });
  });

  it('answers its own errors (401, 429, …) in the guide\'s {error, message} shape with CORS headers', () => {
    for (const type of ['DEFAULT_4XX', 'DEFAULT_5XX']) {
      rest.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
        ResponseType: type,
        ResponseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" },
        ResponseTemplates: { 'application/json': Match.stringLikeRegexp('"error":"\\$context.error.responseType"') },
      });
    }
  });

  it('leaves the account role alone when apiGatewayCloudWatchRole=false', () => {
    const { stack } = synth({ stage: 'shared', apiGatewayCloudWatchRole: 'false' });
    Template.fromStack(stack.restApiStack).resourceCountIs('AWS::ApiGateway::Account', 0);
  }, 60_000);
});

describe('Staff, login and password reset (infra/cdk/staff.ts)', () => {
  const roleOf = (fn: string) => ofType('AWS::Lambda::Function').find(([, r]) => r.Properties.FunctionName === functionName(fn, STAGE))![1].Properties.Role['Fn::GetAtt'][0];
  const own = (fn: string) =>
    rolePolicies()
      .filter(([, r]) => r.Properties.Roles.some((x: Cfn) => x.Ref === roleOf(fn)))
      .flatMap(([, r]) => r.Properties.PolicyDocument.Statement as Array<Statement & { Condition?: Cfn }>);

  it("grants the staff function its Cognito admin actions on this user pool only", () => {
    const [[poolId]] = ofType('AWS::Cognito::UserPool');
    const cognito = own('staff').filter((s) => asList(s.Action).some((a) => a.startsWith('cognito-idp:')));
    expect(cognito).toHaveLength(1);
    expect(asList(cognito[0].Action).sort()).toEqual(LAMBDAS.staff.actions.filter((a) => a.startsWith('cognito-idp:')).sort());
    expect(cognito[0].Resource).toEqual({ 'Fn::GetAtt': [poolId, 'Arn'] });
  });

  it('grants ses:SendEmail on the reset sender identity (address and domain), from that address only', () => {
    const ses = own('staff').filter((s) => asList(s.Action).includes('ses:SendEmail'));
    expect(ses).toHaveLength(1);
    expect(asList(ses[0].Action)).toEqual(['ses:SendEmail']);
    const res = JSON.stringify(ses[0].Resource);
    expect(res).toContain(':identity/no-reply@drs.local');
    expect(res).toContain(':identity/drs.local');
    expect(ses[0].Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'no-reply@drs.local' } });
  });

  it('takes the reset sender from context', () => {
    const { template: t } = synth({ stage: STAGE, resetSender: 'ops@example.org' });
    const fns = Object.values(t.findResources('AWS::Lambda::Function')) as Resource[];
    const staff = fns.find((r) => r.Properties.FunctionName === functionName('staff', STAGE))!;
    expect(staff.Properties.Environment.Variables.RESET_SENDER).toBe('ops@example.org');
  });

  it("lets the façade read the per-user status items and nothing else of the table", () => {
    const dynamo = own('rest-api').filter((s) => asList(s.Action).some((a) => a.startsWith('dynamodb:')));
    expect(dynamo).toHaveLength(1);
    expect(asList(dynamo[0].Action)).toEqual(['dynamodb:GetItem']);
    expect(dynamo[0].Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['USER_STATUS#*'] } });
  });
});

describe('clusters: template bucket, watch workflow, scoped permissions', () => {
  const roleOf = (fn: string) => ofType('AWS::Lambda::Function').find(([, r]) => r.Properties.FunctionName === functionName(fn, STAGE))![1].Properties.Role['Fn::GetAtt'][0];
  const own = (fn: string) =>
    rolePolicies()
      .filter(([, r]) => r.Properties.Roles.some((x: Cfn) => x.Ref === roleOf(fn)))
      .flatMap(([, r]) => r.Properties.PolicyDocument.Statement as Statement[]);
  const resourcesOf = (action: string) => own('clusters').filter((s) => asList(s.Action).includes(action)).flatMap((s) => asList(s.Resource));

  it('keeps the two templates in a private, encrypted bucket, deployed by BucketDeployment', () => {
    const buckets = ofType('AWS::S3::Bucket').filter(([id]) => id.startsWith('ClustersTemplates'));
    expect(buckets).toHaveLength(1);
    expect(buckets[0][1].Properties.PublicAccessBlockConfiguration).toMatchObject({ BlockPublicAcls: true, RestrictPublicBuckets: true });
    expect(buckets[0][1].Properties.BucketEncryption).toBeDefined();
    const deploy = ofType('Custom::CDKBucketDeployment');
    expect(deploy).toHaveLength(1);
    expect(JSON.stringify(deploy[0][1].Properties.DestinationBucketName)).toContain(buckets[0][0]);
  });

  it('runs the watch workflow from the shared ASL, invoking the clusters function', () => {
    const machines = ofType('AWS::StepFunctions::StateMachine').filter(([, r]) => r.Properties.StateMachineName === `drs-orchestrator-cluster-watch-${STAGE}`);
    expect(machines).toHaveLength(1);
    expect(machines[0][1].Properties.DefinitionS3Location).toBeDefined();
    expect(JSON.stringify(machines[0][1].Properties.DefinitionSubstitutions.ClustersFunctionArn)).toContain('FunctionsclustersFunction');
  });

  it('grants CloudFormation on the product-prefixed stacks only, the bucket objects, the workflow, and no *', () => {
    expect(own('clusters').filter((s) => s.Resource === '*' && !isXray(s))).toEqual([]);
    for (const a of ['cloudformation:CreateStack', 'cloudformation:DescribeStacks', 'cloudformation:DescribeStackEvents']) {
      const res = resourcesOf(a);
      expect(res, a).toHaveLength(1);
      expect(JSON.stringify(res[0])).toContain(`:stack/drs-orchestrator-${STAGE}-cluster-*/*`);
    }
    expect(JSON.stringify(resourcesOf('s3:GetObject'))).toMatch(/ClustersTemplates.*\/\*/);
    expect(JSON.stringify(resourcesOf('states:StartExecution'))).toContain(`:stateMachine:drs-orchestrator-cluster-watch-${STAGE}`);
    expect(JSON.stringify(resourcesOf('sts:AssumeRole'))).toContain(':role/*');
    expect(own('clusters').flatMap((s) => asList(s.Action)).filter((a) => a.startsWith('iam:'))).toEqual([]);
  });

  it('gives the function the bucket, the workflow and the poll interval', () => {
    const fn = ofType('AWS::Lambda::Function').find(([, r]) => r.Properties.FunctionName === functionName('clusters', STAGE))![1];
    expect(Object.keys(fn.Properties.Environment.Variables)).toEqual(expect.arrayContaining(['CLUSTER_TEMPLATE_BUCKET', 'CLUSTER_WATCH_ARN', 'CLUSTER_POLL_SECONDS', 'TABLE_NAME']));
  });
});

describe('spot capacity: workflow, schedule rule, state parameter, scoped permissions (infra/cdk/spot.ts)', () => {
  const fnOf = () => ofType('AWS::Lambda::Function').find(([, r]) => r.Properties.FunctionName === functionName('spot', STAGE))!;
  const own = () =>
    rolePolicies()
      .filter(([, r]) => r.Properties.Roles.some((x: Cfn) => x.Ref === fnOf()[1].Properties.Role['Fn::GetAtt'][0]))
      .flatMap(([, r]) => r.Properties.PolicyDocument.Statement as Array<Statement & { Condition?: Cfn }>);
  const granting = (action: string) => own().filter((s) => asList(s.Action).includes(action));
  const machine = () => ofType('AWS::StepFunctions::StateMachine').find(([, r]) => r.Properties.StateMachineName === SPOT.name(STAGE))!;

  it('runs the shared ASL with the spot function substituted', () => {
    const [, sm] = machine();
    expect(sm.Properties.StateMachineType).toBe('STANDARD');
    expect(sm.Properties.DefinitionSubstitutions).toEqual({ SpotFunctionArn: { 'Fn::GetAtt': [fnOf()[0], 'Arn'] } });
    expect(sm.Properties.DefinitionS3Location).toBeDefined();
    expect(readFileSync(fromRoot(SPOT.definitionFile), 'utf8')).toContain('${SpotFunctionArn}');
  });

  it('has a schedule rule, DISABLED until provisioning is enabled, that starts the workflow with the provision input', () => {
    const rules = ofType('AWS::Events::Rule').filter(([, r]) => r.Properties.Name === SPOT.ruleName(STAGE));
    expect(rules).toHaveLength(1);
    const [, rule] = rules[0];
    expect(rule.Properties).toMatchObject({ State: 'DISABLED', ScheduleExpression: SPOT.schedule });
    expect(rule.Properties.Targets).toHaveLength(1);
    expect(rule.Properties.Targets[0].Arn).toEqual({ Ref: machine()[0] });
    expect(JSON.parse(rule.Properties.Targets[0].Input)).toEqual(SPOT.ruleInput);
    // The rule's role may start exactly this state machine.
    const roleId = rule.Properties.Targets[0].RoleArn['Fn::GetAtt'][0];
    const st = rolePolicies()
      .filter(([, p]) => p.Properties.Roles.some((x: Cfn) => x.Ref === roleId))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);
    expect(st).toEqual([expect.objectContaining({ Action: 'states:StartExecution', Resource: { Ref: machine()[0] } })]);
  });

  it('keeps the on/off state in an SSM parameter under the product path, off at deployment', () => {
    const params = ofType('AWS::SSM::Parameter').filter(([, r]) => r.Properties.Name === SPOT.parameterName(STAGE));
    expect(params).toHaveLength(1);
    expect(JSON.parse(params[0][1].Properties.Value)).toMatchObject({ enabled: false });
  });

  it('grants SSM, EventBridge and Step Functions on the named resources, TerminateInstances only on tagged instances', () => {
    const json = (a: string) => JSON.stringify(granting(a).map((s) => s.Resource));
    // The one parameter it reads and writes, not the path under it.
    expect(json('ssm:PutParameter')).toContain(`:parameter${SPOT.parameterName(STAGE)}"`);
    expect(granting('ssm:PutParameter')).toHaveLength(1);
    expect(json('ssm:GetParameter')).toContain(':parameter/aws/service/ami-amazon-linux-latest/');
    expect(json('events:EnableRule')).toContain(`:rule/${SPOT.ruleName(STAGE)}`);
    expect(json('events:DisableRule')).toContain(`:rule/${SPOT.ruleName(STAGE)}`);
    expect(json('states:StartExecution')).toContain(`:stateMachine:${SPOT.name(STAGE)}`);
    expect(granting('ec2:TerminateInstances')).toEqual([
      expect.objectContaining({ Resource: '*', Condition: { StringEquals: { 'ec2:ResourceTag/drs-orchestrator:spot': STAGE } } }),
    ]);
    expect(granting('ec2:CreateTags')).toEqual([expect.objectContaining({ Condition: { StringEquals: { 'ec2:CreateAction': 'RunInstances' } } })]);
    // No instance profile: no iam:PassRole; nothing beyond the declared actions.
    const actions = own().flatMap((s) => asList(s.Action)).filter((a) => !a.startsWith('dynamodb:') && !a.startsWith('xray:') && !a.startsWith('logs:'));
    expect(actions.filter((a) => !(LAMBDAS.spot.actions as readonly string[]).includes(a))).toEqual([]);
    expect(actions.filter((a) => a.startsWith('iam:'))).toEqual([]);
  });

  it('lets the workflow invoke the spot function', () => {
    const [, sm] = machine();
    const roleId = sm.Properties.RoleArn['Fn::GetAtt'][0];
    const invoke = rolePolicies()
      .filter(([, p]) => p.Properties.Roles.some((x: Cfn) => x.Ref === roleId))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[])
      .filter((s) => asList(s.Action).includes('lambda:InvokeFunction'));
    expect(JSON.stringify(invoke)).toContain(fnOf()[0]);
  });
});

describe('cost limits: resolver count and introspection by stage (issue 11)', () => {
  const apiProps = (t: Template) => Object.values(t.toJSON().Resources as Record<string, Resource>).find((r) => r.Type === 'AWS::AppSync::GraphQLApi')!.Properties;

  it('sets resolverCountLimit beside the depth limit, and introspection ENABLED outside prod', () => {
    expect(RESOLVER_COUNT_LIMIT).toBeGreaterThanOrEqual(1);
    expect(RESOLVER_COUNT_LIMIT).toBeLessThanOrEqual(10_000);
    expect(apiProps(template)).toMatchObject({ QueryDepthLimit: QUERY_DEPTH_LIMIT, ResolverCountLimit: RESOLVER_COUNT_LIMIT, IntrospectionConfig: 'ENABLED' });
  });

  it('disables introspection in a stage named prod, with the same resolver count limit', () => {
    expect(apiProps(synth({ stage: 'prod' }).template)).toMatchObject({ ResolverCountLimit: RESOLVER_COUNT_LIMIT, IntrospectionConfig: 'DISABLED' });
  }, 60_000);
});
