// The table's stream → subscribers: each committed change subscribers care about goes out through the
// IAM-only publish mutations, in stream order, retried with backoff; a record that still fails is
// reported (ReportBatchItemFailures) so the event source retries from it. domain/publishing/stream.ts.
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { publishRecords } from '../../domain/publishing/stream.ts';
import { instrument } from '../../platform/observability.ts';

export const handler = instrument(
  'publisher',
  (event: DynamoDBStreamEvent, context?: Pick<Context, 'getRemainingTimeInMillis' | 'awsRequestId'>): Promise<DynamoDBBatchResponse> =>
    publishRecords(event.Records ?? [], { remainingMs: context ? () => context.getRemainingTimeInMillis() : undefined }),
  // A record reported back (to be retried from) is a failure of this invocation.
  (answer) => (answer.batchItemFailures.length ? 'internal-error' : 'ok'),
);
