// Calls an IAM-only publish mutation on the AppSync API with a SigV4 signature, selecting every
// field subscribers may ask for (subscribers only receive what the mutation selected).
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { STSClient } from '@aws-sdk/client-sts';

let sts: STSClient | undefined;

export async function callAppSync(query: string, variables: Record<string, unknown>): Promise<unknown> {
  const url = process.env.APPSYNC_URL;
  if (!url) throw new Error('APPSYNC_URL is not set');
  const u = new URL(url);
  // Any SDK client resolves the default credential chain; borrow it rather than re-implementing it.
  sts ??= new STSClient({});
  const credentials = await sts.config.credentials();
  const region = process.env.AWS_REGION ?? (await sts.config.region());
  const body = JSON.stringify({ query, variables });
  const request = {
    method: 'POST',
    protocol: u.protocol,
    hostname: u.hostname,
    port: u.port ? Number(u.port) : undefined,
    path: u.pathname,
    headers: { host: u.host, 'content-type': 'application/json' },
    body,
  };
  const signer = new SignatureV4({ service: 'appsync', region, credentials, sha256: Sha256 });
  const signed = await signer.sign(request);
  const res = await fetch(url, { method: 'POST', headers: signed.headers as Record<string, string>, body });
  const json = (await res.json()) as { data?: unknown; errors?: Array<{ message: string; errorType?: string }> };
  if (!res.ok || json.errors?.length) {
    throw new Error(`AppSync publish failed (${res.status}): ${JSON.stringify(json.errors ?? json)}`);
  }
  return json.data;
}
