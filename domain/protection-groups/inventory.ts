// What DRS holds: source servers of a region, mapped to the schema's SourceServer, and tag matching.
import { DescribeSourceServersCommand, type SourceServer as DrsSourceServer } from '@aws-sdk/client-drs';
import { drs } from '../target-accounts/clients.ts';
import { AppError } from '../../platform/errors.ts';
import type { SourceServer, Tag } from '../../platform/generated/graphql.ts';

export type Server = Omit<SourceServer, 'assignedProtectionGroupId' | 'assignedProtectionGroupName'>;

export function drsError(region: string, e: unknown): never {
  if ((e as Error).name === 'UninitializedAccountException') {
    throw new AppError(
      'DRS_NOT_INITIALIZED',
      `DRS is not initialized in region ${region}. Complete the DRS initialization wizard in the AWS Console ` +
        `(Elastic Disaster Recovery → Get started) for ${region}, then retry.`,
      { region },
    );
  }
  throw e;
}

function toServer(s: DrsSourceServer, region: string): Server {
  const hints = s.sourceProperties?.identificationHints;
  const nics = s.sourceProperties?.networkInterfaces ?? [];
  const nic = nics.find((n) => n.isPrimary) ?? nics[0];
  const replicationState = s.dataReplicationInfo?.dataReplicationState ?? null;
  const tags = Object.entries(s.tags ?? {}).map(([key, value]) => ({ key, value }));
  return {
    sourceServerId: s.sourceServerID!,
    hostname: hints?.hostname ?? null,
    nameTag: s.tags?.Name ?? null,
    sourceInstanceId: hints?.awsInstanceID ?? null,
    sourceIp: nic?.ips?.[0] ?? null,
    sourceRegion: s.sourceCloudProperties?.originRegion ?? region,
    sourceAccount: s.sourceCloudProperties?.originAccountID ?? null,
    replicationState,
    // DRS can launch from a server whose replication is continuous; anything else is not ready.
    state: replicationState === 'CONTINUOUS' ? 'READY_FOR_RECOVERY' : 'NOT_READY',
    lagDuration: s.dataReplicationInfo?.lagDuration ?? null,
    lastLaunchResult: s.lastLaunchResult ?? null,
    tags,
  };
}

/** Every source server of a region (DRS pages at most 1000 at a time), in `accountId` when given. */
export async function listServers(region: string, ids?: string[], accountId?: string | null): Promise<Server[]> {
  const out: Server[] = [];
  let nextToken: string | undefined;
  try {
    do {
      const page = await drs(region, accountId).send(
        new DescribeSourceServersCommand({
          filters: ids ? { sourceServerIDs: ids } : {},
          maxResults: 1000,
          nextToken,
        }),
      );
      for (const s of page.items ?? []) out.push(toServer(s, region));
      nextToken = page.nextToken;
    } while (nextToken);
  } catch (e) {
    drsError(region, e);
  }
  return out;
}

export function matchesTags(server: Pick<Server, 'tags'>, selection: readonly Tag[]): boolean {
  return selection.every((want) => server.tags.some((t) => t.key === want.key && t.value === want.value));
}

/** The servers a group selects now: its explicit list, or what its tags match in DRS today. */
export async function groupServers(g: {
  region: string;
  accountId?: string | null;
  sourceServerIds: readonly string[];
  serverSelectionTags: readonly Tag[];
}): Promise<Server[]> {
  if (g.sourceServerIds.length) return listServers(g.region, [...g.sourceServerIds], g.accountId);
  return (await listServers(g.region, undefined, g.accountId)).filter((s) => matchesTags(s, g.serverSelectionTags));
}
