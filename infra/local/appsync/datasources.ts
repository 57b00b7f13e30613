// Data sources: what AppSync does with the object a request handler returns. DynamoDB request objects are
// translated to DynamoDB calls (sent over DynamoDB's wire protocol, dynamodb-wire.ts) and answered in
// AppSync's shapes (items unmarshalled, {items, nextToken, scannedCount} for reads, an opaque nextToken,
// `DynamoDB:<Exception>` error types); Lambda invokes the function with the payload; NONE hands the payload back.
// The nextToken of a Query/Scan/Sync is the LastEvaluatedKey encrypted and authenticated (AES-256-GCM,
// platform/page-token.ts) with the data source's key, bound to the call: the field, the caller (Cognito
// sub / IAM ARN), the table, index, key condition and its values, filter, direction and segment. A token
// that does not open under that binding (junk, altered, another list's or user's, another key, a raw key
// in base64, expired after 24 h) is refused as AppSync refuses a bad token, before DynamoDB is called.
import {
  BatchGetItemCommand, BatchWriteItemCommand, DeleteItemCommand, GetItemCommand, PutItemCommand, QueryCommand,
  ScanCommand, TransactGetItemsCommand, TransactWriteItemsCommand, UpdateItemCommand,
  type AttributeValue, type DynamoDBClient,
  type BatchGetItemCommandInput, type BatchGetItemCommandOutput, type BatchWriteItemCommandInput, type BatchWriteItemCommandOutput,
  type DeleteItemCommandInput, type DeleteItemCommandOutput, type GetItemCommandInput, type GetItemCommandOutput,
  type PutItemCommandInput, type PutItemCommandOutput, type QueryCommandInput, type QueryCommandOutput,
  type ScanCommandInput, type ScanCommandOutput, type TransactGetItemsCommandInput, type TransactGetItemsCommandOutput,
  type TransactWriteItemsCommandInput, type TransactWriteItemsCommandOutput, type UpdateItemCommandInput, type UpdateItemCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { canonicalJson } from '../../../platform/canonical-json.ts';
import { callerOf, derivePageTokenKey, InvalidPageToken, newPageTokenKeyMaterial, openPageToken, sealPageToken } from '../../../platform/page-token.ts';
import { wireFor } from './dynamodb-wire.ts';

export type DataSourceConfig =
  /** tokenKey: the key its nextTokens are sealed with (derivePageTokenKey(material, 'appsync-dynamodb')); one per process when left out. */
  | { kind: 'DYNAMODB'; client: DynamoDBClient; tableName: string; tokenKey?: Buffer }
  | { kind: 'LAMBDA'; invoke(payload: unknown): Promise<unknown> }
  | { kind: 'NONE' };

export interface DataSourceError {
  message: string;
  type: string;
}
export interface DataSourceOutcome {
  result: unknown;
  error?: DataSourceError;
}
/** The resolver call a data source request comes from: what a nextToken is bound to besides the request. */
export interface DataSourceCaller {
  /** "Type.field" */
  field?: string;
  /** ctx.identity */
  identity?: unknown;
}

/** Results built as plain JSON for the call that got them (see invokeDataSource). */
const builtPlain = new WeakSet<object>();

/** True for a data source result that is plain JSON made for this call: what a JSON copy of it would give. */
export function isBuiltPlain(result: unknown): boolean {
  return result !== null && typeof result === 'object' && builtPlain.has(result);
}

type Obj = Record<string, unknown>;
type Typed = Record<string, unknown>;
type Item = Record<string, AttributeValue>;

/** Bytes as the SDK sends them (a Uint8Array) that JSON writes as DynamoDB's wire does (base64). */
class Base64Bytes extends Uint8Array {
  toJSON(): string {
    return Buffer.from(this.buffer as ArrayBuffer, this.byteOffset, this.byteLength).toString('base64');
  }
}

function bytes(v: unknown): Uint8Array {
  const b = typeof v === 'string' ? Buffer.from(v, 'base64') : (v as Uint8Array);
  return new Base64Bytes(b.buffer as ArrayBuffer, b.byteOffset, b.byteLength);
}

/** Typed values as resolvers write them ({N: 5}, B as base64, NULL: null) → what DynamoDB is sent. */
function attr(v: Typed): AttributeValue {
  const [k, val] = Object.entries(v ?? {})[0] ?? ['NULL', true];
  switch (k) {
    case 'S': return { S: String(val) };
    case 'N': return { N: String(val) };
    case 'BOOL': return { BOOL: Boolean(val) };
    case 'NULL': return { NULL: true };
    case 'SS': return { SS: (val as unknown[]).map(String) };
    case 'NS': return { NS: (val as unknown[]).map(String) };
    case 'B': return { B: bytes(val) };
    case 'BS': return { BS: (val as unknown[]).map(bytes) };
    case 'L': return { L: (val as Typed[]).map(attr) };
    case 'M': return { M: item(val as Record<string, Typed>) };
    default: throw new Error(`Unknown DynamoDB attribute type '${k}'`);
  }
}

function item(m: Record<string, Typed> | undefined | null): Item {
  const out: Item = {};
  for (const [k, v] of Object.entries(m ?? {})) out[k] = attr(v);
  return out;
}

/** What resolvers receive: plain JSON (sets as lists, binary as base64). */
function plain(v: unknown): unknown {
  if (v instanceof Set) return [...v].map(plain);
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

/** How many numbers read were not JSON numbers (bigints beyond the safe integers; see invokeDataSource). */
let notJsonNumbers = 0;

/** A DynamoDB number as @aws-sdk/util-dynamodb's unmarshall reads it (a bigint beyond the safe integers). */
function number(n: string): number | bigint {
  const num = Number(n);
  if (!Number.isFinite(num)) notJsonNumbers++;
  else if (num > Number.MAX_SAFE_INTEGER || num < Number.MIN_SAFE_INTEGER) {
    notJsonNumbers++;
    try {
      return BigInt(n);
    } catch {
      throw new Error(`${n} can't be converted to BigInt. Set options.wrapNumbers to get string value.`);
    }
  }
  return num;
}

/**
 * One attribute value → what resolvers receive: exactly `plain(unmarshall(...))` (the first defined type key
 * decides, sets dedupe and become lists, binary becomes base64), in one pass and without the intermediate
 * Sets, entries arrays and copies, since every item of every page goes through here.
 */
function native(av: AttributeValue): unknown {
  const a = av as unknown as Record<string, unknown>;
  for (const key in a) {
    const v = a[key];
    if (v === undefined) continue;
    switch (key) {
      case 'NULL': return null;
      case 'BOOL': return Boolean(v);
      case 'N': return number(v as string);
      case 'S': return v;
      case 'B': return plain(v);
      case 'L': return (v as AttributeValue[]).map(native);
      case 'M': return nativeMap(v as Item);
      case 'NS': return [...new Set((v as string[]).map(number))];
      case 'SS': return [...new Set(v as string[])];
      case 'BS': return [...new Set(v as unknown[])].map(plain);
      default: throw new Error(`Unsupported type passed: ${key}`);
    }
  }
  throw new Error(`No value defined: ${JSON.stringify(av)}`);
}

function nativeMap(m: Item): Obj {
  const out: Obj = {};
  for (const k in m) out[k] = native(m[k]);
  return out;
}

function fromItem(i: Item | undefined | null): Obj | null {
  return i ? nativeMap(i) : null;
}

interface ExprParts {
  expression: string;
  expressionNames?: Record<string, string>;
  expressionValues?: Record<string, Typed>;
}

/** Merges the names/values of several expressions into one request's attribute maps. */
function attrMaps(...exprs: Array<ExprParts | undefined | null>) {
  const names: Record<string, string> = {};
  const values: Item = {};
  for (const e of exprs) {
    if (!e) continue;
    Object.assign(names, e.expressionNames ?? {});
    for (const [k, v] of Object.entries(e.expressionValues ?? {})) values[k] = attr(v);
  }
  return {
    ExpressionAttributeNames: Object.keys(names).length ? names : undefined,
    ExpressionAttributeValues: Object.keys(values).length ? values : undefined,
  };
}

/** The key of data sources configured without one: random, for this process only. */
let processTokenKey: Buffer | undefined;
const tokenKeyOf = (ds: { tokenKey?: Buffer }) => ds.tokenKey ?? (processTokenKey ??= derivePageTokenKey(newPageTokenKeyMaterial(), 'appsync-dynamodb'));

/**
 * What AppSync answers for a nextToken it cannot use (seen from deployed APIs, e.g. aws-amplify/amplify-cli
 * #3411: errorType DynamoDB:UserIllegalArgumentException with this message). The list resolvers
 * (resolvers/lib/listing.ts) answer it to clients as INVALID_NEXT_TOKEN.
 */
export const INVALID_PAGINATION_TOKEN: DataSourceError = {
  type: 'DynamoDB:UserIllegalArgumentException',
  message: 'com.amazonaws.deepdish.common.pagination.InvalidPaginationTokenException: Invalid pagination token given.',
};

class InvalidToken extends Error {}

function encodeToken(key: Item | undefined, tokenKey: Buffer, scope: string): string | null {
  if (!key) return null;
  return sealPageToken(tokenKey, scope, key);
}

function decodeToken(token: unknown, tokenKey: Buffer, scope: string): Item | undefined {
  if (token === undefined || token === null || token === '') return undefined;
  try {
    const key = openPageToken(tokenKey, scope, token);
    if (!key || typeof key !== 'object' || Array.isArray(key)) throw new InvalidPageToken('not a key');
    return key as Item;
  } catch (e) {
    if (e instanceof InvalidPageToken) throw new InvalidToken(e.message);
    throw e;
  }
}

function ddbError(e: unknown): DataSourceError {
  const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number; requestId?: string } };
  if (e instanceof InvalidToken) return { ...INVALID_PAGINATION_TOKEN };
  const status = err.$metadata?.httpStatusCode ?? 400;
  const requestId = err.$metadata?.requestId ?? randomUUID().replace(/-/g, '').toUpperCase();
  return {
    type: `DynamoDB:${err.name ?? 'UnknownException'}`,
    message: `${err.message ?? 'Unknown error'} (Service: DynamoDb, Status Code: ${status}, Request ID: ${requestId})`,
  };
}

