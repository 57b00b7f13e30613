// The caller-facing account answers (getCurrentAccount, listDrsAccounts) and the region list DRS is
// probed in. Which account a lookup reads: domain/target-accounts/lookup.ts.
import { DescribeSourceServersCommand } from '@aws-sdk/client-drs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { Logger } from '@aws-lambda-powertools/logger';
import { currentAccountId } from '../../platform/aws/sts.ts';
import { drs } from '../../domain/target-accounts/clients.ts';
import type { CurrentAccount, DrsAccount } from '../../platform/generated/graphql.ts';
import { listTargetAccounts } from '../../domain/target-accounts/store.ts';

const logger = new Logger({ serviceName: 'lookups' });

/** Regions probed for DRS when env DRS_REGIONS does not name them. */
export const DEFAULT_DRS_REGIONS = ['us-east-1', 'us-west-2', 'us-east-2', 'eu-west-1'];

export function drsRegions(): string[] {
  const listed = (process.env.DRS_REGIONS ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  return listed.length ? [...new Set(listed)] : DEFAULT_DRS_REGIONS;
}


let sts: STSClient | undefined;
export async function getCurrentAccount(): Promise<CurrentAccount> {
  sts ??= new STSClient({});
  const id = await sts.send(new GetCallerIdentityCommand({}));
  return { accountId: id.Account!, arn: id.Arn!, region: process.env.AWS_REGION ?? (await sts.config.region()) };
}

/** Whether DRS answers in a region: an uninitialized region (or one we cannot reach) does not. */
async function drsAnswers(region: string, accountId: string | null): Promise<boolean> {
  try {
    await drs(region, accountId).send(new DescribeSourceServersCommand({ filters: {}, maxResults: 1 }));
    return true;
  } catch (e) {
    if ((e as Error).name !== 'UninitializedAccountException') {
      logger.warn('DRS probe failed', { region, accountId, error: (e as Error).name, message: (e as Error).message });
    }
    return false;
  }
}

const initializedRegions = async (regions: string[], accountId: string | null) => {
  const answers = await Promise.all(regions.map((r) => drsAnswers(r, accountId)));
  return regions.filter((_, i) => answers[i]);
};

/**
 * The DRS-enabled accounts: this one and every registered target account, each with the regions (of
 * DRS_REGIONS) where DRS answers. A target account whose role cannot be assumed answers no regions.
 */
export async function listDrsAccounts(): Promise<DrsAccount[]> {
  const regions = drsRegions();
  const [current, targets] = await Promise.all([currentAccountId(), listTargetAccounts()]);
  const others = targets.filter((t) => t.accountId !== current);
  const [own, ...theirs] = await Promise.all([
    initializedRegions(regions, null),
    ...others.map((t) => initializedRegions(regions, t.accountId)),
  ]);
  return [
    { accountId: current, accountName: null, regions: own, isCurrentAccount: true },
    ...others.map((t, i) => ({ accountId: t.accountId, accountName: t.accountName ?? null, regions: theirs[i], isCurrentAccount: false })),
  ];
}
