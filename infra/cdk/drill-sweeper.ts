// The drill TTL sweeper's schedule (infra/api.ts DRILL_SWEEPER): an EventBridge rule that invokes the
// drill-sweeper function every `drillSweepMinutes` (context, default 5). Its grants come from its
// LAMBDAS entry (grants.ts: the EC2 actions on DRS-launched resources only, sts:AssumeRole on the
// target accounts' role names); its failures alarm with every function's (monitoring.ts).
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { DRILL_SWEEPER, drillSweepMinutes } from '../api.ts';

export interface DrillSweeperProps {
  readonly stage: string;
  readonly fn: lambda.IFunction;
}

export class DrillSweeper extends Construct {
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: DrillSweeperProps) {
    super(scope, id);
    const minutes = drillSweepMinutes(this.node.tryGetContext(DRILL_SWEEPER.context));
    this.rule = new events.Rule(this, 'Schedule', {
      ruleName: DRILL_SWEEPER.ruleName(props.stage),
      description: "Drill TTL sweeper: terminates expired drills' recovery instances",
      schedule: events.Schedule.expression(DRILL_SWEEPER.schedule(minutes)),
      // A missed sweep is made up by the next one: no long retries of an old sweep.
      targets: [new targets.LambdaFunction(props.fn, { retryAttempts: 1, maxEventAge: Duration.minutes(minutes) })],
    });
  }
}
