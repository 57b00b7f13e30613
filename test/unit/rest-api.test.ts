// The REST façade's pure parts: reading both doors' events, finding routes (404/405), turning GraphQL
// coercion errors into the guide's codes, the guide's shapes, and the OpenAPI document.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromGraphQL, fromValidation } from '../../functions/rest-api/api.ts';
import { handle } from '../../functions/rest-api/handler.ts';
import { readEvent } from '../../functions/rest-api/http.ts';
import { ROUTES, findRoute } from '../../functions/rest-api/routes/index.ts';
import { executionOut, groupOut } from '../../functions/rest-api/shapes.ts';
import type { Execution, ProtectionGroup } from '../../platform/generated/graphql.ts';
import { AppError } from '../../platform/errors.ts';
import { openApiText } from '../../infra/openapi.ts';

const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as AppError).code;
  }
  return 'no error';
};

describe('readEvent', () => {
  it("reads the guide's direct-invocation event: null query, a query inside path, body as string or object", () => {
    const r = readEvent({ httpMethod: 'get', path: '/recovery-plans?nameExact=2-Tier%20Recovery', queryStringParameters: null, body: null }, 'id-1');
    expect(r).toMatchObject({ door: 'invoke', method: 'GET', path: '/recovery-plans', query: { nameExact: '2-Tier Recovery' }, body: null, requestId: 'id-1' });
    expect(readEvent({ httpMethod: 'POST', path: '/executions', body: { recoveryPlanId: 'p' } }, 'x').body).toBe('{"recoveryPlanId":"p"}');
    expect(readEvent({ httpMethod: 'GET', path: '/executions/', queryStringParameters: { limit: 10 } }, 'x')).toMatchObject({ path: '/executions', query: { limit: '10' } });
  });

  it('tells the HTTP door by the requestContext API Gateway builds, and decodes base64 bodies', () => {
    const r = readEvent(
      { httpMethod: 'POST', path: '/executions', headers: { Authorization: 't' }, requestContext: { apiId: 'a1', requestId: 'gw-1' }, body: Buffer.from('{"a":1}').toString('base64'), isBase64Encoded: true },
      'x',
    );
    expect(r).toMatchObject({ door: 'http', headers: { authorization: 't' }, body: '{"a":1}', requestId: 'gw-1' });
  });

  it('refuses events that are not the format with 4xx codes', () => {
    expect(codeOf(() => readEvent('GET /health', 'x'))).toBe('INVALID_REQUEST');
    expect(codeOf(() => readEvent({ path: '/health' }, 'x'))).toBe('MISSING_FIELD');
    expect(codeOf(() => readEvent({ httpMethod: 'GET', path: 'health' }, 'x'))).toBe('MISSING_FIELD');
    expect(codeOf(() => readEvent({ httpMethod: 'GET', path: '/health', queryStringParameters: 'a=b' }, 'x'))).toBe('INVALID_REQUEST');
    expect(codeOf(() => readEvent({ httpMethod: 'GET', path: '/%E0%A4%A' }, 'x'))).toBe('INVALID_REQUEST');
  });
});

describe('findRoute', () => {
  it('finds parameters, prefers literal paths, and answers 404 and 405', () => {
    expect(findRoute('GET', '/executions/e-1/job-logs')).toMatchObject({ route: { path: '/executions/{executionId}/job-logs' }, params: { executionId: 'e-1' } });
    expect(findRoute('POST', '/protection-groups/resolve').route.path).toBe('/protection-groups/resolve');
    expect(findRoute('POST', '/protection-groups/g-1/resolve').params).toEqual({ id: 'g-1' });
    expect(codeOf(() => findRoute('GET', '/protection-groups/resolve'))).toBe('METHOD_NOT_ALLOWED');
    expect(codeOf(() => findRoute('PATCH', '/protection-groups'))).toBe('METHOD_NOT_ALLOWED');
    expect(codeOf(() => findRoute('GET', '/nope'))).toBe('NOT_FOUND');
  });

  it('has one route per method and path, and every documented path of the guide', () => {
    const keys = ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    const guide = readFileSync(new URL('../fixtures/seeds/000_af5dc000b6675403.txt', import.meta.url), 'utf8');
    const reference = guide.slice(guide.indexOf('## API Endpoints Reference'), guide.indexOf('### 10. RBAC System'));
    const documented = [...reference.matchAll(/^\| (GET|POST|PUT|DELETE)\s+\| `([^`?]+)(?:\?[^`]*)?`/gm)].map((m) => `${m[1]} ${m[2].replace('{executionId}', '{executionId}')}`);
    expect(documented.length).toBe(44);
    for (const d of documented) expect(keys, d).toContain(d);
  });
});

describe('GraphQL errors', () => {
  it('turns coercion messages into MISSING_FIELD or INVALID_REQUEST with the field', () => {
    expect(fromValidation('Variable "$input" got invalid value { region: "x" }; Field "name" of required type "String!" was not provided.')).toMatchObject({
      code: 'MISSING_FIELD',
      details: { field: 'name' },
    });
    expect(fromValidation('Variable "$input" got invalid value 5 at "input.waves[0].name"; String cannot represent a non string value: 5')).toMatchObject({
      code: 'INVALID_REQUEST',
      message: 'waves[0].name: String cannot represent a non string value: 5',
    });
    expect(fromValidation('Variable "$id" of required type "ID!" was not provided.')).toMatchObject({ code: 'MISSING_FIELD', details: { field: 'id' } });
  });

  it("keeps the guide's codes, and hides what is not the caller's to read", () => {
    expect(fromGraphQL({ message: 'x', errorType: 'PG_NAME_EXISTS', errorInfo: { field: 'name' } }, 200, 'Mutation.createProtectionGroup')).toMatchObject({ code: 'PG_NAME_EXISTS' });
    expect(fromGraphQL({ message: 'Not Authorized to access x on type Mutation', errorType: 'Unauthorized' }, 200, 'Mutation.x').code).toBe('FORBIDDEN');
    expect(fromGraphQL({ message: 'x' }, 401, 'Query.x').code).toBe('UNAUTHORIZED');
    const hidden = fromGraphQL({ message: 'DynamoDB said ResourceNotFoundException', errorType: 'Lambda:Unhandled' }, 200, 'Query.x');
    expect(hidden.code).toBe('INTERNAL_ERROR');
    expect(hidden.message).not.toMatch(/DynamoDB|Exception/);
  });
});

