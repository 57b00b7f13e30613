// AWS Elastic Disaster Recovery (restJson1): source servers, launch configurations, tags, and
// recovery jobs (StartRecovery, TerminateRecoveryInstances) that run on the simulated clock of
// drs-jobs.ts. Fault switches (throttling, 5xx, failed launches, limits, event drops, fixed job
// durations) and call statistics live in a DrsControl (drs-control.ts) that index.ts exposes to tests
// in-process and over HTTP.
import type { LaunchConfiguration, RecoveryInstance, SourceServer } from '@aws-sdk/client-drs';
import { type DrsControl, createDrsControl } from './drs-control.ts';
import { advanceDrs, isActive, planLaunchJob, planTerminateJob } from './drs-jobs.ts';
import { type DrsJobRecord, type DrsRegionState, type EmulatorState, hexId } from './fixtures.ts';
import { denial } from './deny.ts';
import { advanceReplication, readinessSwitches } from './readiness-control.ts';
import { type AwsRequest, type AwsService, type CallContext, ServiceError, jsonAuthError, jsonResponse, paginate, parseJsonBody, restJsonError } from './protocol.ts';

const SOURCE_SERVER_ID = /^s-[0-9a-zA-Z]{17}$/;
const JOB_ID = /^drsjob-[0-9a-zA-Z]{17}$/;
const RECOVERY_INSTANCE_ID = /^i-[0-9a-fA-F]{8,17}$/;
const RECOVERY_SNAPSHOT_ID = /^pit-[0-9a-zA-Z]{17}$/;
const MAX_RESULTS = 1000;
/** The API's own bound on StartRecovery and TerminateRecoveryInstances lists (the job quota is lower). */
const MAX_LIST_ITEMS = 200;

export { DEFAULT_DRS_LIMITS, createDrsControl } from './drs-control.ts';
export type { DrsControl, DrsFaults, DrsFaultsJson, DrsLimits, DrsStats } from './drs-control.ts';

/** The operation a request names (restJson1 routes by method and path). */
function operationName(req: AwsRequest): string {
  if (/^\/tags\//.test(req.path)) return { GET: 'ListTagsForResource', POST: 'TagResource', DELETE: 'UntagResource' }[req.method] ?? 'Tags';
  return req.path.replace(/^\//, '') || req.path;
}

// ---------------------------------------------------------------- errors and parameters

function validation(message: string, field?: string): ServiceError {
  return new ServiceError('ValidationException', message, 400, {
    code: 'VALIDATION_EXCEPTION',
    reason: field ? 'fieldValidationFailed' : 'other',
    ...(field ? { fieldList: [{ name: field, message }] } : {}),
  });
}

function serverNotFound(resourceId: string): ServiceError {
  return new ServiceError('ResourceNotFoundException', `Source server not found: ${resourceId}`, 404, {
    code: 'RESOURCE_NOT_FOUND',
    resourceId,
    resourceType: 'SOURCE_SERVER',
  });
}

function conflict(message: string, resourceId: string, resourceType: string): ServiceError {
  return new ServiceError('ConflictException', message, 409, { code: 'CONFLICT', resourceId, resourceType });
}

function quotaExceeded(message: string): ServiceError {
  return new ServiceError('ServiceQuotaExceededException', message, 402, { code: 'SERVICE_QUOTA_EXCEEDED', resourceType: 'JOB', serviceCode: 'drs' });
}

function maxResultsOf(body: Record<string, unknown>): number {
  const maxResults = body.maxResults ?? MAX_RESULTS;
  if (typeof maxResults !== 'number' || !Number.isInteger(maxResults) || maxResults < 1 || maxResults > MAX_RESULTS) {
    throw validation(`maxResults must be between 1 and ${MAX_RESULTS}`, 'maxResults');
  }
  return maxResults;
}

function tagMap(value: unknown, field: string): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw validation(`${field} must be a map of strings`, field);
  for (const [key, v] of Object.entries(value)) {
    if (key.toLowerCase().startsWith('aws:')) throw validation('Tag keys starting with aws: are reserved', field);
    if (typeof v !== 'string' || key.length > 256 || v.length > 256) throw validation('Tag keys and values must be strings of at most 256 characters', field);
  }
  return { ...(value as Record<string, string>) };
}

/** A list parameter of `min`..`max` distinct strings matching `pattern`. */
function idList(body: Record<string, unknown>, field: string, pattern: RegExp, min: number, max: number): string[] {
  const value = body[field];
  if (!Array.isArray(value) || value.length < min || value.length > max) throw validation(`${field} must contain ${min} to ${max} items`, field);
  for (const id of value) {
    if (typeof id !== 'string' || !pattern.test(id)) throw validation(`${field} members must match ${pattern.source}`, field);
  }
  if (new Set(value).size !== value.length) throw validation(`${field} must not contain duplicates`, field);
  return value as string[];
}

function optionalDate(value: unknown, field: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw validation(`${field} must be an ISO 8601 date and time`, field);
  return ms;
}

function optionalBoolean(body: Record<string, unknown>, field: string): boolean | undefined {
  const value = body[field];
  if (value !== undefined && typeof value !== 'boolean') throw validation(`${field} must be a boolean`, field);
  return value;
}

function optionalEnum<T extends string>(body: Record<string, unknown>, field: string, allowed: readonly T[]): T | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !allowed.includes(value as T)) throw validation(`${field} must be one of ${allowed.join(', ')}`, field);
  return value as T;
}

