// The Lambda bundles `npm run build` writes (dist/functions/<fn>/index.mjs): small, with the AWS SDK
// left to the nodejs22.x runtime — all but the EC2 commands a function calls and the DRS client (with its
// own older SDK generation; infra/build.ts says why) — and loading only the SDK clients their function calls. Sizes and imports, not timings (bench/bundles.ts measures
// cold init).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LAMBDAS, lambdaBundleDir } from '../../infra/api.ts';
import { bundlesEc2, sdkPackagesOf } from '../../infra/build.ts';
import { fromRoot } from '../../infra/cdk/bundles.ts';

/** 300 KB: with the SDK external a bundle is our code plus Powertools, aws-jwt-verify and the signer. */
const MAX_BYTES = 300_000;
/**
 * The functions that call EC2. The EC2 client is the heaviest SDK package (one 2 MB CommonJS module,
 * ~150 ms of a cold start), so it is bundled from its ES build, down to the commands used: any other
 * function carrying it pulls it in through a shared module by mistake.
 */
const CALLS_EC2 = new Set(['drill-scheduler', 'protection-groups', 'configuration', 'lookups', 'accounts', 'spot', 'executions']);

const bundleOf = (fn: string) => fromRoot(`${lambdaBundleDir(fn)}/index.mjs`);

describe.each(Object.keys(LAMBDAS))('the %s bundle', (fn) => {
  it(`is built and at most ${MAX_BYTES.toLocaleString('en')} bytes`, () => {
    expect(existsSync(bundleOf(fn)), `${bundleOf(fn)} is missing: run \`npm run build\``).toBe(true);
    expect(statSync(bundleOf(fn)).size).toBeLessThanOrEqual(MAX_BYTES);
  });

  it('leaves the AWS SDK out (imported from the runtime, not bundled), but for EC2 commands and DRS', () => {
    const map = JSON.parse(readFileSync(`${bundleOf(fn)}.map`, 'utf8')) as { sources: string[] };
    const sdk = map.sources.filter((s) => s.includes('node_modules/@aws-sdk/'));
    // DRS's generation comes along from beside it (client-drs/node_modules), never the runtime's core.
    const bundled = /node_modules\/@aws-sdk\/(client-ec2\/(dist-es\/|package\.json$)|client-drs\/)/;
    expect(sdk.filter((s) => !bundled.test(s))).toEqual([]);
    expect(sdk.filter((s) => s.includes('credential-provider'))).toEqual([]);
    // The commands it uses, not EC2's ~750: with every schema the file would be ~550 KB larger.
    if (CALLS_EC2.has(fn)) expect(sdk.filter((s) => s.includes('/commands/')).length).toBeLessThan(20);
  });

  it(CALLS_EC2.has(fn) ? 'carries the EC2 client (it calls EC2)' : 'does not carry the EC2 client (it never calls EC2)', () => {
    const code = readFileSync(bundleOf(fn), 'utf8');
    expect(sdkPackagesOf(code).length).toBeGreaterThan(0);
    expect(sdkPackagesOf(code)).not.toContain('@aws-sdk/client-ec2');
    expect(bundlesEc2(code)).toBe(CALLS_EC2.has(fn));
  });
});
