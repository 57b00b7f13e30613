// The drill dashboard in AWS (infra/cdk/dashboard.ts, -c dashboard=true): its own stack beside the orchestrator's, a
// private bucket CloudFront reads through origin access control, HTTPS only with security headers, and
// the app deployed with an amplify_outputs.json made from the orchestrator stack's outputs.
import { existsSync, readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAll } from '../../infra/build.ts';
import { createApp } from '../../infra/cdk/app.ts';
import { fromRoot, missingBundles } from '../../infra/cdk/bundles.ts';
import { DASHBOARD_DIR } from '../../infra/cdk/dashboard.ts';

const cdkContext = JSON.parse(readFileSync(fromRoot('cdk.json'), 'utf8')).context as Record<string, unknown>;
// CloudFormation JSON as synthesized.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Cfn = any;

let template: Template;
let main: Template;

beforeAll(async () => {
  if (missingBundles().length > 0 || !existsSync(fromRoot(`${DASHBOARD_DIR}/index.html`))) await buildAll();
  expect(createApp(new App({ context: { ...cdkContext, stage: 'test' } })).dashboard, 'only with -c dashboard=true').toBeUndefined();
  const { stack, dashboard } = createApp(new App({ context: { ...cdkContext, stage: 'test', dashboard: 'true' } }));
  expect(dashboard!.stackName).toBe('drs-orchestrator-dashboard-test');
  template = Template.fromStack(dashboard!);
  main = Template.fromStack(stack);
}, 180_000);

describe('the dashboard stack', () => {
  it('keeps its bucket private, read by CloudFront only through origin access control, over TLS', () => {
    template.resourceCountIs('AWS::S3::Bucket', 2);
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LoggingConfiguration: { LogFilePrefix: 's3/' },
    });
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', { OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always' } });
    template.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy')) as Cfn[];
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement as Cfn[]);
    // Reads by the distribution only (its ARN as the source), and nothing over plain HTTP.
    const read = statements.filter((s) => s.Principal?.Service === 'cloudfront.amazonaws.com');
    expect(read).toHaveLength(1);
    expect(read[0].Action).toBe('s3:GetObject');
    expect(JSON.stringify(read[0].Condition)).toContain('AWS:SourceArn');
    expect(statements.filter((s) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false').length).toBeGreaterThanOrEqual(2);
    expect(statements.filter((s) => s.Effect === 'Allow' && s.Principal === '*')).toEqual([]);
  });

  it('redirects HTTP to HTTPS and answers with security headers; the configuration is never cached', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https', ResponseHeadersPolicyId: Match.anyValue() }),
        CacheBehaviors: [Match.objectLike({ PathPattern: '/amplify_outputs.json', ViewerProtocolPolicy: 'https-only', CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad' })],
        Logging: Match.objectLike({ Prefix: 'cloudfront/' }),
      }),
    });
    const [policy] = Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy')) as Cfn[];
    const security = policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(security.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 31_536_000, IncludeSubdomains: true, Override: true });
    expect(security.FrameOptions).toMatchObject({ FrameOption: 'DENY' });
    expect(security.ContentTypeOptions).toMatchObject({ Override: true });
    expect(security.ReferrerPolicy).toMatchObject({ ReferrerPolicy: 'no-referrer' });
    const csp = JSON.stringify(security.ContentSecurityPolicy.ContentSecurityPolicy);
    for (const part of ["default-src 'none'", "script-src 'self'", "frame-ancestors 'none'", 'https://cognito-idp.', 'wss://*.appsync-realtime-api.']) expect(csp).toContain(part);
  });

  it("deploys the built app with an amplify_outputs.json of the orchestrator stack's API and user pool", () => {
    const [deployment] = Object.values(template.findResources('Custom::CDKBucketDeployment')) as Cfn[];
    expect(deployment.Properties.SourceObjectKeys).toHaveLength(2);
    expect(deployment.Properties.Prune).toBe(true);
    expect(deployment.Properties.DistributionPaths).toEqual(['/*']);
    // The outputs come from the orchestrator stack's documented outputs, read by name (nothing exported).
    const markers = JSON.stringify(deployment.Properties.SourceMarkers);
    for (const name of ['GraphqlUrl', 'UserPoolId', 'UserPoolClientId']) {
      expect(markers).toContain(JSON.stringify({ 'Fn::GetStackOutput': { StackName: 'drs-orchestrator-test', OutputName: name } }).slice(1, -1));
      main.hasOutput(name, {});
    }
    expect(Object.values(main.toJSON().Outputs as Record<string, { Export?: unknown }>).filter((o) => o.Export)).toEqual([]);
    template.hasOutput('DashboardUrl', {});
  });
});
