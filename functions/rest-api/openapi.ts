// OpenAPI 3.1 of the façade, generated from its route table (served at GET /openapi.json; `npm run
// openapi` writes openapi.json). Each operation names the GraphQL operations it runs (x-graphql).
import type { Route } from './route.ts';

const ERROR = {
  type: 'object',
  required: ['error', 'message'],
  properties: {
    error: { type: 'string', description: 'The guide\'s error code, e.g. PG_NAME_EXISTS' },
    message: { type: 'string' },
    field: { type: 'string', description: 'The request field at fault' },
    details: { type: 'object', description: 'What the code is about (conflicts, ids, limits)' },
  },
};
const CONTROL_PLANE_ERROR = {
  type: 'object',
  required: ['error', 'timestamp'],
  properties: {
    error: { type: 'object', required: ['code', 'message', 'correlationId'], properties: { code: { type: 'string' }, message: { type: 'string' }, correlationId: { type: 'string' } } },
    timestamp: { type: 'string', format: 'date-time' },
  },
};

function operationId(r: Route): string {
  const words = r.path
    .split('/')
    .filter(Boolean)
    .map((s) => (s.startsWith('{') ? `By-${s.slice(1, -1)}` : s))
    .join('-')
    .split(/[-_]/)
    .map((w) => w[0].toUpperCase() + w.slice(1));
  return r.method.toLowerCase() + words.join('');
}

function errors(r: Route): Record<string, unknown> {
  const schema = { $ref: r.envelope === 'control-plane' ? '#/components/schemas/ControlPlaneError' : '#/components/schemas/Error' };
  const codes: Record<string, string> = {
    '400': 'Invalid request: malformed JSON, a wrong type, a missing field or a rule of the guide',
    ...(r.open ? {} : { '401': 'No token, or not a valid Cognito token', '403': 'Your role may not do this' }),
    ...(r.path.includes('{') ? { '404': 'No such resource (*_NOT_FOUND)' } : {}),
    '405': 'The path exists with other methods (Allow lists them)',
    ...(r.method === 'GET' ? {} : { '409': 'A conflict: a name, a version, an active execution' }),
    '500': 'Internal error; the request id identifies it in the logs',
    ...(r.run ? {} : { '501': 'Not built yet' }),
  };
  return Object.fromEntries(Object.entries(codes).map(([status, description]) => [status, { description, content: { 'application/json': { schema } } }]));
}

function operation(r: Route) {
  const params = [
    ...[...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } })),
    ...(r.query ?? []).map((p) => ({
      name: p.name,
      in: 'query',
      required: p.required ?? false,
      description: p.description,
      schema: { type: p.type ?? 'string', ...(p.enum ? { enum: p.enum } : {}) },
    })),
  ];
  const ok = r.created ? '201' : '200';
  const envelope = r.envelope === 'control-plane' ? ' in the control plane\'s {success, data, timestamp} envelope' : '';
  return {
    operationId: operationId(r),
    summary: r.summary,
    tags: [r.tag],
    ...(r.open ? { security: [] } : {}),
    ...(params.length ? { parameters: params } : {}),
    ...(r.body
      ? { requestBody: { required: r.method !== 'POST' || !!r.body.example, description: r.body.description, content: { 'application/json': { schema: { type: 'object' }, ...(r.body.example ? { example: r.body.example } : {}) } } } }
      : {}),
    responses: { [ok]: { description: `${r.created ? 'Created' : 'OK'}${envelope}`, content: { 'application/json': { schema: { type: 'object' } } } }, ...errors(r) },
    'x-graphql': r.operations,
  };
}

export function openApi(routes: readonly Route[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) (paths[r.path] ??= {})[r.method.toLowerCase()] = operation(r);
  return {
    openapi: '3.1.0',
    info: {
      title: 'drs-orchestrator REST API',
      version,
      description:
        'The REST paths of the DRS orchestration guide, each translated to the GraphQL operation (x-graphql) that implements it. ' +
        'Send a Cognito ID or access token as "Authorization: Bearer <token>" (or the raw token), or invoke the function ' +
        'aws-drs-orchestrator-api-handler-<stage> directly with {httpMethod, path, queryStringParameters, body} (IAM). ' +
        'Execution and wave statuses are lowercase; timestamps named *Date/*Time are epoch seconds.',
    },
    servers: [
      { url: 'http://127.0.0.1:4000', description: 'npm start' },
      { url: 'https://{apiId}.execute-api.{region}.amazonaws.com/{stage}', variables: { apiId: { default: 'api-id' }, region: { default: 'us-east-1' }, stage: { default: 'dev' } } },
    ],
    security: [{ cognito: [] }],
    tags: [...new Set(routes.map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: { cognito: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A Cognito user pool ID or access token' } },
      schemas: { Error: ERROR, ControlPlaneError: CONTROL_PLANE_ERROR },
    },
  };
}
