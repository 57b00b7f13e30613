// DRS lookups: servers by tags (the protection groups' own rule) and the DRS quotas with their usage.
import { DescribeSourceServersCommand, type SourceServer } from '@aws-sdk/client-drs';
import { drsLimits } from '../../platform/settings.ts';
import { drs } from '../../domain/target-accounts/clients.ts';
import { activeDrsJobs } from '../../domain/executions/drs-jobs.ts';
import type { DrsQuotas, ServerTagQueryResult, TagInput } from '../../platform/generated/graphql.ts';
import { previewByTags } from '../../domain/protection-groups/service.ts';
import { drsError } from '../../domain/protection-groups/inventory.ts';
import { validRegion } from '../../domain/protection-groups/validate.ts';
import { lookupAccount } from '../../domain/target-accounts/lookup.ts';

/** DRS answers at most this many items a page. */
export const DRS_PAGE = 1000;

/** Servers whose tags include every given tag; the same matching and assignments as previewServersByTags. */
export async function queryServersByTags(region: string, tags: TagInput[], accountId?: string | null): Promise<ServerTagQueryResult> {
  // The one implementation of tag matching (and of the account check) is the protection groups'.
  return previewByTags(validRegion(region, 'MISSING_REGION'), tags, accountId);
}

/** Every source server of a region as DRS describes it (all pages). */
export async function describeAllServers(region: string, accountId: string | null = null, pageSize = DRS_PAGE): Promise<SourceServer[]> {
  const out: SourceServer[] = [];
  let nextToken: string | undefined;
  try {
    do {
      const page = await drs(region, accountId).send(new DescribeSourceServersCommand({ filters: {}, maxResults: pageSize, nextToken }));
      out.push(...(page.items ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
  } catch (e) {
    drsError(region, e);
  }
  return out;
}

/** Replication states in which a server does not take a replicating-server slot. */
const NOT_REPLICATING = new Set(['DISCONNECTED', 'STOPPED']);

export function isReplicating(s: SourceServer): boolean {
  const state = s.dataReplicationInfo?.dataReplicationState;
  return !!state && !NOT_REPLICATING.has(state);
}


/** The DRS limits (read at run time: they are per account and can be raised) and what is used now. */
export async function getDrsQuotas(region: string, accountId?: string | null): Promise<DrsQuotas> {
  const r = validRegion(region, 'MISSING_REGION');
  const account = await lookupAccount(accountId);
  const limits = drsLimits();
  const [servers, active] = await Promise.all([
    describeAllServers(r, account),
    activeDrsJobs(r, account).catch((e) => drsError(r, e)),
  ]);
  // As DRS counts it for its quota: every participating server of every active job.
  const busy = active.reduce((n, j) => n + (j.participatingServers?.length ?? 0), 0);
  return {
    region: r,
    maxReplicatingServers: limits.maxReplicatingServers,
    currentReplicatingServers: servers.filter(isReplicating).length,
    maxConcurrentJobs: limits.maxConcurrentJobs,
    currentActiveJobs: active.length,
    maxServersPerJob: limits.maxServersPerJob,
    maxTotalServersInActiveJobs: limits.maxServersInActiveJobs,
    currentServersInActiveJobs: busy,
  };
}
