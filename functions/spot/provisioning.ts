// setSpotProvisioning: the toggle. State in SSM Parameter Store, the schedule rule enabled or disabled,
// and a workflow run started at once (enable: provision now rather than at the rule's next tick;
// disable with teardown: terminate what provisioning launched).
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { DisableRuleCommand, EnableRuleCommand } from '@aws-sdk/client-eventbridge';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { SpotProvisioning, SpotProvisioningAction } from '../../platform/generated/graphql.ts';
import { AppError } from '../../platform/errors.ts';
import { events } from '../../platform/aws/eventbridge.ts';
import { sfn } from '../../platform/aws/sfn.ts';
import { ssm } from '../../platform/aws/ssm.ts';
import type { ProvisioningState } from '../../domain/spot/model.ts';
import { spotConfig } from '../../domain/spot/model.ts';

const need = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};

export type WorkflowMode = 'provision' | 'teardown';

export async function startWorkflow(mode: WorkflowMode, trigger: string): Promise<void> {
  await sfn().send(new StartExecutionCommand({ stateMachineArn: need('SPOT_STATE_MACHINE_ARN'), input: JSON.stringify({ mode, trigger }) }));
}

export async function setProvisioning(action: SpotProvisioningAction, teardown: boolean | null | undefined, by: string): Promise<SpotProvisioning> {
  if (action !== 'enable' && action !== 'disable') throw new AppError('INVALID_REQUEST', 'action must be "enable" or "disable"', { field: 'action' });
  if (action === 'enable' && teardown) throw new AppError('INVALID_REQUEST', 'teardown applies only to "disable"', { field: 'teardown' });
  const enabled = action === 'enable';
  if (enabled && !spotConfig().regions.length) throw new AppError('INVALID_REQUEST', 'No spot regions are configured for this deployment', { field: 'action' });
  const state: ProvisioningState = { enabled, updatedAt: new Date().toISOString(), updatedBy: by };
  await ssm().send(new PutParameterCommand({ Name: need('SPOT_PARAMETER'), Value: JSON.stringify(state), Type: 'String', Overwrite: true }));
  const rule = need('SPOT_RULE_NAME');
  if (enabled) {
    await events().send(new EnableRuleCommand({ Name: rule }));
    await startWorkflow('provision', 'enable');
  } else {
    await events().send(new DisableRuleCommand({ Name: rule }));
    if (teardown) await startWorkflow('teardown', 'disable');
  }
  return {
    enabled,
    teardownRequested: !enabled && !!teardown,
    message: `Spot provisioning ${enabled ? 'enabled' : 'disabled'} successfully`,
  };
}
