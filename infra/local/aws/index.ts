// The local AWS endpoint: one HTTP listener (or an in-process SDK request handler) that verifies
// SigV4 against the emulator's own credentials and dispatches on the credential scope's service
// (or X-Amz-Target for Cognito's unsigned calls) to modules that speak each service's protocol.
//
// Test controls, unsigned and over HTTP only, answered only to loopback clients (403 otherwise), for
// tests that run in another process than the stack:
//   GET  /__local/drs/faults        the DRS fault switches: {throttleRate, errorRate, failLaunch: [ids],
//                                   limits: {maxServersPerJob, maxConcurrentJobs, maxServersInActiveJobs},
//                                   faultSeed, simSpeed}
//   POST /__local/drs/faults        merges a JSON object of those switches in and answers them all;
//                                   `{}` resets every switch (no faults, default limits, the seed and
//                                   simSpeed options)
//   GET  /__local/drs/stats         {calls: {<Operation>: n}, throttled, failed5xx,
//                                   startedServers: {<sourceServerID>: times started}, jobs, jobsByType,
//                                   callsByAccount: {<accountId>: {<Operation>: n}},
//                                   callersByAccount: {<accountId>: [principal ARN]}}
//   POST /__local/drs/stats/reset   zeroes the statistics and answers them
//   POST /__local/drs/source-servers  {region, count, tags?, hostnamePrefix?, accountId?} adds `count`
//                                   replicating source servers (building the region's DRS staging area
//                                   and network if the estate has none there); answers {ids}
//   GET  /__local/ses/messages[?to=addr]  the local mailbox: what SES SendEmail accepted, oldest first,
//                                   [{messageId, from, to, cc, bcc, subject, text, html, sentAt}]; `to`
//                                   keeps the messages with that address among To, Cc or Bcc
//   DELETE /__local/ses/messages    empties the mailbox; answers {deleted: n}
//   GET  /__local/ec2/faults        the EC2 fault switches: {insufficientCapacity: [{region,
//                                   marketType?: 'spot'|'on-demand', instanceTypes?: [..]}]}; a matching
//                                   RunInstances answers InsufficientInstanceCapacity (HTTP 500)
//   POST /__local/ec2/faults        merges a JSON object of those switches in and answers them all;
//                                   `{}` resets every switch
//   GET  /__local/cloudformation/faults  the CloudFormation fault switches: {failStacks: [stack name
//                                   globs, `*` any run], reason?, failResource?}; a stack created with a
//                                   matching name fails (resource failResource, else its last) with
//                                   `reason` and rolls back
//   POST /__local/cloudformation/faults  merges a JSON object of those switches in and answers them
//                                   all; `{}` resets every switch
//   GET  /__local/events/stats      EventBridge delivery counters {put, matched, delivered, failed, dropped}
//   POST /__local/events/stats/reset  zeroes them and answers them
//   GET  /__local/events/deliveries[?source=&detailType=&target=]  target outcomes, oldest first
//                                   [{eventId, event, bus, rule, targetId, target, input, status:
//                                   delivered|dropped, attempts, error?, at}]
//   GET  /__local/events/history[?source=&bus=]  events put on buses, oldest first [{bus, event}]
//   DELETE /__local/events/deliveries  forgets the deliveries and the history
//   POST /__local/events/emit       {account?, region?, source, detailType, resources?, detail, time?}
//                                   puts an event on an account's default bus as an AWS service
//                                   would (any source, `aws.*` included); answers {id}
//   POST /__local/scheduler/fire    {name, groupName?, scheduledTime, account?, region?} fires an
//                                   EventBridge Scheduler schedule now as of `scheduledTime` (its context
//                                   attribute <aws.scheduler.scheduled-time> substituted; its state aside)
//                                   and answers {name, groupName, scheduledTime, target, input, result?,
//                                   error?}: what the target Lambda answered; 404 for an unknown schedule
//   GET  /__local/scheduler/firings every firing so far (timers and /fire), oldest first
//   GET  /__local/readiness         the readiness switches (readiness-control.ts): changed replication,
//                                   snapshot ages, removed subnets/security groups/instance profiles/
//                                   source servers/launch templates, instance types not offered, regions
//                                   whose DRS was uninitialized, denied operations
//   POST /__local/readiness         {replication?, snapshots?, remove?, notOffered?, uninitialized?,
//                                   deny?} applies them (all validated first: a bad one changes nothing);
//                                   `{}` undoes every change (see readiness-control.ts for the shapes)
// The DRS switches also take eventDropRate (DRS_EVENT_DROP_RATE) and jobSeconds (DRS_JOB_SECONDS, null
// for DRS's own durations): see drs-control.ts.
// Errors answer {error, message} with 400 (bad switches), 403 (not loopback) or 404 (no such path).
import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { HttpRequest, HttpResponse } from '@smithy/types';
import type { LocalSfn } from '../sfn/index.ts';
import { createStatesService, isStatesTarget } from '../sfn/service.ts';
import { createCloudFormationService } from './cloudformation.ts';
import { type CognitoService, createCognitoService } from './cognito.ts';
import { type DrsFaults, type DrsFaultsJson, type DrsStats, createDrsControl, createDrsService } from './drs.ts';
import { drsSwitchesFromEnv } from './drs-control.ts';
import { type ReadinessSwitchesJson, readinessJson, setReadinessSwitches } from './readiness-control.ts';
import { createDrsEvents } from './drs-events.ts';
import { createBusRegistry } from './event-buses.ts';
import { type EventDelivery, createEventDelivery } from './event-delivery.ts';
import { createEc2Service } from './ec2.ts';
import { createEc2Control } from './ec2-spot.ts';
import { EVENTS_TARGET_PREFIX, type EventRule, type RuleFilter, createEventsService } from './events.ts';
import { type AccountState, type DrsJobRecord, type EmulatorState, LOCAL_ACCESS_KEY_ID, LOCAL_ACCOUNT_ID, LOCAL_SECRET_ACCESS_KEY, type SeedServersOptions, buildFixtures, seedSourceServers, upperId } from './fixtures.ts';
import { createIamService } from './iam.ts';
import { createLambdaService } from './lambda.ts';
import { type AwsRequest, type AwsResponse, type AwsService, ServiceError, paramString, parseFormBody, restJsonError } from './protocol.ts';
import { DEFAULT_SES_SENDER, type SentEmail, createSesService } from './ses.ts';
import { createS3Service } from './s3.ts';
import { type Principal, credentialScope, headerValue, verifySigV4 } from './sigv4.ts';
import { SSM_TARGET_PREFIX, createSsmService } from './ssm.ts';
import { type Firing, createSchedulerService } from './scheduler.ts';
import { createStsService } from './sts.ts';

