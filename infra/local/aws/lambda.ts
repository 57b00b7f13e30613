// AWS Lambda's Invoke (restJson1 `POST /2015-03-31/functions/{FunctionName}/invocations`) as one of
// the AWS emulator's services, running functions through a callback. Only Invoke is served: the local
// stack's functions are fixed by the stack, so there is nothing to create, list or publish, and
// `$LATEST` is the only version. Answers follow AWS's recorded ones (LocalStack's AWS-validated
// snapshots, tests/aws/services/lambda_/test_lambda*.snapshot.json).
import { type AwsRequest, type AwsResponse, type AwsService, type CallContext, ServiceError, jsonAuthError, restJsonError } from './protocol.ts';
import { headerValue } from './sigv4.ts';

/** The error name with which the invoke callback rejects for a function it does not know. */
export const FUNCTION_NOT_FOUND = 'Lambda.ResourceNotFoundException';

export type InvokeFunction = (functionName: string, payload: unknown) => Promise<unknown>;

const INVOCATIONS = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;
const INVOCATION_TYPES = ['Event', 'RequestResponse', 'DryRun'];
// Lambda's FunctionName pattern, quoted verbatim in its ValidationException. Groups: 3 region:,
// 9 account:, 11 name, 13 qualifier.
const NAME_PATTERN = String.raw`(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_\.]+)(:(\$LATEST(\.PUBLISHED)?|[a-zA-Z0-9-_]+))?`;
const NAME = new RegExp(`^${NAME_PATTERN}$`);

interface Target {
  name: string;
  qualifier: string;
  arn: string;
}

function validation(value: string, member: string, constraint: string): ServiceError {
  return new ServiceError('ValidationException', `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ${constraint}`);
}

function userError(code: string, message: string, status: number): ServiceError {
  return new ServiceError(code, message, status, { Type: 'User' });
}

function target(req: AwsRequest, encodedName: string, ctx: CallContext): Target {
  let ref: string;
  try {
    ref = decodeURIComponent(encodedName);
  } catch {
    ref = encodedName;
  }
  const m = NAME.exec(ref);
  if (!m) throw validation(ref, 'functionName', `Member must satisfy regular expression pattern: ${NAME_PATTERN}`);
  const query = req.query.Qualifier;
  const queryQualifier = Array.isArray(query) ? query[0] : query;
  if (m[13] !== undefined && queryQualifier !== undefined && m[13] !== queryQualifier) {
    throw userError('InvalidParameterValueException', 'The derived qualifier from the function name does not match the specified qualifier.', 400);
  }
  const region = m[3]?.slice(0, -1) ?? ctx.region;
  const account = m[9]?.slice(0, -1) ?? ctx.principal.accountId;
  const qualifier = m[13] ?? queryQualifier ?? '$LATEST';
  return { name: m[11], qualifier, arn: `arn:aws:lambda:${region}:${account}:function:${m[11]}:${qualifier}` };
}

function notFound(t: Target): ServiceError {
  return userError('ResourceNotFoundException', `Function not found: ${t.arn}`, 404);
}

function parsePayload(body: Buffer): unknown {
  if (body.length === 0) return {};
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw userError('InvalidRequestContentException', `Could not parse request body into json: Could not parse payload into json: ${detail}`, 400);
  }
}

function answer(status: number, body: string, requestId: string, extra: Record<string, string> = {}): AwsResponse {
  return { status, headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId, date: new Date().toUTCString(), ...extra }, body };
}

const isNotFound = (err: unknown) => err instanceof Error && err.name === FUNCTION_NOT_FOUND;

export function createLambdaService(invoke: InvokeFunction): AwsService {
  return {
    async handle(req, ctx) {
      const route = INVOCATIONS.exec(req.path);
      if (req.method !== 'POST' || !route) {
        throw new ServiceError('UnknownOperationException', `The local AWS emulator serves only Lambda Invoke (POST /2015-03-31/functions/{FunctionName}/invocations), not ${req.method} ${req.path}.`, 404);
      }
      const t = target(req, route[1], ctx);
      const type = headerValue(req.headers, 'x-amz-invocation-type') ?? 'RequestResponse';
      if (!INVOCATION_TYPES.includes(type)) {
        throw validation(type, 'invocationType', `Member must satisfy enum value set: [${INVOCATION_TYPES.join(', ')}]`);
      }
      const payload = parsePayload(req.body);
      // Nothing is published locally: any other version or alias does not exist.
      if (t.qualifier !== '$LATEST') throw notFound(t);
      if (type === 'DryRun') return answer(204, '', ctx.requestId);
      if (type === 'Event') {
        // Lambda queues the event and answers at once; failures only reach the function's logs.
        invoke(t.name, payload).catch((err: unknown) => {
          console.error(`lambda ${t.name} (Event ${ctx.requestId}): ${isNotFound(err) ? `Function not found: ${t.arn}` : String(err)}`);
        });
        return answer(202, '', ctx.requestId);
      }
      const version = { 'x-amz-executed-version': '$LATEST' };
      let result: unknown;
      try {
        result = await invoke(t.name, payload);
      } catch (err) {
        if (isNotFound(err)) throw notFound(t);
        const error = err instanceof Error ? { errorType: err.name, errorMessage: err.message } : { errorType: 'Error', errorMessage: String(err) };
        return answer(200, JSON.stringify({ ...error, trace: [] }), ctx.requestId, { ...version, 'x-amz-function-error': 'Unhandled' });
      }
      // A handler that returns nothing answers `null`, as in Lambda.
      return answer(200, JSON.stringify(result ?? null), ctx.requestId, version);
    },
    authFailure: (failure, requestId) => restJsonError(jsonAuthError(failure), requestId),
    error(err, requestId) {
      const e = err.status >= 500 ? new ServiceError('ServiceException', err.message, err.status, { Type: 'Service' }) : err;
      // Lambda capitalises `Message` in ResourceNotFoundException only.
      const key = e.code === 'ResourceNotFoundException' ? 'Message' : 'message';
      return answer(e.status, JSON.stringify({ ...e.fields, [key]: e.message }), requestId, { 'x-amzn-errortype': e.code });
    },
  };
}
