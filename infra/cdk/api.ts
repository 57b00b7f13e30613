// The AppSync GraphQL API: schema.graphql, Cognito default auth + IAM, logging, X-Ray, and the wiring of
// infra/api.ts (data sources and one APPSYNC_JS resolver per field, with the code WIRING implies: table
// fields are pipelines that check the caller's status first).
import { RemovalPolicy } from 'aws-cdk-lib';
import * as appsync from 'aws-cdk-lib/aws-appsync';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FieldKey } from '../../platform/fields.ts';
import { DATA_SOURCES, INTROSPECTION_DISABLED_STAGES, LAMBDAS, QUERY_DEPTH_LIMIT, RESOLVER_COUNT_LIMIT, fieldResolvers, pipelineFunctions, type DataSourceName } from '../api.ts';
import { fromRoot } from './bundles.ts';
import { acknowledge, arnOf, wildcard } from './nag.ts';

export interface GraphqlProps {
  readonly stage: string;
  readonly userPool: cognito.IUserPool;
  readonly logRetention: logs.RetentionDays;
}

export interface WiringProps {
  readonly table: dynamodb.ITable;
  readonly functions: Record<keyof typeof LAMBDAS, lambda.IFunction>;
}

export class Graphql extends Construct {
  readonly api: appsync.GraphqlApi;
  readonly logGroup: logs.LogGroup;
  readonly dataSources = {} as Record<DataSourceName, appsync.BaseDataSource>;
  readonly resolvers = {} as Record<FieldKey, appsync.Resolver>;
  /** Pipeline functions by AppSync name (infra/api.ts pipelineFunctions). */
  readonly functions: Record<string, appsync.AppsyncFunction> = {};

