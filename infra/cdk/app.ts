// CDK entry (cdk.json "app"). Context: `stage` (default dev) → stack drs-orchestrator-<stage>;
// `destroyOnRemove=true` deletes the table and user pool with the stack (default: retained);
// `apiGatewayCloudWatchRole=false` leaves the account's API Gateway logging role alone (default: set it);
// `forwardDrsEventsTo=<bus ARN>` adds the stack a target account deploys to forward its DRS events
// (infra/cdk/drs-event-forwarder.ts); `dashboard=true` adds the drill dashboard's stack
// drs-orchestrator-dashboard-<stage> (infra/cdk/dashboard.ts), deployed after the main one; settings such as `pollSeconds` are listed in infra/api.ts SETTINGS.
//   npm run build && npx cdk synth --quiet          (offline, no credentials needed)
//   npx cdk deploy -c stage=prod
import { pathToFileURL } from 'node:url';
import { App, Fn, RemovalPolicy } from 'aws-cdk-lib';
import { DashboardStack, dashboardStackName } from './dashboard.ts';
import { DrsEventForwarderStack, forwarderStackName } from './drs-event-forwarder.ts';
import { DrsOrchestratorStack, stackName } from './stack.ts';

/** Context values arrive as strings from `-c key=value` and as JSON values from cdk.json. */
export function contextFlag(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

export function createApp(app: App = new App()): { app: App; stack: DrsOrchestratorStack; dashboard?: DashboardStack; forwarder?: DrsEventForwarderStack } {
  const stage = String(app.node.tryGetContext('stage') ?? 'dev');
  const stack = new DrsOrchestratorStack(app, stackName(stage), {
    stage,
    destroyOnRemove: contextFlag(app.node.tryGetContext('destroyOnRemove')),
    apiGatewayCloudWatchRole: contextFlag(app.node.tryGetContext('apiGatewayCloudWatchRole') ?? true),
  });
  // The drill dashboard (infra/cdk/dashboard.ts) with `-c dashboard=true`: its own stack, fed by this one's
  // documented outputs (Fn::GetStackOutput: no exports, nothing added to this stack), deployed after it.
  const output = (name: string) => Fn.getStackOutput(stack.stackName, name);
  const dashboard = contextFlag(app.node.tryGetContext('dashboard'))
    ? new DashboardStack(app, dashboardStackName(stage), {
        stage,
        graphqlUrl: output('GraphqlUrl'),
        userPoolId: output('UserPoolId'),
        userPoolClientId: output('UserPoolClientId'),
        removalPolicy: contextFlag(app.node.tryGetContext('destroyOnRemove')) ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
      })
    : undefined;
  dashboard?.addStackDependency(stack, 'reads its outputs');
  const busArn = app.node.tryGetContext('forwardDrsEventsTo') as string | undefined;
  const forwarder = busArn ? new DrsEventForwarderStack(app, forwarderStackName(stage), { stage, orchestratorBusArn: busArn }) : undefined;
  return { app, stack, dashboard, forwarder };
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
