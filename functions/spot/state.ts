// The provisioning state in SSM Parameter Store (absent: disabled).
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { ssm } from '../../platform/aws/ssm.ts';
import type { ProvisioningState } from '../../domain/spot/model.ts';

export async function provisioningEnabled(): Promise<boolean> {
  const name = process.env.SPOT_PARAMETER;
  if (!name) throw new Error('SPOT_PARAMETER is not set');
  try {
    const r = await ssm().send(new GetParameterCommand({ Name: name }));
    return (JSON.parse(r.Parameter?.Value ?? '{}') as Partial<ProvisioningState>).enabled === true;
  } catch (e) {
    if ((e as Error).name === 'ParameterNotFound') return false;
    throw e;
  }
}
