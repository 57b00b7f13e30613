// The live drill dashboard: Amplify JS v6 as AWS's docs show it, configured from amplify_outputs.json
// served beside this page, with the typed operations graphql-codegen writes (operations/generated/).
// Sign in (SRP), pick a recovery plan, see its readiness (what blocks a start, the predicted RTO), start a
// drill, and watch its waves and servers change live through subscriptions, then its measured RTO beside
// the previous drill; pause/resume/cancel appear when the user's groups allow them (platform/rbac.ts).
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, getCurrentUser, signIn, signOut } from 'aws-amplify/auth';
import { CONNECTION_STATE_CHANGE, ConnectionState, generateClient } from 'aws-amplify/api';
import { Hub, parseAmplifyConfig } from 'aws-amplify/utils';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import {
  CancelExecutionDocument,
  CheckPlanReadinessDocument,
  GetDrillReportDocument,
  GetExecutionDocument,
  ListExecutionsDocument,
  ListRecoveryPlansDocument,
  OnExecutionsChangedDocument,
  OnWaveUpdatedDocument,
  PauseExecutionDocument,
  ResumeExecutionDocument,
  StartExecutionDocument,
  type CheckPlanReadinessQuery,
  type GetDrillReportQuery,
  type ListRecoveryPlansQuery,
} from '../../operations/generated/graphql.ts';
import { isAllowed } from '../../platform/rbac.ts';
import { changes, executionEnded, mergeExecution, waveProgress, withWave, type Execution, type TimelineEntry } from './model.ts';

type Plan = ListRecoveryPlansQuery['listRecoveryPlans']['items'][number];
type Readiness = CheckPlanReadinessQuery['checkPlanReadiness'];
type Report = GetDrillReportQuery['getDrillReport'];
type Connection = 'idle' | 'connecting' | 'live' | 'lost' | 'reconnected';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const state = {
  username: '',
  groups: [] as string[],
  plans: [] as Plan[],
  planId: '',
  execution: undefined as Execution | undefined,
  timeline: [] as TimelineEntry[],
  readiness: undefined as Readiness | undefined,
  report: undefined as { executionId: string; report: Report } | undefined,
  connection: 'idle' as Connection,
  busy: false,
};
/** Amplify's client.graphql, for typed documents: a query or mutation answers a promise, a subscription an observable. */
type GraphQL = (options: { query: unknown; variables?: unknown }) => unknown;
let graphql: GraphQL;
const subscriptions: Array<{ unsubscribe(): void }> = [];
let waveSubscription: { unsubscribe(): void } | undefined;

// ------------------------------------------------------------------ GraphQL through Amplify, typed
interface Subscribable<R> {
  subscribe(o: { next(v: { data: R }): void; error(e: unknown): void }): { unsubscribe(): void };
}
function messageOf(e: unknown): string {
  const errors = (e as { errors?: Array<{ message: string; errorType?: string }> }).errors;
  if (errors?.length) return errors.map((x) => (x.errorType ? `${x.errorType}: ${x.message}` : x.message)).join('; ');
  return e instanceof Error ? e.message : String(e);
}
async function call<R, V>(query: TypedDocumentNode<R, V>, variables: V): Promise<R> {
  const r = (await graphql({ query, variables })) as { data: R };
  return r.data;
}
function watch<R, V>(query: TypedDocumentNode<R, V>, variables: V, next: (data: R) => void): { unsubscribe(): void } {
  const observable = graphql({ query, variables }) as Subscribable<R>;
  return observable.subscribe({ next: ({ data }) => next(data), error: (e) => showError(`Subscription: ${messageOf(e)}`) });
}
/** Resolves when AppSync acknowledged the subscription with these variables (Amplify's Hub 'api' 'Subscription ack'), or after `ms`. */
function acknowledged(match: (variables: Record<string, unknown>) => boolean, ms = 5000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    const stop = Hub.listen('api', ({ payload }) => {
      if (payload.event === 'Subscription ack' && match(((payload.data as { variables?: Record<string, unknown> })?.variables ?? {}))) done();
    });
    function done() {
      clearTimeout(timer);
      stop();
      resolve();
    }
  });
}

