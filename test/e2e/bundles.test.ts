// The Lambda bundles `npm run build` writes (dist/functions/<fn>/index.mjs): small, with the AWS SDK
// left to the nodejs22.x runtime, and loading only the SDK clients their function calls. Sizes and
// imports, not timings (bench/bundles.ts measures cold init).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LAMBDAS, lambdaBundleDir } from '../../infra/api.ts';
import { sdkPackagesOf } from '../../infra/build.ts';
import { fromRoot } from '../../infra/cdk/bundles.ts';

/** 300 KB: with the SDK external a bundle is our code plus Powertools, aws-jwt-verify and the signer. */
const MAX_BYTES = 300_000;
/**
 * The functions that call EC2. The EC2 client is the heaviest SDK package (one 2 MB module, ~150 ms of a
 * cold start): any other function importing it pulls it in through a shared module by mistake.
 */
const CALLS_EC2 = new Set(['protection-groups', 'configuration', 'lookups', 'accounts', 'spot']);

const bundleOf = (fn: string) => fromRoot(`${lambdaBundleDir(fn)}/index.mjs`);

describe.each(Object.keys(LAMBDAS))('the %s bundle', (fn) => {
  it(`is built and at most ${MAX_BYTES.toLocaleString('en')} bytes`, () => {
    expect(existsSync(bundleOf(fn)), `${bundleOf(fn)} is missing: run \`npm run build\``).toBe(true);
    expect(statSync(bundleOf(fn)).size).toBeLessThanOrEqual(MAX_BYTES);
  });

  it('leaves the AWS SDK out (imported from the runtime, not bundled)', () => {
    const map = JSON.parse(readFileSync(`${bundleOf(fn)}.map`, 'utf8')) as { sources: string[] };
    expect(map.sources.filter((s) => s.includes('node_modules/@aws-sdk/'))).toEqual([]);
  });

  it(CALLS_EC2.has(fn) ? 'loads the EC2 client (it calls EC2)' : 'does not load the EC2 client (it never calls EC2)', () => {
    const packages = sdkPackagesOf(readFileSync(bundleOf(fn), 'utf8'));
    expect(packages.length).toBeGreaterThan(0);
    expect(packages.includes('@aws-sdk/client-ec2')).toBe(CALLS_EC2.has(fn));
  });
});