function sameItem(a: Obj | null, b: Obj | null, ignore: string[] = []): boolean {
  const strip = (o: Obj | null) => (o ? Object.fromEntries(Object.entries(o).filter(([k]) => !ignore.includes(k)).sort(([x], [y]) => (x < y ? -1 : 1))) : null);
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}

function keySignature(key: Item, names: string[]): string {
  return JSON.stringify(names.map((n) => key[n]));
}

interface Operations {
  GetItem: [GetItemCommandInput, GetItemCommandOutput];
  PutItem: [PutItemCommandInput, PutItemCommandOutput];
  UpdateItem: [UpdateItemCommandInput, UpdateItemCommandOutput];
  DeleteItem: [DeleteItemCommandInput, DeleteItemCommandOutput];
  Query: [QueryCommandInput, QueryCommandOutput];
  Scan: [ScanCommandInput, ScanCommandOutput];
  BatchGetItem: [BatchGetItemCommandInput, BatchGetItemCommandOutput];
  BatchWriteItem: [BatchWriteItemCommandInput, BatchWriteItemCommandOutput];
  TransactGetItems: [TransactGetItemsCommandInput, TransactGetItemsCommandOutput];
  TransactWriteItems: [TransactWriteItemsCommandInput, TransactWriteItemsCommandOutput];
}

