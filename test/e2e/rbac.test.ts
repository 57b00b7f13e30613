// Every Query and Mutation × every role, through the started stack: a role the RBAC table
// (platform/rbac.ts) does not admit gets AppSync's Unauthorized; an admitted role never does
// (its call may still fail validation — dummy arguments — but not authorization).
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLInputType,
  type GraphQLObjectType,
} from 'graphql';
import type { FieldKey } from '../../platform/fields.ts';
import { IAM_ONLY, OPERATION_RULES, ROLES, rolesFor, type Role } from '../../platform/rbac.ts';
import { gql, login } from '../support/client.ts';

const ep = inject('endpoints');
const schema = buildSchema(readFileSync('infra/appsync-builtins.graphql', 'utf8') + readFileSync('schema.graphql', 'utf8'));
const USERS: Record<Role, string> = {
  DRSOrchestrationAdmin: 'admin',
  DRSRecoveryManager: 'recovery-manager',
  DRSPlanManager: 'plan-manager',
  DRSOperator: 'operator',
  DRSReadOnly: 'readonly',
};
// Admitted calls that must not do real work while other test files share the stack.
const NOT_RUN_WHEN_ADMITTED = new Set<FieldKey>(['Mutation.deleteFinishedExecutions']);
// Admitted calls whose dummy arguments would do real work get arguments refused after authorization:
// `enable` with the dummy `teardown: false` turned spot provisioning on for the whole shared stack and
// launched an instance that spot.test.ts then found live; enable + teardown is INVALID_REQUEST.
const ARG_OVERRIDES: Partial<Record<FieldKey, string>> = {
  'Mutation.syncDrsTags': 'regions: ["eu-west-1"], dryRun: true',
  'Mutation.setSpotProvisioning': 'action: enable, teardown: true',
};

const SCALARS: Record<string, string> = {
  ID: '"rbac-none"',
  String: '"rbac-none"',
  Int: '1',
  Float: '1',
  Boolean: 'false',
  AWSJSON: '"{}"',
  AWSDateTime: '"2026-01-01T00:00:00Z"',
};

/** A literal of the type with only its required parts filled in. */
function literal(type: GraphQLInputType): string {
  if (isNonNullType(type)) return literal(type.ofType);
  if (isListType(type)) return `[${literal(type.ofType)}]`;
  if (isEnumType(type)) return type.getValues()[0].name;
  if (isScalarType(type)) return SCALARS[type.name] ?? '"rbac-none"';
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter((f) => isNonNullType(f.type));
    return `{ ${fields.map((f) => `${f.name}: ${literal(f.type)}`).join(', ')} }`;
  }
  throw new Error(`no literal for ${String(type)}`);
}

function operation(key: FieldKey): string {
  const [typeName, fieldName] = key.split('.');
  const root = schema.getType(typeName) as GraphQLObjectType;
  const field = root.getFields()[fieldName];
  const args = ARG_OVERRIDES[key] ?? field.args.filter((a) => isNonNullType(a.type)).map((a) => `${a.name}: ${literal(a.type)}`).join(', ');
  const selection = isObjectType(getNamedType(field.type)) ? ' { __typename }' : '';
  return `${typeName === 'Query' ? 'query' : 'mutation'} { ${fieldName}${args ? `(${args})` : ''}${selection} }`;
}

const OPERATIONS = (Object.keys(OPERATION_RULES) as FieldKey[]).filter((k) => !k.startsWith('Subscription.'));

it('runs setSpotProvisioning only with arguments refused after authorization (no provisioning starts)', async () => {
  const r = await gql(ep, await login(ep, 'admin'), operation('Mutation.setSpotProvisioning'));
  expect(r.errors?.map((e) => e.errorType)).toEqual(['INVALID_REQUEST']);
});

describe(`RBAC matrix: ${OPERATIONS.length} operations × ${ROLES.length} roles`, () => {
  const tokens = {} as Record<Role, string>;
  beforeAll(async () => {
    await Promise.all(ROLES.map(async (r) => (tokens[r] = await login(ep, USERS[r]))));
  });

  for (const key of OPERATIONS) {
    it(key, async () => {
      const admitted = OPERATION_RULES[key] === IAM_ONLY ? [] : rolesFor(OPERATION_RULES[key]);
      const query = operation(key);
      for (const role of ROLES) {
        const allowed = admitted.includes(role);
        if (allowed && NOT_RUN_WHEN_ADMITTED.has(key)) continue;
        const r = await gql(ep, tokens[role], query);
        const unauthorized = r.errors?.some((e) => e.errorType === 'Unauthorized' || e.errorType === 'FORBIDDEN') ?? false;
        expect({ role, unauthorized, query }).toEqual({ role, unauthorized: !allowed, query });
      }
    });
  }
});
