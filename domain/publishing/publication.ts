// A publication: one call of an IAM-only publish mutation that fans a committed change out to
// subscribers. Each aggregate's publish.ts says what a change of its items publishes; ./stream.ts
// reads them off the table's stream and sends them.
import { canonicalJson } from '../../platform/canonical-json.ts';
import type { FieldOf } from '../../platform/fields.ts';

export interface Publication {
  /** The publish mutation called (its subscriptions receive what `query` selects). */
  mutation: FieldOf<'Mutation'>;
  query: string;
  input: Record<string, unknown>;
  /** What the log says about it. */
  about: Record<string, unknown>;
}

/** Whether two views are the same, whatever order their keys come in. */
export const sameValue = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);
