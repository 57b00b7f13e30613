// Unit tests of the project's own resolver bundles (dist/resolvers, exactly what CDK deploys), run by
// the local APPSYNC_JS runtime: the requests they build and how they turn answers into results or errors.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadResolverCode, type ResolverModule } from '../../infra/local/appsync/runtime/loader.ts';
import { EarlyReturn, withInvocation } from '../../infra/local/appsync/runtime/util.ts';
import { AppSyncFieldError } from '../../infra/local/appsync/errors.ts';
import { NOT_IMPLEMENTED_RESOLVER, PIPELINE_RESOLVER, USER_STATUS_FUNCTION, resolverOf } from '../../infra/api.ts';
import type { FieldKey } from '../../platform/fields.ts';
import { ROOT } from '../../infra/local/stack.ts';
import { bundle } from '../fixtures/appsync/helpers.ts';

const load = (path: string): ResolverModule => loadResolverCode(readFileSync(join(ROOT, path), 'utf8'), path);
/** The bundle a field runs, as infra/api.ts WIRING implies it (its own, or a shared one). */
const bundleOf = (field: FieldKey) => resolverOf(field).code.bundle;

function run(m: ResolverModule, phase: 'request' | 'response', ctx: Record<string, unknown>, field = 'Query.f') {
  const [parentTypeName, fieldName] = field.split('.');
  const inv = { fieldName, parentTypeName, authMode: 'AMAZON_COGNITO_USER_POOLS' as const, appendedErrors: [], invalidations: [], responseHeaders: {} };
  const full = { args: {}, arguments: {}, identity: null, stash: {}, info: { fieldName, parentTypeName }, ...ctx };
  return withInvocation(inv, () => JSON.parse(JSON.stringify(m[phase]!(full) ?? null)));
}

function raised(fn: () => unknown): AppSyncFieldError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppSyncFieldError) return e;
    throw e;
  }
  throw new Error('expected util.error');
}

describe('Query.getProtectionGroup', () => {
  const m = load(bundleOf('Query.getProtectionGroup'));
  it('reads the group item by its key, strongly consistent', () => {
    expect(run(m, 'request', { args: { id: 'g1' } })).toEqual({
      operation: 'GetItem',
      key: { pk: { S: 'PG#g1' }, sk: { S: 'PG' } },
      consistentRead: true,
    });
  });
  it('answers null for a missing group and raises data-source errors', () => {
    expect(run(m, 'response', { result: null })).toBeNull();
    const e = raised(() => run(m, 'response', { error: { message: 'boom', type: 'DynamoDB:ResourceNotFoundException' } }));
    expect(e.errorType).toBe('DynamoDB:ResourceNotFoundException');
  });
});

describe('Query.listProtectionGroups', () => {
  const m = load(bundleOf('Query.listProtectionGroups'));
  it('queries the listing index without a filter when none is given', () => {
    const r = run(m, 'request', { args: {} });
    expect(r).toMatchObject({ operation: 'Query', index: 'gsi1', limit: 50, query: { expression: 'gsi1pk = :pk', expressionValues: { ':pk': { S: 'PG' } } } });
    expect(r.filter).toBeUndefined();
  });
  it('turns an exact name into a key prefix and the other filters into a filter expression', () => {
    const r = run(m, 'request', { args: { filter: { name: ' DB-Servers ', nameContains: 'SERV', region: 'us-west-2' }, limit: 10, nextToken: 't' } });
    expect(r.query).toEqual({
      expression: 'gsi1pk = :pk AND begins_with(gsi1sk, :name)',
      expressionValues: { ':pk': { S: 'PG' }, ':name': { S: 'db-servers#' } },
    });
    expect(r.filter).toEqual({
      expression: 'contains(nameLower, :contains) AND #region = :region',
      expressionNames: { '#region': 'region' },
      expressionValues: { ':contains': { S: 'serv' }, ':region': { S: 'us-west-2' } },
    });
    expect(r).toMatchObject({ limit: 10, nextToken: 't' });
  });
  it('refuses a limit outside 1..100, zero included', () => {
    expect(raised(() => run(m, 'request', { args: { limit: 1000 } })).errorType).toBe('INVALID_LIMIT');
    expect(raised(() => run(m, 'request', { args: { limit: 0 } })).errorType).toBe('INVALID_LIMIT');
  });
  it('answers items and nextToken', () => {
    expect(run(m, 'response', { result: { items: [{ id: 'a' }], nextToken: 'n', scannedCount: 3 } })).toEqual({ items: [{ id: 'a' }], nextToken: 'n' });
  });
});

