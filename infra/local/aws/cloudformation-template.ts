// CloudFormation templates for the emulated CloudFormation: parsing (JSON, or YAML with the short-form
// tags !Ref !Sub !GetAtt … read as their long forms), the checks CreateStack makes before a stack
// exists (template format, parameter values against their constraints, capabilities), and evaluation
// of the intrinsic functions (cloudformation-intrinsics.ts) into a plan: every resource in dependency order with its resolved
// properties, physical id and attributes, and the stack's outputs. Messages are CloudFormation's own
// (LocalStack's AWS-validated snapshots, tests/aws/services/cloudformation/**/*.snapshot.json, and
// errors quoted in public issues).
import { type Tags, parse as parseYaml } from 'yaml';
import {
  NO_VALUE,
  type Scope,
  type Value,
  asString,
  condition,
  evaluate,
  formatError,
  isObject,
  pickBranches,
  references,
  resolveConditions,
  unresolved,
  validation,
} from './cloudformation-intrinsics.ts';
import { type Json, type Obj, capabilityNeeded, resourceKind } from './cloudformation-resources.ts';
import { ServiceError } from './protocol.ts';

export type { Json, Obj } from './cloudformation-resources.ts';

export interface ParameterDecl {
  Type: string;
  Default?: Json;
  NoEcho?: Json;
  AllowedValues?: Json[];
  AllowedPattern?: string;
  MinLength?: Json;
  MaxLength?: Json;
  MinValue?: Json;
  MaxValue?: Json;
  ConstraintDescription?: string;
}
export interface ResourceDecl {
  Type: string;
  Properties?: Obj;
  DependsOn?: string | string[];
  Condition?: string;
}
export interface Template {
  Description?: string;
  Parameters: Record<string, ParameterDecl>;
  Mappings: Obj;
  Conditions: Obj;
  Resources: Record<string, ResourceDecl>;
  Outputs: Record<string, Obj>;
  /** Macros to run first (SAM and the like): not emulated. */
  Transform?: Json;
}
export interface PlannedResource {
  logicalId: string;
  type: string;
  physicalId: string;
  attrs: Record<string, Json>;
  properties: Obj;
  /** Logical ids this resource waits for (references and DependsOn). */
  dependsOn: string[];
  /** Why creating it fails, when it does. */
  failure?: string;
}
export interface StackOutput {
  OutputKey: string;
  OutputValue: string;
  Description?: string;
  ExportName?: string;
}
export interface StackPlan {
  description?: string;
  parameters: Array<{ ParameterKey: string; ParameterValue: string }>;
  resources: PlannedResource[];
  outputs: StackOutput[];
}
export interface PlanInput {
  parameters: Array<{ key: string; value: string }>;
  capabilities: string[];
  stackName: string;
  stackId: string;
  accountId: string;
  region: string;
  /** An exported output's value in this account and region (Fn::ImportValue). */
  importValue(name: string): string | undefined;
}

// ---------------------------------------------------------------- parsing

