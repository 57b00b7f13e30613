// The environment the AWS CLI (v1) and boto3 run in against a local AWS endpoint: its URL and keys
// only — no profile, config file, session token or endpoint override from the machine.
export function awsCliEnv(endpoint: string, credentials: { accessKeyId: string; secretAccessKey: string }, region: string): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^AWS_/.test(k)));
  return {
    ...clean,
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_DEFAULT_REGION: region,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
}
