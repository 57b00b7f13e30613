// Clusters in AWS: the template bucket with the two templates deployed into it, the deployment watch
// workflow (the ASL the local stack runs too), and the clusters function's AWS actions on named
// resources only: stacks whose name has the product's prefix, the bucket, the workflow.
import { ArnFormat, Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { LAMBDAS } from '../api.ts';
import { CLUSTER_POLL_SECONDS, CLUSTER_TEMPLATES_DIR, CLUSTER_WATCH } from '../clusters/workflow.ts';
import { stackNamePrefix } from '../../domain/clusters/rules.ts';
import { fromRoot } from './bundles.ts';

export interface ClustersProps {
  readonly stage: string;
  readonly fn: lambda.Function;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

export class Clusters extends Construct {
  readonly templateBucket: s3.Bucket;
  readonly watch: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: ClustersProps) {
    super(scope, id);
    this.templateBucket = new s3.Bucket(this, 'Templates', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      removalPolicy: props.removalPolicy,
    });
    new s3deploy.BucketDeployment(this, 'DeployTemplates', {
      sources: [s3deploy.Source.asset(fromRoot(CLUSTER_TEMPLATES_DIR))],
      destinationBucket: this.templateBucket,
      // Older template versions stay in the bucket's version history.
      prune: false,
    });

    this.watch = new sfn.StateMachine(this, 'Watch', {
      stateMachineName: CLUSTER_WATCH.name(props.stage),
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromFile(fromRoot(CLUSTER_WATCH.definitionFile)),
      definitionSubstitutions: { ClustersFunctionArn: props.fn.functionArn },
      timeout: Duration.hours(4),
      logs: {
        destination: new logs.LogGroup(this, 'Logs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY }),
        level: sfn.LogLevel.ERROR,
      },
    });
    props.fn.grantInvoke(this.watch);
    // The ARN from the name, not the resource: the function the workflow invokes may not depend on it.
    const watchArn = Stack.of(this).formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: CLUSTER_WATCH.name(props.stage),
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });

    // LAMBDAS.clusters.actions, each on its own resources (a separate policy keeps fn → machine → fn acyclic).
    const stacks = `arn:${Aws.PARTITION}:cloudformation:*:${Aws.ACCOUNT_ID}:stack/${stackNamePrefix(props.stage)}*/*`;
    const byAction: Record<string, string[]> = {
      'cloudformation:CreateStack': [stacks],
      'cloudformation:DescribeStacks': [stacks],
      'cloudformation:DescribeStackEvents': [stacks],
      's3:GetObject': [this.templateBucket.arnForObjects('*')],
      // Cross-account deployment: the role a deploy names in its target account.
      'sts:AssumeRole': [`arn:${Aws.PARTITION}:iam::*:role/*`],
      'states:StartExecution': [watchArn],
    };
    const declared: readonly string[] = LAMBDAS.clusters.actions;
    const missing = declared.filter((a) => !byAction[a]);
    if (missing.length || Object.keys(byAction).length !== declared.length) throw new Error(`clusters actions and their resources disagree: ${missing.join(', ')}`);
    new iam.Policy(this, 'AwsActions', {
      roles: [props.fn.role!],
      statements: Object.entries(byAction).map(([action, resources]) => new iam.PolicyStatement({ actions: [action], resources })),
    });
    props.fn.addEnvironment('CLUSTER_TEMPLATE_BUCKET', this.templateBucket.bucketName);
    props.fn.addEnvironment('CLUSTER_WATCH_ARN', watchArn);
    props.fn.addEnvironment('CLUSTER_POLL_SECONDS', CLUSTER_POLL_SECONDS);
  }
}