export type { DrsFaults, DrsFaultsJson, DrsLimits, DrsStats } from './drs.ts';
export type { EmulatorState, SeedServersOptions } from './fixtures.ts';

/**
 * What the emulator keeps across a restart of the local stack (DATA_DIR, ../persist.ts): every
 * account's DRS, EC2 and IAM state (jobs with their planned steps included), and the job count their
 * jitter seeds continue from. Plain data; structured-clone it to store it.
 */
export interface EmulatorSnapshot {
  accounts: Record<string, AccountState>;
  jobsCreated: number;
}
export type { EventRule, EventTarget, RuleFilter, RuleState, Schedule } from './events.ts';
export type { Delivery, EmitInput, EventEnvelope, EventStats, HistoryEntry } from './event-delivery.ts';
export { LOCAL_ORGANIZATION_ID } from './event-buses.ts';
export { DRS_EVENT_SOURCE, LAUNCH_RESULT_DETAIL_TYPE } from './drs-events.ts';
export type { SentEmail } from './ses.ts';
export type { Principal } from './sigv4.ts';

export interface AwsEmulatorOptions {
  /** The local account (default '111111111111'). */
  accountId?: string;
  /** Divides simulated DRS durations (default Number(process.env.SIM_SPEED ?? 20)). */
  simSpeed?: number;
  /** Seeds DRS fault decisions, job duration jitter and dropped events (default 1); a reset of the faults returns to it. */
  faultSeed?: number;
  /** Share (0..1) of DRS launch-result events left out (default: env DRS_EVENT_DROP_RATE, else 0). */
  drsEventDropRate?: number;
  /** Every LAUNCH job's duration in simulated seconds, no jitter (default: env DRS_JOB_SECONDS, else DRS's own durations). */
  drsJobSeconds?: number;
  /** Where EventBridge reports failed and dropped deliveries (default: stderr). */
  log?: (line: string) => void;
  /** Lifetime of Cognito access and ID tokens (default 3600 s). */
  tokenLifetimeSeconds?: number;
  /** The local Step Functions (infra/local/sfn), served as the `states` service when given. */
  states?: LocalSfn;
  /**
   * Runs a local function, given its bare name (ARN and qualifier resolved); served as Lambda `Invoke`
   * when given. Rejecting with an Error named FUNCTION_NOT_FOUND (./lambda.ts, the name the local
   * stack already uses) answers 404; any other rejection is the function's own error.
   */
  invokeFunction?: (nameOrArn: string, payload: unknown) => Promise<unknown>;
  /**
   * SES verified identities (addresses or domains) a sender must match (default: the comma-separated
   * env SES_VERIFIED_IDENTITIES, else `no-reply@drs.local`).
   */
  sesVerifiedIdentities?: string[];
  /**
   * State saved by a previous run (`snapshot()`), used instead of the fixture estate's accounts: DRS
   * steps whose time passed meanwhile are applied at once, and running jobs' timers armed again.
   */
  restore?: EmulatorSnapshot;
  /** Called when a DRS job has been created, before the call that created it answers (DATA_DIR saves then). */
  onDrsJobCreated?: (record: DrsJobRecord) => void;
}

