// Export: every protection group and recovery plan as the guide's configuration document. Plans name
// their groups (ids are per stack), so the document imports into any stack.
import { allGroups } from '../../domain/protection-groups/store.ts';
import { allPlans } from '../../domain/recovery-plans/store.ts';
import { SCHEMA_VERSION, launchConfigOut, tagsOut, type ConfigurationDocument, type ExportedGroup, type ExportedPlan } from './document.ts';

const byName = <T extends { name: string }>(a: T, b: T) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()) || a.name.localeCompare(b.name);

export async function exportConfiguration(): Promise<ConfigurationDocument> {
  const [groups, plans] = await Promise.all([allGroups(), allPlans()]);
  const names = new Map(groups.map((g) => [g.id, g.name]));
  const protectionGroups: ExportedGroup[] = [...groups].sort(byName).map((g) => ({
    name: g.name,
    description: g.description ?? null,
    region: g.region,
    ...(g.accountId ? { accountId: g.accountId } : {}),
    sourceServerIds: [...g.sourceServerIds],
    serverSelectionTags: tagsOut(g.serverSelectionTags),
    launchConfig: launchConfigOut(g.launchConfig),
  }));
  const recoveryPlans: ExportedPlan[] = [...plans].sort(byName).map((p) => ({
    name: p.name,
    description: p.description ?? null,
    waves: [...p.waves]
      .sort((a, b) => a.waveNumber - b.waveNumber)
      .map((w) => ({
        waveNumber: w.waveNumber,
        name: w.name,
        protectionGroupName: names.get(w.protectionGroupId) ?? null,
        pauseBeforeWave: w.pauseBeforeWave,
        dependsOn: [...w.dependsOn],
      })),
    // The plan's drill TTL, only when it has one (documents without it stay as before).
    ...(p.drillTtlMinutes != null ? { drillTtlMinutes: p.drillTtlMinutes } : {}),
  }));
  return {
    metadata: {
      schemaVersion: SCHEMA_VERSION,
      exportedAt: new Date().toISOString(),
      sourceRegion: process.env.AWS_REGION ?? null,
      protectionGroupCount: protectionGroups.length,
      recoveryPlanCount: recoveryPlans.length,
    },
    protectionGroups,
    recoveryPlans,
  };
}
