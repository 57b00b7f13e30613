// The local AppSync under load, beside DynamoDB Local's own answer to the same call. With 50 protection
// groups stored, an open-loop generator (requests leave on a fixed schedule whether or not earlier ones
// answered; latency counts from the scheduled instant, so a server that falls behind is charged for the
// queue it builds; the total is bounded: rate × seconds requests, then at most 30 s to drain) sends, one
// target after the other, at BENCH_APPSYNC_RATE req/s (200) for BENCH_APPSYNC_SECONDS s (20), after a short
// warm-up at the same rate:
//   dynamodbQuery         DynamoDB Query on gsi1 (gsi1pk = PG, Limit 50), what listProtectionGroups sends
//   listProtectionGroups  listProtectionGroups(limit: 50), the fields a UI's list shows
//   dynamodbGetItem       DynamoDB GetItem (consistent) of one group, what getProtectionGroup sends
//   getProtectionGroup    getProtectionGroup(id), every field
// DynamoDB calls go through @aws-sdk/client-dynamodb straight to DynamoDB Local. The generator runs in a child
// process (its own event loop), so it neither slows the server nor is slowed by it; `send lag` shows how late
// it itself sent (the machine's other load shows there). Per target: p50/p95/p99/max, achieved rate, errors,
// the server process's CPU per request and DynamoDB Local's, the server's longest event-loop block and GC
// pauses (what a tail is made of); and p99(AppSync) / p99(DynamoDB) per pair
// (goal: ≤ 2). `tsx bench/appsync.ts` runs this bench alone on a stack of its own (BENCH_APPSYNC_JSON=<file>
// writes the figures); BENCH_APPSYNC_TARGETS=listProtectionGroups,... runs a subset (e.g. under
// `node --cpu-prof --import tsx bench/appsync.ts`).
import { fork, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { GetItemCommand, QueryCommand, type GetItemCommandInput, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import { ddbClient } from '../infra/local/dynamodb.ts';
import type { Stack } from '../infra/local/stack.ts';
import { gql, ok } from '../test/support/client.ts';
import { PG_LIST, pgKey } from '../domain/protection-groups/keys.ts';

const GROUPS = 50;
/** The fields a UI's group list shows. */
export const LIST_QUERY = `query L($limit: Int) { listProtectionGroups(limit: $limit) { items {
  id version name description region accountId sourceServerIds serverSelectionTags { key value }
  launchConfig { instanceType launchDisposition } createdAt updatedAt } nextToken } }`;
export const GET_QUERY = `query G($id: ID!) { getProtectionGroup(id: $id) {
  id version name description region accountId sourceServerIds serverSelectionTags { key value }
  launchConfig { subnetId securityGroupIds instanceType instanceProfileName copyPrivateIp copyTags licensing { osByol }
    targetInstanceTypeRightSizingMethod launchDisposition } createdAt updatedAt } }`;

type Spec =
  | { kind: 'graphql'; url: string; token: string; body: string; field: string; expectItems?: number }
  | { kind: 'dynamodb'; endpoint: string; region: string; op: 'Query'; input: QueryCommandInput; expectItems: number }
  | { kind: 'dynamodb'; endpoint: string; region: string; op: 'GetItem'; input: GetItemCommandInput };

interface RunRequest {
  spec: Spec;
  rate: number;
  seconds: number;
  /** How long after the last scheduled send outstanding requests may still answer. */
  drainMs: number;
}

interface RunResult {
  latencies: number[];
  errors: number;
  firstError: string | null;
  sent: number;
  wallMs: number;
  maxSendLagMs: number;
}

export interface LoadFigures {
  sent: number;
  ok: number;
  errors: number;
  firstError?: string;
  targetRps: number;
  achievedRps: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** How late the generator itself sent its worst request (should be ~0: it is not the bottleneck). */
  maxSendLagMs: number;
  /** CPU time (user + system) of the process serving the stack, per request sent: the server's own cost,
   *  less sensitive than latency to what else the machine runs. DynamoDB Local (Java) is not in it. */
  serverCpuMsPerRequest: number;
  /** CPU time of the DynamoDB Local process per request sent (Linux, when its process is found). */
  dynamodbLocalCpuMsPerRequest?: number;
  /** The server process's event loop: its longest block (ms) and its 99th percentile delay, over the run. */
  serverLoopDelayMaxMs: number;
  serverLoopDelayP99Ms: number;
  /** The server process's garbage collections over the run: pauses, the longest, and their sum (ms). */
  serverGc: { count: number; maxMs: number; totalMs: number };
}

/** Watches the server process (this one) while a run lasts: event-loop delay and GC pauses. */
function watchServer() {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  const gc = { count: 0, maxMs: 0, totalMs: 0 };
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gc.count++;
      gc.totalMs += e.duration;
      gc.maxMs = Math.max(gc.maxMs, e.duration);
    }
  });
  obs.observe({ entryTypes: ['gc'] });
  loop.enable();
  return () => {
    loop.disable();
    obs.disconnect();
    return {
      serverLoopDelayMaxMs: r2(loop.max / 1e6),
      serverLoopDelayP99Ms: r2(loop.percentile(99) / 1e6),
      serverGc: { count: gc.count, maxMs: r2(gc.maxMs), totalMs: r2(gc.totalMs) },
    };
  };
}

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);
const r2 = (n: number) => +n.toFixed(2);