describe('handle without a stack', () => {
  it('answers 404, 405 (with Allow) and 501 in each document’s envelope before any GraphQL call', async () => {
    const nf = await handle({ httpMethod: 'GET', path: '/nope' }, 'r1');
    expect(nf.statusCode).toBe(404);
    expect(JSON.parse(nf.body)).toMatchObject({ error: 'NOT_FOUND' });
    const bad = await handle({ httpMethod: 'DELETE', path: '/health' }, 'r2');
    expect(bad).toMatchObject({ statusCode: 405, headers: { allow: 'GET' } });
    // A documented path with no GraphQL operation yet (none once every document is built).
    const planned = ROUTES.find((r) => !r.run && !r.path.includes('{'));
    if (planned) {
      const r = await handle({ httpMethod: planned.method, path: planned.path, body: '{}' }, 'r3');
      expect(r.statusCode).toBe(501);
      if (planned.envelope === 'control-plane') {
        expect(JSON.parse(r.body)).toMatchObject({ error: { code: 'NotImplemented', correlationId: 'r3' }, timestamp: expect.any(String) });
      }
    }
    const malformed = await handle({ httpMethod: 'POST' }, 'r4');
    expect(malformed.statusCode).toBe(400);
  });

  it('serves its OpenAPI document, and the committed openapi.json is current', async () => {
    const r = await handle({ httpMethod: 'GET', path: '/openapi.json' }, 'r5');
    const doc = JSON.parse(r.body);
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.values(doc.paths as Record<string, object>).flatMap((p) => Object.keys(p));
    expect(operations.length).toBe(ROUTES.length);
    expect(doc.paths['/health'].get.security).toEqual([]);
    expect(doc.paths['/executions'].post['x-graphql']).toEqual(['Mutation.startExecution']);
    expect(readFileSync(new URL('../../openapi.json', import.meta.url), 'utf8'), 'run npm run openapi').toBe(openApiText());
  });
});

describe('shapes', () => {
  it("answers the guide's field names: epoch seconds, tag maps, PascalCase or camelCase LaunchConfig", () => {
    const g = {
      id: 'g', version: 2, name: 'DB', description: null, region: 'us-east-1', accountId: null, sourceServerIds: [],
      serverSelectionTags: [{ key: 'Tier', value: 'DB' }],
      launchConfig: { subnetId: 'subnet-1', securityGroupIds: null, instanceType: null, instanceProfileName: null, copyPrivateIp: null, copyTags: true, licensing: { osByol: null }, targetInstanceTypeRightSizingMethod: null, launchDisposition: null },
      launchConfigApplyResults: null, createdAt: '2023-12-13T20:40:00.000Z', updatedAt: '2023-12-13T20:41:40.000Z',
    } as unknown as ProtectionGroup;
    expect(groupOut(g)).toMatchObject({ serverSelectionTags: { Tier: 'DB' }, launchConfig: { SubnetId: 'subnet-1', CopyTags: true }, createdDate: 1702500000, lastModifiedDate: 1702500100 });
    expect(groupOut(g, 'camel').launchConfig).toEqual({ subnetId: 'subnet-1', copyTags: true });
  });

  it('answers execution and wave statuses in lowercase with both id spellings', () => {
    const e = {
      id: 'e', recoveryPlanId: 'p', recoveryPlanName: 'P', executionType: 'DRILL', status: 'IN_PROGRESS', currentWave: 1, totalWaves: 1,
      startTime: '2023-12-13T20:45:00.000Z', endTime: null, waves: [{ waveNumber: 1, name: 'W', status: 'COMPLETED', pauseBeforeWave: false, dependsOn: [], jobIds: [], servers: [] }],
    } as unknown as Execution;
    expect(executionOut(e)).toMatchObject({ id: 'e', ExecutionId: 'e', executionId: 'e', status: 'in_progress', startTime: 1702500300, waves: [{ status: 'completed' }] });
  });

  it("answers the verified audit under the guide's names and the caller's claims beside it (null when none)", () => {
    const base = {
      id: 'e', recoveryPlanId: 'p', recoveryPlanName: 'P', executionType: 'DRILL', status: 'PENDING', currentWave: null, totalWaves: 1,
      startTime: '2023-12-13T20:45:00.000Z', endTime: null, waves: [],
      initiatedBy: 'operator', startedBy: 'operator', invocationSource: 'AMAZON_COGNITO_USER_POOLS',
    };
    const claimed = executionOut({ ...base, claimedInitiatedBy: 'admin', claimedInvocationSource: 'AWS_IAM' } as unknown as Execution);
    expect(claimed).toMatchObject({ initiatedBy: 'operator', startedBy: 'operator', invocationSource: 'AMAZON_COGNITO_USER_POOLS', claimedInitiatedBy: 'admin', claimedInvocationSource: 'AWS_IAM' });
    // An execution stored before the claimed fields existed.
    expect(executionOut(base as unknown as Execution)).toMatchObject({ initiatedBy: 'operator', claimedInitiatedBy: null, claimedInvocationSource: null });
  });
});