// ------------------------------------------------------------------ state changes
function showError(text: string | undefined) {
  const el = $('error');
  el.hidden = !text;
  el.textContent = text ?? '';
}
/** Executions whose end was seen: their report and the plan's readiness are read once each. */
const endSeen = new Set<string>();
function apply(next: Execution) {
  const merged = mergeExecution(state.execution, next);
  state.timeline.push(...changes(state.execution, merged));
  state.execution = merged;
  renderExecution();
  if (executionEnded(merged) && !endSeen.has(merged.id)) {
    endSeen.add(merged.id);
    Promise.all([loadReport(merged.id), loadReadiness(merged.recoveryPlanId)]).catch((e) => showError(messageOf(e)));
  }
}
async function refresh() {
  if (!state.execution) return;
  const { getExecution } = await call(GetExecutionDocument, { id: state.execution.id });
  if (getExecution) apply(getExecution);
}
function setConnection(c: Connection) {
  state.connection = c;
  const el = $('connection');
  el.dataset.state = c;
  el.textContent = { idle: '', connecting: 'Connecting…', live: 'Live', lost: 'Connection lost — reconnecting…', reconnected: 'Reconnected' }[c];
}

Hub.listen('api', ({ payload }) => {
  if (payload.event !== CONNECTION_STATE_CHANGE) return;
  const s = (payload.data as { connectionState: ConnectionState }).connectionState;
  if (s === ConnectionState.Connected) {
    if (state.connection === 'lost') {
      setConnection('reconnected');
      // What was published while the socket was down is read once.
      refresh().catch((e) => showError(messageOf(e)));
    } else if (state.connection !== 'reconnected') setConnection('live');
  } else if ([ConnectionState.ConnectionDisrupted, ConnectionState.ConnectionDisruptedPendingNetwork, ConnectionState.ConnectedPendingNetwork].includes(s)) setConnection('lost');
  else if (s === ConnectionState.Connecting && state.connection === 'idle') setConnection('connecting');
  else if (s === ConnectionState.Disconnected && state.connection !== 'lost') setConnection('idle');
});

// ------------------------------------------------------------------ rendering
const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const time = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleTimeString() : '');
const badge = (s: string) => `<span class="badge" data-status="${esc(s)}">${esc(s.replace(/_/g, ' '))}</span>`;
const can = (operation: string) => isAllowed(operation, state.groups);
const seconds = (s: number | null | undefined) => (s == null ? '–' : `${s.toFixed(1)} s`);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The plan's readiness: what startExecution checks first (a BLOCKING finding refuses the start). */
function renderReadiness() {
  const r = state.readiness;
  const root = $('readiness');
  // Read before a drill or after it: while one runs, the plan's readiness is that drill (hidden till it ends).
  root.hidden = !r || (!!state.execution && !executionEnded(state.execution));
  if (!r) return;
  Object.assign(root.dataset, { ready: String(r.ready), blocking: String(r.blocking), warnings: String(r.warnings) });
  const flags = [r.neverDrilled ? 'never drilled' : '', r.changedSinceLastPassingDrill ? 'changed since the last passing drill' : ''].filter(Boolean);
  // One line per code (the answer's order: blocking first): its message, or where it is when it repeats.
  const byCode = new Map<string, Readiness['findings']>();
  for (const f of r.findings) byCode.set(f.code, [...(byCode.get(f.code) ?? []), f]);
  const findings = [...byCode.values()]
    .map((fs) => {
      const [f] = fs;
      const where = [...new Set(fs.map((x) => x.hostname ?? (x.waveNumber ? `wave ${x.waveNumber}` : '')).filter(Boolean))].join(', ');
      const what = fs.length === 1 ? esc(f.message) : `× ${fs.length}${where ? `: ${esc(where)}` : ''}`;
      return `<li data-code="${esc(f.code)}" data-severity="${esc(f.severity)}" data-count="${fs.length}">${badge(f.severity)} <b>${esc(f.code)}</b>
        ${fs.length === 1 && f.waveNumber ? `<span class="meta">wave ${f.waveNumber}</span>` : ''} ${what}<div class="meta">${esc(f.fix)}</div></li>`;
    })
    .join('');
  root.innerHTML = `<h3>Readiness ${badge(r.ready ? 'READY' : 'BLOCKED')}</h3>
    <div class="meta">${plural(r.blocking, 'blocking finding')} · ${plural(r.warnings, 'warning')} · predicted RTO
      <span id="predicted" title="${esc(r.timeline.basis)}">${seconds(r.timeline.expectedRtoSeconds)}</span>${flags.map((f) => ` · ${esc(f)}`).join('')}
      · checked ${time(r.checkedAt)}</div>
    ${findings ? `<ul class="findings">${findings}</ul>` : ''}`;
}

