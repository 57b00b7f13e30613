// Account-wide DRS activity in a region: the jobs still PENDING or STARTED. It is what DRS counts for
// its concurrent-job and servers-in-active-jobs limits, so the orchestrator (waiting for room) and
// getDrsQuotas (reporting usage) read it the same way.
import { DescribeJobsCommand, type Job } from '@aws-sdk/client-drs';
import { drs } from '../target-accounts/clients.ts';

const ACTIVE = new Set(['PENDING', 'STARTED']);
/** DRS keeps jobs for a while; one running longer than this is not counted. */
const WINDOW_MS = 24 * 60 * 60 * 1000;

export async function activeDrsJobs(region: string, accountId: string | null, pageSize = 1000): Promise<Job[]> {
  return (await drsJobsSince(region, accountId, new Date(Date.now() - WINDOW_MS).toISOString(), pageSize)).filter((j) => ACTIVE.has(j.status ?? ''));
}

/** Every job DRS created in the region since `fromDate`, whatever its status. */
export async function drsJobsSince(region: string, accountId: string | null, fromDate: string, pageSize = 1000): Promise<Job[]> {
  const jobs: Job[] = [];
  let nextToken: string | undefined;
  do {
    const page = await drs(region, accountId).send(new DescribeJobsCommand({ filters: { fromDate }, maxResults: pageSize, nextToken }));
    jobs.push(...(page.items ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return jobs;
}
