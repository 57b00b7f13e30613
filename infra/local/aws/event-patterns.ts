// EventBridge event patterns (content filtering): the structural check PutRule runs, and the match of
// a pattern against an event. Pure functions, no state. Semantics follow EventBridge's documentation
// (eb-event-patterns, eb-create-pattern-operators) and its open-source engine, Event Ruler: a leaf
// lists the values it accepts; an event array matches when any element does; nested keys descend;
// objects inside event arrays match element by element (all keys of a nested pattern in one element);
// `$or` takes alternatives. Reasons quote EventBridge's own messages where they are recorded
// (LocalStack's AWS-validated snapshots of tests/aws/services/events/test_events_patterns).

export type EventPattern = { [key: string]: unknown };

const MATCH_TYPES = new Set(['prefix', 'suffix', 'anything-but', 'numeric', 'exists', 'cidr', 'equals-ignore-case', 'wildcard']);
const NUMERIC_OPERATORS = new Set(['<', '<=', '=', '>', '>=']);
const MAX_WILDCARDS = 5;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const isScalar = (value: unknown) => value === null || ['string', 'number', 'boolean'].includes(typeof value);

// ---------------------------------------------------------------- validation

function numericProblem(operand: unknown): string | undefined {
  if (!Array.isArray(operand)) return 'Value of numeric must be an array.';
  if (operand.length === 0) return 'Invalid member in numeric match: ]';
  const [op, value, op2, value2, ...rest] = operand as unknown[];
  if (typeof op !== 'string') return `Invalid member in numeric match: ${String(op)}`;
  if (!NUMERIC_OPERATORS.has(op)) return `Unrecognized numeric range operator: ${op}`;
  if (typeof value !== 'number') return `Value of ${op === '=' ? 'equals' : op} must be numeric`;
  if (operand.length === 2) return undefined;
  // A range: a lower bound (> or >=) then an upper one (< or <=).
  if (op !== '>' && op !== '>=') return 'Too many elements in numeric expression';
  if (typeof op2 !== 'string') return `Bad value in numeric range: ${String(op2)}`;
  if (op2 !== '<' && op2 !== '<=') return `Bad numeric range operator: ${op2}`;
  if (typeof value2 !== 'number') return `Value of ${op2} must be numeric`;
  if (value2 <= value) return 'Bottom must be less than top';
  if (rest.length > 0) return 'Too many terms in numeric range expression';
  return undefined;
}

function wildcardProblem(operand: unknown): string | undefined {
  if (typeof operand !== 'string') return 'wildcard match pattern must be a string';
  const doubled = operand.indexOf('**');
  if (doubled >= 0) return `Consecutive wildcard characters at pos ${doubled + 1}`;
  if ((operand.match(/(?<!\\)\*/g) ?? []).length > MAX_WILDCARDS) {
    return 'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character';
  }
  return undefined;
}

function cidrProblem(operand: unknown): string | undefined {
  // EventBridge answers the prefix message for a cidr that is not a string.
  if (typeof operand !== 'string') return 'prefix match pattern must be a string';
  const parts = operand.split('/');
  if (parts.length !== 2) return "Malformed CIDR, one '/' required";
  if (!/^\d+$/.test(parts[1])) return 'Malformed CIDR, mask bits must be an integer';
  if (!ipv4(parts[0]) || Number(parts[1]) > 32) return `Nonstandard IP address: ${parts[0]}`;
  return undefined;
}

/** anything-but's operand: a value, a list of values, or one of prefix/suffix/equals-ignore-case/wildcard. */
function anythingButProblem(operand: unknown): string | undefined {
  if (operand === null || typeof operand === 'boolean') return 'Value of anything-but must be an array or single string/number value.';
  if (Array.isArray(operand)) {
    return operand.some((v) => v === null || typeof v === 'boolean' || typeof v === 'object') ? 'Inside anything but list, start|null|boolean is not supported.' : undefined;
  }
  if (!isObject(operand)) return undefined;
  const [type, inner] = Object.entries(operand)[0] ?? [''];
  if (Object.keys(operand).length !== 1) return 'Only one key allowed in match expression';
  const strings = typeof inner === 'string' || (Array.isArray(inner) && inner.every((v) => typeof v === 'string'));
  switch (type) {
    case 'prefix':
    case 'suffix':
      if (isObject(inner)) return 'Value of anything-but must be an array or single string/number value.';
      if (!strings) return 'prefix/suffix match pattern must be a string';
      return inner === '' ? 'Null prefix/suffix not allowed' : undefined;
    case 'equals-ignore-case':
      return strings ? undefined : 'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.';
    case 'wildcard':
      return (Array.isArray(inner) ? inner : [inner]).map(wildcardProblem).find(Boolean);
    default:
      return `Unsupported anything-but pattern: ${type}`;
  }
}

