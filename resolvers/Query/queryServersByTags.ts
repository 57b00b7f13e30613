// Served by the lookups Lambda (DRS source servers matched by tags, with their group assignments).
export { request, response } from '../lib/lambda.ts';
