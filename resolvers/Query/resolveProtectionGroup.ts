// Served by the protection-groups Lambda (it calls DRS/EC2 and enforces the multi-item invariants).
export { request, response } from '../lib/lambda.ts';