/** One entry of a leaf's list: a value, or a one-key match expression. */
function matcherProblem(item: unknown): string | undefined {
  if (isScalar(item)) return undefined;
  if (!isObject(item)) return 'Match value must be String, number, true, false, or null';
  const entries = Object.entries(item);
  if (entries.length !== 1) return 'Only one key allowed in match expression';
  const [type, operand] = entries[0];
  if (!MATCH_TYPES.has(type)) return `Unrecognized match type ${type}`;
  switch (type) {
    case 'prefix':
    case 'suffix':
      if (isObject(operand)) {
        const inner = Object.keys(operand);
        if (inner.length !== 1 || inner[0] !== 'equals-ignore-case' || typeof operand['equals-ignore-case'] !== 'string') return `${type} match pattern must be a string`;
        return undefined;
      }
      return typeof operand === 'string' ? undefined : `${type} match pattern must be a string`;
    case 'equals-ignore-case':
      return typeof operand === 'string' ? undefined : 'equals-ignore-case match pattern must be a string';
    case 'exists':
      return typeof operand === 'boolean' ? undefined : 'exists match pattern must be either true or false.';
    case 'numeric':
      return numericProblem(operand);
    case 'wildcard':
      return wildcardProblem(operand);
    case 'cidr':
      return cidrProblem(operand);
    default:
      return anythingButProblem(operand);
  }
}

function objectProblem(node: Record<string, unknown>): string | undefined {
  for (const [key, value] of Object.entries(node)) {
    if (key === '$or') {
      // The emulator's own wording: EventBridge's message for a short $or is not recorded.
      if (!Array.isArray(value) || value.length < 2 || !value.every(isObject)) return '$or must be an array of at least two objects';
      const inner = value.map((alt) => objectProblem(alt)).find(Boolean);
      if (inner) return inner;
      continue;
    }
    if (isObject(value)) {
      const inner = objectProblem(value);
      if (inner) return inner;
      continue;
    }
    if (!Array.isArray(value)) return `"${key}" must be an object or an array`;
    if (value.length === 0) return 'Empty arrays are not allowed';
    const problem = value.map(matcherProblem).find(Boolean);
    if (problem) return problem;
  }
  return undefined;
}

/** Checks an event pattern's text as PutRule does; answers why it is not valid, or undefined. */
export function patternProblem(text: string): string | undefined {
  // The parser's position suffix, as EventBridge appends it (the column is approximate).
  const at = (column: number) => `\n at [Source: (String)"${text}"; line: 1, column: ${column}]`;
  let pattern: unknown;
  try {
    pattern = JSON.parse(text);
  } catch {
    const token = /^\s*([^\s{}[\]",:]+)/.exec(text)?.[1] ?? text.trim().slice(0, 1);
    return `Unrecognized token '${token}': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')${at(token.length + 1)}`;
  }
  if (!isObject(pattern)) return `Filter is not an object${at(2)}`;
  const problem = objectProblem(pattern);
  return problem ? `${problem}${at(text.length)}` : undefined;
}

/** Parses a pattern PutRule accepted (patternProblem answered nothing). */
export function parsePattern(text: string): EventPattern {
  const problem = patternProblem(text);
  if (problem) throw new Error(`Event pattern is not valid. Reason: ${problem}`);
  return JSON.parse(text) as EventPattern;
}

// ---------------------------------------------------------------- matching

function ipv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

function inCidr(cidr: string, value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const [base, bits] = cidr.split('/');
  const ip = ipv4(value);
  const network = ipv4(base);
  if (ip === undefined || network === undefined) return false;
  const size = 2 ** (32 - Number(bits));
  return Math.floor(ip / size) === Math.floor(network / size);
}

/** `*` matches any run of characters (none included); `\*` is a literal star. */
function wildcardRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) source += pattern[++i].replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    else if (c === '*') source += '.*';
    else source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}

