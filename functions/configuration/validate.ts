// The integrity of the stored configuration: what the write-time invariants should make impossible
// (dangling wave references, dependency cycles) and what drifts with DRS (servers that left DRS, tag
// selections that match nothing now, a server selected by two groups through tags).
import { AppError } from '../../platform/errors.ts';
import type { ConfigurationIssue, ConfigurationValidation } from '../../platform/generated/graphql.ts';
import { groupServers, type Server } from '../../domain/protection-groups/inventory.ts';
import { allGroups, type StoredGroup } from '../../domain/protection-groups/store.ts';
import { allPlans } from '../../domain/recovery-plans/store.ts';
import { findCycle } from '../../domain/recovery-plans/validate.ts';

const ERROR = 'ERROR';
const WARNING = 'WARNING';

/** Runs `fn` over `items`, a few at a time (DRS throttles bursts). */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export async function validateConfiguration(): Promise<ConfigurationValidation> {
  const [groups, plans] = await Promise.all([allGroups(), allPlans()]);
  const issues: ConfigurationIssue[] = [];
  const issue = (severity: string, resourceType: string, resourceName: string, message: string) =>
    issues.push({ severity, resourceType, resourceName, message });

  // Plans: every wave names an existing group; dependencies name waves of the plan, without cycles.
  const byId = new Map(groups.map((g) => [g.id, g]));
  for (const p of plans) {
    const numbers = new Set(p.waves.map((w) => w.waveNumber));
    for (const w of p.waves) {
      if (!byId.has(w.protectionGroupId)) {
        issue(ERROR, 'RecoveryPlan', p.name, `Wave ${w.waveNumber} ('${w.name}') references Protection Group ${w.protectionGroupId}, which does not exist`);
      }
      const missing = w.dependsOn.filter((d) => !numbers.has(d));
      if (missing.length) issue(ERROR, 'RecoveryPlan', p.name, `Wave ${w.waveNumber} depends on wave(s) ${missing.join(', ')}, which the plan does not have`);
    }
    const cycle = findCycle(p.waves);
    if (cycle) issue(ERROR, 'RecoveryPlan', p.name, `Wave dependencies form a loop: ${cycle.join(' → ')}`);
  }

  // Groups: what each selects in DRS now.
  const selected = await mapLimit(groups, 4, async (g): Promise<Server[] | null> => {
    try {
      return await groupServers(g);
    } catch (e) {
      const why = e instanceof AppError ? e.message : `${(e as Error).name}: ${(e as Error).message}`;
      issue(ERROR, 'ProtectionGroup', g.name, `Cannot read its servers from DRS in ${g.region}: ${why}`);
      return null;
    }
  });
  const holders = new Map<string, { server: Server; groups: StoredGroup[] }>();
  groups.forEach((g, i) => {
    const servers = selected[i];
    if (!servers) return;
    if (g.sourceServerIds.length) {
      const found = new Set(servers.map((s) => s.sourceServerId));
      const gone = g.sourceServerIds.filter((id) => !found.has(id));
      if (gone.length) issue(ERROR, 'ProtectionGroup', g.name, `Source server(s) no longer in DRS in ${g.region}: ${gone.join(', ')}`);
    } else if (servers.length === 0) {
      const tags = g.serverSelectionTags.map((t) => `${t.key}=${t.value}`).join(', ');
      issue(WARNING, 'ProtectionGroup', g.name, `Tags ${tags} match no source server in ${g.region} now`);
    }
    for (const s of servers) {
      const key = `${g.lockAccount}#${g.region}#${s.sourceServerId}`;
      const h = holders.get(key) ?? { server: s, groups: [] };
      h.groups.push(g);
      holders.set(key, h);
    }
  });
  for (const { server, groups: gs } of holders.values()) {
    if (gs.length < 2) continue;
    const label = server.hostname ? `${server.sourceServerId} (${server.hostname})` : server.sourceServerId;
    issue(ERROR, 'SourceServer', server.sourceServerId, `Server ${label} is selected by ${gs.length} Protection Groups: ${gs.map((g) => `'${g.name}'`).join(', ')}`);
  }

  const order = { RecoveryPlan: 0, ProtectionGroup: 1, SourceServer: 2 } as Record<string, number>;
  issues.sort((a, b) => (order[a.resourceType] ?? 9) - (order[b.resourceType] ?? 9) || a.resourceName.localeCompare(b.resourceName));
  return { valid: !issues.some((i) => i.severity === ERROR), issues };
}
