// What drift compares, and the field-level differences both the audit records and the drift answer
// are made of. Pure: no I/O, so the same diff explains an edit (audit) and a comparison (drift).
import type { LaunchConfig, Tag } from '../../platform/generated/graphql.ts';

/** The drift-relevant part of a protection group. */
export interface GroupSnapshot {
  id: string;
  version: number;
  launchConfig: LaunchConfig | null;
  serverSelectionTags: Tag[];
  sourceServerIds: string[];
}

/** The drift-relevant part of a wave. */
export interface WaveSnapshot {
  waveNumber: number;
  name: string;
  protectionGroupId: string;
  dependsOn: number[];
  pauseBeforeWave: boolean;
}

/** What an execution ran, recorded at its start (StoredExecution.baseline). */
export interface ExecutionBaseline {
  planVersion: number;
  waves: WaveSnapshot[];
  /** Each group of the plan as it was when the execution started. */
  groups: GroupSnapshot[];
}

/** One field's before and after (null: absent on that side). */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** The launch-configuration fields, in the order answers list them. */
export const LAUNCH_FIELDS = [
  'subnetId',
  'securityGroupIds',
  'instanceType',
  'instanceProfileName',
  'copyPrivateIp',
  'copyTags',
  'licensing.osByol',
  'targetInstanceTypeRightSizingMethod',
  'launchDisposition',
] as const;

export const groupSnapshot = (g: GroupSnapshot): GroupSnapshot => ({
  id: g.id,
  version: g.version,
  launchConfig: g.launchConfig ?? null,
  serverSelectionTags: (g.serverSelectionTags ?? []).map((t) => ({ key: t.key, value: t.value })),
  sourceServerIds: [...(g.sourceServerIds ?? [])],
});

export const waveSnapshot = (w: WaveSnapshot): WaveSnapshot => ({
  waveNumber: w.waveNumber,
  name: w.name,
  protectionGroupId: w.protectionGroupId,
  dependsOn: [...(w.dependsOn ?? [])],
  pauseBeforeWave: !!w.pauseBeforeWave,
});

function launchValue(lc: LaunchConfig | null | undefined, field: (typeof LAUNCH_FIELDS)[number]): unknown {
  if (!lc) return null;
  if (field === 'licensing.osByol') return lc.licensing?.osByol ?? null;
  const v = lc[field];
  if (Array.isArray(v)) return v.length ? [...v].sort() : null;
  return v ?? null;
}

const tagsKey = (tags: readonly Tag[]) => [...tags].map((t) => ({ key: t.key, value: t.value })).sort((a, b) => a.key.localeCompare(b.key) || a.value.localeCompare(b.value));
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const sortedNumbers = (xs: readonly number[]) => [...xs].sort((a, b) => a - b);

/** Field changes of a group: launchConfig.<field>, serverSelectionTags, sourceServerIds (sets compare unordered). */
export function groupChanges(before: GroupSnapshot | null, after: GroupSnapshot | null): FieldChange[] {
  const out: FieldChange[] = [];
  for (const f of LAUNCH_FIELDS) {
    const b = launchValue(before?.launchConfig, f);
    const a = launchValue(after?.launchConfig, f);
    if (!same(b, a)) out.push({ field: `launchConfig.${f}`, before: b, after: a });
  }
  const bt = before ? tagsKey(before.serverSelectionTags) : [];
  const at = after ? tagsKey(after.serverSelectionTags) : [];
  if (!same(bt, at)) out.push({ field: 'serverSelectionTags', before: before ? bt : null, after: after ? at : null });
  const bs = before ? [...before.sourceServerIds].sort() : [];
  const as = after ? [...after.sourceServerIds].sort() : [];
  if (!same(bs, as)) out.push({ field: 'sourceServerIds', before: before ? bs : null, after: after ? as : null });
  return out;
}

/** Field changes of a plan's waves, matched by wave number: waves[n] (added/removed), waves[n].<field>. */
export function waveChanges(before: readonly WaveSnapshot[] | null, after: readonly WaveSnapshot[] | null): FieldChange[] {
  const out: FieldChange[] = [];
  const b = new Map((before ?? []).map((w) => [w.waveNumber, waveSnapshot(w)]));
  const a = new Map((after ?? []).map((w) => [w.waveNumber, waveSnapshot(w)]));
  const numbers = sortedNumbers([...new Set([...b.keys(), ...a.keys()])]);
  for (const n of numbers) {
    const was = b.get(n);
    const now = a.get(n);
    if (!was || !now) {
      out.push({ field: `waves[${n}]`, before: was ?? null, after: now ?? null });
      continue;
    }
    if (was.name !== now.name) out.push({ field: `waves[${n}].name`, before: was.name, after: now.name });
    if (was.protectionGroupId !== now.protectionGroupId) {
      out.push({ field: `waves[${n}].protectionGroupId`, before: was.protectionGroupId, after: now.protectionGroupId });
    }
    const bd = sortedNumbers(was.dependsOn);
    const ad = sortedNumbers(now.dependsOn);
    if (!same(bd, ad)) out.push({ field: `waves[${n}].dependsOn`, before: bd, after: ad });
    if (was.pauseBeforeWave !== now.pauseBeforeWave) {
      out.push({ field: `waves[${n}].pauseBeforeWave`, before: was.pauseBeforeWave, after: now.pauseBeforeWave });
    }
  }
  return out;
}
