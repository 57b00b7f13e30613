// The REST façade (aws-drs-orchestrator-api-handler-<stage>): the guide's documented paths, each
// translated to the GraphQL operation that implements it and answered in the guide's shapes. Reached
// through API Gateway (a Cognito token), by direct Lambda invocation (IAM; the guide's scripts, Step
// Functions, SSM) and, locally, on the API port. It implements no rule and no read of its own.
import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { AppError } from '../../platform/errors.ts';
import { instrument } from '../../platform/observability.ts';
import { createApi } from './api.ts';
import { authenticate } from './auth.ts';
import { isPreflight, preflight, readEvent, result, statusOf, type ProxyResult, type Request } from './http.ts';
import { context, type Envelope } from './route.ts';
import { ROUTES, envelopeOf, findRoute } from './routes/index.ts';
import { openApi } from './openapi.ts';
import pkg from '../../package.json' with { type: 'json' };

const logger = new Logger({ serviceName: 'rest-api' });

// Seed 001's error codes by HTTP status.
const CONTROL_PLANE_CODES: Record<number, string> = {
  400: 'ValidationError',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  429: 'TooManyRequests',
  501: 'NotImplemented',
};

function success(envelope: Envelope, status: number, data: unknown, requestId: string): ProxyResult {
  if (envelope === 'control-plane') return result(status, { success: true, data, timestamp: new Date().toISOString() }, requestId);
  return result(status, data, requestId);
}

function failure(envelope: Envelope, e: AppError, requestId: string): ProxyResult {
  const status = statusOf(e.code);
  const extra: Record<string, string> = status === 405 ? { allow: ((e.details?.allowed as string[]) ?? []).join(', ') } : {};
  if (envelope === 'control-plane') {
    const code = CONTROL_PLANE_CODES[status] ?? 'InternalError';
    return result(status, { error: { code, message: e.message, correlationId: requestId }, timestamp: new Date().toISOString() }, requestId, extra);
  }
  const { field, ...rest } = e.details ?? {};
  const body = {
    error: e.code,
    message: e.message,
    ...(typeof field === 'string' ? { field } : {}),
    ...(Object.keys(rest).length ? { details: rest } : {}),
  };
  return result(status, body, requestId, extra);
}

function internal(e: unknown, req: Request | null, requestId: string): AppError {
  logger.error('failed', { error: e as Error, details: e instanceof AppError ? e.details : undefined, method: req?.method, path: req?.path, requestId });
  return new AppError('INTERNAL_ERROR', 'The request failed; the request id identifies it in the logs', { requestId });
}

export async function handle(event: unknown, requestId: string): Promise<ProxyResult> {
  let req: Request | null = null;
  let envelope: Envelope = 'guide';
  // A browser's CORS preflight, on any path: answered here, before the event is read or a token asked for.
  if (isPreflight(event)) return preflight();
  try {
    req = readEvent(event, requestId);
    if (req.path === '/openapi.json') {
      if (req.method === 'GET') return result(200, openApi(ROUTES, pkg.version), req.requestId);
      throw new AppError('METHOD_NOT_ALLOWED', `${req.method} is not supported on /openapi.json; use GET`, { allowed: ['GET'] });
    }
    const { route, params } = findRoute(req.method, req.path);
    envelope = route.envelope ?? 'guide';
    const caller = route.signed ? ({ kind: 'iam' } as const) : await authenticate(req, route.open === true);
    if (!route.run) throw new AppError('NOT_IMPLEMENTED', `${route.method} ${route.path} is not built yet`, { path: route.path });
    const api = createApi(caller, (msg, extra) => logger.error(msg, { ...extra, requestId: req?.requestId }));
    const data = await route.run(context(req, params, api, caller));
    const answer = success(envelope, route.created ? 201 : 200, data, req.requestId);
    // SSM's aws:waitForAwsResourceProperty reads $.Payload.status of a direct invocation.
    const status = (data as { status?: unknown } | null)?.status;
    if (req.door === 'invoke' && route.path === '/executions/{executionId}' && typeof status === 'string') answer.status = status;
    return answer;
  } catch (e) {
    const id = req?.requestId ?? requestId;
    // A wrong method answers in the envelope of the path it was sent to (seed 001's for the control plane).
    if (req && e instanceof AppError && e.code === 'METHOD_NOT_ALLOWED') envelope = envelopeOf(req.path);
    // A 5xx keeps its details in the log: no SDK or stack text reaches the caller.
    const exposed = e instanceof AppError && (statusOf(e.code) < 500 || e.code === 'NOT_IMPLEMENTED');
    return failure(envelope, exposed ? e : internal(e, req, id), id);
  }
}

export const handler = instrument(
  'rest-api',
  async (event: unknown, ctx?: { awsRequestId?: string }): Promise<ProxyResult> => handle(event, ctx?.awsRequestId ?? randomUUID()),
  (r) => (r.statusCode >= 500 ? 'internal-error' : r.statusCode >= 400 ? 'client-error' : 'ok'),
);
