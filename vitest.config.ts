import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// graphql resolved as Node resolves it (its CommonJS build): vite would pick its ESM build for our
// sources, while graphql-jit, loaded by Node, reaches the CommonJS one — two graphql instances.
const graphqlAlias = { find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') };

// Two layers. unit: pure logic, no global setup (no DynamoDB Local, no emulator), seconds.
// e2e: everything that needs the started local stack, the emulators or the built bundles.
export default defineConfig({
  resolve: { alias: [graphqlAlias] },
  test: {
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } } },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // One local stack (and one DynamoDB Local) for the whole run.
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
          env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        },
      },
    ],
  },
});
