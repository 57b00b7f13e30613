// How the orchestrator sleeps and wakes. Between ticks its state machine waits in Await on a task
// token stored on the execution item (`taskToken`), with the fallback poll as the task's timeout.
// Whoever gives it work — a DRS launch event that settled a wave or ended a job, resume, cancel,
// pause — wakes it: one update sets `wake` and takes the stored token, then the token is sent.
// The Await step stores its token only while no wake is pending (otherwise it releases it at once),
// and a tick clears `wake` before it reads anything, so no wake is lost whatever the interleaving.
import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, sfn, tableName } from '../../platform/aws.ts';
import { conditionFailed } from '../../platform/tx.ts';
import { execKey } from './keys.ts';

/** Releases a waiting state machine; a token already used or expired is nothing to release. */
export async function release(taskToken: string | null | undefined): Promise<void> {
  if (!taskToken) return;
  await sfn()
    .send(new SendTaskSuccessCommand({ taskToken, output: '{}' }))
    .catch((err) => {
      if (!['TaskDoesNotExist', 'TaskTimedOut', 'InvalidToken'].includes(err.name)) throw err;
    });
}

/** The Await step: keeps the token until a wake, or releases it now if a wake is already pending. */
export async function park(executionId: string, taskToken: string): Promise<'parked' | 'woken'> {
  try {
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: execKey(executionId),
        UpdateExpression: 'SET taskToken = :t',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(wake)',
        ExpressionAttributeValues: { ':t': taskToken },
      }),
    );
    return 'parked';
  } catch (e) {
    if (!conditionFailed(e)) throw e;
    await release(taskToken);
    return 'woken';
  }
}

/**
 * Wakes the execution. With `once`, only the first wake for that key counts (a duplicate DRS event
 * must not cost a tick): the key joins the item's `wokenFor` set in the same update.
 * Answers false when nothing was done (no such execution, or that key already woke it).
 */
export async function wake(executionId: string, once?: string): Promise<boolean> {
  try {
    const r = await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: execKey(executionId),
        UpdateExpression: `SET wake = :now${once ? ' ADD wokenFor :k' : ''} REMOVE taskToken`,
        ConditionExpression: `attribute_exists(pk)${once ? ' AND NOT contains(wokenFor, :key)' : ''}`,
        ExpressionAttributeValues: { ':now': new Date().toISOString(), ...(once ? { ':k': new Set([once]), ':key': once } : {}) },
        ReturnValues: 'UPDATED_OLD',
      }),
    );
    await release(r.Attributes?.taskToken as string | undefined);
    return true;
  } catch (e) {
    if (conditionFailed(e)) return false;
    throw e;
  }
}

/** A tick's first step: from here on, a new wake makes the next Await return at once. */
export async function clearWake(executionId: string): Promise<void> {
  await ddb()
    .send(new UpdateCommand({ TableName: tableName(), Key: execKey(executionId), UpdateExpression: 'REMOVE wake', ConditionExpression: 'attribute_exists(pk)' }))
    .catch((e) => {
      if (!conditionFailed(e)) throw e;
    });
}
