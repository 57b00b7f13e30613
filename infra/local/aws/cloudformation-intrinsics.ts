// CloudFormation's intrinsic functions for the emulated CloudFormation (cloudformation-template.ts
// plans with them): Ref (parameters, pseudo parameters, resources), Fn::GetAtt, Fn::Sub, Fn::Join,
// Fn::Select, Fn::Split, Fn::GetAZs, Fn::Cidr, Fn::FindInMap, Fn::If, Fn::Base64, Fn::ImportValue and
// the condition functions; AWS::NoValue drops the property or list item it stands in. Also what a
// value refers to, which orders the resources, with CloudFormation's errors for names that resolve to
// nothing.
import { type Json, type Obj, attributeOf, availabilityZones, cidrText, parseCidr, supportsAttribute } from './cloudformation-resources.ts';
import { ServiceError } from './protocol.ts';

export type Value = string | string[];

export const validation = (message: string) => new ServiceError('ValidationError', message);
export const formatError = (message: string) => validation(`Template format error: ${message}`);
export const templateError = (message: string) => validation(`Template error: ${message}`);
export const unresolved = (name: string) => formatError(`Unresolved resource dependencies [${name}] in the Resources block of the template`);
export const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
/** An own key (template names such as `toString` must not find Object.prototype). */
const has = (o: object, key: string) => Object.prototype.hasOwnProperty.call(o, key);

export const NO_VALUE = Symbol('AWS::NoValue');
export type Evaluated = Json | typeof NO_VALUE;

export interface Scope {
  region: string;
  pseudo: Record<string, Json>;
  params: Record<string, Value>;
  /** A condition's value; undefined for a name the template does not declare. */
  conditions(name: string): boolean | undefined;
  mappings: Obj;
  /** The resources provisioned so far, by logical id. */
  resources: Map<string, { type: string; physicalId: string; attrs: Record<string, Json> }>;
  /** Resource logical ids of the template that are created (their conditions hold). */
  active: Set<string>;
  importValue(name: string): string | undefined;
}

/** The function an object is a call of (`{"Ref": …}`, `{"Fn::Sub": …}`), if it is one. */
function intrinsic(v: Obj): [string, Json] | undefined {
  const keys = Object.keys(v);
  if (keys.length !== 1) return undefined;
  const [key] = keys;
  return key === 'Ref' || key === 'Condition' || key.startsWith('Fn::') ? [key, v[key]] : undefined;
}

export function asString(v: Evaluated, what: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw templateError(`${what} does not resolve to a string`);
}

function asList(v: Evaluated, what: string): Json[] {
  if (Array.isArray(v)) return v;
  throw templateError(`${what} requires a list`);
}

/** The `${Name}` and `${Resource.Attribute}` references of a Fn::Sub string (not `${!Literal}`). */
function subReferences(text: string): string[] {
  return [...text.matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1].trim()).filter((name) => !name.startsWith('!'));
}

function getAttArgs(arg: Json, s: Scope): [string, string] {
  const parts = typeof arg === 'string' ? arg.split(/\.(.*)/s, 2) : Array.isArray(arg) ? [arg[0], arg[1]] : [];
  if (parts.length !== 2 || typeof parts[0] !== 'string') throw templateError('every Fn::GetAtt object requires two non-empty parameters');
  return [parts[0], asString(evaluate(parts[1] as Json, s), 'Fn::GetAtt attribute name')];
}

function ref(name: string, s: Scope): Evaluated {
  if (name === 'AWS::NoValue') return NO_VALUE;
  if (has(s.pseudo, name)) return s.pseudo[name];
  if (has(s.params, name)) return s.params[name];
  const resource = s.resources.get(name);
  if (resource) return resource.physicalId;
  throw unresolved(name);
}

function getAtt(name: string, attribute: string, s: Scope): Json {
  const resource = s.resources.get(name);
  if (!resource) throw templateError(`instance of Fn::GetAtt references undefined resource ${name}`);
  const value = attributeOf(resource, attribute);
  if (value === undefined) throw templateError(`resource ${name} does not support attribute type ${attribute} in Fn::GetAtt`);
  return value;
}

export function condition(name: string, s: Scope): boolean {
  const value = s.conditions(name);
  if (value === undefined) throw formatError(`Unresolved condition dependency ${name} in Fn::If`);
  return value;
}

