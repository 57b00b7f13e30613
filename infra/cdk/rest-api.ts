// The REST façade's HTTP door: an API Gateway REST API whose resources and methods are the façade's
// route table (functions/rest-api/routes ROUTES), every one a Lambda proxy integration of the one
// function (aws-drs-orchestrator-api-handler-<stage>). The gateway checks the Cognito token of the
// routes that need one; the façade checks it again, maps the request to GraphQL and answers in the
// guide's shapes. Paths and methods the table does not define still reach the façade, which answers
// them in the guide's 404 and 405 bodies, and so does a browser's CORS preflight (OPTIONS), which the
// façade answers 204 with its CORS headers: no OPTIONS mock per resource (they cost one CloudFormation
// resource per path, about 60, against the stack's 500).
import { RemovalPolicy } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CORS_HEADERS } from '../../functions/rest-api/http.ts';
import type { Route } from '../../functions/rest-api/route.ts';
import { ROUTES } from '../../functions/rest-api/routes/index.ts';
import { functionName } from '../api.ts';
import { acknowledge } from './nag.ts';

/** Stage-wide throttling (requests per second, steady and burst) of every method. */
export const REST_API_THROTTLING = { rateLimit: 50, burstLimit: 100 } as const;
/** X-Ray tracing of the stage (the AppSync API it calls is traced too). */
export const REST_API_TRACING = true;
/**
 * Per-method CloudWatch metrics (billed as custom metrics, one set per resource and method). Off: the
 * API-level metrics (Count, 4XXError, 5XXError, Latency, IntegrationLatency) come without it.
 */
export const REST_API_DETAILED_METRICS = false;

/** Why a method has no authorizer (cdk-nag APIG4, COG4): each one reaches the façade, which decides. */
const OPEN_METHOD = {
  'AwsSolutions-APIG4':
    "No gateway authorizer by design: an open route (login, password reset, health, the OpenAPI document), or ANY/{proxy+} that bring the façade a CORS preflight or a method or path it answers 405/404 before it reads a token; every other route has the Cognito authorizer and the façade verifies the token again",
  'AwsSolutions-COG4': 'As AwsSolutions-APIG4: an open route, or a preflight/405/404 the façade answers without a token',
};

/** Served by the façade itself (the OpenAPI document of ROUTES), with no token. */
export const OPENAPI_ROUTE = { method: 'GET', path: '/openapi.json' } as const;

/** One JSON object per request in the access log: who called what, how it ended, where the time went. */
const ACCESS_LOG_FIELDS = {
  requestId: apigw.AccessLogField.contextRequestId(),
  extendedRequestId: apigw.AccessLogField.contextExtendedRequestId(),
  requestTime: apigw.AccessLogField.contextRequestTime(),
  ip: apigw.AccessLogField.contextIdentitySourceIp(),
  userAgent: apigw.AccessLogField.contextIdentityUserAgent(),
  user: apigw.AccessLogField.contextAuthorizerClaims('sub'),
  httpMethod: apigw.AccessLogField.contextHttpMethod(),
  resourcePath: apigw.AccessLogField.contextResourcePath(),
  path: apigw.AccessLogField.contextPath(),
  protocol: apigw.AccessLogField.contextProtocol(),
  status: apigw.AccessLogField.contextStatus(),
  responseLength: apigw.AccessLogField.contextResponseLength(),
  responseLatency: apigw.AccessLogField.contextResponseLatency(),
  integrationStatus: apigw.AccessLogField.contextIntegrationStatus(),
  integrationLatency: apigw.AccessLogField.contextIntegrationLatency(),
  integrationError: apigw.AccessLogField.contextIntegrationErrorMessage(),
  authorizerError: apigw.AccessLogField.contextAuthorizerError(),
  errorType: apigw.AccessLogField.contextErrorResponseType(),
  errorMessage: apigw.AccessLogField.contextErrorMessage(),
  xrayTraceId: apigw.AccessLogField.contextXrayTraceId(),
};

/** Every value quoted (as CDK's own JSON format does): API Gateway writes "-" for a missing value. */
export const accessLogFormat = (): string => JSON.stringify(ACCESS_LOG_FIELDS);

