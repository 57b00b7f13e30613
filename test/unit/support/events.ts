// Event factories for unit tests: what a Lambda resolver receives (resolvers/lib/lambda.ts sends
// `{ field, arguments, identity }` with AppSync's verified identity), and what the orchestrator's state
// machine sends its Lambda steps (infra/orchestrator/state-machine.asl.json).
import type { CognitoIdentity, IamIdentity, Identity, ResolverEvent } from '../../../platform/resolver-event.ts';
import type { Role } from '../../../platform/rbac.ts';
import type { handler as orchestratorHandler } from '../../../functions/orchestrator/handler.ts';

export const ACCOUNT_ID = '123456789012';

/** A Cognito user pool caller in `groups` (AppSync's identity: sub, username, groups, claims). */
export function cognito(groups: readonly string[], username = 'unit-user'): CognitoIdentity {
  return {
    sub: `00000000-0000-4000-8000-${username.padEnd(12, '0').slice(0, 12)}`,
    username,
    groups: [...groups],
    claims: { 'cognito:username': username, 'cognito:groups': [...groups], token_use: 'id' },
  };
}

/** A Cognito caller holding exactly one of the guide's roles. */
export const asRole = (role: Role, username: string = role) => cognito([role], username);

/** A SigV4 (IAM) caller: the guide's direct invocation and the orchestrator's publish mutations. */
export function iam(name = 'automation'): IamIdentity {
  return { accountId: ACCOUNT_ID, userArn: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/${name}/session`, username: `AROAEXAMPLE:${name}` };
}

/** A Lambda resolver event for the operation `field` ("Type.field"). */
export function resolverEvent<A = Record<string, unknown>>(field: string, args: A, identity: Identity): ResolverEvent<A> {
  return { field, arguments: args, identity };
}

/** What the orchestrator Lambda's handler takes (its own declared event type). */
export type StepEvent = Parameters<typeof orchestratorHandler>[0];

/** The orchestrator's step events, one per action of its handler. */
export const stepEvent = {
  init: (executionId: string) => ({ action: 'init', executionId }) satisfies StepEvent,
  tick: (executionId: string) => ({ action: 'tick', executionId }) satisfies StepEvent,
  await: (executionId: string, taskToken: string) => ({ action: 'await', executionId, taskToken }) satisfies StepEvent,
  fail: (executionId: string, error: { Error?: string; Cause?: string }) => ({ action: 'fail', executionId, error }) satisfies StepEvent,
};
