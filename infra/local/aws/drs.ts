// AWS Elastic Disaster Recovery (restJson1): source servers, launch configurations and tags.
import type { LaunchConfiguration, SourceServer } from '@aws-sdk/client-drs';
import type { DrsRegionState, EmulatorState } from './fixtures.ts';
import { type AwsRequest, type AwsService, type CallContext, ServiceError, jsonAuthError, jsonResponse, paginate, parseJsonBody, restJsonError } from './protocol.ts';

const SOURCE_SERVER_ID = /^s-[0-9a-zA-Z]{17}$/;
const MAX_RESULTS = 1000;

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

function sourceServerId(body: Record<string, unknown>): string {
  const id = body.sourceServerID;
  if (typeof id !== 'string' || !SOURCE_SERVER_ID.test(id)) throw validation('sourceServerID must match s-[0-9a-zA-Z]{17}', 'sourceServerID');
  return id;
}

export function createDrsService(state: EmulatorState): AwsService {
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
    const maxResults = body.maxResults ?? MAX_RESULTS;
    if (typeof maxResults !== 'number' || !Number.isInteger(maxResults) || maxResults < 1 || maxResults > MAX_RESULTS) {
      throw validation(`maxResults must be between 1 and ${MAX_RESULTS}`, 'maxResults');
    }
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

  /** Finds a taggable DRS resource of the caller's account and region by ARN. */
  function taggable(ctx: CallContext, arn: string): SourceServer {
    const drs = region(ctx);
    const found = drs.servers.find((s) => s.arn === arn);
    if (!found) throw serverNotFound(arn);
    return found;
  }

  function tagResource(ctx: CallContext, arn: string, body: Record<string, unknown>): void {
    const resource = taggable(ctx, arn);
    const tags = body.tags;
    if (!tags || typeof tags !== 'object' || Array.isArray(tags)) throw validation('tags must be a map of strings', 'tags');
    for (const [key, value] of Object.entries(tags)) {
      if (key.toLowerCase().startsWith('aws:')) throw validation('Tag keys starting with aws: are reserved', 'tags');
      if (typeof value !== 'string') throw validation('Tag values must be strings', 'tags');
    }
    resource.tags = { ...resource.tags, ...(tags as Record<string, string>) };
  }

  function untagResource(ctx: CallContext, arn: string, keys: string[]): void {
    const resource = taggable(ctx, arn);
    resource.tags = Object.fromEntries(Object.entries(resource.tags ?? {}).filter(([k]) => !keys.includes(k)));
  }

  return {
    handle(req: AwsRequest, ctx: CallContext) {
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
        }
      }
      throw new ServiceError('UnknownOperationException', `No DRS operation at ${req.method} ${req.path}`, 404);
    },
    authFailure: (failure, requestId) => restJsonError(jsonAuthError(failure), requestId),
    error: restJsonError,
  };
}
