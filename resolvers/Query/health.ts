// Served by the lookups Lambda (the table, DRS and Step Functions probed).
export { request, response } from '../lib/lambda.ts';
