// The local AppSync's DynamoDB wire client: errors in the SDK's shape, the SDK's retries (throttling, transient and server errors; not client errors).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DynamoDBWire, type WireError } from '../../infra/local/appsync/dynamodb-wire.ts';

describe('errors and retries', () => {
  let server: http.Server | undefined;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  /** A DynamoDB stand-in answering the given (status, body) pairs in turn; records the targets it was sent. */
  async function serve(answers: Array<[number, unknown]>) {
    const seen: string[] = [];
    server = http.createServer((req, res) => {
      seen.push(String(req.headers['x-amz-target']));
      req.resume();
      const [status, body] = answers[Math.min(seen.length - 1, answers.length - 1)];
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `REQ${seen.length}` });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    const wire = new DynamoDBWire(new URL(`http://127.0.0.1:${(server!.address() as AddressInfo).port}/`), 'us-east-1', async () => ({ accessKeyId: 'a', secretAccessKey: 'b' }));
    return { wire, seen };
  }

  it('answers the output as DynamoDB wrote it', async () => {
    const { wire, seen } = await serve([[200, { Item: { pk: { S: 'a' }, b: { B: 'AQID' } } }]]);
    expect(await wire.call('GetItem', { TableName: 't' })).toEqual({ Item: { pk: { S: 'a' }, b: { B: 'AQID' } } });
    expect(seen).toEqual(['DynamoDB_20120810.GetItem']);
  });

  it('throws a client error at once, named and worded as the SDK names it, with its members', async () => {
    const { wire, seen } = await serve([[400, {
      __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException', Message: 'Transaction cancelled [ConditionalCheckFailed]',
      CancellationReasons: [{ Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' }],
    }]]);
    const e = (await wire.call('TransactWriteItems', {}).catch((x) => x)) as WireError;
    expect(e.name).toBe('TransactionCanceledException');
    expect(e.message).toBe('Transaction cancelled [ConditionalCheckFailed]');
    expect(e.CancellationReasons).toEqual([{ Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' }]);
    expect(e.$metadata).toMatchObject({ httpStatusCode: 400, requestId: 'REQ1', attempts: 1 });
    expect(seen).toHaveLength(1);
  });

  it('retries throttling and server errors up to three attempts', async () => {
    const throttled = await serve([[400, { __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException', message: 'slow down' }], [500, ''], [200, { Count: 0 }]]);
    expect(await throttled.wire.call('Query', {})).toEqual({ Count: 0 });
    expect(throttled.seen).toHaveLength(3);
    await new Promise<void>((r) => server!.close(() => r()));
    const failing = await serve([[503, 'unavailable']]);
    const e = (await failing.wire.call('Query', {}).catch((x) => x)) as WireError;
    expect([e.name, e.message, e.$metadata.httpStatusCode, e.$metadata.attempts]).toEqual(['Unknown', 'UnknownError', 503, 3]);
    expect(failing.seen).toHaveLength(3);
  });
});
