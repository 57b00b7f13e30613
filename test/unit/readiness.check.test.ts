// The two readiness findings no stack can provoke, with the store reads stubbed: a wave's group that
// is gone (a group in a plan cannot be deleted: PG_IN_USE) and a group's account that is not registered
// (an account a group names cannot be deregistered: TARGET_ACCOUNT_IN_USE). Both guard data written
// around those rules; no AWS call is made for them.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { StoredGroup } from '../../domain/protection-groups/store.ts';
import type { StoredPlan } from '../../domain/recovery-plans/store.ts';

const reads = vi.hoisted(() => ({ groups: new Map<string, unknown>(), accounts: new Map<string, unknown>(), assumed: 0 }));
// Partial mocks: the modules stay importable by everything check.ts loads; only the reads are stubbed.
vi.mock(import('../../platform/aws/dynamodb.ts'), async (orig) => ({ ...(await orig()), ddb: (() => ({ send: async () => ({}) })) as never, tableName: () => 'table' }));
vi.mock(import('../../platform/aws/sts.ts'), async (orig) => ({ ...(await orig()), currentAccountId: async () => '111111111111' }));
vi.mock(import('../../domain/protection-groups/store.ts'), async (orig) => ({ ...(await orig()), getGroup: async (id: string) => (reads.groups.get(id) ?? null) as never }));
vi.mock(import('../../domain/recovery-plans/store.ts'), async (orig) => ({ ...(await orig()), activeGroupLocks: async () => new Map() }));
vi.mock(import('../../domain/target-accounts/store.ts'), async (orig) => ({ ...(await orig()), getTargetAccountByAccountId: async (id: string) => (reads.accounts.get(id) ?? null) as never }));
vi.mock(import('../../domain/target-accounts/credentials.ts'), async (orig) => ({
  ...(await orig()),
  assumeRole: async () => {
    reads.assumed++;
    throw new Error('no AWS in unit tests');
  },
}));

const { gateStart, readinessFindings } = await import('../../domain/readiness/check.ts');

const plan = (groupId: string) => ({ id: 'plan-1', name: 'P', waves: [{ waveNumber: 1, name: 'W', protectionGroupId: groupId, dependsOn: [] }] }) as unknown as StoredPlan;
const group = (accountId: string | null) => ({ id: 'g-1', name: 'G', region: 'us-east-1', accountId, sourceServerIds: [], serverSelectionTags: [] }) as unknown as StoredGroup;
const refusal = (p: StoredPlan) => gateStart(p, false).then(() => null, (e: { code: string; details: { findings: Array<{ code: string }> } }) => e);

beforeEach(() => {
  reads.groups.clear();
  reads.accounts.clear();
  reads.assumed = 0;
});

describe('readiness findings only stale data can cause', () => {
  it('PROTECTION_GROUP_NOT_FOUND: a wave whose group is gone blocks, and startExecution is refused with that code', async () => {
    const findings = await readinessFindings(plan('gone'));
    expect(findings).toEqual([
      expect.objectContaining({ severity: 'BLOCKING', code: 'PROTECTION_GROUP_NOT_FOUND', waveNumber: 1, protectionGroupId: 'gone', message: 'Protection Group gone of wave 1 not found' }),
    ]);
    const e = await refusal(plan('gone'));
    expect(e?.code).toBe('PROTECTION_GROUP_NOT_FOUND');
    expect(e?.details.findings.map((f) => f.code)).toEqual(['PROTECTION_GROUP_NOT_FOUND']);
  });

  it('TARGET_ACCOUNT_NOT_FOUND: a group in an account that is not registered blocks, without trying a role', async () => {
    reads.groups.set('g-1', group('333333333333'));
    const [f, ...rest] = await readinessFindings(plan('g-1'));
    expect(rest).toEqual([]);
    // The plan's one wave in that account: the finding points at it.
    expect(f).toMatchObject({ severity: 'BLOCKING', code: 'TARGET_ACCOUNT_NOT_FOUND', message: 'Account 333333333333 is not a registered target account', waveNumber: 1, protectionGroupId: 'g-1' });
    expect(JSON.parse(f.details!)).toEqual({ accountId: '333333333333', waves: [{ waveNumber: 1, protectionGroupId: 'g-1' }] });
    expect((await refusal(plan('g-1')))?.code).toBe('TARGET_ACCOUNT_NOT_FOUND');
    expect(reads.assumed).toBe(0);

    // A registration without a role (the API never stores one so) says that instead.
    reads.accounts.set('333333333333', { id: 'a-1', accountId: '333333333333', crossAccountRoleArn: null });
    const [g] = await readinessFindings(plan('g-1'));
    expect(g).toMatchObject({ code: 'TARGET_ACCOUNT_NOT_FOUND', message: 'Target account 333333333333 has no cross-account role' });
  });

  it('a finding about a whole account and region lists its waves, and points at no one wave when there are several', async () => {
    reads.groups.set('g-1', group('333333333333'));
    reads.groups.set('g-2', { ...group('333333333333'), id: 'g-2' });
    const two = { ...plan('g-1'), waves: [...plan('g-1').waves, { waveNumber: 2, name: 'W2', protectionGroupId: 'g-2', dependsOn: [1] }] } as StoredPlan;
    const [f, ...rest] = await readinessFindings(two);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ code: 'TARGET_ACCOUNT_NOT_FOUND', waveNumber: null, protectionGroupId: null });
    expect(JSON.parse(f.details!).waves).toEqual([{ waveNumber: 1, protectionGroupId: 'g-1' }, { waveNumber: 2, protectionGroupId: 'g-2' }]);
    // Two waves of one group: the group, not a wave.
    const same = { ...two, waves: two.waves.map((w) => ({ ...w, protectionGroupId: 'g-1' })) } as StoredPlan;
    expect((await readinessFindings(same))[0]).toMatchObject({ waveNumber: null, protectionGroupId: 'g-1' });
  });
});
