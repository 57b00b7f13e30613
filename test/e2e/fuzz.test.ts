// Fuzz in the suite (issue 11, part 9): for every query and mutation of schema.graphql that takes
// arguments, a bounded, seeded sample of malformed variables — wrong types, 1 MB strings, 10 kB ids,
// deep, huge and __proto__ AWSJSON, impossible dates, out-of-range ints, oversized lists, nulls for
// required values, unknown enum values and input fields — sent to the shared local stack as the admin
// user (so RBAC does not hide the validation). Every request has at least one value the API must
// refuse; the answer must be a clean refusal: no 5xx, AppSync-shaped errors with a documented errorType
// that blames the caller (never INTERNAL_ERROR), no DynamoDB, SDK or stack text, and nothing written
// (every generated string carries a marker that a scan of the table must not find). Mutations only ever
// get malformed input: no valid work starts.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { DynamoDBClient, ScanCommand, type ScanCommandOutput } from '@aws-sdk/client-dynamodb';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ERROR_STATUS } from '../../platform/errors.ts';
import { login } from '../support/client.ts';

const ep = inject('endpoints');
const read = (p: string) => readFileSync(new URL(`../../${p}`, import.meta.url), 'utf8');
const schema = buildSchema(`${read('infra/appsync-builtins.graphql')}\n${read('schema.graphql')}`);

/** Fixed seed and bounded runs: the same requests every time, the whole test well under a minute. */
const SEED = 11_09;
const RUNS_PER_OPERATION = 16;
const CONCURRENCY = 4;
/** In every generated string: a table scan after the run must find it nowhere. */
const MARK = 'fzq7';

/**
 * The errorTypes a refusal may carry: the documented codes (platform/errors.ts, the README's table) and
 * those AppSync itself answers, as the local AppSync emits them (infra/local/appsync: engine.ts,
 * errors.ts, http.ts, auth.ts, limits.ts).
 */
const APPSYNC_ERROR_TYPES = [
  'ValidationError',
  'MalformedHttpRequestException',
  'PayloadTooLargeException',
  'BadRequestException',
  'UnauthorizedException',
  'Unauthorized',
  'ResolverExecutionLimitReached',
] as const;
const DOCUMENTED = new Set<string>([...Object.keys(ERROR_STATUS), ...APPSYNC_ERROR_TYPES]);
/** Internal text no answer may carry. */
const LEAKS = [/DynamoDB/i, /ValidationException/, /Item size/i, /Hash primary key/i, /\n\s*at /, /\bat \S+ \(\S*:\d+:\d+\)/, /Maximum call stack/i, /marshall/i, /node_modules/, /\.(ts|js|mjs):\d+/, /TypeError|ReferenceError|SyntaxError: /];

// ------------------------------------------------------------------ generators

/** A value and whether the API must refuse it. */
interface Gen {
  value: unknown;
  bad: boolean;
}
const good = (value: unknown): Gen => ({ value, bad: false });
const bad = (value: unknown): Gen => ({ value, bad: true });

const MB_STRING = `${MARK}${'x'.repeat(1_048_576)}`;
const KB10 = `${MARK}${'i'.repeat(10_240)}`;
const small = fc.stringMatching(/^[a-z0-9-]{0,12}$/).map((s) => `${MARK}-${s}`);

/** Deep, huge and prototype-key JSON documents, and text that is not JSON. */
function badJson(): fc.Arbitrary<Gen> {
  const deep = (n: number) => `${'['.repeat(n)}"${MARK}"${']'.repeat(n)}`;
  const deepObject = (n: number) => `${'{"a":'.repeat(n)}"${MARK}"${'}'.repeat(n)}`;
  return fc.oneof(
    fc.constantFrom(deep(10_000), deepObject(40), deep(25)).map(bad),
    fc.constantFrom(`{"__proto__":{"polluted":"${MARK}"}}`, `{"a":{"constructor":{"prototype":{"x":"${MARK}"}}}}`, `[{"prototype":"${MARK}"}]`).map(bad),
    fc.constantFrom(`{"${MARK}":`, `${MARK}`, '{"a":1,}', "{'single':'quotes'}").map(bad),
    fc.constant(JSON.stringify({ big: MB_STRING })).map(bad),
  );
}