  constructor(scope: Construct, id: string, props: GraphqlProps) {
    super(scope, id);
    this.api = new appsync.GraphqlApi(this, 'Api', {
      name: `drs-orchestrator-${props.stage}`,
      definition: appsync.Definition.fromFile(fromRoot('schema.graphql')),
      authorizationConfig: {
        defaultAuthorization: {
          authorizationType: appsync.AuthorizationType.USER_POOL,
          // ALLOW: per-field cognito_groups directives decide; AppSync requires ALLOW with additional modes.
          userPoolConfig: { userPool: props.userPool, defaultAction: appsync.UserPoolDefaultAction.ALLOW },
        },
        // AWS services (Step Functions, EventBridge, the REST façade, the publishing Lambdas).
        additionalAuthorizationModes: [{ authorizationType: appsync.AuthorizationType.IAM }],
      },
      queryDepthLimit: QUERY_DEPTH_LIMIT,
      resolverCountLimit: RESOLVER_COUNT_LIMIT,
      // The local stack applies the same rule to its stage (infra/local/appsync).
      introspectionConfig: INTROSPECTION_DISABLED_STAGES.includes(props.stage) ? appsync.IntrospectionConfig.DISABLED : appsync.IntrospectionConfig.ENABLED,
      xrayEnabled: true,
      // No L2 `logConfig`: with it CDK always adds a LogRetention custom resource (a Lambda of its own
      // that creates the group outside CloudFormation). The logging settings go on the L1 below and the
      // log group is an ordinary resource.
    });

    // AppSync's documented role for CloudWatch Logs. Its managed policy is not scoped to one group
    // because the group's name contains the API id, which depends on this role (a cycle otherwise).
    const logsRole = new iam.Role(this, 'LogsRole', {
      assumedBy: new iam.ServicePrincipal('appsync.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSAppSyncPushToCloudWatchLogs')],
    });
    const cfnApi = this.api.node.defaultChild as appsync.CfnGraphQLApi;
    cfnApi.logConfig = {
      cloudWatchLogsRoleArn: logsRole.roleArn,
      fieldLogLevel: appsync.FieldLogLevel.ERROR,
      excludeVerboseContent: true,
    } satisfies appsync.CfnGraphQLApi.LogConfigProperty;
    acknowledge(this.api, {
      'AwsSolutions-ASC3': "Request logging is on (field errors, with X-Ray tracing); verbose content stays excluded: it would copy callers' headers, tokens' claims and arguments into the logs",
    });
    acknowledge(logsRole, {
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSAppSyncPushToCloudWatchLogs]':
        "AppSync's documented logging role; a policy scoped to the API's log group would need the API id, which depends on this role (a cycle)",
    });

    // The group AppSync writes to, created with the API so it has a retention (AppSync would create it
    // on first use, kept forever). Logs are not data: they go with the stack.
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/aws/appsync/apis/${this.api.apiId}`,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }

  /** WebSocket endpoint for subscriptions (wss://…/graphql). */
  get realtimeUrl(): string {
    return (this.api.node.defaultChild as appsync.CfnGraphQLApi).attrRealtimeUrl;
  }

  /** Data sources and resolvers, exactly as infra/api.ts lists them (the local stack reads the same). */
  wire(props: WiringProps): void {
    for (const [name, ds] of Object.entries(DATA_SOURCES) as [DataSourceName, (typeof DATA_SOURCES)[DataSourceName]][]) {
      switch (ds.kind) {
        case 'DYNAMODB':
          // Read/write on the table and its indexes. This also covers resolvers' TransactWriteItems:
          // IAM has no TransactWriteItems action, a transaction is authorized by its parts (PutItem,
          // UpdateItem, DeleteItem, ConditionCheckItem), all in the read/write grant.
          this.dataSources[name] = this.api.addDynamoDbDataSource(name, props.table, {
            description: 'The drs-orchestrator table',
          });
          acknowledge(this.dataSources[name], { [wildcard(`${arnOf(props.table)}/index/*`)]: "The table's own GSIs (infra/table.ts), which the list resolvers query: index/* is exactly those" });
          break;
        case 'NONE':
          this.dataSources[name] = this.api.addNoneDataSource(name, {
            description: 'Local resolvers: publish mutations, subscriptions, not-implemented fields',
          });
          break;
        case 'LAMBDA':
          this.dataSources[name] = this.api.addLambdaDataSource(name, props.functions[ds.fn], {
            description: LAMBDAS[ds.fn].description,
          });
          acknowledge(this.dataSources[name], { [wildcard(`${arnOf(props.functions[ds.fn])}:*`)]: 'lambda:InvokeFunction on the versions and aliases of its one function (CDK grantInvoke)' });
          break;
      }
    }

    // One resolver per field: a unit resolver, or (table fields) a pipeline of the shared status check
    // and the field's own function. Shared code (the Lambda resolver, the not-implemented one, the
    // pipeline pass-through, the status check) is one bundle, hence one asset, whichever fields run it.
    const code = (bundle: string) => appsync.Code.fromAsset(fromRoot(bundle));
    for (const f of pipelineFunctions()) {
      this.functions[f.name] = new appsync.AppsyncFunction(this, `Fn${f.name}`, {
        api: this.api,
        name: f.name,
        dataSource: this.dataSources[f.dataSource],
        runtime: appsync.FunctionRuntime.JS_1_0_0,
        code: code(f.code.bundle),
      });
    }
    for (const { field, typeName, fieldName, dataSource, code: own, pipeline } of fieldResolvers()) {
      this.resolvers[field] = pipeline
        ? this.api.createResolver(field, {
            typeName,
            fieldName,
            pipelineConfig: pipeline.functions.map((f) => this.functions[f.name]),
            runtime: appsync.FunctionRuntime.JS_1_0_0,
            code: code(pipeline.code.bundle),
          })
        : this.api.createResolver(field, {
            typeName,
            fieldName,
            dataSource: this.dataSources[dataSource],
            runtime: appsync.FunctionRuntime.JS_1_0_0,
            code: code(own.bundle),
          });
    }
  }
}
