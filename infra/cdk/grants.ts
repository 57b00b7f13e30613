// The resources (and conditions) of each AWS action a function declares in infra/api.ts LAMBDAS: the
// narrowest IAM allows for what the code calls. Where an action takes no resource ARN (DRS/EC2 describe
// and list calls, sts:GetCallerIdentity, iam:ListInstanceProfiles) or acts on whichever server, launch
// template or region a protection group names, it stays on `*`; everything with a narrower scope is
// scoped here:
// - iam:PassRole: roles of this account, passed to EC2 or DRS only (a recovery instance's profile);
// - ec2:TerminateInstances, ec2:DeleteVolume (drs:TerminateRecoveryInstances' dependent actions):
//   only instances and volumes DRS launched, which DRS tags AWSElasticDisasterRecoveryManaged;
// - sts:AssumeRole: the target accounts' cross-account role by name (context targetAccountRoleNames,
//   default the guide's DRSOrchestrationRole), in any account — accounts are registered at run time;
// - Cognito: this user pool; states:DescribeStateMachine: the orchestrator.
import { ArnFormat, Aws, Stack } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { STATE_MACHINE } from '../api.ts';

/** The tag DRS puts on every recovery instance and volume it launches. */
export const DRS_MANAGED_TAG = 'AWSElasticDisasterRecoveryManaged';
/** The services iam:PassRole may pass a role to (DRS launches recovery instances with an EC2 instance profile). */
export const PASS_ROLE_SERVICES = ['ec2.amazonaws.com', 'drs.amazonaws.com'] as const;
/** The guide's "Required Cross-Account IAM Role" (functions/accounts DEFAULT_ROLE_NAME). */
export const DEFAULT_TARGET_ROLE_NAMES = ['DRSOrchestrationRole'] as const;
/** Destructive EC2 actions: allowed on DRS-launched resources only. */
export const DRS_MANAGED_ONLY = ['ec2:TerminateInstances', 'ec2:DeleteVolume'] as const;

/** A role name or path/name, IAM's characters plus `*` as a wildcard. */
const ROLE_NAME = /^(?:[\w+=,.@*-]+\/)*[\w+=,.@*-]{1,64}$/;

/** Context `targetAccountRoleNames` (comma-separated names or patterns), else the guide's role. */
export function targetAccountRoleNames(scope: Construct): string[] {
  const given = scope.node.tryGetContext('targetAccountRoleNames') as string | string[] | undefined;
  const names = (Array.isArray(given) ? given : String(given ?? '').split(','))
    .map((n) => n.trim())
    .filter(Boolean);
  const list = names.length ? names : [...DEFAULT_TARGET_ROLE_NAMES];
  const bad = list.filter((n) => !ROLE_NAME.test(n) || n === '*');
  if (bad.length) throw new Error(`targetAccountRoleNames: ${bad.join(', ')} is not a role name (or a name pattern narrower than *)`);
  return list;
}

export interface GrantScope {
  readonly stage: string;
  readonly userPool: cognito.IUserPool;
  /** Role names (or patterns) target accounts' cross-account roles have. */
  readonly targetRoleNames: readonly string[];
}

/** One statement per scope: the declared actions, each on the resources (and conditions) it needs. */
export function awsActionStatements(scope: Construct, actions: readonly string[], g: GrantScope): iam.PolicyStatement[] {
  const stack = Stack.of(scope);
  const scoped = new Map<string, { resources: string[]; conditions?: Record<string, unknown>; actions: string[] }>();
  const add = (key: string, action: string, resources: string[], conditions?: Record<string, unknown>) => {
    const s = scoped.get(key) ?? { resources, conditions, actions: [] };
    s.actions.push(action);
    scoped.set(key, s);
  };
  for (const action of actions) {
    if (action === 'iam:PassRole') {
      add('passRole', action, [stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: '*' })], {
        StringEquals: { 'iam:PassedToService': [...PASS_ROLE_SERVICES] },
      });
    } else if ((DRS_MANAGED_ONLY as readonly string[]).includes(action)) {
      add('drsManaged', action, ['*'], { Null: { [`ec2:ResourceTag/${DRS_MANAGED_TAG}`]: 'false' } });
    } else if (action === 'sts:AssumeRole') {
      add('assumeRole', action, g.targetRoleNames.map((n) => `arn:${Aws.PARTITION}:iam::*:role/${n}`));
    } else if (action.startsWith('cognito-idp:')) {
      add('userPool', action, [g.userPool.userPoolArn]);
    } else if (action === 'states:DescribeStateMachine') {
      // By name: the state machine's definition depends on the functions (a reference would be a cycle).
      const arn = stack.formatArn({ service: 'states', resource: 'stateMachine', resourceName: STATE_MACHINE.name(g.stage), arnFormat: ArnFormat.COLON_RESOURCE_NAME });
      add('orchestrator', action, [arn]);
    } else {
      add('any', action, ['*']);
    }
  }
  return [...scoped.values()].map((s) => new iam.PolicyStatement({ actions: s.actions, resources: s.resources, ...(s.conditions ? { conditions: s.conditions } : {}) }));
}
