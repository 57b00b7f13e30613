// Terminating the recovery instances an execution launched (only those), through DRS: on request
// (terminateRecoveryInstances, getTerminationStatus) and when a drill's TTL expires (cleanup.ts).
import { DescribeJobsCommand, DescribeRecoveryInstancesCommand, TerminateRecoveryInstancesCommand } from '@aws-sdk/client-drs';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../../platform/aws.ts';
import { drs } from '../target-accounts/clients.ts';
import { AppError } from '../../platform/errors.ts';
import { execKey } from './keys.ts';
import type { TerminationResult } from '../../platform/generated/graphql.ts';
import { drsError } from '../protection-groups/inventory.ts';
import { isTerminal, mustGetExecution, type StoredExecution } from './store.ts';

type Instance = { instanceId: string; sourceServerId: string };
export type Scope = { region: string; accountId: string | null; instances: Instance[] };
export type TerminationJob = NonNullable<StoredExecution['terminationJobs']>[number];
/** DRS's own bound on one TerminateRecoveryInstances or DescribeRecoveryInstances filter list. */
const CHUNK = 200;

/** Recovery instances by the DRS they live in: one (region, account) per entry. */
export function instancesByScope(e: StoredExecution): Map<string, Scope> {
  const out = new Map<string, Scope>();
  for (const w of e.waves) {
    const key = `${w.region}|${w.accountId ?? ''}`;
    for (const s of w.servers) {
      if (!s.recoveryInstanceId) continue;
      const scope = out.get(key) ?? { region: w.region, accountId: w.accountId ?? null, instances: [] };
      scope.instances.push({ instanceId: s.recoveryInstanceId, sourceServerId: s.sourceServerId });
      out.set(key, scope);
    }
  }
  return out;
}

/** The ids among `scopes`' instances that DRS still holds (not yet terminated). */
export async function remainingInstances(scopes: Iterable<Scope>): Promise<Set<string>> {
  const remaining = new Set<string>();
  for (const { region, accountId, instances } of scopes) {
    const ids = instances.map((x) => x.instanceId);
    for (let i = 0; i < ids.length; i += CHUNK) {
      let nextToken: string | undefined;
      do {
        const r = await drs(region, accountId)
          .send(new DescribeRecoveryInstancesCommand({ filters: { recoveryInstanceIDs: ids.slice(i, i + CHUNK) }, nextToken }))
          .catch((err) => drsError(region, err));
        for (const ri of r.items ?? []) remaining.add(ri.recoveryInstanceID!);
        nextToken = r.nextToken;
      } while (nextToken);
    }
  }
  return remaining;
}

/** Asks DRS to terminate `scopes`' instances and records the jobs on the execution (getTerminationStatus reads them). */
export async function requestTermination(id: string, scopes: Iterable<Scope>): Promise<{ jobs: TerminationJob[]; instances: Instance[] }> {
  const jobs: TerminationJob[] = [];
  const asked: Instance[] = [];
  for (const { region, accountId, instances } of scopes) {
    for (let i = 0; i < instances.length; i += CHUNK) {
      const chunk = instances.slice(i, i + CHUNK);
      const r = await drs(region, accountId)
        .send(new TerminateRecoveryInstancesCommand({ recoveryInstanceIDs: chunk.map((x) => x.instanceId) }))
        .catch((err) => drsError(region, err));
      jobs.push({ region, accountId, jobId: r.job!.jobID!, instanceIds: chunk.map((x) => x.instanceId) });
      asked.push(...chunk);
    }
  }
  if (jobs.length) {
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: execKey(id),
        UpdateExpression: 'SET terminationJobs = list_append(if_not_exists(terminationJobs, :empty), :jobs)',
        ExpressionAttributeValues: { ':jobs': jobs, ':empty': [] },
      }),
    );
  }
  return { jobs, instances: asked };
}

/** Whether every one of `jobs` has ended in DRS (status COMPLETED); a job DRS no longer lists counts as ended. */
export async function terminationJobsEnded(jobs: readonly TerminationJob[]): Promise<boolean> {
  const byScope = new Map<string, TerminationJob[]>();
  for (const j of jobs) {
    const key = `${j.region}|${j.accountId ?? ''}`;
    byScope.set(key, [...(byScope.get(key) ?? []), j]);
  }
  for (const list of byScope.values()) {
    const { region, accountId } = list[0];
    const r = await drs(region, accountId ?? null)
      .send(new DescribeJobsCommand({ filters: { jobIDs: list.map((j) => j.jobId) } }))
      .catch((err) => drsError(region, err));
    if ((r.items ?? []).some((j) => j.status !== 'COMPLETED')) return false;
  }
  return true;
}

export async function terminateInstances(id: string): Promise<TerminationResult> {
  const e = await mustGetExecution(id);
  if (!isTerminal(e.status)) {
    throw new AppError('EXECUTION_ACTIVE', `Recovery instances can be terminated once the execution has ended (status is ${e.status})`, { status: e.status });
  }
  const byScope = instancesByScope(e);
  if (!byScope.size) throw new AppError('NO_RECOVERY_INSTANCES', 'This execution launched no recovery instances');
  const { jobs, instances } = await requestTermination(id, byScope.values());
  return { executionId: id, terminatedInstances: instances.map((x) => ({ ...x, status: 'terminating' })), jobIds: jobs.map((j) => j.jobId) };
}
