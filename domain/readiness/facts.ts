// What readiness reads from AWS for one (account, region): the region's DRS source servers, each
// server's launch configuration and newest recovery snapshot, the launch templates' default versions,
// the subnets, security groups and instance-type offerings they name, the account's instance profiles,
// recovery instances and active DRS jobs. Listings are paged once per scope and filtered by id in
// batches; the per-server DRS calls (DRS has no batch form of them) run a few at a time.
import {
  DescribeRecoveryInstancesCommand,
  DescribeRecoverySnapshotsCommand,
  DescribeSourceServersCommand,
  GetLaunchConfigurationCommand,
  type Job,
  type RecoveryInstance,
  type SourceServer,
} from '@aws-sdk/client-drs';
import {
  DescribeInstanceTypeOfferingsCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  type RequestLaunchTemplateData,
} from '@aws-sdk/client-ec2';
import { ListInstanceProfilesCommand } from '@aws-sdk/client-iam';
import { drs } from '../target-accounts/clients.ts';
import { ec2 } from '../target-accounts/ec2-clients.ts';
import { iam } from '../target-accounts/iam-clients.ts';
import { activeDrsJobs } from '../executions/drs-jobs.ts';

/** How many per-server DRS calls run at once in a scope (DRS throttles bursts; the client retries). */
const PER_SERVER_CONCURRENCY = 10;
const ID_BATCH = 200;

export interface LaunchRefs {
  templateId: string | null;
  subnetId: string | null;
  securityGroupIds: string[];
  instanceProfile: string | null;
  instanceType: string | null;
}

export interface ScopeFacts {
  servers: Map<string, SourceServer>;
  /** Per server: what its DRS launch template's default version names (templateId null: none/missing). */
  launch: Map<string, LaunchRefs>;
  /** Per server: the newest recovery snapshot's time, null when it has none (absent: could not be read). */
  newestSnapshot: Map<string, string | null>;
  /** Subnet id → its Availability Zone, for the subnets that exist. */
  subnets: Map<string, string>;
  securityGroups: Set<string>;
  /** Instance profile names of the account (null: could not be read). */
  instanceProfiles: Set<string> | null;
  /** `${az}|${instanceType}` offered (null: could not be read). */
  offered: Set<string> | null;
  /** Checks skipped because the caller (or a target account's role) may not make their reads. */
  incomplete: Array<{ check: string; reason: string }>;
  recoveryInstances: Map<string, RecoveryInstance[]>;
  activeJobs: Job[];
}

export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** A read the credentials may not make (an older target-account role): the check is skipped and said so. */
const denied = (e: unknown) => /AccessDenied|UnauthorizedOperation|Unauthorized/.test((e as Error)?.name ?? '');

const chunks = <T>(xs: readonly T[], n = ID_BATCH) => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

