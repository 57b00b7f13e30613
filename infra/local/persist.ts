// DATA_DIR: what the local stack keeps on disk across restarts (in memory when it is not set).
//   <DATA_DIR>/dynamodb/            DynamoDB Local's database (-dbPath with -sharedDb: one SQLite file)
//   <DATA_DIR>/page-token.key       the stack's page-token key material (32 random bytes, mode 0600):
//                                   nextTokens answered before a restart still page after it
//                                   (platform/page-token.ts)
//   <DATA_DIR>/aws-emulator.v8      the AWS emulator's account state (aws/index.ts `snapshot()`): per
//                                   account and region, DRS source servers, launch configurations, jobs
//                                   with their planned steps and logs, recovery instances; EC2 networks,
//                                   instances and launch templates; IAM. Not Cognito (the seeded users
//                                   get new passwords on every start, as without DATA_DIR), not the
//                                   keys, faults or statistics.
// On start with data already there, every execution still in progress (ACTIVE: PENDING, IN_PROGRESS,
// PAUSE_PENDING, PAUSED, CANCELLING) gets a fresh run of the orchestrator's state machine
// (`reattachExecutions`), named after the execution id as startExecution names it: its Init ticks from
// the stored state (a stale task token on the item is overwritten by the next Await).
// The emulator's file is written (atomically: a temporary file renamed over it) when a DRS job is
// created — before StartRecovery answers, so a job id the orchestrator stored is always in the file —,
// every SAVE_INTERVAL_MS while the stack runs, and when it stops. It is Node's structured-clone
// serialization (node:v8), so Dates and Sets come back as they went.
// The table's stream is kept with the table: at start the publisher's poller (streams.ts) reads it from
// its end, since what it held before the stop was published then (and had no subscriber left to reach
// after it); a table kept by an earlier version without a stream gets one (dynamodb.ts ensureTable).
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { newPageTokenKeyMaterial } from '../../platform/page-token.ts';
import { type AttributeValue, type DynamoDBClient, QueryCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { join, resolve } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { EXEC_LIST, execKey } from '../../domain/executions/keys.ts';
import { ACTIVE } from '../../domain/executions/model.ts';
import type { EmulatorSnapshot } from './aws/index.ts';
import type { LocalSfn } from './sfn/index.ts';

/** How often the emulator's state is written while the stack runs (besides on job creation and stop). */
export const SAVE_INTERVAL_MS = 5_000;
const FORMAT = 1;

/** The data directory to use: the option (null: none, even when DATA_DIR is set), else env DATA_DIR. */
export function resolveDataDir(option: string | null | undefined): string | undefined {
  const dir = option === undefined ? process.env.DATA_DIR : option;
  return dir ? resolve(dir) : undefined;
}

export const dynamoDbPath = (dataDir: string) => join(dataDir, 'dynamodb');
export const pageTokenKeyFile = (dataDir: string) => join(dataDir, 'page-token.key');

/** The stack's page-token key material: the one kept in `dataDir` (made there on first use), or a fresh one without it. */
export function pageTokenKeyMaterial(dataDir: string | undefined): Buffer {
  if (!dataDir) return newPageTokenKeyMaterial();
  const file = pageTokenKeyFile(dataDir);
  if (existsSync(file)) {
    const kept = readFileSync(file);
    if (kept.length !== 32) throw new Error(`${file} is not a 32-byte key; move it away to start afresh`);
    return kept;
  }
  const made = newPageTokenKeyMaterial();
  mkdirSync(dataDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, made, { mode: 0o600 });
  renameSync(tmp, file);
  return made;
}
export const emulatorFile = (dataDir: string) => join(dataDir, 'aws-emulator.v8');

/** The emulator state saved in `dataDir`, if any. */
export function loadEmulatorSnapshot(dataDir: string): EmulatorSnapshot | undefined {
  const file = emulatorFile(dataDir);
  if (!existsSync(file)) return undefined;
  const saved = deserialize(readFileSync(file)) as { format?: number; snapshot?: EmulatorSnapshot };
  if (saved?.format !== FORMAT || !saved.snapshot) throw new Error(`${file} is not a snapshot this version reads (format ${String(saved?.format)}); move it away to start afresh`);
  return saved.snapshot;
}

export function saveEmulatorSnapshot(dataDir: string, snapshot: EmulatorSnapshot): void {
  mkdirSync(dataDir, { recursive: true });
  const file = emulatorFile(dataDir);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, serialize({ format: FORMAT, savedAt: new Date().toISOString(), snapshot }));
  renameSync(tmp, file);
}

