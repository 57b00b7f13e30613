// The simulated lifecycle of an emulated CloudFormation stack (see cloudformation.ts): its whole
// creation, rollback or deletion planned as timed events when the call is made, durations (simulated
// seconds: cloudformation-resources.ts for each resource type, STEP_SECONDS between steps) divided by
// the emulator's simSpeed and drawn from a hash of the stack id, so they are fixed once planned.
// Nothing runs in the background: reads show the events whose time has come.
import { createHash, randomUUID } from 'node:crypto';
import { type Range, resourceKind } from './cloudformation-resources.ts';
import type { PlannedResource, StackOutput } from './cloudformation-template.ts';

const STACK_TYPE = 'AWS::CloudFormation::Stack';

/** Simulated seconds between the lifecycle's steps (resource durations: cloudformation-resources.ts). */
const STEP_SECONDS = {
  /** CreateStack or DeleteStack to the first resource's start. */
  start: [1, 2],
  /** A dependency's end to its dependent's start. */
  next: [0.5, 1.5],
  /** A resource's first event to "Resource creation Initiated". */
  initiated: [0.3, 1],
  /** A failure to the cancellation of the resources still in progress. */
  cancel: [0.5, 1],
  /** The last resource event to the stack's own next status. */
  settle: [1, 2],
} as const satisfies Record<string, Range>;

export interface StackEvent {
  at: number;
  seq: number;
  /** The stack's own event rather than a resource's. */
  own: boolean;
  logicalId: string;
  type: string;
  status: string;
  physicalId: string;
  reason?: string;
  eventId: string;
  properties?: string;
}

export interface StackRecord {
  stackId: string;
  stackName: string;
  accountId: string;
  region: string;
  created: number;
  description?: string;
  parameters: Array<{ ParameterKey: string; ParameterValue: string }>;
  tags: Array<{ Key: string; Value: string }>;
  capabilities: string[];
  notificationArns: string[];
  timeoutInMinutes?: number;
  disableRollback: boolean;
  onFailure: string;
  roleArn?: string;
  clientRequestToken?: string;
  terminationProtection: boolean;
  resources: PlannedResource[];
  outputs: StackOutput[];
  events: StackEvent[];
  /** When rollback or deletion started (DescribeStacks' DeletionTime once reached). */
  deletionAt?: number;
  simSpeed: number;
}

/** A number in [0, 1) fixed by `key`: a stack's durations are the same whenever they are read. */
function unit(key: string): number {
  return createHash('sha256').update(key).digest().readUInt32BE(0) / 2 ** 32;
}

function timeline(stack: StackRecord) {
  const speed = stack.simSpeed > 0 ? stack.simSpeed : 1;
  let seq = stack.events.reduce((next, e) => Math.max(next, e.seq + 1), 0);
  const span = (range: Range, key: string) => ((range[0] + unit(`${stack.stackId}:${key}`) * (range[1] - range[0])) * 1000) / speed;
  const own = (at: number, status: string, reason?: string) => {
    stack.events.push({ at, seq: seq++, own: true, logicalId: stack.stackName, type: STACK_TYPE, status, physicalId: stack.stackId, reason, eventId: randomUUID() });
  };
  const resource = (at: number, r: PlannedResource, status: string, physicalId: string, reason?: string) => {
    const eventId = `${r.logicalId}-${status}-${new Date(at).toISOString()}`;
    stack.events.push({ at, seq: seq++, own: false, logicalId: r.logicalId, type: r.type, status, physicalId, reason, eventId, properties: JSON.stringify(r.properties) });
  };
  /** Start and end of each of `ids` (in order) once all of `after(id)` have ended. */
  const schedule = (ids: string[], after: (id: string) => string[], t0: number, duration: (id: string) => number, phase: string) => {
    const times = new Map<string, { start: number; end: number }>();
    for (const id of ids) {
      const waits = after(id).map((d) => times.get(d)?.end ?? t0);
      const start = Math.max(t0, ...waits) + span(waits.length ? STEP_SECONDS.next : STEP_SECONDS.start, `${phase}:${id}:delay`);
      times.set(id, { start, end: start + duration(id) });
    }
    return times;
  };
  /** Deletes `items` (in dependency order) dependents first from `t0`; answers when the last is gone. */
  const deleteAll = (items: Array<{ r: PlannedResource; shown: boolean }>, t0: number, phase: string) => {
    const ids = items.map((i) => i.r.logicalId);
    const byId = new Map(items.map((i) => [i.r.logicalId, i]));
    const dependents = (id: string) => ids.filter((other) => byId.get(other)?.r.dependsOn.includes(id));
    const times = schedule([...ids].reverse(), dependents, t0, (id) => (byId.get(id)?.shown ? span(resourceKind(byId.get(id)?.r.type ?? '').delete, `${phase}:${id}`) : 0), phase);
    let end = t0;
    for (const { r, shown } of items) {
      const t = times.get(r.logicalId) as { start: number; end: number };
      if (shown) resource(t.start, r, 'DELETE_IN_PROGRESS', r.physicalId);
      resource(t.end, r, 'DELETE_COMPLETE', shown ? r.physicalId : '');
      end = Math.max(end, t.end);
    }
    return end;
  };
  const sort = () => stack.events.sort((a, b) => a.at - b.at || a.seq - b.seq);
  return { span, own, resource, schedule, deleteAll, sort };
}

