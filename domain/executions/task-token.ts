// The paused state machine's task token, from the pause step that stores it to the resume or cancel
// that releases it. The status decides who releases: the pause step stores its token only while the
// execution is PAUSED (and releases it itself otherwise); resume and cancel move the status first and
// then take whatever token was stored, so a pause is never left waiting, whatever the interleaving.
import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, sfn, tableName } from '../../platform/aws.ts';
import { execKey } from './keys.ts';

/** Releases a paused state machine; a token already used or expired is nothing to release. */
export async function release(taskToken: string | null | undefined): Promise<void> {
  if (!taskToken) return;
  await sfn()
    .send(new SendTaskSuccessCommand({ taskToken, output: '{}' }))
    .catch((err) => {
      if (!['TaskDoesNotExist', 'TaskTimedOut', 'InvalidToken'].includes(err.name)) throw err;
    });
}

/** The pause step: keeps the token for resume or cancel, or releases it if they came first. */
export async function keepTaskToken(executionId: string, taskToken: string): Promise<void> {
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
    await release(taskToken);
  }
}

/** Resume and cancel, after the status has left PAUSED: removes the stored token and answers it. */
export async function takeTaskToken(id: string): Promise<string | null> {
  try {
    const r = await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: execKey(id),
        UpdateExpression: 'REMOVE taskToken',
        ConditionExpression: 'attribute_exists(taskToken)',
        ReturnValues: 'UPDATED_OLD',
      }),
    );
    return (r.Attributes?.taskToken as string | undefined) ?? null;
  } catch (e) {
    if ((e as Error).name === 'ConditionalCheckFailedException') return null;
    throw e;
  }
}
