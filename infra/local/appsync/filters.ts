// Subscription filtering: AppSync's basic (argument) filtering and enhanced filters
// ({filterGroup: [{filters: [{fieldName, operator, value}]}]}: AND within a group, OR across groups),
// plus util.transform.toSubscriptionFilter, which builds that shape from the map form.

export interface FilterEntry {
  fieldName: string;
  operator: string;
  value: unknown;
}
export interface SubscriptionFilter {
  filterGroup: Array<{ filters: FilterEntry[] }>;
}

export const FILTER_OPERATORS = ['eq', 'ne', 'le', 'lt', 'ge', 'gt', 'contains', 'notContains', 'beginsWith', 'in', 'notIn', 'between', 'containsAny'];

function get(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const seg of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // Numbers arrive as numbers from JSON; an ID argument compares as a string.
  if ((typeof a === 'number' || typeof a === 'string') && (typeof b === 'number' || typeof b === 'string')) return String(a) === String(b);
  return false;
}

function cmp(a: unknown, b: unknown): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return undefined;
}

export function evaluateEntry(payload: unknown, f: FilterEntry): boolean {
  const actual = get(payload, f.fieldName);
  const v = f.value;
  switch (f.operator) {
    case 'eq': return same(actual, v);
    case 'ne': return !same(actual, v);
    case 'lt': { const c = cmp(actual, v); return c !== undefined && c < 0; }
    case 'le': { const c = cmp(actual, v); return c !== undefined && c <= 0; }
    case 'gt': { const c = cmp(actual, v); return c !== undefined && c > 0; }
    case 'ge': { const c = cmp(actual, v); return c !== undefined && c >= 0; }
    case 'contains':
      if (typeof actual === 'string') return typeof v === 'string' && actual.includes(v);
      return Array.isArray(actual) && actual.some((x) => same(x, v));
    case 'notContains':
      if (typeof actual === 'string') return !(typeof v === 'string' && actual.includes(v));
      return Array.isArray(actual) ? !actual.some((x) => same(x, v)) : actual !== undefined && actual !== null;
    case 'beginsWith': return typeof actual === 'string' && typeof v === 'string' && actual.startsWith(v);
    case 'in': return Array.isArray(v) && v.some((x) => same(actual, x));
    case 'notIn': return Array.isArray(v) && !v.some((x) => same(actual, x));
    case 'between': {
      if (!Array.isArray(v) || v.length !== 2) return false;
      const lo = cmp(actual, v[0]);
      const hi = cmp(actual, v[1]);
      return lo !== undefined && hi !== undefined && lo >= 0 && hi <= 0;
    }
    case 'containsAny':
      return Array.isArray(actual) && Array.isArray(v) && v.some((x) => actual.some((y) => same(x, y)));
    default:
      return false;
  }
}

export function evaluateFilter(payload: unknown, filter: SubscriptionFilter): boolean {
  const groups = filter.filterGroup ?? [];
  if (groups.length === 0) return true;
  return groups.some((g) => (g.filters ?? []).every((f) => evaluateEntry(payload, f)));
}

/** Checks the filter object AppSync would accept; returns an error message or null. */
export function validateFilter(filter: unknown): string | null {
  const f = filter as SubscriptionFilter;
  if (!f || !Array.isArray(f.filterGroup)) return 'Subscription filter must have a filterGroup list';
  if (f.filterGroup.length > 10) return 'A subscription filter can have at most 10 filter groups';
  for (const g of f.filterGroup) {
    if (!Array.isArray(g?.filters)) return 'Each filterGroup entry needs a filters list';
    for (const e of g.filters) {
      if (typeof e?.fieldName !== 'string') return 'Each filter needs a fieldName';
      if (!FILTER_OPERATORS.includes(e.operator)) return `Unsupported subscription filter operator '${String(e.operator)}'`;
    }
  }
  return null;
}

/** Basic filtering: every argument the subscriber gave must equal the result field of the same name. */
export function argumentsMatch(args: Record<string, unknown>, payload: unknown): boolean {
  for (const [k, v] of Object.entries(args)) {
    if (v === null || v === undefined) continue;
    const actual = payload && typeof payload === 'object' ? (payload as Record<string, unknown>)[k] : undefined;
    if (actual === undefined || !sameDeep(actual, v)) return false;
  }
  return true;
}

function sameDeep(a: unknown, b: unknown): boolean {
  if (same(a, b)) return true;
  return typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b);
}

type MapFilter = Record<string, unknown>;

/** Map form → list of AND-groups (each a list of entries): `or` multiplies groups, `and` concatenates. */
function groupsOf(obj: MapFilter, ignored: Set<string>): FilterEntry[][] {
  let groups: FilterEntry[][] = [[]];
  for (const [key, v] of Object.entries(obj ?? {})) {
    if (v === undefined || ignored.has(key)) continue;
    if (key === 'or') {
      const alternatives = (v as MapFilter[]).flatMap((sub) => groupsOf(sub, ignored));
      groups = groups.flatMap((g) => alternatives.map((a) => [...g, ...a]));
    } else if (key === 'and') {
      for (const sub of v as MapFilter[]) {
        const subGroups = groupsOf(sub, ignored);
        groups = groups.flatMap((g) => subGroups.map((s) => [...g, ...s]));
      }
    } else {
      const entries = Object.entries(v as Record<string, unknown>)
        .filter(([, val]) => val !== undefined)
        .map(([operator, value]) => ({ fieldName: key, operator, value }));
      groups = groups.map((g) => [...g, ...entries]);
    }
  }
  return groups;
}

export function toSubscriptionFilter(obj: MapFilter, ignoredFields?: string[], rules?: MapFilter): SubscriptionFilter {
  const ignored = new Set(ignoredFields ?? []);
  let groups = groupsOf(obj, ignored);
  if (rules && Object.keys(rules).length) {
    // "At least one of the rules" must hold: each rule becomes an alternative added to every group.
    const ruleEntries = groupsOf(rules, new Set()).flat();
    groups = groups.flatMap((g) => ruleEntries.map((r) => [...g, r]));
  }
  return { filterGroup: groups.filter((g) => g.length).map((filters) => ({ filters })) };
}
