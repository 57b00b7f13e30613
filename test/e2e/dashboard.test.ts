// The live drill dashboard (dashboard/, served by the local stack at /dashboard/) in a real browser:
// Debian's chromium (/usr/bin/chromium, or CHROMIUM_PATH) driven by puppeteer-core, which never
// downloads a browser. The page is loaded over HTTPS from the stack's one port; the browser trusts the
// stack's certificate through --ignore-certificate-errors-spki-list with the SPKI hashes of the server
// certificate and the local CA (.local/server.pem, ca.pem) — that key only, nothing else — since
// Amplify dials wss:// for its real-time connection whatever the page's scheme.
// The operator signs in with Amplify's default SRP flow, sees the plan's readiness, starts a drill of a
// three-wave plan this file creates (wave 3 pauses before it starts), and the test watches the DOM change
// as each wave completes, without a reload; it resumes the drill with the dashboard's button, sees the
// drill's measured RTO and the readiness read again, closes Amplify's real-time socket and sees the page
// say the connection was lost and then reconnected, and checks a read-only user gets no controls.
// Screenshots go to test-results/.
import { createHash, X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { login } from '../support/client.ts';
import { createGroup, createPlan } from '../support/fixtures.ts';

const ep = inject('endpoints');
const run = Math.random().toString(36).slice(2, 8);
const uniq = (s: string) => `${s}-${run}`;
const REGION = 'us-east-2';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RESULTS = join(new URL('../..', import.meta.url).pathname, 'test-results');
const USER = 'operator';

let browser: Browser | undefined;
let planId: string;
const pageLog: string[] = [];

/** base64(SHA-256(SubjectPublicKeyInfo)), what chromium's --ignore-certificate-errors-spki-list takes. */
const spki = (pem: string) => createHash('sha256').update(new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' })).digest('base64');

async function seedFleet(fleet: string, count: number) {
  const r = await fetch(`${ep.awsEndpoint}/__local/drs/source-servers`, { method: 'POST', body: JSON.stringify({ region: REGION, count, tags: { Fleet: uniq(fleet) }, hostnamePrefix: fleet }) });
  if (!r.ok) throw new Error(`seed ${fleet}: ${r.status} ${await r.text()}`);
}

async function openDashboard(context: { newPage(): Promise<Page> }): Promise<Page> {
  const page = await context.newPage();
  page.on('console', (m) => pageLog.push(`console.${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => pageLog.push(`pageerror: ${(e as Error).message}`));
  page.setDefaultTimeout(20_000);
  // Every WebSocket the page opens, so the test can drop Amplify's real-time connection.
  await page.evaluateOnNewDocument(`{
    const Native = window.WebSocket;
    const sockets = (window.sockets = []);
    window.WebSocket = class extends Native {
      constructor(url, protocols) {
        super(url, protocols);
        sockets.push(this);
      }
    };
  }`);
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(`${ep.restHttps}/dashboard/`, { waitUntil: 'load' });
  return page;
}

// In-page code is given as text: this file is type-checked for Node, without the DOM's types.
/** Waits until the element's data-<key> is `value`. */
const data = (page: Page, selector: string, key: string, value: string, timeout?: number) =>
  page.waitForFunction(`document.querySelector(${JSON.stringify(selector)})?.dataset.${key} === ${JSON.stringify(value)}`, { timeout });
const text = (page: Page, selector: string) => page.evaluate<[], () => string>(`document.querySelector(${JSON.stringify(selector)}).textContent`);

async function signInAs(page: Page, username: string) {
  const user = ep.users.find((u) => u.username === username)!;
  await page.waitForSelector('#login:not([hidden])');
  await page.type('#username', username);
  await page.type('#password', user.password);
  await page.click('#sign-in');
  await page.waitForSelector('#app:not([hidden])');
}

beforeAll(async () => {
  expect(ep.restHttps && ep.caFile, 'the stack serves TLS').toBeTruthy();
  const admin = await login(ep, 'admin');
  const groups: string[] = [];
  for (const [fleet, count] of [['db', 2], ['app', 3], ['web', 2]] as const) {
    await seedFleet(fleet, count);
    groups.push((await createGroup(ep, admin, { name: uniq(`Dash-${fleet}`), region: REGION, serverSelectionTags: [{ key: 'Fleet', value: uniq(fleet) }] })).id);
  }
  const plan = await createPlan(ep, admin, {
    name: uniq('Dashboard drill'),
    waves: [
      { waveNumber: 1, name: 'Databases', protectionGroupId: groups[0] },
      { waveNumber: 2, name: 'Applications', protectionGroupId: groups[1], dependsOn: [1] },
      { waveNumber: 3, name: 'Web', protectionGroupId: groups[2], dependsOn: [2], pauseBeforeWave: true },
    ],
  });
  planId = plan.id;
  mkdirSync(RESULTS, { recursive: true });
  const certs = [join(ep.caFile!, '..', 'server.pem'), ep.caFile!].map((f) => spki(readFileSync(f, 'utf8')));
  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      `--ignore-certificate-errors-spki-list=${certs.join(',')}`,
      '--disable-dev-shm-usage',
      '--no-first-run',
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ],
  });
});

afterAll(async () => {
  const b = browser;
  browser = undefined;
  if (!b) return;
  // Closed even when a test failed; killed if it does not close in time.
  await Promise.race([b.close(), new Promise((r) => setTimeout(r, 5000))]).catch(() => {});
  b.process()?.kill('SIGKILL');
});

describe('the pages the local stack serves', () => {
  it('serves the built dashboard, its Amplify outputs and GraphiQL from node_modules, nothing else', async () => {
    const index = await fetch(`${ep.rest}/dashboard/`);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<script type="module" src="app.js">');
    expect((await fetch(`${ep.rest}/dashboard`, { redirect: 'manual' })).headers.get('location')).toBe('/dashboard/');
    // Over plain HTTP the outputs name the plain-HTTP GraphQL URL; over TLS the https one (the browser test).
    expect(await (await fetch(`${ep.rest}/dashboard/amplify_outputs.json`)).json()).toMatchObject({ data: { url: ep.graphql }, custom: { user_pool_endpoint: ep.awsEndpoint } });
    for (const path of ['/dashboard/..%2Fpackage.json', '/dashboard/.hidden', '/dashboard/nope.js', '/graphiql/other.js']) expect((await fetch(`${ep.rest}${path}`)).status, path).toBe(404);
    const graphiql = await fetch(ep.graphql);
    expect(graphiql.status).toBe(200);
    expect(graphiql.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await graphiql.text();
    expect(html).toContain(JSON.stringify(ep.userPoolClientId));
    for (const asset of html.match(/\/graphiql\/[\w.-]+/g)!) expect((await fetch(`${ep.rest}${asset}`)).status, asset).toBe(200);
    // POST /graphql is still the API.
    expect((await fetch(ep.graphql, { method: 'POST', body: '{"query":"{ health { status } }"}' })).status).toBe(401);
  });
});

describe('the drill dashboard in chromium', () => {
  it('signs in, starts a drill and shows each wave complete live, then resumes it to the end', async () => {
    const page = await openDashboard(browser!);
    try {
      // What the page was configured with: this stack, Cognito user pools by default, over TLS.
      const outputs = await page.evaluate(async () => (await fetch('amplify_outputs.json')).json());
      expect(outputs).toMatchObject({
        version: '1.4',
        auth: { user_pool_id: ep.userPoolId, user_pool_client_id: ep.userPoolClientId, aws_region: ep.region },
        data: { url: ep.graphqlHttps, default_authorization_type: 'AMAZON_COGNITO_USER_POOLS' },
        custom: { user_pool_endpoint: ep.awsEndpoint },
      });
      await signInAs(page, USER);
      expect(await text(page, '#who')).toContain('DRSOperator');
      await page.waitForSelector(`#plan option[value="${planId}"]`);
      await page.select('#plan', planId);
      // The plan's readiness before anything starts: nothing blocks, never drilled, a predicted RTO.
      await data(page, '#readiness', 'ready', 'true');
      expect(await page.evaluate(`({ ...document.getElementById('readiness').dataset })`)).toEqual({ ready: 'true', blocking: '0', warnings: '0' });
      expect(await text(page, '#readiness')).toContain('never drilled');
      expect(await text(page, '#predicted')).toMatch(/^\d+\.\d s$/);
      // Every status each wave shows, in order, as the DOM changes; and a mark that a reload would lose.
      await page.evaluate(`{
        window.mark = 'same page';
        const seen = (window.seen = {});
        const record = () => {
          for (const el of document.querySelectorAll('[data-wave], #exec')) {
            const list = (seen[el.dataset.wave ?? 'execution'] ??= []);
            if (list[list.length - 1] !== el.dataset.status) list.push(el.dataset.status);
          }
        };
        new MutationObserver(record).observe(document.getElementById('execution'), { childList: true, subtree: true, attributes: true });
      }`);
      await page.waitForSelector('#start:not([disabled])');
      await data(page, '#connection', 'state', 'live');
      await page.click('#start');

      // Waves 1 and 2 complete; wave 3 waits for a person.
      await data(page, '#exec', 'status', 'PAUSED', 30_000);
      await page.screenshot({ path: join(RESULTS, 'dashboard-paused.png'), fullPage: true });
      const waves = () => page.evaluate(`[...document.querySelectorAll('[data-wave]')].map((el) => el.dataset.status)`);
      expect(await waves()).toEqual(['COMPLETED', 'COMPLETED', 'PAUSED']);
      // What readiness said before the start is not shown while the drill runs.
      expect(await page.evaluate(`document.getElementById('readiness').hidden`)).toBe(true);
      expect(await page.$('#resume')).not.toBeNull();
      expect(await page.$('#pause')).toBeNull();
      expect(await page.$('#cancel')).not.toBeNull();
      await page.click('#resume');
      await data(page, '#exec', 'status', 'COMPLETED', 30_000);
      expect(await waves()).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED']);
      // Every server launched, with its recovery instance, and no controls left on an ended drill.
      const servers = (await page.evaluate(`[...document.querySelectorAll('[data-server]')].map((r) => [r.dataset.status, r.querySelectorAll('td')[3].textContent])`)) as string[][];
      expect(servers).toHaveLength(7);
      for (const [status, instance] of servers) {
        expect(status).toBe('LAUNCHED');
        expect(instance).toMatch(/^i-[0-9a-f]+$/);
      }
      expect(await page.$$('[data-action]')).toEqual([]);
      const timeline = await text(page, '#timeline');
      expect(timeline).toContain('Wave 1 (Databases) COMPLETED');
      expect(timeline).toContain('Execution COMPLETED');
      // Once ended: its measured RTO (the plan's first) and each wave's duration; readiness read again,
      // now drilled, warning of the 7 recovery instances the drill left running.
      await page.waitForFunction(`Number(document.getElementById('report')?.dataset.rto) > 0`);
      expect(await text(page, '#report')).toMatch(/^RTO \d+\.\d s · first measured drill/);
      expect(await page.evaluate(`[...document.querySelectorAll('[data-wave] .meta')].filter((m) => /took \\d+\\.\\d s/.test(m.textContent)).length`)).toBe(3);
      await data(page, '#readiness', 'warnings', '7');
      // One line for the code, naming the hosts (their numbers depend on what other files seeded first).
      expect(await page.evaluate(`[...document.querySelectorAll('#readiness [data-code]')].map((li) => [li.dataset.code, li.dataset.count])`)).toEqual([['RECOVERY_INSTANCES_EXIST', '7']]);
      expect(await text(page, '#readiness [data-code]')).toMatch(/× 7: db-\d+, db-\d+, app-\d+, app-\d+, app-\d+, web-\d+, web-\d+/);
      expect(await text(page, '#readiness')).not.toContain('never drilled');

      // Live, without a reload: each wave was seen in a state before COMPLETED, then COMPLETED.
      const { seen, mark, navigations } = (await page.evaluate(
        `({ seen: window.seen, mark: window.mark, navigations: performance.getEntriesByType('navigation').length })`,
      )) as { seen: Record<string, string[]>; mark: string; navigations: number };
      expect(mark).toBe('same page');
      expect(navigations).toBe(1);
      for (const n of ['1', '2', '3']) {
        expect(seen[n].length, `wave ${n}: ${seen[n].join(' → ')}`).toBeGreaterThan(1);
        expect(seen[n][seen[n].length - 1]).toBe('COMPLETED');
      }
      expect(seen['3']).toContain('PAUSED');
      expect(seen.execution).toEqual(expect.arrayContaining(['IN_PROGRESS', 'PAUSED', 'COMPLETED']));
      await page.screenshot({ path: join(RESULTS, 'dashboard.png'), fullPage: true });

      // The real-time connection drops (its socket closes under Amplify) and Amplify reconnects: the page says both.
      expect(await page.evaluate(`window.sockets.filter((s) => s.readyState === WebSocket.OPEN).length`)).toBe(1);
      await page.evaluate(`window.sockets.forEach((s) => s.close())`);
      await data(page, '#connection', 'state', 'lost', 5_000);
      expect(await text(page, '#connection')).toMatch(/connection lost/i);
      await data(page, '#connection', 'state', 'reconnected', 20_000);
      expect(await text(page, '#connection')).toBe('Reconnected');
    } catch (e) {
      await page.screenshot({ path: join(RESULTS, 'dashboard-failure.png'), fullPage: true }).catch(() => {});
      console.log(pageLog.join('\n'));
      throw e;
    } finally {
      await page.close();
    }
  }, 60_000);

  it('shows a read-only user the plan\'s latest drill but no controls', async () => {
    const context = await browser!.createBrowserContext();
    try {
      const page = await openDashboard(context);
      await signInAs(page, 'readonly');
      await page.waitForSelector(`#plan option[value="${planId}"]`);
      await page.select('#plan', planId);
      // The plan's latest drill (the operator's, above), read when the plan is picked: no buttons for this role.
      await data(page, '#exec', 'status', 'COMPLETED');
      // Reading is every role's: the drill's RTO and the plan's readiness show for this one too.
      await page.waitForFunction(`Number(document.getElementById('report')?.dataset.rto) > 0`);
      await data(page, '#readiness', 'ready', 'true');
      expect(await page.evaluate(`document.getElementById('start').hidden`)).toBe(true);
      expect(await page.evaluate(`document.querySelectorAll('[data-action]').length`)).toBe(0);
      expect(await page.evaluate(`document.querySelectorAll('[data-wave]').length`)).toBe(3);
    } finally {
      await context.close();
    }
  }, 30_000);
});
