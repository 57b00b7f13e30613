// DRS's launch results on the local stack, as infra/cdk/drs-events.ts and drs-event-forwarder.ts set
// them up in AWS: the orchestrator's event bus (open to the emulated organization, as context
// drsEventOrgId opens it), a rule on it and on the default bus sending `aws.drs` launch results to the
// drs-events function, and in the stack's account a forwarder in every other region DRS may run in
// (EventBridge is regional). The emulated DRS emits the events; the local EventBridge delivers them.
// Target accounts have no forwarder unless one is installed (the fallback poll covers them).
import {
  CreateEventBusCommand,
  EventBridgeClient,
  PutPermissionCommand,
  PutRuleCommand,
  PutTargetsCommand,
  ResourceAlreadyExistsException,
} from '@aws-sdk/client-eventbridge';
import { DRS_EVENTS, functionName } from '../api.ts';
import { LOCAL_ORGANIZATION_ID } from './aws/event-buses.ts';

/** Regions the local stack forwards DRS events from (the estate's, the bench's, a few more). */
export const LOCAL_DRS_REGIONS = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'];

export interface LocalDrsEventsOptions {
  awsUrl: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  region: string;
  accountId: string;
  stage: string;
}

const client = (o: LocalDrsEventsOptions, region: string) => new EventBridgeClient({ endpoint: o.awsUrl, credentials: o.credentials, region });

/**
 * The forwarder a target account (or another region) installs: DRS launch results on its default bus
 * go to the orchestrator's bus. `events` speaks for that account and region.
 */
export async function installDrsEventForwarder(events: EventBridgeClient, stage: string, orchestratorBusArn: string): Promise<void> {
  const Rule = DRS_EVENTS.ruleName(stage, 'forwarded');
  await events.send(new PutRuleCommand({ Name: Rule, EventPattern: JSON.stringify(DRS_EVENTS.pattern), State: 'ENABLED' }));
  await events.send(new PutTargetsCommand({ Rule, Targets: [{ Id: 'orchestrator-bus', Arn: orchestratorBusArn }] }));
}

/** Creates the bus, its policy and rules, and the other regions' forwarders; answers the bus ARN. */
export async function setUpLocalDrsEvents(o: LocalDrsEventsOptions): Promise<string> {
  const events = client(o, o.region);
  const busName = DRS_EVENTS.busName(o.stage);
  const busArn = `arn:aws:events:${o.region}:${o.accountId}:event-bus/${busName}`;
  try {
    await events.send(new CreateEventBusCommand({ Name: busName })).catch((e) => {
      if (!(e instanceof ResourceAlreadyExistsException)) throw e;
    });
    await events.send(
      new PutPermissionCommand({
        EventBusName: busName,
        StatementId: 'OrganizationForwardsDrsEvents',
        Action: 'events:PutEvents',
        Principal: '*',
        Condition: { Type: 'StringEquals', Key: 'aws:PrincipalOrgID', Value: LOCAL_ORGANIZATION_ID },
      }),
    );
    const fnArn = `arn:aws:lambda:${o.region}:${o.accountId}:function:${functionName(DRS_EVENTS.fn, o.stage)}`;
    for (const bus of ['default', 'forwarded'] as const) {
      const Rule = DRS_EVENTS.ruleName(o.stage, bus);
      const EventBusName = bus === 'default' ? 'default' : busName;
      await events.send(new PutRuleCommand({ Name: Rule, EventBusName, EventPattern: JSON.stringify(DRS_EVENTS.pattern), State: 'ENABLED' }));
      await events.send(new PutTargetsCommand({ Rule, EventBusName, Targets: [{ Id: 'drs-events', Arn: fnArn }] }));
    }
  } finally {
    events.destroy();
  }
  for (const region of LOCAL_DRS_REGIONS.filter((r) => r !== o.region)) {
    const regional = client(o, region);
    try {
      await installDrsEventForwarder(regional, o.stage, busArn);
    } finally {
      regional.destroy();
    }
  }
  return busArn;
}