function sourceServerId(body: Record<string, unknown>, field = 'sourceServerID'): string {
  const id = body.sourceServerID;
  if (typeof id !== 'string' || !SOURCE_SERVER_ID.test(id)) throw validation('sourceServerID must match s-[0-9a-zA-Z]{17}', field);
  return id;
}

/** An ISO 8601 duration (PT6H40M, P1DT2H) in ms; undefined when it is not one. */
function durationMs(iso: string | undefined): number | undefined {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(iso ?? '');
  if (!m) return undefined;
  const [d, h, min, sec] = m.slice(1).map((x) => Number(x ?? 0));
  return (((d * 24 + h) * 60 + min) * 60 + sec) * 1000;
}

// ---------------------------------------------------------------- the service

/** Told of each job as it is created (drs-events.ts arms its timers). */
export type DrsJobHook = (record: DrsJobRecord) => void;

export function createDrsService(state: EmulatorState, control: DrsControl = createDrsControl(state), onJobCreated?: DrsJobHook): AwsService {
  function region(ctx: CallContext): DrsRegionState {
    const drs = state.accounts[ctx.principal.accountId]?.drs[ctx.region];
    if (!drs?.initialized) {
      throw new ServiceError('UninitializedAccountException', 'Account not initialized', 400, { code: 'UNINITIALIZED_ACCOUNT' });
    }
    return drs;
  }

  function server(drs: DrsRegionState, id: string): SourceServer {
    const found = drs.servers.find((s) => s.sourceServerID === id);
    if (!found) throw serverNotFound(id);
    return found;
  }

  function describeSourceServers(body: Record<string, unknown>, ctx: CallContext) {
    const drs = region(ctx);
    const filters = (body.filters ?? {}) as { sourceServerIDs?: unknown; hardwareId?: unknown; stagingAccountIDs?: unknown };
    const maxResults = maxResultsOf(body);
    let items = drs.servers;
    if (Array.isArray(filters.sourceServerIDs) && filters.sourceServerIDs.length > 0) {
      const wanted = new Set(filters.sourceServerIDs);
      items = items.filter((s) => wanted.has(s.sourceServerID));
    }
    if (typeof filters.hardwareId === 'string') {
      const hardwareId = filters.hardwareId;
      items = items.filter((s) => s.sourceProperties?.identificationHints?.awsInstanceID === hardwareId);
    }
    if (Array.isArray(filters.stagingAccountIDs) && filters.stagingAccountIDs.length > 0) {
      // Extended source servers are the only ones with a staging account; the estate has none.
      const wanted = new Set(filters.stagingAccountIDs);
      items = items.filter((s) => wanted.has(s.stagingArea?.stagingAccountID));
    }
    const scope = `drs:${ctx.principal.accountId}:${ctx.region}:describe-source-servers:${JSON.stringify(filters)}`;
    const token = typeof body.nextToken === 'string' ? body.nextToken : undefined;
    const { page, next } = paginate(items, maxResults, token, scope, () => validation('Invalid nextToken', 'nextToken'));
    return { items: page, ...(next ? { nextToken: next } : {}) };
  }

  function getLaunchConfiguration(body: Record<string, unknown>, ctx: CallContext): LaunchConfiguration {
    const drs = region(ctx);
    const id = sourceServerId(body);
    server(drs, id);
    return drs.launchConfigurations[id];
  }

  function updateLaunchConfiguration(body: Record<string, unknown>, ctx: CallContext): LaunchConfiguration {
    const drs = region(ctx);
    const id = sourceServerId(body);
    server(drs, id);
    if (body.name !== undefined && (typeof body.name !== 'string' || body.name.length > 128)) throw validation('name must be a string of at most 128 characters', 'name');
    const update: LaunchConfiguration = {
      name: body.name as string | undefined,
      launchDisposition: optionalEnum(body, 'launchDisposition', ['STOPPED', 'STARTED'] as const),
      targetInstanceTypeRightSizingMethod: optionalEnum(body, 'targetInstanceTypeRightSizingMethod', ['NONE', 'BASIC', 'IN_AWS'] as const),
      copyPrivateIp: optionalBoolean(body, 'copyPrivateIp'),
      copyTags: optionalBoolean(body, 'copyTags'),
      postLaunchEnabled: optionalBoolean(body, 'postLaunchEnabled'),
    };
    if (body.licensing !== undefined) {
      const licensing = body.licensing as { osByol?: unknown };
      if (typeof licensing !== 'object' || licensing === null || (licensing.osByol !== undefined && typeof licensing.osByol !== 'boolean')) {
        throw validation('licensing.osByol must be a boolean', 'licensing');
      }
      update.licensing = { osByol: licensing.osByol as boolean | undefined };
    }
    if (body.launchIntoInstanceProperties !== undefined) {
      update.launchIntoInstanceProperties = body.launchIntoInstanceProperties as LaunchConfiguration['launchIntoInstanceProperties'];
    }
    const current = drs.launchConfigurations[id];
    for (const [key, value] of Object.entries(update)) {
      if (value !== undefined) Object.assign(current, { [key]: value });
    }
    return current;
  }

  /** Finds a taggable DRS resource (source server, job, recovery instance) of the caller's account and region by ARN. */
  function taggable(ctx: CallContext, arn: string): { tags?: Record<string, string> } {
    const drs = region(ctx);
    const found = drs.servers.find((s) => s.arn === arn) ?? drs.jobs.find((j) => j.job.arn === arn)?.job ?? drs.recoveryInstances.find((r) => r.arn === arn);
    if (!found) throw serverNotFound(arn);
    return found;
  }

  function tagResource(ctx: CallContext, arn: string, body: Record<string, unknown>): void {
    const resource = taggable(ctx, arn);
    resource.tags = { ...resource.tags, ...tagMap(body.tags, 'tags') };
  }

  function untagResource(ctx: CallContext, arn: string, keys: string[]): void {
    const resource = taggable(ctx, arn);
    resource.tags = Object.fromEntries(Object.entries(resource.tags ?? {}).filter(([k]) => !keys.includes(k)));
  }

  // ---------------------------------------------------------------- jobs

  /** The active job `sourceServerID` participates in, if any. */
  function activeJobOf(drs: DrsRegionState, sourceServerID: string | undefined): DrsJobRecord | undefined {
    return drs.jobs.find((j) => isActive(j) && j.job.participatingServers?.some((p) => p.sourceServerID === sourceServerID));
  }

  /** The concurrent-job and servers-in-active-jobs quotas, for a new job of `servers` servers. */
  function checkQuotas(drs: DrsRegionState, servers: number): void {
    const { limits } = control.faults;
    const active = drs.jobs.filter(isActive);
    if (active.length >= limits.maxConcurrentJobs) {
      throw quotaExceeded(`Cannot start a new job: ${active.length} jobs are already active (quota: ${limits.maxConcurrentJobs} concurrent jobs)`);
    }
    const busy = active.reduce((n, j) => n + (j.job.participatingServers?.length ?? 0), 0);
    if (busy + servers > limits.maxServersInActiveJobs) {
      throw quotaExceeded(`Cannot start a job of ${servers} servers: ${busy} servers are already in active jobs (quota: ${limits.maxServersInActiveJobs} servers in all active jobs)`);
    }
  }

  function recordJob(drs: DrsRegionState, record: DrsJobRecord): void {
    drs.jobs.push(record);
    control.jobsCreated++;
    const { stats } = control;
    stats.jobs++;
    const type = record.job.type ?? 'UNKNOWN';
    stats.jobsByType[type] = (stats.jobsByType[type] ?? 0) + 1;
    onJobCreated?.(record);
  }

  function planContext(ctx: CallContext) {
    const { faultSeed, jobSeconds } = control.faults;
    return { accountId: ctx.principal.accountId, region: ctx.region, now: ctx.now.getTime(), simSpeed: state.simSpeed, seed: `${faultSeed}:${control.jobsCreated}`, jobSeconds };
  }

  function startRecovery(body: Record<string, unknown>, ctx: CallContext) {
    const drs = region(ctx);
    const entries = body.sourceServers;
    if (!Array.isArray(entries) || entries.length < 1 || entries.length > MAX_LIST_ITEMS) {
      throw validation(`sourceServers must contain 1 to ${MAX_LIST_ITEMS} items`, 'sourceServers');
    }
    const { maxServersPerJob } = control.faults.limits;
    if (entries.length > maxServersPerJob) {
      throw validation(`A recovery job can include at most ${maxServersPerJob} source servers; ${entries.length} were requested`, 'sourceServers');
    }
    const ids = entries.map((entry: unknown) => {
      if (!entry || typeof entry !== 'object') throw validation('sourceServers members must be objects', 'sourceServers');
      const e = entry as Record<string, unknown>;
      if (e.recoverySnapshotID !== undefined && (typeof e.recoverySnapshotID !== 'string' || !RECOVERY_SNAPSHOT_ID.test(e.recoverySnapshotID))) {
        throw validation('recoverySnapshotID must match pit-[0-9a-zA-Z]{17}', 'recoverySnapshotID');
      }
      return sourceServerId(e);
    });
    if (new Set(ids).size !== ids.length) throw validation('sourceServers must not name a source server twice', 'sourceServers');
    const isDrill = optionalBoolean(body, 'isDrill') ?? false;
    const tags = body.tags === undefined ? {} : tagMap(body.tags, 'tags');
    const servers = ids.map((id) => server(drs, id));
    for (const id of ids) {
      const busy = activeJobOf(drs, id);
      if (busy) throw conflict(`Source server ${id} is already participating in active job ${busy.job.jobID}`, id, 'SOURCE_SERVER');
    }
    checkQuotas(drs, ids.length);

    const record = planLaunchJob(planContext(ctx), servers, { isDrill, tags, fail: control.faults.failLaunch });
    recordJob(drs, record);
    for (const s of servers) {
      const id = s.sourceServerID ?? '';
      control.stats.startedServers[id] = (control.stats.startedServers[id] ?? 0) + 1;
      s.lastLaunchResult = 'PENDING';
      s.lifeCycle = {
        ...s.lifeCycle,
        lastLaunch: { initiated: { apiCallDateTime: ctx.now.toISOString(), jobID: record.job.jobID, type: isDrill ? 'DRILL' : 'RECOVERY' }, status: 'PENDING' },
      };
    }
    const lost = ids.filter((id) => control.faults.loseStartAnswer.delete(id));
    if (lost.length) throw new ServiceError('AccessDeniedException', `Injected fault: job ${record.job.jobID} was created, but its answer is lost (${lost.join(', ')})`, 403, { code: 'LOST_ANSWER' });
    return { job: record.job };
  }

  function describeJobs(body: Record<string, unknown>, ctx: CallContext) {
    const drs = region(ctx);
    const filters = (body.filters ?? {}) as { jobIDs?: unknown; fromDate?: unknown; toDate?: unknown };
    const maxResults = maxResultsOf(body);
    // Newest first, as DRS sorts them.
    let items = [...drs.jobs].reverse();
    if (Array.isArray(filters.jobIDs) && filters.jobIDs.length > 0) {
      const wanted = new Set(filters.jobIDs);
      items = items.filter((j) => wanted.has(j.job.jobID));
    }
    const from = optionalDate(filters.fromDate, 'fromDate');
    const to = optionalDate(filters.toDate, 'toDate');
    if (from !== undefined) items = items.filter((j) => Date.parse(j.job.creationDateTime ?? '') >= from);
    if (to !== undefined) items = items.filter((j) => Date.parse(j.job.creationDateTime ?? '') <= to);
    const scope = `drs:${ctx.principal.accountId}:${ctx.region}:describe-jobs:${JSON.stringify(filters)}`;
    const token = typeof body.nextToken === 'string' ? body.nextToken : undefined;
    const { page, next } = paginate(items, maxResults, token, scope, () => validation('Invalid nextToken', 'nextToken'));
    return { items: page.map((j) => j.job), ...(next ? { nextToken: next } : {}) };
  }

  function describeJobLogItems(body: Record<string, unknown>, ctx: CallContext) {
    const drs = region(ctx);
    const jobID = body.jobID;
    if (typeof jobID !== 'string' || !JOB_ID.test(jobID)) throw validation('jobID must match drsjob-[0-9a-zA-Z]{17}', 'jobID');
    const maxResults = maxResultsOf(body);
    // DRS answers an empty log for a job it does not know (ResourceNotFound is not among this call's errors).
    const items = drs.jobs.find((j) => j.job.jobID === jobID)?.log ?? [];
    const scope = `drs:${ctx.principal.accountId}:${ctx.region}:describe-job-log-items:${jobID}`;
    const token = typeof body.nextToken === 'string' ? body.nextToken : undefined;
    const { page, next } = paginate(items, maxResults, token, scope, () => validation('Invalid nextToken', 'nextToken'));
    return { items: page, ...(next ? { nextToken: next } : {}) };
  }

  /**
   * Point-in-time snapshots DRS keeps while replication runs: every 10 minutes for the last hour, then
   * hourly for a day, then daily for a week, the newest one the lag behind now (none before the first
   * sync ends). A readiness switch may set the newest one's age, or none.
   */
  function recoverySnapshots(s: SourceServer, now: number): Array<{ at: number }> {
    const info = s.dataReplicationInfo;
    const replication = info?.dataReplicationState;
    const override = readinessSwitches(state).snapshotAt[s.sourceServerID ?? ''];
    if (override === null) return [];
    if (override === undefined && (!replication || ['STOPPED', 'INITIATING', 'INITIAL_SYNC'].includes(replication))) return [];
    const MIN = 60_000;
    const lagMs = durationMs(info?.lagDuration) ?? 0;
    const newest = override ?? Math.floor((now - lagMs) / (10 * MIN)) * 10 * MIN;
    const first = Date.parse(s.lifeCycle?.firstByteDateTime ?? '') || newest - 7 * 1440 * MIN;
    const out: Array<{ at: number }> = [];
    for (let at = newest, i = 0; at >= first && i < 6 + 23 + 6; i++) {
      out.push({ at });
      at -= (i < 5 ? 10 : i < 5 + 23 ? 60 : 1440) * MIN;
    }
    return out.reverse();
  }

  function describeRecoverySnapshots(body: Record<string, unknown>, ctx: CallContext) {
    const drs = region(ctx);
    const s = server(drs, sourceServerId(body));
    const filters = (body.filters ?? {}) as { fromDateTime?: unknown; toDateTime?: unknown };
    const from = optionalDate(filters.fromDateTime, 'fromDateTime');
    const to = optionalDate(filters.toDateTime, 'toDateTime');
    const order = optionalEnum(body, 'order', ['ASC', 'DESC'] as const) ?? 'ASC';
    const maxResults = maxResultsOf(body);
    let items = recoverySnapshots(s, ctx.now.getTime()).filter((x) => (from === undefined || x.at >= from) && (to === undefined || x.at <= to));
    if (order === 'DESC') items = items.reverse();
    const volumeSize = (s.sourceProperties?.disks ?? []).reduce((n, d) => n + (d.bytes ?? 0), 0);
    const shaped = items.map(({ at }) => {
      const when = new Date(at).toISOString();
      return {
        snapshotID: `pit-${hexId(`snapshot:${s.sourceServerID}:${at}`)}`,
        sourceServerID: s.sourceServerID,
        expectedTimestamp: when,
        timestamp: when,
        volumeSize,
        ebsSnapshots: (s.sourceProperties?.disks ?? []).map((d) => `snap-${hexId(`ebs:${s.sourceServerID}:${d.deviceName}:${at}`)}`),
      };
    });
    const scope = `drs:${ctx.principal.accountId}:${ctx.region}:describe-recovery-snapshots:${s.sourceServerID}:${order}:${JSON.stringify(filters)}`;
    const token = typeof body.nextToken === 'string' ? body.nextToken : undefined;
    const { page, next } = paginate(shaped, maxResults, token, scope, () => validation('Invalid nextToken', 'nextToken'));
    return { items: page, ...(next ? { nextToken: next } : {}) };
  }

  function describeRecoveryInstances(body: Record<string, unknown>, ctx: CallContext) {
    const drs = region(ctx);
    const filters = (body.filters ?? {}) as { recoveryInstanceIDs?: unknown; sourceServerIDs?: unknown };
    const maxResults = maxResultsOf(body);
    let items: RecoveryInstance[] = drs.recoveryInstances;
    if (Array.isArray(filters.recoveryInstanceIDs) && filters.recoveryInstanceIDs.length > 0) {
      const wanted = new Set(filters.recoveryInstanceIDs);
      items = items.filter((r) => wanted.has(r.recoveryInstanceID));
    }
    if (Array.isArray(filters.sourceServerIDs) && filters.sourceServerIDs.length > 0) {
      const wanted = new Set(filters.sourceServerIDs);
      items = items.filter((r) => wanted.has(r.sourceServerID));
    }
    const scope = `drs:${ctx.principal.accountId}:${ctx.region}:describe-recovery-instances:${JSON.stringify(filters)}`;
    const token = typeof body.nextToken === 'string' ? body.nextToken : undefined;
    const { page, next } = paginate(items, maxResults, token, scope, () => validation('Invalid nextToken', 'nextToken'));
    return { items: page, ...(next ? { nextToken: next } : {}) };
  }

  function terminateRecoveryInstances(body: Record<string, unknown>, ctx: CallContext) {
    const drs = region(ctx);
    const ids = idList(body, 'recoveryInstanceIDs', RECOVERY_INSTANCE_ID, 1, MAX_LIST_ITEMS);
    const instances = ids.map((id) => {
      const found = drs.recoveryInstances.find((r) => r.recoveryInstanceID === id);
      if (!found) throw new ServiceError('ResourceNotFoundException', `Recovery instance not found: ${id}`, 404, { code: 'RESOURCE_NOT_FOUND', resourceId: id, resourceType: 'RECOVERY_INSTANCE' });
      return found;
    });
    for (const ri of instances) {
      const busy = activeJobOf(drs, ri.sourceServerID);
      if (busy) throw conflict(`Recovery instance ${ri.recoveryInstanceID} (source server ${ri.sourceServerID}) is participating in active job ${busy.job.jobID}`, ri.recoveryInstanceID ?? '', 'RECOVERY_INSTANCE');
    }
    checkQuotas(drs, instances.length);
    const record = planTerminateJob(planContext(ctx), instances);
    recordJob(drs, record);
    return { job: record.job };
  }

  return {
    handle(req: AwsRequest, ctx: CallContext) {
      const { stats } = control;
      const operation = operationName(req);
      stats.calls[operation] = (stats.calls[operation] ?? 0) + 1;
      const account = ((stats.callsByAccount ??= {})[ctx.principal.accountId] ??= {});
      account[operation] = (account[operation] ?? 0) + 1;
      const callers = ((stats.callersByAccount ??= {})[ctx.principal.accountId] ??= []);
      if (!callers.includes(ctx.principal.arn)) callers.push(ctx.principal.arn);
      const denied = denial(state, 'drs', operation, ctx);
      if (denied) throw denied;
      // Injected faults come before anything else, so a retry is always safe.
      const fault = control.injectFault();
      if (fault) throw fault;
      advanceDrs(state, ctx.now.getTime());
      advanceReplication(state, ctx.now.getTime());
      const ok = (body: unknown) => jsonResponse(200, body, ctx.requestId);
      const tagPath = /^\/tags\/([^/]+)$/.exec(req.path);
      if (tagPath) {
        const arn = decodeURIComponent(tagPath[1]);
        if (req.method === 'GET') return ok({ tags: taggable(ctx, arn).tags ?? {} });
        if (req.method === 'POST') {
          tagResource(ctx, arn, parseJsonBody(req));
          return jsonResponse(200, undefined, ctx.requestId);
        }
        if (req.method === 'DELETE') {
          const keys = req.query.tagKeys ?? [];
          untagResource(ctx, arn, Array.isArray(keys) ? keys : [keys]);
          return jsonResponse(200, undefined, ctx.requestId);
        }
      }
      if (req.method === 'POST') {
        const body = () => parseJsonBody(req);
        switch (req.path) {
          case '/DescribeSourceServers':
            return ok(describeSourceServers(body(), ctx));
          case '/GetLaunchConfiguration':
            return ok(getLaunchConfiguration(body(), ctx));
          case '/UpdateLaunchConfiguration':
            return ok(updateLaunchConfiguration(body(), ctx));
          case '/StartRecovery':
            return jsonResponse(202, startRecovery(body(), ctx), ctx.requestId);
          case '/DescribeJobs':
            return ok(describeJobs(body(), ctx));
          case '/DescribeJobLogItems':
            return ok(describeJobLogItems(body(), ctx));
          case '/DescribeRecoverySnapshots':
            return ok(describeRecoverySnapshots(body(), ctx));
          case '/DescribeRecoveryInstances':
            return ok(describeRecoveryInstances(body(), ctx));
          case '/TerminateRecoveryInstances':
            return ok(terminateRecoveryInstances(body(), ctx));
        }
      }
      throw new ServiceError('UnknownOperationException', `No DRS operation at ${req.method} ${req.path}`, 404);
    },
    authFailure: (failure, requestId) => restJsonError(jsonAuthError(failure), requestId),
    error(err: ServiceError, requestId: string) {
      if (err.status >= 500) control.stats.failed5xx++;
      return restJsonError(err, requestId);
    },
  };
}
