// The publisher in the CDK stack (infra/cdk/publisher.ts): the table's stream (NEW_AND_OLD_IMAGES, as
// infra/table.ts says) read by one event source mapping with the settings the local poller uses
// (STREAM_CONSUMER), partial batch failures, bisection, bounded retries, an on-failure queue and its alarm;
// the function may call the four publish mutations and nothing else of the API, and reads no table data.
import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { functionName } from '../../infra/api.ts';
import { buildAll } from '../../infra/build.ts';
import { createApp } from '../../infra/cdk/app.ts';
import { fromRoot, missingBundles } from '../../infra/cdk/bundles.ts';
import { STREAM_CONSUMER, TABLE } from '../../infra/table.ts';

const STAGE = 'test';
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- CloudFormation JSON as synthesized
type Cfn = any;
let resources: Record<string, { Type: string; Properties: Cfn }>;
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const asList = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);

beforeAll(async () => {
  if (missingBundles().length > 0) await buildAll();
  const context = JSON.parse(readFileSync(fromRoot('cdk.json'), 'utf8')).context as Record<string, unknown>;
  resources = Template.fromStack(createApp(new App({ context: { ...context, stage: STAGE } })).stack).toJSON().Resources;
}, 180_000);

describe('publisher', () => {
  it('reads the table stream with the shared settings, reports partial failures, and sends what it gives up on to a queue with an alarm', () => {
    const [[tableId, table]] = ofType('AWS::DynamoDB::Table');
    expect(table.Properties.StreamSpecification).toEqual({ StreamViewType: TABLE.stream });
    const [fnId] = ofType('AWS::Lambda::Function').find(([, r]) => r.Properties.FunctionName === functionName('publisher', STAGE))!;
    const mappings = ofType('AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(1);
    const [, m] = mappings[0];
    const [[queueId]] = ofType('AWS::SQS::Queue');
    expect(m.Properties).toMatchObject({
      FunctionName: { Ref: fnId },
      EventSourceArn: { 'Fn::GetAtt': [tableId, 'StreamArn'] },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: STREAM_CONSUMER.batchSize,
      ParallelizationFactor: 1,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: STREAM_CONSUMER.retryAttempts,
      MaximumRecordAgeInSeconds: STREAM_CONSUMER.maxRecordAgeSeconds,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    });
    const alarms = ofType('AWS::CloudWatch::Alarm').filter(([, a]) => JSON.stringify(a.Properties.Dimensions ?? []).includes(queueId));
    expect(alarms).toHaveLength(1);
  });

  it('may call the four publish mutations and nothing else of the API, and reads the stream but no table data', () => {
    const [, f] = ofType('AWS::Lambda::Function').find(([, r]) => r.Properties.FunctionName === functionName('publisher', STAGE))!;
    const roleId = f.Properties.Role['Fn::GetAtt'][0];
    const statements = ofType('AWS::IAM::Policy')
      .filter(([, p]) => p.Properties.Roles.some((r: Cfn) => r.Ref === roleId))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: Cfn }>);
    const graphql = statements.filter((s) => asList(s.Action).includes('appsync:GraphQL')).flatMap((s) => asList(s.Resource));
    const fields = graphql.map((r) => JSON.stringify(r).match(/types\/(\w+)\/fields\/(\w+)/)!.slice(1).join('.')).sort();
    expect(fields).toEqual(['Mutation.publishClusterChange', 'Mutation.publishExecutionUpdate', 'Mutation.publishProtectionGroupChange', 'Mutation.publishWaveUpdate']);
    const dynamo = statements.filter((s) => asList(s.Action).some((a) => a.startsWith('dynamodb:')));
    const actions = dynamo.flatMap((s) => asList(s.Action)).filter((a) => a.startsWith('dynamodb:')).sort();
    expect(actions).toEqual(['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams']);
    expect(f.Properties.Environment.Variables.TABLE_NAME).toBeUndefined();
  });
});