function fnCidr(args: Json[], s: Scope): string[] {
  const [blockArg, countArg, bitsArg] = args;
  const block = parseCidr(asString(evaluate(blockArg, s), 'Fn::Cidr ipBlock'));
  const count = Number(asString(evaluate(countArg, s), 'Fn::Cidr count'));
  const bits = Number(asString(evaluate(bitsArg, s), 'Fn::Cidr cidrBits'));
  if (!block || !Number.isInteger(count) || count < 1 || count > 256 || !Number.isInteger(bits) || bits < 0 || 32 - bits < block.prefix || count * 2 ** bits > 2 ** (32 - block.prefix)) {
    throw templateError('Fn::Cidr cannot produce the requested subnets from the given ipBlock, count and cidrBits');
  }
  return Array.from({ length: count }, (_, i) => cidrText({ network: block.network + i * 2 ** bits, prefix: 32 - bits }));
}

function call(fn: string, arg: Json, s: Scope): Evaluated {
  const args = () => asList(arg, `every ${fn} object`);
  switch (fn) {
    case 'Ref':
      return ref(asString(arg, 'Ref'), s);
    case 'Fn::GetAtt': {
      const [name, attribute] = getAttArgs(arg, s);
      return getAtt(name, attribute, s);
    }
    case 'Fn::Sub': {
      const [text, vars] = typeof arg === 'string' ? [arg, {}] : Array.isArray(arg) ? [arg[0], arg[1] ?? {}] : [undefined, {}];
      if (typeof text !== 'string' || !isObject(vars)) throw templateError('One or more Fn::Sub intrinsic functions don\'t specify expected arguments. Specify a string as first argument, and an optional second argument to specify a mapping of values to replace in the string');
      const local: Record<string, Evaluated> = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, evaluate(v, s)]));
      return text.replace(/\$\{([^}]*)\}/g, (_whole, inner: string) => {
        if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
        const name = inner.trim();
        const what = `variable ${name} in Fn::Sub expression`;
        if (has(local, name)) return asString(local[name], what);
        if (name.includes('.') && !name.startsWith('AWS::')) {
          const [resource, attribute] = name.split(/\.(.*)/s, 2);
          return asString(getAtt(resource, attribute, s), what);
        }
        return asString(ref(name, s), what);
      });
    }
    case 'Fn::Join': {
      const [delimiter, items] = args();
      const values = asList(evaluate(items, s), 'every Fn::Join object');
      return values.map((v) => asString(v, 'every Fn::Join member')).join(asString(delimiter, 'Fn::Join delimiter'));
    }
    case 'Fn::Select': {
      const [indexArg, items] = args();
      const index = Number(asString(evaluate(indexArg, s), 'Fn::Select index'));
      const values = asList(evaluate(items, s), 'every Fn::Select object');
      if (!Number.isInteger(index) || index < 0 || index >= values.length) throw templateError(`Fn::Select cannot select nonexistent value at index ${index}`);
      return values[index];
    }
    case 'Fn::Split': {
      const [delimiter, text] = args();
      return asString(evaluate(text, s), 'Fn::Split source').split(asString(delimiter, 'Fn::Split delimiter'));
    }
    case 'Fn::GetAZs': {
      const region = asString(evaluate(arg ?? '', s), 'Fn::GetAZs region');
      return availabilityZones(region || s.region);
    }
    case 'Fn::Cidr':
      return fnCidr(args(), s);
    case 'Fn::FindInMap': {
      const [map, top, second] = args().map((a) => asString(evaluate(a, s), 'Fn::FindInMap key'));
      const found = (s.mappings[map] as Obj | undefined)?.[top];
      const value = isObject(found) ? found[second] : undefined;
      if (value === undefined) throw templateError(`Unable to get mapping for ${map}::${top}::${second}`);
      return value;
    }
    case 'Fn::If': {
      const [name, yes, no] = args();
      return evaluate(condition(asString(name, 'Fn::If condition'), s) ? yes : no, s);
    }
    case 'Fn::Base64':
      return Buffer.from(asString(evaluate(arg, s), 'Fn::Base64 value')).toString('base64');
    case 'Fn::ImportValue': {
      const name = asString(evaluate(arg, s), 'Fn::ImportValue name');
      const value = s.importValue(name);
      if (value === undefined) throw validation(`No export named ${name} found.`);
      return value;
    }
    case 'Fn::Equals':
    case 'Fn::And':
    case 'Fn::Or':
    case 'Fn::Not':
    case 'Condition':
      return evalCondition({ [fn]: arg }, s);
    default:
      throw templateError(`Encountered unsupported function: ${fn}`);
  }
}

export function evaluate(v: Json, s: Scope): Evaluated {
  if (Array.isArray(v)) return v.map((item) => evaluate(item, s)).filter((item): item is Json => item !== NO_VALUE);
  if (!isObject(v)) return v;
  const fn = intrinsic(v);
  // `{"Condition": name}` is a function only among conditions; elsewhere it is a property.
  if (fn && fn[0] !== 'Condition') return call(fn[0], fn[1], s);
  const out: Obj = {};
  for (const [k, item] of Object.entries(v)) {
    const value = evaluate(item, s);
    if (value !== NO_VALUE) out[k] = value;
  }
  return out;
}

