// Served by the lookups Lambda (EC2 DescribeInstanceTypes, every page).
export { request, response } from '../lib/lambda.ts';
