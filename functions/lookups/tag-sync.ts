// Tag sync: copies each source EC2 instance's tags onto its DRS source server, so tag-based protection
// groups select what EC2 says. Only tags missing or different on the server are written; `dryRun`
// answers the same changes and writes nothing.
import { TagResourceCommand, type SourceServer } from '@aws-sdk/client-drs';
import { paginateDescribeInstances } from '@aws-sdk/client-ec2';
import { currentAccountId } from '../../platform/aws/sts.ts';
import { drs } from '../../domain/target-accounts/clients.ts';
import { ec2 } from '../../domain/target-accounts/ec2-clients.ts';
import { AppError } from '../../platform/errors.ts';
import type { Tag, TagSyncChange, TagSyncResult } from '../../platform/generated/graphql.ts';
import { validRegion } from '../../domain/protection-groups/validate.ts';
import { describeAllServers } from './drs.ts';

/** Tag keys AWS reserves: DRS refuses them, and they describe the instance, not the server. */
const RESERVED = /^aws:/i;
/** EC2 takes at most 200 values in one filter. */
const INSTANCE_BATCH = 200;
const EC2_PAGE = 1000;
const WRITE_CONCURRENCY = 8;

interface Planned {
  arn: string;
  change: TagSyncChange;
  tags: Record<string, string>;
}

/** The tags of the given instances of one region (instances that no longer exist are simply absent). */
export async function instanceTags(region: string, ids: readonly string[], pageSize = EC2_PAGE): Promise<Map<string, Record<string, string>>> {
  const out = new Map<string, Record<string, string>>();
  for (let i = 0; i < ids.length; i += INSTANCE_BATCH) {
    const Filters = [{ Name: 'instance-id', Values: ids.slice(i, i + INSTANCE_BATCH) }];
    for await (const page of paginateDescribeInstances({ client: ec2(region), pageSize }, { Filters })) {
      for (const r of page.Reservations ?? []) {
        for (const inst of r.Instances ?? []) {
          out.set(inst.InstanceId!, Object.fromEntries((inst.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])));
        }
      }
    }
  }
  return out;
}

/** What must change on a server for its tags to include the instance's (reserved keys left out). */
export function tagDiff(server: Record<string, string>, instance: Record<string, string>): { added: Tag[]; changed: Tag[] } {
  const added: Tag[] = [];
  const changed: Tag[] = [];
  for (const [key, value] of Object.entries(instance).sort(([a], [b]) => a.localeCompare(b))) {
    if (!key || RESERVED.test(key)) continue;
    if (!(key in server)) added.push({ key, value });
    else if (server[key] !== value) changed.push({ key, value });
  }
  return { added, changed };
}

const sourceInstance = (s: SourceServer) => s.sourceProperties?.identificationHints?.awsInstanceID;

async function planRegion(region: string, account: string): Promise<{ scanned: number; planned: Planned[] }> {
  const servers = await describeAllServers(region);
  // The source instance lives in the server's origin region (DRS may replicate across regions); one
  // in another account is not readable with this account's credentials.
  const byOrigin = new Map<string, string[]>();
  const eligible = servers.filter((s) => sourceInstance(s) && (s.sourceCloudProperties?.originAccountID ?? account) === account);
  for (const s of eligible) {
    const origin = s.sourceCloudProperties?.originRegion ?? region;
    byOrigin.set(origin, [...(byOrigin.get(origin) ?? []), sourceInstance(s)!]);
  }
  const tagsOf = new Map<string, Record<string, string>>();
  for (const [origin, ids] of byOrigin) for (const [id, tags] of await instanceTags(origin, [...new Set(ids)])) tagsOf.set(id, tags);

  const planned: Planned[] = [];
  for (const s of eligible) {
    const instanceId = sourceInstance(s)!;
    const tags = tagsOf.get(instanceId);
    if (!tags) continue;
    const { added, changed } = tagDiff(s.tags ?? {}, tags);
    if (!added.length && !changed.length) continue;
    planned.push({
      arn: s.arn!,
      change: { sourceServerId: s.sourceServerID!, sourceInstanceId: instanceId, region, tagsAdded: added, tagsChanged: changed },
      tags: Object.fromEntries([...added, ...changed].map((t) => [t.key, t.value])),
    });
  }
  return { scanned: servers.length, planned };
}

async function write(region: string, planned: Planned[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < planned.length; i = next++) {
      await drs(region).send(new TagResourceCommand({ resourceArn: planned[i].arn, tags: planned[i].tags }));
    }
  };
  await Promise.all(Array.from({ length: Math.min(WRITE_CONCURRENCY, planned.length) }, worker));
}

export async function syncDrsTags(regions: string[] | null | undefined, dryRun?: boolean | null): Promise<TagSyncResult> {
  if (!regions?.length) throw new AppError('MISSING_REGION', 'regions must name at least one region', { field: 'regions' });
  const wanted = [...new Set(regions.map((r) => validRegion(r, 'MISSING_REGION')))];
  const account = await currentAccountId();
  // Read every region first: a region where DRS is not initialized fails the call before any write.
  const plans: Array<{ region: string; planned: Planned[] }> = [];
  let scanned = 0;
  for (const region of wanted) {
    const p = await planRegion(region, account);
    scanned += p.scanned;
    plans.push({ region, planned: p.planned });
  }
  const isDryRun = dryRun ?? false;
  if (!isDryRun) for (const p of plans) await write(p.region, p.planned);
  const changes = plans.flatMap((p) => p.planned.map((x) => x.change));
  return { dryRun: isDryRun, regions: wanted, serversScanned: scanned, serversChanged: changes.length, changes };
}