type ServerWatch = Pick<LoadFigures, 'serverLoopDelayMaxMs' | 'serverLoopDelayP99Ms' | 'serverGc'>;

function figures(r: RunResult, rate: number, cpu: NodeJS.CpuUsage, javaMs: number | undefined, server: ServerWatch): LoadFigures {
  const s = [...r.latencies].sort((a, b) => a - b);
  return {
    sent: r.sent,
    ok: s.length,
    errors: r.errors,
    ...(r.firstError ? { firstError: r.firstError } : {}),
    targetRps: rate,
    achievedRps: r2(s.length / (r.wallMs / 1000)),
    p50Ms: r2(pct(s, 50)),
    p95Ms: r2(pct(s, 95)),
    p99Ms: r2(pct(s, 99)),
    maxMs: r2(s[s.length - 1] ?? NaN),
    maxSendLagMs: r2(r.maxSendLagMs),
    serverCpuMsPerRequest: +((cpu.user + cpu.system) / 1000 / r.sent).toFixed(3),
    ...(javaMs === undefined ? {} : { dynamodbLocalCpuMsPerRequest: +(javaMs / r.sent).toFixed(3) }),
    ...server,
  };
}

/** CPU ms used so far by the process listening as DynamoDB Local on `port` (Linux /proc; undefined elsewhere). */
function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks (USER_HZ, 100).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return undefined;
  }
}

function dynamodbLocalPid(endpoint: string): number | undefined {
  const port = new URL(endpoint).port;
  try {
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
        if (cmd.some((a) => a.endsWith('DynamoDBLocal.jar')) && cmd[cmd.indexOf('-port') + 1] === port) return Number(d);
      } catch {
        // gone meanwhile
      }
    }
  } catch {
    // no /proc
  }
  return undefined;
}

// ---- the generator (child process) ----

function graphqlCaller(spec: Extract<Spec, { kind: 'graphql' }>) {
  const url = new URL(spec.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const headers = { 'content-type': 'application/json', authorization: spec.token, 'content-length': Buffer.byteLength(spec.body) };
  return {
    call: () =>
      new Promise<void>((resolve, reject) => {
        const req = http.request({ hostname: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            try {
              const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data?: Record<string, unknown> | null; errors?: unknown[] };
              if (res.statusCode !== 200 || body.errors?.length || !body.data?.[spec.field]) {
                throw new Error(`${res.statusCode}: ${JSON.stringify(body.errors ?? body).slice(0, 300)}`);
              }
              const items = (body.data[spec.field] as { items?: unknown[] }).items;
              if (spec.expectItems !== undefined && items?.length !== spec.expectItems) throw new Error(`${items?.length} items, expected ${spec.expectItems}`);
              resolve();
            } catch (e) {
              reject(e);
            }
          });
        });
        req.on('error', reject);
        req.end(spec.body);
      }),
    close: () => agent.destroy(),
  };
}

function dynamodbCaller(spec: Extract<Spec, { kind: 'dynamodb' }>) {
  const client = ddbClient(spec.endpoint, spec.region);
  return {
    call: async () => {
      if (spec.op === 'Query') {
        const r = await client.send(new QueryCommand(spec.input));
        if (r.Items?.length !== spec.expectItems) throw new Error(`${r.Items?.length} items, expected ${spec.expectItems}`);
      } else {
        const r = await client.send(new GetItemCommand(spec.input));
        if (!r.Item) throw new Error('no item');
      }
    },
    close: () => client.destroy(),
  };
}

