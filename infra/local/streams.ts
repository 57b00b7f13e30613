// The table's stream → the publisher function, locally: what Lambda's DynamoDB event source mapping
// does in AWS (infra/cdk/publisher.ts), with the same settings (infra/table.ts STREAM_CONSUMER).
//
// The poller reads every shard of DynamoDB Local's stream in order (DescribeStream, GetShardIterator,
// GetRecords), a shard only once its parent shard is drained; invokes the publisher through the local
// Lambda runner with the event AWS sends (Records[] with eventName, dynamodb.Keys/NewImage/OldImage/
// SequenceNumber, eventSourceARN); and honours ReportBatchItemFailures: a reported record and the ones
// after it are sent again, from that record, after a backoff (a function error retries the batch,
// halved: bisectBatchOnError). A record still failing after `retryAttempts` retries or older than
// `maxRecordAgeSeconds` is logged as sent to the on-failure destination and skipped. It polls at once
// when nudged (the stack nudges it whenever a function invocation ends: that is when most writes have
// just committed), again at once while records keep coming, every POLL_MS otherwise (writes made in the
// middle of a long invocation, or outside any), and stops with the stack.
//
// A table (or stream) made by this start is read from its first record; a stream kept in DATA_DIR
// from its end (LATEST): its old records were published, or had nobody to reach, before the restart.
//
// The publish path: the publisher calls the local AppSync through a listener of its own (the same
// AppSync, another port), so a fault can fail its calls and nothing else's. Fault switches, loopback
// only, on the API port:
//   GET  /__local/publish/faults   {failSeconds, failRate}: failSeconds left of failing every publish
//                                  call, and the share of calls failed at random (env PUBLISH_FAIL_RATE)
//   POST /__local/publish/faults   {failSeconds?: n, failRate?: r}: from now, fail every call for n s
//                                  and/or a share r of them; `{}` resets both
//   GET  /__local/publish/stats    {calls, refused, invocations, records, batchItemFailures,
//                                   functionErrors, retries, discarded, shards}
//   POST /__local/publish/stats/reset  zeroes them and answers them
// A failed call is answered 503 ServiceUnavailableException, as AppSync answers when it cannot serve.
// Env PUBLISH_FAIL_SECONDS fails the path for that many seconds from the stack's start.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type AttributeValue,
  type Shard,
  type ShardIteratorType,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import { STREAM_CONSUMER } from '../table.ts';
import { LOCAL_DDB_CREDENTIALS } from './dynamodb.ts';

/**
 * Poll interval when not nudged: the bound on the wait a write no invocation's end announces adds
 * before it is published. (AWS's event source mapping polls each shard four times a second.) Polling
 * DynamoDB Local costs CPU: at 25 ms an idle stack spent ~27% of a core on it, at 200 ms ~3%.
 */
export const POLL_MS = 200;
/** How often the shard list is read again while no shard closed (new shards come when one closes). */
const DESCRIBE_MS = 5_000;
const RETRY_BASE_MS = 200;
const RETRY_MAX_MS = 5_000;

export interface PublishStats {
  /** Publish calls that reached the publish path, and those the fault switch failed. */
  calls: number;
  refused: number;
  /** Publisher invocations, records sent (retries included), reported failures, function errors. */
  invocations: number;
  records: number;
  batchItemFailures: number;
  functionErrors: number;
  /** Invocations that resent a record after a failure. */
  retries: number;
  /** Records given up on (what the on-failure destination would get): their stream coordinates. */
  discarded: Array<{ shardId: string; sequenceNumber: string; keys: unknown; reason: string }>;
  shards: number;
}

export interface PublishFaults {
  failSeconds: number;
  failRate: number;
}

const loopback = (req: IncomingMessage) => ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(req.socket.remoteAddress ?? '');

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : {};
}

function rate(value: unknown, what: string): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) throw new Error(`${what} must be a number ≥ 0, not '${String(value)}'`);
  return n;
}

export interface PublishPath {
  /** The APPSYNC_URL the publisher calls. */
  url: string;
  /** Where its calls go when no fault fails them (the local AppSync's handleHttp). */
  serve(handler: (req: IncomingMessage, res: ServerResponse) => boolean): void;
  faults(): PublishFaults;
  setFaults(patch: Partial<PublishFaults>): PublishFaults;
  stats: PublishStats;
  /** The /__local/publish/* controls; false if `req` is not one of them. */
  control(req: IncomingMessage, res: ServerResponse): boolean;
  close(): Promise<void>;
}

