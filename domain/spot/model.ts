// Spot capacity (seed 003): what provisioning stores and how it is configured.

/** An instance the provisioning workflow launched, as recorded in the table. */
export interface SpotInstanceItem {
  instanceId: string;
  region: string;
  instanceType: string;
  availabilityZone?: string;
  subnetId?: string;
  /** EC2's state when last seen: pending until the instance runs (then it has its public address). */
  state: string;
  publicIp?: string;
  privateIp?: string;
  /** The spot price (USD/hour) the region was chosen at. */
  spotPrice: string;
  launchedAt: string;
  updatedAt: string;
}

/** The provisioning state kept in SSM Parameter Store (a JSON String parameter). */
export interface ProvisioningState {
  enabled: boolean;
  updatedAt: string;
  updatedBy: string;
}

/** Where and what to launch: read from the function's environment (infra/api.ts SPOT, CDK context, local stack). */
export interface SpotConfig {
  /** Candidate regions (SPOT_REGIONS, comma-separated). */
  regions: string[];
  instanceType: string;
  /** Per region: the subnet to launch into (absent: the region's default VPC) and the AMI (absent: the latest Amazon Linux 2023 from SSM's public parameter). */
  launch: Record<string, { subnetId?: string; imageId?: string }>;
}

/** The tag every launched instance carries (value: the stage); TerminateInstances is allowed only on it. */
export const SPOT_TAG = 'drs-orchestrator:spot';
export const PUBLIC_AMI_PARAMETER = '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64';

export function spotConfig(env: NodeJS.ProcessEnv = process.env): SpotConfig {
  const regions = (env.SPOT_REGIONS ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  let launch: SpotConfig['launch'] = {};
  if (env.SPOT_LAUNCH) launch = JSON.parse(env.SPOT_LAUNCH) as SpotConfig['launch'];
  return { regions, instanceType: env.SPOT_INSTANCE_TYPE || 't3.micro', launch };
}
