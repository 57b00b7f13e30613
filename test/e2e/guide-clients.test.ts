// The DRS orchestration guide's own clients, run unchanged against the started local stack: the
// "Complete DR Drill Script" (bash + curl + jq + aws cognito-idp), the "Complete Python Client", the
// "Step Functions with Direct Lambda Invocation" state machine (mended only where DESIGN.md says),
// the configuration backup "Complete Script" (aws lambda invoke) and the bash and Python direct
// invocation examples. Their code is read from the guide (test/fixtures/seeds/) at test time, never copied
// here.
// Every server is seeded into eu-central-1, a region no other test file uses, and every name carries
// this run's suffix: other test files share the stack.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { gql, login, ok } from '../support/client.ts';
import { createGroup, createPlan } from '../support/fixtures.ts';
import {
  awsWrapperDir,
  describeRun,
  guideBlock,
  linesBefore,
  mendGuideAsl,
  plain,
  removeTempDirs,
  runProgram,
  scriptEnv,
  shellFunction,
  tempDir,
  writeExecutable,
  type Ran,
} from '../support/guide.ts';
import { LOCAL_ACCOUNT_ID } from '../../infra/local/aws/fixtures.ts';

const ep = inject('endpoints');
const run = Math.random().toString(36).slice(2, 8);
const REGION = 'eu-central-1';
const USER = 'operator';

type Plan = { id: string; name: string };
type Exec = {
  id: string;
  status: string;
  recoveryPlanId: string;
  initiatedBy: string | null;
  startedBy: string | null;
  invocationSource: string | null;
  claimedInitiatedBy: string | null;
  claimedInvocationSource: string | null;
};

let admin: string;
let fleet1: string[], fleet2: string[];
let g1: { id: string; name: string }, g2: { id: string; name: string };
/** Two waves, no pause (A); the same with a pause before wave 2 (B); one wave, never run (C). */
let planA: Plan, planB: Plan, planC: Plan;
let aws: string; // the directory with the `aws` wrapper
const plansToDelete = new Set<string>();
const timings: Array<[string, number]> = [];

const local = async (path: string, body: unknown): Promise<{ ids: string[] }> => {
  const r = await fetch(`${ep.awsEndpoint}${path}`, { method: 'POST', body: JSON.stringify(body) });
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return r.json() as Promise<{ ids: string[] }>;
};
const password = (username: string) => ep.users.find((u) => u.username === username)!.password;