async function allSourceServers(region: string, accountId: string | null): Promise<SourceServer[]> {
  const out: SourceServer[] = [];
  let nextToken: string | undefined;
  do {
    const page = await drs(region, accountId).send(new DescribeSourceServersCommand({ filters: {}, maxResults: 1000, nextToken }));
    out.push(...(page.items ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return out;
}

/** Step one: the region's source servers (the group selections are resolved against them). */
export const sourceServersOf = allSourceServers;

function refsOf(data: RequestLaunchTemplateData | undefined, templateId: string): LaunchRefs {
  const nic = data?.NetworkInterfaces?.find((n) => (n.DeviceIndex ?? 0) === 0) ?? data?.NetworkInterfaces?.[0];
  const profile = data?.IamInstanceProfile;
  return {
    templateId,
    subnetId: nic?.SubnetId ?? null,
    securityGroupIds: [...(nic?.Groups ?? []), ...(data?.SecurityGroupIds ?? [])],
    instanceProfile: profile?.Name ?? profile?.Arn?.split('/').pop() ?? null,
    instanceType: data?.InstanceType ?? null,
  };
}

/**
 * Step two: everything else, for the servers the plan launches in this scope. `extra` holds the
 * groups' own launchConfig references, checked beside the launch templates'.
 */
export async function scopeFacts(
  region: string,
  accountId: string | null,
  servers: SourceServer[],
  extra: { subnetIds: string[]; securityGroupIds: string[]; instanceTypes: string[] },
  /** Source servers in the region: about as many DRS launch templates as listing them all would page through. */
  regionServers: number,
): Promise<ScopeFacts> {
  const ids = servers.map((s) => s.sourceServerID!);
  const d = drs(region, accountId);
  const e = ec2(region, accountId);
  // Every template's default version in pages of 200, or each server's own when that is fewer calls
  // (a small plan in a region with thousands of servers).
  const listAll = ids.length > Math.ceil(regionServers / 200);
  const perTemplate = new Map<string, RequestLaunchTemplateData | undefined>();
  const incomplete = new Map<string, string>();
  const skip = (check: string) => (err: unknown) => {
    if (!denied(err)) throw err;
    incomplete.set(check, (err as Error).name);
    return undefined;
  };

  const perServer = mapLimit(ids, PER_SERVER_CONCURRENCY, async (id) => {
    const [lc, snaps] = await Promise.all([
      d.send(new GetLaunchConfigurationCommand({ sourceServerID: id })),
      d.send(new DescribeRecoverySnapshotsCommand({ sourceServerID: id, order: 'DESC', maxResults: 1 })).catch(skip('recoverySnapshots')),
    ]);
    const templateId = lc.ec2LaunchTemplateID ?? null;
    if (!listAll && templateId) {
      const v = await e.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: templateId, Versions: ['$Default'] })).catch((err: Error) => {
        if (err.name.startsWith('InvalidLaunchTemplateId') || err.name.startsWith('InvalidLaunchTemplateName')) return null;
        throw err;
      });
      const found = v?.LaunchTemplateVersions?.[0];
      if (found) perTemplate.set(templateId, found.LaunchTemplateData as RequestLaunchTemplateData | undefined);
    }
    return { id, templateId, snapshot: snaps ? (snaps.items?.[0]?.timestamp ?? null) : undefined };
  });
  const templates = (async () => {
    const out = perTemplate;
    if (!listAll) return out;
    let NextToken: string | undefined;
    do {
      const r = await e.send(new DescribeLaunchTemplateVersionsCommand({ Versions: ['$Default'], MaxResults: 200, NextToken }));
      for (const v of r.LaunchTemplateVersions ?? []) out.set(v.LaunchTemplateId!, v.LaunchTemplateData as RequestLaunchTemplateData | undefined);
      NextToken = r.NextToken;
    } while (NextToken);
    return out;
  })();
  const recoveryInstances = (async () => {
    const out = new Map<string, RecoveryInstance[]>();
    for (const batch of chunks(ids)) {
      let nextToken: string | undefined;
      do {
        const r = await d.send(new DescribeRecoveryInstancesCommand({ filters: { sourceServerIDs: batch }, nextToken }));
        for (const ri of r.items ?? []) out.set(ri.sourceServerID!, [...(out.get(ri.sourceServerID!) ?? []), ri]);
        nextToken = r.nextToken;
      } while (nextToken);
    }
    return out;
  })();
  const profiles = (async (): Promise<Set<string> | null> => {
    const out = new Set<string>();
    let Marker: string | undefined;
    do {
      const r = await iam(accountId).send(new ListInstanceProfilesCommand({ MaxItems: 1000, Marker })).catch(skip('instanceProfiles'));
      if (!r) return null;
      for (const p of r.InstanceProfiles ?? []) out.add(p.InstanceProfileName!);
      Marker = r.IsTruncated ? r.Marker : undefined;
    } while (Marker);
    return out;
  })();
  const jobs = activeDrsJobs(region, accountId);

  const [launchRows, tmpl] = await Promise.all([perServer, templates]);
  const launch = new Map<string, LaunchRefs>();
  const newestSnapshot = new Map<string, string | null>();
  for (const row of launchRows) {
    if (row.snapshot !== undefined) newestSnapshot.set(row.id, row.snapshot);
    const found = row.templateId ? tmpl.has(row.templateId) : false;
    launch.set(row.id, found ? refsOf(tmpl.get(row.templateId!), row.templateId!) : { templateId: null, subnetId: null, securityGroupIds: [], instanceProfile: null, instanceType: null });
  }
  const subnetIds = [...new Set([...[...launch.values()].map((l) => l.subnetId), ...extra.subnetIds].filter((x): x is string => !!x))];
  const groupIds = [...new Set([...[...launch.values()].flatMap((l) => l.securityGroupIds), ...extra.securityGroupIds])];

  // Filters, not ids: EC2 answers an unknown id with an error; a filter simply leaves it out.
  const subnets = new Map<string, string>();
  const securityGroups = new Set<string>();
  await Promise.all([
    ...chunks(subnetIds).map(async (batch) => {
      let NextToken: string | undefined;
      do {
        const r = await e.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'subnet-id', Values: batch }], MaxResults: 1000, NextToken }));
        for (const s of r.Subnets ?? []) subnets.set(s.SubnetId!, s.AvailabilityZone!);
        NextToken = r.NextToken;
      } while (NextToken);
    }),
    ...chunks(groupIds).map(async (batch) => {
      let NextToken: string | undefined;
      do {
        const r = await e.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-id', Values: batch }], MaxResults: 1000, NextToken }));
        for (const g of r.SecurityGroups ?? []) securityGroups.add(g.GroupId!);
        NextToken = r.NextToken;
      } while (NextToken);
    }),
  ]);
  const zones = [...new Set(subnets.values())];
  const types = [...new Set([...[...launch.values()].map((l) => l.instanceType), ...extra.instanceTypes].filter((x): x is string => !!x))];
  let offered: Set<string> | null = new Set<string>();
  if (zones.length && types.length) {
    let NextToken: string | undefined;
    do {
      const r = await e
        .send(
        new DescribeInstanceTypeOfferingsCommand({
          LocationType: 'availability-zone',
          Filters: [
            { Name: 'location', Values: zones },
            { Name: 'instance-type', Values: types },
          ],
          MaxResults: 1000,
          NextToken,
        }),
        )
        .catch(skip('instanceTypeOfferings'));
      if (!r) {
        offered = null;
        break;
      }
      for (const o of r.InstanceTypeOfferings ?? []) offered.add(`${o.Location}|${o.InstanceType}`);
      NextToken = r.NextToken;
    } while (NextToken);
  }
  return {
    servers: new Map(servers.map((s) => [s.sourceServerID!, s])),
    launch,
    newestSnapshot,
    subnets,
    securityGroups,
    instanceProfiles: await profiles,
    offered,
    recoveryInstances: await recoveryInstances,
    activeJobs: await jobs,
    incomplete: [...incomplete].map(([check, reason]) => ({ check, reason })),
  };
}
