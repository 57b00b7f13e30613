// Served by the lookups Lambda (EC2 DescribeSecurityGroups, every page).
export { request, response } from '../lib/lambda.ts';
