// The one table definition, used by the CDK stack and by the local stack (DynamoDB Local).
// Single-table design; key shapes live with each aggregate (domain/<aggregate>/keys.ts).
// Its stream feeds the publisher (functions/publisher): what subscribers receive follows what was
// committed. NEW_AND_OLD_IMAGES because a change is published only when what subscribers see changed
// (an update that only touches bookkeeping — a task token, a wake flag, a plan reference count —
// publishes nothing), onWaveUpdated carries only the waves that changed, and a delete's REMOVE record
// has no new image to publish from.

export const TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'ttl',
  indexes: [
    // Listings: gsi1pk = entity kind (e.g. "PG"), gsi1sk = lower-cased name + id, or region-scoped lock
    // listings, or the plan locks of active executions (domain/executions/active.ts).
    { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    // Time-ordered listings (executions by plan, by status).
    { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  ],
  stream: 'NEW_AND_OLD_IMAGES',
} as const;

/**
 * How the publisher reads the stream: CDK's DynamoEventSource (infra/cdk/publisher.ts) and the local
 * poller (infra/local/streams.ts) take the same settings. A record that keeps failing blocks its shard
 * (order is kept); after `retryAttempts` retries or `maxRecordAgeSeconds` it goes to the on-failure
 * destination and the shard moves on.
 */
export const STREAM_CONSUMER = {
  batchSize: 100,
  /** Lambda waits at most this long to fill a batch (0: invoke as soon as records are there). */
  maxBatchingWindowSeconds: 0,
  retryAttempts: 100,
  maxRecordAgeSeconds: 6 * 3600,
  bisectBatchOnError: true,
  reportBatchItemFailures: true,
} as const;

export function tableName(stage: string): string {
  return `drs-orchestrator-${stage}`;
}

/** The CreateTable input for DynamoDB Local; CDK builds the same shape in infra/cdk. */
export function createTableInput(name: string) {
  const attrs = new Set<string>([TABLE.partitionKey, TABLE.sortKey]);
  for (const i of TABLE.indexes) {
    attrs.add(i.partitionKey);
    attrs.add(i.sortKey);
  }
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [...attrs].map((a) => ({ AttributeName: a, AttributeType: 'S' as const })),
    KeySchema: [
      { AttributeName: TABLE.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: TABLE.sortKey, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: TABLE.indexes.map((i) => ({
      IndexName: i.name,
      KeySchema: [
        { AttributeName: i.partitionKey, KeyType: 'HASH' as const },
        { AttributeName: i.sortKey, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: TABLE.stream },
  };
}