export interface AwsEmulator {
  handle(req: IncomingMessage, res: ServerResponse): void;
  listen(port: number, host?: string): Promise<{ port: number; url: string }>;
  close(): Promise<void>;
  requestHandler: { handle(req: HttpRequest): Promise<{ response: HttpResponse }> };
  /** The local IAM principal's keys. */
  credentials: { accessKeyId: string; secretAccessKey: string };
  accountId: string;
  lookupPrincipal(accessKeyId: string): Principal | undefined;
  cognito: {
    region: string;
    userPoolId: string;
    clientId: string;
    issuer(): string;
    jwksUri(): string;
    users: Array<{ username: string; password: string; email: string; groups: string[] }>;
    mintToken(username: string, opts?: { expiresInSeconds?: number; tokenUse?: 'access' | 'id' }): string;
  };
  state: EmulatorState;
  /** A deep copy of what DATA_DIR keeps (see EmulatorSnapshot). */
  snapshot(): EmulatorSnapshot;
  /** With `restore`: how many DRS jobs the restored state holds, and how many are still running. */
  restored?: { jobs: number; running: number };
  /** The live DRS fault switches (mutable in place; see also setDrsFaults and /__local/drs/faults). */
  drsFaults: DrsFaults;
  /** Merges switches given as JSON (failLaunch as a list); `{}` resets them all. */
  setDrsFaults(patch: DrsFaultsJson): DrsFaults;
  /** A copy of the DRS call statistics. */
  drsStats(): DrsStats;
  resetDrsStats(): void;
  /** Readiness switches (POST /__local/readiness): provoke each readiness finding; `{}` undoes them. */
  setReadinessSwitches(patch: ReadinessSwitchesJson): unknown;
  /** Adds replicating source servers to a region (default: the local account); answers their ids. */
  seedSourceServers(opts: Omit<SeedServersOptions, 'accountId'> & { accountId?: string }): string[];
  /** The local SES mailbox (also at /__local/ses/messages). */
  ses: { verifiedIdentities: string[]; messages(to?: string): SentEmail[]; clearMessages(): number };
  /** Sets DRS_EVENT_DROP_RATE at run time (0..1); `setDrsFaults({})` returns it to its start value. */
  setDrsEventDropRate(rate: number): void;
  /** Sets DRS_JOB_SECONDS at run time for jobs created afterwards; undefined returns to DRS's own durations. */
  setDrsJobSeconds(seconds: number | undefined): void;
  /** The local EventBridge: its stored rules, for a scheduler to read (copies), and its delivery (event-delivery.ts). */
  events: Omit<EventDelivery, 'put' | 'close'> & { rules(filter?: RuleFilter): EventRule[] };
  /** The local EventBridge Scheduler (./scheduler.ts): fire a schedule as of a scheduled time, see what fired. */
  scheduler: { fire(o: { name: string; groupName?: string; scheduledTime: string }): Promise<Firing>; firings(): Firing[]; stop(): void };
}

