// The REST façade's cost: the same read (one protection group) as GraphQL, as REST on the API port
// (proxy event → façade → GraphQL with the caller's token) and as a direct Lambda invocation (Invoke on
// the local AWS endpoint → façade → GraphQL signed with IAM). Calls alternate so drift hits all three.
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import type { Stack } from '../infra/local/stack.ts';
import { gql, ok } from '../test/support/client.ts';

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const summary = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50Ms: +pct(s, 50).toFixed(2), p99Ms: +pct(s, 99).toFixed(2) };
};

export async function restBench(stack: Stack, token: string, groupId: string, calls: number) {
  const ep = stack.endpoints;
  const query = 'query G($id: ID!) { getProtectionGroup(id: $id) { id version name description region accountId sourceServerIds createdAt updatedAt } }';
  const invokeUrl = new URL(`${ep.awsEndpoint}/2015-03-31/functions/aws-drs-orchestrator-api-handler-${ep.stage}/invocations`);
  const signer = new SignatureV4({ service: 'lambda', region: ep.region, credentials: ep.credentials, sha256: Sha256 });
  const payload = JSON.stringify({ httpMethod: 'GET', path: `/protection-groups/${groupId}`, queryStringParameters: null, body: null });

  const viaGraphql = async () => ok(await gql(ep, token, query, { id: groupId }));
  const viaRest = async () => {
    const r = await fetch(`${ep.rest}/protection-groups/${groupId}`, { headers: { authorization: `Bearer ${token}` } });
    if (r.status !== 200) throw new Error(`REST ${r.status}: ${await r.text()}`);
    await r.json();
  };
  const viaInvoke = async () => {
    const signed = await signer.sign({
      method: 'POST',
      protocol: invokeUrl.protocol,
      hostname: invokeUrl.hostname,
      port: Number(invokeUrl.port),
      path: invokeUrl.pathname,
      headers: { host: invokeUrl.host, 'content-type': 'application/json' },
      body: payload,
    });
    const r = await fetch(invokeUrl, { method: 'POST', headers: signed.headers as Record<string, string>, body: payload });
    const answer = (await r.json()) as { statusCode: number };
    if (answer.statusCode !== 200) throw new Error(`invoke ${answer.statusCode}`);
  };

  const ways = { graphql: viaGraphql, rest: viaRest, invoke: viaInvoke };
  const samples: Record<keyof typeof ways, number[]> = { graphql: [], rest: [], invoke: [] };
  for (let i = 0; i < 30; i++) for (const f of Object.values(ways)) await f(); // warm-up
  for (let i = 0; i < calls; i++) {
    for (const [name, f] of Object.entries(ways) as Array<[keyof typeof ways, () => Promise<unknown>]>) {
      const t = performance.now();
      await f();
      samples[name].push(performance.now() - t);
    }
  }
  const g = summary(samples.graphql);
  const r = summary(samples.rest);
  const d = summary(samples.invoke);
  return {
    calls,
    graphql: g,
    rest: r,
    directInvoke: d,
    restOverP50Ms: +(r.p50Ms - g.p50Ms).toFixed(2),
    restOverP50Ratio: +(r.p50Ms / g.p50Ms).toFixed(2),
    invokeOverP50Ms: +(d.p50Ms - g.p50Ms).toFixed(2),
  };
}
