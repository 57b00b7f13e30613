// One text per value whatever order its keys (or a set's members) come in: DynamoDB keeps no order in a
// map or a set. Page-token scopes (platform/page-token.ts) and "did subscribers' view change"
// (domain/publishing/publication.ts) both compare values this way.
export function canonicalJson(v: unknown): string {
  if (v === undefined) return 'null';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v instanceof Set) return `[${[...v].map(canonicalJson).sort().join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}
