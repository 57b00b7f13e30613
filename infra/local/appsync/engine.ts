// The GraphQL engine: schema (AppSync built-ins + the project's SDL), per-field authorization, APPSYNC_JS
// resolvers on their fields and default property resolution elsewhere, query depth limit, AppSync's response
// shape, and the hand-off of each successful subscribed-to mutation to the real-time side.
import {
  GraphQLError, Kind, buildSchema, defaultFieldResolver, getArgumentValues, getLocation, getOperationAST,
  getVariableValues, isObjectType, parse, responsePathAsArray, specifiedRules, validate,
  type DocumentNode, type FieldNode, type GraphQLField, type GraphQLFieldResolver, type GraphQLSchema,
  type OperationDefinitionNode, type ValidationRule,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { AuthContext, Headers } from './auth.ts';
import { AuthDirectives, allows, subscribeMutations } from './directives.ts';
import { AppSyncFieldError, formatGraphQLError, locationsOf, unauthorizedField, type AppSyncError } from './errors.ts';
import type { SubscriptionFilter } from './filters.ts';
import { installAwsScalars } from './scalars.ts';
import { TextKeyedCache } from './lru.ts';
import { LimitError, LIMIT_ERROR_TYPES, costLimitRule, noIntrospectionRule, resolverLimitMessage } from './limits.ts';
import { collectFields, filterBySelection, selectionInfo, selectionSetGraphQL, selectionSetList, unalias, type Fragments } from './selection.ts';
import { ResolverExecutor, newInvocation, type CompiledResolver } from './runtime/executor.ts';

export interface GraphQLRequest {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

interface ExecContext {
  auth: AuthContext;
  headers: Headers;
  fragments: Fragments;
  variables: Record<string, unknown>;
  appended: AppSyncError[];
  invalidations: Array<{ subscriptionField: string; payload: Record<string, unknown> }>;
  /** Resolver invocations so far in this request (AppSync counts each field with a resolver, per list item). */
  resolverCount: number;
}

export interface Publication {
  mutationField: string;
  payload: unknown;
}

export interface SubscriptionStart {
  fieldName: string;
  args: Record<string, unknown>;
  field: FieldNode;
  fragments: Fragments;
  variables: Record<string, unknown>;
  filter?: SubscriptionFilter;
  invalidationFilter?: SubscriptionFilter;
}

export type StartResult = { ok: true; start: SubscriptionStart } | { ok: false; errors: Array<Record<string, unknown>> };

function fragmentsOf(doc: DocumentNode): Fragments {
  const out: Fragments = {};
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) out[d.name.value] = d;
  return out;
}

type CheckedDocument =
  | { ok: true; doc: DocumentNode; fragments: Fragments; compiled: Map<string, CompiledQuery> }
  | { ok: false; errors: AppSyncError[] };

function validationErrors(errors: readonly GraphQLError[]): AppSyncError[] {
  return errors.map((e) => ({
    path: null, data: null, errorType: e instanceof LimitError ? e.errorType : 'ValidationError', errorInfo: null, locations: locationsOf(e.locations), message: e.message,
  }));
}

/** Cost limits of one API (AppSync's queryDepthLimit, resolverCountLimit and introspectionConfig). */
export interface EngineLimits {
  queryDepthLimit?: number;
  /** Resolver invocations per request; AppSync's default (0 or unset) is 10,000. */
  resolverCountLimit?: number;
  /** Fields a document may select once its fragments are expanded (refused before it runs). */
  selectionLimit?: number;
  /** Tokens a document may have (graphql-js stops parsing beyond). */
  maxTokens?: number;
  introspection?: boolean;
}

export const APPSYNC_DEFAULT_RESOLVER_COUNT_LIMIT = 10_000;
export const DEFAULT_SELECTION_LIMIT = 10_000;
export const DEFAULT_MAX_TOKENS = 50_000;

export class Engine {
  readonly schema: GraphQLSchema;
  readonly auth: AuthDirectives;
  /** Subscription fields (in schema order) that each mutation field triggers. */
  readonly subscriptionsByMutation = new Map<string, string[]>();
  onPublish: (p: Publication) => void = () => {};
  onInvalidate: (subscriptionField: string, payload: Record<string, unknown>) => void = () => {};
  /** Cost rules, run before graphql-js's own (a refused document costs no more than its measurement). */
  private costRules: ValidationRule[] = [];
  private rules: ValidationRule[] = [];
  private readonly resolverCountLimit: number;
  private readonly maxTokens: number;
  /**
   * Parsed and validated documents by text: clients send the same few documents over and over, and a parse
   * and a validation on every request was 13% of the local AppSync's time under load. Validation depends on
   * the document and this schema only, so a document's answer (its AST, or its errors) is the same every time.
   */
  readonly documents = new TextKeyedCache<CheckedDocument>();

  constructor(
    builtinsSdl: string,
    schemaSdl: string,
    private resolvers: Map<string, CompiledResolver>,
    private executor: ResolverExecutor,
    limits: number | undefined | EngineLimits,
    private log: (line: string) => void,
  ) {
    this.schema = buildSchema(`${builtinsSdl}\n${schemaSdl}`);
    installAwsScalars(this.schema);
    this.auth = new AuthDirectives(this.schema);
    const l: EngineLimits = typeof limits === 'object' ? limits : { queryDepthLimit: limits };
    this.resolverCountLimit = l.resolverCountLimit && l.resolverCountLimit > 0 ? l.resolverCountLimit : APPSYNC_DEFAULT_RESOLVER_COUNT_LIMIT;
    this.maxTokens = l.maxTokens ?? DEFAULT_MAX_TOKENS;
    this.costRules.push(costLimitRule({
      depth: l.queryDepthLimit,
      resolvers: this.resolverCountLimit,
      selections: l.selectionLimit ?? DEFAULT_SELECTION_LIMIT,
      hasResolver: (t, f) => resolvers.has(`${t}.${f}`),
    }));
    if (l.introspection === false) this.rules.push(noIntrospectionRule);
    for (const key of resolvers.keys()) {
      const [t, f] = key.split('.');
      const type = this.schema.getType(t);
      if (!isObjectType(type) || !type.getFields()[f]) throw new Error(`Resolver for ${key}: no such field in the schema`);
    }
    this.installFieldResolvers();
    const sub = this.schema.getSubscriptionType();
    for (const field of Object.values(sub?.getFields() ?? {})) {
      for (const m of subscribeMutations(field)) {
        this.subscriptionsByMutation.set(m, [...(this.subscriptionsByMutation.get(m) ?? []), field.name]);
      }
    }
  }

  private installFieldResolvers() {
    for (const type of Object.values(this.schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        const resolver = this.resolvers.get(`${type.name}.${field.name}`);
        // Looked up once per field here, not once per value resolved (a page of 50 items is 600 of them).
        const rule = this.auth.rule(type.name, field.name);
        const everyone = field.name === '__typename';
        const wrapped: GraphQLFieldResolver<unknown, ExecContext> = (source, args, ctx, info) => {
          // AppSync authorizes every field, nested ones included, before resolving it.
          if (!everyone && !allows(rule, ctx.auth)) throw unauthorizedField(field.name, type.name);
          if (!resolver) return defaultFieldResolver(source, args, ctx, info);
          // AppSync's resolverCountLimit: invocations past the limit answer null with its error.
          if (++ctx.resolverCount > this.resolverCountLimit) {
            throw new AppSyncFieldError(resolverLimitMessage(this.resolverCountLimit), LIMIT_ERROR_TYPES.resolvers);
          }
          return this.runField(resolver, source, args, ctx, info);
        };
        (field as GraphQLField<unknown, ExecContext>).resolve = wrapped;
      }
    }
  }

  private async runField(
    resolver: CompiledResolver,
    source: unknown,
    args: Record<string, unknown>,
    ctx: ExecContext,
    info: import('graphql').GraphQLResolveInfo,
  ): Promise<unknown> {
    const call = {
      args,
      source: info.parentType === this.schema.getQueryType() || info.parentType === this.schema.getMutationType() ? null : source,
      identity: ctx.auth.identity,
      authMode: ctx.auth.mode,
      headers: ctx.headers,
      info: {
        fieldName: info.fieldName,
        parentTypeName: info.parentType.name,
        variables: ctx.variables,
        ...selectionInfo(info.fieldNodes, ctx.fragments, ctx.variables),
      },
    };
    const inv = newInvocation(call);
    const path = responsePathAsArray(info.path);
    const locations = locationsOf(info.fieldNodes.flatMap((n) => (n.loc ? [getLocation(n.loc.source, n.loc.start)] : [])));
    const selection = info.fieldNodes[0]?.selectionSet;
    try {
      return await this.executor.run(resolver, call, inv);
    } catch (e) {
      if (e instanceof AppSyncFieldError && e.data !== null && typeof e.data === 'object') {
        e.data = filterBySelection(e.data, selection, ctx.fragments, ctx.variables);
      }
      throw e;
    } finally {
      for (const a of inv.appendedErrors) {
        ctx.appended.push({
          path, locations, message: a.message, errorType: a.errorType, errorInfo: a.errorInfo ?? null,
          data: a.data !== null && typeof a.data === 'object' ? filterBySelection(a.data, selection, ctx.fragments, ctx.variables) : a.data ?? null,
        });
      }
      ctx.invalidations.push(...inv.invalidations);
    }
  }

  private prepare(req: GraphQLRequest): { ok: true; doc: DocumentNode; fragments: Fragments; op: OperationDefinitionNode; checked: Extract<CheckedDocument, { ok: true }> } | { ok: false; errors: AppSyncError[] } {
    if (typeof req.query !== 'string' || !req.query.trim()) {
      return { ok: false, errors: [{ path: null, data: null, errorType: 'MalformedHttpRequestException', errorInfo: null, locations: null, message: 'Invalid request: the query is missing.' }] };
    }
    let checked = this.documents.get(req.query);
    if (!checked) {
      checked = this.check(req.query);
      this.documents.set(req.query, checked);
    }
    // Callers own the errors they are given: a cached answer is handed out as a copy.
    if (!checked.ok) return { ok: false, errors: structuredClone(checked.errors) };
    const { doc, fragments } = checked;
    const op = getOperationAST(doc, typeof req.operationName === 'string' ? req.operationName : undefined);
    if (!op) return { ok: false, errors: validationErrors([new GraphQLError('Unknown or ambiguous operation name.')]) };
    return { ok: true, doc, fragments, op, checked };
  }

  /**
   * The operation compiled to a function (graphql-jit), once per cached document and operation: the same
   * answer as graphql-js's execute, without re-walking the document for every value (a page of 50 groups
   * is 600 of them) — graphql-js's execute was most of the local AppSync's own CPU per list request.
   */
  private compiled(checked: Extract<CheckedDocument, { ok: true }>, doc: DocumentNode, op: OperationDefinitionNode): CompiledQuery {
    const name = op.name?.value ?? '';
    let c = checked.compiled.get(name);
    if (!c) {
      const made = compileQuery(this.schema, doc, op.name?.value);
      if (!isCompiledQuery(made)) throw new Error(`graphql-jit could not compile operation "${name}": ${made.errors?.map((e) => e.message).join('; ')}`);
      c = made;
      checked.compiled.set(name, c);
    }
    return c;
  }

  /** Parse and validate: what depends on the document text and the schema only (hence cacheable). */
  private check(query: string): CheckedDocument {
    let doc: DocumentNode;
    try {
      doc = parse(query, { maxTokens: this.maxTokens });
    } catch (e) {
      const g = e as GraphQLError;
      return { ok: false, errors: [{ path: null, data: null, errorType: 'ValidationError', errorInfo: null, locations: locationsOf(g.locations), message: g.message }] };
    }
    // The cost rules first and alone: graphql-js's own rules are not all linear in a document's expansion.
    const costErrors = validate(this.schema, doc, this.costRules);
    if (costErrors.length) return { ok: false, errors: validationErrors(costErrors) };
    const errors = validate(this.schema, doc, [...specifiedRules, ...this.rules]);
    if (errors.length) return { ok: false, errors: validationErrors(errors) };
    return { ok: true, doc, fragments: fragmentsOf(doc), compiled: new Map() };
  }

  /** One HTTP GraphQL request, already authenticated. Publishes what its mutations trigger. */
  async execute(req: GraphQLRequest, auth: AuthContext, headers: Headers): Promise<Record<string, unknown>> {
    const prep = this.prepare(req);
    if (!prep.ok) return { data: null, errors: prep.errors };
    const { doc, fragments, op, checked } = prep;
    if (op.operation === 'subscription') {
      return { data: null, errors: [{ path: null, data: null, errorType: 'UnsupportedOperation', errorInfo: null, locations: locationsOf(op.loc ? [getLocation(op.loc.source, op.loc.start)] : []), message: 'Subscriptions are served by the real-time endpoint (/graphql/realtime).' }] };
    }
    const variables = (req.variables && typeof req.variables === 'object' ? req.variables : {}) as Record<string, unknown>;
    const ctx: ExecContext = { auth, headers, fragments, variables, appended: [], invalidations: [], resolverCount: 0 };
    // Variables are coerced by graphql-js first, so a refusal reads exactly as before (the REST façade
    // maps its wording to MISSING_FIELD / INVALID_REQUEST naming the field).
    const coerced = getVariableValues(this.schema, op.variableDefinitions ?? [], variables);
    if (coerced.errors) return { data: null, errors: validationErrors(coerced.errors) };
    const result = await this.compiled(checked, doc, op).query({}, ctx, variables);
    // No data at all: the variables did not coerce (a wrong type, a null for a required value, an unknown
    // enum value or field). A request-level validation failure, as for the document itself.
    if (!('data' in result) && result.errors?.length) return { data: null, errors: validationErrors(result.errors) };
    const errors = [...(result.errors ?? []).map((e) => formatGraphQLError(e, this.schema)), ...ctx.appended];
    if (op.operation === 'mutation' && result.data) this.publishFrom(op, ctx, result.data, result.errors ?? []);
    for (const inv of ctx.invalidations) this.onInvalidate(inv.subscriptionField, inv.payload);
    const body: Record<string, unknown> = { data: result.data ?? null };
    if (errors.length) body.errors = errors;
    return body;
  }

  /** Each subscribed-to mutation field that answered without error publishes what its selection returned. */
  private publishFrom(op: OperationDefinitionNode, ctx: ExecContext, data: Record<string, unknown>, errors: readonly GraphQLError[]) {
    const mutationType = this.schema.getMutationType();
    if (!mutationType) return;
    const seen = new Set<string>();
    for (const f of collectTopFields(op, ctx)) {
      const key = f.alias?.value ?? f.name.value;
      if (seen.has(key) || !this.subscriptionsByMutation.has(f.name.value)) continue;
      seen.add(key);
      const value = data[key];
      if (value === null || value === undefined) continue;
      if (errors.some((e) => e.path?.length === 1 && e.path[0] === key)) continue;
      const payload = unalias(value, f.selectionSet, ctx.fragments, ctx.variables);
      try {
        this.onPublish({ mutationField: f.name.value, payload });
      } catch (e) {
        this.log(`appsync: publishing ${f.name.value} failed: ${(e as Error).message}`);
      }
    }
  }

  /** A real-time `start`: validate, authorize the subscription field, run its resolver (filters, errors). */
  async startSubscription(req: GraphQLRequest, auth: AuthContext, headers: Headers): Promise<StartResult> {
    const prep = this.prepare(req);
    if (!prep.ok) return { ok: false, errors: prep.errors.map(({ errorType, message, locations }) => ({ errorType, message, locations })) };
    const { fragments, op } = prep;
    if (op.operation !== 'subscription') {
      return { ok: false, errors: [{ errorType: 'UnsupportedOperation', message: `${op.operation} not supported through the realtime channel` }] };
    }
    const sub = this.schema.getSubscriptionType()!;
    const rawVars = (req.variables && typeof req.variables === 'object' ? req.variables : {}) as Record<string, unknown>;
    const coerced = getVariableValues(this.schema, op.variableDefinitions ?? [], rawVars);
    if (coerced.errors) return { ok: false, errors: coerced.errors.map((e) => ({ errorType: 'ValidationError', message: e.message })) };
    const variables = coerced.coerced;
    const ctx: ExecContext = { auth, headers, fragments, variables: rawVars, appended: [], invalidations: [], resolverCount: 0 };
    const [field] = collectTopFields(op, ctx);
    const def = sub.getFields()[field.name.value];
    if (!this.auth.allows(sub.name, def.name, auth)) {
      const e = unauthorizedField(def.name, sub.name);
      return { ok: false, errors: [{ errorType: e.errorType, message: e.message }] };
    }
    let args: Record<string, unknown>;
    try {
      args = getArgumentValues(def, field, variables);
    } catch (e) {
      return { ok: false, errors: [{ errorType: 'ValidationError', message: (e as Error).message }] };
    }
    const start: SubscriptionStart = { fieldName: def.name, args, field, fragments, variables: rawVars };
    const resolver = this.resolvers.get(`${sub.name}.${def.name}`);
    if (resolver) {
      const call = {
        args, source: null, identity: auth.identity, authMode: auth.mode, headers,
        info: {
          fieldName: def.name, parentTypeName: sub.name, variables: rawVars,
          selectionSetList: selectionSetList([field], fragments, rawVars), selectionSetGraphQL: selectionSetGraphQL([field]),
        },
      };
      const inv = newInvocation(call);
      try {
        await this.executor.run(resolver, call, inv);
      } catch (e) {
        const err = e instanceof AppSyncFieldError ? e : new AppSyncFieldError((e as Error).message, 'Code');
        return { ok: false, errors: [{ errorType: err.errorType, message: err.message, ...(err.data !== null ? { data: err.data } : {}), ...(err.errorInfo !== null ? { errorInfo: err.errorInfo } : {}) }] };
      }
      start.filter = inv.subscriptionFilter;
      start.invalidationFilter = inv.invalidationFilter;
    }
    return { ok: true, start };
  }
}

function collectTopFields(op: OperationDefinitionNode, ctx: { fragments: Fragments; variables: Record<string, unknown> }): FieldNode[] {
  return collectFields(op.selectionSet, ctx.fragments, ctx.variables);
}
