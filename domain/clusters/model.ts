// A cluster as stored and as answered. Status follows the seed: Active (registered, or deployed),
// Deploying, Failed; deploymentStatus is the stack's status or one of the seed's own values.
import type { Cluster, ClusterType } from '../../platform/generated/graphql.ts';

export type ClusterStatus = 'Active' | 'Deploying' | 'Failed';
export const ENVIRONMENTS = ['Production', 'Staging', 'Dev'] as const;
export const CLUSTER_TYPES: readonly ClusterType[] = ['dedicated', 'shared'];

/** Seed 001's deployment status values beside CloudFormation's stack statuses. */
export const NOT_DEPLOYED = 'NOT_DEPLOYED';
export const DEPLOYMENT_INITIATED = 'DEPLOYMENT_INITIATED';
export const STACK_NOT_FOUND = 'STACK_NOT_FOUND';
export const STATUS_CHECK_FAILED = 'STATUS_CHECK_FAILED';

/** Where a cross-account stack lives (the role is assumed again for every later status check). */
export interface DeployTarget {
  accountId: string;
  roleName: string;
  externalId?: string | null;
}

export interface StoredCluster {
  id: string;
  name: string;
  type: ClusterType;
  environment: string;
  region: string;
  cidr: string;
  status: ClusterStatus;
  deploymentStatus: string | null;
  deploymentId: string | null;
  stackName: string | null;
  /** JSON text: the stack's outputs by key. */
  stackOutputs: string | null;
  failureReason: string | null;
  templateUrl: string | null;
  target: DeployTarget | null;
  /** Bumped by each deploy claim, so a stale watch or reconcile cannot record over a newer deploy. */
  deploySeq: number;
  initiatedAt: string | null;
  createdAt: string;
  updatedAt: string;
  deployedAt: string | null;
  createdBy: string;
}

/** The answer: the external id and audit fields stay in the table. */
export function publicCluster(c: StoredCluster): Cluster {
  const { target, deploySeq: _s, createdBy: _b, ...rest } = c;
  return { ...rest, targetAccountId: target?.accountId ?? null, recentEvents: null };
}
