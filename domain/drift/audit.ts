// Audit records of group and plan edits: one item per create/update/delete, put in the SAME
// transaction as the edit (the stores add auditPut to their TransactWriteItems), so a record exists
// exactly when its change does. Under the group's/plan's own partition, sorted by time, so drift reads
// "everything since the baseline" with one query. Not published: the publisher maps only sk PG/PLAN/EXEC.
import { QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../../platform/aws/dynamodb.ts';
import type { TxItem } from '../../platform/tx.ts';
import { groupChanges, groupSnapshot, waveChanges, waveSnapshot, type FieldChange, type GroupSnapshot, type WaveSnapshot } from './model.ts';

export type AuditAction = 'CREATE' | 'UPDATE' | 'DELETE';

export interface AuditRecord {
  /** What was edited (the item's own `entity` is 'Change', so no listing mistakes it for the group or plan). */
  subject: 'ProtectionGroup' | 'RecoveryPlan';
  id: string;
  action: AuditAction;
  /** The version the write produced (a delete: the version deleted). */
  version: number;
  at: string;
  /** The verified identity (actor()), never what a caller claimed. */
  by: string;
  changes: FieldChange[];
}

const CHANGE = 'CHANGE#';
/** Same-millisecond writes of one item still sort by version. */
export const changeSk = (at: string, version: number) => `${CHANGE}${at}#${String(version).padStart(10, '0')}`;

function auditPut(pk: string, r: AuditRecord): TxItem {
  return {
    Put: {
      TableName: tableName(),
      Item: { pk, sk: changeSk(r.at, r.version), ...r, entity: 'Change' },
      // Never overwrites an earlier record (a retried transaction writes the same key, or nothing).
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

const named = (before: { name?: string; description?: string | null } | null, after: { name?: string; description?: string | null } | null): FieldChange[] => {
  const out: FieldChange[] = [];
  if ((before?.name ?? null) !== (after?.name ?? null)) out.push({ field: 'name', before: before?.name ?? null, after: after?.name ?? null });
  if ((before?.description ?? null) !== (after?.description ?? null)) {
    out.push({ field: 'description', before: before?.description ?? null, after: after?.description ?? null });
  }
  return out;
};

type GroupLike = GroupSnapshot & { name: string; description?: string | null };
type PlanLike = { id: string; version: number; name: string; description?: string | null; waves: WaveSnapshot[] };

/** The audit item of a group write; `pk` is the group's own partition. */
export function groupAudit(pk: string, before: GroupLike | null, after: GroupLike | null, by: string, at: string): TxItem {
  const g = (after ?? before)!;
  return auditPut(pk, {
    subject: 'ProtectionGroup',
    id: g.id,
    action: !before ? 'CREATE' : !after ? 'DELETE' : 'UPDATE',
    version: g.version,
    at,
    by,
    changes: [...named(before, after), ...groupChanges(before && groupSnapshot(before), after && groupSnapshot(after))],
  });
}

/** The audit item of a plan write; `pk` is the plan's own partition. */
export function planAudit(pk: string, before: PlanLike | null, after: PlanLike | null, by: string, at: string): TxItem {
  const p = (after ?? before)!;
  return auditPut(pk, {
    subject: 'RecoveryPlan',
    id: p.id,
    action: !before ? 'CREATE' : !after ? 'DELETE' : 'UPDATE',
    version: p.version,
    at,
    by,
    changes: [...named(before, after), ...waveChanges(before && before.waves.map(waveSnapshot), after && after.waves.map(waveSnapshot))],
  });
}

/** The audit records under `pk` written at or after `since` (ISO time), oldest first. */
export async function changesSince(pk: string, since: string): Promise<AuditRecord[]> {
  const out: AuditRecord[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r: QueryCommandOutput = await ddb().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': pk, ':from': `${CHANGE}${since}`, ':to': `${CHANGE}\uffff` },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    for (const it of r.Items ?? []) {
      out.push({ subject: it.subject, id: it.id, action: it.action, version: it.version, at: it.at, by: it.by, changes: it.changes ?? [] } as AuditRecord);
    }
    start = r.LastEvaluatedKey;
  } while (start);
  return out;
}
