// saveProgress's merge after a DRS event marked a server meanwhile: a final status is never undone.
import { describe, expect, it } from 'vitest';
import { mergeFinalServers } from '../../domain/executions/store.ts';
import { server, startedWave } from './support/executions.ts';

describe('mergeFinalServers', () => {
  it('takes a final status the event wrote, keeps what the tick decided otherwise', () => {
    const tick = [startedWave(1, 'drsjob-1')];
    const fresh = structuredClone(tick);
    fresh[0].servers[0] = { ...fresh[0].servers[0], launchStatus: 'LAUNCHED', endTime: '2026-11-30T10:00:00.000Z' };
    tick[0].servers[1] = { ...tick[0].servers[1], launchStatus: 'FAILED', endTime: '2026-11-30T10:00:05.000Z' };
    mergeFinalServers(tick, fresh);
    expect(tick[0].servers.map((s) => [s.launchStatus, s.endTime])).toEqual([
      ['LAUNCHED', '2026-11-30T10:00:00.000Z'],
      ['FAILED', '2026-11-30T10:00:05.000Z'],
    ]);
  });

  it('ignores a final status from another job of the same server', () => {
    const tick = [startedWave(1, 'drsjob-2', { count: 1 })];
    const fresh = [startedWave(1, 'drsjob-1', { count: 1 })];
    fresh[0].servers[0] = server(fresh[0].servers[0].sourceServerId, { jobId: 'drsjob-1', launchStatus: 'FAILED' });
    mergeFinalServers(tick, fresh);
    expect(tick[0].servers[0].launchStatus).toBe('PENDING');
  });
});
