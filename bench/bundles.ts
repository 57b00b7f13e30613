// Lambda bundles: the size of each dist/functions/<fn>/index.mjs and its cold init, measured on this
// machine. Cold init is what a Lambda cold start does before the first request: a fresh Node process
// (with the deployed NODE_OPTIONS, --enable-source-maps) imports the bundle and constructs the SDK
// clients it uses — one of every `@aws-sdk/*` client package the bundle loads (they are external: the
// nodejs22.x runtime provides them; here they resolve from the repository's node_modules). The figure
// is the child's own clock when that is done (performance.now(), from process start, so Node's own
// start-up is in it); the baseline is the same process importing an empty module. The CPU time the
// child used by then (all its threads) is kept beside it: on a busy machine the clock waits for the
// CPU, the CPU time much less. Runs go round-robin over the functions so drift hits all of them alike.
// The EC2 client is bundled (infra/build.ts): for a bundle that carries it, the child also imports a
// probe built the same way that exports EC2Client, and constructs one — the probe parses EC2's client
// core a second time, so that figure errs high. The DRS client is bundled too and is not constructed
// here (a probe would parse its ~100 KB again): constructing one measured 2.2 ms, which the figures of
// the functions that call DRS leave out.
// `tsx bench/bundles.ts [distRoot]` prints the table alone; bench/run.ts records it with the rest.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LAMBDAS, lambdaBundleDir } from '../infra/api.ts';
import { bundlesEc2, LAMBDA_BUILD, sdkPackagesOf } from '../infra/build.ts';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface BundleFigures {
  bytes: number;
  coldInitMedianMs: number;
  coldInitCpuMedianMs: number;
}
export interface BundlesBench {
  runs: number;
  node: string;
  /** A fresh process importing an empty module: Node's own start-up, the floor under every figure. */
  baseline: { coldInitMedianMs: number; coldInitCpuMedianMs: number };
  functions: Record<string, BundleFigures & { sdkClients: string[] }>;
}

/**
 * Runs in the child: imports the bundle, then constructs one client of every SDK package it loads
 * (lib-dynamodb's document client around a DynamoDB client, as platform/aws/dynamodb.ts does), and
 * prints the clock. The packages come from the same require() the bundle used, so nothing loads twice.
 */
const CHILD = `
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
const [bundle, packagesJson, probe] = process.argv.slice(1);
const mod = await import(pathToFileURL(bundle).href);
if (probe) new (await import(pathToFileURL(probe).href)).EC2Client({});
const packages = JSON.parse(packagesJson);
if (packages.length && typeof mod.handler !== 'function') throw new Error(bundle + ' exports no handler');
const require = createRequire(bundle);
for (const p of packages) {
  for (const [name, C] of Object.entries(require(p))) {
    if (!/^[A-Z]\\w*Client$/.test(name) || typeof C !== 'function' || typeof C.prototype?.send !== 'function') continue;
    if (name === 'DynamoDBDocumentClient') C.from(new (require('@aws-sdk/client-dynamodb').DynamoDBClient)({}));
    else new C({});
  }
}
const ms = performance.now();
const { user, system } = process.cpuUsage();
process.stdout.write(JSON.stringify({ ms, cpuMs: (user + system) / 1000 }));
`;

interface Sample {
  ms: number;
  cpuMs: number;
}

function coldInit(bundle: string, packages: string[], env: Record<string, string>, probe?: string): Promise<Sample> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--enable-source-maps', '--input-type=module', '-e', CHILD, bundle, JSON.stringify(packages), ...(probe ? [probe] : [])],
      { cwd: ROOT, env, maxBuffer: 1 << 20 },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`cold init of ${bundle} failed: ${stderr || err.message}`));
        resolve(JSON.parse(stdout) as Sample);
      },
    );
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Bundle bytes and median cold init (ms) of every function in LAMBDAS, and the empty-module baseline. */
export async function lambdaBundlesBench(opts: { runs?: number; distRoot?: string } = {}): Promise<BundlesBench> {
  const runs = opts.runs ?? 10;
  const distRoot = opts.distRoot ?? ROOT;
  const tmp = mkdtempSync(join(tmpdir(), 'cold-init-'));
  const empty = join(tmp, 'empty.mjs');
  writeFileSync(empty, '');
  // Beside node_modules, so its require() of the SDK resolves as the bundles' does.
  const probe = join(ROOT, 'node_modules/.cache/bench/ec2-probe.mjs');
  await build({ ...LAMBDA_BUILD, stdin: { contents: "export { EC2Client } from '@aws-sdk/client-ec2';", resolveDir: ROOT }, outfile: probe });
  const targets = [
    { name: '', bundle: empty, packages: [] as string[], ec2: false },
    ...Object.keys(LAMBDAS).map((fn) => {
      const bundle = join(distRoot, lambdaBundleDir(fn), 'index.mjs');
      const code = readFileSync(bundle, 'utf8');
      return { name: fn, bundle, packages: sdkPackagesOf(code), ec2: bundlesEc2(code) };
    }),
  ];
  const samples = new Map<string, Sample[]>(targets.map((t) => [t.name, []]));
  // No inherited NODE_OPTIONS (a loader would be timed too); what the function's own environment has.
  const baseEnv = {
    PATH: process.env.PATH ?? '',
    AWS_REGION: 'us-east-1',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    TABLE_NAME: 'bench',
  };
  try {
    for (let i = 0; i < runs; i++) {
      for (const t of targets) {
        const env = t.name
          ? { ...baseEnv, POWERTOOLS_SERVICE_NAME: t.name, AWS_LAMBDA_FUNCTION_NAME: `bench-${t.name}` }
          : baseEnv;
        samples.get(t.name)!.push(await coldInit(t.bundle, t.packages, env, t.ec2 ? probe : undefined));
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const figures = (name: string) => ({
    coldInitMedianMs: +median(samples.get(name)!.map((x) => x.ms)).toFixed(1),
    coldInitCpuMedianMs: +median(samples.get(name)!.map((x) => x.cpuMs)).toFixed(1),
  });
  return {
    runs,
    node: process.version,
    baseline: figures(''),
    functions: Object.fromEntries(
      targets
        .filter((t) => t.name)
        .map((t) => [
          t.name,
          { bytes: statSync(t.bundle).size, ...figures(t.name), sdkClients: t.ec2 ? [...t.packages, '@aws-sdk/client-ec2 (bundled)'] : t.packages },
        ]),
    ),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await lambdaBundlesBench({ distRoot: process.argv[2], runs: Number(process.env.BENCH_COLD_RUNS ?? 10) });
  console.table({
    '(empty module)': { KiB: '', 'cold init ms': r.baseline.coldInitMedianMs, 'CPU ms': r.baseline.coldInitCpuMedianMs, 'SDK clients': '' },
    ...Object.fromEntries(
      Object.entries(r.functions).map(([fn, f]) => [
        fn,
        { KiB: +(f.bytes / 1024).toFixed(1), 'cold init ms': f.coldInitMedianMs, 'CPU ms': f.coldInitCpuMedianMs, 'SDK clients': f.sdkClients.map((p) => p.replace('@aws-sdk/', '')).join(' ') },
      ]),
    ),
  });
}