// Which service an unsigned request was meant for, so it is refused in that service's own terms.
const QUERY_VERSIONS: Record<string, string> = { '2016-11-15': 'ec2', '2010-05-08': 'iam', '2011-06-15': 'sts', '2010-05-15': 'cloudformation' };
const DEFAULT_PORT = 4566;

function serviceOfUnsigned(req: AwsRequest): string {
  if (headerValue(req.headers, 'x-amz-target')?.startsWith('AWSCognitoIdentityProviderService.')) return 'cognito-idp';
  if (isStatesTarget(req.headers)) return 'states';
  if (headerValue(req.headers, 'x-amz-target')?.startsWith(SSM_TARGET_PREFIX)) return 'ssm';
  if (headerValue(req.headers, 'x-amz-target')?.startsWith(EVENTS_TARGET_PREFIX)) return 'events';
  if (headerValue(req.headers, 'content-type')?.startsWith('application/x-www-form-urlencoded')) {
    return QUERY_VERSIONS[paramString(parseFormBody(req.body), 'Version') ?? ''] ?? 'drs';
  }
  return 'drs';
}

async function bodyOf(body: unknown): Promise<Buffer> {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body);
  // A view, not Buffer.from(body): the SDK's JSON bodies are Uint8Array subclasses whose valueOf() is a string.
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