function evalCondition(v: Json, s: Scope): boolean {
  const fn = isObject(v) ? intrinsic(v) : undefined;
  if (!fn) throw formatError('Conditions can only be boolean operations on parameters and other conditions');
  const [name, arg] = fn;
  const args = Array.isArray(arg) ? arg : [];
  if (name === 'Condition') return condition(asString(arg, 'Condition'), s);
  if (name === 'Fn::Not') return !evalCondition(args[0], s);
  if (name === 'Fn::And') return args.every((a) => evalCondition(a, s));
  if (name === 'Fn::Or') return args.some((a) => evalCondition(a, s));
  if (name === 'Fn::Equals') {
    const [a, b] = args.map((x) => evaluate(x, s));
    return JSON.stringify(typeof a === 'number' ? String(a) : a) === JSON.stringify(typeof b === 'number' ? String(b) : b);
  }
  return Boolean(call(name, arg, s));
}

/** Every condition's value (they see parameters and pseudo parameters, and each other). */
export function resolveConditions(conditions: Obj, s: Scope): (name: string) => boolean | undefined {
  const done = new Map<string, boolean>();
  const visiting = new Set<string>();
  const resolve = (name: string): boolean | undefined => {
    if (!has(conditions, name)) return undefined;
    const known = done.get(name);
    if (known !== undefined) return known;
    if (visiting.has(name)) throw formatError(`Circular dependency between conditions: [${[...visiting].join(', ')}]`);
    visiting.add(name);
    const value = evalCondition(conditions[name], { ...s, conditions: resolve, resources: new Map() });
    visiting.delete(name);
    done.set(name, value);
    return value;
  };
  for (const name of Object.keys(conditions)) resolve(name);
  return (name) => done.get(name);
}

/** `v` with every Fn::If replaced by the branch its condition picks (for finding references). */
export function pickBranches(v: Json, s: Scope): Json {
  if (Array.isArray(v)) return v.map((item) => pickBranches(item, s));
  if (!isObject(v)) return v;
  const fn = intrinsic(v);
  if (fn?.[0] === 'Fn::If' && Array.isArray(fn[1])) return pickBranches((condition(String(fn[1][0]), s) ? fn[1][1] : fn[1][2]) ?? null, s);
  return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, pickBranches(item, s)]));
}

/** The resources `v` refers to (Ref, Fn::GetAtt, Fn::Sub), checking that each name resolves. */
export function references(v: Json, s: Scope, types: Record<string, string>, out: Set<string>): Set<string> {
  const resource = (name: string) => {
    if (!s.active.has(name)) throw unresolved(name);
    out.add(name);
  };
  const named = (name: string) => {
    if (has(s.pseudo, name) || has(s.params, name) || name === 'AWS::NoValue') return;
    resource(name);
  };
  const attribute = (name: string, attr: Json | undefined) => {
    if (!has(types, name)) throw templateError(`instance of Fn::GetAtt references undefined resource ${name}`);
    if (typeof attr === 'string' && !supportsAttribute(types[name], attr)) throw templateError(`resource ${name} does not support attribute type ${attr} in Fn::GetAtt`);
    resource(name);
  };
  if (Array.isArray(v)) v.forEach((item) => references(item, s, types, out));
  if (!isObject(v)) return out;
  const fn = intrinsic(v);
  if (fn?.[0] === 'Ref' && typeof fn[1] === 'string') named(fn[1]);
  else if (fn?.[0] === 'Fn::GetAtt') {
    const parts = typeof fn[1] === 'string' ? fn[1].split(/\.(.*)/s, 2) : Array.isArray(fn[1]) ? fn[1] : [];
    attribute(String(parts[0]), parts[1]);
    if (Array.isArray(fn[1])) references(fn[1][1] ?? null, s, types, out);
  } else if (fn?.[0] === 'Fn::Sub') {
    const [text, vars] = typeof fn[1] === 'string' ? [fn[1], {}] : Array.isArray(fn[1]) ? [fn[1][0], fn[1][1] ?? {}] : ['', {}];
    const local = isObject(vars) ? vars : {};
    for (const name of subReferences(String(text))) {
      if (has(local, name)) continue;
      if (name.includes('.') && !name.startsWith('AWS::')) {
        const [res, attr] = name.split(/\.(.*)/s, 2);
        attribute(res, attr);
      } else named(name);
    }
    references(local, s, types, out);
  } else Object.values(v).forEach((item) => references(item, s, types, out));
  return out;
}
