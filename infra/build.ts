// Bundles what both stacks run: the APPSYNC_JS resolver code infra/api.ts WIRING implies (ESM,
// @aws-appsync/utils external, as AppSync requires) — each field's own resolver, and the shared Lambda,
// not-implemented, pipeline and user-status code once each — and every Lambda (ESM for nodejs22.x). infra/cdk deploys
// these files; infra/local runs them.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { LAMBDAS, resolverCode } from './api.ts';

const root = new URL('..', import.meta.url).pathname;

/** Bundle name (dist/resolvers/<name>.js) → its TypeScript entry. */
export function resolverEntries(): Record<string, string> {
  return Object.fromEntries(resolverCode().map((c) => [c.name, join(root, c.source)]));
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
    target: 'node22',
    // The nodejs22.x runtime provides AWS SDK v3 (CDK NodejsFunction's own default): the bundle keeps
    // only our code and the small libraries beside it (Powertools, aws-jwt-verify, the SigV4 signer).
    // Locally the SDK resolves from the repository's node_modules, as any import from dist/ does.
    external: ['@aws-sdk/*'],
    // ESM builds of what is bundled, so unused parts of them (most of @smithy/core) are dropped.
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: 'linked',
    // --enable-source-maps (the functions' NODE_OPTIONS) reads the map at load: file and line suffice.
    sourcesContent: false,
    logLevel: 'warning',
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await buildAll();
