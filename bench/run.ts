// `npm run bench`: figures measured on this machine — stack start-up, bundle sizes and the latency of
// getProtectionGroup over loopback (1,000 sequential calls), the REST façade's overhead over GraphQL. Prints a table and writes bench/results.json.
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAMBDAS, SETTINGS, lambdaBundleDir } from '../infra/api.ts';
import { ROOT, startStack } from '../infra/local/stack.ts';
import { gql, login, ok } from '../test/support/client.ts';
import { orchestratorBench, printOrchestrator } from './orchestrator.ts';
import { restBench } from './rest.ts';
import { lambdaBundlesBench } from './bundles.ts';
import { appsyncBench, printAppSyncBench } from './appsync.ts';

// The SDK warns that Node 20 support ends in 2027; Lambda runs nodejs22.x, this only runs locally.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const CALLS = Number(process.env.BENCH_CALLS ?? 1000);
// Simulated time for the drill: DRS durations and Wait states divided by this.
const SIM_SPEED = Number(process.env.SIM_SPEED ?? 100);

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

// Before the stack starts, so nothing of it competes for the CPU with the fresh processes timed.
const lambdaBundles = await lambdaBundlesBench({ runs: Number(process.env.BENCH_COLD_RUNS ?? 10) });
const t0 = performance.now();
const stack = await startStack({ port: 0, awsPort: 0, stage: 'bench', endpointsFile: null, simSpeed: SIM_SPEED });
const startupMs = performance.now() - t0;
try {
  const ep = stack.endpoints;
  const token = await login(ep, 'admin');
  const servers = ok(await gql<{ listSourceServers: { items: Array<{ sourceServerId: string }> } }>(ep, token,
    'query { listSourceServers(region: "us-east-1") { items { sourceServerId } } }')).listSourceServers.items;
  const t1 = performance.now();
  const created = ok(await gql<{ createProtectionGroup: { id: string } }>(ep, token,
    'mutation C($i: CreateProtectionGroupInput!) { createProtectionGroup(input: $i) { id } }',
    { i: { name: `bench-${Date.now()}`, region: 'us-east-1', sourceServerIds: [servers[0].sourceServerId] } })).createProtectionGroup;
  const createMs = performance.now() - t1;
  const query = 'query G($id: ID!) { getProtectionGroup(id: $id) { id name version sourceServerIds region createdAt } }';
  for (let i = 0; i < 50; i++) await gql(ep, token, query, { id: created.id }); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const s = performance.now();
    ok(await gql(ep, token, query, { id: created.id }));
    samples.push(performance.now() - s);
  }
  samples.sort((a, b) => a - b);
  const bundles = Object.fromEntries(
    Object.keys(LAMBDAS).map((fn) => {
      const dir = join(ROOT, lambdaBundleDir(fn));
      const bytes = readdirSync(dir).filter((f) => f.endsWith('.mjs')).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
      return [fn, bytes];
    }),
  );
  const results = {
    machine: { node: process.version, cpus: (await import('node:os')).cpus().length },
    stackStartupMs: Math.round(startupMs),
    createProtectionGroupMs: Math.round(createMs),
    getProtectionGroup: {
      calls: CALLS,
      p50Ms: +pct(samples, 50).toFixed(2),
      p99Ms: +pct(samples, 99).toFixed(2),
      maxMs: +samples[samples.length - 1].toFixed(2),
    },
    lambdaBundleBytes: bundles,
    lambdaBundles,
    restFacade: await restBench(stack, token, created.id, Number(process.env.BENCH_REST_CALLS ?? 300)),
    orchestrator: await orchestratorBench(stack, SIM_SPEED),
    appsync: printAppSyncBench(await appsyncBench(stack, token)),
  };
  console.table({
    'stack start-up (ms)': results.stackStartupMs,
    'createProtectionGroup (ms)': results.createProtectionGroupMs,
    [`getProtectionGroup p50 (ms, n=${CALLS})`]: results.getProtectionGroup.p50Ms,
    'getProtectionGroup p99 (ms)': results.getProtectionGroup.p99Ms,
    ...Object.fromEntries(Object.entries(bundles).map(([k, v]) => [`bundle ${k} (KiB)`, +(v / 1024).toFixed(1)])),
  });
  console.table({ '(empty module) cold init (ms)': lambdaBundles.baseline.coldInitMedianMs, ...Object.fromEntries(Object.entries(lambdaBundles.functions).map(([k, v]) => [`${k} cold init (ms, median of ${lambdaBundles.runs})`, v.coldInitMedianMs])) });
  const f = results.restFacade;
  console.table({
    [`getProtectionGroup GraphQL p50 / p99 (ms, n=${f.calls})`]: `${f.graphql.p50Ms} / ${f.graphql.p99Ms}`,
    'GET /protection-groups/{id} REST p50 / p99 (ms)': `${f.rest.p50Ms} / ${f.rest.p99Ms}`,
    'same path by Lambda Invoke p50 / p99 (ms)': `${f.directInvoke.p50Ms} / ${f.directInvoke.p99Ms}`,
    'REST over GraphQL at p50 (ms, ratio)': `${f.restOverP50Ms}, ×${f.restOverP50Ratio}`,
  });
  printOrchestrator(results.orchestrator, Number(process.env.POLL_SECONDS ?? SETTINGS.POLL_SECONDS.default));
  writeFileSync(join(ROOT, 'bench/results.json'), JSON.stringify(results, null, 2) + '\n');
} finally {
  await stack.stop();
}
