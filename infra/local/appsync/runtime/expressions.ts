// DynamoDB typed values and expressions, as util.dynamodb, util.transform and the
// @aws-appsync/utils/dynamodb helpers build them for AppSync's DynamoDB request objects.

export type Typed = Record<string, unknown>;

export interface Expr {
  expression: string;
  expressionNames?: Record<string, string>;
  expressionValues?: Record<string, Typed>;
}

export function toDynamoDB(value: unknown): Typed {
  if (value === null || value === undefined) return { NULL: true };
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number' || typeof value === 'bigint') return { N: String(value) };
  if (typeof value === 'boolean') return { BOOL: value };
  if (Array.isArray(value)) return { L: value.map(toDynamoDB) };
  if (value instanceof Set) return toDynamoDB([...value]);
  if (typeof value === 'object') {
    // Already typed values built with util.dynamodb.toStringSet() etc. pass through unchanged.
    if (isTypedSet(value)) return value as Typed;
    return { M: toMapValues(value as Record<string, unknown>) };
  }
  throw new Error(`Cannot convert ${typeof value} to a DynamoDB value`);
}

function isTypedSet(v: object): boolean {
  const keys = Object.keys(v);
  return keys.length === 1 && ['SS', 'NS', 'BS'].includes(keys[0]) && Array.isArray((v as Typed)[keys[0]]);
}

export function toMapValues(obj: Record<string, unknown>): Record<string, Typed> {
  const out: Record<string, Typed> = {};
  for (const [k, v] of Object.entries(obj ?? {})) if (v !== undefined) out[k] = toDynamoDB(v);
  return out;
}

/** Placeholder-safe token for an attribute or value name. */
function tok(s: string): string {
  return s.replace(/[^A-Za-z0-9_]/g, '_');
}

class Builder {
  names: Record<string, string> = {};
  values: Record<string, Typed> = {};
  private used = new Set<string>();

