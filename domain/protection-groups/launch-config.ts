// Applies a group's launch configuration to each of its servers the way DRS expects: the DRS launch
// settings through UpdateLaunchConfiguration, and the EC2 settings (subnet, security groups, instance
// type, instance profile) as a new default version of the server's DRS-managed launch template.
import { GetLaunchConfigurationCommand, UpdateLaunchConfigurationCommand } from '@aws-sdk/client-drs';
import {
  CreateLaunchTemplateVersionCommand,
  DescribeInstanceTypesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  ModifyLaunchTemplateCommand,
  type RequestLaunchTemplateData,
} from '@aws-sdk/client-ec2';
import { paginateListInstanceProfiles } from '@aws-sdk/client-iam';
import { drs } from '../target-accounts/clients.ts';
import { ec2 } from '../target-accounts/ec2-clients.ts';
import { iam } from '../target-accounts/iam-clients.ts';
import { AppError } from '../../platform/errors.ts';
import type { LaunchConfigApplyDetail, LaunchConfigApplyResults, LaunchConfigInput } from '../../platform/generated/graphql.ts';

const invalid = (msg: string, field: string) => new AppError('INVALID_LAUNCH_CONFIG', msg, { field: `launchConfig.${field}` });

/** The EC2 and IAM resources a launch configuration names must exist in the group's region and account. */
export async function checkResources(region: string, lc: LaunchConfigInput, accountId?: string | null): Promise<void> {
  let vpcId: string | undefined;
  if (lc.subnetId) {
    const r = await ec2(region, accountId)
      .send(new DescribeSubnetsCommand({ SubnetIds: [lc.subnetId] }))
      .catch((e) => (e.name?.startsWith('InvalidSubnetID') ? { Subnets: [] } : Promise.reject(e)));
    if (!r.Subnets?.length) throw invalid(`Subnet ${lc.subnetId} does not exist in ${region}`, 'subnetId');
    vpcId = r.Subnets[0].VpcId;
  }
  if (lc.securityGroupIds?.length) {
    const r = await ec2(region, accountId)
      .send(new DescribeSecurityGroupsCommand({ GroupIds: lc.securityGroupIds }))
      .catch((e) => (e.name?.startsWith('InvalidGroup') ? { SecurityGroups: [] } : Promise.reject(e)));
    const found = new Map((r.SecurityGroups ?? []).map((g) => [g.GroupId!, g.VpcId]));
    const missing = lc.securityGroupIds.filter((g) => !found.has(g));
    if (missing.length) throw invalid(`Security group(s) not found in ${region}: ${missing.join(', ')}`, 'securityGroupIds');
    const otherVpc = lc.securityGroupIds.filter((g) => vpcId && found.get(g) !== vpcId);
    if (otherVpc.length) throw invalid(`Security group(s) ${otherVpc.join(', ')} are not in the subnet's VPC ${vpcId}`, 'securityGroupIds');
  }
  if (lc.instanceType) {
    const r = await ec2(region, accountId)
      .send(new DescribeInstanceTypesCommand({ InstanceTypes: [lc.instanceType as never] }))
      .catch((e) => (e.name?.startsWith('InvalidInstanceType') ? { InstanceTypes: [] } : Promise.reject(e)));
    if (!r.InstanceTypes?.length) throw invalid(`Instance type ${lc.instanceType} is not offered in ${region}`, 'instanceType');
  }
  if (lc.instanceProfileName) {
    let found = false;
    for await (const page of paginateListInstanceProfiles({ client: iam(accountId) }, {})) {
      if (page.InstanceProfiles?.some((p) => p.InstanceProfileName === lc.instanceProfileName)) {
        found = true;
        break;
      }
    }
    if (!found) throw invalid(`Instance profile ${lc.instanceProfileName} does not exist`, 'instanceProfileName');
  }
}

const hasEc2Settings = (lc: LaunchConfigInput) =>
  !!(lc.subnetId || lc.securityGroupIds?.length || lc.instanceType || lc.instanceProfileName);

/** DRS settings to send; an explicit instance type only takes effect when DRS right-sizing is off. */
function drsSettings(lc: LaunchConfigInput) {
  const rightSizing = lc.targetInstanceTypeRightSizingMethod ?? (lc.instanceType ? 'NONE' : undefined);
  const s = {
    copyPrivateIp: lc.copyPrivateIp ?? undefined,
    copyTags: lc.copyTags ?? undefined,
    launchDisposition: lc.launchDisposition ?? undefined,
    licensing: lc.licensing?.osByol != null ? { osByol: lc.licensing.osByol } : undefined,
    targetInstanceTypeRightSizingMethod: rightSizing ?? undefined,
  };
  return Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as Partial<typeof s>;
}

