// Input limits (platform/input-limits.ts) where they are enforced: the table resolvers' own requests
// (dist/resolvers, exactly what CDK deploys) refuse every argument past its limit before a DynamoDB
// request exists, and the same bad input answers the same documented code over GraphQL and, with
// HTTP 400, over the REST façade.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { loadResolverCode } from '../../infra/local/appsync/runtime/loader.ts';
import { withInvocation } from '../../infra/local/appsync/runtime/util.ts';
import { AppSyncFieldError } from '../../infra/local/appsync/errors.ts';
import { FIELDS, resolverOf } from '../../infra/api.ts';
import { ROOT } from '../../infra/local/stack.ts';
import { INPUT_CHECKS, type InputCheck } from '../../platform/generated/inputs.ts';
import { MAX_WAVES } from '../../platform/input-limits.ts';
import { errorOf, gql, login } from '../support/client.ts';
import { idToken, leaks, restHttp } from '../support/rest.ts';

const ep = inject('endpoints');

/** Arguments holding `value` at the check's path (objects along the way). */
function argsAt(c: InputCheck, value: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let at = out;
  c.path.forEach((name, i) => {
    if (i === c.path.length - 1) at[name] = value;
    else at = at[name] = {} as Record<string, unknown>;
  });
  return out;
}

function runRequest(field: string, args: Record<string, unknown>): { error: AppSyncFieldError | null } {
  const r = resolverOf(field as (typeof FIELDS)[number]);
  const m = loadResolverCode(readFileSync(join(ROOT, r.code.bundle), 'utf8'), r.code.bundle);
  const inv = { fieldName: r.fieldName, parentTypeName: r.typeName, authMode: 'AMAZON_COGNITO_USER_POOLS' as const, appendedErrors: [], invalidations: [], responseHeaders: {} };
  const ctx = { args, arguments: args, identity: null, stash: {}, info: { fieldName: r.fieldName, parentTypeName: r.typeName } };
  try {
    withInvocation(inv, () => m.request!(ctx));
    return { error: null };
  } catch (e) {
    if (e instanceof AppSyncFieldError) return { error: e };
    throw e;
  }
}

describe('the table resolvers', () => {
  const served = FIELDS.filter((f) => resolverOf(f).dataSource === 'table' && INPUT_CHECKS[f].some((c) => c.maxLength || c.maxItems));

  it('are the reads with arguments', () => {
    expect(served.sort()).toEqual(
      ['Query.getCluster', 'Query.getExecution', 'Query.getProtectionGroup', 'Query.getTenant', 'Query.listClusters', 'Query.listExecutions',
        'Query.listProtectionGroups', 'Query.listSpotInstances', 'Query.listStaff', 'Query.listTargetAccounts', 'Query.listTenants'].sort(),
    );
  });

  it.each(served)('%s refuses each argument past its limit before any DynamoDB request, and takes it at the limit', (field) => {
    for (const c of INPUT_CHECKS[field]) {
      if (c.maxLength) {
        const over = runRequest(field, argsAt(c, 'x'.repeat(c.maxLength + 1))).error;
        expect(over, `${field} ${c.field}`).not.toBeNull();
        expect(over!.errorType).toBe(c.code);
        expect(over!.errorInfo).toMatchObject({ field: c.field, maxLength: c.maxLength });
        // 10 kB: the size that reached DynamoDB as a key before.
        expect(runRequest(field, argsAt(c, 'y'.repeat(10_240))).error?.errorType).toBe(c.code);
        const atLimit = runRequest(field, argsAt(c, 'x'.repeat(c.maxLength))).error;
        expect(atLimit?.errorType ?? null, `${field} ${c.field} at its limit`).not.toBe(c.code);
      }
    }
  });
});

describe('the same bad input over GraphQL and REST', () => {
  let access: string;
  let id: string;
  beforeAll(async () => {
    [access, id] = await Promise.all([login(ep, 'admin'), idToken(ep, 'admin')]);
  });
  const longId = `pg-${'x'.repeat(10_240)}`;
  const waves = Array.from({ length: MAX_WAVES + 1 }, (_, i) => ({ waveNumber: i + 1, name: `W${i + 1}`, protectionGroupId: `g-${i + 1}` }));

  const cases = [
    {
      name: 'a 10 kB protection group id (a table read)',
      code: 'INVALID_INPUT',
      field: 'id',
      graphql: () => gql(ep, access, 'query G($id: ID!) { getProtectionGroup(id: $id) { id } }', { id: longId }),
      rest: () => restHttp(ep, { method: 'GET', path: `/protection-groups/${longId}`, authorization: id }),
    },
    {
      name: 'a 10 kB execution id (a table read)',
      code: 'INVALID_INPUT',
      field: 'id',
      graphql: () => gql(ep, access, 'query G($id: ID!) { getExecution(id: $id) { id } }', { id: longId }),
      rest: () => restHttp(ep, { method: 'GET', path: `/executions/${longId}`, authorization: id }),
    },
    {
      name: 'a 10 kB recovery plan id (a Lambda read)',
      code: 'INVALID_INPUT',
      field: 'id',
      graphql: () => gql(ep, access, 'query G($id: ID!) { getRecoveryPlan(id: $id) { id } }', { id: longId }),
      rest: () => restHttp(ep, { method: 'GET', path: `/recovery-plans/${longId}`, authorization: id }),
    },
    {
      name: 'a group name past 64 characters',
      code: 'INVALID_NAME',
      field: 'name',
      graphql: () =>
        gql(ep, access, 'mutation C($input: CreateProtectionGroupInput!) { createProtectionGroup(input: $input) { id } }', {
          input: { name: 'n'.repeat(65), region: 'us-east-1', sourceServerIds: ['s-0123456789abcdef0'] },
        }),
      rest: () => restHttp(ep, { method: 'POST', path: '/protection-groups', authorization: id, body: { GroupName: 'n'.repeat(65), Region: 'us-east-1', SourceServerIds: ['s-0123456789abcdef0'] } }),
    },
    {
      name: `a plan of ${MAX_WAVES + 1} waves (past what its transaction allows)`,
      code: 'INVALID_WAVE_DATA',
      field: 'waves',
      graphql: () => gql(ep, access, 'mutation C($input: CreateRecoveryPlanInput!) { createRecoveryPlan(input: $input) { id } }', { input: { name: 'too-many-waves', waves } }),
      rest: () => restHttp(ep, { method: 'POST', path: '/recovery-plans', authorization: id, body: { PlanName: 'too-many-waves', Waves: waves } }),
    },
    {
      name: 'a tag key past 128 characters',
      code: 'INVALID_TAGS',
      field: 'tags.key',
      graphql: () =>
        gql(ep, access, 'query Q($region: String!, $tags: [TagInput!]!) { previewServersByTags(region: $region, tags: $tags) { matchedTags { key } } }', {
          region: 'us-east-1',
          tags: [{ key: 'k'.repeat(129), value: 'v' }],
        }),
      rest: null,
    },
  ];

  it.each(cases)('$name: $code naming the field, HTTP 400 on the façade, no internal text', async (c) => {
    const g = await c.graphql();
    const e = errorOf(g);
    expect(e.errorType).toBe(c.code);
    expect(e.errorInfo).toMatchObject({ field: c.field });
    expect(leaks(e.message)).toEqual([]);
    if (c.rest) {
      const r = await c.rest();
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ error: c.code, field: c.field });
      expect(leaks(r.text)).toEqual([]);
    }
  });
});
