// The Lambda bundles `npm run build` writes (dist/functions/<fn>/index.mjs): small, with the AWS SDK
// left to the nodejs22.x runtime, and importing only the SDK clients their function calls. Sizes and
// imports, not timings (bench/bundles.ts measures cold init).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { LAMBDAS, lambdaBundleDir } from '../../infra/api.ts';
import { fromRoot } from '../../infra/cdk/bundles.ts';

/** 300 KB: with the SDK external a bundle is our code plus Powertools, aws-jwt-verify and the signer. */
const MAX_BYTES = 300_000;
/**
 * The functions that call EC2. The EC2 client is the heaviest SDK package (one 2 MB module, ~150 ms of a
 * cold start): any other function importing it pulls it in through a shared module by mistake.
 */
const CALLS_EC2 = new Set(['protection-groups', 'configuration', 'lookups', 'accounts', 'spot']);

const bundleOf = (fn: string) => fromRoot(`${lambdaBundleDir(fn)}/index.mjs`);

/** The packages a bundle imports (statically or dynamically), as esbuild parses it. */
async function importsOf(file: string): Promise<string[]> {
  const { metafile } = await build({
    entryPoints: [file],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'node',
    external: ['*'],
    logLevel: 'silent',
  });
  return [...new Set(Object.values(metafile.inputs).flatMap((i) => i.imports.map((x) => x.path)))];
}

describe.each(Object.keys(LAMBDAS))('the %s bundle', (fn) => {
  it(`is built and at most ${MAX_BYTES.toLocaleString('en')} bytes`, () => {
    expect(existsSync(bundleOf(fn)), `${bundleOf(fn)} is missing: run \`npm run build\``).toBe(true);
    expect(statSync(bundleOf(fn)).size).toBeLessThanOrEqual(MAX_BYTES);
  });

  it('leaves the AWS SDK out (imported from the runtime, not bundled)', () => {
    const map = JSON.parse(readFileSync(`${bundleOf(fn)}.map`, 'utf8')) as { sources: string[] };
    expect(map.sources.filter((s) => s.includes('node_modules/@aws-sdk/'))).toEqual([]);
  });

  it.skipIf(CALLS_EC2.has(fn))('does not import the EC2 client (it never calls EC2)', async () => {
    const imports = await importsOf(bundleOf(fn));
    expect(imports.some((p) => p.startsWith('@aws-sdk/'))).toBe(true);
    expect(imports).not.toContain('@aws-sdk/client-ec2');
  });
});