/** One DynamoDB operation: its input as the SDK's command takes it, its output as the command answers it. */
type Call = <K extends keyof Operations>(operation: K, input: Operations[K][0]) => Promise<Operations[K][1]>;

const COMMANDS: Record<keyof Operations, unknown> = {
  GetItem: GetItemCommand, PutItem: PutItemCommand, UpdateItem: UpdateItemCommand, DeleteItem: DeleteItemCommand,
  Query: QueryCommand, Scan: ScanCommand, BatchGetItem: BatchGetItemCommand, BatchWriteItem: BatchWriteItemCommand,
  TransactGetItems: TransactGetItemsCommand, TransactWriteItems: TransactWriteItemsCommand,
};

/**
 * Straight over DynamoDB's wire protocol when the client was given an endpoint (always, locally: see
 * dynamodb-wire.ts for why), else through the SDK client itself. Both answer the same shapes: binary comes
 * back as base64 text from the wire and as bytes from the SDK, and `native` reads both the same way.
 */
async function caller(client: DynamoDBClient): Promise<Call> {
  const wire = await wireFor(client);
  // The wire answers DynamoDB's JSON, which is the commands' output shapes but for binary (base64 text).
  if (wire) return ((operation: string, input: object) => wire.call(operation, input)) as Call;
  return ((operation: keyof Operations, input: object) => {
    const Command = COMMANDS[operation] as new (i: object) => Parameters<DynamoDBClient['send']>[0];
    return client.send(new Command(input));
  }) as Call;
}