describe("table fields: the status check before the field's own function", () => {
  const check = load(USER_STATUS_FUNCTION.code.bundle);
  const pipeline = load(PIPELINE_RESOLVER.bundle);
  const cognito = (iat: number) => ({ sub: 'u-1', username: 'u', claims: { sub: 'u-1', iat, token_use: 'id' } });

  it('is the first function of every table field, before its own code', () => {
    const r = resolverOf('Query.listProtectionGroups');
    expect(r.pipeline?.functions.map((f) => f.code.bundle)).toEqual(['dist/resolvers/userStatus.js', 'dist/resolvers/Query.listProtectionGroups.js']);
    expect(r.pipeline?.code.bundle).toBe('dist/resolvers/pipeline.js');
  });
  it("reads the signed-in user's status item, strongly consistent", () => {
    expect(run(check, 'request', { identity: cognito(100) })).toEqual({
      operation: 'GetItem',
      key: { pk: { S: 'USER_STATUS#u-1' }, sk: { S: 'STATUS' } },
      consistentRead: true,
    });
  });
  it('reads nothing for an IAM caller (early return: the next function runs)', () => {
    const iam = { accountId: '111111111111', userArn: 'arn:aws:iam::111111111111:role/x', username: 'AROAX:x', sourceIp: [] };
    let early: unknown;
    try {
      run(check, 'request', { identity: iam });
    } catch (e) {
      early = e;
    }
    expect(early).toBeInstanceOf(EarlyReturn);
    expect((early as EarlyReturn).skipTo).toBeUndefined();
  });
  it('refuses a disabled user (ACCOUNT_DISABLED) and a token issued before the revocation (Unauthorized)', () => {
    const e = raised(() => run(check, 'response', { identity: cognito(200), result: { pk: 'USER_STATUS#u-1', sk: 'STATUS', disabled: true, revokedBefore: 100 } }));
    expect(e).toMatchObject({ errorType: 'ACCOUNT_DISABLED', message: 'This account is disabled' });
    const old = raised(() => run(check, 'response', { identity: cognito(99), result: { disabled: false, revokedBefore: 100 } }, 'Query.listProtectionGroups'));
    expect(old.errorType).toBe('Unauthorized');
  });
  it('admits a user with no status item, and a token issued at or after the revocation', () => {
    expect(run(check, 'response', { identity: cognito(100), result: null })).toEqual({});
    expect(run(check, 'response', { identity: cognito(100), result: { disabled: false, revokedBefore: 100 } })).toEqual({});
  });
  it('raises a data-source error', () => {
    expect(raised(() => run(check, 'response', { identity: cognito(1), error: { message: 'boom', type: 'DynamoDB:X' } })).errorType).toBe('DynamoDB:X');
  });
  it("the pipeline's handlers pass the last function's answer through", () => {
    expect(run(pipeline, 'request', { args: { id: 'g' } })).toEqual({});
    expect(run(pipeline, 'response', { prev: { result: { items: [], nextToken: null } } })).toEqual({ items: [], nextToken: null });
  });
});

describe('Lambda-backed fields: the one shared Lambda resolver', () => {
  const m = load(bundleOf('Mutation.createProtectionGroup'));
  it('is the bundle of every Lambda-served field, and names the field it runs for', () => {
    expect(bundleOf('Mutation.createProtectionGroup')).toBe('dist/resolvers/lambda.js');
    expect(bundleOf('Query.getRecoveryPlan')).toBe('dist/resolvers/lambda.js');
    expect(run(m, 'request', { args: { id: 'p1' } }, 'Query.getRecoveryPlan').payload).toMatchObject({ field: 'Query.getRecoveryPlan', arguments: { id: 'p1' } });
  });
  it('sends the field, arguments and verified identity', () => {
    const identity = { sub: 'u1', username: 'admin', groups: ['DRSOrchestrationAdmin'] };
    const r = run(m, 'request', { args: { input: { name: 'x' } }, identity }, 'Mutation.createProtectionGroup');
    expect(r).toEqual({ operation: 'Invoke', payload: { field: 'Mutation.createProtectionGroup', arguments: { input: { name: 'x' } }, identity } });
  });
  it("raises the function's coded error with its details as errorInfo", () => {
    const e = raised(() => run(m, 'response', { result: { error: { code: 'SERVER_CONFLICT', message: 'taken', details: { conflictingServers: [] } } } }));
    expect(e).toMatchObject({ errorType: 'SERVER_CONFLICT', message: 'taken', errorInfo: { conflictingServers: [] } });
  });
  it('answers the data otherwise, and raises an invocation failure', () => {
    expect(run(m, 'response', { result: { data: { id: 'g' } } })).toEqual({ id: 'g' });
    expect(raised(() => run(m, 'response', { error: { message: 'timeout', type: 'Lambda:Unhandled' } })).errorType).toBe('Lambda:Unhandled');
  });
});

describe('publish and not-implemented resolvers', () => {
  it('publishProtectionGroupChange echoes its input to subscribers', () => {
    const m = load(bundleOf('Mutation.publishProtectionGroupChange'));
    const input = { id: 'g', action: 'CREATED', group: { id: 'g', name: 'n' } };
    expect(run(m, 'request', { args: { input } })).toEqual({ payload: input });
  });
  it('a not-implemented field answers NOT_IMPLEMENTED, naming the field', async () => {
    // Built here: the build bundles it only while some field in WIRING is NOT_IMPLEMENTED.
    const code = await bundle(readFileSync(join(ROOT, NOT_IMPLEMENTED_RESOLVER.source), 'utf8'));
    const m = loadResolverCode(code, NOT_IMPLEMENTED_RESOLVER.source);
    const e = raised(() => run(m, 'request', {}, 'Query.listRecoveryPlans'));
    expect(e.errorType).toBe('NOT_IMPLEMENTED');
    expect(e.message).toContain('Query.listRecoveryPlans');
  });
});
