// Served by the lookups Lambda (the caller's identity, Cognito for the email, the RBAC table for permissions).
export { request, response } from '../lib/lambda.ts';
