// Shared helpers for end-to-end tests that need groups and plans on the local stack.
import type { Endpoints } from '../../infra/local/stack.ts';
import { gql, ok } from './client.ts';

export type Server = { sourceServerId: string; hostname: string; tags: Array<{ key: string; value: string }>; assignedProtectionGroupId: string | null; replicationState: string };

export async function freeServers(ep: Endpoints, token: string, region: string): Promise<Server[]> {
  const r = ok(await gql<{ listSourceServers: { items: Server[] } }>(ep, token,
    `query S($region: String!) { listSourceServers(region: $region) { items { sourceServerId hostname replicationState tags { key value } assignedProtectionGroupId } } }`, { region }));
  return r.listSourceServers.items.filter((s) => !s.assignedProtectionGroupId);
}

export async function createGroup(ep: Endpoints, token: string, input: Record<string, unknown>): Promise<{ id: string; name: string }> {
  return ok(await gql<{ createProtectionGroup: { id: string; name: string } }>(ep, token,
    `mutation C($input: CreateProtectionGroupInput!) { createProtectionGroup(input: $input) { id name } }`, { input })).createProtectionGroup;
}

export const PLAN_FIELDS = `id version name description waveCount hasServerConflict
  waves { waveNumber name protectionGroupId protectionGroupName pauseBeforeWave dependsOn }
  lastExecution { id status executionType startTime endTime } createdAt updatedAt`;

export async function createPlan(ep: Endpoints, token: string, input: Record<string, unknown>) {
  return ok(await gql<{ createRecoveryPlan: { id: string; name: string; version: number } }>(ep, token,
    `mutation C($input: CreateRecoveryPlanInput!) { createRecoveryPlan(input: $input) { ${PLAN_FIELDS} } }`, { input })).createRecoveryPlan;
}