/** Plans a new stack's whole creation (and rollback) from `now`. */
export function planCreation(stack: StackRecord, now: number): void {
  const tl = timeline(stack);
  tl.own(now, 'CREATE_IN_PROGRESS', 'User Initiated');
  const byId = new Map(stack.resources.map((r) => [r.logicalId, r]));
  const times = tl.schedule(stack.resources.map((r) => r.logicalId), (id) => byId.get(id)?.dependsOn ?? [], now, (id) => tl.span(resourceKind(byId.get(id)?.type ?? '').create, `create:${id}`), 'create');
  const at = (id: string) => times.get(id) as { start: number; end: number };
  const failAt = Math.min(...stack.resources.filter((r) => r.failure).map((r) => at(r.logicalId).end));
  // The resources that failed, those whose own creation failed first, then those cancelled.
  const failed: string[] = [];
  const cancelled: string[] = [];
  const leftovers: Array<{ r: PlannedResource; shown: boolean }> = [];
  let last = now;
  for (const r of stack.resources) {
    const { start, end } = at(r.logicalId);
    if (start >= failAt) continue;
    tl.resource(start, r, 'CREATE_IN_PROGRESS', '');
    const initiated = start + Math.min(tl.span(STEP_SECONDS.initiated, `initiated:${r.logicalId}`), (end - start) / 2);
    const shown = initiated < Math.min(end, failAt);
    if (shown) tl.resource(initiated, r, 'CREATE_IN_PROGRESS', r.physicalId, 'Resource creation Initiated');
    if (end < failAt || (end === failAt && !r.failure)) {
      tl.resource(end, r, 'CREATE_COMPLETE', r.physicalId);
      leftovers.push({ r, shown: true });
      last = Math.max(last, end);
    } else {
      const failedAt = end === failAt ? end : failAt + tl.span(STEP_SECONDS.cancel, `cancel:${r.logicalId}`);
      tl.resource(failedAt, r, 'CREATE_FAILED', shown ? r.physicalId : '', end === failAt ? r.failure : 'Resource creation cancelled');
      (end === failAt ? failed : cancelled).push(r.logicalId);
      leftovers.push({ r, shown });
      last = Math.max(last, failedAt);
    }
  }
  const settle = (key: string, from: number) => from + tl.span(STEP_SECONDS.settle, key);
  if (!failed.length) {
    tl.own(settle('complete', last), 'CREATE_COMPLETE');
  } else {
    const list = `The following resource(s) failed to create: [${[...failed, ...cancelled].join(', ')}]. `;
    const rollbackAt = settle('rollback', last);
    if (stack.onFailure === 'DO_NOTHING') {
      tl.own(rollbackAt, 'CREATE_FAILED', list);
    } else {
      tl.own(rollbackAt, 'ROLLBACK_IN_PROGRESS', `${list}${stack.onFailure === 'DELETE' ? 'Delete' : 'Rollback'} requested by user.`);
      stack.deletionAt = rollbackAt;
      const rolledBack = settle('rolledback', tl.deleteAll(leftovers, rollbackAt, 'rollback'));
      tl.own(rolledBack, 'ROLLBACK_COMPLETE');
      if (stack.onFailure === 'DELETE') {
        const deleting = settle('delete', rolledBack);
        tl.own(deleting, 'DELETE_IN_PROGRESS', 'User Initiated');
        tl.own(settle('deleted', deleting), 'DELETE_COMPLETE');
      }
    }
  }
  tl.sort();
}

/** The stack's own status at `now`: the last of its own events that has happened. */
export function statusAt(stack: StackRecord, now: number): StackEvent {
  let found = stack.events[0];
  for (const e of stack.events) {
    if (e.at > now) break;
    if (e.own) found = e;
  }
  return found;
}

/** Replans from `now` for DeleteStack: what is still pending is dropped, what exists is deleted. */
export function planDeletion(stack: StackRecord, now: number): void {
  stack.events = stack.events.filter((e) => e.at <= now);
  const tl = timeline(stack);
  const lastOf = new Map<string, StackEvent>();
  const shown = new Set<string>();
  for (const e of stack.events) {
    if (e.own) continue;
    lastOf.set(e.logicalId, e);
    if (e.physicalId) shown.add(e.logicalId);
  }
  const cancelAt = now + tl.span(STEP_SECONDS.cancel, 'delete:cancel');
  const items: Array<{ r: PlannedResource; shown: boolean }> = [];
  tl.own(now, 'DELETE_IN_PROGRESS', 'User Initiated');
  for (const r of stack.resources) {
    const status = lastOf.get(r.logicalId)?.status;
    if (status === undefined || status === 'DELETE_COMPLETE') continue;
    if (status === 'CREATE_IN_PROGRESS') tl.resource(cancelAt, r, 'CREATE_FAILED', shown.has(r.logicalId) ? r.physicalId : '', 'Resource creation cancelled');
    items.push({ r, shown: shown.has(r.logicalId) });
  }
  const end = tl.deleteAll(items, items.some((i) => lastOf.get(i.r.logicalId)?.status === 'CREATE_IN_PROGRESS') ? cancelAt : now, 'delete');
  tl.own(end + tl.span(STEP_SECONDS.settle, 'delete:settle'), 'DELETE_COMPLETE');
  stack.deletionAt = now;
  tl.sort();
}
