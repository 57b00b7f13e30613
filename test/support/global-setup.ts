// Starts the local stack once per test run on free ports; test files read its endpoints with inject().
import type { TestProject } from 'vitest/node';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startStack, type Endpoints } from '../../infra/local/stack.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    endpoints: Endpoints;
    /** An access token signed by the local pool's real key that expired a minute ago. */
    expiredToken: string;
  }
}

export default async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // The first fallback poll an hour (3.6 s at SIM_SPEED 1000) after a launch starts, well after any
  // simulated launch ends: DRS's events drive every execution, and a test can tell when the fallback did.
  process.env.DRS_LAUNCH_SECONDS ??= '3600';
  const stack = await startStack({ port: 0, awsPort: 0, stage: 'dev', endpointsFile: null, simSpeed: 1000 });
  trustLocalCa(stack.endpoints.caFile);
  project.provide('endpoints', stack.endpoints);
  project.provide('expiredToken', stack.emulator.cognito.mintToken('admin', { expiresInSeconds: -60 }));
  return () => stack.stop();
}

/**
 * Test workers trust the stack's local CA (https://, wss://): Node reads NODE_EXTRA_CA_CERTS once, when
 * a process starts, so it is set here, before vitest forks its workers (which inherit this environment).
 * A CA file the caller already trusts this way stays trusted: both go into one bundle beside ours.
 */
function trustLocalCa(caFile: string | undefined) {
  if (!caFile) return;
  const given = process.env.NODE_EXTRA_CA_CERTS;
  if (!given || given === caFile) {
    process.env.NODE_EXTRA_CA_CERTS = caFile;
    return;
  }
  const bundle = join(caFile, '..', 'ca-bundle.pem');
  writeFileSync(bundle, `${readFileSync(given, 'utf8').trim()}\n${readFileSync(caFile, 'utf8')}`);
  process.env.NODE_EXTRA_CA_CERTS = bundle;
}
