// The whole system on one machine: DynamoDB Local, the local AWS endpoint (DRS, EC2, IAM, STS,
// Cognito), the Lambda functions in worker threads and the local AppSync on one HTTP port.
// `npm start` and the test suite both start it through `startStack`.
import http from 'node:http';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_SOURCES, DRILL_SCHEDULES, DRILL_SWEEPER, LAMBDAS, settingsEnv, QUERY_DEPTH_LIMIT, RESOLVER_COUNT_LIMIT, STATE_MACHINE, fieldResolvers, functionName } from '../api.ts';
import { tableName } from '../table.ts';
import { CreateScheduleCommand, CreateScheduleGroupCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { schedulerRequest } from '../../domain/drill-schedules/scheduler.ts';
import { SCHEDULE_LIST } from '../../domain/drill-schedules/keys.ts';
import { createAwsEmulator } from './aws/index.ts';
import { createLocalAppSync } from './appsync/index.ts';
import { ddbClient, ensureTable, startDynamoDbLocal } from './dynamodb.ts';
import { startFunction, type LocalFunction } from './lambda.ts';
import { FUNCTION_NOT_FOUND } from './aws/lambda.ts';
import { restGateway } from './rest.ts';
import { createLocalSfn, lambdaFunctionName, substituteDefinition } from './sfn/index.ts';
import { LOCAL_ACCOUNT_ID } from './aws/fixtures.ts';
import { setupClusters } from './clusters.ts';
import { registerSpotMachine, setUpLocalSpot, startLocalScheduler } from './spot.ts';
import { localStaffEnv, seedLocalStaff } from './staff.ts';
import { setUpLocalDrsEvents } from './drs-events.ts';
import { drillSweepControl, setUpLocalDrillSweeper } from './drill-sweeper.ts';
import { createPublishPath, startStreamPoller, type PublishFaults, type PublishStats } from './streams.ts';
import { dynamoDbPath, loadEmulatorSnapshot, pageTokenKeyMaterial, reattachExecutions, resolveDataDir, startPersister } from './persist.ts';
import { derivePageTokenKey } from '../../platform/page-token.ts';
import { listenHttpAndHttps, localTls } from './tls.ts';
import { createStaticPages } from './appsync/http.ts';
import { localAmplifyOutputs } from '../amplify-outputs.ts';

export const ROOT = new URL('../..', import.meta.url).pathname;
export const REGION = 'us-east-1';

export interface Endpoints {
  graphql: string;
  realtime: string;
  rest: string;
  /** The same API over TLS, on the same port (./tls.ts); absent when the stack runs without TLS. */
  graphqlHttps?: string;
  realtimeWss?: string;
  restHttps?: string;
  /** The local CA's certificate (absolute path) that HTTPS/WSS clients trust: NODE_EXTRA_CA_CERTS=<it>. */
  caFile?: string;
  awsEndpoint: string;
  dynamodbEndpoint: string;
  region: string;
  /** Names the table and functions, as `-c stage=` does in the CDK app. */
  stage: string;
  tableName: string;
  userPoolId: string;
  userPoolClientId: string;
  users: Array<{ username: string; password: string; email: string; groups: string[] }>;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

export interface StackOptions {
  /** API port (GraphQL, realtime, REST); 0 picks a free one. */
  port?: number;
  /** Local AWS endpoint port; 0 picks a free one. */
  awsPort?: number;
  stage?: string;
  simSpeed?: number;
  /** Where to write endpoints.json; null to skip. */
  endpointsFile?: string | null;
  /**
   * Where the stack keeps its data across restarts (default: env DATA_DIR; null: nowhere, even when
   * DATA_DIR is set). Without it everything is in memory and gone at stop, as before. With it,
   * DynamoDB Local runs on <dataDir>/dynamodb (the table reused), the AWS emulator's DRS/EC2/IAM
   * state is saved in <dataDir>/aws-emulator.v8, and on start every execution still in progress
   * continues in a fresh orchestrator run (./persist.ts).
   */
  dataDir?: string | null;
  /** Where the local CA and server certificate live (default: <repo>/.local); null: plain HTTP only. */
  tlsDir?: string | null;
  log?: (line: string) => void;
}

export interface Stack {
  endpoints: Endpoints;
  emulator: ReturnType<typeof createAwsEmulator>;
  sfn: ReturnType<typeof createLocalSfn>;
  /** The data directory in use (absolute), if any. */
  dataDir?: string;
  /** Executions in progress at start (from dataDir) that were given a fresh orchestrator run. */
  reattached: string[];
  /** Lambda invocations so far, by function name. */
  invocations(): Record<string, number>;
  /** The publish path (the table's stream → the publisher → AppSync): its fault switches and counters (./streams.ts). */
  publishing: { faults(): PublishFaults; setFaults(patch: Partial<PublishFaults>): PublishFaults; stats: PublishStats };
  stop(): Promise<void>;
}

/** The drill schedules' group (infra/api.ts DRILL_SCHEDULES) and what the functions writing schedules are told. */
async function setUpLocalDrillSchedules(endpoint: string, credentials: { accessKeyId: string; secretAccessKey: string }, stage: string): Promise<Record<string, string>> {
  const client = new SchedulerClient({ region: REGION, endpoint, credentials });
  const groupName = DRILL_SCHEDULES.groupName(stage);
  await client.send(new CreateScheduleGroupCommand({ Name: groupName }));
  client.destroy();
  return {
    DRILL_SCHEDULE_GROUP: groupName,
    DRILL_SCHEDULER_TARGET_ARN: `arn:aws:lambda:${REGION}:${LOCAL_ACCOUNT_ID}:function:${functionName(DRILL_SCHEDULES.fn, stage)}`,
    DRILL_SCHEDULER_ROLE_ARN: `arn:aws:iam::${LOCAL_ACCOUNT_ID}:role/${DRILL_SCHEDULES.roleName(stage)}`,
  };
}

/** Every drill schedule item's Scheduler schedule, created again in the emulator (as AWS would still hold it). */
async function restoreDrillSchedules(
  db: ReturnType<typeof ddbClient>,
  table: string,
  endpoint: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
  env: Record<string, string>,
  log: (line: string) => void,
): Promise<void> {
  const client = new SchedulerClient({ region: REGION, endpoint, credentials });
  const names = { group: env.DRILL_SCHEDULE_GROUP, targetArn: env.DRILL_SCHEDULER_TARGET_ARN, roleArn: env.DRILL_SCHEDULER_ROLE_ARN };
  let restored = 0;
  let ExclusiveStartKey: Record<string, import('@aws-sdk/client-dynamodb').AttributeValue> | undefined;
  do {
    const page = await db.send(new QueryCommand({ TableName: table, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': { S: SCHEDULE_LIST } }, ExclusiveStartKey }));
    for (const item of page.Items ?? []) {
      const s = unmarshall(item) as Parameters<typeof schedulerRequest>[0];
      await client.send(new CreateScheduleCommand(schedulerRequest(s, names))).then(() => restored++, (e: Error) => log(`DATA_DIR: drill schedule ${s.id}: ${e.message}`));
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  client.destroy();
  if (restored) log(`DATA_DIR: ${restored} drill schedule(s) back in the local EventBridge Scheduler`);
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  // 'dev' like the CDK app's default: the guide's scripts call aws-drs-orchestrator-api-handler-dev.
  const stage = opts.stage ?? process.env.STAGE ?? 'dev';
  const log = opts.log ?? (() => {});
  const cleanups: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const c of cleanups.reverse()) await c().catch((e) => log(`stop: ${(e as Error).message}`));
  };
  try {
    const dataDir = resolveDataDir(opts.dataDir);
    if (dataDir) log(`DATA_DIR: keeping data in ${dataDir}`);
    // The stack's page-token key (platform/page-token.ts): the local AppSync's DynamoDB data source and the
    // functions that page derive theirs from it; kept in DATA_DIR when there is one.
    const pageTokenKey = pageTokenKeyMaterial(dataDir);
    const ddb = await startDynamoDbLocal({ dbPath: dataDir && dynamoDbPath(dataDir) });
    cleanups.push(() => ddb.stop());
    const table = tableName(stage);
    const client = ddbClient(ddb.endpoint, REGION);
    cleanups.push(async () => client.destroy());
    const { streamArn, fresh } = await ensureTable(client, table);
    // The publisher's own way to the local AppSync, where its fault switch acts (./streams.ts).
    const publishPath = await createPublishPath();
    cleanups.push(() => publishPath.close());

    // The orchestrator: the same ASL CDK deploys, run by aws-local-stepfunctions behind the local
    // Step Functions API, its Wait states divided by SIM_SPEED like the emulator's DRS durations.
    const simSpeed = opts.simSpeed ?? Number(process.env.SIM_SPEED ?? 20);
    const functions = new Map<string, LocalFunction>();
    // Lambda Invoke by name or ARN, for the local Step Functions and the AWS endpoint's Lambda API.
    const invokeFunction = async (nameOrArn: string, payload: unknown) => {
      const f = functions.get(lambdaFunctionName(nameOrArn));
      if (!f) throw Object.assign(new Error(`Function not found: ${nameOrArn}`), { name: FUNCTION_NOT_FOUND });
      return f.invoke(payload);
    };
    const sfn = createLocalSfn({ region: REGION, accountId: LOCAL_ACCOUNT_ID, waitScale: simSpeed, log, invokeFunction });
    const stateMachineArn = sfn.register(
      STATE_MACHINE.name(stage),
      substituteDefinition(
        readFileSync(join(ROOT, STATE_MACHINE.definitionFile), 'utf8'),
        Object.fromEntries(
          Object.entries(STATE_MACHINE.substitutions).map(([k, fn]) => [k, `arn:aws:lambda:${REGION}:${LOCAL_ACCOUNT_ID}:function:${functionName(fn, stage)}`]),
        ),
      ),
    );

    // With DATA_DIR: the emulator's accounts as saved, written again whenever a DRS job is created.
    let persister: ReturnType<typeof startPersister> | undefined;
    const restore = dataDir ? loadEmulatorSnapshot(dataDir) : undefined;
    const emulator = createAwsEmulator({ simSpeed, states: sfn, invokeFunction, restore, onDrsJobCreated: () => persister?.save() });
    if (emulator.restored) log(`DATA_DIR: AWS emulator state restored (${emulator.restored.jobs} DRS jobs, ${emulator.restored.running} still running)`);
    const aws = await emulator.listen(opts.awsPort ?? 0, '127.0.0.1');
    cleanups.push(() => emulator.close());
    if (dataDir) {
      const p = startPersister(dataDir, () => emulator.snapshot(), log);
      persister = p;
      // Saved after the functions and the orchestrator have stopped (cleanups run in reverse), before the emulator closes.
      cleanups.push(() => p.stop());
    }
    // A staff record per seeded user: they log in through POST /auth/login and see GET /staff/me.
    await seedLocalStaff(client, table, emulator.state.cognito.users);
    // Spot capacity: its state machine, parameter and schedule rule, and the scheduler that fires the rule.
    const spotArn = registerSpotMachine(sfn, ROOT, REGION, LOCAL_ACCOUNT_ID, stage);
    const spotEnv = await setUpLocalSpot({ awsUrl: aws.url, credentials: emulator.credentials, region: REGION, stage, stateMachineArn: spotArn });
    // The drill TTL sweeper's schedule rule (./drill-sweeper.ts): a Lambda target the scheduler invokes.
    const sweeperRuleArn = await setUpLocalDrillSweeper({ awsUrl: aws.url, credentials: emulator.credentials, region: REGION, accountId: LOCAL_ACCOUNT_ID, stage });
    const stopScheduler = startLocalScheduler({ rules: () => emulator.events.rules({ scheduled: true }), sfn, simSpeed, log, invoke: (arn, event) => invokeFunction(arn, event) });
    // DRS launch results → the drs-events function, on the default bus and the orchestrator's own bus.
    await setUpLocalDrsEvents({ awsUrl: aws.url, credentials: emulator.credentials, region: REGION, accountId: LOCAL_ACCOUNT_ID, stage });

    // Drill schedules: the stage's schedule group in the emulator's EventBridge Scheduler, whose timers
    // invoke the drill-scheduler function; the functions that write schedules get its names.
    const drillScheduleEnv = await setUpLocalDrillSchedules(aws.url, emulator.credentials, stage);
    // DATA_DIR keeps the schedule items; the emulator's Scheduler starts empty: their schedules come back.
    if (dataDir) await restoreDrillSchedules(client, table, aws.url, emulator.credentials, drillScheduleEnv, log);
    // One port, plain HTTP and TLS (HTTPS/WSS, certificate from the local CA under .local/): ./tls.ts.
    const server = http.createServer();
    const tls = opts.tlsDir === null ? undefined : localTls(opts.tlsDir ?? join(ROOT, '.local'));
    const listener = await listenHttpAndHttps(server, tls, opts.port ?? 0, '127.0.0.1');
    const port = listener.port;
    const base = `http://127.0.0.1:${port}`;
    cleanups.push(() => listener.close());

    // What a deployed function finds in its environment; only the endpoints are local.
    const functionEnv: Record<string, string> = {
      AWS_REGION: REGION,
      AWS_DEFAULT_REGION: REGION,
      AWS_ACCESS_KEY_ID: emulator.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: emulator.credentials.secretAccessKey,
      AWS_ENDPOINT_URL: aws.url,
      AWS_ENDPOINT_URL_DYNAMODB: ddb.endpoint,
      TABLE_NAME: table,
      APPSYNC_URL: `${base}/graphql`,
      STAGE: stage,
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // POLL_SECONDS, DRS_LAUNCH_SECONDS and DRS's limits from the environment, as the README says.
      ...settingsEnv((name) => process.env[name]),
      // DRS's typical launch time as the emulator runs it (platform/settings.ts typicalLaunchSeconds).
      DRS_TYPICAL_LAUNCH_SECONDS: String(Number(settingsEnv((name) => process.env[name]).DRS_LAUNCH_SECONDS) / simSpeed),
      STATE_MACHINE_ARN: stateMachineArn,
      // Cluster templates in the emulated S3 and the deployment watch workflow (infra/local/clusters.ts).
      ...(await setupClusters({ root: ROOT, stage, region: REGION, accountId: LOCAL_ACCOUNT_ID, awsUrl: aws.url, credentials: emulator.credentials, sfn })),
    };
    // As in infra/cdk/functions.ts: the pool only for functions that verify tokens, no table name without a table.
    const tokenEnv = {
      USER_POOL_ID: emulator.cognito.userPoolId,
      USER_POOL_CLIENT_ID: emulator.cognito.clientId,
      // Only the issuer differs from AWS: tokens are verified with the same aws-jwt-verify code.
      COGNITO_ISSUER: emulator.cognito.issuer(),
      COGNITO_JWKS_URI: emulator.cognito.jwksUri(),
    };
    // Each function's worker thread pipes its stdout and stderr into ours (four listeners each): more
    // functions than Node's default of 10 listeners per stream is expected, not a leak.
    for (const stream of [process.stdout, process.stderr]) stream.setMaxListeners(Math.max(stream.getMaxListeners(), Object.keys(LAMBDAS).length + 10));
    // When an invocation ends, what it wrote has committed: the stream poller looks at once (./streams.ts).
    let nudgePoller = () => {};
    const announcingEnds = (f: LocalFunction): LocalFunction => ({ ...f, invoke: (event) => f.invoke(event).finally(() => nudgePoller()) });
    for (const fn of Object.keys(LAMBDAS) as Array<keyof typeof LAMBDAS>) {
      const spec: { table: string; verifiesTokens?: boolean; pagesLists?: boolean; managesDrillSchedules?: boolean } = LAMBDAS[fn];
      const { TABLE_NAME, ...rest } = functionEnv;
      const env = { ...rest, ...(spec.table === 'none' ? {} : { TABLE_NAME }), ...(spec.verifiesTokens ? tokenEnv : {}), ...(fn === 'spot' ? spotEnv : {}) };
      if (fn === 'publisher') Object.assign(env, { APPSYNC_URL: publishPath.url });
      // As in infra/cdk/functions.ts: the page-token key only for the functions that page.
      if (spec.pagesLists) Object.assign(env, { PAGE_TOKEN_KEY: pageTokenKey.toString('base64') });
      if (spec.managesDrillSchedules) Object.assign(env, drillScheduleEnv);
      Object.assign(env, localStaffEnv(fn, { tableName: table, userPoolId: emulator.cognito.userPoolId, clientId: emulator.cognito.clientId }));
      const f = announcingEnds(startFunction(fn, ROOT, env, stage));
      functions.set(f.name, f);
      cleanups.push(() => f.close());
    }
    // Stop running executions before the functions they call.
    cleanups.push(() => sfn.close());
    // Before that: no scheduled run starts while the stack stops (the spot rule, the drill schedules).
    cleanups.push(stopScheduler);
    cleanups.push(async () => emulator.scheduler.stop());

    const dataSources = Object.fromEntries(
      Object.entries(DATA_SOURCES).map(([name, ds]) => {
        if (ds.kind === 'DYNAMODB') return [name, { kind: 'DYNAMODB' as const, client, tableName: table, tokenKey: derivePageTokenKey(pageTokenKey, 'appsync-dynamodb') }];
        if (ds.kind === 'LAMBDA') return [name, { kind: 'LAMBDA' as const, invoke: (p: unknown) => functions.get(functionName(ds.fn, stage))!.invoke(p) }];
        return [name, { kind: 'NONE' as const }];
      }),
    );
    // The bundles CDK deploys, on the data sources infra/api.ts WIRING names (table fields: pipelines).
    const bundle = (path: string) => readFileSync(join(ROOT, path), 'utf8');
    const resolvers = fieldResolvers().map(({ typeName, fieldName, dataSource, code, pipeline }) => ({
      typeName,
      fieldName,
      dataSource,
      code: bundle((pipeline?.code ?? code).bundle),
      functions: pipeline?.functions.map((f) => ({ name: f.name, dataSource: f.dataSource, code: bundle(f.code.bundle) })),
    }));

    const appsync = createLocalAppSync({
      schemaSdl: readFileSync(join(ROOT, 'schema.graphql'), 'utf8'),
      resolvers,
      dataSources,
      auth: {
        cognito: {
          issuer: emulator.cognito.issuer(),
          jwksUri: emulator.cognito.jwksUri(),
          clientId: emulator.cognito.clientId,
          userPoolId: emulator.cognito.userPoolId,
          // Sessions their users signed out of (RevokeToken, GlobalSignOut): their tokens are refused.
          signedOut: (originJti) => (emulator.state.cognito.signedOut[originJti] ?? 0) > Date.now(),
        },
        iam: { region: REGION, lookup: (id) => emulator.lookupPrincipal(id) },
      },
      queryDepthLimit: QUERY_DEPTH_LIMIT,
      resolverCountLimit: RESOLVER_COUNT_LIMIT,
      // Introspection off in the stages where the CDK app turns it off (prod).
      stage,
      log,
    });
    cleanups.push(() => appsync.close());
    publishPath.serve(appsync.handleHttp);
    // Every other path is the REST façade, reached as API Gateway reaches it: a proxy event.
    const rest = restGateway(functions.get(functionName('rest-api', stage))!, stage, log);
    // The dashboard (GET /dashboard/, its amplify_outputs.json from these endpoints) and GraphiQL (GET /graphql).
    const pages = createStaticPages({ dashboardDir: join(ROOT, 'dist/dashboard'), nodeModules: join(ROOT, 'node_modules'), outputs: (secure) => localAmplifyOutputs(endpoints, secure) });
    const sweepControl = drillSweepControl({
      ruleArn: sweeperRuleArn,
      accountId: LOCAL_ACCOUNT_ID,
      region: REGION,
      invoke: (event) => functions.get(functionName(DRILL_SWEEPER.fn, stage))!.invoke(event),
    });
    server.on('request', (req, res) => {
      if (publishPath.control(req, res)) return;
      if (sweepControl(req, res)) return;
      if (pages(req, res)) return;
      if (appsync.handleHttp(req, res)) return;
      rest(req, res);
    });
    appsync.attachRealtime(server);

    const endpoints: Endpoints = {
      graphql: `${base}/graphql`,
      realtime: `ws://127.0.0.1:${port}/graphql/realtime`,
      rest: base,
      ...(tls
        ? { graphqlHttps: `https://127.0.0.1:${port}/graphql`, realtimeWss: `wss://127.0.0.1:${port}/graphql/realtime`, restHttps: `https://127.0.0.1:${port}`, caFile: tls.caFile }
        : {}),
      awsEndpoint: aws.url,
      dynamodbEndpoint: ddb.endpoint,
      region: REGION,
      stage,
      tableName: table,
      userPoolId: emulator.cognito.userPoolId,
      userPoolClientId: emulator.cognito.clientId,
      users: emulator.cognito.users,
      credentials: emulator.credentials,
    };
    const file = opts.endpointsFile === undefined ? join(ROOT, '.local/endpoints.json') : opts.endpointsFile;
    if (file) {
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, JSON.stringify(endpoints, null, 2));
      // Amplify JS v6's configuration of this stack, beside it (infra/amplify-outputs.ts).
      writeFileSync(join(file, '..', 'amplify_outputs.json'), JSON.stringify(localAmplifyOutputs(endpoints), null, 2));
    }
    // The table's stream → the publisher, as Lambda's event source mapping does; stopped first at stop.
    const publisher = functions.get(functionName('publisher', stage))!;
    const poller = startStreamPoller({
      endpoint: ddb.endpoint,
      region: REGION,
      accountId: LOCAL_ACCOUNT_ID,
      streamArn,
      fresh,
      invoke: (event) => publisher.invoke(event),
      stats: publishPath.stats,
      log,
    });
    nudgePoller = () => poller.nudge();
    cleanups.push(() => poller.stop());
    // Executions that were in progress when the stack last stopped continue, now that everything is up.
    const reattached = dataDir ? await reattachExecutions({ client, table, sfn, stateMachineArn, log }) : [];
    const invocations = () => Object.fromEntries([...functions.values()].map((f) => [f.name, f.invocations()]));
    const publishing = { faults: publishPath.faults, setFaults: publishPath.setFaults, stats: publishPath.stats };
    return { endpoints, emulator, sfn, dataDir, reattached, invocations, publishing, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
