// Served by the lookups Lambda (DRS limits and current usage from DescribeSourceServers and DescribeJobs).
export { request, response } from '../lib/lambda.ts';
