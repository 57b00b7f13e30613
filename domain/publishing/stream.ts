// Publishing behind the write: the table's stream (infra/table.ts, NEW_AND_OLD_IMAGES) delivers every
// committed change of an item, in order per item; each change subscribers care about (executions with
// their waves and servers, protection groups, clusters) becomes the publish mutation calls the
// aggregate's publish.ts describes. A batch is published record by record, in stream order; a failed
// call is retried with backoff, and a record that still fails is reported (ReportBatchItemFailures)
// with everything after it left unsent, so the event source retries from that record and the order
// per shard — hence per execution — holds. Delivery is at least once: a retried record may publish
// what already went out.
import { Logger } from '@aws-lambda-powertools/logger';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { graphql, type GraphQLAnswer } from '../../platform/appsync.ts';
import { clusterPublications } from '../clusters/publish.ts';
import { executionPublications } from '../executions/publish.ts';
import { groupPublications } from '../protection-groups/publish.ts';
import type { Publication } from './publication.ts';

const logger = new Logger({ serviceName: 'publisher' });

type Item = Record<string, unknown>;
type Mapper = (oldItem: Item | undefined, newItem: Item | undefined) => Publication[];

/** The items whose changes subscribers receive, by key shape (domain/<aggregate>/keys.ts). */
const MAPPERS: Array<{ pk: string; sk: string; map: Mapper }> = [
  { pk: 'EXEC#', sk: 'EXEC', map: executionPublications },
  { pk: 'PG#', sk: 'PG', map: groupPublications },
  { pk: 'CLUSTER#', sk: 'CLUSTER', map: clusterPublications },
];

/** An image of the event (AttributeValue JSON) as the store's items read. */
const image = (i: unknown): Item | undefined => (i ? unmarshall(i as Record<string, AttributeValue>) : undefined);

/** What one stream record publishes, in order (nothing for items no subscriber sees). */
export function publicationsOf(record: DynamoDBRecord): Publication[] {
  const keys = record.dynamodb?.Keys;
  const pk = keys?.pk?.S;
  const sk = keys?.sk?.S;
  const mapper = MAPPERS.find((m) => pk?.startsWith(m.pk) && sk === m.sk);
  if (!mapper) return [];
  return mapper.map(image(record.dynamodb?.OldImage), image(record.dynamodb?.NewImage));
}

/** How hard one publication is tried before its record is reported failed. */
export interface RetryPolicy {
  /** Calls per publication within one invocation (default 5). */
  attempts: number;
  /** The first backoff; each next one doubles, up to maxDelayMs (defaults 100 ms, 2 s). */
  baseDelayMs: number;
  maxDelayMs: number;
}
export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 2_000 };

export interface PublishContext {
  /** The invocation's remaining time (Lambda's context); retries stop well before it ends. */
  remainingMs?: () => number;
  retry?: Partial<RetryPolicy>;
  /** The GraphQL call (default: IAM-signed to APPSYNC_URL). */
  send?: (query: string, variables: Record<string, unknown>) => Promise<GraphQLAnswer>;
  sleep?: (ms: number) => Promise<void>;
}

/** Answers no call can fix by being repeated: a request AppSync cannot parse or validate. */
const PERMANENT_TYPES = new Set(['ValidationError', 'MalformedHttpRequestException', 'BadRequestException', 'PayloadTooLargeException']);
const permanent = (r: GraphQLAnswer) =>
  r.status === 400 || r.status === 413 || (r.status === 200 && !!r.errors?.length && r.errors.every((e) => PERMANENT_TYPES.has(e.errorType ?? '')));

type Outcome = 'sent' | 'refused' | 'failed';

async function sendOne(p: Publication, ctx: Required<Omit<PublishContext, 'remainingMs' | 'retry'>> & { retry: RetryPolicy; remainingMs: () => number }): Promise<Outcome> {
  for (let attempt = 1; ; attempt++) {
    let why: unknown;
    try {
      const r = await ctx.send(p.query, { input: p.input });
      if (r.status === 200 && !r.errors?.length) return 'sent';
      if (permanent(r)) {
        logger.error('publication refused: not retried', { ...p.about, mutation: p.mutation, status: r.status, errors: r.errors });
        return 'refused';
      }
      why = { status: r.status, errors: r.errors };
    } catch (e) {
      why = { error: (e as Error).message };
    }
    const delay = Math.min(ctx.retry.maxDelayMs, ctx.retry.baseDelayMs * 2 ** (attempt - 1));
    // The event source retries the record later; within this invocation, only while time is left.
    if (attempt >= ctx.retry.attempts || ctx.remainingMs() < delay + 10_000) {
      logger.warn('publication failed; the record is reported for retry', { ...p.about, mutation: p.mutation, attempts: attempt, ...(why as object) });
      return 'failed';
    }
    logger.info('publication failed; retrying', { ...p.about, mutation: p.mutation, attempt, delayMs: delay, ...(why as object) });
    await ctx.sleep(delay);
  }
}

/**
 * Publishes a batch of stream records in order. The first record that cannot be published is answered
 * as the batch's failure (its sequence number); the records after it are not attempted, so the retry
 * that starts from it keeps their order.
 */
export async function publishRecords(records: readonly DynamoDBRecord[], context: PublishContext = {}): Promise<DynamoDBBatchResponse> {
  const ctx = {
    send: context.send ?? ((q: string, v: Record<string, unknown>) => graphql(q, v)),
    sleep: context.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))),
    remainingMs: context.remainingMs ?? (() => Number.POSITIVE_INFINITY),
    retry: { ...DEFAULT_RETRY, ...context.retry },
  };
  for (const record of records) {
    let publications: Publication[];
    try {
      publications = publicationsOf(record);
    } catch (e) {
      // An item this code cannot read stays unreadable on every retry: logged, not blocking its shard.
      logger.error('stream record not publishable', { error: e as Error, sequenceNumber: record.dynamodb?.SequenceNumber, keys: record.dynamodb?.Keys });
      continue;
    }
    for (const p of publications) {
      if ((await sendOne(p, ctx)) === 'failed') {
        return { batchItemFailures: [{ itemIdentifier: record.dynamodb!.SequenceNumber! }] };
      }
    }
  }
  return { batchItemFailures: [] };
}