function renderPlans() {
  const select = $<HTMLSelectElement>('plan');
  select.innerHTML = state.plans.length
    ? state.plans.map((p) => `<option value="${esc(p.id)}">${esc(p.name)} (${p.waveCount} wave${p.waveCount === 1 ? '' : 's'})</option>`).join('')
    : '<option value="">No recovery plans</option>';
  select.value = state.planId;
  const start = $<HTMLButtonElement>('start');
  start.hidden = !can('Mutation.startExecution');
  start.disabled = !state.planId || state.busy || (!!state.execution && !executionEnded(state.execution));
}

function renderExecution() {
  const e = state.execution;
  const root = $('execution');
  renderPlans();
  renderReadiness();
  if (!e) {
    root.innerHTML = '<p class="empty">Pick a recovery plan and start a drill to watch it here.</p>';
    return;
  }
  const ended = executionEnded(e);
  const report = state.report?.executionId === e.id ? state.report.report : undefined;
  const tookOf = (n: number) => {
    const w = report?.waves.find((x) => x.waveNumber === n);
    if (w?.durationSeconds == null) return '';
    return ` · took ${seconds(w.durationSeconds)}${w.previousDurationSeconds != null ? ` (previous drill ${seconds(w.previousDurationSeconds)})` : ''}`;
  };
  const actions = [
    can('Mutation.pauseExecution') && (e.status === 'IN_PROGRESS' || e.status === 'PENDING') ? '<button id="pause" data-action="pause" class="secondary">Pause</button>' : '',
    can('Mutation.resumeExecution') && (e.status === 'PAUSED' || e.status === 'PAUSE_PENDING') ? '<button id="resume" data-action="resume">Resume</button>' : '',
    can('Mutation.cancelExecution') && !ended && e.status !== 'CANCELLING' ? '<button id="cancel" data-action="cancel" class="secondary">Cancel</button>' : '',
  ].join('');
  const waves = e.waves
    .map((w) => {
      const pct = Math.round(waveProgress(w) * 100);
      const rows = w.servers
        .map(
          (s) => `<tr data-server="${esc(s.sourceServerId)}" data-status="${esc(s.launchStatus)}">
            <td>${esc(s.hostname ?? '')}</td><td class="mono">${esc(s.sourceServerId)}</td><td>${badge(s.launchStatus)}</td>
            <td class="mono">${esc(s.recoveryInstanceId ?? '—')}</td></tr>`,
        )
        .join('');
      return `<div class="card wave" data-wave="${w.waveNumber}" data-status="${esc(w.status)}">
        <h3>Wave ${w.waveNumber}: ${esc(w.name)} ${badge(w.status)}${w.pauseBeforeWave ? ' <span class="meta">pause before</span>' : ''}</h3>
        <div class="meta">${esc(w.protectionGroupName ?? '')} · ${w.servers.length} server${w.servers.length === 1 ? '' : 's'}${w.startTime ? ` · started ${time(w.startTime)}` : ''}${w.endTime ? ` · ended ${time(w.endTime)}` : ''}${tookOf(w.waveNumber)}${w.errorMessage ? ` · ${esc(w.errorMessage)}` : ''}</div>
        <div class="progress" role="progressbar" aria-valuenow="${pct}" aria-valuemin="0" aria-valuemax="100"><div data-pct="${pct}"></div></div>
        <table><thead><tr><th>Host</th><th>Source server</th><th>Launch</th><th>Recovery instance</th></tr></thead><tbody>${rows}</tbody></table>
      </div>`;
    })
    .join('');
  const timeline = [...state.timeline]
    .reverse()
    .map((t) => `<li><time>${esc(t.at.toLocaleTimeString())}</time><span>${badge(t.status)} ${esc(t.text)}</span></li>`)
    .join('');
  root.innerHTML = `
    <div class="card exec-head" id="exec" data-execution="${esc(e.id)}" data-status="${esc(e.status)}">
      <h2>${esc(e.executionType === 'DRILL' ? 'Drill' : 'Recovery')} · ${esc(e.recoveryPlanName)} <span id="exec-status">${badge(e.status)}</span></h2>
      <span class="meta">wave ${e.currentWave ?? '–'} of ${e.totalWaves} · by ${esc(e.initiatedBy ?? '')} · started ${time(e.startTime)}${e.endTime ? ` · ended ${time(e.endTime)}` : ''}</span>
      <div class="actions">${actions}</div>
      ${e.errorMessage ? `<div class="meta">${esc(e.errorMessage)}</div>` : ''}
      ${
        report
          ? `<div id="report" class="meta" data-rto="${report.rtoSeconds ?? ''}">RTO ${seconds(report.rtoSeconds)}${
              report.previousRtoSeconds != null ? ` · previous drill ${seconds(report.previousRtoSeconds)}` : ' · first measured drill'
            }${report.rtoP50Seconds != null ? ` · p50 ${seconds(report.rtoP50Seconds)}` : ''}</div>`
          : ''
      }
    </div>
    <div class="layout">
      <div id="waves">${waves}</div>
      <div class="card"><h3>Timeline</h3><ol class="timeline" id="timeline">${timeline}</ol></div>
    </div>`;
  // Widths through the CSSOM: the page's CSP (infra/cdk/dashboard.ts) allows no inline style attributes.
  for (const bar of root.querySelectorAll<HTMLElement>('[data-pct]')) bar.style.width = `${bar.dataset.pct}%`;
}

