// Readiness findings in a target account, on a stack of its own: they break the emulator's target
// account (222222222222) that other files use at the same time. The account is registered without a
// crossAccountRoleArn (so the default DRSOrchestrationRole is used); its trust is broken through IAM
// UpdateAssumeRolePolicy, called as the target account with a session taken before, and repaired the
// same way; one of its reads is denied by the emulator's `deny` switch.
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { GetRoleCommand, IAMClient, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../infra/local/stack.ts';
import { errorOf, gql, login, ok } from '../support/client.ts';
import { createGroup, createPlan } from '../support/fixtures.ts';
import type { PlanReadiness, ReadinessFinding } from '../../platform/generated/graphql.ts';

const STAGE = 'readyacct';
const TARGET = '222222222222';
const DEFAULT_ROLE = `arn:aws:iam::${TARGET}:role/DRSOrchestrationRole`;
const EXTERNAL_ID = 'drs-local-external-id';
const REGION = 'us-east-1';

let stack: Stack;
let admin: string;
let accountId: string;
let groupId: string;
let planId: string;
let iam: IAMClient;
let original: string;

type Finding = Pick<ReadinessFinding, 'severity' | 'code' | 'waveNumber' | 'protectionGroupId' | 'sourceServerId' | 'details'>;
type Readiness = Pick<PlanReadiness, 'ready' | 'blocking' | 'warnings'> & { findings: Finding[] };
const CHECK = `query R($id: ID!) { checkPlanReadiness(planId: $id) { ready blocking warnings findings { severity code waveNumber protectionGroupId sourceServerId details } } }`;
const readiness = async (id = planId) => ok(await gql<{ checkPlanReadiness: Readiness }>(stack.endpoints, admin, CHECK, { id })).checkPlanReadiness;
const details = (f: Finding) => JSON.parse(f.details ?? 'null');
const START = `mutation S($input: StartExecutionInput!) { startExecution(input: $input) { id } }`;
const executions = async () =>
  ok(await gql<{ listExecutions: { items: unknown[] } }>(stack.endpoints, admin, `query L($f: ExecutionFilter) { listExecutions(filter: $f) { items { id } } }`, { f: { recoveryPlanId: planId } }))
    .listExecutions.items;
const validate = async () =>
  ok(await gql<{ validateTargetAccount: { valid: boolean; message: string } }>(stack.endpoints, admin, `mutation V($id: ID!) { validateTargetAccount(id: $id) { valid message } }`, { id: accountId }))
    .validateTargetAccount;
const setTrust = (PolicyDocument: string) => iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'DRSOrchestrationRole', PolicyDocument }));
const trust = (principal: string, externalId?: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole', ...(externalId ? { Condition: { StringEquals: { 'sts:ExternalId': externalId } } } : {}) }],
  });

beforeAll(async () => {
  stack = await startStack({ port: 0, awsPort: 0, stage: STAGE, endpointsFile: null, simSpeed: 1000, tlsDir: null, dataDir: null });
  const ep = stack.endpoints;
  admin = await login(ep, 'admin');
  // The test acts in the target account as its own administrator would: through the same role, assumed first.
  const sts = new STSClient({ region: REGION, endpoint: ep.awsEndpoint, credentials: ep.credentials });
  const c = (await sts.send(new AssumeRoleCommand({ RoleArn: DEFAULT_ROLE, RoleSessionName: 'target-admin', ExternalId: EXTERNAL_ID }))).Credentials!;
  sts.destroy();
  iam = new IAMClient({ region: REGION, endpoint: ep.awsEndpoint, credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken } });
  original = decodeURIComponent((await iam.send(new GetRoleCommand({ RoleName: 'DRSOrchestrationRole' }))).Role!.AssumeRolePolicyDocument!);

  const registered = ok(await gql<{ registerTargetAccount: { id: string; crossAccountRoleArn: string } }>(ep, admin,
    `mutation R($input: RegisterTargetAccountInput!) { registerTargetAccount(input: $input) { id crossAccountRoleArn } }`,
    { input: { accountId: TARGET, accountName: 'Clinical', externalId: EXTERNAL_ID } })).registerTargetAccount;
  accountId = registered.id;
  // No crossAccountRoleArn given: the registration names the default role, so it always has one.
  expect(registered.crossAccountRoleArn).toBe(DEFAULT_ROLE);
  stack.emulator.seedSourceServers({ accountId: TARGET, region: REGION, count: 2, tags: { Fleet: 'ready-acct' }, hostnamePrefix: 'ready-acct' });
  groupId = (await createGroup(ep, admin, { name: 'G-target', region: REGION, accountId: TARGET, serverSelectionTags: [{ key: 'Fleet', value: 'ready-acct' }] })).id;
  planId = (await createPlan(ep, admin, { name: 'P-target', waves: [{ waveNumber: 1, name: 'Clinical', protectionGroupId: groupId }] })).id;
}, 120_000);
afterEach(async () => {
  stack.emulator.setReadinessSwitches({});
  await setTrust(original);
});
afterAll(async () => {
  iam?.destroy();
  await stack?.stop();
});