export interface RestApiProps {
  readonly stage: string;
  /** The façade (infra/api.ts LAMBDAS['rest-api']). */
  readonly handler: lambda.IFunction;
  readonly userPool: cognito.IUserPool;
  readonly logRetention: logs.RetentionDays;
  /**
   * Create the account's API Gateway CloudWatch Logs role (AWS::ApiGateway::Account), which access
   * logging needs once per account and region. Default true; false when it is already set.
   */
  readonly cloudWatchRole?: boolean;
}

/** The methods each route path defines, in ROUTES order (plus the OpenAPI document). */
export function routeMethods(): Map<string, { method: string; open: boolean }[]> {
  const byPath = new Map<string, { method: string; open: boolean }[]>();
  const routes: readonly Pick<Route, 'method' | 'path' | 'open'>[] = [...ROUTES, { ...OPENAPI_ROUTE, open: true }];
  for (const r of routes) {
    const list = byPath.get(r.path) ?? [];
    if (list.some((m) => m.method === r.method)) throw new Error(`${r.method} ${r.path} is in ROUTES twice`);
    // An explicit OPTIONS would take the preflight from ANY (and, without `open`, put the authorizer on it).
    if ((r.method as string) === 'OPTIONS') throw new Error(`${r.path}: OPTIONS is the CORS preflight, answered by the façade through ANY`);
    list.push({ method: r.method, open: r.open === true });
    byPath.set(r.path, list);
  }
  return byPath;
}

