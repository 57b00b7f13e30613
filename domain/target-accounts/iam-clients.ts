// IAM clients for a call in an account: this one or a registered target account (credentials.ts).
import { iamClients } from '../../platform/aws/iam.ts';
import { credentialProvider } from './credentials.ts';

export const iam = iamClients(credentialProvider);
