// The orchestrator's Lambda steps, called by the state machine (infra/orchestrator/state-machine.asl.json).
import { Logger } from '@aws-lambda-powertools/logger';
import { finish, getExecution, isTerminal } from '../../domain/executions/store.ts';
import { park } from '../../domain/executions/wake.ts';
import { instrument } from '../../platform/observability.ts';
import { announceEnd, init, tick, type TickResult } from './engine.ts';

const logger = new Logger({ serviceName: 'orchestrator' });

type StepEvent =
  | { action: 'init' | 'tick'; executionId: string }
  | { action: 'await'; executionId: string; taskToken: string }
  | { action: 'fail'; executionId: string; error?: { Error?: string; Cause?: string } };

async function fail(executionId: string, error?: { Error?: string; Cause?: string }): Promise<void> {
  const e = await getExecution(executionId);
  if (!e || isTerminal(e.status)) return;
  let cause = error?.Cause ?? '';
  try {
    cause = JSON.parse(cause).errorMessage ?? cause;
  } catch {
    // Cause is plain text.
  }
  await finish(e, 'FAILED', `Orchestration failed: ${error?.Error ?? 'error'}${cause ? `: ${cause}` : ''}`);
  await announceEnd(executionId);
}

export const handler = instrument('orchestrator', async (event: StepEvent): Promise<TickResult | Record<string, never>> => {
  logger.appendKeys({ executionId: event.executionId, action: event.action });
  switch (event.action) {
    case 'init':
      return init(event.executionId);
    case 'tick':
      return tick(event.executionId);
    case 'await':
      // Sleep until woken (or the fallback poll's timeout); a wake already pending releases it now.
      await park(event.executionId, event.taskToken);
      return {};
    case 'fail':
      await fail(event.executionId, event.error);
      return {};
  }
}, undefined, (event) => ({ action: event.action }));
