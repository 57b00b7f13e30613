// The table's stream → the publisher function (functions/publisher) → the IAM-only publish mutations.
// Settings shared with the local poller (infra/table.ts STREAM_CONSUMER): one batch per shard at a
// time, in order; the function answers partial failures (ReportBatchItemFailures) with the sequence
// number of the first record it could not publish, so Lambda retries from there; a failing batch is
// bisected to find the record; a record still failing after `retryAttempts` retries or older than
// `maxRecordAge` goes to the on-failure queue (its stream coordinates, to read it back from the stream
// within 24 hours), and an alarm says so.
import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { STREAM_CONSUMER } from '../table.ts';

export interface PublisherProps {
  readonly fn: lambda.Function;
  readonly table: dynamodb.ITable;
}

export class Publisher extends Construct {
  /** Records the publisher gave up on (their stream coordinates, as Lambda's on-failure destination sends them). */
  readonly failures: sqs.Queue;

  constructor(scope: Construct, id: string, props: PublisherProps) {
    super(scope, id);
    const c = STREAM_CONSUMER;
    this.failures = new sqs.Queue(this, 'Failures', {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    // cdk-nag, through CDK's own acknowledgements (as cdk-nag 3.x reads them).
    Validations.of(this.failures).acknowledge({ id: 'AwsSolutions-SQS3', reason: 'This queue is itself the on-failure destination of the publisher’s stream event source' });
    props.fn.addEventSource(
      new DynamoEventSource(props.table, {
        // From the stream's first record: a stream added by this deployment loses nothing written meanwhile.
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: c.batchSize,
        ...(c.maxBatchingWindowSeconds ? { maxBatchingWindow: Duration.seconds(c.maxBatchingWindowSeconds) } : {}),
        parallelizationFactor: 1,
        retryAttempts: c.retryAttempts,
        maxRecordAge: Duration.seconds(c.maxRecordAgeSeconds),
        bisectBatchOnError: c.bisectBatchOnError,
        reportBatchItemFailures: c.reportBatchItemFailures,
        onFailure: new SqsDlq(this.failures),
      }),
    );
    // DynamoEventSource's grant: the stream's reads on its ARN, and dynamodb:ListStreams, which takes no resource.
    const grants = props.fn.role?.node.tryFindChild('DefaultPolicy');
    if (grants) {
      Validations.of(grants).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'dynamodb:ListStreams supports no resource-level permission; the stream reads are on the table’s stream ARN',
      });
    }
    new cloudwatch.Alarm(this, 'GaveUp', {
      alarmDescription: 'Committed changes the publisher could not publish after every retry: subscribers missed them (the on-failure queue holds their stream coordinates)',
      metric: this.failures.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
