// The one table (infra/table.ts), deployed: same keys, GSIs, TTL attribute and stream as DynamoDB Local gets.
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TABLE, tableName } from '../table.ts';

export interface DatabaseProps {
  readonly stage: string;
  /** DESTROY only when the deployer asked for it (context destroyOnRemove=true); RETAIN otherwise. */
  readonly removalPolicy: RemovalPolicy;
}

export class Database extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const str = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });
    const retained = props.removalPolicy === RemovalPolicy.RETAIN;
    this.table = new dynamodb.Table(this, 'Table', {
      tableName: tableName(props.stage),
      partitionKey: str(TABLE.partitionKey),
      sortKey: str(TABLE.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: TABLE.ttlAttribute,
      // The publisher's source (infra/cdk/publisher.ts): every committed change, old and new image.
      stream: dynamodb.StreamViewType[TABLE.stream],
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      // A retained table is also protected against an accidental delete outside CloudFormation.
      deletionProtection: retained,
      removalPolicy: props.removalPolicy,
    });
    for (const index of TABLE.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: str(index.partitionKey),
        sortKey: str(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
  }
}
