// The spot Lambda: the GraphQL field it serves (setSpotProvisioning) and the steps of the provisioning
// workflow (infra/spot/state-machine.asl.json), told apart by the event's shape.
import { Logger } from '@aws-lambda-powertools/logger';
import type { ServedBy } from '../../infra/api.ts';
import { instrument } from '../../platform/observability.ts';
import { actor, resolverHandler, type ResolverEvent } from '../../platform/resolver-event.ts';
import { setProvisioning } from './provisioning.ts';
import { acquire, provision, refresh, release, teardown, type RunState } from './workflow.ts';

const logger = new Logger({ serviceName: 'spot' });

const resolve = resolverHandler<ServedBy<'spot'>>('spot', {
  'Mutation.setSpotProvisioning': (a, e) => setProvisioning(a.action, a.teardown, actor(e.identity)),
});

const STEPS = { acquire, provision, refresh, teardown, release } as const;
export interface StepEvent {
  step: keyof typeof STEPS;
  state: RunState;
}

const runStep = instrument('spot', async (event: StepEvent) => {
  logger.appendKeys({ step: event.step, mode: event.state.mode, owner: event.state.owner });
  const step = Object.hasOwn(STEPS, event.step) ? STEPS[event.step] : undefined;
  if (!step) throw new Error(`Unknown step ${String(event.step)}`);
  return step(event.state);
});

export const handler = async (event: ResolverEvent | StepEvent) => ('step' in event ? runStep(event) : resolve(event));
