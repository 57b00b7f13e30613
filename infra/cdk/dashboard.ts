// The live drill dashboard in AWS: the static app `npm run build` writes to dist/dashboard, in a private
// S3 bucket read by CloudFront through origin access control (HTTPS only, security headers), with the
// API's configuration deployed beside it as amplify_outputs.json (infra/amplify-outputs.ts, from the
// orchestrator stack's outputs). Its own small stack (DashboardStack, infra/cdk/app.ts), so the
// orchestrator's stack keeps its resource budget; it takes the API's URL, user pool and client as props.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CfnOutput, Duration, Fn, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { amplifyOutputs } from '../amplify-outputs.ts';
import { fromRoot } from './bundles.ts';
import { acknowledge, arnOf, wildcard } from './nag.ts';

export const DASHBOARD_DIR = 'dist/dashboard';

export interface DashboardProps {
  readonly graphqlUrl: string;
  readonly userPoolId: string;
  readonly userPoolClientId: string;
  readonly removalPolicy?: RemovalPolicy;
  /** The built app (default: <repo>/dist/dashboard). */
  readonly assetDir?: string;
}

export class Dashboard extends Construct {
  readonly bucket: s3.Bucket;
  readonly logs: s3.Bucket;
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: DashboardProps) {
    super(scope, id);
    const dir = props.assetDir ?? fromRoot(DASHBOARD_DIR);
    if (!existsSync(join(dir, 'index.html'))) {
      throw new Error(`drs-orchestrator: the dashboard is not built (${DASHBOARD_DIR}/index.html is missing). Run \`npm run build\` first.`);
    }
    const region = Stack.of(this).region;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const autoDeleteObjects = removalPolicy === RemovalPolicy.DESTROY;

    // Access logs of the bucket and the distribution (CloudFront's standard logs need ACLs on their bucket).
    this.logs = new s3.Bucket(this, 'Logs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy,
      autoDeleteObjects,
    });
    acknowledge(this.logs, { 'AwsSolutions-S1': 'The access-log bucket itself: logging it into itself would loop' });
    this.bucket = new s3.Bucket(this, 'Site', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: this.logs,
      serverAccessLogsPrefix: 's3/',
      removalPolicy,
      autoDeleteObjects,
    });

    const apiHost = Fn.select(2, Fn.split('/', props.graphqlUrl));
    const csp = [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      `connect-src 'self' https://${apiHost} wss://*.appsync-realtime-api.${region}.amazonaws.com https://cognito-idp.${region}.amazonaws.com`,
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join('; ');
    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'drs-orchestrator dashboard: CSP to the API and Cognito only, HSTS, no framing, no sniffing, no referrer',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: csp, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
        xssProtection: { protection: true, modeBlock: true, override: true },
      },
    });
    const origin = origins.S3BucketOrigin.withOriginAccessControl(this.bucket);
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'drs-orchestrator drill dashboard',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
      },
      additionalBehaviors: {
        // The configuration follows the API's stack: never cached.
        '/amplify_outputs.json': {
          origin,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          responseHeadersPolicy: headers,
        },
      },
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: this.logs,
      logFilePrefix: 'cloudfront/',
    });
    acknowledge(this.distribution, {
      'AwsSolutions-CFR1': 'A static page for the operators of this stack; who may use it is decided by Cognito sign-in and the API, not by country',
      'AwsSolutions-CFR2': 'Static files only (the API behind it is AppSync with Cognito auth): a WAF web ACL is left to deployments that put one on every distribution',
      'AwsSolutions-CFR4': "The distribution's default *.cloudfront.net certificate: CloudFront then allows TLSv1 for viewers; give it a custom domain and certificate (domainNames, certificate, minimumProtocolVersion TLS_V1_2_2021) to enforce TLSv1.2",
    });

    new s3deploy.BucketDeployment(this, 'Deploy', {
      sources: [
        s3deploy.Source.asset(dir),
        s3deploy.Source.jsonData('amplify_outputs.json', amplifyOutputs({ region, userPoolId: props.userPoolId, userPoolClientId: props.userPoolClientId, graphqlUrl: props.graphqlUrl })),
      ],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      prune: true,
    });
    // BucketDeployment's own singleton function (a CDK custom resource, beside the stack's root).
    const deployer = Stack.of(this).node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (deployer) {
      acknowledge(deployer, {
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]': "CDK's BucketDeployment custom resource: its function's role, not configurable",
        'AwsSolutions-L1': "CDK's BucketDeployment custom resource: its runtime is CDK's choice",
        [wildcard(`${arnOf(this.bucket)}/*`)]: "CDK's BucketDeployment: writes the dashboard's files into its bucket",
        [wildcard('arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*')]: "CDK's BucketDeployment: reads the dashboard asset from the bootstrap bucket",
        'AwsSolutions-IAM5[Action::s3:GetBucket*]': "CDK's BucketDeployment: its grant on the asset and site buckets",
        'AwsSolutions-IAM5[Action::s3:GetObject*]': "CDK's BucketDeployment: its grant on the asset and site buckets",
        'AwsSolutions-IAM5[Action::s3:List*]': "CDK's BucketDeployment: its grant on the asset and site buckets",
        'AwsSolutions-IAM5[Action::s3:Abort*]': "CDK's BucketDeployment: its write grant on the site bucket",
        'AwsSolutions-IAM5[Action::s3:DeleteObject*]': "CDK's BucketDeployment: prune removes files of an earlier build from the site bucket",
        'AwsSolutions-IAM5[Resource::*]': "CDK's BucketDeployment: cloudfront:CreateInvalidation/GetInvalidation after a deploy (CDK grants them on *)",
      });
    }
  }
}

export interface DashboardStackProps extends StackProps, DashboardProps {
  readonly stage: string;
}

export const dashboardStackName = (stage: string) => `drs-orchestrator-dashboard-${stage}`;

/** The dashboard on its own: deploy it after the orchestrator's stack, whose outputs it takes. */
export class DashboardStack extends Stack {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: DashboardStackProps) {
    const { stage, graphqlUrl, userPoolId, userPoolClientId, removalPolicy, assetDir, ...stackProps } = props;
    super(scope, id, { description: `drs-orchestrator (${stage}): the live drill dashboard on S3 + CloudFront`, ...stackProps });
    this.dashboard = new Dashboard(this, 'Dashboard', { graphqlUrl, userPoolId, userPoolClientId, removalPolicy, assetDir });
    new CfnOutput(this, 'DashboardUrl', { value: `https://${this.dashboard.distribution.distributionDomainName}/`, description: 'The live drill dashboard' });
    new CfnOutput(this, 'DashboardBucket', { value: this.dashboard.bucket.bucketName, description: "The dashboard's files" });
  }
}
