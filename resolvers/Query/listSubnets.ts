// Served by the lookups Lambda (EC2 DescribeSubnets, every page).
export { request, response } from '../lib/lambda.ts';