export function createAwsEmulator(opts: AwsEmulatorOptions = {}): AwsEmulator {
  const accountId = opts.accountId ?? LOCAL_ACCOUNT_ID;
  const localPrincipal: Principal = {
    accessKeyId: LOCAL_ACCESS_KEY_ID,
    secretAccessKey: LOCAL_SECRET_ACCESS_KEY,
    accountId,
    arn: `arn:aws:iam::${accountId}:user/drs-local-admin`,
    userId: `AIDA${upperId(`${accountId}:user:drs-local-admin`, 17)}`,
  };
  const state = buildFixtures({ now: new Date(), simSpeed: opts.simSpeed ?? Number(process.env.SIM_SPEED ?? 20), localPrincipal });
  // Copied, so the caller's snapshot and the live state never share objects.
  if (opts.restore) state.accounts = structuredClone(opts.restore.accounts);
  let server: Server | undefined;
  let port: number | undefined;
  // Tokens carry the issuer of the port they were issued on; before listen() that is the documented default.
  const baseUrl = () => `http://127.0.0.1:${port ?? Number(process.env.AWS_EMULATOR_PORT ?? DEFAULT_PORT)}`;

  const cognito: CognitoService = createCognitoService(state, {
    issuer: () => `${baseUrl()}/${state.cognito.userPoolId}`,
    tokenLifetimeSeconds: opts.tokenLifetimeSeconds ?? 3600,
  });
  const fromEnv = drsSwitchesFromEnv();
  const drsControl = createDrsControl(state, opts.faultSeed ?? 1, {
    eventDropRate: opts.drsEventDropRate ?? fromEnv.eventDropRate,
    jobSeconds: opts.drsJobSeconds ?? fromEnv.jobSeconds,
  });
  if (opts.restore) drsControl.jobsCreated = opts.restore.jobsCreated;
  const seed = (o: Omit<SeedServersOptions, 'accountId'> & { accountId?: string }) => seedSourceServers(state, { ...o, accountId: o.accountId ?? accountId });
  const ses = createSesService({
    verifiedIdentities: opts.sesVerifiedIdentities ?? (process.env.SES_VERIFIED_IDENTITIES ? process.env.SES_VERIFIED_IDENTITIES.split(',') : [DEFAULT_SES_SENDER]),
  });
  const log = opts.log ?? ((line: string) => console.error(line));
  const buses = createBusRegistry();
  const delivery = createEventDelivery({
    buses,
    invokeFunction: opts.invokeFunction,
    states: opts.states,
    // Lambda's async retries (after about 1 and 2 minutes), on the simulated clock.
    retryDelaysMs: () => [60_000 / state.simSpeed, 120_000 / state.simSpeed],
    log,
  });
  const events = createEventsService(buses, delivery);
  const drsEvents = createDrsEvents({ state, control: drsControl, emit: (input) => delivery.emit(input) });
  const restored = opts.restore
    ? { jobs: Object.values(state.accounts).reduce((n, a) => n + Object.values(a.drs).reduce((m, d) => m + d.jobs.length, 0), 0), running: drsEvents.resume() }
    : undefined;
  // EventBridge Scheduler: its timers invoke local Lambdas on the real clock (cron is wall-clock time).
  const scheduler = createSchedulerService({ invokeFunction: opts.invokeFunction, log });
  const ec2Control = createEc2Control();
  const s3 = createS3Service();
  const cloudformation = createCloudFormationService(state, s3);
  const services: Record<string, AwsService> = {
    drs: createDrsService(state, drsControl, (record) => {
      drsEvents.watch(record);
      opts.onDrsJobCreated?.(record);
    }),
    ec2: createEc2Service(state, ec2Control),
    iam: createIamService(state),
    sts: createStsService(state),
    'cognito-idp': cognito,
    s3,
    cloudformation,
    ses,
    ssm: createSsmService(),
    events,
    scheduler: scheduler.service,
    ...(opts.states ? { states: createStatesService(opts.states) } : {}),
    ...(opts.invokeFunction ? { lambda: createLambdaService(opts.invokeFunction) } : {}),
  };

  function lookupPrincipal(accessKeyId: string): Principal | undefined {
    const found = state.principals[accessKeyId];
    if (found?.expiration && found.expiration.getTime() <= Date.now()) {
      delete state.principals[accessKeyId];
      return undefined;
    }
    return found;
  }

  async function dispatch(req: AwsRequest): Promise<AwsResponse> {
    const requestId = randomUUID();
    const open = cognito.anonymous(req, requestId);
    if (open) return open;
    const name = credentialScope(req)?.service ?? serviceOfUnsigned(req);
    const service = services[name];
    if (!service) {
      return restJsonError(new ServiceError('UnknownServiceException', `The local AWS emulator does not serve '${name}'.`, 400), requestId);
    }
    const now = new Date();
    const verified = await verifySigV4(req, lookupPrincipal, now);
    if (!verified.ok) return service.authFailure(verified, requestId);
    try {
      return await service.handle(req, { principal: verified.principal, region: verified.region, requestId, now });
    } catch (err) {
      if (err instanceof ServiceError) return service.error(err, requestId);
      return service.error(new ServiceError('InternalFailure', err instanceof Error ? err.message : String(err), 500), requestId);
    }
  }

  /** The /__local/* test controls (see the top of this file). */
  function localControl(req: IncomingMessage, path: string, body: Buffer): AwsResponse | Promise<AwsResponse> {
    const json = (status: number, value: unknown): AwsResponse => ({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });
    const remote = req.socket.remoteAddress ?? '';
    if (!(remote.startsWith('127.') || remote === '::1' || remote.startsWith('::ffff:127.'))) {
      return json(403, { error: 'FORBIDDEN', message: 'The /__local controls answer loopback clients only' });
    }
    const route = `${req.method} ${path}`;
    if (route === 'GET /__local/drs/faults') return json(200, drsControl.faultsJson());
    if (route === 'POST /__local/drs/faults') {
      try {
        drsControl.setFaults(body.length ? (JSON.parse(body.toString('utf8')) as DrsFaultsJson) : {});
      } catch (err) {
        return json(400, { error: 'BAD_REQUEST', message: err instanceof Error ? err.message : String(err) });
      }
      return json(200, drsControl.faultsJson());
    }
    if (route === 'GET /__local/drs/stats') return json(200, drsControl.stats);
    if (route === 'POST /__local/drs/stats/reset') {
      drsControl.resetStats();
      return json(200, drsControl.stats);
    }
    if (route === 'POST /__local/drs/source-servers') {
      try {
        const input = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
        const { region = 'us-east-1', count, tags = {}, hostnamePrefix, accountId: account } = input;
        if (typeof region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) throw new Error('region must be an AWS region name');
        if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 1000) throw new Error('count must be an integer from 1 to 1000');
        if (!tags || typeof tags !== 'object' || Array.isArray(tags) || !Object.values(tags).every((v) => typeof v === 'string')) throw new Error('tags must be a map of strings');
        if (hostnamePrefix !== undefined && (typeof hostnamePrefix !== 'string' || !/^[A-Za-z0-9-]{1,40}$/.test(hostnamePrefix))) throw new Error('hostnamePrefix must be 1-40 letters, digits or dashes');
        if (account !== undefined && typeof account !== 'string') throw new Error('accountId must be a string');
        const ids = seed({ region, count, tags: tags as Record<string, string>, hostnamePrefix, accountId: account });
        return json(200, { ids });
      } catch (err) {
        return json(400, { error: 'BAD_REQUEST', message: err instanceof Error ? err.message : String(err) });
      }
    }
    if (route === 'GET /__local/readiness') return json(200, readinessJson(state));
    if (route === 'POST /__local/readiness') {
      try {
        return json(200, setReadinessSwitches(state, body.length ? (JSON.parse(body.toString('utf8')) as ReadinessSwitchesJson) : {}, accountId));
      } catch (err) {
        return json(400, { error: 'BAD_REQUEST', message: err instanceof Error ? err.message : String(err) });
      }
    }
    if (route === 'GET /__local/ses/messages') {
      // Read raw, not as a form: a `+` in an unencoded address (ops+reset@…) stays a plus.
      const to = /(?:\?|&)to=([^&]*)/.exec(req.url ?? '')?.[1];
      let address: string | undefined;
      try {
        address = to === undefined ? undefined : decodeURIComponent(to);
      } catch {
        return json(400, { error: 'BAD_REQUEST', message: 'to must be a percent-encoded email address' });
      }
      return json(200, ses.messages(address));
    }
    if (route === 'DELETE /__local/ses/messages') return json(200, { deleted: ses.clearMessages() });
    if (route === 'GET /__local/ec2/faults') return json(200, ec2Control.faults);
    if (route === 'POST /__local/ec2/faults') {
      try {
        return json(200, ec2Control.setFaults(body.length ? JSON.parse(body.toString('utf8')) : {}));
      } catch (err) {
        return json(400, { error: 'BAD_REQUEST', message: err instanceof Error ? err.message : String(err) });
      }
    }
    if (route === 'GET /__local/scheduler/firings') return json(200, scheduler.firings());
    if (route === 'POST /__local/scheduler/fire') {
      let input: { name?: unknown; groupName?: unknown; scheduledTime?: unknown; account?: unknown; region?: unknown };
      try {
        input = JSON.parse(body.toString('utf8') || '{}');
      } catch {
        return json(400, { error: 'BAD_REQUEST', message: 'The body must be a JSON object' });
      }
      const { name, groupName, scheduledTime, account, region } = input;
      if (typeof name !== 'string' || typeof scheduledTime !== 'string' || Number.isNaN(Date.parse(scheduledTime))) {
        return json(400, { error: 'BAD_REQUEST', message: 'name (string) and scheduledTime (ISO 8601) are required' });
      }
      if ([groupName, account, region].some((v) => v !== undefined && typeof v !== 'string')) return json(400, { error: 'BAD_REQUEST', message: 'groupName, account and region are strings' });
      return scheduler
        .fire({ name, scheduledTime, groupName: groupName as string | undefined, account: account as string | undefined, region: region as string | undefined })
        .then((f) => json(200, f))
        .catch((err: Error & { status?: number }) => json(err.status ?? 400, { error: err.status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST', message: err.message }));
    }
    const eventsAnswer = eventsControl(req, route, body);
    if (eventsAnswer) return json(eventsAnswer.status, eventsAnswer.value);
    const cfn = cloudformation.control(route, body);
    if (cfn) return json(cfn.status, cfn.value);
    return json(404, { error: 'NOT_FOUND', message: `No local control at ${route}` });
  }

  /** The /__local/events/* controls. */
  function eventsControl(req: IncomingMessage, route: string, body: Buffer): { status: number; value: unknown } | undefined {
    const query = new URL(req.url ?? '/', 'http://local').searchParams;
    const param = (name: string) => query.get(name) ?? undefined;
    if (route === 'GET /__local/events/stats') return { status: 200, value: delivery.stats() };
    if (route === 'POST /__local/events/stats/reset') {
      delivery.resetStats();
      return { status: 200, value: delivery.stats() };
    }
    if (route === 'GET /__local/events/deliveries') return { status: 200, value: delivery.deliveries({ source: param('source'), detailType: param('detailType'), target: param('target') }) };
    if (route === 'GET /__local/events/history') return { status: 200, value: delivery.history({ source: param('source'), bus: param('bus') }) };
    if (route === 'DELETE /__local/events/deliveries') {
      delivery.clear();
      return { status: 200, value: {} };
    }
    if (route !== 'POST /__local/events/emit') return undefined;
    try {
      const input = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
      const { account = accountId, region = 'us-east-1', source, detailType, resources = [], detail, time } = input;
      if (typeof account !== 'string' || !/^\d{12}$/.test(account)) throw new Error('account must be a 12-digit account id');
      if (typeof region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) throw new Error('region must be an AWS region name');
      if (typeof source !== 'string' || !source || typeof detailType !== 'string' || !detailType) throw new Error('source and detailType must be non-empty strings');
      if (!detail || typeof detail !== 'object' || Array.isArray(detail)) throw new Error('detail must be a JSON object');
      if (!Array.isArray(resources) || !resources.every((r) => typeof r === 'string')) throw new Error('resources must be a list of strings');
      if (time !== undefined && typeof time !== 'string' && typeof time !== 'number') throw new Error('time must be an ISO 8601 string or epoch milliseconds');
      const id = delivery.emit({ account, region, source, detailType, resources, detail: detail as Record<string, unknown>, time });
      return { status: 200, value: { id } };
    } catch (err) {
      return { status: 400, value: { error: 'BAD_REQUEST', message: err instanceof Error ? err.message : String(err) } };
    }
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    bodyOf(req)
      .then((body) => {
        const localPath = (req.url ?? '/').split('?')[0];
        if (localPath.startsWith('/__local/')) return localControl(req, localPath, body);
        const url = new URL(req.url ?? '/', 'http://local');
        const query: Record<string, string | string[]> = {};
        for (const [key, value] of url.searchParams) {
          const prior = query[key];
          query[key] = prior === undefined ? value : [...(Array.isArray(prior) ? prior : [prior]), value];
        }
        // The raw (still percent-encoded) path: SigV4 signs it as sent.
        const path = (req.url ?? '/').split('?')[0];
        return dispatch({ method: req.method ?? 'GET', path, query, headers: req.headers, body });
      })
      .then((answer) => {
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
      })
      .catch((err: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(err));
      });
  }

  const requestHandler = {
    async handle(request: HttpRequest): Promise<{ response: HttpResponse }> {
      const query: Record<string, string | string[]> = {};
      for (const [key, value] of Object.entries(request.query ?? {})) query[key] = value ?? '';
      const answer = await dispatch({ method: request.method, path: request.path, query, headers: request.headers, body: await bodyOf(request.body) });
      return { response: { statusCode: answer.status, headers: answer.headers, body: Readable.from([Buffer.from(answer.body)]) } };
    },
  };

  return {
    handle,
    async listen(listenPort: number, host = '127.0.0.1') {
      server = createServer(handle);
      const s = server;
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(listenPort, host, () => resolve());
      });
      port = (s.address() as AddressInfo).port;
      return { port, url: `http://${host}:${port}` };
    },
    async close() {
      // Timers and deliveries stop first, whether or not the emulator was listening.
      drsEvents.close();
      delivery.close();
      scheduler.close();
      const s = server;
      if (!s) return;
      server = undefined;
      s.closeAllConnections();
      await new Promise<void>((resolve, reject) => s.close((err) => (err ? reject(err) : resolve())));
    },
    requestHandler,
    credentials: { accessKeyId: localPrincipal.accessKeyId, secretAccessKey: localPrincipal.secretAccessKey },
    accountId,
    lookupPrincipal,
    cognito: {
      region: state.cognito.region,
      userPoolId: state.cognito.userPoolId,
      clientId: state.cognito.clientId,
      issuer: () => `${baseUrl()}/${state.cognito.userPoolId}`,
      jwksUri: () => `${baseUrl()}/${state.cognito.userPoolId}/.well-known/jwks.json`,
      get users() {
        return state.cognito.users.map((u) => ({ username: u.username, password: u.password, email: u.attributes.email ?? '', groups: [...u.groups] }));
      },
      mintToken: cognito.mintToken,
    },
    state,
    snapshot: () => structuredClone({ accounts: state.accounts, jobsCreated: drsControl.jobsCreated }),
    restored,
    drsFaults: drsControl.faults,
    setDrsFaults: (patch) => drsControl.setFaults(patch),
    setDrsEventDropRate: (rate) => void drsControl.setFaults({ eventDropRate: rate }),
    setDrsJobSeconds: (seconds) => void drsControl.setFaults({ jobSeconds: seconds ?? null }),
    drsStats: () => structuredClone(drsControl.stats),
    resetDrsStats: () => drsControl.resetStats(),
    seedSourceServers: seed,
    setReadinessSwitches: (patch) => setReadinessSwitches(state, patch, accountId),
    ses: {
      get verifiedIdentities() {
        return ses.verifiedIdentities;
      },
      messages: (to) => ses.messages(to),
      clearMessages: () => ses.clearMessages(),
    },
    scheduler: { fire: (o) => scheduler.fire(o), firings: () => scheduler.firings(), stop: () => scheduler.close() },
    events: {
      rules: (filter) => events.rules(filter),
      emit: (input) => delivery.emit(input),
      stats: () => delivery.stats(),
      resetStats: () => delivery.resetStats(),
      deliveries: (filter) => delivery.deliveries(filter),
      history: (filter) => delivery.history(filter),
      clear: () => delivery.clear(),
      onDelivery: (listener) => delivery.onDelivery(listener),
      idle: () => delivery.idle(),
    },
  };
}
