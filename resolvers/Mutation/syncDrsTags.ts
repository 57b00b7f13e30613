// Served by the lookups Lambda (EC2 instance tags copied onto DRS source servers).
export { request, response } from '../lib/lambda.ts';