// ------------------------------------------------------------------ actions
/** The plan's readiness, when the plan is picked and after a drill of it ends. */
async function loadReadiness(planId: string) {
  if (!planId || !can('Query.checkPlanReadiness')) return;
  const { checkPlanReadiness } = await call(CheckPlanReadinessDocument, { planId });
  if (planId !== state.planId) return;
  state.readiness = checkPlanReadiness;
  renderReadiness();
}

/** An ended execution's measured RTO per wave beside the plan's previous one. */
async function loadReport(executionId: string) {
  if (!can('Query.getDrillReport')) return;
  const { getDrillReport } = await call(GetDrillReportDocument, { executionId });
  if (state.execution?.id !== executionId) return;
  state.report = { executionId, report: getDrillReport };
  renderExecution();
}

/**
 * Every change of the selected plan's executions (a started drill included, from its first state); then
 * the plan's latest execution, so a page opened (or reloaded) mid-drill shows the drill and follows it.
 */
let followedPlan = '';
async function followPlan(planId: string) {
  followedPlan = planId;
  subscriptions.splice(0).forEach((s) => s.unsubscribe());
  waveSubscription?.unsubscribe();
  state.execution = undefined;
  state.timeline = [];
  state.readiness = undefined;
  renderReadiness();
  renderExecution();
  if (!planId) return;
  loadReadiness(planId).catch((e) => showError(messageOf(e)));
  const ready = acknowledged((v) => v.planId === planId);
  subscriptions.push(
    watch(OnExecutionsChangedDocument, { planId }, ({ onExecutionsChanged: e }) => {
      if (e && e.id === state.execution?.id) apply(e);
    }),
  );
  await ready;
  const { listExecutions } = await call(ListExecutionsDocument, { filter: { recoveryPlanId: planId }, limit: 50 });
  const latest = [...listExecutions.items].sort((a, b) => b.startTime.localeCompare(a.startTime))[0];
  if (!latest || state.execution || planId !== state.planId) return;
  const { getExecution } = await call(GetExecutionDocument, { id: latest.id });
  if (!getExecution || state.execution || planId !== state.planId) return;
  apply(getExecution);
  if (!executionEnded(getExecution)) await followExecution(getExecution.id);
}

/** Each wave of one execution as it changes (onWaveUpdated), then one read to start from what is stored. */
async function followExecution(id: string) {
  waveSubscription?.unsubscribe();
  const ready = acknowledged((v) => v.executionId === id);
  waveSubscription = watch(OnWaveUpdatedDocument, { executionId: id }, ({ onWaveUpdated: u }) => {
    if (u && state.execution?.id === u.executionId) {
      const next = withWave(state.execution, u.wave);
      state.timeline.push(...changes(state.execution, next));
      state.execution = next;
      renderExecution();
    }
  });
  await ready;
  await refresh();
}

