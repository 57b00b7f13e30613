// The drill TTL sweeper on the local stack, as infra/cdk/drill-sweeper.ts deploys it: a schedule rule
// on the local EventBridge targeting the drill-sweeper function (the local scheduler in ./spot.ts fires
// it every period divided by SIM_SPEED), and a control to sweep "as of" any time:
//   POST /__local/drills/sweep  {time?: ISO timestamp (default now)}  → the sweep's answer
//        {now, expired, entries: [{executionId, expiresAt, outcome, terminatedInstanceIds?}]}
// It invokes the function with the Scheduled Event EventBridge would send at that time.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { DRILL_SWEEPER, drillSweepMinutes, functionName } from '../api.ts';

export interface LocalDrillSweeperOptions {
  awsUrl: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  region: string;
  accountId: string;
  stage: string;
  env?: Record<string, string | undefined>;
}

/** The schedule rule and its Lambda target; answers the rule's ARN. */
export async function setUpLocalDrillSweeper(o: LocalDrillSweeperOptions): Promise<string> {
  const minutes = drillSweepMinutes((o.env ?? process.env)[DRILL_SWEEPER.env]);
  const events = new EventBridgeClient({ endpoint: o.awsUrl, credentials: o.credentials, region: o.region });
  const Name = DRILL_SWEEPER.ruleName(o.stage);
  try {
    const r = await events.send(
      new PutRuleCommand({ Name, ScheduleExpression: DRILL_SWEEPER.schedule(minutes), State: 'ENABLED', Description: 'Drill TTL sweeper' }),
    );
    const arn = `arn:aws:lambda:${o.region}:${o.accountId}:function:${functionName(DRILL_SWEEPER.fn, o.stage)}`;
    await events.send(new PutTargetsCommand({ Rule: Name, Targets: [{ Id: 'drill-sweeper', Arn: arn }] }));
    return r.RuleArn!;
  } finally {
    events.destroy();
  }
}

/** EventBridge's Scheduled Event for `rule` at `time`. */
export function scheduledEvent(ruleArn: string, time: Date, accountId: string, region: string) {
  return {
    version: '0',
    id: crypto.randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: accountId,
    // EventBridge's `time` is to the second.
    time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [ruleArn],
    detail: {},
  };
}

const loopback = (req: IncomingMessage) => ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(req.socket.remoteAddress ?? '');
const send = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

/** The /__local/drills/sweep control; false if `req` is not it. */
export function drillSweepControl(o: { ruleArn: string; accountId: string; region: string; invoke: (event: unknown) => Promise<unknown> }) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== '/__local/drills/sweep') return false;
    if (!loopback(req)) {
      send(res, 403, { error: 'Forbidden', message: 'test controls answer loopback clients only' });
      return true;
    }
    if (req.method !== 'POST') {
      send(res, 405, { error: 'MethodNotAllowed', message: 'POST /__local/drills/sweep {time?}' });
      return true;
    }
    void (async () => {
      try {
        const chunks: Buffer[] = [];
        for await (const c of req) chunks.push(c as Buffer);
        const text = Buffer.concat(chunks).toString('utf8');
        const body = (text ? JSON.parse(text) : {}) as { time?: unknown };
        const time = body.time === undefined ? new Date() : new Date(String(body.time));
        if (Number.isNaN(time.getTime())) return send(res, 400, { error: 'BadRequest', message: 'time must be an ISO 8601 timestamp' });
        send(res, 200, await o.invoke(scheduledEvent(o.ruleArn, time, o.accountId, o.region)));
      } catch (e) {
        send(res, 500, { error: 'SweepFailed', message: (e as Error).message });
      }
    })();
    return true;
  };
}