const EXEC = 'id status recoveryPlanId initiatedBy startedBy invocationSource claimedInitiatedBy claimedInvocationSource';
/** Audit is who authenticated (the Cognito user, or the IAM principal the façade signs as); the clients' own words are kept beside it. */
const COGNITO = (user: string) => ({ initiatedBy: user, startedBy: user, invocationSource: 'AMAZON_COGNITO_USER_POOLS' });
const IAM = () => ({ initiatedBy: expect.stringMatching(IAM_ARN), startedBy: expect.stringMatching(IAM_ARN), invocationSource: 'AWS_IAM' });
async function execution(id: string): Promise<Exec> {
  const e = ok(await gql<{ getExecution: Exec | null }>(ep, admin, `query G($id: ID!) { getExecution(id: $id) { ${EXEC} } }`, { id })).getExecution;
  if (!e) throw new Error(`no execution ${id}`);
  return e;
}
async function until(id: string, done: (e: Exec) => boolean, ms = 90_000): Promise<Exec> {
  const deadline = Date.now() + ms;
  for (;;) {
    const e = await execution(id);
    if (done(e)) return e;
    if (Date.now() > deadline) throw new Error(`execution ${id} stuck at ${e.status}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
const ended = (e: Exec) => ['COMPLETED', 'FAILED', 'CANCELLED'].includes(e.status);
/** The IAM principal the façade signs with when it is invoked directly (the guide's "RBAC bypassed"). */
const IAM_ARN = /^arn:aws:(iam|sts)::\d{12}:/;

async function timed(what: string, r: Promise<Ran>): Promise<Ran> {
  const ran = await r;
  timings.push([what, ran.ms]);
  // GUIDE_CLIENTS_VERBOSE=1 prints what each of the guide's programs printed.
  if (process.env.GUIDE_CLIENTS_VERBOSE) console.log(describeRun(what, ran));
  return ran;
}

/** One of the guide's fenced blocks under the given headings. */
const code = (under: string[], lang: string, marker: string) => {
  const block = guideBlock(under, lang);
  expect(block.code, `the guide's "${under.join(' › ')}" block (line ${block.line})`).toContain(marker);
  return block.code;
};

beforeAll(async () => {
  admin = await login(ep, 'admin');
  aws = awsWrapperDir();
  const seed = async (name: string, count: number) =>
    (await local('/__local/drs/source-servers', { region: REGION, count, tags: { Fleet: `${name}-${run}` }, hostnamePrefix: name })).ids;
  [fleet1, fleet2] = await Promise.all([seed('guide-db', 2), seed('guide-app', 2)]);
  g1 = await createGroup(ep, admin, { name: `Guide-DB-${run}`, region: REGION, serverSelectionTags: [{ key: 'Fleet', value: `guide-db-${run}` }] });
  g2 = await createGroup(ep, admin, { name: `Guide-App-${run}`, region: REGION, serverSelectionTags: [{ key: 'Fleet', value: `guide-app-${run}` }] });
  const wave = (n: number, groupId: string, extra: Record<string, unknown> = {}) => ({ waveNumber: n, name: `Wave ${n}`, protectionGroupId: groupId, ...extra });
  planA = await createPlan(ep, admin, { name: `Guide Drill ${run}`, waves: [wave(1, g1.id), wave(2, g2.id, { dependsOn: [1] })] });
  planB = await createPlan(ep, admin, { name: `Guide Paused ${run}`, waves: [wave(1, g1.id), wave(2, g2.id, { dependsOn: [1], pauseBeforeWave: true })] });
  planC = await createPlan(ep, admin, { name: `Guide Backup ${run}`, waves: [wave(1, g1.id)] });
  for (const p of [planA, planB, planC]) plansToDelete.add(p.id);
});

afterAll(async () => {
  console.log(`guide-clients timings (ms):\n${timings.map(([w, ms]) => `  ${w}: ${ms}`).join('\n')}`);
  // Best effort: this run's plans, then its groups.
  const left: string[] = [];
  const drop = async (field: string, id: string) => {
    const r = await gql(ep, admin, `mutation D($id: ID!) { ${field}(id: $id) { id } }`, { id }).catch((e: Error) => ({ errors: [{ message: e.message }] }));
    if (r.errors?.length) left.push(`${field}(${id}): ${r.errors[0].message}`);
  };
  for (const id of plansToDelete) await drop('deleteRecoveryPlan', id);
  for (const g of [g1, g2]) if (g) await drop('deleteProtectionGroup', g.id);
  if (left.length) console.warn(`guide-clients: cleanup left ${left.join('; ')}`);
  if (!process.env.GUIDE_CLIENTS_KEEP) removeTempDirs();
});

describe("the guide's own clients, unchanged, against the local stack", () => {
  it('"Complete DR Drill Script": a drill runs to completed (exit 0); a plan that pauses exits 2', { timeout: 240_000 }, async () => {
    const script = code(['Complete DR Drill Script'], 'bash', '# scripts/execute_dr_drill.sh');
    const dir = tempDir('guide-drill');
    mkdirSync(join(dir, 'scripts'));
    const file = writeExecutable(join(dir, 'scripts'), 'execute_dr_drill.sh', script);
    const env = scriptEnv(ep, {
      API_ENDPOINT: ep.rest,
      COGNITO_CLIENT_ID: ep.userPoolClientId,
      DR_USERNAME: USER,
      DR_PASSWORD: password(USER),
      POLL_INTERVAL: '1',
      TIMEOUT: '150',
    });

    const r = await timed('drill script, plan without pause', runProgram('bash', [file, planA.name, 'DRILL'], { env, cwd: dir, timeoutMs: 180_000 }));
    const out = plain(r.stdout);
    expect(r.code, describeRun('execute_dr_drill.sh', r)).toBe(0);
    expect(out).toContain(`[INFO] Finding recovery plan: ${planA.name}`);
    expect(out).toContain(`[INFO] Found plan: ${planA.id}`);
    expect(out).toMatch(/\[INFO\] Status: completed \(Wave \d+\/2\)/);
    expect(out.trimEnd().split('\n').pop()).toBe('[INFO] Execution completed successfully!');
    const id = /Execution started: (\S+)/.exec(out)?.[1];
    expect(id, out).toBeTruthy();
    expect(await execution(id!)).toMatchObject({
      status: 'COMPLETED',
      recoveryPlanId: planA.id,
      ...COGNITO(USER),
      claimedInitiatedBy: 'bash-script',
      claimedInvocationSource: 'CLI',
    });

    const p = await timed('drill script, plan that pauses', runProgram('bash', [file, planB.name, 'DRILL'], { env, cwd: dir, timeoutMs: 180_000 }));
    const paused = plain(p.stdout);
    expect(p.code, describeRun('execute_dr_drill.sh (paused plan)', p)).toBe(2);
    expect(paused).toMatch(/\[INFO\] Status: paused/);
    expect(paused).toContain('[WARN] Execution is paused - manual intervention required');
    const pid = /Execution started: (\S+)/.exec(paused)?.[1];
    expect(await execution(pid!)).toMatchObject({ status: 'PAUSED', recoveryPlanId: planB.id, ...COGNITO(USER), claimedInitiatedBy: 'bash-script' });
    // The script's own hint, followed: POST <API_ENDPOINT>/executions/<id>/resume with the user's token.
    const resumeUrl = /Resume with: curl -X POST -H 'Authorization: Bearer \$TOKEN' (\S+)/.exec(paused)?.[1];
    expect(resumeUrl).toBe(`${ep.rest}/executions/${pid}/resume`);
    const resumed = await fetch(resumeUrl!, { method: 'POST', headers: { authorization: `Bearer ${await login(ep, USER)}` } });
    expect(resumed.status, await resumed.clone().text()).toBe(200);
    expect(await until(pid!, ended)).toMatchObject({ status: 'COMPLETED' });
  });

  it('"Complete Python Client": lists, finds, starts, waits, and reads the lookups', { timeout: 180_000 }, async () => {
    const client = code(['Complete Python Client'], 'python', 'class DRSOrchestrationClient');
    const dir = tempDir('guide-python');
    writeFileSync(join(dir, 'drs_orchestration_client.py'), client);
    writeFileSync(
      join(dir, 'drive.py'),
      `import json, os
from drs_orchestration_client import DRSOrchestrationClient

client = DRSOrchestrationClient(
    api_endpoint=os.environ['API_ENDPOINT'],
    cognito_client_id=os.environ['COGNITO_CLIENT_ID'],
    username=os.environ['DR_USERNAME'],
    password=os.environ['DR_PASSWORD'],
)
run = os.environ['RUN']
groups = client.list_protection_groups()
plan = client.find_plan_by_name(os.environ['PLAN_NAME'])
execution = client.start_execution(plan['id'], 'DRILL')
result = client.wait_for_completion(execution['executionId'], timeout=150, poll_interval=1)
executions = client.list_executions()
servers = client.list_drs_source_servers(os.environ['FLEET_REGION'])
quotas = client.get_drs_quotas(os.environ['FLEET_REGION'])
resolved = client.resolve_protection_group(os.environ['GROUP_ID'])
print(json.dumps({
    'groupCount': len(groups),
    'myGroups': sorted(g['name'] for g in groups if g.get('name', '').endswith(run)),
    'plan': {'id': plan['id'], 'name': plan['name'], 'hasServerConflict': plan.get('hasServerConflict')},
    'started': {k: execution.get(k) for k in ('executionId', 'ExecutionId', 'status')},
    'result': {k: result.get(k) for k in ('executionId', 'status', 'totalWaves')},
    'listed': [e.get('executionId') or e.get('ExecutionId') for e in executions],
    'servers': sorted(s['sourceServerId'] for s in servers),
    'quotas': quotas,
    'resolved': sorted(s['sourceServerId'] for s in resolved.get('servers', [])),
}))
`,
    );
    const env = scriptEnv(ep, {
      API_ENDPOINT: ep.rest,
      COGNITO_CLIENT_ID: ep.userPoolClientId,
      DR_USERNAME: USER,
      DR_PASSWORD: password(USER),
      PLAN_NAME: planA.name,
      RUN: run,
      FLEET_REGION: REGION,
      GROUP_ID: g1.id,
    });
    const r = await timed('python client', runProgram('python3', ['drive.py'], { env, cwd: dir, timeoutMs: 170_000 }));
    expect(r.code, describeRun('drive.py', r)).toBe(0);
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
    expect(out.myGroups).toEqual([g2.name, g1.name].sort());
    expect(out.plan).toEqual({ id: planA.id, name: planA.name, hasServerConflict: false });
    const id = out.started.executionId;
    expect(id).toBeTruthy();
    expect(out.started.ExecutionId).toBe(id);
    expect(out.result).toEqual({ executionId: id, status: 'completed', totalWaves: 2 });
    expect(out.listed).toContain(id);
    expect(out.servers).toEqual([...fleet1, ...fleet2].sort());
    expect(out.quotas.region).toBe(REGION);
    expect(out.quotas.quotas).toMatchObject({ maxConcurrentJobs: expect.any(Number), maxServersPerJob: expect.any(Number) });
    expect(out.resolved).toEqual([...fleet1].sort());
    expect(await execution(id)).toMatchObject({
      status: 'COMPLETED',
      recoveryPlanId: planA.id,
      ...COGNITO(USER),
      claimedInitiatedBy: 'api-client',
      claimedInvocationSource: 'API',
    });
  });

  it('"Step Functions with Direct Lambda Invocation": created and run with the AWS CLI, mended only where DESIGN.md says', { timeout: 180_000 }, async () => {
    const printed = JSON.parse(code(['Step Functions with Direct Lambda Invocation'], 'json', 'arn:aws:states:::lambda:invoke'));
    const { definition, changed, moved } = mendGuideAsl(printed);
    // Exactly the intrinsic-then-path selectors, the states reading what they selected, and JsonMerge.
    expect(changed).toEqual(['CheckPlanExists', 'CheckStatus', 'EvaluateStatus', 'ListRecoveryPlans', 'StartExecution']);
    expect(moved).toEqual({
      '$.planResult.plans': '$.planResult.body.plans',
      '$.execution.executionId': '$.execution.body.ExecutionId',
      '$.currentStatus.status': '$.currentStatus.body.status',
    });
    const S = definition.States as Record<string, { ResultSelector?: unknown; Parameters?: { Payload: Record<string, unknown> } }>;
    for (const n of ['ListRecoveryPlans', 'StartExecution', 'CheckStatus']) expect(S[n].ResultSelector).toEqual({ 'body.$': 'States.StringToJson($.Payload.body)' });
    expect(S.StartExecution.Parameters!.Payload['body.$']).toBe(
      `States.JsonToString(States.JsonMerge($.executionConfig, States.StringToJson(States.Format('{"recoveryPlanId":"{}"}', $.planResult.body.plans[0].id)), false))`,
    );
    // The requests it sends stay the guide's.
    const P = printed.States as typeof S;
    for (const n of ['ListRecoveryPlans', 'StartExecution', 'CheckStatus']) {
      const { 'body.$': _b, 'path.$': _p, ...rest } = S[n].Parameters!.Payload;
      const { 'body.$': _ob, 'path.$': _op, ...orest } = P[n].Parameters!.Payload;
      expect(rest).toEqual(orest);
    }

    const dir = tempDir('guide-sfn');
    writeFileSync(join(dir, 'printed.json'), JSON.stringify(printed, null, 2));
    writeFileSync(join(dir, 'mended.json'), JSON.stringify(definition, null, 2));
    const env = scriptEnv(ep, {}, [aws]);
    const cli = (what: string, args: string[]) => timed(what, runProgram('aws', args, { env, cwd: dir, timeoutMs: 60_000 }));
    const role = `arn:aws:iam::${LOCAL_ACCOUNT_ID}:role/guide-drs-drill`;
    const input = JSON.stringify({ planName: planA.name, executionConfig: { executionType: 'DRILL', initiatedBy: 'step-functions' } });
    type Described = { status: string; output?: string; error?: string; cause?: string };
    /** describe-execution until the run is no longer RUNNING. */
    const finished = async (executionArn: string): Promise<Described> => {
      const deadline = Date.now() + 150_000;
      for (;;) {
        const d = await runProgram('aws', ['stepfunctions', 'describe-execution', '--execution-arn', executionArn], { env, cwd: dir, timeoutMs: 60_000 });
        expect(d.code, describeRun('describe-execution', d)).toBe(0);
        const described = JSON.parse(d.stdout) as Described;
        if (described.status !== 'RUNNING') return described;
        if (Date.now() > deadline) throw new Error(`state machine run ${executionArn} still RUNNING after 150 s`);
        await new Promise((r) => setTimeout(r, 250));
      }
    };

    // As printed, Step Functions refuses it.
    const refused = await cli('create-state-machine (as printed)', ['stepfunctions', 'create-state-machine', '--name', `guide-printed-${run}`, '--definition', 'file://printed.json', '--role-arn', role]);
    expect(refused.code, describeRun('create-state-machine (as printed)', refused)).not.toBe(0);
    expect(refused.stderr).toMatch(/InvalidDefinition/);
    expect(refused.stderr).toMatch(/ResultSelector/);
    // With the selectors mended but JsonMerge left with two arguments, it still cannot work: Step
    // Functions refuses the definition; the local runner's validator lets it through, but its
    // States.JsonMerge takes exactly three arguments when the state runs (before any drill starts).
    writeFileSync(join(dir, 'half-mended.json'), JSON.stringify(mendGuideAsl(printed, { jsonMerge: false }).definition, null, 2));
    const half = await cli('create-state-machine (JsonMerge unmended)', ['stepfunctions', 'create-state-machine', '--name', `guide-half-${run}`, '--definition', 'file://half-mended.json', '--role-arn', role]);
    if (half.code !== 0) expect(half.stderr).toMatch(/InvalidDefinition[\s\S]*JsonMerge/);
    else {
      const halfRun = await cli('start-execution (JsonMerge unmended)', ['stepfunctions', 'start-execution', '--state-machine-arn', JSON.parse(half.stdout).stateMachineArn, '--name', `half-${run}`, '--input', input]);
      expect(halfRun.code, describeRun('start-execution (JsonMerge unmended)', halfRun)).toBe(0);
      const failed = await finished(JSON.parse(halfRun.stdout).executionArn);
      expect(failed.status, JSON.stringify(failed)).toBe('FAILED');
      expect(`${failed.error} ${failed.cause}`).toMatch(/JsonMerge/);
    }

    const created = await cli('create-state-machine', ['stepfunctions', 'create-state-machine', '--name', `guide-direct-${run}`, '--definition', 'file://mended.json', '--role-arn', role]);
    expect(created.code, describeRun('create-state-machine', created)).toBe(0);
    const { stateMachineArn } = JSON.parse(created.stdout);
    const t0 = Date.now();
    const started = await cli('start-execution', ['stepfunctions', 'start-execution', '--state-machine-arn', stateMachineArn, '--name', `drill-${run}`, '--input', input]);
    expect(started.code, describeRun('start-execution', started)).toBe(0);
    const { executionArn } = JSON.parse(started.stdout);
    const described = await finished(executionArn);
    const elapsed = Date.now() - t0;
    timings.push(['state machine run (start → final describe)', elapsed]);
    expect(described, JSON.stringify(described)).toMatchObject({ status: 'SUCCEEDED' });
    const output = JSON.parse(described.output!);
    expect(output.planResult.body.plans[0]).toMatchObject({ id: planA.id, name: planA.name });
    expect(output.currentStatus.body.status).toBe('completed');
    const id = output.execution.body.ExecutionId;
    expect(await execution(id)).toMatchObject({ status: 'COMPLETED', recoveryPlanId: planA.id, ...IAM(), claimedInitiatedBy: 'step-functions' });

    // It polled through the guide's 30 s Wait, divided by the stack's SIM_SPEED.
    const h = await runProgram('aws', ['stepfunctions', 'get-execution-history', '--execution-arn', executionArn], { env, cwd: dir, timeoutMs: 60_000 });
    expect(h.code, describeRun('get-execution-history', h)).toBe(0);
    const waits = (JSON.parse(h.stdout).events as Array<{ type: string; stateEnteredEventDetails?: { name: string } }>).filter(
      (e) => e.type === 'WaitStateEntered' && e.stateEnteredEventDetails?.name === 'WaitAndPoll',
    ).length;
    expect(waits).toBeGreaterThanOrEqual(1);
    expect(elapsed).toBeLessThan(30_000);
  });

  it('"Configuration Backup and Restore" Complete Script: export, dry-run, and import after a deletion', { timeout: 180_000 }, async () => {
    const script = code(['Configuration Backup and Restore (Complete Walkthrough)', 'Complete Script'], 'bash', '# Configuration Backup and Restore Script');
    const dir = tempDir('guide-config');
    mkdirSync(join(dir, 'scripts'));
    const file = writeExecutable(join(dir, 'scripts'), 'config-backup-restore.sh', script);
    const backup = join(dir, 'drs-config-backup.json');
    const env = scriptEnv(ep, { BACKUP_FILE: backup }, [aws]);
    const sh = (what: string, mode: string) => timed(`config-backup-restore.sh ${what}`, runProgram('bash', [file, mode], { env, cwd: dir, timeoutMs: 60_000 }));
    /** The JSON the script printed after its first line (jq's rendering of `.summary`). */
    const summary = (r: Ran) => JSON.parse(r.stdout.slice(r.stdout.indexOf('\n') + 1));

    const exported = await sh('export', 'export');
    expect(exported.code, describeRun('export', exported)).toBe(0);
    const counts = /Protection Groups: (\d+)\n\s+- Recovery Plans: (\d+)/.exec(exported.stdout);
    expect(counts, exported.stdout).toBeTruthy();
    type Doc = { metadata: unknown; protectionGroups: Array<Record<string, unknown>>; recoveryPlans: Array<Record<string, unknown>> };
    const doc = JSON.parse(readFileSync(backup, 'utf8')) as Doc;
    expect(doc.protectionGroups.length).toBe(Number(counts![1]));
    expect(doc.recoveryPlans.length).toBe(Number(counts![2]));
    const nameOf = (x: Record<string, unknown>) => String(x.name ?? x.GroupName ?? x.PlanName ?? '');
    const mine = (x: Record<string, unknown>) => nameOf(x).endsWith(run);
    expect(doc.protectionGroups.filter(mine).map(nameOf).sort()).toEqual([g1.name, g2.name].sort());
    expect(doc.recoveryPlans.filter(mine).map(nameOf).sort()).toEqual([planA.name, planB.name, planC.name].sort());
    // The backup keeps this run's items only: other test files delete their own groups and plans while
    // this one runs, and an import of the whole estate would bring them back under their feet.
    writeFileSync(backup, JSON.stringify({ ...doc, protectionGroups: doc.protectionGroups.filter(mine), recoveryPlans: doc.recoveryPlans.filter(mine) }, null, 2));

    const dry = await sh('dry-run', 'dry-run');
    expect(dry.code, describeRun('dry-run', dry)).toBe(0);
    expect(dry.stdout.split('\n')[0]).toBe(`Dry-run import from ${backup}...`);
    expect(summary(dry)).toMatchObject({
      protectionGroups: { created: 0, skipped: 2, failed: 0 },
      recoveryPlans: { created: 0, skipped: 3, failed: 0 },
    });

    // Delete one plan through REST, as an administrator.
    const del = await fetch(`${ep.rest}/recovery-plans/${planC.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${admin}` } });
    expect(del.status, await del.clone().text()).toBe(200);
    plansToDelete.delete(planC.id);

    const imported = await sh('import', 'import');
    expect(imported.code, describeRun('import', imported)).toBe(0);
    expect(imported.stdout.split('\n')[0]).toBe(`Importing configuration from ${backup}...`);
    expect(summary(imported)).toMatchObject({
      protectionGroups: { created: 0, skipped: 2, failed: 0 },
      recoveryPlans: { created: 1, skipped: 2, failed: 0 },
    });
    const back = ok(
      await gql<{ listRecoveryPlans: { items: Array<{ id: string; name: string; waves: Array<{ protectionGroupId: string }> }> } }>(
        ep,
        admin,
        `query L($filter: RecoveryPlanFilter) { listRecoveryPlans(filter: $filter) { items { id name waves { protectionGroupId } } } }`,
        { filter: { name: planC.name } },
      ),
    ).listRecoveryPlans.items;
    expect(back).toHaveLength(1);
    plansToDelete.add(back[0].id);
    expect(back[0].id).not.toBe(planC.id);
    expect(back[0].waves.map((w) => w.protectionGroupId)).toEqual([g1.id]);
  });

  it('direct invocation: the bash invoke_lambda function and the Python invoke_drs_api list plans and start drills', { timeout: 240_000 }, async () => {
    // Bash: the example's configuration and invoke_lambda, then its two calls with a real plan id.
    const example = code(['Bash Example - Direct Lambda Invocation'], 'bash', 'invoke_lambda()');
    const prelude = linesBefore(example, /^# List recovery plans/);
    expect(prelude).toContain(shellFunction(example, 'invoke_lambda'));
    const dir = tempDir('guide-invoke');
    const program = writeExecutable(
      dir,
      'invoke.sh',
      `${prelude}
echo "=== Recovery Plans ==="
invoke_lambda "GET" "/recovery-plans"
echo "=== Starting Drill ==="
invoke_lambda "POST" "/executions" "{\\"recoveryPlanId\\":\\"\${PLAN_ID}\\",\\"executionType\\":\\"DRILL\\",\\"initiatedBy\\":\\"bash-iam\\"}"
`,
    );
    const env = scriptEnv(ep, { PLAN_ID: planA.id, PLAN_NAME: planA.name }, [aws]);
    const b = await timed('bash invoke_lambda (list + start)', runProgram('bash', [program], { env, cwd: dir, timeoutMs: 60_000 }));
    expect(b.code, describeRun('invoke.sh', b)).toBe(0);
    const [, listed, startedText] = b.stdout.split(/^=== .* ===$/m);
    const plans = JSON.parse(listed).plans as Plan[];
    expect(plans.find((p) => p.id === planA.id)).toMatchObject({ name: planA.name });
    const started = JSON.parse(startedText);
    expect(started).toMatchObject({ recoveryPlanId: planA.id, executionType: 'DRILL', ...IAM(), claimedInitiatedBy: 'bash-iam', claimedInvocationSource: null });
    expect(started.executionId).toBe(started.ExecutionId);
    const bashRun = await until(started.ExecutionId, ended);
    expect(bashRun).toMatchObject({ status: 'COMPLETED', ...IAM(), claimedInitiatedBy: 'bash-iam', claimedInvocationSource: null });

    // Python: the example's imports and invoke_drs_api, then its usage calls with a real plan.
    const py = code(['Python Example - Direct Lambda Invocation'], 'python', 'def invoke_drs_api(');
    writeFileSync(join(dir, 'invoke_drs.py'), linesBefore(py, /^# Usage examples/));
    writeFileSync(
      join(dir, 'drive_invoke.py'),
      `import json, os
from invoke_drs import invoke_drs_api

plans = invoke_drs_api('GET', '/recovery-plans')
found = invoke_drs_api('GET', '/recovery-plans', query_params={'nameExact': os.environ['PLAN_NAME']})
execution = invoke_drs_api('POST', '/executions', body={
    'recoveryPlanId': found['plans'][0]['id'],
    'executionType': 'DRILL',
    'initiatedBy': 'iam-automation',
    'invocationSource': 'LAMBDA'
})
status = invoke_drs_api('GET', f"/executions/{execution.get('ExecutionId')}")
print(json.dumps({
    'planCount': len(plans.get('plans', [])),
    'found': [p['id'] for p in found['plans']],
    'executionId': execution.get('ExecutionId'),
    'status': status.get('status'),
}))
`,
    );
    const p = await timed('python invoke_drs_api (list + find + start + get)', runProgram('python3', ['drive_invoke.py'], { env, cwd: dir, timeoutMs: 60_000 }));
    expect(p.code, describeRun('drive_invoke.py', p)).toBe(0);
    const out = JSON.parse(p.stdout.trim().split('\n').pop()!);
    expect(out.planCount).toBeGreaterThanOrEqual(2);
    expect(out.found).toEqual([planA.id]);
    expect(out.executionId).toBeTruthy();
    expect(['pending', 'in_progress', 'completed']).toContain(out.status);
    const pyRun = await until(out.executionId, ended);
    expect(pyRun).toMatchObject({
      status: 'COMPLETED',
      recoveryPlanId: planA.id,
      ...IAM(),
      claimedInitiatedBy: 'iam-automation',
      claimedInvocationSource: 'LAMBDA',
    });
  });
});
