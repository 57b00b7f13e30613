// A graphql-codegen plugin (codegen.ts → platform/generated/inputs.ts): every input position of the
// schema — each root field's arguments and, through them, each input type's fields — with its limit
// from platform/input-limits.ts, as plain data the Lambdas and the APPSYNC_JS resolvers read at run time
// without graphql-js. A field added to schema.graphql is limited as soon as codegen runs (its type's
// default at least); CI fails on a stale file, and codegen fails for a position it cannot limit.
import { isComplete, limitOf } from '../../platform/input-limits.ts';
import { getNamedType, isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType, type GraphQLArgument, type GraphQLInputField, type GraphQLInputType, type GraphQLSchema } from 'graphql';

export interface InputPosition {
  /** The named type: a scalar, an enum or an input object type. */
  type: string;
  kind: 'scalar' | 'enum' | 'input';
  list: boolean;
  required: boolean;
  /** A list's items may not be null (`[T!]`). */
  itemRequired?: boolean;
}

export interface InputShapes {
  /** "Type.field" → argument name → position. */
  operations: Record<string, Record<string, InputPosition>>;
  /** Input object type → field name → position. */
  inputTypes: Record<string, Record<string, InputPosition>>;
}

function position(t: GraphQLInputType, where: string): InputPosition {
  const required = isNonNullType(t);
  const inner = isNonNullType(t) ? t.ofType : t;
  const list = isListType(inner);
  const item = list ? inner.ofType : inner;
  if (isListType(isNonNullType(item) ? item.ofType : item)) throw new Error(`${where}: lists of lists have no limits rule`);
  const named = getNamedType(t);
  const kind = isInputObjectType(named) ? 'input' : isEnumType(named) ? 'enum' : isScalarType(named) ? 'scalar' : null;
  if (!kind) throw new Error(`${where}: ${named.name} is not an input type`);
  return { type: named.name, kind, list, required, ...(list ? { itemRequired: isNonNullType(item) } : {}) };
}

const byName = <T extends { name: string }>(xs: readonly T[]) => [...xs].sort((a, b) => a.name.localeCompare(b.name));
const positions = (xs: readonly (GraphQLArgument | GraphQLInputField)[], owner: string) =>
  Object.fromEntries(byName(xs).map((x) => [x.name, position(x.type, `${owner}.${x.name}`)]));

/** The input positions of `schema`, in name order (the generated file is stable). */
export function inputShapes(schema: GraphQLSchema): InputShapes {
  const operations: InputShapes['operations'] = {};
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (!root) continue;
    for (const f of byName(Object.values(root.getFields()))) operations[`${root.name}.${f.name}`] = positions(f.args, `${root.name}.${f.name}`);
  }
  const inputTypes: InputShapes['inputTypes'] = {};
  for (const t of byName(Object.values(schema.getTypeMap()))) {
    if (isInputObjectType(t) && !t.name.startsWith('__')) inputTypes[t.name] = positions(Object.values(t.getFields()), t.name);
  }
  return { operations, inputTypes };
}

/** One check of the arguments: where (property names from the arguments), how errors name it, the limit. */
export interface InputCheck {
  path: string[];
  field: string;
  code: string;
  maxLength?: number;
  maxItems?: number;
  json?: { maxDepth: number; maxBytes: number };
}

/**
 * The checks of each root field: every position reachable from its arguments (through input types) that
 * has a length, a count or a size, with its limit from platform/input-limits.ts. Throws for a position
 * whose limit is incomplete, so codegen itself refuses a schema it cannot limit.
 */
export function inputChecks(schema: GraphQLSchema): Record<string, InputCheck[]> {
  const { operations, inputTypes } = inputShapes(schema);
  const out: Record<string, InputCheck[]> = {};
  for (const [op, args] of Object.entries(operations)) {
    const checks: InputCheck[] = [];
    const visit = (owner: string, fields: Record<string, InputPosition>, path: string[], seen: string[]) => {
      for (const [name, p] of Object.entries(fields)) {
        const limit = limitOf(owner, name, p);
        if (!isComplete(limit, p)) throw new Error(`${owner}.${name} (${p.type}${p.list ? ' list' : ''}) has no complete limit: add a rule to platform/input-limits.ts`);
        const at = [...path, name];
        const { code, maxLength, maxItems, json } = limit!;
        if (maxLength !== undefined || maxItems !== undefined || json !== undefined) {
          const field = at.length > 1 && at[0] === 'input' ? at.slice(1).join('.') : at.join('.');
          checks.push({ path: at, field, code, ...(maxLength !== undefined ? { maxLength } : {}), ...(maxItems !== undefined ? { maxItems } : {}), ...(json ? { json: { ...json } } : {}) });
        }
        if (p.kind === 'input') {
          if (seen.includes(p.type)) throw new Error(`${p.type} contains itself: input limits need a bound depth`);
          visit(p.type, inputTypes[p.type], at, [...seen, p.type]);
        }
      }
    };
    visit(op, args, [], []);
    out[op] = checks;
  }
  return out;
}

/** `Query.getExecution` → `Query_getExecution`: one export per field, so a resolver bundle keeps its own. */
export const exportName = (op: string) => op.replace('.', '_');

/** The codegen plugin: the checks as a TypeScript module of plain data. */
export const plugin = (schema: GraphQLSchema): string => {
  const checks = inputChecks(schema);
  const ops = Object.keys(checks);
  return [
    '// Generated by infra/codegen/input-shapes.ts (npm run codegen) from schema.graphql and the rules of',
    '// platform/input-limits.ts: every argument and input field with a length, count or size, per root field.',
    '',
    '/** One check of the arguments: where (property names from the arguments), how errors name it, the limit. */',
    'export interface InputCheck {',
    '  path: string[];',
    '  field: string;',
    '  code: string;',
    '  maxLength?: number;',
    '  maxItems?: number;',
    '  json?: { maxDepth: number; maxBytes: number };',
    '}',
    '',
    ...ops.map((op) =>
      checks[op].length
        ? [`export const ${exportName(op)}: InputCheck[] = [`, ...checks[op].map((c) => `  ${JSON.stringify(c)},`), '];'].join('\n')
        : `export const ${exportName(op)}: InputCheck[] = [];`,
    ),
    '',
    '/** Every root field ("Type.field") → its checks. */',
    'export const INPUT_CHECKS: Record<string, InputCheck[]> = {',
    ...ops.map((op) => `  ${JSON.stringify(op)}: ${exportName(op)},`),
    '};',
    '',
  ].join('\n');
};
