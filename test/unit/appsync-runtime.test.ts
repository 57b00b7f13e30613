// The APPSYNC_JS runtime pieces in isolation: util, expressions, subscription filters, the vm loader.
import { describe, expect, it } from 'vitest';
import { evaluateFilter, toSubscriptionFilter, argumentsMatch } from '../../infra/local/appsync/filters.ts';
import { conditionExpression, keyConditionExpression, updateExpression } from '../../infra/local/appsync/runtime/expressions.ts';
import { loadResolverCode } from '../../infra/local/appsync/runtime/loader.ts';
import { appSyncModules, withInvocation, type Invocation } from '../../infra/local/appsync/runtime/util.ts';
import { formatMs, parseFormatted } from '../../infra/local/appsync/runtime/time.ts';
import { bundle } from '../fixtures/appsync/helpers.ts';

const inv = (): Invocation => ({ fieldName: 'f', parentTypeName: 'Query', authMode: 'AMAZON_COGNITO_USER_POOLS', appendedErrors: [], invalidations: [], responseHeaders: {} });
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const { util, extensions } = appSyncModules()['@aws-appsync/utils'] as any;

describe('subscription filters', () => {
  const payload = { id: 'a', count: 5, name: 'alpha', tags: ['x', 'y'], nested: { level: 2 } };
  const one = (fieldName: string, operator: string, value: unknown) => evaluateFilter(payload, { filterGroup: [{ filters: [{ fieldName, operator, value }] }] });

  it('implements every operator AppSync supports', () => {
    expect(one('count', 'eq', 5)).toBe(true);
    expect(one('count', 'ne', 5)).toBe(false);
    expect(one('count', 'le', 5) && one('count', 'lt', 6) && one('count', 'ge', 5) && one('count', 'gt', 4)).toBe(true);
    expect(one('count', 'lt', 5)).toBe(false);
    expect(one('name', 'contains', 'lph') && one('tags', 'contains', 'x')).toBe(true);
    expect(one('name', 'notContains', 'zz') && one('tags', 'notContains', 'z')).toBe(true);
    expect(one('name', 'beginsWith', 'al')).toBe(true);
    expect(one('count', 'in', [1, 5]) && one('count', 'notIn', [1, 2])).toBe(true);
    expect(one('count', 'between', [5, 9]) && !one('count', 'between', [6, 9])).toBe(true);
    expect(one('tags', 'containsAny', ['q', 'y']) && !one('tags', 'containsAny', ['q'])).toBe(true);
    expect(one('nested.level', 'eq', 2)).toBe(true);
  });

  it('ANDs within a group and ORs across groups', () => {
    const f = { filterGroup: [
      { filters: [{ fieldName: 'count', operator: 'gt', value: 10 }, { fieldName: 'id', operator: 'eq', value: 'a' }] },
      { filters: [{ fieldName: 'name', operator: 'eq', value: 'alpha' }] },
    ] };
    expect(evaluateFilter(payload, f)).toBe(true);
    expect(evaluateFilter({ ...payload, name: 'beta' }, f)).toBe(false);
  });

  it('builds filter groups with util.transform.toSubscriptionFilter (or, and, ignored fields, rules)', () => {
    expect(toSubscriptionFilter({ a: { eq: 1 }, or: [{ b: { eq: 2 } }, { c: { gt: 3 } }], skip: { eq: 0 } }, ['skip'])).toEqual({
      filterGroup: [
        { filters: [{ fieldName: 'a', operator: 'eq', value: 1 }, { fieldName: 'b', operator: 'eq', value: 2 }] },
        { filters: [{ fieldName: 'a', operator: 'eq', value: 1 }, { fieldName: 'c', operator: 'gt', value: 3 }] },
      ],
    });
    expect(toSubscriptionFilter({ a: { eq: 1 } }, [], { r1: { eq: 'x' }, r2: { eq: 'y' } }).filterGroup).toHaveLength(2);
  });

  it('matches subscription arguments against result fields, given ones only', () => {
    expect(argumentsMatch({ id: 'a', status: null }, payload)).toBe(true);
    expect(argumentsMatch({ id: 'b' }, payload)).toBe(false);
    expect(argumentsMatch({ missing: 'x' }, payload)).toBe(false);
  });
});

describe('DynamoDB expressions', () => {
  it('writes filter/condition expressions as AppSync does', () => {
    expect(JSON.parse(util.transform.toDynamoDBFilterExpression({ title: { contains: 'Hello World' } }))).toEqual({
      expression: '(contains(#title, :title_contains))',
      expressionNames: { '#title': 'title' },
      expressionValues: { ':title_contains': { S: 'Hello World' } },
    });
    const c = conditionExpression({ version: { eq: 3 }, or: [{ a: { attributeExists: false } }, { b: { between: [1, 2] } }] })!;
    expect(c.expression).toBe('(#version = :version_eq) AND ((attribute_not_exists(#a)) OR (#b BETWEEN :or_1_b_between_0 AND :or_1_b_between_1))');
    expect(c.expressionValues).toEqual({ ':version_eq': { N: '3' }, ':or_1_b_between_0': { N: '1' }, ':or_1_b_between_1': { N: '2' } });
  });

  it('writes key conditions and update expressions', () => {
    expect(keyConditionExpression({ pk: { eq: 'P' }, sk: { beginsWith: 'X#' } }).expression).toBe('#pk = :pk_eq AND begins_with(#sk, :sk_beginsWith)');
    expect(updateExpression({ a: 1, b: { _type: 'remove' }, c: { _type: 'increment', by: 2 } }).expression).toBe('SET #a = :a ADD #c :c REMOVE #b');
  });
});

