// Served by the executions Lambda (DRS, Step Functions and the execution locks).
export { request, response } from '../lib/lambda.ts';
