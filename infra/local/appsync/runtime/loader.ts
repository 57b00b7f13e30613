// Loads an APPSYNC_JS bundle (ESM, importing @aws-appsync/utils[/dynamodb]) into its own node:vm context.
// node:vm runs ES modules only behind --experimental-vm-modules, so the bundle is re-emitted as CommonJS by
// esbuild (the same tool that bundled it) and its imports are served from the local runtime modules.
// The context holds only the JavaScript built-ins: no process, require, timers or network, as in APPSYNC_JS.
import vm from 'node:vm';
import { transformSync } from 'esbuild';
import { appSyncModules } from './util.ts';

export type Handler = (ctx: unknown) => unknown;
export interface ResolverModule {
  request?: Handler;
  response?: Handler;
}

export function loadResolverCode(code: string, filename: string, log: (line: string) => void = () => {}): ResolverModule {
  const { code: cjs } = transformSync(code, { format: 'cjs', loader: 'js', target: 'es2020', sourcefile: filename, sourcemap: 'inline' });
  const modules = appSyncModules();
  const utils = modules['@aws-appsync/utils'];
  const say = (...args: unknown[]) => log(`[${filename}] ${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`);
  const context = vm.createContext({
    console: { log: say, info: say, warn: say, error: say, debug: say },
    // APPSYNC_JS also exposes these as globals (see the `declare global` in @aws-appsync/utils).
    util: utils.util,
    extensions: utils.extensions,
    runtime: utils.runtime,
  });
  // esbuild's CommonJS output imports with require("...") and exports through module.exports; renaming them
  // keeps `require`, `module` and `exports` undefined for the resolver code, as in APPSYNC_JS.
  const body = cjs
    .replace(/\brequire\(("[^"]+")\)/g, '__appsync_import__($1)')
    .replace(/\bmodule\.exports\b/g, '__appsync_module__.exports');
  const factory = new vm.Script(`(function (__appsync_exports__, __appsync_import__, __appsync_module__) {${body}\n})`, { filename }).runInContext(context) as (
    exports: object,
    require: (id: string) => unknown,
    module: { exports: object },
  ) => void;
  const module = { exports: {} as Record<string, unknown> };
  factory(module.exports, (id) => {
    const m = modules[id];
    if (!m) throw new Error(`${filename}: APPSYNC_JS cannot import '${id}'`);
    return m;
  }, module);
  const exp = module.exports as Record<string, unknown>;
  return {
    request: typeof exp.request === 'function' ? (exp.request as Handler) : undefined,
    response: typeof exp.response === 'function' ? (exp.response as Handler) : undefined,
  };
}
