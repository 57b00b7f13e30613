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
import { acknowledge, arnOf, wildcard } from './nag.ts';
import { acknowledgeStateMachine } from './orchestrator.ts';

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
    acknowledge(this.templateBucket, {
      'AwsSolutions-S1': 'Holds the two cluster templates CDK deploys, versioned and private, read only by the clusters function (CloudTrail records access); a log bucket would cost more than it tells',
    });
    new s3deploy.BucketDeployment(this, 'DeployTemplates', {
      sources: [s3deploy.Source.asset(fromRoot(CLUSTER_TEMPLATES_DIR))],
      destinationBucket: this.templateBucket,
      // Older template versions stay in the bucket's version history.
      prune: false,
    });
    // BucketDeployment's own singleton function (a CDK custom resource, beside the stack's root).
    const deployer = Stack.of(this).node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (deployer) {
      acknowledge(deployer, {
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]': "CDK's BucketDeployment custom resource: its function's role, not configurable",
        'AwsSolutions-L1': "CDK's BucketDeployment custom resource: its runtime is CDK's choice",
        [wildcard(`${arnOf(this.templateBucket)}/*`)]: "CDK's BucketDeployment: writes the templates into the bucket",
        [wildcard('arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*')]: "CDK's BucketDeployment: reads the template asset from the bootstrap bucket",
        'AwsSolutions-IAM5[Action::s3:GetBucket*]': "CDK's BucketDeployment: its grant on the asset and template buckets",
        'AwsSolutions-IAM5[Action::s3:GetObject*]': "CDK's BucketDeployment: its grant on the asset and template buckets",
        'AwsSolutions-IAM5[Action::s3:List*]': "CDK's BucketDeployment: its grant on the asset and template buckets",
        'AwsSolutions-IAM5[Action::s3:Abort*]': "CDK's BucketDeployment: its write grant on the template bucket",
        'AwsSolutions-IAM5[Action::s3:DeleteObject*]': "CDK's BucketDeployment: its write grant on the template bucket (prune is off: nothing is deleted)",
      });
    }

    this.watch = new sfn.StateMachine(this, 'Watch', {
      stateMachineName: CLUSTER_WATCH.name(props.stage),
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromFile(fromRoot(CLUSTER_WATCH.definitionFile)),
      definitionSubstitutions: { ClustersFunctionArn: props.fn.functionArn },
      timeout: Duration.hours(4),
      tracingEnabled: true,
      logs: {
        destination: new logs.LogGroup(this, 'Logs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY }),
        level: sfn.LogLevel.ERROR,
      },
    });
    props.fn.grantInvoke(this.watch);
    acknowledgeStateMachine(this.watch, [props.fn]);
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
    const policy = new iam.Policy(this, 'AwsActions', {
      roles: [props.fn.role!],
      statements: Object.entries(byAction).map(([action, resources]) => new iam.PolicyStatement({ actions: [action], resources })),
    });
    acknowledge(policy, {
      [wildcard(`arn:<AWS::Partition>:cloudformation:*:<AWS::AccountId>:stack/${stackNamePrefix(props.stage)}*/*`)]: "The clusters' stacks: the product's name prefix in any region a cluster is deployed to",
      [wildcard(`${arnOf(this.templateBucket)}/*`)]: 'The templates in the template bucket, read to deploy them',
      [wildcard('arn:<AWS::Partition>:iam::*:role/*')]:
        "Cross-account cluster deployment assumes the role a deploy request names (seed 001 cross_account_config.role_name) in the account it names; that role's trust policy decides",
    });
    props.fn.addEnvironment('CLUSTER_TEMPLATE_BUCKET', this.templateBucket.bucketName);
    props.fn.addEnvironment('CLUSTER_WATCH_ARN', watchArn);
    props.fn.addEnvironment('CLUSTER_POLL_SECONDS', CLUSTER_POLL_SECONDS);
  }
}
