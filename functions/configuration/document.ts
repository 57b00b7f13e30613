// The configuration document of the DRS orchestration guide ("Configuration Export/Import"): the
// export shape, and the reading of import files in both spellings the guide uses (PascalCase such as
// GroupName/LaunchConfig.SubnetId/Dependencies[].DependsOnWaveId, and the export's camelCase). This
// module only types and renames fields; every domain rule stays with createGroup/createPlan.
import { AppError } from '../../platform/errors.ts';
import { DOCUMENT_LIMITS, checkJson } from '../../platform/json-input.ts';
import { guideReader, isObj, pick, type ExportedLaunchConfig } from '../../platform/guide-format.ts';

export { launchConfigOut, tagsOut, type ExportedLaunchConfig, type ReadPlan, type ReadWave } from '../../platform/guide-format.ts';
export const { readGroup, readPlan } = guideReader('INVALID_CONFIGURATION');

export const SCHEMA_VERSION = '1.0';

export interface ExportedGroup {
  name: string;
  description: string | null;
  region: string;
  accountId?: string;
  sourceServerIds: string[];
  serverSelectionTags: Record<string, string>;
  launchConfig: ExportedLaunchConfig | null;
}

export interface ExportedWave {
  waveNumber: number;
  name: string;
  /** Groups are referenced by name (ids differ between stacks); null if the group no longer exists. */
  protectionGroupName: string | null;
  pauseBeforeWave: boolean;
  dependsOn: number[];
}

export interface ExportedPlan {
  name: string;
  description: string | null;
  waves: ExportedWave[];
  /** The plan's drill TTL (minutes), when it has one. */
  drillTtlMinutes?: number;
}

export interface ConfigurationDocument {
  metadata: {
    schemaVersion: string;
    exportedAt: string;
    sourceRegion: string | null;
    protectionGroupCount: number;
    recoveryPlanCount: number;
  };
  protectionGroups: ExportedGroup[];
  recoveryPlans: ExportedPlan[];
}

type Obj = Record<string, unknown>;
const bad = (message: string, details: Record<string, unknown> = {}) => new AppError('INVALID_CONFIGURATION', message, details);

/** The document's top level; a file that is not the export format answers INVALID_CONFIGURATION. */
export function readDocument(input: unknown): { protectionGroups: Obj[]; recoveryPlans: Obj[] } {
  let doc = input;
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc);
    } catch {
      throw bad('The configuration is not valid JSON');
    }
  }
  checkJson(doc, 'input', DOCUMENT_LIMITS);
  if (!isObj(doc)) throw bad('The configuration must be a JSON object with metadata, protectionGroups and recoveryPlans');
  const metadata = doc.metadata;
  if (!isObj(metadata) || metadata.schemaVersion == null) {
    throw bad(`metadata.schemaVersion is required ("${SCHEMA_VERSION}")`, { field: 'metadata.schemaVersion' });
  }
  if (String(metadata.schemaVersion) !== SCHEMA_VERSION && metadata.schemaVersion !== 1) {
    throw bad(`Unsupported schemaVersion "${String(metadata.schemaVersion)}": this API reads "${SCHEMA_VERSION}"`, {
      field: 'metadata.schemaVersion',
      supported: [SCHEMA_VERSION],
    });
  }
  const section = (name: string): Obj[] => {
    const v = doc[name];
    if (v == null) return [];
    if (!Array.isArray(v)) throw bad(`${name} must be a list`, { field: name });
    const wrong = v.findIndex((x) => !isObj(x));
    if (wrong >= 0) throw bad(`${name}[${wrong}] must be an object`, { field: `${name}[${wrong}]` });
    return v as Obj[];
  };
  const out = { protectionGroups: section('protectionGroups'), recoveryPlans: section('recoveryPlans') };
  if (doc.protectionGroups == null && doc.recoveryPlans == null) {
    throw bad('The configuration has neither protectionGroups nor recoveryPlans');
  }
  return out;
}

/** The name an entry gives itself, for the result list (null when it has none). */
export function entryName(o: Obj, kind: 'group' | 'plan'): string | null {
  const v = kind === 'group' ? pick(o, 'GroupName', 'groupName', 'name') : pick(o, 'PlanName', 'planName', 'name');
  return typeof v === 'string' ? v.trim() || v : null;
}

