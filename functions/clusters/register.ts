// POST /cluster/register, registerCluster: the seed's rules, then one transaction that stores the
// cluster and claims its CIDR block (domain/clusters/store.ts insertCluster).
import { randomUUID } from 'node:crypto';
import type { Cluster, RegisterClusterInput } from '../../platform/generated/graphql.ts';
import { actor, type Identity } from '../../platform/resolver-event.ts';
import { formatCidr } from '../../domain/clusters/cidr.ts';
import { publicCluster, type StoredCluster } from '../../domain/clusters/model.ts';
import { validRegistration } from '../../domain/clusters/rules.ts';
import { insertCluster } from '../../domain/clusters/store.ts';

export async function registerCluster(input: RegisterClusterInput, who: Identity): Promise<Cluster> {
  const v = validRegistration(input);
  const now = new Date().toISOString();
  const c: StoredCluster = {
    id: randomUUID(),
    name: v.name,
    type: v.type,
    environment: v.environment,
    region: v.region,
    cidr: formatCidr(v.cidr),
    status: 'Active',
    deploymentStatus: null,
    deploymentId: null,
    stackName: null,
    stackOutputs: null,
    failureReason: null,
    templateUrl: null,
    target: null,
    deploySeq: 0,
    initiatedAt: null,
    createdAt: now,
    updatedAt: now,
    deployedAt: null,
    createdBy: actor(who),
  };
  await insertCluster(c);
  return publicCluster(c);
}
