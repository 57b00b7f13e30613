// A publication: one call of an IAM-only publish mutation that fans a committed change out to
// subscribers. Each aggregate's publish.ts says what a change of its items publishes; ./stream.ts
// reads them off the table's stream and sends them.
import type { FieldOf } from '../../platform/fields.ts';

export interface Publication {
  /** The publish mutation called (its subscriptions receive what `query` selects). */
  mutation: FieldOf<'Mutation'>;
  query: string;
  input: Record<string, unknown>;
  /** What the log says about it. */
  about: Record<string, unknown>;
}

/** A value with its object keys in one order: DynamoDB keeps no order in a map. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v instanceof Set) return [...v].map(canonical).sort();
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v)
        .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

/** Whether two views are the same, whatever order their keys come in. */
export const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