describe('readiness of a plan in a target account', () => {
  it('is clean with the default role; TARGET_ACCOUNT_NOT_FOUND cannot arise, as the account cannot be deregistered while a group names it', async () => {
    expect(await readiness()).toMatchObject({ ready: true, blocking: 0, warnings: 0, findings: [] });
    const refused = errorOf(await gql(stack.endpoints, admin, `mutation D($id: ID!) { deleteTargetAccount(id: $id) { id } }`, { id: accountId }));
    expect(refused.errorType).toBe('TARGET_ACCOUNT_IN_USE');
    expect((await readiness()).findings.map((f) => f.code)).not.toContain('TARGET_ACCOUNT_NOT_FOUND');
  });

  it('blocks with ASSUME_ROLE_FAILED when the role’s trust changes (external id, then principal), refuses to start, and clears once repaired', async () => {
    for (const broken of [trust(`arn:aws:iam::111111111111:root`, 'rotated-elsewhere'), trust('333333333333', EXTERNAL_ID)]) {
      await setTrust(broken);
      const r = await readiness();
      expect(r).toMatchObject({ ready: false, blocking: 1, warnings: 0 });
      // The scope's other checks need the role: this one finding stands for them, on the plan's one wave there.
      expect(r.findings).toHaveLength(1);
      expect(r.findings[0]).toMatchObject({ severity: 'BLOCKING', code: 'ASSUME_ROLE_FAILED', waveNumber: 1, protectionGroupId: groupId, sourceServerId: null });
      expect(details(r.findings[0])).toEqual({ accountId: TARGET, roleArn: DEFAULT_ROLE, reason: 'AccessDenied', waves: [{ waveNumber: 1, protectionGroupId: groupId }] });
      const err = errorOf(await gql(stack.endpoints, admin, START, { input: { recoveryPlanId: planId, executionType: 'DRILL' } }));
      expect(err.errorType).toBe('ASSUME_ROLE_FAILED');
      expect(await executions()).toEqual([]);
      expect(await validate()).toMatchObject({ valid: false, message: expect.stringContaining('AccessDenied') });
      await setTrust(original);
      expect(await validate()).toMatchObject({ valid: true });
      expect(await readiness()).toMatchObject({ ready: true, findings: [] });
    }
  });

  it('warns READINESS_CHECK_INCOMPLETE when the role may not list instance profiles, in that account only, and clears when it may', async () => {
    const ep = stack.endpoints;
    stack.emulator.seedSourceServers({ region: 'us-east-2', count: 1, tags: { Fleet: 'ready-local' }, hostnamePrefix: 'ready-local' });
    const mine = await createGroup(ep, admin, { name: 'G-local', region: 'us-east-2', serverSelectionTags: [{ key: 'Fleet', value: 'ready-local' }] });
    const localPlan = (await createPlan(ep, admin, { name: 'P-local', waves: [{ waveNumber: 1, name: 'Local', protectionGroupId: mine.id }] })).id;

    stack.emulator.setReadinessSwitches({ deny: [{ action: 'iam:ListInstanceProfiles', accountId: TARGET }] });
    const r = await readiness();
    expect(r).toMatchObject({ ready: true, blocking: 0, warnings: 1 });
    expect(r.findings[0]).toMatchObject({ severity: 'WARNING', code: 'READINESS_CHECK_INCOMPLETE', waveNumber: 1, protectionGroupId: groupId });
    expect(details(r.findings[0])).toEqual({ region: REGION, accountId: TARGET, check: 'instanceProfiles', reason: 'AccessDenied', waves: [{ waveNumber: 1, protectionGroupId: groupId }] });
    // The API's own account may still list them.
    expect(await readiness(localPlan)).toMatchObject({ ready: true, findings: [] });

    stack.emulator.setReadinessSwitches({});
    expect(await readiness()).toMatchObject({ ready: true, findings: [] });
  });
});
