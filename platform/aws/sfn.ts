// The Step Functions client (the function's own region and credentials).
import { SFNClient } from '@aws-sdk/client-sfn';

let sfnClient: SFNClient | undefined;
export function sfn(): SFNClient {
  sfnClient ??= new SFNClient({});
  return sfnClient;
}
