// EC2 clients for a call in an account: this one or a registered target account (credentials.ts).
import { ec2Clients } from '../../platform/aws/ec2.ts';
import { credentialProvider } from './credentials.ts';

export const ec2 = ec2Clients(credentialProvider);
