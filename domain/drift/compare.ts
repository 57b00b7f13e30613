// The drift comparison itself, pure: the baseline (what the last good drill ran) against the plan and
// groups now, each difference attributed to the newest audit record since the baseline that touched
// the same field. A field that changed and changed back is no difference: the answer says what is true
// now, the audit records say who and when.
import type { DriftChange, DriftKind } from '../../platform/generated/graphql.ts';
import type { AuditRecord } from './audit.ts';
import { groupChanges, waveChanges, type ExecutionBaseline, type FieldChange, type GroupSnapshot, type WaveSnapshot } from './model.ts';

export interface ServerRef {
  sourceServerId: string;
  hostname: string | null;
}

export interface DriftInput {
  /** What the baseline ran; `recorded` false: an execution from before baselines (waves and servers only). */
  base: ExecutionBaseline & { recorded: boolean };
  /** The servers each baseline wave launched, by wave number. */
  baseServers: Map<number, ServerRef[]>;
  now: {
    waves: WaveSnapshot[];
    groups: Map<string, GroupSnapshot>;
    /** The servers each group resolves to now, by group id. */
    servers: Map<string, ServerRef[]>;
  };
  /** Audit records since the baseline's start, oldest first. */
  planAudits: AuditRecord[];
  groupAudits: Map<string, AuditRecord[]>;
}

// Every DriftKind, in the schema's order; a kind added to the schema fails to compile here until listed.
const KINDS = Object.keys({
  SERVER_JOINED: 1,
  SERVER_LEFT: 1,
  LAUNCH_CONFIG_CHANGED: 1,
  SELECTION_CHANGED: 1,
  WAVES_CHANGED: 1,
  DEPENDENCIES_CHANGED: 1,
  GROUP_REPLACED: 1,
} satisfies Record<DriftKind, 1>) as DriftKind[];
/** What a baseline without group configurations (recorded false) cannot be compared on. */
const GROUP_KINDS: readonly DriftKind[] = ['LAUNCH_CONFIG_CHANGED', 'SELECTION_CHANGED'];

/** The kinds compareDrift compares against this baseline: a client tells "none of a kind" from "not compared". */
export const comparedKinds = (base: { recorded: boolean }): DriftKind[] => KINDS.filter((k) => base.recorded || !GROUP_KINDS.includes(k));

const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));

/** The newest record satisfying `pred`, as who/when. */
function attribution(records: readonly AuditRecord[] | undefined, pred: (c: FieldChange) => boolean) {
  for (let i = (records?.length ?? 0) - 1; i >= 0; i--) {
    const r = records![i];
    if (r.changes.some(pred)) return { changedAt: r.at, changedBy: r.by };
  }
  return { changedAt: null, changedBy: null };
}

function planKind(field: string): DriftKind {
  if (/\]\.protectionGroupId$/.test(field)) return 'GROUP_REPLACED';
  if (/\]\.(dependsOn|pauseBeforeWave)$/.test(field)) return 'DEPENDENCIES_CHANGED';
  return 'WAVES_CHANGED';
}
const groupKind = (field: string): DriftKind => (field.startsWith('launchConfig.') ? 'LAUNCH_CONFIG_CHANGED' : 'SELECTION_CHANGED');

/** `waves[3].dependsOn` → wave 3, field `dependsOn`; `waves[3]` → wave 3, field `wave`. */
function waveField(path: string): { waveNumber: number; field: string } {
  const m = /^waves\[(\d+)\](?:\.(.+))?$/.exec(path);
  return { waveNumber: Number(m?.[1]), field: m?.[2] ?? 'wave' };
}

/**
 * Every difference between the baseline and now. SERVER_JOINED/SERVER_LEFT that no audit record
 * explains (tag membership changed in DRS) come back with changedAt and changedBy null: the caller
 * fills in when they were first seen.
 */
export function compareDrift(input: DriftInput): DriftChange[] {
  const { base, now } = input;
  const out: DriftChange[] = [];

  for (const c of waveChanges(base.waves, now.waves)) {
    const { waveNumber, field } = waveField(c.field);
    const wave = now.waves.find((w) => w.waveNumber === waveNumber) ?? base.waves.find((w) => w.waveNumber === waveNumber);
    out.push({
      kind: planKind(c.field),
      waveNumber,
      protectionGroupId: wave?.protectionGroupId ?? null,
      sourceServerId: null,
      field,
      before: json(c.before),
      after: json(c.after),
      ...attribution(input.planAudits, (x) => x.field === c.field),
    });
  }

  const baseGroups = new Map(base.groups.map((g) => [g.id, g]));
  for (const w of [...now.waves].sort((a, b) => a.waveNumber - b.waveNumber)) {
    const was = base.waves.find((b) => b.waveNumber === w.waveNumber);
    // A new wave or a replaced group is reported above; its servers are all new by definition.
    if (!was || was.protectionGroupId !== w.protectionGroupId) continue;
    const gid = w.protectionGroupId;
    const group = now.groups.get(gid);
    const audits = input.groupAudits.get(gid);
    const baseGroup = baseGroups.get(gid);
    // Without a recorded baseline (older executions) the group's configuration then is unknown.
    if (baseGroup && group) {
      for (const c of groupChanges(baseGroup, group)) {
        out.push({
          kind: groupKind(c.field),
          waveNumber: w.waveNumber,
          protectionGroupId: gid,
          sourceServerId: null,
          field: c.field,
          before: json(c.before),
          after: json(c.after),
          ...attribution(audits, (x) => x.field === c.field),
        });
      }
    }
    const before = input.baseServers.get(w.waveNumber) ?? [];
    const after = now.servers.get(gid) ?? [];
    const explicit = !!group?.sourceServerIds.length;
    const selectionEdit = (x: FieldChange) => x.field === 'sourceServerIds' || x.field === 'serverSelectionTags';
    // The edit of the explicit list that added (removed) the server: not in before (after), in after (before).
    const listed = (v: unknown, id: string) => ((v as string[] | null) ?? []).includes(id);
    const added = (x: FieldChange, id: string) => x.field === 'sourceServerIds' && !listed(x.before, id) && listed(x.after, id);
    for (const s of before.filter((b) => !after.some((a) => a.sourceServerId === b.sourceServerId))) {
      out.push({
        kind: 'SERVER_LEFT',
        waveNumber: w.waveNumber,
        protectionGroupId: gid,
        sourceServerId: s.sourceServerId,
        field: 'servers',
        before: json(s),
        after: null,
        // An explicit list: the edit that dropped it. A tag group: an edit of its selection, else DRS tags.
        ...attribution(audits, (x) =>
          explicit ? x.field === 'sourceServerIds' && listed(x.before, s.sourceServerId) && !listed(x.after, s.sourceServerId) : selectionEdit(x),
        ),
      });
    }
    for (const s of after.filter((a) => !before.some((b) => b.sourceServerId === a.sourceServerId))) {
      out.push({
        kind: 'SERVER_JOINED',
        waveNumber: w.waveNumber,
        protectionGroupId: gid,
        sourceServerId: s.sourceServerId,
        field: 'servers',
        before: null,
        after: json(s),
        ...attribution(audits, (x) =>
          explicit ? added(x, s.sourceServerId) : selectionEdit(x),
        ),
      });
    }
  }
  return out;
}
