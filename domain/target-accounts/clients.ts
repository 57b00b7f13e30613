// DRS, EC2 and IAM clients for a call in an account: this one (the function's own credentials) or a
// registered target account (its cross-account role, assumed and cached by credentials.ts).
import { accountClients } from '../../platform/aws.ts';
import { credentialProvider } from './credentials.ts';

export const { drs, ec2, iam } = accountClients(credentialProvider);
