// schema.graphql ↔ infra/api.ts ↔ resolvers/ ↔ platform/rbac.ts: every GraphQL field is wired
// exactly once, has its code, has an RBAC rule, and its auth directives say what the rule says.
// WIRING, OPERATION_RULES and each Lambda's routes are keyed by the generated field keys, so tsc
// already refuses a missing or unknown key (and a Lambda-served field its handler does not route);
// these tests hold the same against schema.graphql itself and check what the compiler cannot: files.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  Kind,
  buildSchema,
  parse,
  type ConstDirectiveNode,
  type FieldDefinitionNode,
  type ObjectTypeDefinitionNode,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  DATA_SOURCES,
  FIELDS,
  LAMBDA_RESOLVER,
  NOT_IMPLEMENTED,
  NOT_IMPLEMENTED_RESOLVER,
  PIPELINE_RESOLVER,
  USER_STATUS_FUNCTION,
  WIRING,
  fieldResolvers,
  pipelineFunctions,
  resolverCode,
} from '../../infra/api.ts';
import { IAM_ONLY, OPERATION_RULES, ROLES, rolesFor, type Rule } from '../../platform/rbac.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const schemaText = readFileSync(join(root, 'schema.graphql'), 'utf8');
const builtins = readFileSync(join(root, 'infra/appsync-builtins.graphql'), 'utf8');
const doc = parse(schemaText);