async function run(what: () => Promise<void>) {
  state.busy = true;
  showError(undefined);
  renderPlans();
  try {
    await what();
  } catch (e) {
    showError(messageOf(e));
  } finally {
    state.busy = false;
    renderExecution();
  }
}

async function startDrill() {
  if (followedPlan !== state.planId) await followPlan(state.planId);
  waveSubscription?.unsubscribe();
  const { startExecution } = await call(StartExecutionDocument, {
    input: { recoveryPlanId: state.planId, executionType: 'DRILL', invocationSource: 'DASHBOARD', initiatedBy: 'drill dashboard' },
  });
  state.execution = undefined;
  state.timeline = [];
  apply(startExecution);
  await followExecution(startExecution.id);
}

async function control(action: string) {
  const id = state.execution!.id;
  if (action === 'pause') await call(PauseExecutionDocument, { id });
  else if (action === 'resume') await call(ResumeExecutionDocument, { id });
  else if (action === 'cancel') await call(CancelExecutionDocument, { id });
  else return;
  await refresh();
}

async function showApp() {
  const user = await getCurrentUser();
  const session = await fetchAuthSession();
  const groups = session.tokens?.idToken?.payload['cognito:groups'];
  state.username = user.username;
  state.groups = Array.isArray(groups) ? groups.map(String) : [];
  $('who').textContent = `${state.username} (${state.groups.join(', ') || 'no group'})`;
  $('login').hidden = true;
  $('app').hidden = false;
  const plans: Plan[] = [];
  let nextToken: string | null = null;
  do {
    const { listRecoveryPlans }: ListRecoveryPlansQuery = await call(ListRecoveryPlansDocument, { limit: 100, nextToken });
    plans.push(...listRecoveryPlans.items);
    nextToken = listRecoveryPlans.nextToken;
  } while (nextToken && plans.length < 1000);
  state.plans = plans.sort((a, b) => a.name.localeCompare(b.name));
  state.planId = state.plans.some((p) => p.id === state.planId) ? state.planId : (state.plans[0]?.id ?? '');
  renderExecution();
  await followPlan(state.planId);
}

function showLogin() {
  subscriptions.splice(0).forEach((s) => s.unsubscribe());
  waveSubscription?.unsubscribe();
  followedPlan = '';
  Object.assign(state, { username: '', groups: [], plans: [], planId: '', execution: undefined, timeline: [], readiness: undefined, report: undefined });
  renderReadiness();
  $('who').textContent = '';
  $('app').hidden = true;
  $('login').hidden = false;
  setConnection('idle');
}

// ------------------------------------------------------------------ start
async function main() {
  const outputs = await (await fetch('amplify_outputs.json', { cache: 'no-store' })).json();
  const config = parseAmplifyConfig(outputs);
  // amplify_outputs.json has no field for a user-pool endpoint other than Cognito's: the local stack's is
  // in `custom.user_pool_endpoint` (absent in AWS).
  const endpoint = (outputs.custom as { user_pool_endpoint?: string } | undefined)?.user_pool_endpoint;
  if (endpoint && config.Auth?.Cognito) Object.assign(config.Auth.Cognito, { userPoolEndpoint: endpoint });
  Amplify.configure(config);
  const client = generateClient();
  graphql = client.graphql.bind(client) as unknown as GraphQL;

  $('login').addEventListener('submit', (ev) => {
    ev.preventDefault();
    void run(async () => {
      const r = await signIn({ username: $<HTMLInputElement>('username').value.trim(), password: $<HTMLInputElement>('password').value });
      if (!r.isSignedIn) throw new Error(`Sign-in needs another step (${r.nextStep.signInStep}): finish it with another client first.`);
      await showApp();
    });
  });
  $('sign-out').addEventListener('click', () => void run(async () => {
    await signOut();
    showLogin();
  }));
  $<HTMLSelectElement>('plan').addEventListener('change', (ev) => {
    state.planId = (ev.target as HTMLSelectElement).value;
    void run(() => followPlan(state.planId));
  });
  $('start').addEventListener('click', () => void run(startDrill));
  $('execution').addEventListener('click', (ev) => {
    const action = (ev.target as HTMLElement).closest<HTMLElement>('[data-action]')?.dataset.action;
    if (action) void run(() => control(action));
  });

  try {
    await showApp();
  } catch {
    showLogin();
  }
}

main().catch((e) => showError(`The dashboard could not start: ${messageOf(e)}`));
