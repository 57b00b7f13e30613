// Staff, login and password reset (seed 001): the staff function's Cognito admin actions on this user
// pool only, ses:SendEmail from the reset sender's identity only (the address and its domain, either of
// which SES may have verified), and the REST façade's read of the per-user status items
// (platform/user-status.ts) — GetItem on those keys alone, the façade having no other table access.
import { Stack } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { USER_STATUS_PREFIX } from '../../platform/user-status.ts';
import { LAMBDAS } from '../api.ts';

export const DEFAULT_RESET_SENDER = 'no-reply@drs.local';

export interface StaffProps {
  readonly fn: lambda.Function;
  readonly facade: lambda.Function;
  readonly userPool: cognito.IUserPool;
  readonly userPoolClient: cognito.IUserPoolClient;
  readonly table: dynamodb.ITable;
  /** The verified SES identity the reset mail comes from (context `resetSender`; default no-reply@drs.local). */
  readonly resetSender: string;
}

export class StaffAccess extends Construct {
  constructor(scope: Construct, id: string, props: StaffProps) {
    super(scope, id);
    const { fn, facade, userPool, userPoolClient, table, resetSender } = props;
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(resetSender)) throw new Error(`resetSender "${resetSender}" is not an email address`);
    const stack = Stack.of(this);
    fn.addEnvironment('USER_POOL_ID', userPool.userPoolId);
    fn.addEnvironment('USER_POOL_CLIENT_ID', userPoolClient.userPoolClientId);
    fn.addEnvironment('RESET_SENDER', resetSender);
    const actions: readonly string[] = LAMBDAS.staff.actions;
    const identity = (name: string) => stack.formatArn({ service: 'ses', resource: 'identity', resourceName: name });
    // In the roles' default policies: no extra resources in a stack that must stay under 500.
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: actions.filter((a) => a.startsWith('cognito-idp:')), resources: [userPool.userPoolArn] }));
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: actions.filter((a) => a.startsWith('ses:')),
        resources: [identity(resetSender), identity(resetSender.split('@')[1])],
        conditions: { StringEquals: { 'ses:FromAddress': resetSender } },
      }),
    );

    facade.addEnvironment('TABLE_NAME', table.tableName);
    facade.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:GetItem'],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${USER_STATUS_PREFIX}*`] } },
      }),
    );
  }
}
