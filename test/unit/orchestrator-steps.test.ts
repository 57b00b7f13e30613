// The orchestrator's step events as the state machine sends them: each Task state's Payload template
// (infra/orchestrator/state-machine.asl.json), filled in from a state input, is exactly the event the
// factories build (the handler's declared StepEvent), and Route follows the tick's answer.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stepEvent } from './support/events.ts';

interface State {
  Type: string;
  Resource?: string;
  Parameters?: { FunctionName?: string; Payload?: Record<string, string> };
  Choices?: Array<{ Variable: string; StringEquals: string; Next: string }>;
  TimeoutSecondsPath?: string;
  Catch?: Array<{ ErrorEquals: string[]; Next: string }>;
  Default?: string;
  Next?: string;
}
const asl = JSON.parse(readFileSync(new URL('../../infra/orchestrator/state-machine.asl.json', import.meta.url), 'utf8')) as {
  StartAt: string;
  States: Record<string, State>;
};

/** The few paths the templates use: `$.a.b` reads the state input, `$$.a.b` the context object. */
function fill(template: Record<string, string>, input: Record<string, unknown>, context: Record<string, unknown>): Record<string, unknown> {
  const read = (root: unknown, path: string) => path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)?.[k], root);
  return Object.fromEntries(
    Object.entries(template).map(([k, v]) => {
      if (!k.endsWith('.$')) return [k, v];
      const value = v.startsWith('$$.') ? read(context, v.slice(3)) : v === '$' ? input : read(input, v.slice(2));
      return [k.slice(0, -2), value];
    }),
  );
}

const input = { executionId: 'exec-1', status: 'RUNNING', waitSeconds: 15, error: { Error: 'Lambda.Unknown', Cause: '{"errorMessage":"boom"}' } };
const context = { Task: { Token: 'token-1' } };
const payloadOf = (name: string) => {
  const s = asl.States[name];
  expect(s?.Type, name).toBe('Task');
  expect(s.Parameters?.FunctionName).toBe('${OrchestratorFunctionArn}');
  return fill(s.Parameters!.Payload!, input, context);
};

describe('orchestrator step events', () => {
  it('every Task state calls the orchestrator with one of the handler’s four actions', () => {
    const tasks = Object.entries(asl.States).filter(([, s]) => s.Type === 'Task');
    expect(tasks.map(([, s]) => s.Parameters?.Payload?.action).sort()).toEqual(['await', 'fail', 'init', 'tick']);
  });

  it('Init, Tick, Await and RecordFailure send what the factories build', () => {
    expect(payloadOf('Init')).toEqual(stepEvent.init('exec-1'));
    expect(payloadOf('Tick')).toEqual(stepEvent.tick('exec-1'));
    expect(payloadOf('Await')).toEqual(stepEvent.await('exec-1', 'token-1'));
    expect(payloadOf('RecordFailure')).toEqual(stepEvent.fail('exec-1', input.error));
    expect(asl.States.Await.Resource).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
  });

  it("Route follows the tick's answer: RUNNING and PAUSED sleep in Await until woken or the fallback poll is due, DONE ends", () => {
    const route = asl.States.Route;
    const next = (status: string) => route.Choices!.find((c) => c.Variable === '$.status' && c.StringEquals === status)?.Next ?? route.Default;
    expect(next('RUNNING')).toBe('Await');
    expect(next('PAUSED')).toBe('Await');
    expect(asl.States.Await.Next).toBe('Tick');
    // The fallback poll: the tick's waitSeconds is the Await's timeout, and a timeout ticks.
    expect(asl.States.Await.TimeoutSecondsPath).toBe('$.waitSeconds');
    expect(asl.States.Await.Catch?.[0]).toMatchObject({ ErrorEquals: ['States.Timeout'], Next: 'Tick' });
    expect(asl.States[next('DONE')!].Type).toBe('Succeed');
    expect(asl.StartAt).toBe('Init');
    // No Wait state: nothing happens on a timer but the fallback poll.
    expect(Object.values(asl.States).filter((s) => s.Type === 'Wait')).toEqual([]);
  });
});
