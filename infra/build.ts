// Bundles what both stacks run: every APPSYNC_JS resolver (ESM, @aws-appsync/utils external, as AppSync
// requires) and every Lambda (ESM for nodejs22.x). infra/cdk deploys these files; infra/local runs them.
import { build } from 'esbuild';
import { readdirSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { LAMBDAS } from './api.ts';

const root = new URL('..', import.meta.url).pathname;

export function resolverEntries(): Record<string, string> {
  const entries: Record<string, string> = { notImplemented: join(root, 'resolvers/notImplemented.ts') };
  for (const type of ['Query', 'Mutation', 'Subscription']) {
    const dir = join(root, 'resolvers', type);
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) if (f.endsWith('.ts')) entries[`${type}.${f.slice(0, -3)}`] = join(dir, f);
  }
  return entries;
}

export async function buildAll(): Promise<void> {
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  await build({
    entryPoints: resolverEntries(),
    outdir: join(root, 'dist/resolvers'),
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2020',
    external: ['@aws-appsync/utils'],
    sourcemap: 'inline',
    sourcesContent: false,
    logLevel: 'warning',
  });
  await build({
    entryPoints: Object.fromEntries(
      Object.keys(LAMBDAS).map((fn) => [`${fn}/index`, join(root, 'functions', fn, 'handler.ts')]),
    ),
    outdir: join(root, 'dist/functions'),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    sourcemap: 'linked',
    // Some SDK dependencies still call require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'warning',
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await buildAll();
