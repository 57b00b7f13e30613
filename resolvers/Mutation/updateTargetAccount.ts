// Served by the accounts Lambda (it assumes cross-account roles and enforces one registration per account).
export { request, response } from '../lib/lambda.ts';
