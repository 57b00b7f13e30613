// EC2 and IAM resources a launch configuration can name, per region: every page AWS answers, whole.
import { paginateDescribeInstanceTypes, paginateDescribeSecurityGroups, paginateDescribeSubnets } from '@aws-sdk/client-ec2';
import { paginateListInstanceProfiles } from '@aws-sdk/client-iam';
import { ec2 } from '../../domain/target-accounts/ec2-clients.ts';
import { iam } from '../../domain/target-accounts/iam-clients.ts';
import type { InstanceProfile, InstanceType, SecurityGroup, Subnet } from '../../platform/generated/graphql.ts';
import { validRegion } from '../../domain/protection-groups/validate.ts';
import { lookupAccount } from '../../domain/target-accounts/lookup.ts';

/** The largest pages each API answers (the tests pass smaller ones to walk the pagination). */
export const PAGE_SIZES = { subnets: 1000, securityGroups: 1000, instanceTypes: 100, instanceProfiles: 1000 };

async function checked(region: string, accountId: string | null | undefined): Promise<[string, string | null]> {
  const r = validRegion(region, 'MISSING_REGION');
  return [r, await lookupAccount(accountId)];
}

export async function listSubnets(region: string, accountId?: string | null, pageSize = PAGE_SIZES.subnets): Promise<Subnet[]> {
  const [r, account] = await checked(region, accountId);
  const out: Subnet[] = [];
  for await (const page of paginateDescribeSubnets({ client: ec2(r, account), pageSize }, {})) {
    for (const s of page.Subnets ?? []) {
      out.push({
        subnetId: s.SubnetId!,
        vpcId: s.VpcId!,
        availabilityZone: s.AvailabilityZone!,
        cidrBlock: s.CidrBlock!,
        name: s.Tags?.find((t) => t.Key === 'Name')?.Value ?? null,
      });
    }
  }
  return out;
}

export async function listSecurityGroups(region: string, accountId?: string | null, pageSize = PAGE_SIZES.securityGroups): Promise<SecurityGroup[]> {
  const [r, account] = await checked(region, accountId);
  const out: SecurityGroup[] = [];
  for await (const page of paginateDescribeSecurityGroups({ client: ec2(r, account), pageSize }, {})) {
    for (const g of page.SecurityGroups ?? []) {
      out.push({ groupId: g.GroupId!, groupName: g.GroupName!, vpcId: g.VpcId ?? null, description: g.Description ?? null });
    }
  }
  return out;
}

/** Instance types offered in the region, by name (t3.micro before t3.2xlarge: numeric-aware). */
export async function listInstanceTypes(region: string, accountId?: string | null, pageSize = PAGE_SIZES.instanceTypes): Promise<InstanceType[]> {
  const [r, account] = await checked(region, accountId);
  const out: InstanceType[] = [];
  for await (const page of paginateDescribeInstanceTypes({ client: ec2(r, account), pageSize }, {})) {
    for (const t of page.InstanceTypes ?? []) {
      out.push({
        instanceType: t.InstanceType!,
        vCpus: t.VCpuInfo?.DefaultVCpus ?? 0,
        memoryGiB: (t.MemoryInfo?.SizeInMiB ?? 0) / 1024,
      });
    }
  }
  return out.sort((a, b) => a.instanceType.localeCompare(b.instanceType, 'en', { numeric: true }));
}

/** IAM is global: the region is validated like the other lookups', the profiles are the account's. */
export async function listInstanceProfiles(region: string, accountId?: string | null, pageSize = PAGE_SIZES.instanceProfiles): Promise<InstanceProfile[]> {
  const [, account] = await checked(region, accountId);
  const out: InstanceProfile[] = [];
  for await (const page of paginateListInstanceProfiles({ client: iam(account), pageSize }, {})) {
    for (const p of page.InstanceProfiles ?? []) {
      out.push({
        instanceProfileName: p.InstanceProfileName!,
        instanceProfileId: p.InstanceProfileId!,
        arn: p.Arn!,
        roles: (p.Roles ?? []).map((role) => role.RoleName!),
      });
    }
  }
  return out;
}
