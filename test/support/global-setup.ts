// Starts the local stack once per test run on free ports; test files read its endpoints with inject().
import type { TestProject } from 'vitest/node';
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
  project.provide('endpoints', stack.endpoints);
  project.provide('expiredToken', stack.emulator.cognito.mintToken('admin', { expiresInSeconds: -60 }));
  return () => stack.stop();
}