  name(path: string): string {
    // Nested paths ("a.b") become "#a.#b".
    return path
      .split('.')
      .map((seg) => {
        const m = /^([^[]+)((\[\d+\])*)$/.exec(seg);
        const base = m ? m[1] : seg;
        const idx = m ? m[2] : '';
        const key = `#${tok(base)}`;
        this.names[key] = base;
        return key + idx;
      })
      .join('.');
  }

  value(hint: string, v: unknown, typed = false): string {
    let key = `:${tok(hint)}`;
    for (let i = 1; this.used.has(key); i++) key = `:${tok(hint)}_${i}`;
    this.used.add(key);
    this.values[key] = typed ? (v as Typed) : toDynamoDB(v);
    return key;
  }

  out(expression: string): Expr {
    const e: Expr = { expression };
    if (Object.keys(this.names).length) e.expressionNames = this.names;
    if (Object.keys(this.values).length) e.expressionValues = this.values;
    return e;
  }
}

const COMPARATORS: Record<string, string> = { eq: '=', ne: '<>', lt: '<', le: '<=', gt: '>', ge: '>=' };
const ATTRIBUTE_TYPES: Record<string, string> = {
  string: 'S', stringSet: 'SS', number: 'N', numberSet: 'NS', binary: 'B', binarySet: 'BS',
  boolean: 'BOOL', list: 'L', map: 'M', _null: 'NULL', null: 'NULL',
};

function fieldConditions(b: Builder, field: string, ops: Record<string, unknown>, prefix: string): string[] {
  const parts: string[] = [];
  const n = () => b.name(field);
  for (const [op, v] of Object.entries(ops ?? {})) {
    if (v === undefined) continue;
    const hint = `${prefix}${field}_${op}`;
    if (op in COMPARATORS) {
      if (v === null && (op === 'eq' || op === 'ne')) {
        // AppSync: eq null / ne null test the attribute's presence.
        parts.push(op === 'eq' ? `(attribute_not_exists(${n()}))` : `(attribute_exists(${n()}))`);
      } else parts.push(`(${n()} ${COMPARATORS[op]} ${b.value(hint, v)})`);
    } else if (op === 'contains') parts.push(`(contains(${n()}, ${b.value(hint, v)}))`);
    else if (op === 'notContains') parts.push(`(NOT contains(${n()}, ${b.value(hint, v)}))`);
    else if (op === 'beginsWith') parts.push(`(begins_with(${n()}, ${b.value(hint, v)}))`);
    else if (op === 'between') {
      const [lo, hi] = v as unknown[];
      parts.push(`(${n()} BETWEEN ${b.value(`${hint}_0`, lo)} AND ${b.value(`${hint}_1`, hi)})`);
    } else if (op === 'in') {
      const list = (v as unknown[]).map((x, i) => b.value(`${hint}_${i}`, x));
      parts.push(`(${n()} IN (${list.join(', ')}))`);
    } else if (op === 'attributeExists') parts.push(v ? `(attribute_exists(${n()}))` : `(attribute_not_exists(${n()}))`);
    else if (op === 'attributeType') parts.push(`(attribute_type(${n()}, ${b.value(hint, ATTRIBUTE_TYPES[String(v)] ?? v)}))`);
    else if (op === 'size') {
      // size: { gt: 3 } compares the attribute's size.
      for (const [sop, sv] of Object.entries(v as Record<string, unknown>)) {
        if (sop in COMPARATORS) parts.push(`(size(${n()}) ${COMPARATORS[sop]} ${b.value(`${hint}_${sop}`, sv)})`);
      }
    } else throw new Error(`Unsupported filter operator '${op}' on ${field}`);
  }
  return parts;
}

function objectConditions(b: Builder, obj: Record<string, unknown>, prefix: string): string[] {
  const parts: string[] = [];
  for (const [key, v] of Object.entries(obj ?? {})) {
    if (v === undefined || v === null) continue;
    if (key === 'and' || key === 'or') {
      const subs = (Array.isArray(v) ? v : [v]).map((s, i) => {
        const inner = objectConditions(b, s as Record<string, unknown>, `${prefix}${key}_${i}_`);
        return inner.length > 1 ? `(${inner.join(' AND ')})` : inner[0];
      }).filter(Boolean);
      if (subs.length) parts.push(subs.length > 1 ? `(${subs.join(key === 'or' ? ' OR ' : ' AND ')})` : subs[0]);
    } else if (key === 'not') {
      const inner = objectConditions(b, v as Record<string, unknown>, `${prefix}not_`);
      if (inner.length) parts.push(`(NOT ${inner.length > 1 ? `(${inner.join(' AND ')})` : inner[0]})`);
    } else {
      parts.push(...fieldConditions(b, key, v as Record<string, unknown>, prefix));
    }
  }
  return parts;
}

/** Filter/condition object ({field: {op: v}, and, or, not}) → expression object, or null when empty. */
export function conditionExpression(obj: Record<string, unknown> | null | undefined): Expr | null {
  if (!obj) return null;
  const b = new Builder();
  const parts = objectConditions(b, obj, '');
  if (!parts.length) return null;
  return b.out(parts.join(' AND '));
}

/** Key condition for Query: {pk: {eq}, sk: {beginsWith|between|lt...}}. */
export function keyConditionExpression(obj: Record<string, unknown>): Expr {
  const b = new Builder();
  const parts: string[] = [];
  for (const [field, ops] of Object.entries(obj ?? {})) {
    for (const [op, v] of Object.entries((ops ?? {}) as Record<string, unknown>)) {
      const n = b.name(field);
      const hint = `${field}_${op}`;
      if (op in COMPARATORS && op !== 'ne') parts.push(`${n} ${COMPARATORS[op]} ${b.value(hint, v)}`);
      else if (op === 'beginsWith') parts.push(`begins_with(${n}, ${b.value(hint, v)})`);
      else if (op === 'between') {
        const [lo, hi] = v as unknown[];
        parts.push(`${n} BETWEEN ${b.value(`${hint}_0`, lo)} AND ${b.value(`${hint}_1`, hi)}`);
      } else throw new Error(`Unsupported key condition operator '${op}' on ${field}`);
    }
  }
  return b.out(parts.join(' AND '));
}

export function projectionExpression(fields: string[] | undefined | null): Expr | undefined {
  if (!fields?.length) return undefined;
  const b = new Builder();
  const expression = fields.map((f) => b.name(f)).join(', ');
  return { expression, expressionNames: b.names };
}

/** Marker objects made by operations.*: recognised by their `_type`. */
export interface UpdateOp {
  _type: 'add' | 'remove' | 'replace' | 'increment' | 'decrement' | 'append' | 'prepend' | 'updateListItem';
  payload?: unknown;
  by?: number;
  index?: number;
}

function isOp(v: unknown): v is UpdateOp {
  return typeof v === 'object' && v !== null && typeof (v as UpdateOp)._type === 'string';
}

/** update({...}) object → UpdateItem expression (SET/ADD/REMOVE); plain nested objects update nested paths. */
export function updateExpression(update: Record<string, unknown>): Expr {
  const b = new Builder();
  const set: string[] = [];
  const add: string[] = [];
  const remove: string[] = [];
  const walk = (obj: Record<string, unknown>, path: string[]) => {
    for (const [k, v] of Object.entries(obj)) {
      if (v === undefined) continue;
      const p = [...path, k];
      const name = b.name(p.join('.'));
      const hint = p.join('_');
      if (Array.isArray(v) && v.length && v.every(isOp)) {
        for (const op of v as UpdateOp[]) set.push(`${name}[${op.index}] = ${b.value(`${hint}_${op.index}`, op.payload)}`);
      } else if (isOp(v)) {
        switch (v._type) {
          case 'remove': remove.push(name); break;
          case 'replace': set.push(`${name} = ${b.value(hint, v.payload)}`); break;
          case 'add': add.push(`${name} ${b.value(hint, asAddOperand(v.payload), true)}`); break;
          case 'increment': add.push(`${name} ${b.value(hint, v.by ?? 1)}`); break;
          case 'decrement': add.push(`${name} ${b.value(hint, -(v.by ?? 1))}`); break;
          case 'append': set.push(`${name} = list_append(if_not_exists(${name}, ${b.value(`${hint}_empty`, [])}), ${b.value(hint, v.payload)})`); break;
          case 'prepend': set.push(`${name} = list_append(${b.value(hint, v.payload)}, if_not_exists(${name}, ${b.value(`${hint}_empty`, [])}))`); break;
          case 'updateListItem': set.push(`${name}[${v.index}] = ${b.value(hint, v.payload)}`); break;
        }
      } else if (typeof v === 'object' && v !== null && !Array.isArray(v) && !isTypedLike(v)) {
        walk(v as Record<string, unknown>, p);
      } else {
        set.push(`${name} = ${b.value(hint, v, isTypedLike(v))}`);
      }
    }
  };
  walk(update, []);
  const clauses: string[] = [];
  if (set.length) clauses.push(`SET ${set.join(', ')}`);
  if (add.length) clauses.push(`ADD ${add.join(', ')}`);
  if (remove.length) clauses.push(`REMOVE ${remove.join(', ')}`);
  return b.out(clauses.join(' '));
}

/** ADD takes a number or a set: a list of strings/numbers becomes a string/number set. */
function asAddOperand(v: unknown): Typed {
  if (isTypedLike(v)) return v as Typed;
  if (Array.isArray(v) && v.length && v.every((x) => typeof x === 'string')) return { SS: v };
  if (Array.isArray(v) && v.length && v.every((x) => typeof x === 'number')) return { NS: v.map(String) };
  return toDynamoDB(v);
}

function isTypedLike(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && isTypedSet(v);
}