const ROOT_TYPES = ['Query', 'Mutation', 'Subscription'] as const;
const objectTypes = doc.definitions.filter((d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION);
const rootTypes = objectTypes.filter((t) => (ROOT_TYPES as readonly string[]).includes(t.name.value));
const fields: { key: string; type: string; node: FieldDefinitionNode }[] = rootTypes.flatMap((t) =>
  (t.fields ?? []).map((f) => ({ key: `${t.name.value}.${f.name.value}`, type: t.name.value, node: f })),
);
const fieldKeys = fields.map((f) => f.key);

const directive = (node: { directives?: readonly ConstDirectiveNode[] }, name: string) =>
  (node.directives ?? []).filter((d) => d.name.value === name);

/** The string list argument `arg` of a directive, or undefined when the argument is absent. */
function listArg(d: ConstDirectiveNode, arg: string): string[] | undefined {
  const a = d.arguments?.find((x) => x.name.value === arg);
  if (!a) return undefined;
  if (a.value.kind !== Kind.LIST) throw new Error(`@${d.name.value}(${arg}:) is not a list`);
  return a.value.values.map((v) => {
    if (v.kind !== Kind.STRING) throw new Error(`@${d.name.value}(${arg}:) has a non-string entry`);
    return v.value;
  });
}

const duplicates = (xs: string[]) => [...new Set(xs.filter((x, i) => xs.indexOf(x) !== i))];

/** The rule of a key read from the schema (which may, in a broken tree, be no FieldKey at all). */
const ruleOf = (key: string): Rule | undefined => (OPERATION_RULES as Partial<Record<string, Rule>>)[key];

describe('schema.graphql', () => {
  it('builds against the AppSync built-ins (scalars and directives declared in infra/appsync-builtins.graphql)', () => {
    expect(() => buildSchema(`${builtins}\n${schemaText}`)).not.toThrow();
  });

  it('declares the three root types with fields', () => {
    expect(rootTypes.map((t) => t.name.value).sort()).toEqual([...ROOT_TYPES].sort());
    for (const t of ROOT_TYPES) expect(fields.filter((f) => f.type === t).length).toBeGreaterThan(0);
    expect(duplicates(fieldKeys)).toEqual([]);
  });
});

describe('infra/api.ts wiring', () => {
  const wired: string[] = FIELDS;
  const resolvers = fieldResolvers();
  const own = resolvers.filter((r) => r.code !== LAMBDA_RESOLVER && r.code !== NOT_IMPLEMENTED_RESOLVER);

  it('wires every Query/Mutation/Subscription field exactly once (WIRING)', () => {
    expect(duplicates(wired), 'listed twice').toEqual([]);
    expect(fieldKeys.filter((k) => !wired.includes(k)), 'schema fields without a resolver').toEqual([]);
    expect(wired.filter((k) => !fieldKeys.includes(k)), 'wired fields missing from the schema').toEqual([]);
  });

  const wiring = WIRING as Partial<Record<string, string>>;

  it('runs the shared Lambda resolver on the Lambda data source WIRING names, for each Lambda-served field', () => {
    for (const r of resolvers) {
      const w = wiring[r.field];
      if (w === NOT_IMPLEMENTED) continue;
      expect(r.dataSource, r.field).toBe(w);
      const lambda = DATA_SOURCES[r.dataSource].kind === 'LAMBDA';
      expect(r.code === LAMBDA_RESOLVER, r.field).toBe(lambda);
    }
  });

  it('runs resolvers/notImplemented.ts on the NONE data source for the NOT_IMPLEMENTED fields', () => {
    const notImplemented = resolvers.filter((r) => wiring[r.field] === NOT_IMPLEMENTED);
    for (const r of notImplemented) expect([r.field, r.dataSource, r.code]).toEqual([r.field, 'none', NOT_IMPLEMENTED_RESOLVER]);
    expect(resolvers.filter((r) => r.code === NOT_IMPLEMENTED_RESOLVER)).toEqual(notImplemented);
  });

  it('gives each table or NONE field its own resolvers/<Type>/<field>.ts, bundled as dist/resolvers/<Type>.<field>.js', () => {
    for (const r of own) {
      expect(DATA_SOURCES[r.dataSource].kind, r.field).not.toBe('LAMBDA');
      expect(r.code, r.field).toEqual({ name: r.field, source: `resolvers/${r.typeName}/${r.fieldName}.ts`, bundle: `dist/resolvers/${r.field}.js` });
    }
    expect(own.length).toBeGreaterThan(0);
  });

  it('makes every table field a pipeline: the shared status check, then its own code on the table', () => {
    for (const r of resolvers) {
      const table = DATA_SOURCES[r.dataSource].kind === 'DYNAMODB';
      expect(r.pipeline !== undefined, r.field).toBe(table);
      if (!r.pipeline) continue;
      expect(r.pipeline.code, r.field).toBe(PIPELINE_RESOLVER);
      expect(r.pipeline.functions, r.field).toEqual([
        USER_STATUS_FUNCTION,
        { name: `${r.typeName}_${r.fieldName}`, dataSource: r.dataSource, code: r.code },
      ]);
    }
    const table = Object.entries(WIRING).filter(([, w]) => w === 'table').map(([f]) => f);
    expect(resolvers.filter((r) => r.pipeline).map((r) => r.field)).toEqual(table);
    expect(table.length).toBeGreaterThan(0);
    expect(USER_STATUS_FUNCTION.dataSource).toBe('table');
  });

  it('deploys each pipeline function once, under an AppSync function name', () => {
    const fns = pipelineFunctions();
    expect(duplicates(fns.map((f) => f.name))).toEqual([]);
    for (const f of fns) expect(f.name).toMatch(/^[_A-Za-z][_0-9A-Za-z]*$/);
    expect(fns.filter((f) => f === USER_STATUS_FUNCTION)).toHaveLength(1);
    expect(fns.length).toBe(1 + resolvers.filter((r) => r.pipeline).length);
  });

  it('has the source of every resolver bundle it deploys, each bundle once', () => {
    const code = resolverCode();
    expect(code.filter((c) => !existsSync(join(root, c.source))).map((c) => c.source)).toEqual([]);
    expect(duplicates(code.map((c) => c.bundle))).toEqual([]);
    expect(code).toContainEqual(LAMBDA_RESOLVER);
    expect(code).toContainEqual(PIPELINE_RESOLVER);
    expect(code).toContainEqual(USER_STATUS_FUNCTION.code);
    expect(code.length).toBe(own.length + 3 + (resolvers.some((r) => r.code === NOT_IMPLEMENTED_RESOLVER) ? 1 : 0));
  });

  it('has no file under resolvers/Query|Mutation|Subscription but the own resolvers WIRING implies', () => {
    const files: string[] = [];
    for (const type of ROOT_TYPES) {
      const dir = join(root, 'resolvers', type);
      if (!existsSync(dir)) continue;
      for (const f of readdirSync(dir)) {
        // A Lambda-served or not-implemented field runs shared code: a file of its own would never be built.
        if (statSync(join(dir, f)).isFile()) files.push(`${type}.${f.replace(/\.ts$/, '')}`);
      }
    }
    expect(files.filter((k) => !own.some((r) => r.field === k))).toEqual([]);
  });
});

describe('auth directives ↔ rbac.ts', () => {
  it('has an OPERATION_RULES entry for every field, and none for fields that do not exist', () => {
    expect(fieldKeys.filter((k) => !ruleOf(k))).toEqual([]);
    expect(Object.keys(OPERATION_RULES).filter((k) => !fieldKeys.includes(k))).toEqual([]);
  });

  it('puts an auth directive on every field, and lets IAM callers (AWS services, the REST façade) reach each', () => {
    for (const f of fields) {
      const auth = [...directive(f.node, 'aws_cognito_user_pools'), ...directive(f.node, 'aws_iam')];
      expect(auth.length, `${f.key} has no auth directive`).toBeGreaterThan(0);
      expect(directive(f.node, 'aws_iam').length, `${f.key} lacks @aws_iam`).toBe(1);
      // Directives AppSync would not honour here (other auth modes are not configured on the API).
      for (const other of ['aws_api_key', 'aws_oidc', 'aws_lambda', 'aws_auth']) {
        expect(directive(f.node, other), `${f.key} has @${other}`).toEqual([]);
      }
    }
  });

  it("lists exactly rolesFor(rule) in each field's cognito_groups; IAM_ONLY fields carry only @aws_iam", () => {
    const mismatches: string[] = [];
    for (const f of fields) {
      const rule = ruleOf(f.key);
      if (!rule) continue; // reported by the test above
      const cognito = directive(f.node, 'aws_cognito_user_pools');
      if (rule === IAM_ONLY) {
        if (cognito.length > 0) mismatches.push(`${f.key}: IAM_ONLY but has @aws_cognito_user_pools`);
        continue;
      }
      if (cognito.length !== 1) {
        mismatches.push(`${f.key}: expected one @aws_cognito_user_pools, found ${cognito.length}`);
        continue;
      }
      const groups = listArg(cognito[0], 'cognito_groups');
      if (!groups) {
        // Without cognito_groups every signed-in user passes, whatever the rule says.
        mismatches.push(`${f.key}: @aws_cognito_user_pools without cognito_groups`);
        continue;
      }
      if (duplicates(groups).length) mismatches.push(`${f.key}: duplicate groups ${duplicates(groups)}`);
      const unknown = groups.filter((g) => !(ROLES as readonly string[]).includes(g));
      if (unknown.length) mismatches.push(`${f.key}: unknown groups ${unknown}`);
      const want = [...rolesFor(rule)].sort();
      const got = [...new Set(groups)].sort();
      if (JSON.stringify(want) !== JSON.stringify(got)) {
        mismatches.push(`${f.key} (${rule}): schema ${JSON.stringify(got)} ≠ rbac ${JSON.stringify(want)}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('marks every object type @aws_cognito_user_pools @aws_iam (so nested fields resolve under both modes)', () => {
    const missing = objectTypes
      .filter((t) => !(ROOT_TYPES as readonly string[]).includes(t.name.value))
      .filter((t) => directive(t, 'aws_cognito_user_pools').length !== 1 || directive(t, 'aws_iam').length !== 1)
      .map((t) => t.name.value);
    expect(missing).toEqual([]);
  });

  it('triggers subscriptions only from IAM-only mutations returning the same type', () => {
    const mutations = new Map(fields.filter((f) => f.type === 'Mutation').map((f) => [f.node.name.value, f]));
    const typeOf = (n: FieldDefinitionNode) => JSON.stringify(n.type, ['kind', 'type', 'name', 'value']);
    const problems: string[] = [];
    for (const f of fields.filter((x) => x.type === 'Subscription')) {
      const sub = directive(f.node, 'aws_subscribe');
      const names = sub.length === 1 ? listArg(sub[0], 'mutations') : undefined;
      if (!names?.length) {
        problems.push(`${f.key}: no @aws_subscribe(mutations: [...])`);
        continue;
      }
      for (const m of names) {
        const mutation = mutations.get(m);
        if (!mutation) problems.push(`${f.key}: unknown mutation ${m}`);
        else if (ruleOf(mutation.key) !== IAM_ONLY) problems.push(`${f.key}: ${m} is not IAM_ONLY`);
        else if (typeOf(mutation.node) !== typeOf(f.node)) problems.push(`${f.key}: ${m} returns another type`);
      }
    }
    expect(problems).toEqual([]);
  });
});
