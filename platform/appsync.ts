// Calls the AppSync GraphQL API from a Lambda: with the caller's Cognito token (forwarded as AppSync
// takes it, raw) or with a SigV4 signature of the function's own IAM role.
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { STSClient } from '@aws-sdk/client-sts';

export interface GraphQLError {
  message: string;
  errorType?: string | null;
  errorInfo?: Record<string, unknown> | null;
  path?: Array<string | number> | null;
}
export interface GraphQLAnswer<T = Record<string, unknown>> {
  /** The HTTP status AppSync answered (401/403 for request-level auth failures). */
  status: number;
  data?: T | null;
  errors?: GraphQLError[];
}

let sts: STSClient | undefined;

function apiUrl(): URL {
  const url = process.env.APPSYNC_URL;
  if (!url) throw new Error('APPSYNC_URL is not set');
  return new URL(url);
}

async function signedHeaders(u: URL, body: string): Promise<Record<string, string>> {
  // Any SDK client resolves the default credential chain; borrow it rather than re-implementing it.
  sts ??= new STSClient({});
  const credentials = await sts.config.credentials();
  const region = process.env.AWS_REGION ?? (await sts.config.region());
  const signer = new SignatureV4({ service: 'appsync', region, credentials, sha256: Sha256 });
  const signed = await signer.sign({
    method: 'POST',
    protocol: u.protocol,
    hostname: u.hostname,
    port: u.port ? Number(u.port) : undefined,
    path: u.pathname,
    headers: { host: u.host, 'content-type': 'application/json' },
    body,
  });
  return signed.headers as Record<string, string>;
}

/** One GraphQL request; `token` forwards a Cognito token, without one the call is signed with IAM. */
export async function graphql<T = Record<string, unknown>>(
  query: string,
  variables: Record<string, unknown>,
  token?: string,
): Promise<GraphQLAnswer<T>> {
  const u = apiUrl();
  const body = JSON.stringify({ query, variables });
  const headers = token ? { 'content-type': 'application/json', authorization: token } : await signedHeaders(u, body);
  const res = await fetch(u, { method: 'POST', headers, body });
  const json = (await res.json().catch(() => ({}))) as Omit<GraphQLAnswer<T>, 'status'>;
  return { status: res.status, data: json.data, errors: json.errors };
}

/** An IAM-signed call that must succeed (the publish mutations). */
export async function callAppSync(query: string, variables: Record<string, unknown>): Promise<unknown> {
  const r = await graphql(query, variables);
  if (r.status !== 200 || r.errors?.length) {
    throw new Error(`AppSync call failed (${r.status}): ${JSON.stringify(r.errors ?? r)}`);
  }
  return r.data;
}
