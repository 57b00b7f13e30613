// The orchestrator's own DRS jobs still running, per region and account: one item per job (adding
// and removing are idempotent, so a retried tick cannot make the count drift). A wave start counts
// these instead of paging through DRS's last 24 hours of jobs, and reads DRS's own list only when
// near a limit (others may run jobs too) or after DRS refused a start for its quota.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../../platform/aws.ts';
import { writeAll } from '../../platform/batch.ts';
import { loadPk } from './keys.ts';

/** An own job as DRS's limits count it: its id and how many servers it holds. */
export interface OwnJob {
  jobId: string;
  servers: number;
}

export async function ownJobs(region: string, accountId: string | null): Promise<OwnJob[]> {
  const out: OwnJob[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const r = await ddb().send(
      new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': loadPk(region, accountId) }, ExclusiveStartKey }),
    );
    // An expired item may linger until DynamoDB's TTL sweep removes it.
    for (const i of r.Items ?? []) if (i.ttl > Date.now() / 1000) out.push({ jobId: i.jobId, servers: i.servers });
    ExclusiveStartKey = r.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return out;
}

/** A day after its start a job no longer counts (DRS ends launches well before), whatever happened to us. */
const ttl = () => Math.floor(Date.now() / 1000) + 24 * 3600;

export async function addOwnJobs(region: string, accountId: string | null, jobs: readonly OwnJob[], executionId: string): Promise<void> {
  await writeAll(jobs.map((j) => ({ PutRequest: { Item: { pk: loadPk(region, accountId), sk: `JOB#${j.jobId}`, entity: 'OwnDrsJob', ...j, executionId, ttl: ttl() } } })));
}

export async function removeOwnJobs(region: string, accountId: string | null, jobIds: readonly string[]): Promise<void> {
  await writeAll(jobIds.map((jobId) => ({ DeleteRequest: { Key: { pk: loadPk(region, accountId), sk: `JOB#${jobId}` } } })));
}
