// What a committed change of an execution item publishes (domain/publishing reads the table's stream
// and sends it): each wave whose public view changed to onWaveUpdated, then the execution to
// onExecutionUpdated/onExecutionsChanged — through the IAM-only publish mutations, selecting every field
// a subscriber may ask for (subscribers only receive what was selected). Writes that only touch the
// orchestrator's bookkeeping (task token, wake flags, the state machine's ARN) publish nothing.
import type { Publication } from '../publishing/publication.ts';
import { sameValue } from '../publishing/publication.ts';
import { fromItem, publicExecution, type StoredExecution, type StoredWave } from './store.ts';

const WAVE_FIELDS = `waveNumber name protectionGroupId protectionGroupName status pauseBeforeWave dependsOn startTime endTime
  jobIds errorMessage durationSeconds servers { sourceServerId hostname launchStatus recoveryInstanceId jobId startTime endTime launchDurationSeconds }`;
const FINDING_FIELDS = 'severity code message fix waveNumber protectionGroupId sourceServerId hostname details';
const EXECUTION_FIELDS = `id recoveryPlanId recoveryPlanName executionType status currentWave totalWaves initiatedBy startedBy
  invocationSource claimedInitiatedBy claimedInvocationSource invocationDetails startTime endTime errorMessage waves { ${WAVE_FIELDS} }
  rtoSeconds forced readinessOverride { ${FINDING_FIELDS} } drillTtlMinutes expiresAt scheduleId
  cleanup { status requestedAt completedAt terminatedInstanceIds jobIds errorMessage }`;

export const PUBLISH_EXECUTION = `mutation PublishExecution($input: ExecutionUpdateInput!) {
  publishExecutionUpdate(input: $input) { ${EXECUTION_FIELDS} } }`;
export const PUBLISH_WAVE = `mutation PublishWave($input: WaveUpdateInput!) {
  publishWaveUpdate(input: $input) { executionId waveNumber wave { ${WAVE_FIELDS} } } }`;

const publicWave = ({ region: _r, accountId: _a, ...w }: StoredWave) => w;

function executionPublication(e: StoredExecution): Publication {
  const view = publicExecution(e);
  return {
    mutation: 'publishExecutionUpdate',
    query: PUBLISH_EXECUTION,
    input: {
      ...view,
      waves: JSON.stringify(view.waves),
      readinessOverride: view.readinessOverride ? JSON.stringify(view.readinessOverride) : null,
      cleanup: view.cleanup ? JSON.stringify(view.cleanup) : null,
    },
    about: { executionId: e.id, status: e.status },
  };
}

function wavePublication(executionId: string, w: StoredWave): Publication {
  return {
    mutation: 'publishWaveUpdate',
    query: PUBLISH_WAVE,
    input: { executionId, waveNumber: w.waveNumber, wave: JSON.stringify(publicWave(w)) },
    about: { executionId, waveNumber: w.waveNumber, status: w.status },
  };
}

/**
 * An execution item's change, old and new image as stored (undefined: none): a new execution publishes
 * itself; an update publishes the waves whose view changed, in wave order, then the execution if its
 * view changed; a deleted execution (deleteExecutions) publishes nothing, as before.
 */
export function executionPublications(oldItem: Record<string, unknown> | undefined, newItem: Record<string, unknown> | undefined): Publication[] {
  if (!newItem) return [];
  const now = fromItem(newItem);
  if (!oldItem) return [executionPublication(now)];
  const before = fromItem(oldItem);
  const out: Publication[] = [];
  for (const w of [...(now.waves ?? [])].sort((a, b) => a.waveNumber - b.waveNumber)) {
    const was = before.waves?.find((x) => x.waveNumber === w.waveNumber);
    if (!was || !sameValue(publicWave(was), publicWave(w))) out.push(wavePublication(now.id, w));
  }
  if (!sameValue(publicExecution(before), publicExecution(now))) out.push(executionPublication(now));
  return out;
}
