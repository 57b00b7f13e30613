// Drill schedules (infra/api.ts DRILL_SCHEDULES): the stage's EventBridge Scheduler group, the role
// Scheduler assumes to invoke the drill-scheduler function (that function only), and for every
// function that writes schedules (managesDrillSchedules): the scheduler actions on the group's
// schedules, iam:PassRole of that role to Scheduler only, and the names in its environment.
import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import { DRILL_SCHEDULES, LAMBDAS } from '../api.ts';
import type { FunctionKey } from './functions.ts';
import { acknowledge, wildcard } from './nag.ts';

export const SCHEDULER_ACTIONS = ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule', 'scheduler:GetSchedule'] as const;

export interface DrillSchedulesProps {
  readonly stage: string;
  readonly functions: Record<FunctionKey, lambda.Function>;
}

export class DrillSchedules extends Construct {
  readonly group: scheduler.CfnScheduleGroup;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: DrillSchedulesProps) {
    super(scope, id);
    const { stage, functions } = props;
    const groupName = DRILL_SCHEDULES.groupName(stage);
    this.group = new scheduler.CfnScheduleGroup(this, 'Group', { name: groupName });
    const target = functions[DRILL_SCHEDULES.fn];
    // Scheduler invokes the firing function with this role, from this account only.
    this.role = new iam.Role(this, 'InvokeRole', {
      roleName: DRILL_SCHEDULES.roleName(stage),
      description: 'EventBridge Scheduler: invokes the drill-scheduler function for drill schedules',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } } }),
    });
    this.role.addToPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [target.functionArn] }));
    const schedules = Stack.of(this).formatArn({ service: 'scheduler', resource: 'schedule', resourceName: `${groupName}/*`, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
    for (const [fn, spec] of Object.entries(LAMBDAS) as Array<[FunctionKey, (typeof LAMBDAS)[FunctionKey]]>) {
      if (!('managesDrillSchedules' in spec && spec.managesDrillSchedules)) continue;
      const f = functions[fn];
      const policy = new iam.Policy(this, `${fn}Writes`, {
        roles: [f.role!],
        statements: [
          new iam.PolicyStatement({ actions: [...SCHEDULER_ACTIONS], resources: [schedules] }),
          new iam.PolicyStatement({ actions: ['iam:PassRole'], resources: [this.role.roleArn], conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } } }),
        ],
      });
      acknowledge(policy, { [wildcard(`arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${groupName}/*`)]: "One Scheduler schedule per drill schedule, named by the schedule's id at run time: the stage's group only" });
      f.addEnvironment('DRILL_SCHEDULE_GROUP', groupName);
      f.addEnvironment('DRILL_SCHEDULER_TARGET_ARN', target.functionArn);
      f.addEnvironment('DRILL_SCHEDULER_ROLE_ARN', this.role.roleArn);
    }
  }
}
