// `npm start`: the local stack on embedded defaults, until Ctrl-C. DATA_DIR=<dir> keeps DynamoDB
// Local's data and the emulated DRS/EC2 state in <dir> across restarts (in memory without it), and
// continues the executions still in progress when it starts again (./persist.ts).
import { startStack } from './stack.ts';

// The SDK warns that Node 20 support ends in 2027; Lambda runs nodejs22.x, this only runs locally.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const t0 = Date.now();
const stack = await startStack({
  port: Number(process.env.PORT ?? 4000),
  awsPort: Number(process.env.AWS_EMULATOR_PORT ?? 4566),
  simSpeed: process.env.SIM_SPEED ? Number(process.env.SIM_SPEED) : undefined,
  dataDir: process.env.DATA_DIR || null,
  log: (line) => console.log(line),
}).catch((e: Error) => {
  console.error(`drs-orchestrator: ${e.message}`);
  process.exit(1);
});
const e = stack.endpoints;
console.log(`drs-orchestrator local stack ready in ${Date.now() - t0} ms
  GraphQL     ${e.graphql}${e.graphqlHttps ? ` and ${e.graphqlHttps}` : ''}
  Real-time   ${e.realtime}${e.realtimeWss ? ` and ${e.realtimeWss}` : ''}
  REST        ${e.rest} (the guide's paths; OpenAPI at ${e.rest}/openapi.json)
  Dashboard   ${e.restHttps ?? e.rest}/dashboard/ (live drills; Amplify config: .local/amplify_outputs.json)
  GraphiQL    ${e.graphqlHttps ?? e.graphql} (open it in a browser: log in or paste a token)${e.caFile ? `
  TLS         one port for http/https and ws/wss; trust the local CA: NODE_EXTRA_CA_CERTS=${e.caFile}` : ''}
  Lambda      aws lambda invoke --function-name aws-drs-orchestrator-api-handler-${e.stage} (AWS_ENDPOINT_URL=${e.awsEndpoint})
  AWS         ${e.awsEndpoint} (DRS, EC2, IAM, STS, Cognito, Step Functions, Lambda Invoke)
              AWS_ENDPOINT_URL=${e.awsEndpoint} AWS_ACCESS_KEY_ID=${e.credentials.accessKeyId} AWS_SECRET_ACCESS_KEY=${e.credentials.secretAccessKey} (fixed local keys)
  DynamoDB    ${e.dynamodbEndpoint} (DynamoDB Local)
  Users       ${e.users.map((u) => u.username).join(', ')} — passwords in .local/endpoints.json
  Data        ${stack.dataDir ? `${stack.dataDir} (kept across restarts; ${stack.reattached.length} execution(s) continued)` : 'in memory (set DATA_DIR to keep it)'}
Ctrl-C stops everything.`);

let stopping = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, async () => {
    if (stopping) return;
    stopping = true;
    console.log('stopping…');
    await stack.stop();
    process.exit(0);
  });
}