async function applyOne(region: string, serverId: string, lc: LaunchConfigInput, accountId: string | null): Promise<LaunchConfigApplyDetail> {
  const current = await drs(region, accountId).send(new GetLaunchConfigurationCommand({ sourceServerID: serverId }));
  const templateId = current.ec2LaunchTemplateID ?? null;
  const wanted = drsSettings(lc);
  const drsChanged = Object.entries(wanted).some(
    ([k, v]) => JSON.stringify((current as unknown as Record<string, unknown>)[k]) !== JSON.stringify(v),
  );
  if (drsChanged) {
    await drs(region, accountId).send(new UpdateLaunchConfigurationCommand({ sourceServerID: serverId, ...wanted }));
  }
  let templateVersion: number | null = null;
  let templateChanged = false;
  if (hasEc2Settings(lc)) {
    if (!templateId) return { serverId, status: 'failed', templateId, templateVersion, reason: 'Server has no EC2 launch template' };
    const versions = await ec2(region, accountId).send(
      new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: templateId, Versions: ['$Default'] }),
    );
    const base = versions.LaunchTemplateVersions?.[0];
    const data = base?.LaunchTemplateData ?? {};
    const nic = data.NetworkInterfaces?.[0] ?? {};
    const next: RequestLaunchTemplateData = {};
    if (lc.instanceType && data.InstanceType !== lc.instanceType) next.InstanceType = lc.instanceType as never;
    if (lc.instanceProfileName && data.IamInstanceProfile?.Name !== lc.instanceProfileName) {
      next.IamInstanceProfile = { Name: lc.instanceProfileName };
    }
    const subnet = lc.subnetId ?? nic.SubnetId;
    const groups = lc.securityGroupIds?.length ? lc.securityGroupIds : nic.Groups;
    if (subnet !== nic.SubnetId || JSON.stringify(groups ?? []) !== JSON.stringify(nic.Groups ?? [])) {
      // A version's NetworkInterfaces replaces the source's whole list: carry the rest of eth0 over.
      next.NetworkInterfaces = [{ ...(nic as object), DeviceIndex: 0, SubnetId: subnet, Groups: groups }];
    }
    if (Object.keys(next).length) {
      const created = await ec2(region, accountId).send(
        new CreateLaunchTemplateVersionCommand({
          LaunchTemplateId: templateId,
          SourceVersion: String(base?.VersionNumber ?? '$Latest'),
          VersionDescription: 'drs-orchestrator protection group launch configuration',
          LaunchTemplateData: next,
        }),
      );
      templateVersion = created.LaunchTemplateVersion?.VersionNumber ?? null;
      await ec2(region, accountId).send(
        new ModifyLaunchTemplateCommand({ LaunchTemplateId: templateId, DefaultVersion: String(templateVersion) }),
      );
      templateChanged = true;
    } else {
      templateVersion = base?.VersionNumber ?? null;
    }
  }
  if (!drsChanged && !templateChanged) {
    return { serverId, status: 'skipped', templateId, templateVersion, reason: 'Already up to date' };
  }
  return { serverId, status: 'applied', templateId, templateVersion, reason: null };
}

/** Applies to every server (of `accountId`, when given), a few at a time; one server's failure never stops the others. */
export async function applyLaunchConfig(
  region: string,
  serverIds: readonly string[],
  lc: LaunchConfigInput,
  accountId: string | null = null,
  concurrency = 8,
): Promise<LaunchConfigApplyResults> {
  const details: LaunchConfigApplyDetail[] = new Array(serverIds.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < serverIds.length; i = next++) {
      const serverId = serverIds[i];
      details[i] = await applyOne(region, serverId, lc, accountId).catch((e: Error) => ({
        serverId,
        status: 'failed' as const,
        templateId: null,
        templateVersion: null,
        reason: `${e.name}: ${e.message}`,
      }));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, serverIds.length) }, worker));
  const count = (s: LaunchConfigApplyDetail['status']) => details.filter((d) => d.status === s).length;
  return { applied: count('applied'), skipped: count('skipped'), failed: count('failed'), details };
}