async function generate(req: RunRequest): Promise<RunResult> {
  const caller = req.spec.kind === 'graphql' ? graphqlCaller(req.spec) : dynamodbCaller(req.spec);
  const total = Math.max(1, Math.round(req.rate * req.seconds));
  const interval = 1000 / req.rate;
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  let finished = 0;
  let lastEnd = 0;
  let maxSendLagMs = 0;
  let open = true;
  let allDone: () => void = () => {};
  const done = new Promise<void>((resolve) => (allDone = resolve));
  const settle = (ok: boolean, due: number, e?: unknown) => {
    if (!open) return;
    const now = performance.now();
    if (ok) latencies.push(now - due);
    else {
      errors++;
      firstError ??= (e as Error)?.message ?? String(e);
    }
    lastEnd = now;
    if (++finished === total) allDone();
  };
  const t0 = performance.now() + 20;
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      // Everything due by now leaves now: a late timer never thins the schedule.
      while (next < total && t0 + next * interval <= now) {
        const due = t0 + next * interval;
        maxSendLagMs = Math.max(maxSendLagMs, now - due);
        caller.call().then(() => settle(true, due), (e) => settle(false, due, e));
        next++;
      }
      if (next >= total) return resolve();
      setTimeout(tick, Math.max(0, t0 + next * interval - performance.now()));
    };
    setTimeout(tick, Math.max(0, t0 - performance.now()));
  });
  const drain = new Promise<void>((resolve) => setTimeout(resolve, req.drainMs).unref());
  await Promise.race([done, drain]);
  open = false;
  const unanswered = total - finished;
  if (unanswered > 0) {
    errors += unanswered;
    firstError ??= `${unanswered} request(s) unanswered ${req.drainMs} ms after the last send`;
  }
  caller.close();
  return { latencies, errors, firstError, sent: total, wallMs: (finished === total ? lastEnd : performance.now()) - t0, maxSendLagMs };
}

if (process.env.BENCH_APPSYNC_CHILD === '1' && process.send) {
  process.on('message', (m: RunRequest) => {
    generate(m).then(
      (r) => process.send!({ ok: true, result: r }),
      (e) => process.send!({ ok: false, error: (e as Error).stack ?? String(e) }),
    );
  });
}

class Generator {
  private child: ChildProcess;
  constructor() {
    this.child = fork(fileURLToPath(import.meta.url), [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, BENCH_APPSYNC_CHILD: '1' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
  }
  run(req: RunRequest): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`load generator exited (${code})`));
      this.child.once('exit', onExit);
      this.child.once('message', (m: { ok: boolean; result?: RunResult; error?: string }) => {
        this.child.off('exit', onExit);
        if (m.ok) resolve(m.result!);
        else reject(new Error(m.error));
      });
      this.child.send(req);
    });
  }
  close() {
    this.child.kill();
  }
}

// ---- the bench ----

export const TARGETS = ['dynamodbQuery', 'listProtectionGroups', 'dynamodbGetItem', 'getProtectionGroup'] as const;
type Target = (typeof TARGETS)[number];

export interface AppSyncBenchResult {
  rate: number;
  seconds: number;
  groups: number;
  calls: Partial<Record<Target, LoadFigures>>;
  /** p99(AppSync) / p99(DynamoDB Local) for the matching call; the goal is ≤ 2. */
  p99Ratio: { listOverQuery?: number; getOverGetItem?: number };
  goalMet: boolean;
}

