// DRS clients for a call in an account: this one (the function's own credentials) or a registered
// target account (its cross-account role, assumed and cached by credentials.ts). EC2 and IAM clients for
// the same accounts are in ec2-clients.ts and iam-clients.ts: separate modules, so code that calls only
// DRS does not load the EC2 client (~150 ms of a cold start) or the IAM one.
import { drsClients } from '../../platform/aws/drs.ts';
import { credentialProvider } from './credentials.ts';

export const drs = drsClients(credentialProvider);
