// Terminating the recovery instances an execution launched (only those), through DRS.
import { TerminateRecoveryInstancesCommand } from '@aws-sdk/client-drs';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../../platform/aws.ts';
import { drs } from '../target-accounts/clients.ts';
import { AppError } from '../../platform/errors.ts';
import { execKey } from './keys.ts';
import type { TerminationResult } from '../../platform/generated/graphql.ts';
import { drsError } from '../protection-groups/inventory.ts';
import { isTerminal, mustGetExecution, type StoredExecution } from './store.ts';

type Instance = { instanceId: string; sourceServerId: string };

/** Recovery instances by the DRS they live in: one (region, account) per entry. */
export function instancesByScope(e: StoredExecution): Map<string, { region: string; accountId: string | null; instances: Instance[] }> {
  const out = new Map<string, { region: string; accountId: string | null; instances: Instance[] }>();
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

export async function terminateInstances(id: string): Promise<TerminationResult> {
  const e = await mustGetExecution(id);
  if (!isTerminal(e.status)) {
    throw new AppError('EXECUTION_ACTIVE', `Recovery instances can be terminated once the execution has ended (status is ${e.status})`, { status: e.status });
  }
  const byScope = instancesByScope(e);
  if (!byScope.size) throw new AppError('NO_RECOVERY_INSTANCES', 'This execution launched no recovery instances');
  const jobs: NonNullable<StoredExecution['terminationJobs']> = [];
  const terminatedInstances = [];
  for (const { region, accountId, instances } of byScope.values()) {
    for (let i = 0; i < instances.length; i += 200) {
      const chunk = instances.slice(i, i + 200);
      const r = await drs(region, accountId)
        .send(new TerminateRecoveryInstancesCommand({ recoveryInstanceIDs: chunk.map((x) => x.instanceId) }))
        .catch((err) => drsError(region, err));
      jobs.push({ region, accountId, jobId: r.job!.jobID!, instanceIds: chunk.map((x) => x.instanceId) });
      terminatedInstances.push(...chunk.map((x) => ({ ...x, status: 'terminating' })));
    }
  }
  await ddb().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: execKey(id),
      UpdateExpression: 'SET terminationJobs = list_append(if_not_exists(terminationJobs, :empty), :jobs)',
      ExpressionAttributeValues: { ':jobs': jobs, ':empty': [] },
    }),
  );
  return { executionId: id, terminatedInstances, jobIds: jobs.map((j) => j.jobId) };
}
