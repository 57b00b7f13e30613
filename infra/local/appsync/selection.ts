// Selection-set work done outside graphql-js execution: ctx.info.selectionSetList / selectionSetGraphQL,
// the published payload (the mutation's answer keyed by field name, not alias) and the subscriber's view
// of it (its own selection set, field auth applied, a field the mutation did not select is null).
import {
  Kind, getNamedType, isListType, isNonNullType, isObjectType, print, valueFromASTUntyped,
  type FieldNode, type FragmentDefinitionNode, type GraphQLOutputType, type GraphQLObjectType, type SelectionSetNode,
} from 'graphql';
import type { AuthDirectives, Caller } from './directives.ts';
import { unauthorizedField, type AppSyncError } from './errors.ts';

export type Fragments = Record<string, FragmentDefinitionNode>;
type Vars = Record<string, unknown>;

function included(node: { directives?: readonly { name: { value: string }; arguments?: readonly { name: { value: string }; value: import('graphql').ValueNode }[] }[] }, vars: Vars): boolean {
  for (const d of node.directives ?? []) {
    if (d.name.value !== 'skip' && d.name.value !== 'include') continue;
    const arg = d.arguments?.find((a) => a.name.value === 'if');
    const v = arg ? Boolean(valueFromASTUntyped(arg.value, vars)) : false;
    if (d.name.value === 'skip' && v) return false;
    if (d.name.value === 'include' && !v) return false;
  }
  return true;
}

/** Fields of a selection set with fragments expanded (type conditions checked when a type is given). */
export function collectFields(set: SelectionSetNode | undefined, fragments: Fragments, vars: Vars, typeName?: string): FieldNode[] {
  const out: FieldNode[] = [];
  // Each fragment once per selection set, as graphql-js collects fields: a spread repeated (or nested
  // fragments spreading each other twice) adds nothing, and must not cost its expansion.
  const visited = new Set<string>();
  const visit = (s: SelectionSetNode | undefined) => {
    for (const sel of s?.selections ?? []) {
      if (!included(sel, vars)) continue;
      if (sel.kind === Kind.FIELD) out.push(sel);
      else if (sel.kind === Kind.INLINE_FRAGMENT) {
        if (!typeName || !sel.typeCondition || sel.typeCondition.name.value === typeName) visit(sel.selectionSet);
      } else {
        if (visited.has(sel.name.value)) continue;
        visited.add(sel.name.value);
        const frag = fragments[sel.name.value];
        if (frag && (!typeName || frag.typeCondition.name.value === typeName)) visit(frag.selectionSet);
      }
    }
  };
  visit(set);
  return out;
}

function mergedSelection(nodes: readonly FieldNode[]): SelectionSetNode | undefined {
  const sels = nodes.flatMap((n) => n.selectionSet?.selections ?? []);
  return sels.length ? { kind: Kind.SELECTION_SET, selections: sels } : undefined;
}

/** ctx.info.selectionSetList: paths of the selected fields (aliases win), "a", "a/b". */
export function selectionSetList(nodes: readonly FieldNode[], fragments: Fragments, vars: Vars): string[] {
  const out: string[] = [];
  const walk = (set: SelectionSetNode | undefined, prefix: string) => {
    for (const f of collectFields(set, fragments, vars)) {
      if (f.name.value.startsWith('__')) continue;
      const key = prefix + (f.alias?.value ?? f.name.value);
      if (!out.includes(key)) out.push(key);
      if (f.selectionSet) walk(f.selectionSet, key + '/');
    }
  };
  walk(mergedSelection(nodes), '');
  return out;
}

/** ctx.info.selectionSetGraphQL: the selection set as written (fragment spreads kept). */
export function selectionSetGraphQL(nodes: readonly FieldNode[]): string {
  const set = mergedSelection(nodes);
  return set ? print(set) : '';
}

/** True when @skip or @include appears in the selection (fragments included): it then depends on variables. */
function hasConditions(set: SelectionSetNode | undefined, fragments: Fragments, seen = new Set<string>()): boolean {
  for (const sel of set?.selections ?? []) {
    if (sel.directives?.some((d) => d.name.value === 'skip' || d.name.value === 'include')) return true;
    if (sel.kind === Kind.FRAGMENT_SPREAD) {
      if (seen.has(sel.name.value)) continue;
      seen.add(sel.name.value);
      if (hasConditions(fragments[sel.name.value]?.selectionSet, fragments, seen)) return true;
    } else if (hasConditions(sel.selectionSet, fragments, seen)) return true;
  }
  return false;
}

