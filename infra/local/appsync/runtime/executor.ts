// Runs unit and pipeline resolvers the way AppSync sequences them: request handler → data source →
// response handler; a pipeline's before handler, its functions in order (ctx.prev.result chaining, one shared
// stash), then its after handler. runtime.earlyReturn skips what AppSync documents it skips.
import type { AuthMode } from '../directives.ts';
import { AppSyncFieldError } from '../errors.ts';
import { invokeDataSource, isBuiltPlain, type DataSourceConfig } from '../datasources.ts';
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

/** A request handler's answer, as the data source receives it: JSON (undefined dropped, out of the vm realm). */
function json(v: unknown): unknown {
  return v === undefined ? null : JSON.parse(JSON.stringify(v));
}

/**
 * True when `v` already is what a JSON round trip would give back, so copying it would change nothing:
 * strings, finite numbers, booleans, null, arrays and plain objects of those, and no object reached twice
 * (JSON would write a shared object twice, and throws on a cycle). Undefined, functions, symbols, bigints,
 * NaN, class instances (Date, Map, Buffer, ...) and anything with toJSON are not. Nor is an object in
 * `elsewhere`: a copy would not share it.
 */
function plainJson(v: unknown, seen: Set<object>, elsewhere: Set<object> | undefined): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(v);
    case 'object':
      break;
    default:
      return false;
  }
  if (v === null) return true;
  if (seen.has(v) || elsewhere?.has(v)) return false;
  seen.add(v);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!plainJson(v[i], seen, elsewhere)) return false;
    return true;
  }
  // A plain object's prototype is a realm's Object.prototype (whose own prototype is null) or null.
  const proto = Object.getPrototypeOf(v);
  if (proto !== null && Object.getPrototypeOf(proto) !== null) return false;
  const o = v as Record<string, unknown>;
  if (typeof o.toJSON === 'function') return false;
  for (const k in o) if (!plainJson(o[k], seen, elsewhere)) return false;
  return true;
}

/** Every object reachable from the given roots. */
function reachable(roots: unknown[]): Set<object> {
  const out = new Set<object>();
  const walk = (v: unknown) => {
    if (v === null || typeof v !== 'object' || out.has(v)) return;
    out.add(v);
    if (Array.isArray(v)) for (const x of v) walk(x);
    else for (const k in v as Record<string, unknown>) walk((v as Record<string, unknown>)[k]);
  };
  for (const r of roots) walk(r);
  return out;
}

/**
 * What crosses from one handler to the next (ctx.result, ctx.prev.result, the field's value) is JSON in
 * AppSync: undefined is dropped, a Date becomes its ISO text, the value is a copy. A value that is already
 * plain JSON is passed on as it is, which is what copying it would give, without the cost of a
 * JSON.stringify and JSON.parse of every item of every page. A handler's answer that shares an object with
 * what handlers reach by another way (`others`: ctx.stash, ctx.args, ctx.identity, ...; later ones of a
 * pipeline, or the field's children through ctx.source) is copied, so that changing one never changes the
 * other, as with a copy.
 */
function settle(v: unknown, others?: () => unknown[]): unknown {
  if (v === undefined) return null;
  if (v === null || typeof v !== 'object') return plainJson(v, new Set(), undefined) ? v : json(v);
  return plainJson(v, new Set(), others && reachable(others())) ? v : json(v);
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
    // The field and caller go along: a DynamoDB data source binds its nextTokens to them (as AppSync's are opaque).
    const out = await invokeDataSource(this.ds(dataSource), json(req.value), this.log, {
      field: `${ctx.info.parentTypeName}.${ctx.info.fieldName}`,
      identity: ctx.identity,
    });
    // The data source's answer is this invocation's own (built for it, shared with nothing); one that is
    // plain JSON by construction (DynamoDB items) needs no check either.
    ctx.result = isBuiltPlain(out.result) ? out.result : settle(out.result);
    if (out.error) {
      ctx.error = out.error;
      this.log(`appsync: ${label}: data source error ${out.error.type}: ${out.error.message}`);
    }
    const res = callHandler(inv, mod.response, ctx, () => ctx.result, `${label} response`);
    return 'early' in res ? res : { value: settle(res.value, reachableElsewhere(ctx)) };
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
      return 'early' in step ? settle(step.early.value, reachableElsewhere(ctx)) : step.value;
    }
    // Pipeline: the before handler's return value is the first function's ctx.prev.result.
    const later = reachableElsewhere(ctx);
    const before = callHandler(inv, r.module.request, ctx, () => ({}), `${label} request`);
    ctx.prev = { result: settle('early' in before ? before.early.value : before.value, later) };
    if (!('early' in before)) {
      for (const fn of r.functions) {
        const step = await this.unit(inv, fn.module, fn.dataSource, ctx, `${label}/${fn.name}`);
        if ('early' in step) {
          ctx.prev = { result: settle(step.early.value, later) };
          if (step.early.skipTo === 'END') break;
        } else ctx.prev = { result: step.value };
      }
    }
    ctx.result = ctx.prev.result;
    ctx.error = undefined;
    const after = callHandler(inv, r.module.response, ctx, () => ctx.prev.result, `${label} response`);
    return settle('early' in after ? after.early.value : after.value, later);
  }
}

/** What handlers reach besides ctx.prev.result and ctx.result (ctx.source is the parent field's value). */
function reachableElsewhere(ctx: Ctx): () => unknown[] {
  return () => [ctx.stash, ctx.args, ctx.source, ctx.identity, ctx.request, ctx.info, ctx.env];
}