export class RestApi extends Construct {
  readonly api: apigw.RestApi;
  readonly authorizer: apigw.CognitoUserPoolsAuthorizer;
  readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: RestApiProps) {
    super(scope, id);
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      logGroupName: `/aws/apigateway/drs-orchestrator-${props.stage}/access`,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.api = new apigw.RestApi(this, 'Api', {
      restApiName: `drs-orchestrator-${props.stage}`,
      description: `drs-orchestrator (${props.stage}): the DRS orchestration guide's REST paths, served by ${functionName('rest-api', props.stage)}`,
      endpointConfiguration: { types: [apigw.EndpointType.REGIONAL] },
      // The account-level role API Gateway writes CloudWatch Logs with. Retained with the stack: it is
      // one setting per account and region, which other APIs (and other stages) rely on too.
      ...(props.cloudWatchRole === false ? { cloudWatchRole: false } : { cloudWatchRole: true, cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN }),
      // No defaultCorsPreflightOptions: the façade answers the preflight itself (through ANY, below).
      deployOptions: {
        stageName: props.stage,
        accessLogDestination: new apigw.LogGroupLogDestination(this.accessLogs),
        accessLogFormat: apigw.AccessLogFormat.custom(accessLogFormat()),
        // No execution logs: they would copy request and response bodies; access logs say enough.
        loggingLevel: apigw.MethodLoggingLevel.OFF,
        dataTraceEnabled: false,
        tracingEnabled: REST_API_TRACING,
        metricsEnabled: REST_API_DETAILED_METRICS,
        throttlingRateLimit: REST_API_THROTTLING.rateLimit,
        throttlingBurstLimit: REST_API_THROTTLING.burstLimit,
      },
    });

    // RestApi adds an output of its own ("RestApiEndpoint…"); the stack names its outputs (RestApiUrl).
    this.api.node.tryRemoveChild('Endpoint');

    this.authorizer = new apigw.CognitoUserPoolsAuthorizer(this, 'Authorizer', {
      authorizerName: `drs-orchestrator-${props.stage}`,
      cognitoUserPools: [props.userPool],
      // Without OAuth scopes on the methods, API Gateway takes the token for an ID token (the guide's
      // IdToken); access tokens pass only through direct invocation, where the façade alone checks them.
      // https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-enable-cognito-user-pool.html
      identitySource: apigw.IdentitySource.header('Authorization'),
    });

    // Lambda proxy integration. One resource-policy statement for the whole API instead of two per
    // method: ~130 methods would outgrow the function policy's 20 KB limit.
    const integration = new apigw.LambdaIntegration(props.handler, { proxy: true, scopePermissionToMethod: false });
    const cognitoAuth: apigw.MethodOptions = {
      authorizationType: apigw.AuthorizationType.COGNITO,
      authorizer: this.authorizer,
    };
    const noAuth: apigw.MethodOptions = { authorizationType: apigw.AuthorizationType.NONE };

    // Every path of ROUTES: its methods (with the authorizer unless the route is open) and ANY, without
    // authorizer, for the methods it does not define. ANY "catches any HTTP method that wasn't explicitly
    // declared" on its resource (https://docs.aws.amazon.com/apigateway/latest/developerguide/
    // api-gateway-swagger-extensions-any-method.html), so it never shadows a route's method and its
    // authorizer; the façade answers what ANY brings 405 (it looks the route up before it reads a token).
    // Resources that only lead somewhere (/drs, /accounts, …) get ANY too: the façade's 404. No route
    // declares OPTIONS (route.ts Method), so on every resource, and on {proxy+}, a CORS preflight is ANY's
    // too: it reaches the façade without the Cognito authorizer (a browser sends no token with it), and the
    // façade answers it 204 with its CORS headers before it looks for a route or a token.
    const resources = new Set<apigw.IResource>([this.api.root]);
    for (const [path, methods] of routeMethods()) {
      let resource: apigw.IResource = this.api.root;
      for (const part of path.split('/').filter(Boolean)) {
        resource = resource.getResource(part) ?? resource.addResource(part);
        resources.add(resource);
      }
      for (const m of methods) {
        const method = resource.addMethod(m.method, integration, m.open ? noAuth : cognitoAuth);
        if (m.open) acknowledge(method, OPEN_METHOD);
      }
    }
    for (const resource of resources) acknowledge(resource.addMethod('ANY', integration, noAuth), OPEN_METHOD);
    // Everything else: the façade's 404 in the guide's body (not API Gateway's 403 "Missing
    // Authentication Token"). Deeper unknown paths under a route (/protection-groups/x/y) rely on API
    // Gateway falling back to this greedy resource, which AWS does not document (see README.md).
    const proxy = this.api.root.addProxy({ anyMethod: true, defaultIntegration: integration, defaultMethodOptions: noAuth });
    if (proxy.anyMethod) acknowledge(proxy.anyMethod, OPEN_METHOD);
    acknowledge(this.api, {
      'AwsSolutions-APIG2': "Every request goes to the façade as a Lambda proxy; the façade validates it and answers the guide's error bodies (a gateway validator would answer its own)",
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]':
        "API Gateway's documented account-level logging role (AWS::ApiGateway::Account), shared by every API of the account and region",
    });
    acknowledge(this.api.deploymentStage, {
      'AwsSolutions-APIG3': 'No WAF web ACL in the stack: the stage is throttled (REST_API_THROTTLING) and every route but the open ones needs a Cognito token; associate an account-wide web ACL where policy asks for one',
      'AwsSolutions-APIG6': "Execution logging off on purpose: JSON access logs record every request (who, what, status, latencies, errors) and the façade logs its failures; execution logs add little and, with data tracing, would copy bodies",
    });

    // Errors API Gateway answers itself (401 from the authorizer, 429 throttled, 504 timeout, …) in the
    // guide's error shape {error, message}, with CORS headers so a browser can read them.
    const cors = { 'Access-Control-Allow-Origin': `'${CORS_HEADERS['access-control-allow-origin']}'` };
    const template = { 'application/json': '{"error":"$context.error.responseType","message":$context.error.messageString}' };
    this.api.addGatewayResponse('Default4xx', { type: apigw.ResponseType.DEFAULT_4XX, responseHeaders: cors, templates: template });
    this.api.addGatewayResponse('Default5xx', { type: apigw.ResponseType.DEFAULT_5XX, responseHeaders: cors, templates: template });
  }

  /** The stage's base URL (https://<id>.execute-api.<region>.amazonaws.com/<stage>/). */
  get url(): string {
    return this.api.url;
  }
}