const emptyStats = (): PublishStats => ({
  calls: 0,
  refused: 0,
  invocations: 0,
  records: 0,
  batchItemFailures: 0,
  functionErrors: 0,
  retries: 0,
  discarded: [],
  shards: 0,
});

/** The publisher's own listener in front of the local AppSync, with its fault switch. */
export async function createPublishPath(env: Record<string, string | undefined> = process.env): Promise<PublishPath> {
  const defaultRate = rate(env.PUBLISH_FAIL_RATE ?? 0, 'PUBLISH_FAIL_RATE');
  if (defaultRate > 1) throw new Error(`PUBLISH_FAIL_RATE must be between 0 and 1, not '${env.PUBLISH_FAIL_RATE}'`);
  let failUntil = env.PUBLISH_FAIL_SECONDS ? Date.now() + rate(env.PUBLISH_FAIL_SECONDS, 'PUBLISH_FAIL_SECONDS') * 1000 : 0;
  let failRate = defaultRate;
  let target: ((req: IncomingMessage, res: ServerResponse) => boolean) | undefined;
  const stats = emptyStats();
  const faults = (): PublishFaults => ({ failSeconds: Math.max(0, (failUntil - Date.now()) / 1000), failRate });
  const setFaults = (patch: Partial<PublishFaults>): PublishFaults => {
    if (!patch || typeof patch !== 'object' || Array.isArray(patch)) throw new Error('the faults must be a JSON object');
    if (!Object.keys(patch).length) {
      failUntil = 0;
      failRate = 0;
    }
    if (patch.failSeconds !== undefined) failUntil = Date.now() + rate(patch.failSeconds, 'failSeconds') * 1000;
    if (patch.failRate !== undefined) {
      const r = rate(patch.failRate, 'failRate');
      if (r > 1) throw new Error(`failRate must be between 0 and 1, not '${r}'`);
      failRate = r;
    }
    return faults();
  };
  const server = http.createServer((req, res) => {
    stats.calls++;
    if (Date.now() < failUntil || (failRate > 0 && Math.random() < failRate)) {
      stats.refused++;
      req.resume();
      send(res, 503, { errors: [{ errorType: 'ServiceUnavailableException', message: 'Injected fault: the local publish path is failing (/__local/publish/faults)' }] }, {
        'x-amzn-errortype': 'ServiceUnavailableException',
      });
      return;
    }
    if (!target?.(req, res)) send(res, 404, { errors: [{ errorType: 'NotFound', message: 'Not found' }] });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    serve: (handler) => (target = handler),
    faults,
    setFaults,
    stats,
    control(req, res) {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (!path.startsWith('/__local/publish/')) return false;
      if (!loopback(req)) {
        send(res, 403, { error: 'Forbidden', message: 'test controls answer loopback clients only' });
        return true;
      }
      const route = `${req.method} ${path}`;
      void (async () => {
        try {
          if (route === 'GET /__local/publish/faults') return send(res, 200, faults());
          if (route === 'POST /__local/publish/faults') return send(res, 200, setFaults((await readJson(req)) as Partial<PublishFaults>));
          if (route === 'GET /__local/publish/stats') return send(res, 200, stats);
          if (route === 'POST /__local/publish/stats/reset') {
            Object.assign(stats, emptyStats(), { shards: stats.shards });
            return send(res, 200, stats);
          }
          send(res, 404, { error: 'NotFound', message: `no such control: ${route}` });
        } catch (e) {
          send(res, 400, { error: 'BadRequest', message: (e as Error).message });
        }
      })();
      return true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An attribute value as Lambda's event carries it (JSON: binary as base64). */
function eventValue(v: AttributeValue): unknown {
  if (v.B) return { B: Buffer.from(v.B).toString('base64') };
  if (v.BS) return { BS: v.BS.map((b) => Buffer.from(b).toString('base64')) };
  if (v.M) return { M: eventImage(v.M) };
  if (v.L) return { L: v.L.map(eventValue) };
  return v;
}
const eventImage = (m: Record<string, AttributeValue> | undefined) =>
  m && Object.fromEntries(Object.entries(m).map(([k, v]) => [k, eventValue(v)]));

/** The event record Lambda's event source mapping sends for a stream record. */
export function eventRecord(r: StreamRecord, eventSourceARN: string, awsRegion: string) {
  const d = r.dynamodb ?? {};
  return {
    eventID: r.eventID,
    eventName: r.eventName,
    eventVersion: r.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion,
    dynamodb: {
      ApproximateCreationDateTime: d.ApproximateCreationDateTime ? Math.floor(d.ApproximateCreationDateTime.getTime() / 1000) : undefined,
      Keys: eventImage(d.Keys),
      ...(d.NewImage ? { NewImage: eventImage(d.NewImage) } : {}),
      ...(d.OldImage ? { OldImage: eventImage(d.OldImage) } : {}),
      SequenceNumber: d.SequenceNumber,
      SizeBytes: d.SizeBytes,
      StreamViewType: d.StreamViewType,
    },
    eventSourceARN,
  };
}

interface ShardState {
  id: string;
  parent?: string;
  /** Where a shard's reading starts when it has no iterator and nothing was read from it yet. */
  start: ShardIteratorType;
  iterator?: string;
  /** The last sequence number read (an expired iterator continues after it). */
  lastRead?: string;
  /** GetRecords said the shard ends here. */
  closed: boolean;
  /** Closed and every record published (or given up on): its children may start. */
  done: boolean;
  /** Read, not yet published, in order. */
  buffer: StreamRecord[];
  /** Failures in a row of the buffer's first record; when the next try may come; the batch size now (bisection). */
  attempts: number;
  retryAt: number;
  limit: number;
}

export interface StreamPollerOptions {
  endpoint: string;
  region: string;
  accountId: string;
  streamArn: string;
  /** The stream is this start's own: read it from its first record (else from its end: LATEST). */
  fresh: boolean;
  invoke(event: unknown): Promise<unknown>;
  stats: PublishStats;
  log(line: string): void;
  pollMs?: number;
}

export interface StreamPoller {
  /** Something was probably just written: poll now (or right after the poll under way). */
  nudge(): void;
  stop(): Promise<void>;
}

/** Polls the table's stream and feeds the publisher until stopped. */
export function startStreamPoller(o: StreamPollerOptions): StreamPoller {
  const c = STREAM_CONSUMER;
  const client = new DynamoDBStreamsClient({ endpoint: o.endpoint, region: o.region, credentials: LOCAL_DDB_CREDENTIALS, maxAttempts: 3 });
  client.middlewareStack.remove('loggerMiddleware');
  // As AWS names the stream: the stack's region and account, not DynamoDB Local's.
  const eventSourceARN = o.streamArn.replace(/^arn:aws:dynamodb:[^:]*:[^:]*:/, `arn:aws:dynamodb:${o.region}:${o.accountId}:`);
  const shards = new Map<string, ShardState>();
  let described = 0;
  let first = true;
  let stopped = false;
  let nudged = false;
  let wake: (() => void) | undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => ((wake = undefined), resolve()), ms);
      wake = () => (clearTimeout(t), (wake = undefined), resolve());
    });

  async function describe(): Promise<void> {
    const all: Shard[] = [];
    let from: string | undefined;
    do {
      const r = await client.send(new DescribeStreamCommand({ StreamArn: o.streamArn, ExclusiveStartShardId: from }));
      all.push(...(r.StreamDescription?.Shards ?? []));
      from = r.StreamDescription?.LastEvaluatedShardId;
    } while (from);
    for (const s of all) {
      if (shards.has(s.ShardId!)) continue;
      const ended = !!s.SequenceNumberRange?.EndingSequenceNumber;
      // A kept stream's closed shards were read before the restart; its open ones from now on.
      const old = first && !o.fresh;
      shards.set(s.ShardId!, {
        id: s.ShardId!,
        parent: s.ParentShardId,
        start: old ? 'LATEST' : 'TRIM_HORIZON',
        closed: old && ended,
        done: old && ended,
        buffer: [],
        attempts: 0,
        retryAt: 0,
        limit: c.batchSize,
      });
    }
    first = false;
    described = Date.now();
    o.stats.shards = shards.size;
  }

  /** Parent before children: a shard waits while its parent (if still known) has records left. */
  const ready = (s: ShardState) => !s.done && !(s.parent && shards.get(s.parent) && !shards.get(s.parent)!.done);

  async function read(s: ShardState): Promise<void> {
    if (!s.iterator) {
      const after = s.lastRead ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER' as const, SequenceNumber: s.lastRead } : { ShardIteratorType: s.start };
      s.iterator = (await client.send(new GetShardIteratorCommand({ StreamArn: o.streamArn, ShardId: s.id, ...after }))).ShardIterator;
    }
    try {
      const r = await client.send(new GetRecordsCommand({ ShardIterator: s.iterator, Limit: c.batchSize }));
      const records = r.Records ?? [];
      s.buffer.push(...records);
      if (records.length) s.lastRead = records[records.length - 1].dynamodb?.SequenceNumber;
      s.iterator = r.NextShardIterator;
      if (!r.NextShardIterator) {
        s.closed = true;
        described = 0; // its children are about to appear
      }
    } catch (e) {
      const name = (e as Error).name;
      if (name === 'ExpiredIteratorException') s.iterator = undefined;
      else if (name === 'TrimmedDataAccessException') {
        s.iterator = undefined;
        s.lastRead = undefined;
        s.start = 'TRIM_HORIZON';
      } else throw e;
    }
  }

  function giveUp(s: ShardState, reason: string): void {
    const r = s.buffer.shift()!;
    const coords = { shardId: s.id, sequenceNumber: r.dynamodb?.SequenceNumber ?? '', keys: eventImage(r.dynamodb?.Keys), reason };
    o.stats.discarded.push(coords);
    o.log(`publisher: gave up on stream record ${coords.sequenceNumber} (${reason}); on-failure destination: ${JSON.stringify(coords)}`);
    s.attempts = 0;
    s.retryAt = 0;
    s.limit = c.batchSize;
  }

  /** One batch of a shard to the publisher; true if it did anything. */
  async function step(s: ShardState): Promise<boolean> {
    if (Date.now() < s.retryAt) return false;
    if (!s.buffer.length && !s.closed) await read(s);
    if (!s.buffer.length) {
      if (s.closed) s.done = true;
      return s.done;
    }
    const batch = s.buffer.slice(0, s.limit);
    if (s.attempts) o.stats.retries++;
    o.stats.invocations++;
    o.stats.records += batch.length;
    let failedAt: number | undefined;
    let reason = '';
    try {
      const answer = (await o.invoke({ Records: batch.map((r) => eventRecord(r, eventSourceARN, o.region)) })) as
        | { batchItemFailures?: Array<{ itemIdentifier?: string }> }
        | null
        | undefined;
      const failures = answer?.batchItemFailures ?? [];
      if (failures.length) {
        o.stats.batchItemFailures++;
        // The lowest reported sequence number is where the retry starts; one Lambda cannot name is the whole batch.
        const at = failures.map((f) => batch.findIndex((r) => f.itemIdentifier && r.dynamodb?.SequenceNumber === f.itemIdentifier));
        failedAt = at.includes(-1) ? 0 : Math.min(...at);
        reason = 'reported by the function (batchItemFailures)';
      }
    } catch (e) {
      o.stats.functionErrors++;
      failedAt = 0;
      reason = `function error: ${(e as Error).message}`;
      // bisectBatchOnError: the next try sends the first half, to find the record that fails.
      if (c.bisectBatchOnError && batch.length > 1) s.limit = Math.ceil(batch.length / 2);
    }
    if (failedAt === undefined) {
      s.buffer.splice(0, batch.length);
      s.attempts = 0;
      s.retryAt = 0;
      s.limit = c.batchSize;
      return true;
    }
    if (failedAt > 0) {
      // What came before the failed record is published: the retry starts at that record.
      s.buffer.splice(0, failedAt);
      s.attempts = 0;
    }
    s.attempts++;
    const created = s.buffer[0].dynamodb?.ApproximateCreationDateTime?.getTime() ?? Date.now();
    if (s.attempts > c.retryAttempts) giveUp(s, `${c.retryAttempts} retries exhausted; ${reason}`);
    else if (Date.now() - created > c.maxRecordAgeSeconds * 1000) giveUp(s, `older than ${c.maxRecordAgeSeconds} s; ${reason}`);
    else s.retryAt = Date.now() + Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (s.attempts - 1));
    return true;
  }

  const loop = (async () => {
    while (!stopped) {
      let busy = false;
      try {
        if (Date.now() - described > DESCRIBE_MS) await describe();
        for (const s of [...shards.values()]) {
          if (stopped) break;
          if (ready(s) && (await step(s))) busy = true;
        }
      } catch (e) {
        if (stopped) break;
        o.log(`publisher: stream poll failed: ${(e as Error).message}`);
        busy = false;
      }
      if (!busy && !stopped && !nudged) await sleep(o.pollMs ?? POLL_MS);
      nudged = false;
    }
  })();

  return {
    nudge() {
      nudged = true;
      wake?.();
    },
    async stop() {
      stopped = true;
      wake?.();
      await loop;
      client.destroy();
    },
  };
}
