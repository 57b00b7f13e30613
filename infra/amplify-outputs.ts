// The Amplify JS v6 configuration of this API, in the amplify_outputs.json shape Amplify.configure (and
// aws-amplify/utils parseAmplifyConfig) reads: auth (user pool and client) and data (the GraphQL URL,
// Cognito user pools as the default authorization, IAM beside it). Written by the local stack
// (.local/amplify_outputs.json, and /dashboard/amplify_outputs.json), by scripts/amplify-outputs.ts from
// `cdk deploy --outputs-file`, and beside the dashboard in AWS (infra/cdk/dashboard.ts, from tokens).
//
// The outputs shape has no field for a user-pool endpoint other than Cognito's own (Amplify reads it
// only from Auth.Cognito.userPoolEndpoint in a ResourcesConfig): the local stack puts its endpoint in
// `custom.user_pool_endpoint`, which Amplify ignores and a client copies in (README "Watch a drill").
export interface AmplifyOutputsInput {
  region: string;
  userPoolId: string;
  userPoolClientId: string;
  graphqlUrl: string;
  /** A user pool that is not Cognito's own endpoint (the local stack's). */
  userPoolEndpoint?: string;
}

export interface AmplifyOutputs {
  version: '1.4';
  auth: { aws_region: string; user_pool_id: string; user_pool_client_id: string; standard_required_attributes: string[]; mfa_configuration: 'OFF' };
  data: { aws_region: string; url: string; default_authorization_type: 'AMAZON_COGNITO_USER_POOLS'; authorization_types: string[] };
  custom?: { user_pool_endpoint: string };
}

export function amplifyOutputs(o: AmplifyOutputsInput): AmplifyOutputs {
  return {
    version: '1.4',
    auth: {
      aws_region: o.region,
      user_pool_id: o.userPoolId,
      user_pool_client_id: o.userPoolClientId,
      standard_required_attributes: ['email'],
      mfa_configuration: 'OFF',
    },
    data: {
      aws_region: o.region,
      url: o.graphqlUrl,
      default_authorization_type: 'AMAZON_COGNITO_USER_POOLS',
      authorization_types: ['AWS_IAM'],
    },
    ...(o.userPoolEndpoint ? { custom: { user_pool_endpoint: o.userPoolEndpoint } } : {}),
  };
}

/** The local stack's outputs (infra/local/stack.ts endpoints): the GraphQL URL over TLS when it serves TLS and `secure` asks for it. */
export function localAmplifyOutputs(
  ep: { region: string; userPoolId: string; userPoolClientId: string; graphql: string; graphqlHttps?: string; awsEndpoint: string },
  secure = true,
): AmplifyOutputs {
  return amplifyOutputs({
    region: ep.region,
    userPoolId: ep.userPoolId,
    userPoolClientId: ep.userPoolClientId,
    graphqlUrl: (secure && ep.graphqlHttps) || ep.graphql,
    userPoolEndpoint: ep.awsEndpoint,
  });
}
