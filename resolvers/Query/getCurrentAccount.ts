// Served by the lookups Lambda (STS GetCallerIdentity).
export { request, response } from '../lib/lambda.ts';