export async function appsyncBench(stack: Stack, token: string, opts: { rate?: number; seconds?: number; targets?: readonly Target[] } = {}): Promise<AppSyncBenchResult> {
  const rate = opts.rate ?? Number(process.env.BENCH_APPSYNC_RATE ?? 200);
  const seconds = opts.seconds ?? Number(process.env.BENCH_APPSYNC_SECONDS ?? 20);
  const targets = opts.targets ?? (process.env.BENCH_APPSYNC_TARGETS?.split(',').map((s) => s.trim()) as Target[] | undefined) ?? TARGETS;
  const ep = stack.endpoints;

  // At least 50 groups, so that every list answers a full page.
  const count = (await listed(stack, token, 100)).length;
  const tag = `bench-appsync-${Date.now()}`;
  for (let i = count; i < GROUPS; i++) {
    ok(await gql(ep, token, 'mutation C($i: CreateProtectionGroupInput!) { createProtectionGroup(input: $i) { id } }', {
      i: {
        name: `${tag}-${String(i).padStart(2, '0')}`,
        description: `Bench group ${i}: tier ${['web', 'app', 'db'][i % 3]}`,
        region: 'us-east-1',
        serverSelectionTags: [{ key: 'BenchGroup', value: `${tag}-${i}` }, { key: 'Tier', value: ['web', 'app', 'db'][i % 3] }],
      },
    }));
  }
  const groups = await listed(stack, token, GROUPS);
  if (groups.length !== GROUPS) throw new Error(`expected ${GROUPS} groups, listed ${groups.length}`);
  const id = groups[0].id;

  const specs: Record<Target, Spec> = {
    listProtectionGroups: { kind: 'graphql', url: ep.graphql, token, field: 'listProtectionGroups', expectItems: GROUPS, body: JSON.stringify({ query: LIST_QUERY, variables: { limit: GROUPS } }) },
    getProtectionGroup: { kind: 'graphql', url: ep.graphql, token, field: 'getProtectionGroup', body: JSON.stringify({ query: GET_QUERY, variables: { id } }) },
    // What the resolvers send, straight to DynamoDB Local (resolvers/Query/listProtectionGroups.ts, getProtectionGroup.ts).
    dynamodbQuery: {
      kind: 'dynamodb', endpoint: ep.dynamodbEndpoint, region: ep.region, op: 'Query', expectItems: GROUPS,
      input: { TableName: ep.tableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': { S: PG_LIST } }, Limit: GROUPS },
    },
    dynamodbGetItem: {
      kind: 'dynamodb', endpoint: ep.dynamodbEndpoint, region: ep.region, op: 'GetItem',
      input: { TableName: ep.tableName, Key: { pk: { S: pgKey(id).pk }, sk: { S: pgKey(id).sk } }, ConsistentRead: true },
    },
  };

  const gen = new Generator();
  const javaPid = dynamodbLocalPid(ep.dynamodbEndpoint);
  const calls: AppSyncBenchResult['calls'] = {};
  try {
    for (const t of TARGETS.filter((x) => targets.includes(x))) {
      // Warm-up (JIT, sockets), not counted: a short run at the same rate.
      await gen.run({ spec: specs[t], rate, seconds: Math.min(2, seconds / 4), drainMs: 10_000 });
      const cpu0 = process.cpuUsage();
      const java0 = processCpuMs(javaPid);
      const watched = watchServer();
      const run = await gen.run({ spec: specs[t], rate, seconds, drainMs: 30_000 });
      const server = watched();
      const java1 = processCpuMs(javaPid);
      calls[t] = figures(run, rate, process.cpuUsage(cpu0), java0 === undefined || java1 === undefined ? undefined : java1 - java0, server);
    }
  } finally {
    gen.close();
  }
  const ratio = (a?: LoadFigures, b?: LoadFigures) => (a && b ? r2(a.p99Ms / b.p99Ms) : undefined);
  const p99Ratio = {
    listOverQuery: ratio(calls.listProtectionGroups, calls.dynamodbQuery),
    getOverGetItem: ratio(calls.getProtectionGroup, calls.dynamodbGetItem),
  };
  const goalMet = Object.values(p99Ratio).every((r) => r === undefined || r <= 2)
    && Object.values(calls).every((c) => c.errors === 0 && c.achievedRps >= 0.95 * rate);
  return { rate, seconds, groups: GROUPS, calls, p99Ratio, goalMet };
}

async function listed(stack: Stack, token: string, limit: number): Promise<Array<{ id: string }>> {
  return ok(await gql<{ listProtectionGroups: { items: Array<{ id: string }> } }>(stack.endpoints, token,
    'query L($limit: Int) { listProtectionGroups(limit: $limit) { items { id } } }', { limit })).listProtectionGroups.items;
}

/** Prints the figures as two tables; answers them (for bench/run.ts's results). */
export function printAppSyncBench(r: AppSyncBenchResult): AppSyncBenchResult {
  console.table(Object.fromEntries(Object.entries(r.calls).map(([k, v]) => [k, {
    'p50 ms': v.p50Ms, 'p95 ms': v.p95Ms, 'p99 ms': v.p99Ms, 'max ms': v.maxMs,
    [`req/s (of ${r.rate})`]: v.achievedRps, errors: v.errors, 'send lag ms': v.maxSendLagMs, 'server CPU ms/req': v.serverCpuMsPerRequest,
    'DynamoDB Local CPU ms/req': v.dynamodbLocalCpuMsPerRequest,
    'server loop block max ms': v.serverLoopDelayMaxMs, 'server GC max / total ms': `${v.serverGc.maxMs} / ${v.serverGc.totalMs}`,
  }])));
  console.table({
    'p99 listProtectionGroups / p99 DynamoDB Query': r.p99Ratio.listOverQuery,
    'p99 getProtectionGroup / p99 DynamoDB GetItem': r.p99Ratio.getOverGetItem,
    'goal (both ≤ 2, no errors, rate held)': r.goalMet ? 'met' : 'NOT met',
  });
  for (const [k, v] of Object.entries(r.calls)) if (v.firstError) console.log(`${k}: first error: ${v.firstError}`);
  return r;
}

// Alone: `tsx bench/appsync.ts` (after `npm run build`) starts a stack of its own.
if (process.env.BENCH_APPSYNC_CHILD !== '1' && process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { startStack } = await import('../infra/local/stack.ts');
  const { login } = await import('../test/support/client.ts');
  const stack = await startStack({ port: 0, awsPort: 0, stage: 'bench', endpointsFile: null, simSpeed: 100 });
  try {
    const r = await appsyncBench(stack, await login(stack.endpoints, 'admin'));
    printAppSyncBench(r);
    if (process.env.BENCH_APPSYNC_JSON) (await import('node:fs')).writeFileSync(process.env.BENCH_APPSYNC_JSON, JSON.stringify(r, null, 2) + '\n');
  } finally {
    await stack.stop();
  }
}
