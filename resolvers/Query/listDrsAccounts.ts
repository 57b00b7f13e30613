// Served by the lookups Lambda (STS and a DRS probe per region).
export { request, response } from '../lib/lambda.ts';
