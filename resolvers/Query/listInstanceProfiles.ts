// Served by the lookups Lambda (IAM ListInstanceProfiles, every page).
export { request, response } from '../lib/lambda.ts';
