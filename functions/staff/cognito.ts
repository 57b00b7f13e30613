// The user pool this function administers (USER_POOL_ID) and signs people in to (USER_POOL_CLIENT_ID).
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';

let client: CognitoIdentityProviderClient | undefined;
export const cognito = () => (client ??= new CognitoIdentityProviderClient({}));

const env = (name: string) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
export const userPoolId = () => env('USER_POOL_ID');
export const userPoolClientId = () => env('USER_POOL_CLIENT_ID');
