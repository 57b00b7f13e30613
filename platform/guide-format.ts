// The DRS orchestration guide's spellings of groups and plans: PascalCase (GroupName,
// LaunchConfig.SubnetId, Waves[].Dependencies[].DependsOnWaveId, ServerSelectionTags as a map) and the
// API's camelCase. Configuration import and the REST façade read request bodies with it; export and the
// façade write the guide's shapes. It only types and renames fields: every rule stays in the domain.
import { AppError, type ErrorCode } from './errors.ts';
import type {
  CreateProtectionGroupInput,
  LaunchConfig,
  LaunchConfigInput,
  LaunchDisposition,
  RightSizingMethod,
  TagInput,
} from './generated/graphql.ts';

/** The guide's LaunchConfig keys (PascalCase) ↔ the API's launchConfig fields. */
const LAUNCH_KEYS = [
  ['SubnetId', 'subnetId'],
  ['SecurityGroupIds', 'securityGroupIds'],
  ['InstanceType', 'instanceType'],
  ['InstanceProfileName', 'instanceProfileName'],
  ['CopyPrivateIp', 'copyPrivateIp'],
  ['CopyTags', 'copyTags'],
  ['Licensing', 'licensing'],
  ['TargetInstanceTypeRightSizingMethod', 'targetInstanceTypeRightSizingMethod'],
  ['LaunchDisposition', 'launchDisposition'],
] as const;
type LaunchKey = (typeof LAUNCH_KEYS)[number][1];

export type ExportedLaunchConfig = Partial<{
  SubnetId: string;
  SecurityGroupIds: string[];
  InstanceType: string;
  InstanceProfileName: string;
  CopyPrivateIp: boolean;
  CopyTags: boolean;
  Licensing: { osByol?: boolean };
  TargetInstanceTypeRightSizingMethod: RightSizingMethod;
  LaunchDisposition: LaunchDisposition;
}>;

/** A stored launch configuration in the guide's PascalCase keys, without the unset fields. */
export function launchConfigOut(lc: LaunchConfig | null | undefined): ExportedLaunchConfig | null {
  if (!lc) return null;
  const out: Record<string, unknown> = {};
  for (const [pascal, camel] of LAUNCH_KEYS) {
    const v = lc[camel];
    if (v == null) continue;
    if (camel === 'licensing') {
      const osByol = (v as { osByol?: boolean | null }).osByol;
      if (osByol != null) out[pascal] = { osByol };
    } else out[pascal] = v;
  }
  return Object.keys(out).length ? (out as ExportedLaunchConfig) : null;
}

export const tagsOut = (tags: readonly TagInput[]): Record<string, string> => Object.fromEntries(tags.map((t) => [t.key, t.value]));

type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The first of `keys` the object sets (not undefined/null). */
export function pick(o: Obj, ...keys: string[]): unknown {
  for (const k of keys) if (o[k] != null) return o[k];
  return undefined;
}

export interface ReadWave {
  waveNumber: number;
  name: string | undefined;
  protectionGroupName?: string;
  protectionGroupId?: string;
  pauseBeforeWave?: boolean;
  dependsOn: number[];
}
export interface ReadPlan {
  name: string | undefined;
  description?: string;
  waves: ReadWave[];
}