async function dynamodb(ds: Extract<DataSourceConfig, { kind: 'DYNAMODB' }>, req: Obj, from: DataSourceCaller): Promise<DataSourceOutcome> {
  const { tableName: TableName } = ds;
  const projection = req.projection as ExprParts | undefined;
  const condition = req.condition as (ExprParts & { equalsIgnore?: string[]; consistentRead?: boolean; conditionalCheckFailedHandler?: { strategy?: string } }) | undefined;
  const key = item(req.key as Record<string, Typed>);
  try {
    const call = await caller(ds.client);
    switch (req.operation) {
      case 'GetItem': {
        const r = await call('GetItem', {
          TableName, Key: key, ConsistentRead: req.consistentRead as boolean | undefined,
          ProjectionExpression: projection?.expression, ...attrMaps(projection),
        });
        return { result: fromItem(r.Item) };
      }
      case 'PutItem': {
        const Item = { ...item(req.attributeValues as Record<string, Typed>), ...key };
        try {
          await call('PutItem', { TableName, Item, ConditionExpression: condition?.expression, ...attrMaps(condition) });
        } catch (e) {
          // AppSync treats a failed condition as success when the stored item already is what was asked for.
          if ((e as Error).name === 'ConditionalCheckFailedException' && condition?.conditionalCheckFailedHandler?.strategy !== 'Reject') {
            const cur = await call('GetItem', { TableName, Key: key, ConsistentRead: true });
            if (sameItem(fromItem(cur.Item), fromItem(Item), condition?.equalsIgnore)) return { result: fromItem(Item) };
          }
          throw e;
        }
        return { result: fromItem(Item) };
      }
      case 'UpdateItem': {
        const update = req.update as ExprParts;
        const r = await call('UpdateItem', {
          TableName, Key: key, UpdateExpression: update.expression, ConditionExpression: condition?.expression,
          ReturnValues: 'ALL_NEW', ...attrMaps(update, condition),
        });
        return { result: fromItem(r.Attributes) };
      }
      case 'DeleteItem': {
        try {
          const r = await call('DeleteItem', {
            TableName, Key: key, ConditionExpression: condition?.expression, ReturnValues: 'ALL_OLD', ...attrMaps(condition),
          });
          return { result: fromItem(r.Attributes) };
        } catch (e) {
          // Deleting what is already gone is what was asked for.
          if ((e as Error).name === 'ConditionalCheckFailedException' && condition?.conditionalCheckFailedHandler?.strategy !== 'Reject') {
            const cur = await call('GetItem', { TableName, Key: key, ConsistentRead: true });
            if (!cur.Item) return { result: null };
          }
          throw e;
        }
      }
      case 'Query':
      case 'Scan':
      case 'Sync': {
        const filter = req.filter as ExprParts | undefined;
        const query = req.query as ExprParts | undefined;
        // What the token is bound to: everything that decides which items the listing walks, not the page size.
        const scope = canonicalJson({
          field: from.field ?? null, caller: callerOf(from.identity), table: TableName, operation: req.operation,
          index: req.index, query, filter, scanIndexForward: req.scanIndexForward, segment: req.segment, totalSegments: req.totalSegments,
          basePartitionKey: req.basePartitionKey, deltaIndexName: req.deltaIndexName, lastSync: req.lastSync,
        });
        const tokenKey = tokenKeyOf(ds);
        const start = decodeToken(req.nextToken, tokenKey, scope);
        const common = {
          TableName,
          IndexName: req.index as string | undefined,
          Limit: req.limit as number | undefined,
          ExclusiveStartKey: start,
          ConsistentRead: req.consistentRead as boolean | undefined,
          FilterExpression: filter?.expression,
          ProjectionExpression: projection?.expression,
          Select: (req.select as 'ALL_ATTRIBUTES' | undefined) ?? undefined,
          ...attrMaps(query, filter, projection),
        };
        let r: QueryCommandOutput | ScanCommandOutput;
        try {
          r = req.operation === 'Query'
            ? await call('Query', { ...common, KeyConditionExpression: query?.expression, ScanIndexForward: req.scanIndexForward as boolean | undefined })
            : await call('Scan', { ...common, Segment: req.segment as number | undefined, TotalSegments: req.totalSegments as number | undefined });
        } catch (e) {
          // A start key DynamoDB refuses (the table's keys changed since the token was sealed) is a bad token too.
          if (start && (e as Error).name === 'ValidationException' && /start(ing)? ?key/i.test((e as Error).message ?? '')) throw new InvalidToken('start key refused');
          throw e;
        }
        const out: Obj = { items: (r.Items ?? []).map(fromItem), nextToken: encodeToken(r.LastEvaluatedKey, tokenKey, scope), scannedCount: r.ScannedCount ?? 0 };
        if (req.operation === 'Sync') out.startedAt = Date.now();
        return { result: out };
      }
      case 'BatchGetItem': {
        const tables = req.tables as Record<string, { keys: Record<string, Typed>[]; consistentRead?: boolean; projection?: ExprParts }>;
        const RequestItems = Object.fromEntries(Object.entries(tables).map(([t, v]) => [t, {
          Keys: v.keys.map(item), ConsistentRead: v.consistentRead,
          ProjectionExpression: v.projection?.expression, ExpressionAttributeNames: v.projection?.expressionNames,
        }]));
        const r = await call('BatchGetItem', { RequestItems });
        const data: Record<string, Array<Obj | null>> = {};
        for (const [t, v] of Object.entries(tables)) {
          const keys = v.keys.map(item);
          const names = Object.keys(keys[0] ?? {});
          const found = new Map((r.Responses?.[t] ?? []).map((i) => [keySignature(i, names), i]));
          // AppSync answers in the order of the keys, null where an item is missing.
          data[t] = keys.map((k) => fromItem(found.get(keySignature(k, names))));
        }
        const unprocessedKeys = Object.fromEntries(Object.keys(tables).map((t) => [t, (r.UnprocessedKeys?.[t]?.Keys ?? []).map(fromItem)]));
        return { result: { data, unprocessedKeys } };
      }
      case 'BatchPutItem':
      case 'BatchDeleteItem': {
        const put = req.operation === 'BatchPutItem';
        const tables = req.tables as Record<string, Record<string, Typed>[]>;
        const RequestItems = Object.fromEntries(Object.entries(tables).map(([t, list]) => [t, list.map((x) =>
          put ? { PutRequest: { Item: item(x) } } : { DeleteRequest: { Key: item(x) } })]));
        const r = await call('BatchWriteItem', { RequestItems });
        const data = Object.fromEntries(Object.entries(tables).map(([t, list]) => [t, list.map((x) => fromItem(item(x)))]));
        const unprocessed = Object.fromEntries(Object.keys(tables).map((t) => [t, (r.UnprocessedItems?.[t] ?? []).map((w) =>
          fromItem(put ? w.PutRequest?.Item : w.DeleteRequest?.Key))]));
        return { result: put ? { data, unprocessedItems: unprocessed } : { data, unprocessedKeys: unprocessed } };
      }
      case 'TransactGetItems': {
        const items = req.transactItems as Array<{ table: string; key: Record<string, Typed>; projection?: ExprParts }>;
        const r = await call('TransactGetItems', {
          TransactItems: items.map((i) => ({ Get: {
            TableName: i.table, Key: item(i.key), ProjectionExpression: i.projection?.expression, ExpressionAttributeNames: i.projection?.expressionNames,
          } })),
        });
        return { result: { items: (r.Responses ?? []).map((x) => fromItem(x.Item)), cancellationReasons: null } };
      }
      case 'TransactWriteItems': {
        const items = req.transactItems as Array<Obj & { table: string; operation: string; key: Record<string, Typed>; condition?: ExprParts; update?: ExprParts; attributeValues?: Record<string, Typed> }>;
        const TransactItems = items.map((i) => {
          const Key = item(i.key);
          const cond = { ConditionExpression: i.condition?.expression };
          switch (i.operation) {
            case 'PutItem': return { Put: { TableName: i.table, Item: { ...item(i.attributeValues), ...Key }, ...cond, ...attrMaps(i.condition) } };
            case 'UpdateItem': return { Update: { TableName: i.table, Key, UpdateExpression: i.update!.expression, ...cond, ...attrMaps(i.update, i.condition) } };
            case 'DeleteItem': return { Delete: { TableName: i.table, Key, ...cond, ...attrMaps(i.condition) } };
            case 'ConditionCheck': return { ConditionCheck: { TableName: i.table, Key, ConditionExpression: i.condition?.expression ?? '', ...attrMaps(i.condition) } };
            default: throw new Error(`Unknown transactItems operation '${i.operation}'`);
          }
        });
        try {
          await call('TransactWriteItems', { TransactItems });
        } catch (e) {
          const reasons = (e as { CancellationReasons?: Array<{ Code?: string; Message?: string }> }).CancellationReasons;
          if (reasons) {
            return {
              result: { keys: null, cancellationReasons: reasons.map((r) => ({ type: r.Code ?? 'None', message: r.Message ?? null })) },
              error: ddbError(e),
            };
          }
          throw e;
        }
        return { result: { keys: items.map((i) => fromItem(item(i.key))), cancellationReasons: null } };
      }
      default:
        return { result: null, error: { type: 'DynamoDB:ValidationException', message: `Unsupported operation '${String(req.operation)}'` } };
    }
  } catch (e) {
    return { result: null, error: ddbError(e) };
  }
}

