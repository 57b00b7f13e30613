// Bundles what both stacks run: the APPSYNC_JS resolver code infra/api.ts WIRING implies (ESM,
// @aws-appsync/utils external, as AppSync requires) — each field's own resolver, and the shared Lambda,
// not-implemented, pipeline and user-status code once each — and every Lambda (ESM for nodejs22.x). infra/cdk deploys
// these files; infra/local runs them. Then, as a step of its own, the drill dashboard (buildDashboard).
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { LAMBDAS, resolverCode } from './api.ts';

const root = new URL('..', import.meta.url).pathname;

/**
 * `@aws-sdk/*` stays out of the Lambda bundles (the nodejs22.x runtime provides SDK v3; locally it
 * resolves from the repository's node_modules) and is loaded with require(), not import: the SDK's
 * packages are CommonJS, and imported from an ES module each one's file is read twice more before it
 * runs (Node checks it for module syntax and lexes it for its export names) — for the EC2 client's one
 * 2 MB file that costs more than compiling it. Each package becomes a small ES module holding that
 * require and one pure export per name the package has, so the bundle keeps only the names it uses
 * (esbuild's own CommonJS interop would copy all of them at start-up: ~5,000 for EC2).
 */
const SDK_BY_REQUIRE = 'aws-sdk-by-require';
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
/**
 * Two exceptions are bundled, from their ES builds:
 * - the EC2 client: its CommonJS file holds all ~750 operations and takes ~150 ms to load; the commands
 *   a function uses, with the schemas they reach, are 30–70 KB. What that code imports (the SDK's and
 *   Smithy's core) still comes from the runtime.
 * - the DRS client: the registry here has it only at 3.523, an older SDK generation that loads its own
 *   core and middleware (~60 small CommonJS modules, ~45 ms). Bundled with that generation's packages it
 *   is ~100 KB parsed once, and the DRS client that runs is the one tested, not whatever the runtime
 *   ships. Its credential chain is the runtime's (the provider interface is the same across generations).
 */
const BUNDLED_SDK = /^@aws-sdk\/client-(ec2|drs)(\/|$)/;
const IN_EC2 = /node_modules\/@aws-sdk\/client-ec2\//;
const DRS_DIR = realpathSync(join(root, 'node_modules/@aws-sdk/client-drs')) + '/';
/** A package DRS's generation installed beside the client (its own core), which the bundle takes along. */
const drsOwn = (importer: string, path: string) =>
  importer.startsWith(DRS_DIR) && path !== '@aws-sdk/credential-provider-node' && existsSync(join(DRS_DIR, 'node_modules', ...path.split('/').slice(0, 2)));
const sdkByRequire: Plugin = {
  name: SDK_BY_REQUIRE,
  setup(b) {
    const requireSdk = createRequire(join(root, 'package.json'));
    b.onResolve({ filter: /^@smithy\// }, (a) => {
      if (a.namespace === SDK_BY_REQUIRE) return { path: a.path, external: true };
      return IN_EC2.test(a.importer) ? { path: a.path, namespace: SDK_BY_REQUIRE } : undefined;
    });
    b.onResolve({ filter: /^@aws-sdk\// }, (a) => {
      if (a.namespace === SDK_BY_REQUIRE) return { path: a.path, external: true };
      return BUNDLED_SDK.test(a.path) || drsOwn(a.importer, a.path) ? undefined : { path: a.path, namespace: SDK_BY_REQUIRE };
    });
    // Each schema `var X = [ … ];` becomes a pure call: esbuild keeps an array literal with computed
    // keys even when nothing uses it, so without this all of EC2's schemas stay (~550 KB).
    b.onLoad({ filter: /@aws-sdk\/client-ec2\/dist-es\/schemas\/schemas_\d+\.js$/ }, (a) => ({
      contents: readFileSync(a.path, 'utf8').replace(
        /^((?:export )?(?:var|const) [\w$]+ = )(\[[\s\S]*?\]);$/gm,
        '$1/* @__PURE__ */ (() => $2)();',
      ),
      loader: 'js',
    }));
    b.onLoad({ filter: /.*/, namespace: SDK_BY_REQUIRE }, (a) => {
      const names = Object.keys(requireSdk(a.path) as object).filter((n) => IDENTIFIER.test(n) && n !== '__esModule' && n !== 'default');
      const contents = [
        `const sdk = require(${JSON.stringify(a.path)});`,
        'const pick = (name) => sdk[name];',
        'export default sdk;',
        ...names.map((n, i) => `const e${i} = /* @__PURE__ */ pick(${JSON.stringify(n)}); export { e${i} as ${n} };`),
      ].join('\n');
      return { contents, loader: 'js', resolveDir: root };
    });
  },
};

/** The `@aws-sdk/*` packages a Lambda bundle loads: the `require("@aws-sdk/…")` sdkByRequire wrote. */
export function sdkPackagesOf(bundleCode: string): string[] {
  const loads = bundleCode.matchAll(/=\s*[\w$]+\(\s*"(@aws-sdk\/[\w.-]+)"\s*\)/g);
  return [...new Set([...loads].map((m) => m[1]))];
}

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
    ...LAMBDA_BUILD,
    entryPoints: Object.fromEntries(Object.keys(LAMBDAS).map((fn) => [`${fn}/index`, join(root, 'functions', fn, 'handler.ts')])),
    outdir: join(root, 'dist/functions'),
    outExtension: { '.js': '.mjs' },
  });
  await buildDashboard();
}

/** How every Lambda is bundled (bench/bundles.ts builds its EC2 probe the same way). */
export const LAMBDA_BUILD: BuildOptions = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  // The nodejs22.x runtime provides AWS SDK v3 (CDK NodejsFunction's own default is to leave it out):
  // the bundle keeps only our code and the small libraries beside it (Powertools, aws-jwt-verify, the
  // SigV4 signer). The plugin makes `@aws-sdk/*` external, loaded with require(), all but EC2 and DRS.
  plugins: [sdkByRequire],
  // ESM builds of what is bundled, so unused parts of them (most of @smithy/core) are dropped.
  mainFields: ['module', 'main'],
  minify: true,
  sourcemap: 'linked',
  // --enable-source-maps (the functions' NODE_OPTIONS) reads the map at load: file and line suffice.
  sourcesContent: false,
  // A real require() for the SDK (and for any CommonJS dependency that still calls it).
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  logLevel: 'warning',
};

/** Whether a Lambda bundle carries the (bundled) EC2 client: its service namespace is in the code. */
export const bundlesEc2 = (bundleCode: string) => bundleCode.includes('com.amazonaws.ec2');

/**
 * The live drill dashboard (dashboard/): a static web app, apart from the Lambda and resolver bundles —
 * index.html and style.css as they are, and app.js, the TypeScript bundled for browsers with Amplify JS
 * and the typed operations (operations/generated/). The local stack serves dist/dashboard at /dashboard/;
 * infra/cdk/dashboard.ts puts it on S3 behind CloudFront. Its amplify_outputs.json is not built: each
 * place that serves it writes its own.
 */
export const DASHBOARD_DIST = join(root, 'dist/dashboard');
export async function buildDashboard(): Promise<void> {
  rmSync(DASHBOARD_DIST, { recursive: true, force: true });
  mkdirSync(DASHBOARD_DIST, { recursive: true });
  for (const file of ['index.html', 'style.css']) copyFileSync(join(root, 'dashboard', file), join(DASHBOARD_DIST, file));
  await build({
    entryPoints: { app: join(root, 'dashboard/src/main.ts') },
    outdir: DASHBOARD_DIST,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: 'linked',
    sourcesContent: false,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await buildAll();
