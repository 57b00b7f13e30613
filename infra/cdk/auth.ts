// Cognito: the user pool the API's default auth mode trusts, one group per RBAC role, one public client.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ROLES, type Role } from '../../platform/rbac.ts';
import { acknowledge } from './nag.ts';

// Typed by Role: a role added to rbac.ts without a description here fails the type check.
const ROLE_DESCRIPTIONS: Record<Role, string> = {
  DRSOrchestrationAdmin: 'Full access, including accounts, clusters and spot provisioning',
  DRSRecoveryManager: 'Runs recoveries, manages groups, plans, target accounts and configuration',
  DRSPlanManager: 'Manages protection groups and recovery plans, runs executions',
  DRSOperator: 'Runs executions and edits existing groups and plans',
  DRSReadOnly: 'Views groups, plans, executions and accounts',
};

export interface AuthProps {
  readonly stage: string;
  readonly removalPolicy: RemovalPolicy;
}

export class Auth extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly groups: Record<Role, cognito.UserPoolGroup>;

  constructor(scope: Construct, id: string, props: AuthProps) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: `drs-orchestrator-${props.stage}`,
      // Administrators create users (and put them in groups); nobody signs themselves up.
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      // Seed 001's rule for new passwords (8–128 with upper, lower, digit and special character), which
      // the staff function checks first; Cognito's own maximum is 256.
      passwordPolicy: {
        minLength: 8,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Users may enrol a TOTP app; password-only sign-in (scripts, USER_PASSWORD_AUTH) keeps working.
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { sms: false, otp: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // Advanced security (threat protection) off: it needs the PLUS plan, which this API does not use.
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
      deletionProtection: props.removalPolicy === RemovalPolicy.RETAIN,
      removalPolicy: props.removalPolicy,
    });

    acknowledge(this.userPool, {
      'AwsSolutions-COG2': "MFA is optional (TOTP) on purpose: the guide's scripts and AWS services sign in with USER_PASSWORD_AUTH and cannot answer a second factor",
      'AwsSolutions-COG8': 'The Essentials feature plan on purpose: threat protection needs the Plus plan, which this API does not use (see above)',
    });

    this.groups = Object.fromEntries(
      ROLES.map((role, precedence) => [
        role,
        new cognito.UserPoolGroup(this, role, {
          userPool: this.userPool,
          groupName: role,
          description: ROLE_DESCRIPTIONS[role],
          // Lower wins when a user is in several groups: the ROLES order, most privileged first.
          precedence,
        }),
      ]),
    ) as Record<Role, cognito.UserPoolGroup>;

    this.client = this.userPool.addClient('Client', {
      userPoolClientName: `drs-orchestrator-${props.stage}`,
      generateSecret: false,
      // USER_PASSWORD_AUTH for the guide's scripts, SRP for browsers; CDK adds ALLOW_REFRESH_TOKEN_AUTH.
      authFlows: { userPassword: true, userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });
  }
}
