// Target accounts end to end on the started local stack: registration rules, validation of the
// cross-account role through STS AssumeRole, and a protection group, plan and drill in the emulator's
// target account (222222222222), whose DRS/EC2/IAM calls must run with that account's assumed role.
// Servers are seeded into a region only the target account has, so a call made with the wrong
// credentials would find no DRS there at all.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { DescribeRecoveryInstancesCommand, DrsClient, GetLaunchConfigurationCommand } from '@aws-sdk/client-drs';
import { DescribeLaunchTemplateVersionsCommand, DescribeSecurityGroupsCommand, DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { errorOf, gql, login, ok, type GqlResult } from '../support/client.ts';
import { createPlan } from '../support/fixtures.ts';
import type { Execution, ExecutionWave, TargetAccount, TargetAccountValidation } from '../../platform/generated/graphql.ts';

const ep = inject('endpoints');
const run = Math.random().toString(36).slice(2, 8);
const uniq = (s: string) => `${s}-${run}`;

const TARGET = '222222222222';
const ROLE = `arn:aws:iam::${TARGET}:role/DRSOrchestrationRole`;
const EXTERNAL_ID = 'drs-local-external-id';
/** A region where only the target account has DRS (seeded here by this file). */
const REGION = 'ap-southeast-2';
/** Account IDs nobody else registers: unique per run, never the emulator's two accounts. */
const SPARE = `9${String(Date.now()).slice(-7)}`;
const spareAccount = (n: number) => `${SPARE}${String(n).padStart(4, '0')}`;

const ACCOUNT = `id accountId accountName crossAccountRoleArn hasExternalId validationStatus validationMessage lastValidatedAt createdAt updatedAt`;
const REGISTER = `mutation R($input: RegisterTargetAccountInput!) { registerTargetAccount(input: $input) { ${ACCOUNT} } }`;
const UPDATE = `mutation U($id: ID!, $input: UpdateTargetAccountInput!) { updateTargetAccount(id: $id, input: $input) { ${ACCOUNT} } }`;
const DELETE = `mutation D($id: ID!) { deleteTargetAccount(id: $id) { ${ACCOUNT} } }`;
const VALIDATE = `mutation V($id: ID!) { validateTargetAccount(id: $id) { id valid message missingPermissions validatedAt } }`;
const LIST = `query L($limit: Int, $nextToken: String) { listTargetAccounts(limit: $limit, nextToken: $nextToken) { items { ${ACCOUNT} } nextToken } }`;
const GROUP = `id name region accountId sourceServerIds launchConfig { subnetId securityGroupIds instanceType instanceProfileName copyTags }
  launchConfigApplyResults { applied skipped failed details { serverId status templateId templateVersion reason } }`;
const CREATE_GROUP = `mutation C($input: CreateProtectionGroupInput!) { createProtectionGroup(input: $input) { ${GROUP} } }`;
const DELETE_GROUP = `mutation D($id: ID!) { deleteProtectionGroup(id: $id) { id } }`;
const WAVE = `waveNumber status jobIds errorMessage servers { sourceServerId launchStatus recoveryInstanceId jobId }`;
const EXEC = `id status errorMessage waves { ${WAVE} }`;

type Account = TargetAccount;
type Exec = Execution & { waves: ExecutionWave[] };
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the emulator's control answers are plain JSON
const local = async (path: string, body?: unknown): Promise<any> => {
  const r = await fetch(`${ep.awsEndpoint}${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return r.json();
};

let admin: string, recoveryManager: string, planManager: string, readonly: string;
/**
 * The target account's registration. It stays registered when this file ends: another test file may
 * be using the same registration (whoever registers first, the others reuse it).
 */
let target: Account;
const cleanup: Array<() => Promise<unknown>> = [];

/** What the test itself sees in the target account: the same role, assumed with the test's own keys. */
async function targetClients() {
  const sts = new STSClient({ region: ep.region, endpoint: ep.awsEndpoint, credentials: ep.credentials });
  const c = (await sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'accounts-e2e', ExternalId: EXTERNAL_ID }))).Credentials!;
  sts.destroy();
  const credentials = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
  return {
    // Other test files may switch on DRS throttling while this one runs: retry as the functions do.
    drs: new DrsClient({ region: REGION, endpoint: ep.awsEndpoint, credentials, maxAttempts: 8 }),
    ec2: new EC2Client({ region: REGION, endpoint: ep.awsEndpoint, credentials }),
  };
}

async function register(input: Record<string, unknown>, token = admin): Promise<GqlResult<{ registerTargetAccount: Account }>> {
  const r = await gql<{ registerTargetAccount: Account }>(ep, token, REGISTER, { input });
  const id = r.data?.registerTargetAccount?.id;
  if (id) cleanup.push(() => gql(ep, admin, DELETE, { id }));
  return r;
}

async function allAccounts(token = readonly): Promise<Account[]> {
  const out: Account[] = [];
  let nextToken: string | null = null;
  do {
    const page: { listTargetAccounts: { items: Account[]; nextToken: string | null } } = ok(
      await gql<{ listTargetAccounts: { items: Account[]; nextToken: string | null } }>(ep, token, LIST, { limit: 2, nextToken }),
    );
    out.push(...page.listTargetAccounts.items);
    nextToken = page.listTargetAccounts.nextToken;
  } while (nextToken);
  return out;
}

beforeAll(async () => {
  [admin, recoveryManager, planManager, readonly] = await Promise.all(['admin', 'recovery-manager', 'plan-manager', 'readonly'].map((u) => login(ep, u)));
  // Another test file may have registered the emulator's target account already: use that registration.
  const r = await gql<{ registerTargetAccount: Account }>(ep, admin, REGISTER, {
    input: { accountId: TARGET, accountName: 'Clinical Systems', crossAccountRoleArn: ROLE, externalId: EXTERNAL_ID },
  });
  if (r.data?.registerTargetAccount) {
    target = r.data.registerTargetAccount;
  } else {
    expect(errorOf(r).errorType).toBe('TARGET_ACCOUNT_EXISTS');
    target = (await allAccounts()).find((a) => a.accountId === TARGET)!;
  }
});

afterAll(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
});

describe('target accounts', () => {
  it('registers an account with its role, answers hasExternalId but never the external id, and lists it page by page', async () => {
    const accountId = spareAccount(1);
    const t0 = Date.now();
    const a = ok(await register({ accountId, accountName: '  Production Account ', crossAccountRoleArn: `arn:aws:iam::${accountId}:role/ops/DRSOrchestrationRole`, externalId: 'secret-ext-1' }))
      .registerTargetAccount;
    expect(a).toMatchObject({
      accountId,
      accountName: 'Production Account',
      crossAccountRoleArn: `arn:aws:iam::${accountId}:role/ops/DRSOrchestrationRole`,
      hasExternalId: true,
      validationStatus: 'NOT_VALIDATED',
      validationMessage: null,
      lastValidatedAt: null,
    });
    expect(Date.parse(a.createdAt)).toBeGreaterThanOrEqual(t0 - 1000);
    // The external id is not part of the answer type at all.
    const asked = await gql(ep, admin, `query { listTargetAccounts { items { id externalId } } }`);
    expect(errorOf(asked).message).toMatch(/externalId/);

    // Without a role ARN: the guide's role name in that account. Without an external id: hasExternalId false.
    const b = ok(await register({ accountId: spareAccount(2) })).registerTargetAccount;
    expect(b).toMatchObject({ crossAccountRoleArn: `arn:aws:iam::${spareAccount(2)}:role/DRSOrchestrationRole`, hasExternalId: false, accountName: null });

    const listed = await allAccounts();
    expect(listed.map((x) => x.id)).toEqual(expect.arrayContaining([a.id, b.id, target.id]));
    expect(listed.find((x) => x.id === a.id)).toEqual(a);
    // Ordered by account ID.
    expect(listed.map((x) => x.accountId)).toEqual([...listed.map((x) => x.accountId)].sort());
    for (const limit of [0, 101]) expect(errorOf(await gql(ep, readonly, LIST, { limit })).errorType).toBe('INVALID_LIMIT');
  });

  it('refuses bad input, a second registration of the same account and the account the API runs in', async () => {
    const accountId = spareAccount(3);
    const cases: Array<[Record<string, unknown>, string, string?]> = [
      [{ accountId: '12345' }, 'INVALID_ACCOUNT_ID', 'accountId'],
      [{ accountId: 'abcdefghijkl' }, 'INVALID_ACCOUNT_ID', 'accountId'],
      [{ accountId, crossAccountRoleArn: 'DRSOrchestrationRole' }, 'INVALID_ROLE_ARN', 'crossAccountRoleArn'],
      [{ accountId, crossAccountRoleArn: `arn:aws:iam::${TARGET}:role/DRSOrchestrationRole` }, 'INVALID_ROLE_ARN', 'crossAccountRoleArn'],
      [{ accountId, crossAccountRoleArn: `arn:aws:iam::${accountId}:user/someone` }, 'INVALID_ROLE_ARN', 'crossAccountRoleArn'],
      [{ accountId, externalId: 'x' }, 'INVALID_EXTERNAL_ID', 'externalId'],
      [{ accountId, externalId: 'has spaces in it' }, 'INVALID_EXTERNAL_ID', 'externalId'],
      [{ accountId, accountName: 'n'.repeat(129) }, 'INVALID_NAME', 'accountName'],
      [{ accountId: '111111111111' }, 'INVALID_ACCOUNT_ID', 'accountId'],
    ];
    for (const [input, code, field] of cases) {
      const e = errorOf(await register(input));
      expect(e.errorType, JSON.stringify(input)).toBe(code);
      if (field) expect(e.errorInfo).toMatchObject({ field });
    }
    const first = ok(await register({ accountId })).registerTargetAccount;
    const again = errorOf(await register({ accountId, accountName: 'again' }));
    expect(again.errorType).toBe('TARGET_ACCOUNT_EXISTS');
    expect(again.errorInfo).toMatchObject({ existingId: first.id, accountId });
  });

  it('registers one account once when many register it at the same moment', async () => {
    const accountId = spareAccount(4);
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => register({ accountId, accountName: `racer ${i}` })));
    const won = results.filter((r) => r.data?.registerTargetAccount);
    expect(won).toHaveLength(1);
    for (const r of results.filter((x) => !x.data?.registerTargetAccount)) expect(errorOf(r).errorType).toBe('TARGET_ACCOUNT_EXISTS');
    expect((await allAccounts()).filter((a) => a.accountId === accountId)).toHaveLength(1);
  });

  it('updates name, role and external id; a new role makes the last validation stale', async () => {
    const accountId = spareAccount(5);
    const a = ok(await register({ accountId, accountName: 'Before', externalId: 'ext-one' })).registerTargetAccount;
    const v = ok(await gql<{ validateTargetAccount: TargetAccountValidation }>(ep, recoveryManager, VALIDATE, { id: a.id })).validateTargetAccount;
    expect(v.valid).toBe(false);
    const named = ok(await gql<{ updateTargetAccount: Account }>(ep, recoveryManager, UPDATE, { id: a.id, input: { accountName: 'After' } })).updateTargetAccount;
    // A name change keeps the validation.
    expect(named).toMatchObject({ accountName: 'After', validationStatus: 'INVALID', hasExternalId: true, lastValidatedAt: v.validatedAt });
    expect(Date.parse(named.updatedAt)).toBeGreaterThanOrEqual(Date.parse(a.updatedAt));
    const moved = ok(await gql<{ updateTargetAccount: Account }>(ep, admin, UPDATE, {
      id: a.id,
      input: { crossAccountRoleArn: `arn:aws:iam::${accountId}:role/Other`, externalId: '' },
    })).updateTargetAccount;
    expect(moved).toMatchObject({ accountName: 'After', crossAccountRoleArn: `arn:aws:iam::${accountId}:role/Other`, hasExternalId: false, validationStatus: 'NOT_VALIDATED', validationMessage: null });
    expect(errorOf(await gql(ep, admin, UPDATE, { id: a.id, input: { crossAccountRoleArn: `arn:aws:iam::${TARGET}:role/Other` } })).errorType).toBe('INVALID_ROLE_ARN');
    expect(errorOf(await gql(ep, admin, UPDATE, { id: 'no-such-id', input: { accountName: 'x' } })).errorType).toBe('TARGET_ACCOUNT_NOT_FOUND');
  });

  it('deletes an unused account; a deleted or unknown id answers TARGET_ACCOUNT_NOT_FOUND', async () => {
    const a = ok(await register({ accountId: spareAccount(6) })).registerTargetAccount;
    expect(ok(await gql<{ deleteTargetAccount: Account }>(ep, admin, DELETE, { id: a.id })).deleteTargetAccount).toMatchObject({ id: a.id, accountId: a.accountId });
    expect(errorOf(await gql(ep, admin, DELETE, { id: a.id })).errorType).toBe('TARGET_ACCOUNT_NOT_FOUND');
    expect(errorOf(await gql(ep, admin, VALIDATE, { id: a.id })).errorType).toBe('TARGET_ACCOUNT_NOT_FOUND');
    expect((await allAccounts()).some((x) => x.id === a.id)).toBe(false);
    // The account ID is free again.
    expect(ok(await register({ accountId: a.accountId })).registerTargetAccount.accountId).toBe(a.accountId);
  });

  it('lets each role do what the RBAC table says', async () => {
    const accountId = spareAccount(7);
    expect(errorOf(await register({ accountId }, planManager)).errorType).toBe('Unauthorized');
    expect(errorOf(await register({ accountId }, readonly)).errorType).toBe('Unauthorized');
    const a = ok(await register({ accountId }, recoveryManager)).registerTargetAccount;
    expect(errorOf(await gql(ep, planManager, UPDATE, { id: a.id, input: { accountName: 'x' } })).errorType).toBe('Unauthorized');
    expect(errorOf(await gql(ep, planManager, VALIDATE, { id: a.id })).errorType).toBe('Unauthorized');
    // Only the admin deletes accounts.
    expect(errorOf(await gql(ep, recoveryManager, DELETE, { id: a.id })).errorType).toBe('Unauthorized');
    expect((await allAccounts(planManager)).some((x) => x.id === a.id)).toBe(true);
  });

  it('validates a role by assuming it: a reachable role with its external id is valid, an unreachable one is not', async () => {
    const t0 = Date.now();
    const v = ok(await gql<{ validateTargetAccount: TargetAccountValidation }>(ep, recoveryManager, VALIDATE, { id: target.id })).validateTargetAccount;
    expect(v).toMatchObject({ id: target.id, valid: true, missingPermissions: [] });
    expect(v.message).toContain(`arn:aws:sts::${TARGET}:assumed-role/DRSOrchestrationRole/`);
    expect(Date.parse(v.validatedAt)).toBeGreaterThanOrEqual(t0 - 1000);
    const recorded = (await allAccounts()).find((a) => a.id === target.id)!;
    expect(recorded).toMatchObject({ validationStatus: 'VALID', validationMessage: v.message, lastValidatedAt: v.validatedAt });

    // No such role (the emulator has no account 9…): STS refuses, and the account is recorded INVALID.
    const bad = ok(await register({ accountId: spareAccount(8), externalId: EXTERNAL_ID })).registerTargetAccount;
    const nv = ok(await gql<{ validateTargetAccount: TargetAccountValidation }>(ep, admin, VALIDATE, { id: bad.id })).validateTargetAccount;
    expect(nv).toMatchObject({ valid: false, missingPermissions: ['sts:AssumeRole'] });
    expect(nv.message).toMatch(/AccessDenied/);
    expect((await allAccounts()).find((a) => a.id === bad.id)).toMatchObject({ validationStatus: 'INVALID', lastValidatedAt: nv.validatedAt });
  });

  it('refuses a protection group in an account that is not registered', async () => {
    const e = errorOf(await gql(ep, admin, CREATE_GROUP, { input: { name: uniq('Unregistered'), region: 'us-east-1', accountId: spareAccount(9), sourceServerIds: ['s-0123456789abcdef0'] } }));
    expect(e.errorType).toBe('TARGET_ACCOUNT_NOT_FOUND');
    expect(e.errorInfo).toMatchObject({ field: 'accountId', accountId: spareAccount(9) });
  });
});

describe('cross-account protection groups, plans and drills', () => {
  it('runs every DRS, EC2 and IAM call of a group, a plan and a drill in the target account with its assumed role', async () => {
    const fleet = uniq('xacct');
    const ids: string[] = (await local('/__local/drs/source-servers', { accountId: TARGET, region: REGION, count: 3, tags: { Fleet: fleet }, hostnamePrefix: 'xacct' })).ids;
    const mine = await targetClients();
    const subnets = (await mine.ec2.send(new DescribeSubnetsCommand({}))).Subnets!;
    const subnet = subnets.find((s) => s.Tags?.some((t) => t.Key === 'Name' && t.Value?.startsWith('DR-Private')))!;
    const sg = (await mine.ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups!.find((g) => g.VpcId === subnet.VpcId)!;

    // 1. The group: DRS lookups, EC2/IAM checks and the launch configuration, all in 222222222222.
    const t0 = Date.now();
    const g = ok(await gql<{ createProtectionGroup: { id: string; accountId: string; launchConfigApplyResults: { applied: number; failed: number; details: Array<{ templateId: string }> } } }>(
      ep, admin, CREATE_GROUP, {
        input: {
          name: uniq('Cross-Account-Servers'),
          region: REGION,
          accountId: TARGET,
          sourceServerIds: ids.slice(0, 2),
          launchConfig: { subnetId: subnet.SubnetId, securityGroupIds: [sg.GroupId], instanceType: 'r5.xlarge', instanceProfileName: 'AWSElasticDisasterRecoveryRecoveryInstanceRole', copyTags: true },
        },
      })).createProtectionGroup;
    const createMs = Date.now() - t0;
    cleanup.push(() => gql(ep, admin, DELETE_GROUP, { id: g.id }));
    expect(g.accountId).toBe(TARGET);
    expect(g.launchConfigApplyResults).toMatchObject({ applied: 2, failed: 0 });
    // Emulator evidence: DRS was called with credentials of the target account, by the function's assumed role.
    const stats = await local('/__local/drs/stats');
    expect(stats.callsByAccount[TARGET]).toMatchObject({ DescribeSourceServers: expect.any(Number), GetLaunchConfiguration: expect.any(Number), UpdateLaunchConfiguration: expect.any(Number) });
    expect(stats.callersByAccount[TARGET]).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^arn:aws:sts::${TARGET}:assumed-role/DRSOrchestrationRole/drs-orchestrator-protection-groups-`))]));
    // And the target account's own DRS and EC2 hold the result.
    for (const [i, id] of ids.slice(0, 2).entries()) {
      const lc = await mine.drs.send(new GetLaunchConfigurationCommand({ sourceServerID: id }));
      expect(lc).toMatchObject({ copyTags: true, targetInstanceTypeRightSizingMethod: 'NONE' });
      const v = (await mine.ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: g.launchConfigApplyResults.details[i].templateId, Versions: ['$Default'] }))).LaunchTemplateVersions![0];
      expect(v.LaunchTemplateData).toMatchObject({ InstanceType: 'r5.xlarge', IamInstanceProfile: { Name: 'AWSElasticDisasterRecoveryRecoveryInstanceRole' } });
      expect(v.LaunchTemplateData!.NetworkInterfaces![0]).toMatchObject({ SubnetId: subnet.SubnetId, Groups: [sg.GroupId] });
    }

    // The server listing of that account shows the assignment; a second group cannot take the same server.
    const listed = ok(await gql<{ listSourceServers: { items: Array<{ sourceServerId: string; assignedProtectionGroupId: string | null }> } }>(ep, readonly,
      `query S($region: String!, $accountId: String) { listSourceServers(region: $region, accountId: $accountId) { items { sourceServerId assignedProtectionGroupId } } }`,
      { region: REGION, accountId: TARGET })).listSourceServers.items;
    expect(ids.map((id) => listed.find((s) => s.sourceServerId === id)?.assignedProtectionGroupId)).toEqual([g.id, g.id, null]);
    expect(errorOf(await gql(ep, admin, CREATE_GROUP, { input: { name: uniq('Steal'), region: REGION, accountId: TARGET, sourceServerIds: [ids[0]] } })).errorType).toBe('SERVER_CONFLICT');
    // The same servers do not exist for the API's own account: without accountId, DRS is not even set up there.
    expect(errorOf(await gql(ep, admin, CREATE_GROUP, { input: { name: uniq('Local'), region: REGION, sourceServerIds: [ids[2]] } })).errorType).toBe('DRS_NOT_INITIALIZED');

    // 2. The account cannot go while the group names it.
    const inUse = errorOf(await gql(ep, admin, DELETE, { id: target.id }));
    expect(inUse.errorType).toBe('TARGET_ACCOUNT_IN_USE');
    expect((inUse.errorInfo as { protectionGroupIds: string[] }).protectionGroupIds).toContain(g.id);

    // 3. A drill of a plan over the group: StartRecovery and the job polling run in the target account.
    const plan = await createPlan(ep, admin, { name: uniq('Cross-Account-Plan'), waves: [{ waveNumber: 1, name: 'Clinical', protectionGroupId: g.id }] });
    cleanup.push(() => gql(ep, admin, `mutation D($id: ID!) { deleteRecoveryPlan(id: $id) { id } }`, { id: plan.id }));
    const t1 = Date.now();
    const started = ok(await gql<{ startExecution: Exec }>(ep, admin, `mutation S($input: StartExecutionInput!) { startExecution(input: $input) { ${EXEC} } }`,
      { input: { recoveryPlanId: plan.id, executionType: 'DRILL', initiatedBy: 'accounts-e2e' } })).startExecution;
    expect(started.waves[0].servers.map((s) => s.sourceServerId).sort()).toEqual(ids.slice(0, 2).sort());
    let e = started;
    while (!['COMPLETED', 'FAILED', 'CANCELLED'].includes(e.status)) {
      if (Date.now() - t1 > 60_000) throw new Error(`drill stuck at ${e.status}`);
      await new Promise((r) => setTimeout(r, 100));
      e = ok(await gql<{ getExecution: Exec }>(ep, readonly, `query G($id: ID!) { getExecution(id: $id) { ${EXEC} } }`, { id: started.id })).getExecution;
    }
    const drillMs = Date.now() - t1;
    expect(e.status, e.errorMessage ?? '').toBe('COMPLETED');
    const launched = e.waves[0].servers;
    for (const s of launched) expect(s).toMatchObject({ launchStatus: 'LAUNCHED', recoveryInstanceId: expect.stringMatching(/^i-/) });
    const after = await local('/__local/drs/stats');
    expect(after.callsByAccount[TARGET]).toMatchObject({ StartRecovery: expect.any(Number), DescribeJobs: expect.any(Number) });
    expect(after.callersByAccount[TARGET]).toEqual(expect.arrayContaining([expect.stringMatching(/assumed-role\/DRSOrchestrationRole\/drs-orchestrator-orchestrator-/)]));
    // The recovery instances are the target account's.
    const ris = (await mine.drs.send(new DescribeRecoveryInstancesCommand({ filters: { sourceServerIDs: ids.slice(0, 2) } }))).items ?? [];
    expect(ris.map((r) => r.recoveryInstanceID).sort()).toEqual(launched.map((s) => s.recoveryInstanceId).sort());

    // 4. Plan and execution reads and clean-up reach the same account.
    const existing = ok(await gql<{ checkExistingInstances: { hasConflicts: boolean; existingInstances: Array<{ recoveryInstanceId: string }> } }>(ep, readonly,
      `query C($id: ID!) { checkExistingInstances(recoveryPlanId: $id) { hasConflicts existingInstances { sourceServerId recoveryInstanceId } } }`, { id: plan.id })).checkExistingInstances;
    expect(existing.hasConflicts).toBe(true);
    expect(existing.existingInstances.map((x) => x.recoveryInstanceId).sort()).toEqual(launched.map((s) => s.recoveryInstanceId).sort());
    const logs = ok(await gql<{ getExecutionJobLogs: { events: Array<{ event: string }> } }>(ep, readonly,
      `query L($id: ID!) { getExecutionJobLogs(executionId: $id) { events { jobId event sourceServerId } } }`, { id: e.id })).getExecutionJobLogs.events;
    expect(logs.map((x) => x.event)).toContain('JOB_START');
    const term = ok(await gql<{ terminateRecoveryInstances: { jobIds: string[]; terminatedInstances: Array<{ instanceId: string }> } }>(ep, admin,
      `mutation T($id: ID!) { terminateRecoveryInstances(executionId: $id) { jobIds terminatedInstances { instanceId } } }`, { id: e.id })).terminateRecoveryInstances;
    expect(term.terminatedInstances).toHaveLength(2);
    const status = async () => ok(await gql<{ getTerminationStatus: { status: string; terminated: number } }>(ep, readonly,
      `query S($id: ID!) { getTerminationStatus(executionId: $id) { status total terminated } }`, { id: e.id })).getTerminationStatus;
    let s = await status();
    for (const deadline = Date.now() + 30_000; s.status !== 'COMPLETED' && Date.now() < deadline; s = await status()) await new Promise((r) => setTimeout(r, 100));
    expect(s).toMatchObject({ status: 'COMPLETED', terminated: 2 });
    expect((await mine.drs.send(new DescribeRecoveryInstancesCommand({ filters: { sourceServerIDs: ids.slice(0, 2) } }))).items ?? []).toEqual([]);

    // 5. Deleting the group releases its reference to the account in the same transaction (the
    //    account itself stays: another file's groups may use it).
    const table = DynamoDBDocumentClient.from(new DynamoDBClient({ region: ep.region, endpoint: ep.dynamodbEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }));
    const ref = async () => (await table.send(new GetCommand({ TableName: ep.tableName, Key: { pk: `TACCTID#${TARGET}`, sk: `GROUPREF#${g.id}` }, ConsistentRead: true }))).Item;
    expect(await ref()).toMatchObject({ groupId: g.id, accountId: TARGET });
    ok(await gql(ep, admin, `mutation D($id: ID!) { deleteRecoveryPlan(id: $id) { id } }`, { id: plan.id }));
    ok(await gql(ep, admin, DELETE_GROUP, { id: g.id }));
    expect(await ref()).toBeUndefined();
    table.destroy();
    console.log(`cross-account: group create ${createMs} ms (2 servers, launch configuration), drill ${drillMs} ms`);
  }, 120_000);
});
