// The baseline drift compares with: what the plan's last COMPLETED drill ran. Each execution records it
// at its start (domain/executions/start.ts); executions older than that fall back to their waves.
import { QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../../platform/aws/dynamodb.ts';
import { planExecList } from '../executions/keys.ts';
import { fromItem, type StoredExecution } from '../executions/store.ts';
import { groupSnapshot, waveSnapshot, type ExecutionBaseline, type GroupSnapshot, type WaveSnapshot } from './model.ts';

/** What an execution of `plan` runs, given its groups as read at the start. */
export function executionBaseline(
  plan: { version: number; waves: WaveSnapshot[] },
  groups: readonly GroupSnapshot[],
): ExecutionBaseline {
  return { planVersion: plan.version, waves: plan.waves.map(waveSnapshot), groups: groups.map(groupSnapshot) };
}

/** The plan's newest COMPLETED drill (executions by plan on gsi2, newest first), or null. */
export async function lastCompletedDrill(planId: string): Promise<StoredExecution | null> {
  let start: Record<string, unknown> | undefined;
  do {
    const r: QueryCommandOutput = await ddb().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk',
        FilterExpression: '#status = :done AND executionType = :drill',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pk': planExecList(planId), ':done': 'COMPLETED', ':drill': 'DRILL' },
        ScanIndexForward: false,
        ExclusiveStartKey: start,
      }),
    );
    const found = r.Items?.[0];
    if (found) return fromItem(found);
    start = r.LastEvaluatedKey;
  } while (start);
  return null;
}

/**
 * The waves an execution ran: its recorded baseline, or (executions written before baselines were
 * recorded) what its stored waves say — no group configurations then (`groups` is empty).
 */
export function baselineOf(e: StoredExecution): ExecutionBaseline & { recorded: boolean } {
  if (e.baseline) return { ...e.baseline, recorded: true };
  return {
    recorded: false,
    planVersion: 0,
    waves: e.waves.map((w) =>
      waveSnapshot({
        waveNumber: w.waveNumber,
        name: w.name,
        protectionGroupId: w.protectionGroupId ?? '',
        dependsOn: w.dependsOn ?? [],
        pauseBeforeWave: !!w.pauseBeforeWave,
      }),
    ),
    groups: [],
  };
}
