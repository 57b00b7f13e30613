// Served by the configuration Lambda (it reads every group and plan, and imports through their rules).
export { request, response } from '../lib/lambda.ts';
