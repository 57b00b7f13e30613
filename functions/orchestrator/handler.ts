// The orchestrator's Lambda steps, called by the state machine (infra/orchestrator/state-machine.asl.json).
import { Logger } from '@aws-lambda-powertools/logger';
import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, sfn, tableName } from '../shared/aws.ts';
import { execKey } from '../shared/keys.ts';
import { finish, getExecution, isTerminal } from '../executions/store.ts';
import { announceEnd, init, tick, type TickResult } from './engine.ts';

const logger = new Logger({ serviceName: 'orchestrator' });

type StepEvent =
  | { action: 'init' | 'tick'; executionId: string }
  | { action: 'pause'; executionId: string; taskToken: string }
  | { action: 'fail'; executionId: string; error?: { Error?: string; Cause?: string } };

/** Keeps the task token so resume (or cancel) can release the paused state machine. */
async function pause(executionId: string, taskToken: string): Promise<void> {
  try {
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: execKey(executionId),
        UpdateExpression: 'SET taskToken = :t',
        ConditionExpression: '#status = :paused',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':t': taskToken, ':paused': 'PAUSED' },
      }),
    );
  } catch (e) {
    if ((e as Error).name !== 'ConditionalCheckFailedException') throw e;
    // Resumed or cancelled before the token arrived: nobody will send it, so release it now.
    await sfn().send(new SendTaskSuccessCommand({ taskToken, output: '{}' }));
  }
}

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

export const handler = async (event: StepEvent): Promise<TickResult | Record<string, never>> => {
  logger.appendKeys({ executionId: event.executionId, action: event.action });
  switch (event.action) {
    case 'init':
      return init(event.executionId);
    case 'tick':
      return tick(event.executionId);
    case 'pause':
      await pause(event.executionId, event.taskToken);
      return {};
    case 'fail':
      await fail(event.executionId, event.error);
      return {};
  }
};