export interface Persister {
  /** Writes the state now. */
  save(): void;
  /** Stops the interval and writes one last time. */
  stop(): Promise<void>;
}

/** Writes `snapshot()` to `dataDir` every `intervalMs` and on save()/stop(); a failed write is logged, never thrown. */
export function startPersister(dataDir: string, snapshot: () => EmulatorSnapshot, log: (line: string) => void, intervalMs = SAVE_INTERVAL_MS): Persister {
  let stopped = false;
  const save = () => {
    if (stopped) return;
    try {
      saveEmulatorSnapshot(dataDir, snapshot());
    } catch (e) {
      log(`DATA_DIR: could not save the AWS emulator's state to ${emulatorFile(dataDir)}: ${(e as Error).message}`);
    }
  };
  const timer = setInterval(save, intervalMs);
  timer.unref();
  return {
    save,
    async stop() {
      clearInterval(timer);
      save();
      stopped = true;
    },
  };
}

/** The executions of the table still in progress: id and status, oldest first (the EXEC listing of gsi1). */
export async function activeExecutions(client: DynamoDBClient, table: string): Promise<Array<{ id: string; status: string }>> {
  const found: Array<{ id: string; status: string }> = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const r = await client.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': { S: EXEC_LIST } },
        ExpressionAttributeNames: { '#id': 'id', '#s': 'status' },
        ProjectionExpression: '#id, #s',
        ExclusiveStartKey: start,
      }),
    );
    for (const item of r.Items ?? []) {
      const id = item.id?.S;
      const status = item.status?.S;
      if (id && status && (ACTIVE as string[]).includes(status)) found.push({ id, status });
    }
    start = r.LastEvaluatedKey;
  } while (start);
  return found;
}

/**
 * Starts a fresh orchestrator run for every execution still in progress, and records its ARN on the
 * execution as startExecution does. Answers the ids re-attached; one that cannot be is logged and skipped.
 */
export async function reattachExecutions(o: {
  client: DynamoDBClient;
  table: string;
  sfn: LocalSfn;
  stateMachineArn: string;
  log: (line: string) => void;
}): Promise<string[]> {
  const reattached: string[] = [];
  for (const { id, status } of await activeExecutions(o.client, o.table)) {
    const r = await o.sfn.handle('StartExecution', { stateMachineArn: o.stateMachineArn, name: id, input: JSON.stringify({ executionId: id }) });
    const body = r.body as { executionArn?: string; __type?: string; message?: string };
    if (r.status !== 200 || !body.executionArn) {
      o.log(`DATA_DIR: could not re-attach execution ${id} (${status}): ${body.__type ?? r.status} ${body.message ?? ''}`);
      continue;
    }
    const key = execKey(id);
    await o.client.send(
      new UpdateItemCommand({
        TableName: o.table,
        Key: { pk: { S: key.pk }, sk: { S: key.sk } },
        UpdateExpression: 'SET sfnExecutionArn = :a',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':a': { S: body.executionArn } },
      }),
    );
    o.log(`DATA_DIR: re-attached execution ${id} (${status}) to a fresh orchestrator run ${body.executionArn}`);
    reattached.push(id);
  }
  return reattached;
}