/** Values of a scalar that its coercion, its format or its input limit must refuse. */
function badScalar(name: string): fc.Arbitrary<Gen> {
  // Mostly values of the right type past their limit (they reach the resolvers and Lambdas); some 1 MB
  // (past AppSync's request size) and some of the wrong type (refused by coercion).
  const oversize = fc.oneof({ arbitrary: fc.constant(bad(KB10)), weight: 6 }, { arbitrary: fc.constant(bad(MB_STRING)), weight: 1 });
  const notString = fc.constantFrom<unknown>(true, { [MARK]: 1 }, 1.5, [[MARK]]).map(bad);
  switch (name) {
    case 'String':
      return fc.oneof({ arbitrary: oversize, weight: 4 }, { arbitrary: fc.constantFrom<unknown>(42, true, { [MARK]: 1 }, [[MARK]]).map(bad), weight: 1 });
    case 'ID':
      return fc.oneof({ arbitrary: oversize, weight: 4 }, { arbitrary: notString, weight: 1 });
    case 'Int':
      return fc.constantFrom<unknown>(2 ** 31, -(2 ** 31) - 1, 1e20, 1.5, `${MARK}`, true, { n: 1 }, Number.MAX_SAFE_INTEGER).map(bad);
    case 'Float':
      return fc.constantFrom<unknown>(`${MARK}`, true, { n: 1 }).map(bad);
    case 'Boolean':
      return fc.constantFrom<unknown>(`${MARK}`, 1, { b: true }).map(bad);
    case 'AWSJSON':
      return badJson();
    case 'AWSDateTime':
      return fc.constantFrom('2024-13-45T99:99:99Z', '2023-02-29T10:00:00Z', '2024-01-01T24:00:00Z', '2024-01-01T10:00:00+19:00', `${MARK}`, '2024-01-01').map(bad);
    case 'AWSDate':
      return fc.constantFrom('2024-02-30', '2024-13-01', `${MARK}`).map(bad);
    case 'AWSTime':
      return fc.constantFrom('24:00', '12:60:00', `${MARK}`).map(bad);
    case 'AWSTimestamp':
      return fc.constantFrom<unknown>(`${MARK}`, 1.5).map(bad);
    default:
      // AWSEmail, AWSURL, AWSPhone, AWSIPAddress (not used by the schema today): wrong shape or oversized.
      return fc.oneof(oversize, fc.constant(`${MARK} not a ${name}`).map(bad));
  }
}

/** Type-correct, small values (the API may still refuse them; they never need to be refused). */
function okScalar(name: string): fc.Arbitrary<Gen> {
  switch (name) {
    case 'Int':
      return fc.oneof(fc.integer({ min: -5, max: 200 }), fc.constantFrom(-1, 0, 2 ** 31 - 1)).map(good);
    case 'Float':
      return fc.double({ min: -10, max: 10, noNaN: true }).map(good);
    case 'Boolean':
      return fc.boolean().map(good);
    case 'AWSJSON':
      return small.map((s) => good(JSON.stringify({ note: s })));
    case 'AWSDateTime':
      return fc.constant(good('2024-01-01T00:00:00Z'));
    case 'AWSDate':
      return fc.constant(good('2024-01-01'));
    case 'AWSTime':
      return fc.constant(good('12:00:00'));
    case 'AWSTimestamp':
      return fc.constant(good(1_700_000_000));
    default:
      return small.map(good);
  }
}

const arbCache = new Map<string, fc.Arbitrary<Gen>>();
const DEPTH = 3;

/** A value of `t`: refused if `mustBeBad`, type-correct otherwise. */
function valueOf(t: GraphQLInputType, mustBeBad: boolean, depth = 0): fc.Arbitrary<Gen> {
  const key = `${String(t)}|${mustBeBad}|${depth}`;
  const hit = arbCache.get(key);
  if (hit) return hit;
  const arb = build(t, mustBeBad, depth);
  arbCache.set(key, arb);
  return arb;
}

