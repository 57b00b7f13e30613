// resolverHandler (platform/resolver-event.ts): how a Lambda data source routes a field, applies the
// role table before the route runs, lets IAM callers through (the guide: direct invocation bypasses
// RBAC), and answers errors as data. The routes here are stubs: no AWS call anywhere.
import { beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { actor, resolverHandler, type ResolverAnswer, type ResolverEvent } from '../../platform/resolver-event.ts';
import { ROLES } from '../../platform/rbac.ts';
import { asRole, cognito, iam, resolverEvent } from './support/events.ts';

// The handler logs what it does not expect; keep the test output quiet.
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

type Served = 'Mutation.createProtectionGroup' | 'Mutation.publishExecutionUpdate' | 'Query.me' | 'Query.getExecution';
const calls: Array<{ field: string; args: unknown; event: ResolverEvent<unknown> }> = [];
const record = (field: string) => async (args: unknown, event: ResolverEvent<unknown>) => {
  calls.push({ field, args, event });
  return { served: field };
};

const handle = resolverHandler<Served>('unit', {
  'Mutation.createProtectionGroup': record('Mutation.createProtectionGroup'),
  'Mutation.publishExecutionUpdate': record('Mutation.publishExecutionUpdate'),
  'Query.me': record('Query.me'),
  'Query.getExecution': async ({ id }) => {
    if (id === 'missing') throw new AppError('EXECUTION_NOT_FOUND', `Execution with ID ${id} not found`, { id });
    throw new Error('a bug with a secret inside');
  },
});

const create = { input: { name: 'DB', region: 'us-east-1', sourceServerIds: ['s-0123456789abcdef0'] } };
const codeOf = (a: ResolverAnswer) => ('error' in a ? a.error.code : 'data');

beforeEach(() => {
  calls.length = 0;
});

describe('resolverHandler routing', () => {
  it('routes a field to its route with the arguments and the whole event, answering data', async () => {
    const event = resolverEvent('Mutation.createProtectionGroup', create, asRole('DRSPlanManager', 'pat'));
    expect(await handle(event)).toEqual({ data: { served: 'Mutation.createProtectionGroup' } });
    expect(calls).toEqual([{ field: 'Mutation.createProtectionGroup', args: create, event }]);
  });

  it('answers NOT_IMPLEMENTED for a field this function does not serve, before any role check', async () => {
    for (const field of ['Query.listClusters', 'Query.nope', 'toString', 'constructor']) {
      const a = await handle(resolverEvent(field, {}, asRole('DRSOrchestrationAdmin')));
      expect(a).toEqual({ error: { code: 'NOT_IMPLEMENTED', message: `${field} is not served by this function`, details: undefined } });
      // A caller with no role at all learns the same, not FORBIDDEN.
      expect(codeOf(await handle(resolverEvent(field, {}, null)))).toBe('NOT_IMPLEMENTED');
    }
    expect(calls).toEqual([]);
  });
});

describe('resolverHandler authorization', () => {
  it('answers FORBIDDEN to a role without the permission, and never runs the route', async () => {
    for (const role of ['DRSOperator', 'DRSReadOnly'] as const) {
      const a = await handle(resolverEvent('Mutation.createProtectionGroup', create, asRole(role)));
      expect(a).toEqual({ error: { code: 'FORBIDDEN', message: 'Not authorized to call Mutation.createProtectionGroup', details: undefined } });
    }
    expect(calls).toEqual([]);
  });

  it('lets in a role with the permission, also among other groups', async () => {
    expect(codeOf(await handle(resolverEvent('Mutation.createProtectionGroup', create, cognito(['Staff', 'DRSRecoveryManager']))))).toBe('data');
    expect(codeOf(await handle(resolverEvent('Mutation.createProtectionGroup', create, cognito(['Staff']))))).toBe('FORBIDDEN');
  });

  it('answers FORBIDDEN to a caller with no groups or no identity', async () => {
    expect(codeOf(await handle(resolverEvent('Query.me', {}, cognito([]))))).toBe('FORBIDDEN');
    expect(codeOf(await handle(resolverEvent('Query.me', {}, { sub: 'x', username: 'x', groups: null })))).toBe('FORBIDDEN');
    expect(codeOf(await handle(resolverEvent('Query.me', {}, null)))).toBe('FORBIDDEN');
    expect(calls).toEqual([]);
  });

  it('any of the five roles may ask who they are', async () => {
    for (const role of ROLES) expect(codeOf(await handle(resolverEvent('Query.me', {}, asRole(role))))).toBe('data');
  });

  it('IAM callers bypass RBAC (their IAM policy governs them); IAM-only fields refuse every Cognito role', async () => {
    expect(codeOf(await handle(resolverEvent('Mutation.createProtectionGroup', create, iam())))).toBe('data');
    expect(codeOf(await handle(resolverEvent('Mutation.publishExecutionUpdate', { input: {} }, iam('orchestrator'))))).toBe('data');
    expect(calls.map((c) => c.field)).toEqual(['Mutation.createProtectionGroup', 'Mutation.publishExecutionUpdate']);
    expect(codeOf(await handle(resolverEvent('Mutation.publishExecutionUpdate', { input: {} }, asRole('DRSOrchestrationAdmin'))))).toBe('FORBIDDEN');
    expect(calls).toHaveLength(2);
  });

  it('an identity without a userArn is not IAM', async () => {
    const fake = { accountId: '123456789012', userArn: '', sub: 'x', username: 'x', groups: ['DRSReadOnly'] };
    expect(codeOf(await handle(resolverEvent('Mutation.createProtectionGroup', create, fake)))).toBe('FORBIDDEN');
  });
});

describe('resolverHandler errors', () => {
  it("a route's AppError is answered as data with its code, message and details", async () => {
    expect(await handle(resolverEvent('Query.getExecution', { id: 'missing' }, asRole('DRSReadOnly')))).toEqual({
      error: { code: 'EXECUTION_NOT_FOUND', message: 'Execution with ID missing not found', details: { id: 'missing' } },
    });
  });

  it('anything else is INTERNAL_ERROR, without its message, with the request id to quote', async () => {
    expect(await handle(resolverEvent('Query.getExecution', { id: 'e-1' }, asRole('DRSReadOnly')))).toEqual({
      error: { code: 'INTERNAL_ERROR', message: 'Internal error; the function log has the details' },
    });
    expect(await handle(resolverEvent('Query.getExecution', { id: 'e-1' }, asRole('DRSReadOnly')), { awsRequestId: 'req-42' })).toEqual({
      error: { code: 'INTERNAL_ERROR', message: 'Internal error (request id req-42); the function log has the details', details: { requestId: 'req-42' } },
    });
  });
});

describe('actor', () => {
  it('audit fields name the verified caller: the IAM principal, the Cognito user, else unknown', () => {
    expect(actor(iam('automation'))).toBe('arn:aws:sts::123456789012:assumed-role/automation/session');
    expect(actor(asRole('DRSOperator', 'olive'))).toBe('olive');
    expect(actor(null)).toBe('unknown');
  });
});
