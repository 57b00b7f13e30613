// The cluster deployment watch: one ASL definition, deployed by CDK (infra/cdk/clusters.ts) and run by
// the local stack, with the clusters Lambda's ARN substituted. Templates live beside it.
export const CLUSTER_WATCH = {
  definitionFile: 'infra/clusters/watch.asl.json',
  substitutions: { ClustersFunctionArn: 'clusters' },
  name: (stage: string) => `drs-orchestrator-cluster-watch-${stage}`,
} as const;

/** The two templates (seed 001's file names), uploaded to the template bucket by CDK and the local stack. */
export const CLUSTER_TEMPLATES_DIR = 'infra/cluster-templates';

/** Seconds between stack reads in AWS (locally the Wait is divided by SIM_SPEED). */
export const CLUSTER_POLL_SECONDS = '15';