function build(t: GraphQLInputType, mustBeBad: boolean, depth: number): fc.Arbitrary<Gen> {
  if (isNonNullType(t)) {
    const inner = valueOf(t.ofType, mustBeBad, depth);
    return mustBeBad ? fc.oneof({ arbitrary: inner, weight: 6 }, { arbitrary: fc.constant(bad(null)), weight: 1 }) : inner;
  }
  if (isListType(t)) {
    const item = t.ofType as GraphQLInputType;
    const okItems = fc.array(valueOf(item, false, depth + 1), { minLength: 0, maxLength: 3 }).map((xs) => good(xs.map((x) => x.value)));
    if (!mustBeBad) return okItems;
    const badItem = fc
      .tuple(fc.array(valueOf(item, false, depth + 1), { maxLength: 2 }), valueOf(item, true, depth + 1))
      .map(([xs, b]) => bad([...xs.map((x) => x.value), b.value]));
    // More items than any list limit (100 at most): a list of good items past the limit.
    const oversized = valueOf(item, false, depth + 1).map((x) => bad(Array.from({ length: 150 }, () => x.value)));
    const arms: fc.WeightedArbitrary<Gen>[] = [
      { arbitrary: badItem, weight: 3 },
      { arbitrary: oversized, weight: 2 },
    ];
    if (isNonNullType(item)) arms.push({ arbitrary: fc.array(valueOf(item, false, depth + 1), { maxLength: 2 }).map((xs) => bad([...xs.map((x) => x.value), null])), weight: 1 });
    return fc.oneof(...arms);
  }
  const named = getNamedType(t);
  if (isEnumType(named)) {
    if (!mustBeBad) return fc.constantFrom(...named.getValues().map((v) => v.name)).map(good);
    return fc.constantFrom<unknown>(`${MARK}_UNKNOWN`, 'drill', 3, '').map(bad);
  }
  if (isScalarType(named)) return mustBeBad ? badScalar(named.name) : okScalar(named.name);
  if (!isInputObjectType(named)) throw new Error(`${String(t)} is not an input type`);
  const fields = Object.values(named.getFields());
  // Good: the required fields, and some optional ones; deep nesting stops at the required ones.
  const goodObject = fc
    .tuple(...fields.map((f) => (isNonNullType(f.type) ? valueOf(f.type, false, depth + 1).map((g) => g as Gen | undefined) : depth >= DEPTH ? fc.constant(undefined) : fc.option(valueOf(f.type, false, depth + 1), { nil: undefined }))))
    .map((vs) => Object.fromEntries(fields.flatMap((f, i) => (vs[i] === undefined ? [] : [[f.name, vs[i]!.value]]))));
  if (!mustBeBad) return goodObject.map(good);
  const arms: fc.WeightedArbitrary<Gen>[] = [
    // One field refused, the others good.
    {
      arbitrary: fc.tuple(goodObject, fc.integer({ min: 0, max: fields.length - 1 })).chain(([o, i]) => valueOf(fields[i].type, true, depth + 1).map((b) => bad({ ...o, [fields[i].name]: b.value }))),
      weight: 8,
    },
    // A field the type does not have.
    { arbitrary: goodObject.map((o) => bad({ ...o, [`${MARK}Unknown`]: 1 })), weight: 1 },
    // Not an object at all.
    { arbitrary: fc.constantFrom<unknown>(`${MARK}`, 7, [[MARK]]).map(bad), weight: 1 },
  ];
  const required = fields.filter((f) => isNonNullType(f.type));
  if (required.length) {
    arms.push({ arbitrary: fc.tuple(goodObject, fc.constantFrom(...required.map((f) => f.name))).map(([o, name]) => bad(Object.fromEntries(Object.entries(o).filter(([k]) => k !== name)))), weight: 1 });
  }
  return fc.oneof(...arms);
}

/** Variables for `args`: at least one refused, the rest type-correct or absent. */
function variablesFor(args: readonly GraphQLArgument[]): fc.Arbitrary<Record<string, unknown>> {
  return fc.integer({ min: 0, max: args.length - 1 }).chain((badIndex) =>
    fc
      .tuple(
        ...args.map((a, i) =>
          i === badIndex ? valueOf(a.type, true) : isNonNullType(a.type) ? valueOf(a.type, false).map((g) => g as Gen | undefined) : fc.option(valueOf(a.type, false), { nil: undefined }),
        ),
      )
      .map((vs) => {
        if (!vs[badIndex]?.bad) throw new Error('the refused argument came out good');
        return Object.fromEntries(args.flatMap((a, i) => (vs[i] === undefined ? [] : [[a.name, vs[i]!.value]])));
      }),
  );
}

/** `query F($a: T) { r: field(a: $a) { __typename } }` */
function documentFor(kind: 'query' | 'mutation', f: GraphQLField<unknown, unknown>): string {
  const vars = f.args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const args = f.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = isLeafType(getNamedType(f.type)) ? '' : ' { __typename }';
  return `${kind} Fuzz(${vars}) { r: ${f.name}(${args})${selection} }`;
}

// ------------------------------------------------------------------ the run

interface Finding {
  operation: string;
  problem: string;
  status: number;
  variables: string;
  body: string;
}

const short = (v: unknown, n = 300) => {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s;
};

