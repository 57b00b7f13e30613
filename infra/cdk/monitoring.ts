// CloudWatch alarms, all notifying one SNS topic (output AlarmTopicArn; subscribe to it): orchestrator
// executions failed, timed out or aborted; per Lambda, errors or throttles — Lambda's Errors, the
// internal errors a resolver answers as data (Powertools metric InternalErrors, platform/observability.ts,
// which Lambda's Errors never counts) and Throttles; AppSync 5XXError; the REST API's 5XXError.
// The topic is encrypted with a key of its own (CloudWatch cannot publish to a topic under the
// AWS-managed SNS key) and refuses publishers without TLS.
import { Aspects, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as appsync from 'aws-cdk-lib/aws-appsync';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct, type IConstruct } from 'constructs';

/** The CloudWatch namespace of the functions' Powertools metrics (one per stage). */
export const metricsNamespace = (stage: string) => `drs-orchestrator/${stage}`;

/** Every alarm: the sum over 5 minutes, in alarm from the first one, a missing datum is no failure. */
export const ALARM_PERIOD = Duration.minutes(5);

export interface MonitoringProps {
  readonly stage: string;
  readonly functions: Record<string, lambda.IFunction>;
  readonly orchestrator: sfn.IStateMachine;
  readonly graphqlApi: appsync.IGraphqlApi;
  readonly restApi: apigw.RestApi;
}

export class Monitoring extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const { stage } = props;
    const key = new kms.Key(this, 'TopicKey', {
      description: `drs-orchestrator (${stage}): encrypts the alarm topic`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    // CloudWatch publishes alarm notifications to the encrypted topic with this key.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    this.topic = new sns.Topic(this, 'Topic', {
      topicName: `drs-orchestrator-alarms-${stage}`,
      displayName: `drs-orchestrator (${stage}) alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    const notify = new actions.SnsAction(this.topic);
    // Every other alarm of the stack (other constructs declare their own) notifies the topic too.
    Aspects.of(Stack.of(this)).add({
      visit: (node: IConstruct) => {
        if (node instanceof cloudwatch.Alarm && !this.alarms.includes(node)) node.addAlarmAction(notify);
      },
    });
    const alarm = (id: string, description: string, metric: cloudwatch.IMetric) => {
      const a = new cloudwatch.Alarm(this, id, {
        alarmName: `drs-orchestrator-${stage}-${id}`,
        alarmDescription: description,
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      a.addAlarmAction(notify);
      this.alarms.push(a);
      return a;
    };
    const sum = { period: ALARM_PERIOD, statistic: cloudwatch.Stats.SUM };

    // The orchestrator: a run that did not complete. (Its executions' own FAILED status is in the table.)
    // One alarm over the three ways a run ends badly (its graph shows which); one resource, not three.
    alarm(
      'Orchestrator',
      'Orchestrator state machine executions failed, timed out or were aborted (ExecutionsFailed, ExecutionsTimedOut, ExecutionsAborted)',
      new cloudwatch.MathExpression({
        label: 'orchestrator runs failed + timed out + aborted',
        expression: 'FILL(failed, 0) + FILL(timedOut, 0) + FILL(aborted, 0)',
        usingMetrics: { failed: props.orchestrator.metricFailed(sum), timedOut: props.orchestrator.metricTimedOut(sum), aborted: props.orchestrator.metricAborted(sum) },
        period: ALARM_PERIOD,
      }),
    );

    // Each function: one alarm over its three failure metrics (one resource, not three: the stack stays
    // well below CloudFormation's 500). The alarm's graph shows which of them moved.
    for (const [fn, f] of Object.entries(props.functions)) {
      const internal = new cloudwatch.Metric({ namespace: metricsNamespace(stage), metricName: 'InternalErrors', dimensionsMap: { service: fn }, ...sum });
      alarm(
        `Function-${fn}`,
        `${fn}: Lambda Errors, InternalErrors answered (Powertools metric, namespace ${metricsNamespace(stage)}) or Throttles`,
        new cloudwatch.MathExpression({
          label: `${fn} errors + internal errors + throttles`,
          expression: 'FILL(errors, 0) + FILL(internal, 0) + FILL(throttles, 0)',
          usingMetrics: { errors: f.metricErrors(sum), internal, throttles: f.metricThrottles(sum) },
          period: ALARM_PERIOD,
        }),
      );
    }

    alarm('GraphqlApi5xx', 'AppSync answered 5XX errors', new cloudwatch.Metric({ namespace: 'AWS/AppSync', metricName: '5XXError', dimensionsMap: { GraphQLAPIId: props.graphqlApi.apiId }, ...sum }));
    alarm('RestApi5xx', 'The REST API (API Gateway) answered 5XX errors', props.restApi.metricServerError(sum));
  }
}
