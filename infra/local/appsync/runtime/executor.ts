// Runs unit and pipeline resolvers the way AppSync sequences them: request handler → data source →
// response handler; a pipeline's before handler, its functions in order (ctx.prev.result chaining, one shared
// stash), then its after handler. runtime.earlyReturn skips what AppSync documents it skips.
import type { AuthMode } from '../directives.ts';
import { AppSyncFieldError } from '../errors.ts';
import { invokeDataSource, type DataSourceConfig } from '../datasources.ts';
import { EarlyReturn, withInvocation, type Invocation } from './util.ts';
import type { Handler, ResolverModule } from './loader.ts';

export interface CompiledFunction {
  name: string;
  module: ResolverModule;
  dataSource: string;
}
export interface CompiledResolver {
  typeName: string;
  fieldName: string;
  module: ResolverModule;
  /** Unit resolvers have a data source; pipeline resolvers have functions. */
  dataSource?: string;
  functions?: CompiledFunction[];
}

export interface ResolverCall {
  args: Record<string, unknown>;
  source: unknown;
  identity: Record<string, unknown>;
  authMode: AuthMode;
  headers: Record<string, unknown>;
  info: { fieldName: string; parentTypeName: string; variables: Record<string, unknown>; selectionSetList: string[]; selectionSetGraphQL: string };
}

export function newInvocation(call: ResolverCall): Invocation {
  return {
    fieldName: call.info.fieldName,
    parentTypeName: call.info.parentTypeName,
    authMode: call.authMode,
    appendedErrors: [],
    invalidations: [],
    responseHeaders: {},
  };
}

/** AppSync passes JSON between handlers and data sources: drop undefined, copy out of the vm realm. */
function json(v: unknown): unknown {
  return v === undefined ? null : JSON.parse(JSON.stringify(v));
}

function codeError(e: unknown, where: string): AppSyncFieldError {
  if (e instanceof AppSyncFieldError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  return new AppSyncFieldError(`${where}: ${msg}`, 'Code');
}

interface Ctx {
  arguments: Record<string, unknown>;
  args: Record<string, unknown>;
  identity: Record<string, unknown>;
  source: unknown;
  stash: Record<string, unknown>;
  prev: { result: unknown };
  request: { headers: Record<string, unknown>; domainName: null };
  info: ResolverCall['info'];
  env: Record<string, string>;
  result?: unknown;
  error?: { message: string; type: string };
}

type Step<T> = { value: T } | { early: EarlyReturn };

function callHandler(inv: Invocation, h: Handler | undefined, ctx: Ctx, fallback: () => unknown, where: string): Step<unknown> {
  try {
    return { value: withInvocation(inv, () => (h ? h(ctx) : fallback())) };
  } catch (e) {
    if (e instanceof EarlyReturn) return { early: e };
    throw codeError(e, where);
  }
}

export class ResolverExecutor {
  constructor(
    private dataSources: Map<string, DataSourceConfig>,
    private log: (line: string) => void,
  ) {}

  private ds(name: string): DataSourceConfig {
    const d = this.dataSources.get(name) ?? (name === 'NONE' ? { kind: 'NONE' as const } : undefined);
    if (!d) throw new AppSyncFieldError(`Data source '${name}' is not configured`, 'Code');
    return d;
  }

  /** request → data source → response, for a unit resolver or one pipeline function. */
  private async unit(inv: Invocation, mod: ResolverModule, dataSource: string, ctx: Ctx, label: string): Promise<Step<unknown>> {
    ctx.result = undefined;
    ctx.error = undefined;
    const req = callHandler(inv, mod.request, ctx, () => ({}), `${label} request`);
    if ('early' in req) return req;
    const out = await invokeDataSource(this.ds(dataSource), json(req.value), this.log);
    ctx.result = json(out.result);
    if (out.error) {
      ctx.error = out.error;
      this.log(`appsync: ${label}: data source error ${out.error.type}: ${out.error.message}`);
    }
    const res = callHandler(inv, mod.response, ctx, () => ctx.result, `${label} response`);
    return 'early' in res ? res : { value: json(res.value) };
  }

  async run(r: CompiledResolver, call: ResolverCall, inv: Invocation): Promise<unknown> {
    const label = `${r.typeName}.${r.fieldName}`;
    const ctx: Ctx = {
      arguments: call.args,
      args: call.args,
      identity: call.identity,
      source: call.source ?? null,
      stash: {},
      prev: { result: undefined },
      request: { headers: call.headers, domainName: null },
      info: call.info,
      env: {},
    };
    if (!r.functions) {
      const step = await this.unit(inv, r.module, r.dataSource ?? 'NONE', ctx, label);
      return json('early' in step ? step.early.value : step.value);
    }
    // Pipeline: the before handler's return value is the first function's ctx.prev.result.
    const before = callHandler(inv, r.module.request, ctx, () => ({}), `${label} request`);
    ctx.prev = { result: json('early' in before ? before.early.value : before.value) };
    if (!('early' in before)) {
      for (const fn of r.functions) {
        const step = await this.unit(inv, fn.module, fn.dataSource, ctx, `${label}/${fn.name}`);
        if ('early' in step) {
          ctx.prev = { result: json(step.early.value) };
          if (step.early.skipTo === 'END') break;
        } else ctx.prev = { result: step.value };
      }
    }
    ctx.result = ctx.prev.result;
    ctx.error = undefined;
    const after = callHandler(inv, r.module.response, ctx, () => ctx.prev.result, `${label} response`);
    return json('early' in after ? after.early.value : after.value);
  }
}
