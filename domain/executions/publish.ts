// Execution, wave and server changes go to subscribers through the IAM-only publish mutations,
// selecting every field a subscriber may ask for (subscribers only receive what was selected).
import { Logger } from '@aws-lambda-powertools/logger';
import { callAppSync } from '../../platform/appsync.ts';
import { publicExecution, type StoredExecution, type StoredWave } from './store.ts';

const logger = new Logger({ serviceName: 'executions' });

const WAVE_FIELDS = `waveNumber name protectionGroupId protectionGroupName status pauseBeforeWave dependsOn startTime endTime
  jobIds errorMessage servers { sourceServerId hostname launchStatus recoveryInstanceId jobId startTime endTime }`;
const EXECUTION_FIELDS = `id recoveryPlanId recoveryPlanName executionType status currentWave totalWaves initiatedBy startedBy
  invocationSource claimedInitiatedBy claimedInvocationSource invocationDetails startTime endTime errorMessage waves { ${WAVE_FIELDS} }`;

const PUBLISH_EXECUTION = `mutation PublishExecution($input: ExecutionUpdateInput!) {
  publishExecutionUpdate(input: $input) { ${EXECUTION_FIELDS} } }`;
const PUBLISH_WAVE = `mutation PublishWave($input: WaveUpdateInput!) {
  publishWaveUpdate(input: $input) { executionId waveNumber wave { ${WAVE_FIELDS} } } }`;

const publicWave = ({ region: _r, accountId: _a, ...w }: StoredWave) => w;

async function call(query: string, input: Record<string, unknown>, what: Record<string, unknown>): Promise<void> {
  try {
    await callAppSync(query, { input });
  } catch (e) {
    // The change is stored; a dashboard that missed it sees it on its next read.
    logger.error('publish failed', { error: e as Error, ...what });
  }
}

export async function publishExecution(e: StoredExecution): Promise<void> {
  const view = publicExecution(e);
  await call(PUBLISH_EXECUTION, { ...view, waves: JSON.stringify(view.waves) }, { executionId: e.id, status: e.status });
}

export async function publishWave(executionId: string, wave: StoredWave): Promise<void> {
  await call(PUBLISH_WAVE, { executionId, waveNumber: wave.waveNumber, wave: JSON.stringify(publicWave(wave)) }, { executionId, waveNumber: wave.waveNumber });
}
