// SSM Parameter Store.
import { SSMClient } from '@aws-sdk/client-ssm';

let ssmClient: SSMClient | undefined;
const regionalSsm = new Map<string, SSMClient>();
/** SSM Parameter Store in the function's region (or another one, e.g. for AWS's public parameters). */
export function ssm(region?: string): SSMClient {
  if (!region) return (ssmClient ??= new SSMClient({}));
  let c = regionalSsm.get(region);
  if (!c) regionalSsm.set(region, (c = new SSMClient({ region })));
  return c;
}