export async function invokeDataSource(ds: DataSourceConfig, request: unknown, log: (l: string) => void = () => {}, from: DataSourceCaller = {}): Promise<DataSourceOutcome> {
  const req = (request ?? {}) as Obj;
  switch (ds.kind) {
    case 'NONE':
      return { result: req.payload ?? null };
    case 'LAMBDA': {
      if (req.invocationType === 'Event') {
        // Asynchronous invocation: AppSync does not wait for the function.
        ds.invoke(req.payload).catch((e) => log(`appsync: async Lambda invocation failed: ${(e as Error).message}`));
        return { result: null };
      }
      try {
        return { result: (await ds.invoke(req.payload)) ?? null };
      } catch (e) {
        return { result: null, error: { message: (e as Error).message ?? String(e), type: 'Lambda:Unhandled' } };
      }
    }
    case 'DYNAMODB': {
      // Items are read into plain JSON, but for a number beyond the safe integers (a bigint, as unmarshall
      // gives it, which the executor's JSON copy refuses as it always did). The count only grows, calls
      // running meanwhile included: any such number read since this call began means "check it".
      const before = notJsonNumbers;
      const out = await dynamodb(ds, req, from);
      if (notJsonNumbers === before && out.result !== null && typeof out.result === 'object') builtPlain.add(out.result);
      return out;
    }
  }
}
