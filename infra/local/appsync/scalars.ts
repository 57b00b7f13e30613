// AppSync's built-in scalars. The schema only declares them; these give them AppSync's behaviour:
// AWSJSON input is parsed into maps/lists for resolvers and output objects are serialised to a JSON string;
// the others validate their formats the way AppSync's documentation describes.
import { isIP } from 'node:net';
import { GraphQLError, Kind, valueFromASTUntyped, type GraphQLScalarType, type GraphQLSchema, type ValueNode } from 'graphql';

type Check = (v: string) => boolean;

const DATE = /^\d{4}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2}(:\d{2})?)?$/;
const TIME = /^\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}(:\d{2})?)?$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}(:\d{2})?)$/;
const EMAIL = /^[^@\s]+@[^@\s]+$/;

// The shapes above say nothing of the calendar: AppSync parses these values as dates and times, so
// 2024-13-45 or 25:61 are refused too (months 1-12, the month's days with leap years, hours 0-23,
// minutes and seconds 0-59, offsets up to ±18:00).
const daysIn = (y: number, m: number) => [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
const validDate = (v: string) => {
  const [y, m, d] = v.slice(0, 10).split('-').map(Number);
  return m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m);
};
const validClock = (v: string) => {
  const [h, min, sec = 0] = v.split(':').map((x) => Number.parseFloat(x));
  return h <= 23 && min <= 59 && sec < 60;
};
const validOffset = (v: string) => {
  const m = /([+-])(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(v);
  return !m || Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0) <= 18 * 3600;
};
/** The time part of a time or date-time value, without its offset. */
const clockOf = (v: string) => v.replace(/^\d{4}-\d{2}-\d{2}T/, '').replace(/(Z|[+-]\d{2}:\d{2}(:\d{2})?)$/, '');

const stringChecks: Record<string, Check> = {
  AWSDate: (v) => DATE.test(v) && validDate(v) && validOffset(v.slice(10)),
  AWSTime: (v) => TIME.test(v) && validClock(clockOf(v)) && validOffset(v),
  AWSDateTime: (v) => DATETIME.test(v) && validDate(v) && validClock(clockOf(v)) && validOffset(v),
  AWSEmail: (v) => EMAIL.test(v),
  AWSURL: (v) => {
    try {
      new URL(v);
      return true;
    } catch {
      return false;
    }
  },
  AWSPhone: (v) => /^\+?[\d\s().-]{3,}$/.test(v),
  // IPv4 in quad-dotted notation or IPv6 unbracketed, each with an optional CIDR prefix of its size.
  AWSIPAddress: (v) => {
    const m = /^([^/]+)(?:\/(\d{1,3}))?$/.exec(v);
    const version = m ? isIP(m[1]) : 0;
    if (!m || !version || (version === 6 && m[1].includes('.'))) return false;
    return m[2] === undefined || Number(m[2]) <= (version === 4 ? 32 : 128);
  },
};

function invalid(name: string, v: unknown): GraphQLError {
  return new GraphQLError(`Can't serialize value: Invalid ${name} value : '${String(v)}'`);
}

function stringScalar(name: string, check: Check) {
  return {
    serialize: (v: unknown) => {
      const s = v instanceof Date ? v.toISOString() : String(v);
      return s;
    },
    parseValue: (v: unknown) => {
      if (typeof v !== 'string' || !check(v)) throw invalid(name, v);
      return v;
    },
    parseLiteral: (ast: ValueNode) => {
      if (ast.kind !== Kind.STRING || !check(ast.value)) throw invalid(name, ast.kind === Kind.STRING ? ast.value : ast.kind);
      return ast.value;
    },
  };
}

/**
 * AppSync parses AWSJSON with Jackson, which refuses documents nested deeper than 1,000 levels
 * (StreamReadConstraints' maxNestingDepth). Measured without recursion, so a 10,000-deep value is refused
 * here instead of overflowing the stack of whatever walks it next.
 */
export const AWSJSON_MAX_DEPTH = 1000;
function tooDeep(value: unknown): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > AWSJSON_MAX_DEPTH) return true;
    for (const x of Array.isArray(v) ? v : Object.values(v)) if (x !== null && typeof x === 'object') stack.push([x, depth + 1]);
  }
  return false;
}
const tooDeepError = () =>
  new GraphQLError(`Variable has an invalid value: Unable to parse the AWSJSON value: its nesting depth exceeds the maximum allowed (${AWSJSON_MAX_DEPTH}).`);

const awsJson = {
  serialize: (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v)),
  parseValue: (v: unknown) => {
    if (typeof v !== 'string') {
      // A map or list given directly as a variable.
      if (tooDeep(v)) throw tooDeepError();
      return v;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(v);
    } catch {
      throw new GraphQLError(`Variable has an invalid value: Unable to parse ${JSON.stringify(v)} as valid JSON.`);
    }
    if (tooDeep(parsed)) throw tooDeepError();
    return parsed;
  },
  parseLiteral: (ast: ValueNode, variables?: Record<string, unknown> | null) => {
    if (ast.kind === Kind.STRING) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(ast.value);
      } catch {
        throw new GraphQLError(`Unable to parse ${JSON.stringify(ast.value)} as valid JSON.`);
      }
      if (tooDeep(parsed)) throw tooDeepError();
      return parsed;
    }
    return valueFromASTUntyped(ast, variables ?? undefined);
  },
};

const awsTimestamp = {
  serialize: (v: unknown) => (v instanceof Date ? Math.floor(v.getTime() / 1000) : Number(v)),
  parseValue: (v: unknown) => {
    if (typeof v !== 'number' || !Number.isInteger(v)) throw invalid('AWSTimestamp', v);
    return v;
  },
  parseLiteral: (ast: ValueNode) => {
    if (ast.kind !== Kind.INT) throw invalid('AWSTimestamp', ast.kind);
    return Number(ast.value);
  },
};

/** Gives the declared AWS scalars of `schema` their behaviour (in place). */
export function installAwsScalars(schema: GraphQLSchema): void {
  for (const [name, impl] of Object.entries({
    ...Object.fromEntries(Object.entries(stringChecks).map(([n, c]) => [n, stringScalar(n, c)])),
    AWSJSON: awsJson,
    AWSTimestamp: awsTimestamp,
  })) {
    const t = schema.getType(name) as GraphQLScalarType | undefined;
    if (t) Object.assign(t, impl);
  }
}
