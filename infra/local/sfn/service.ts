// The local Step Functions service as one of the AWS emulator's services (infra/local/aws/index.ts):
// the object has the emulator's AwsService shape (handle / authFailure / error), typed structurally
// here so this module does not depend on the emulator's files.
import type { LocalSfn } from './index.ts';

export const STATES_TARGET_PREFIX = 'AWSStepFunctions.';
const JSON_1_0 = 'application/x-amz-json-1.0';

type Headers = Record<string, string | string[] | undefined>;

export interface StatesRequest {
  headers: Headers;
  body: Buffer | string;
}
export interface StatesResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function header(headers: Headers, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/** True for a Step Functions JSON 1.0 request (X-Amz-Target `AWSStepFunctions.<Operation>`). */
export function isStatesTarget(headers: Headers): boolean {
  return header(headers, 'x-amz-target')?.startsWith(STATES_TARGET_PREFIX) ?? false;
}

function jsonError(code: string, message: string, status: number, requestId: string, fields: Record<string, unknown> = {}): StatesResponse {
  return {
    status,
    headers: { 'content-type': JSON_1_0, 'x-amzn-requestid': requestId, 'x-amzn-errortype': code, date: new Date().toUTCString() },
    body: JSON.stringify({ __type: code, message, ...fields }),
  };
}

// How awsJson services name SigV4 failures.
const AUTH_CODES: Record<string, string> = {
  MissingAuthenticationToken: 'MissingAuthenticationTokenException',
  UnrecognizedClient: 'UnrecognizedClientException',
  InvalidSignature: 'InvalidSignatureException',
  SignatureExpired: 'InvalidSignatureException',
};

export function createStatesService(sfn: LocalSfn) {
  return {
    async handle(req: StatesRequest, ctx: { requestId: string }): Promise<StatesResponse> {
      const target = header(req.headers, 'x-amz-target') ?? '';
      if (!target.startsWith(STATES_TARGET_PREFIX)) {
        return jsonError('UnknownOperationException', `Unknown X-Amz-Target '${target}'.`, 400, ctx.requestId);
      }
      const answer = await sfn.handle(target.slice(STATES_TARGET_PREFIX.length), req.body);
      return {
        status: answer.status,
        headers: { ...answer.headers, 'content-type': JSON_1_0, 'x-amzn-requestid': ctx.requestId, date: new Date().toUTCString() },
        body: answer.body === undefined ? '' : JSON.stringify(answer.body),
      };
    },
    authFailure(failure: { code: string; message: string }, requestId: string): StatesResponse {
      return jsonError(AUTH_CODES[failure.code] ?? 'UnrecognizedClientException', failure.message, 403, requestId);
    },
    error(err: { code: string; message: string; status?: number; fields?: Record<string, unknown> }, requestId: string): StatesResponse {
      return jsonError(err.code, err.message, err.status ?? 400, requestId, err.fields);
    },
  };
}
