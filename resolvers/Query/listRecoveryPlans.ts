// Served by the recovery-plans Lambda (answers join groups, execution locks and DRS).
export { request, response } from '../lib/lambda.ts';