/** Per field node (documents are cached, so a node is met again and again): what does not change between calls. */
const perNode = new WeakMap<FieldNode, { graphql: string; list?: readonly string[] }>();

/** ctx.info.selectionSetList and selectionSetGraphQL of a field, each call with a list of its own. */
export function selectionInfo(nodes: readonly FieldNode[], fragments: Fragments, vars: Vars): { selectionSetList: string[]; selectionSetGraphQL: string } {
  if (nodes.length !== 1) return { selectionSetList: selectionSetList(nodes, fragments, vars), selectionSetGraphQL: selectionSetGraphQL(nodes) };
  let known = perNode.get(nodes[0]);
  if (!known) {
    known = { graphql: selectionSetGraphQL(nodes) };
    if (!hasConditions(nodes[0].selectionSet, fragments)) known.list = selectionSetList(nodes, fragments, vars);
    perNode.set(nodes[0], known);
  }
  return { selectionSetList: known.list ? [...known.list] : selectionSetList(nodes, fragments, vars), selectionSetGraphQL: known.graphql };
}

/** Response value (keyed by alias) → the same value keyed by field name. */
export function unalias(value: unknown, set: SelectionSetNode | undefined, fragments: Fragments, vars: Vars): unknown {
  if (!set || value === null || value === undefined) return value ?? null;
  if (Array.isArray(value)) return value.map((v) => unalias(v, set, fragments, vars));
  if (typeof value !== 'object') return value;
  const src = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const f of collectFields(set, fragments, vars)) {
    const alias = f.alias?.value ?? f.name.value;
    if (!(alias in src)) continue;
    out[f.name.value] = unalias(src[alias], f.selectionSet, fragments, vars);
  }
  return out;
}

/** util.error's `data`, filtered by the field's selection set (AppSync filters it; errorInfo it does not). */
export function filterBySelection(value: unknown, set: SelectionSetNode | undefined, fragments: Fragments, vars: Vars): unknown {
  if (!set || value === null || value === undefined || typeof value !== 'object') return value ?? null;
  if (Array.isArray(value)) return value.map((v) => filterBySelection(v, set, fragments, vars));
  const src = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const f of collectFields(set, fragments, vars)) {
    out[f.alias?.value ?? f.name.value] = filterBySelection(src[f.name.value], f.selectionSet, fragments, vars);
  }
  return out;
}

export interface ShapeContext {
  fragments: Fragments;
  vars: Vars;
  auth: AuthDirectives;
  caller: Caller;
  errors: AppSyncError[];
}

/** The subscriber's view of a published payload: its selection, its field auth; missing fields are null. */
export function shapeForSubscriber(value: unknown, type: GraphQLOutputType, set: SelectionSetNode | undefined, path: Array<string | number>, sc: ShapeContext): unknown {
  if (value === null || value === undefined) return null;
  const t = isNonNullType(type) ? type.ofType : type;
  if (isListType(t)) {
    return Array.isArray(value) ? value.map((v, i) => shapeForSubscriber(v, t.ofType, set, [...path, i], sc)) : null;
  }
  const named = getNamedType(t);
  if (!isObjectType(named) || !set) return value;
  return shapeObject(value as Record<string, unknown>, named, set, path, sc);
}

function shapeObject(src: Record<string, unknown>, type: GraphQLObjectType, set: SelectionSetNode, path: Array<string | number>, sc: ShapeContext) {
  const out: Record<string, unknown> = {};
  const fields = type.getFields();
  for (const f of collectFields(set, sc.fragments, sc.vars, type.name)) {
    const key = f.alias?.value ?? f.name.value;
    const name = f.name.value;
    if (name === '__typename') {
      out[key] = type.name;
      continue;
    }
    const def = fields[name];
    if (!def) continue;
    if (!sc.auth.allows(type.name, name, sc.caller)) {
      out[key] = null;
      const e = unauthorizedField(name, type.name);
      sc.errors.push({ path: [...path, key], data: null, errorType: e.errorType, errorInfo: null, locations: null, message: e.message });
      continue;
    }
    out[key] = shapeForSubscriber(src[name], def.type, f.selectionSet, [...path, key], sc);
  }
  return out;
}