async function scanForMark(): Promise<{ items: number; marked: string[] }> {
  const ddb = new DynamoDBClient({ region: ep.region, endpoint: ep.dynamodbEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  let items = 0;
  const marked: string[] = [];
  let start: ScanCommandOutput['LastEvaluatedKey'];
  do {
    const page: ScanCommandOutput = await ddb.send(new ScanCommand({ TableName: ep.tableName, ExclusiveStartKey: start }));
    for (const it of page.Items ?? []) {
      items++;
      if (JSON.stringify(it).includes(MARK)) marked.push(`${it.pk?.S} ${it.sk?.S}`);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  ddb.destroy();
  return { items, marked };
}

let admin: string;
beforeAll(async () => {
  admin = await login(ep, 'admin');
});

describe('fuzz: malformed variables for every query and mutation', () => {
  it('answers every one with a clean, documented refusal and writes nothing', { timeout: 120_000 }, async () => {
    const started = Date.now();
    const before = await scanForMark();
    const operations: Array<{ name: string; query: string; samples: Record<string, unknown>[] }> = [];
    const withoutArguments: string[] = [];
    for (const [kind, type] of [['query', schema.getQueryType()!], ['mutation', schema.getMutationType()!]] as const) {
      for (const f of Object.values(type.getFields())) {
        const name = `${type.name}.${f.name}`;
        // Nothing to malform: sending it would run it for real.
        if (!f.args.length) {
          withoutArguments.push(name);
          continue;
        }
        const seed = SEED + [...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 0);
        operations.push({ name, query: documentFor(kind, f), samples: fc.sample(variablesFor(f.args), { seed, numRuns: RUNS_PER_OPERATION }) });
      }
    }

    const findings: Finding[] = [];
    const byType = new Map<string, number>();
    const queue = operations.flatMap((op) => op.samples.map((variables) => ({ op, variables })));
    let accepted = 0;
    const send = async ({ op, variables }: (typeof queue)[number]) => {
      const res = await fetch(ep.graphql, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: admin },
        body: JSON.stringify({ query: op.query, variables }),
      });
      const text = await res.text();
      const note = (problem: string) => findings.push({ operation: op.name, problem, status: res.status, variables: short(variables), body: short(text, 600) });
      if (res.status >= 500) return note(`HTTP ${res.status}`);
      let body: { data?: Record<string, unknown> | null; errors?: Array<{ message?: unknown; errorType?: unknown }> };
      try {
        body = JSON.parse(text);
      } catch {
        return note('answer is not JSON');
      }
      if (!Array.isArray(body.errors) || body.errors.length === 0) {
        accepted++;
        return note('malformed input accepted (no error)');
      }
      if (body.data && body.data.r !== null && body.data.r !== undefined) note('data beside the refusal');
      for (const e of body.errors) {
        const type = typeof e.errorType === 'string' ? e.errorType : String(e.errorType);
        byType.set(type, (byType.get(type) ?? 0) + 1);
        if (typeof e.message !== 'string' || !e.message) note('error without a message');
        if (!DOCUMENTED.has(type)) note(`undocumented errorType ${type}`);
        // A malformed request is the caller's mistake: never answered as the server's (INTERNAL_ERROR, 5xx codes).
        else if ((ERROR_STATUS as Record<string, number>)[type] >= 500) note(`server-side errorType ${type}`);
        const leak = LEAKS.find((re) => re.test(String(e.message)));
        if (leak) note(`internal text in the message (${leak})`);
      }
    };
    const workers = Array.from({ length: CONCURRENCY }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await send(next);
    });
    await Promise.all(workers);

    const after = await scanForMark();
    const requests = operations.reduce((n, op) => n + op.samples.length, 0);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    // The figures the issue asks for, in the test log.
    console.log(
      `fuzz: seed ${SEED}, ${operations.length} operations × ${RUNS_PER_OPERATION} = ${requests} requests in ${seconds} s; ` +
        `${withoutArguments.length} without arguments not sent (${withoutArguments.join(', ')}); ` +
        `errorTypes ${JSON.stringify(Object.fromEntries([...byType].sort((a, b) => b[1] - a[1])))}; ` +
        `table items ${before.items} → ${after.items} (other files run beside this one); findings ${findings.length}`,
    );
    for (const f of findings.slice(0, 40)) console.log(`FINDING ${f.operation}: ${f.problem} [${f.status}] vars=${f.variables} body=${f.body}`);

    expect(operations.length).toBeGreaterThan(50);
    expect(after.marked, 'items written from refused requests').toEqual(before.marked);
    expect(accepted, 'malformed requests answered without an error').toBe(0);
    expect(findings.map((f) => `${f.operation}: ${f.problem}`)).toEqual([]);
  });
});