const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : undefined);

function numericMatch(terms: unknown[], value: unknown): boolean {
  if (typeof value !== 'number') return false;
  for (let i = 0; i < terms.length; i += 2) {
    const bound = terms[i + 1] as number;
    const ok = { '=': value === bound, '>': value > bound, '>=': value >= bound, '<': value < bound, '<=': value <= bound }[terms[i] as string];
    if (!ok) return false;
  }
  return true;
}

/** prefix/suffix/equals-ignore-case/wildcard, as anything-but also uses them. */
function stringTest(type: string, operand: unknown, value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const ignoreCase = isObject(operand) ? operand['equals-ignore-case'] : undefined;
  switch (type) {
    case 'prefix':
      return typeof ignoreCase === 'string' ? value.toLowerCase().startsWith(ignoreCase.toLowerCase()) : value.startsWith(operand as string);
    case 'suffix':
      return typeof ignoreCase === 'string' ? value.toLowerCase().endsWith(ignoreCase.toLowerCase()) : value.endsWith(operand as string);
    case 'equals-ignore-case':
      return value.toLowerCase() === lower(operand);
    case 'wildcard':
      return wildcardRegExp(operand as string).test(value);
    default:
      return false;
  }
}

/** One matcher against one leaf value; `present` is false when the event has no such leaf. */
function matchOne(matcher: unknown, present: boolean, value: unknown): boolean {
  if (!isObject(matcher)) return present && value === matcher;
  const [type, operand] = Object.entries(matcher)[0];
  if (type === 'exists') return operand === present;
  if (!present) return false;
  if (type === 'anything-but') {
    if (Array.isArray(operand)) return !operand.some((v) => v === value);
    if (isObject(operand)) {
      const [inner, values] = Object.entries(operand)[0];
      return !(Array.isArray(values) ? values : [values]).some((v) => stringTest(inner, v, value));
    }
    return value !== operand;
  }
  if (value === null) return false;
  if (type === 'numeric') return numericMatch(operand as unknown[], value);
  if (type === 'cidr') return inCidr(operand as string, value);
  return stringTest(type, operand, value);
}

/** The leaf values of a field: arrays (nested ones too) are flattened; objects are not leaves. */
function leaves(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.flatMap(leaves);
  return isObject(value) ? [] : [value];
}

function matchLeaf(matchers: unknown[], found: boolean, value: unknown): boolean {
  const values = found ? leaves(value) : [];
  if (values.length === 0) return matchers.some((m) => matchOne(m, false, undefined));
  return matchers.some((m) => values.some((v) => matchOne(m, true, v)));
}

function matchNode(pattern: Record<string, unknown>, value: unknown): boolean {
  // Objects inside an array: the nested pattern must hold within one element.
  if (Array.isArray(value)) {
    const objects = value.flat(Infinity).filter(isObject);
    if (objects.length > 0) return objects.some((element) => matchNode(pattern, element));
  }
  const node = isObject(value) ? value : undefined;
  return Object.entries(pattern).every(([key, sub]) => {
    if (key === '$or') return (sub as Array<Record<string, unknown>>).some((alt) => matchNode(alt, value));
    const found = node !== undefined && Object.hasOwn(node, key);
    const field = found ? node[key] : undefined;
    if (isObject(sub)) return matchNode(sub, field);
    return matchLeaf(sub as unknown[], found, field);
  });
}

/**
 * Whether `event` (an object: the event envelope, detail as an object) matches `pattern` (a parsed
 * pattern PutRule accepted, or its JSON text).
 */
export function matchesPattern(pattern: EventPattern | string, event: unknown): boolean {
  const parsed = typeof pattern === 'string' ? parsePattern(pattern) : pattern;
  return isObject(event) && matchNode(parsed, event);
}