/** Readers whose refusals carry `code` (the import's INVALID_CONFIGURATION, the façade's INVALID_REQUEST). */
export function guideReader(code: ErrorCode) {
  const bad = (message: string, details: Record<string, unknown> = {}) => new AppError(code, message, details);

  function str(v: unknown, field: string): string | undefined {
    if (v == null) return undefined;
    if (typeof v !== 'string') throw bad(`${field} must be a string`, { field });
    return v;
  }
  function bool(v: unknown, field: string): boolean | undefined {
    if (v == null) return undefined;
    if (typeof v !== 'boolean') throw bad(`${field} must be true or false`, { field });
    return v;
  }
  function strList(v: unknown, field: string): string[] | undefined {
    if (v == null) return undefined;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw bad(`${field} must be a list of strings`, { field });
    return v as string[];
  }
  function oneOf<T extends string>(v: unknown, field: string, allowed: readonly T[]): T | undefined {
    const s = str(v, field);
    if (s === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(s)) throw bad(`${field} must be one of ${allowed.join(', ')}`, { field });
    return s as T;
  }

  function readTags(v: unknown): TagInput[] | undefined {
    if (v == null) return undefined;
    if (Array.isArray(v)) {
      return v.map((t, i) => {
        if (!isObj(t)) throw bad(`ServerSelectionTags[${i}] must be {key, value}`, { field: 'serverSelectionTags' });
        const key = str(pick(t, 'key', 'Key'), `ServerSelectionTags[${i}].key`);
        const value = str(pick(t, 'value', 'Value'), `ServerSelectionTags[${i}].value`);
        if (key === undefined || value === undefined) throw bad(`ServerSelectionTags[${i}] needs key and value`, { field: 'serverSelectionTags' });
        return { key, value };
      });
    }
    if (!isObj(v)) throw bad('ServerSelectionTags must be an object of Key: Value, or a list of {key, value}', { field: 'serverSelectionTags' });
    return Object.entries(v).map(([key, value]) => ({ key, value: str(value, `ServerSelectionTags.${key}`) ?? '' }));
  }

  function readLaunchConfig(v: unknown): LaunchConfigInput | undefined {
    if (v == null) return undefined;
    if (!isObj(v)) throw bad('LaunchConfig must be an object', { field: 'launchConfig' });
    const byName = new Map<string, LaunchKey>(LAUNCH_KEYS.flatMap(([p, c]) => [[p, c] as const, [c, c] as const]));
    const unknown = Object.keys(v).filter((k) => !byName.has(k));
    if (unknown.length) throw bad(`Unknown LaunchConfig field(s): ${unknown.join(', ')}`, { field: 'launchConfig', unknown });
    const lc: Obj = {};
    for (const [k, raw] of Object.entries(v)) lc[byName.get(k)!] = raw;
    const licensing = lc.licensing;
    if (licensing != null && !isObj(licensing)) throw bad('LaunchConfig.Licensing must be {osByol}', { field: 'launchConfig.licensing' });
    const out: LaunchConfigInput = {
      subnetId: str(lc.subnetId, 'LaunchConfig.SubnetId'),
      securityGroupIds: strList(lc.securityGroupIds, 'LaunchConfig.SecurityGroupIds'),
      instanceType: str(lc.instanceType, 'LaunchConfig.InstanceType'),
      instanceProfileName: str(lc.instanceProfileName, 'LaunchConfig.InstanceProfileName'),
      copyPrivateIp: bool(lc.copyPrivateIp, 'LaunchConfig.CopyPrivateIp'),
      copyTags: bool(lc.copyTags, 'LaunchConfig.CopyTags'),
      licensing: licensing ? { osByol: bool(pick(licensing, 'osByol', 'OsByol'), 'LaunchConfig.Licensing.osByol') } : undefined,
      targetInstanceTypeRightSizingMethod: oneOf(lc.targetInstanceTypeRightSizingMethod, 'LaunchConfig.TargetInstanceTypeRightSizingMethod', [
        'BASIC',
        'IN_AWS',
        'NONE',
      ] as const),
      launchDisposition: oneOf(lc.launchDisposition, 'LaunchConfig.LaunchDisposition', ['STARTED', 'STOPPED'] as const),
    };
    const set = Object.fromEntries(Object.entries(out).filter(([, x]) => x !== undefined)) as LaunchConfigInput;
    // An empty LaunchConfig is no launch configuration (the export writes null for none).
    return Object.keys(set).length ? set : undefined;
  }

  /** A protection group entry as the API's create input (unset fields left out). */
  function readGroup(o: Obj): CreateProtectionGroupInput {
    const input = {
      name: str(pick(o, 'GroupName', 'groupName', 'name'), 'GroupName'),
      description: str(pick(o, 'Description', 'description'), 'Description'),
      region: str(pick(o, 'Region', 'region'), 'Region'),
      accountId: str(pick(o, 'AccountId', 'accountId'), 'AccountId') || undefined,
      sourceServerIds: strList(pick(o, 'SourceServerIds', 'sourceServerIds'), 'SourceServerIds'),
      serverSelectionTags: readTags(pick(o, 'ServerSelectionTags', 'serverSelectionTags')),
      launchConfig: readLaunchConfig(pick(o, 'LaunchConfig', 'launchConfig')),
    };
    return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as CreateProtectionGroupInput;
  }

  function waveNumberOf(v: unknown, field: string): number | undefined {
    if (v == null) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v)) throw bad(`${field} must be an integer`, { field });
    return v;
  }

  /**
   * A recovery plan entry. Waves are numbered by waveNumber, else ExecutionOrder (0-based orders are
   * shifted to start at 1), else their position; WaveId defaults to wave-<position>. Dependencies name
   * waves by WaveId ({DependsOnWaveId}) or dependsOn lists wave numbers.
   */
  function readPlan(o: Obj): ReadPlan {
    const name = str(pick(o, 'PlanName', 'planName', 'name'), 'PlanName');
    const description = str(pick(o, 'Description', 'description'), 'Description');
    const rawWaves = pick(o, 'Waves', 'waves') ?? [];
    if (!Array.isArray(rawWaves)) throw bad('Waves must be a list', { field: 'waves' });
    const waves = rawWaves.map((w, i) => {
      if (!isObj(w)) throw bad(`Waves[${i}] must be an object`, { field: `waves[${i}]` });
      return w;
    });
    const orders = waves.map((w, i) => waveNumberOf(pick(w, 'ExecutionOrder', 'executionOrder'), `Waves[${i}].ExecutionOrder`));
    const shift = orders.some((n) => n === 0) ? 1 : 0;
    const numbers = waves.map(
      (w, i) => waveNumberOf(pick(w, 'waveNumber', 'WaveNumber'), `Waves[${i}].waveNumber`) ?? (orders[i] !== undefined ? orders[i]! + shift : i + 1),
    );
    const ids = new Map<string, number>();
    waves.forEach((w, i) => {
      const id = str(pick(w, 'WaveId', 'waveId'), `Waves[${i}].WaveId`) ?? `wave-${i + 1}`;
      ids.set(id, numbers[i]);
    });
    const read: ReadWave[] = waves.map((w, i) => {
      const label = `Wave ${numbers[i]}`;
      const dependsOn: number[] = [];
      const deps = pick(w, 'Dependencies', 'dependencies');
      if (deps != null) {
        if (!Array.isArray(deps)) throw bad(`${label}: Dependencies must be a list`, { field: 'dependencies' });
        for (const d of deps) {
          const ref = isObj(d) ? pick(d, 'DependsOnWaveId', 'dependsOnWaveId') : d;
          if (typeof ref === 'number' && Number.isInteger(ref)) dependsOn.push(ref);
          else if (typeof ref === 'string' && ids.has(ref)) dependsOn.push(ids.get(ref)!);
          else {
            throw new AppError('INVALID_WAVE_DATA', `${label} depends on wave "${String(ref)}", which the plan does not have`, {
              waveNumber: numbers[i],
              dependsOnWaveId: ref ?? null,
            });
          }
        }
      }
      const direct = pick(w, 'dependsOn', 'DependsOn');
      if (direct != null) {
        if (!Array.isArray(direct) || direct.some((n) => typeof n !== 'number' || !Number.isInteger(n))) {
          throw bad(`${label}: dependsOn must be a list of wave numbers`, { field: 'dependsOn' });
        }
        dependsOn.push(...(direct as number[]));
      }
      const wave: ReadWave = {
        waveNumber: numbers[i],
        name: str(pick(w, 'WaveName', 'waveName', 'name'), `${label}: WaveName`),
        protectionGroupName: str(pick(w, 'ProtectionGroupName', 'protectionGroupName'), `${label}: ProtectionGroupName`),
        protectionGroupId: str(pick(w, 'ProtectionGroupId', 'protectionGroupId'), `${label}: ProtectionGroupId`),
        pauseBeforeWave: bool(pick(w, 'PauseBeforeWave', 'pauseBeforeWave'), `${label}: PauseBeforeWave`),
        dependsOn,
      };
      return wave;
    });
    return { name, description, waves: read };
  }

  return { readGroup, readPlan, readLaunchConfig, readTags };
}
