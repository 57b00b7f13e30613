// drs-orchestrator-<stage>: table, Cognito, the AppSync API and its Lambda resolvers, the REST façade.
// Environment-agnostic (no account/region, no lookups): `cdk synth` works offline without credentials;
// `cdk deploy` picks the account and region from the caller's AWS profile.
import { CfnOutput, NestedStack, RemovalPolicy, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { Graphql } from './api.ts';
import { Auth } from './auth.ts';
import { assertBundlesBuilt } from './bundles.ts';
import { Database } from './database.ts';
import { DrsEvents } from './drs-events.ts';
import { DrillSchedules } from './drill-schedules.ts';
import { Clusters } from './clusters.ts';
import { Functions } from './functions.ts';
import { Monitoring } from './monitoring.ts';
import { Orchestrator } from './orchestrator.ts';
import { RestApi } from './rest-api.ts';
import { Spot } from './spot.ts';
import { DrillSweeper } from './drill-sweeper.ts';
import { DEFAULT_RESET_SENDER, StaffAccess } from './staff.ts';

export interface DrsOrchestratorStackProps extends StackProps {
  readonly stage: string;
  /** true: the table and user pool are deleted with the stack (dev stages). Default false: RETAIN. */
  readonly destroyOnRemove?: boolean;
  /** CloudWatch Logs retention of the API's and the functions' log groups. Default one month. */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Set the account's API Gateway CloudWatch Logs role (one per account and region; the REST API's
   * access logs need it). Default true; false when the account already has one.
   */
  readonly apiGatewayCloudWatchRole?: boolean;
  /** The verified SES identity password-reset mail comes from. Default: context `resetSender`, else no-reply@drs.local. */
  readonly resetSender?: string;
}

export const STAGE_PATTERN = /^[a-z][a-z0-9-]{0,19}$/;

export const stackName = (stage: string) => `drs-orchestrator-${stage}`;

export class DrsOrchestratorStack extends Stack {
  readonly database: Database;
  readonly auth: Auth;
  readonly graphql: Graphql;
  readonly functions: Functions;
  readonly orchestrator: Orchestrator;
  readonly clusters: Clusters;
  readonly restApi: RestApi;
  /** Holds restApi (Template.fromStack(stack.restApiStack) in tests). */
  readonly restApiStack: NestedStack;
  readonly spot: Spot;
  readonly drillSweeper: DrillSweeper;
  readonly drsEvents: DrsEvents;
  readonly drillSchedules: DrillSchedules;
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: DrsOrchestratorStackProps) {
    const { stage, destroyOnRemove, logRetention: retention, apiGatewayCloudWatchRole, resetSender, ...stackProps } = props;
    if (!STAGE_PATTERN.test(stage)) {
      throw new Error(`stage "${stage}" must match ${STAGE_PATTERN} (it is part of table and function names)`);
    }
    super(scope, id, {
      stackName: stackName(stage),
      description: `drs-orchestrator (${stage}): AppSync GraphQL API, REST façade, Cognito, DynamoDB and Lambda resolvers for AWS DRS orchestration`,
      ...stackProps,
    });
    // Fail before packaging anything if the esbuild bundles are not there.
    assertBundlesBuilt();

    const removalPolicy = destroyOnRemove ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    const logRetention = retention ?? logs.RetentionDays.ONE_MONTH;
    Tags.of(this).add('Project', 'drs-orchestrator');
    Tags.of(this).add('Stage', stage);

    this.database = new Database(this, 'Data', { stage, removalPolicy });
    this.auth = new Auth(this, 'Auth', { stage, removalPolicy });
    this.graphql = new Graphql(this, 'GraphQL', { stage, userPool: this.auth.userPool, logRetention });
    this.functions = new Functions(this, 'Functions', {
      stage,
      table: this.database.table,
      api: this.graphql.api,
      userPool: this.auth.userPool,
      userPoolClient: this.auth.client,
      logRetention,
    });
    this.graphql.wire({ table: this.database.table, functions: this.functions.functions });
    this.orchestrator = new Orchestrator(this, 'Orchestrator', { stage, functions: this.functions.functions, logRetention });
    this.drsEvents = new DrsEvents(this, 'DrsEvents', { stage, fn: this.functions.functions['drs-events'] });
    this.drillSchedules = new DrillSchedules(this, 'DrillSchedules', { stage, functions: this.functions.functions });
    this.spot = new Spot(this, 'Spot', { stage, fn: this.functions.functions.spot, logRetention });
    this.drillSweeper = new DrillSweeper(this, 'DrillSweeper', { stage, fn: this.functions.functions['drill-sweeper'] });
    this.clusters = new Clusters(this, 'Clusters', { stage, fn: this.functions.functions.clusters, logRetention, removalPolicy });
    const facade = this.functions.functions['rest-api'];
    new StaffAccess(this, 'Staff', {
      fn: this.functions.functions.staff,
      facade,
      userPool: this.auth.userPool,
      userPoolClient: this.auth.client,
      table: this.database.table,
      resetSender: resetSender ?? (this.node.tryGetContext('resetSender') as string | undefined) ?? DEFAULT_RESET_SENDER,
    });
    // The REST façade's gateway (a resource and a method per documented path: ~200 resources) is a nested
    // stack of its own, so the main stack stays clear of CloudFormation's 500 resources per stack.
    this.restApiStack = new NestedStack(this, 'RestApiStack', { description: `drs-orchestrator (${stage}): the REST façade's API Gateway` });
    this.restApi = new RestApi(this.restApiStack, 'Rest', {
      stage,
      handler: facade,
      userPool: this.auth.userPool,
      logRetention,
      cloudWatchRole: apiGatewayCloudWatchRole,
    });
    this.monitoring = new Monitoring(this, 'Monitoring', {
      stage,
      functions: this.functions.functions,
      orchestrator: this.orchestrator.stateMachine,
      graphqlApi: this.graphql.api,
      restApi: this.restApi.api,
    });

    const output = (id: string, value: string, description: string) => new CfnOutput(this, id, { value, description });
    output('GraphqlUrl', this.graphql.api.graphqlUrl, 'GraphQL endpoint (POST)');
    output('RealtimeUrl', this.graphql.realtimeUrl, 'Real-time endpoint for subscriptions (WebSocket)');
    output('GraphqlApiId', this.graphql.api.apiId, 'AppSync API id');
    output('UserPoolId', this.auth.userPool.userPoolId, 'Cognito user pool id');
    output('UserPoolClientId', this.auth.client.userPoolClientId, 'Cognito app client id (no secret)');
    output('TableName', this.database.table.tableName, 'DynamoDB table');
    output('StateMachineArn', this.orchestrator.stateMachine.stateMachineArn, 'Orchestrator state machine');
    output('RestApiUrl', this.restApi.url, "REST API (the guide's paths) base URL, stage included");
    output('RestApiHandlerName', facade.functionName, 'REST façade function, for direct invocation (lambda invoke)');
    output('DrsEventBusArn', this.drsEvents.bus.eventBusArn, 'Event bus target accounts forward DRS launch results to (drs-event-forwarder)');
    output('SpotStateMachineArn', this.spot.stateMachine.stateMachineArn, 'Spot provisioning state machine');
    output('ClusterTemplateBucket', this.clusters.templateBucket.bucketName, 'Cluster CloudFormation templates');
    output('Region', this.region, 'Region the stack is deployed in');
    output('AlarmTopicArn', this.monitoring.topic.topicArn, 'SNS topic every CloudWatch alarm notifies (subscribe to it)');
  }
}
