// CDK entry (cdk.json "app"). Context: `stage` (default dev) → stack drs-orchestrator-<stage>;
// `destroyOnRemove=true` deletes the table and user pool with the stack (default: retained);
// `apiGatewayCloudWatchRole=false` leaves the account's API Gateway logging role alone (default: set it);
// `forwardDrsEventsTo=<bus ARN>` adds the stack a target account deploys to forward its DRS events
// (infra/cdk/drs-event-forwarder.ts); settings such as `pollSeconds` are listed in infra/api.ts SETTINGS.
//   npm run build && npx cdk synth --quiet          (offline, no credentials needed)
//   npx cdk deploy -c stage=prod
import { pathToFileURL } from 'node:url';
import { App } from 'aws-cdk-lib';
import { DrsEventForwarderStack, forwarderStackName } from './drs-event-forwarder.ts';
import { DrsOrchestratorStack, stackName } from './stack.ts';

/** Context values arrive as strings from `-c key=value` and as JSON values from cdk.json. */
export function contextFlag(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

export function createApp(app: App = new App()): { app: App; stack: DrsOrchestratorStack; forwarder?: DrsEventForwarderStack } {
  const stage = String(app.node.tryGetContext('stage') ?? 'dev');
  const stack = new DrsOrchestratorStack(app, stackName(stage), {
    stage,
    destroyOnRemove: contextFlag(app.node.tryGetContext('destroyOnRemove')),
    apiGatewayCloudWatchRole: contextFlag(app.node.tryGetContext('apiGatewayCloudWatchRole') ?? true),
  });
  const busArn = app.node.tryGetContext('forwardDrsEventsTo') as string | undefined;
  const forwarder = busArn ? new DrsEventForwarderStack(app, forwarderStackName(stage), { stage, orchestratorBusArn: busArn }) : undefined;
  return { app, stack, forwarder };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    createApp().app.synth();
  } catch (err) {
    // A clear one-paragraph message (e.g. "run `npm run build`") instead of a stack trace.
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