const SHORT_FORMS = ['Base64', 'Cidr', 'FindInMap', 'GetAtt', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub', 'Transform', 'And', 'Equals', 'If', 'Not', 'Or', 'Length', 'ToJsonString'];
const longForm = (name: string) => (name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`);
const YAML_TAGS = ['Ref', 'Condition', ...SHORT_FORMS].flatMap((name) => [
  // `!GetAtt Vpc.CidrBlock` is `{"Fn::GetAtt": ["Vpc", "CidrBlock"]}`.
  { tag: `!${name}`, resolve: (text: string) => ({ [longForm(name)]: name === 'GetAtt' ? text.split(/\.(.*)/s, 2) : text }) },
  { tag: `!${name}`, collection: 'seq' as const, resolve: (node: { toJSON(): unknown }) => ({ [longForm(name)]: node.toJSON() }) },
  { tag: `!${name}`, collection: 'map' as const, resolve: (node: { toJSON(): unknown }) => ({ [longForm(name)]: node.toJSON() }) },
]) as unknown as Tags;

const SECTIONS = ['AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Rules', 'Mappings', 'Conditions', 'Transform', 'Resources', 'Outputs'];
const PARAMETER_TYPES = /^(String|Number|List<Number>|CommaDelimitedList|AWS::[A-Za-z0-9:]+|List<AWS::[A-Za-z0-9:]+>|AWS::SSM::Parameter::Value<.+>)$/;
const RESOURCE_TYPE = /^(AWS::[A-Za-z0-9]+::[A-Za-z0-9]+(::[A-Za-z0-9]+)?|Custom::[A-Za-z0-9_@-]+|[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+(::MODULE)?)$/;
const ALNUM = /^[A-Za-z0-9]+$/;

function lineColumn(text: string, position: number): string {
  const before = text.slice(0, position).split('\n');
  return `(line ${before.length}, column ${before[before.length - 1].length + 1})`;
}

/** Reads and checks a template body: JSON when it starts with `{`, YAML otherwise. */
export function readTemplate(body: string): Template {
  let doc: unknown;
  if (body.trimStart().startsWith('{')) {
    try {
      doc = JSON.parse(body);
    } catch (err) {
      const position = /position (\d+)/.exec(err instanceof Error ? err.message : '')?.[1];
      throw formatError(`JSON not well-formed.${position === undefined ? '' : ` ${lineColumn(body, Number(position))}`}`);
    }
  } else {
    try {
      doc = parseYaml(body, { customTags: YAML_TAGS, uniqueKeys: true });
    } catch {
      throw formatError('YAML not well-formed.');
    }
  }
  if (!isObject(doc)) throw formatError('unsupported structure.');
  const unknown = Object.keys(doc).filter((k) => !SECTIONS.includes(k));
  if (unknown.length) throw formatError(`Invalid template property or properties [${unknown.join(', ')}]`);

  const resources = doc.Resources;
  if (!isObject(resources) || Object.keys(resources).length === 0) throw formatError('At least one Resources member must be defined.');
  for (const [id, r] of Object.entries(resources)) {
    if (!ALNUM.test(id)) throw formatError(`Resource name ${id} is non alphanumeric.`);
    if (!isObject(r)) throw formatError('Any Resources member must be an object.');
    if (typeof r.Type !== 'string') throw formatError(`[/Resources/${id}] Every Resources object must contain a Type member.`);
    if (r.Properties !== undefined && !isObject(r.Properties)) throw formatError(`[/Resources/${id}/Properties] Every Properties member must be an object.`);
  }
  const badTypes = Object.values(resources).map((r) => (r as Obj).Type as string).filter((t) => !RESOURCE_TYPE.test(t));
  if (badTypes.length) throw formatError(`Unrecognized resource types: [${[...new Set(badTypes)].join(', ')}]`);

  const parameters = doc.Parameters ?? {};
  if (!isObject(parameters)) throw formatError('Parameters must be an object.');
  for (const [name, p] of Object.entries(parameters)) {
    if (!ALNUM.test(name)) throw formatError(`Parameter name ${name} is non alphanumeric.`);
    if (!isObject(p) || typeof p.Type !== 'string') throw formatError('Every Parameters object must contain a Type member.');
    if (!PARAMETER_TYPES.test(p.Type)) throw formatError(`Unrecognized parameter type: ${p.Type}`);
  }
  const outputs = doc.Outputs ?? {};
  if (!isObject(outputs)) throw formatError('Outputs must be an object.');
  for (const [name, o] of Object.entries(outputs)) {
    if (!ALNUM.test(name)) throw formatError(`Output name ${name} is non alphanumeric.`);
    if (!isObject(o) || o.Value === undefined) throw formatError('Every Outputs member must contain a Value object');
  }
  return {
    Description: typeof doc.Description === 'string' ? doc.Description : undefined,
    Parameters: parameters as unknown as Record<string, ParameterDecl>,
    Mappings: isObject(doc.Mappings) ? doc.Mappings : {},
    Conditions: isObject(doc.Conditions) ? doc.Conditions : {},
    Resources: resources as unknown as Record<string, ResourceDecl>,
    Outputs: outputs as Record<string, Obj>,
    Transform: doc.Transform,
  };
}

// ---------------------------------------------------------------- parameters

const isList = (type: string) => type === 'CommaDelimitedList' || type.startsWith('List<');

/** Why `raw` does not satisfy the parameter's declaration, in CloudFormation's words. */
function violation(name: string, decl: ParameterDecl, raw: string): string | undefined {
  const list = isList(decl.Type);
  const members = list ? raw.split(',').map((m) => m.trim()) : [raw];
  const numeric = decl.Type === 'Number' || decl.Type === 'List<Number>';
  if (numeric && members.some((m) => m.trim() === '' || !Number.isFinite(Number(m)))) return `Parameter '${name}' must be a number.`;
  const constraint = (message: string) => (decl.ConstraintDescription ? `Parameter ${name} failed to satisfy constraint: ${decl.ConstraintDescription}` : message);
  if (Array.isArray(decl.AllowedValues)) {
    const allowed = decl.AllowedValues.map(String);
    if (members.some((m) => !allowed.includes(m))) return constraint(`Parameter '${name}' must be one of AllowedValues`);
  }
  if (typeof decl.AllowedPattern === 'string') {
    const pattern = new RegExp(`^(?:${decl.AllowedPattern})$`, 'u');
    if (members.some((m) => !pattern.test(m))) return constraint(`Parameter '${name}' must match pattern ${decl.AllowedPattern}`);
  }
  if (!numeric && decl.MinLength !== undefined && raw.length < Number(decl.MinLength)) return constraint(`Parameter '${name}' must contain at least ${decl.MinLength} characters`);
  if (!numeric && decl.MaxLength !== undefined && raw.length > Number(decl.MaxLength)) return constraint(`Parameter '${name}' must contain at most ${decl.MaxLength} characters`);
  if (numeric && decl.MinValue !== undefined && members.some((m) => Number(m) < Number(decl.MinValue))) return constraint(`Parameter '${name}' must be a number not less than ${decl.MinValue}`);
  if (numeric && decl.MaxValue !== undefined && members.some((m) => Number(m) > Number(decl.MaxValue))) return constraint(`Parameter '${name}' must be a number not greater than ${decl.MaxValue}`);
  return undefined;
}

function resolveParameters(t: Template, given: PlanInput['parameters']) {
  const declared = Object.keys(t.Parameters);
  const unknown = given.map((g) => g.key).filter((k) => !declared.includes(k));
  if (unknown.length) throw validation(`Parameters: [${unknown.join(', ')}] do not exist in the template`);
  const raw: Record<string, string> = {};
  const missing: string[] = [];
  for (const name of declared) {
    const decl = t.Parameters[name];
    const value = given.find((g) => g.key === name)?.value ?? (decl.Default === undefined || decl.Default === null ? undefined : Array.isArray(decl.Default) ? decl.Default.join(',') : String(decl.Default));
    if (value === undefined) missing.push(name);
    else raw[name] = value;
  }
  if (missing.length) throw validation(`Parameters: [${missing.join(', ')}] must have values`);
  const values: Record<string, Value> = {};
  for (const name of declared) {
    const decl = t.Parameters[name];
    const problem = violation(name, decl, raw[name]);
    if (problem) throw validation(problem);
    values[name] = isList(decl.Type) ? (raw[name] === '' ? [] : raw[name].split(',').map((m) => m.trim())) : raw[name];
  }
  const listed = declared.map((name) => ({ ParameterKey: name, ParameterValue: String(t.Parameters[name].NoEcho) === 'true' ? '****' : raw[name] }));
  return { values, listed };
}

// ---------------------------------------------------------------- the plan

/** Orders resources so that each comes after what it depends on (template order among equals). */
function dependencyOrder(ids: string[], deps: Record<string, string[]>): string[] {
  const order: string[] = [];
  const placed = new Set<string>();
  while (order.length < ids.length) {
    const next = ids.find((id) => !placed.has(id) && deps[id].every((d) => placed.has(d)));
    if (next === undefined) throw validation(`Circular dependency between resources: [${ids.filter((id) => !placed.has(id)).join(', ')}]`);
    order.push(next);
    placed.add(next);
  }
  return order;
}

/**
 * Everything CreateStack decides before answering: parameters, conditions, dependency order, each
 * resource's properties, physical id and attributes (and whether creating it fails), and the outputs.
 */
export function planStack(t: Template, input: PlanInput): StackPlan {
  const { values, listed } = resolveParameters(t, input.parameters);
  const scope: Scope = {
    region: input.region,
    pseudo: {
      'AWS::AccountId': input.accountId,
      'AWS::Region': input.region,
      'AWS::StackName': input.stackName,
      'AWS::StackId': input.stackId,
      'AWS::Partition': 'aws',
      'AWS::URLSuffix': 'amazonaws.com',
      'AWS::NotificationARNs': [],
    },
    params: values,
    conditions: () => undefined,
    mappings: t.Mappings,
    resources: new Map(),
    active: new Set(),
    importValue: input.importValue,
  };
  scope.conditions = resolveConditions(t.Conditions, scope);
  const ids = Object.keys(t.Resources).filter((id) => {
    const name = t.Resources[id].Condition;
    return name === undefined || condition(name, scope);
  });
  scope.active = new Set(ids);
  const types = Object.fromEntries(Object.entries(t.Resources).map(([id, r]) => [id, r.Type]));
  const deps: Record<string, string[]> = {};
  const picked: Record<string, Json> = {};
  for (const id of ids) {
    const r = t.Resources[id];
    picked[id] = pickBranches(r.Properties ?? {}, scope);
    const found = references(picked[id], scope, types, new Set());
    for (const d of r.DependsOn === undefined ? [] : Array.isArray(r.DependsOn) ? r.DependsOn : [r.DependsOn]) {
      if (!scope.active.has(d)) throw unresolved(d);
      found.add(d);
    }
    found.delete(id);
    deps[id] = [...found];
  }
  const outputs = Object.entries(t.Outputs).filter(([, o]) => typeof o.Condition !== 'string' || condition(o.Condition, scope));
  for (const [, o] of outputs) references(pickBranches(o.Value, scope), scope, types, new Set());

  if (t.Transform !== undefined) {
    if (!input.capabilities.includes('CAPABILITY_AUTO_EXPAND')) throw new ServiceError('InsufficientCapabilitiesException', 'Requires capabilities : [CAPABILITY_AUTO_EXPAND]');
    throw validation(`Transform ${JSON.stringify(t.Transform)} is not supported by the local CloudFormation emulator.`);
  }
  const needed = new Set(ids.map((id) => capabilityNeeded(t.Resources[id].Type, isObject(picked[id]) ? picked[id] : {})).filter((c): c is string => c !== undefined));
  const acknowledged = new Set(input.capabilities);
  const named = needed.has('CAPABILITY_NAMED_IAM');
  if (named && !acknowledged.has('CAPABILITY_NAMED_IAM')) throw new ServiceError('InsufficientCapabilitiesException', 'Requires capabilities : [CAPABILITY_NAMED_IAM]');
  if (!named && needed.has('CAPABILITY_IAM') && !acknowledged.has('CAPABILITY_IAM') && !acknowledged.has('CAPABILITY_NAMED_IAM')) {
    throw new ServiceError('InsufficientCapabilitiesException', 'Requires capabilities : [CAPABILITY_IAM]');
  }

  const planned: PlannedResource[] = [];
  for (const id of dependencyOrder(ids, deps)) {
    const type = t.Resources[id].Type;
    const evaluated = evaluate(picked[id], scope);
    const properties = isObject(evaluated) ? evaluated : {};
    const made = resourceKind(type).provision(id, properties, { accountId: input.accountId, region: input.region, stackName: input.stackName, provisioned: planned });
    const resource: PlannedResource = { logicalId: id, type, physicalId: made.physicalId, attrs: made.attrs, properties, dependsOn: deps[id], failure: made.failure };
    planned.push(resource);
    scope.resources.set(id, resource);
  }

  const stackOutputs = outputs.map(([key, o]): StackOutput => {
    const value = evaluate(o.Value, scope);
    if (Array.isArray(value) || isObject(value)) throw formatError('The Value field of every Outputs member must evaluate to a String and not a List.');
    const exportName = isObject(o.Export) && o.Export.Name !== undefined ? asString(evaluate(o.Export.Name, scope), 'Export Name') : undefined;
    return { OutputKey: key, OutputValue: value === NO_VALUE ? '' : String(value), Description: typeof o.Description === 'string' ? o.Description : undefined, ExportName: exportName };
  });
  return { description: t.Description, parameters: listed, resources: planned, outputs: stackOutputs };
}
