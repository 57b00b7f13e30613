// AppSync's authorization directives. A field's own directives replace its type's; with neither, only the
// default mode (Cognito user pools, any user) may read it. cognito_groups narrows Cognito access to members
// of one of the groups (the `cognito:groups` claim). Only the two modes this API uses are recognised;
// @aws_api_key / @aws_oidc / @aws_lambda grant nothing because those modes are not configured.
import { isObjectType, type ConstDirectiveNode, type GraphQLField, type GraphQLObjectType, type GraphQLSchema } from 'graphql';

export type AuthMode = 'AMAZON_COGNITO_USER_POOLS' | 'AWS_IAM';

export interface AuthRule {
  /** Cognito allowed; `groups` undefined = any user of the pool. */
  cognito?: { groups?: string[] };
  iam?: boolean;
}

/** What the auth check needs from the caller. */
export interface Caller {
  mode: AuthMode;
  groups: string[];
}

const AUTH_DIRECTIVES = new Set(['aws_cognito_user_pools', 'aws_iam', 'aws_api_key', 'aws_oidc', 'aws_lambda', 'aws_auth']);

function groupsArg(d: ConstDirectiveNode): string[] | undefined {
  const arg = d.arguments?.find((a) => a.name.value === 'cognito_groups');
  if (!arg) return undefined;
  const v = arg.value;
  if (v.kind === 'ListValue') return v.values.flatMap((x) => (x.kind === 'StringValue' ? [x.value] : []));
  if (v.kind === 'StringValue') return [v.value];
  return undefined;
}

function ruleFrom(directives: readonly ConstDirectiveNode[]): AuthRule | undefined {
  const auth = directives.filter((d) => AUTH_DIRECTIVES.has(d.name.value));
  if (auth.length === 0) return undefined;
  const rule: AuthRule = {};
  for (const d of auth) {
    if (d.name.value === 'aws_iam') rule.iam = true;
    // @aws_auth is the legacy default-mode (user pools) directive.
    if (d.name.value === 'aws_cognito_user_pools' || d.name.value === 'aws_auth') {
      const groups = groupsArg(d);
      if (!rule.cognito) rule.cognito = groups ? { groups } : {};
      else if (rule.cognito.groups && groups) rule.cognito.groups = [...rule.cognito.groups, ...groups];
      else rule.cognito = {};
    }
  }
  return rule;
}

function directivesOf(node: { astNode?: { directives?: readonly ConstDirectiveNode[] } | null; extensionASTNodes?: readonly { directives?: readonly ConstDirectiveNode[] }[] }) {
  return [...(node.astNode?.directives ?? []), ...(node.extensionASTNodes ?? []).flatMap((n) => n.directives ?? [])];
}

const DEFAULT_ONLY: AuthRule = { cognito: {} };

export class AuthDirectives {
  private rules = new Map<string, AuthRule>();

  constructor(schema: GraphQLSchema) {
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      const typeRule = ruleFrom(directivesOf(type));
      for (const field of Object.values(type.getFields())) {
        const fieldRule = ruleFrom((field.astNode?.directives ?? []) as readonly ConstDirectiveNode[]);
        this.rules.set(`${type.name}.${field.name}`, fieldRule ?? typeRule ?? DEFAULT_ONLY);
      }
    }
  }

  rule(typeName: string, fieldName: string): AuthRule {
    return this.rules.get(`${typeName}.${fieldName}`) ?? DEFAULT_ONLY;
  }

  allows(typeName: string, fieldName: string, caller: Caller): boolean {
    if (fieldName === '__typename') return true;
    return allows(this.rule(typeName, fieldName), caller);
  }
}

export function allows(rule: AuthRule, caller: Caller): boolean {
  if (caller.mode === 'AWS_IAM') return rule.iam === true;
  if (!rule.cognito) return false;
  const groups = rule.cognito.groups;
  return !groups || groups.some((g) => caller.groups.includes(g));
}

export function subscribeMutations(field: GraphQLField<unknown, unknown>): string[] {
  const d = field.astNode?.directives?.find((x) => x.name.value === 'aws_subscribe');
  const arg = d?.arguments?.find((a) => a.name.value === 'mutations');
  if (!arg || arg.value.kind !== 'ListValue') return [];
  return arg.value.values.flatMap((v) => (v.kind === 'StringValue' ? [v.value] : []));
}

export type { GraphQLObjectType };