describe('util', () => {
  it('encodes, decodes and generates ids', () => {
    expect(util.urlEncode("a b&c=d/é!'")).toBe('a+b%26c%3Dd%2F%C3%A9%21%27');
    expect(util.urlDecode('a+b%26c')).toBe('a b&c');
    expect(util.base64Decode(util.base64Encode('héllo'))).toBe('héllo');
    expect(util.autoId()).toMatch(/^[0-9a-f-]{36}$/);
    expect(util.autoUlid()).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(util.autoKsuid()).toHaveLength(27);
    expect(util.escapeJavaScript('a"b\n')).toBe('a\\"b\\n');
    expect(util.dynamodb.toDynamoDB({ a: [1, 'x', null, true] })).toEqual({ M: { a: { L: [{ N: '1' }, { S: 'x' }, { NULL: true }, { BOOL: true }] } } });
    expect(util.dynamodb.toMapValues({ n: 1 })).toEqual({ n: { N: '1' } });
  });

  it('formats and parses time with Java patterns and time zones', () => {
    const ms = Date.UTC(2024, 0, 31, 13, 5, 9, 42);
    expect(formatMs(ms, "yyyy-MM-dd'T'HH:mm:ss.SSSZ")).toBe('2024-01-31T13:05:09.042+0000');
    expect(formatMs(ms, 'dd MMM yyyy HH:mm XXX', 'Asia/Kolkata')).toBe('31 Jan 2024 18:35 +05:30');
    expect(parseFormatted('2024-01-31 18:35:09+0530', 'yyyy-MM-dd HH:mm:ssZ')).toBe(Date.UTC(2024, 0, 31, 13, 5, 9));
    expect(util.time.epochMilliSecondsToISO8601(ms)).toBe('2024-01-31T13:05:09.042Z');
    expect(util.time.parseISO8601ToEpochMilliSeconds('2024-01-31T13:05:09.042Z')).toBe(ms);
    expect(util.time.nowEpochSeconds()).toBeCloseTo(Date.now() / 1000, -1);
  });

  it('throws field errors and records appended errors, filters and auth type for the current invocation', () => {
    const i = inv();
    expect(() => withInvocation(i, () => util.error('m', 'T', { d: 1 }, { e: 2 }))).toThrowError(expect.objectContaining({ message: 'm', errorType: 'T', data: { d: 1 }, errorInfo: { e: 2 } }));
    withInvocation(i, () => util.appendError('x', 'Y'));
    expect(i.appendedErrors.map((e) => [e.message, e.errorType])).toEqual([['x', 'Y']]);
    expect(() => withInvocation(i, () => util.unauthorized())).toThrowError('Not Authorized to access f on type Query');
    withInvocation(i, () => extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter({ a: { eq: 1 } })));
    expect(i.subscriptionFilter).toEqual({ filterGroup: [{ filters: [{ fieldName: 'a', operator: 'eq', value: 1 }] }] });
    expect(() => withInvocation(i, () => extensions.setSubscriptionFilter({ filterGroup: [{ filters: [{ fieldName: 'a', operator: 'like', value: 1 }] }] }))).toThrow(/operator/);
    expect(withInvocation(i, () => util.authType())).toBe('User Pool Authorization');
  });
});

describe('vm loader', () => {
  it('runs a bundle with the globals APPSYNC_JS offers and nothing from Node', async () => {
    const code = await bundle(`
      export function request(ctx) { return { payload: { id: util.autoId(), hasProcess: typeof globalThis.process, hasRequire: typeof globalThis.require, hasTimer: typeof globalThis.setTimeout, hasModule: typeof globalThis.module } }; }
      export function response(ctx) { return ctx.result; }`);
    const mod = loadResolverCode(code, 'probe.js');
    const out = withInvocation(inv(), () => mod.request!({})) as { payload: Record<string, string> };
    expect(out.payload).toMatchObject({ hasProcess: 'undefined', hasRequire: 'undefined', hasTimer: 'undefined', hasModule: 'undefined' });
    expect(out.payload.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses imports other than @aws-appsync/utils', async () => {
    const code = 'import fs from "node:fs"; export function request() { return fs; }';
    expect(() => loadResolverCode(code, 'bad.js')).toThrow(/cannot import 'node:fs'/);
  });
});
