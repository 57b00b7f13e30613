// Spot items of the single table (infra/table.ts): the instances the provisioning workflow launched,
// and the lock that keeps one workflow run at a time.

/** Every recorded instance lives under one partition, sorted by region and instance id. */
export const SPOT_INSTANCES_PK = 'SPOT#INSTANCES';
export const spotInstanceKey = (region: string, instanceId: string) => ({ pk: SPOT_INSTANCES_PK, sk: `${region}#${instanceId}` });
/** One provisioning or teardown run at a time (domain/spot/store.ts acquireRunLock). */
export const SPOT_RUN_LOCK = { pk: 'SPOT#RUN', sk: 'LOCK' } as const;
