import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWhen } from '../harness/describe-when.js';
import { until, useLabDaemon } from '../integration/daemon/lab-daemon.js';

/** Debian's chromium (installed by .ci/deps), driven headless by playwright-core. */
const CHROMIUM = process.env.INTENTD_CHROMIUM ?? '/usr/bin/chromium';
const GI2 = 'GigabitEthernet1/0/2';
// Every run takes the screenshots (into var/, not tracked); INTENTD_UPDATE_SCREENSHOTS=1 writes the README's copies in docs/.
const DOCS = join(import.meta.dirname, '..', '..', process.env.INTENTD_UPDATE_SCREENSHOTS === '1' ? 'docs' : join('var', 'screenshots'));

// Like the NETCONF suites: skipped (saying why) only off CI on a machine without Chromium.
const chromiumAvailability = existsSync(CHROMIUM) ? { ok: true as const } : { ok: false as const, why: `no Chromium at ${CHROMIUM} (bash .ci/deps installs Debian's chromium)` };

describeWhen(chromiumAvailability, 'the operator console in a real Chromium', () => {
  const t = useLabDaemon('intentd-console-', { devices: 2 });
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM });
  });
  afterAll(async () => {
    await browser?.close();
  });
  const description = () => /<description>([^<]*)<\/description>/.exec(t.lab.c9300.runningXml(GI2))?.[1] ?? null;

  /** A fresh browser context logged in to the last daemon started. */
  async function login(): Promise<{ ctx: BrowserContext; page: Page }> {
    const ctx = await browser.newContext({ viewport: { width: 1200, height: 800 } });
    const page = await ctx.newPage();
    await page.goto(`${t.daemon.url}/`);
    expect(new URL(page.url()).pathname).toBe('/ui/login');
    await page.fill('input[name=token]', t.lab.apiToken);
    await page.fill('input[name=user]', 'alice');
    await Promise.all([page.waitForURL(`${t.daemon.url}/ui/`), page.click('button[type=submit]')]);
    const cookie = (await ctx.cookies()).find((c) => c.name === 'intentd_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie?.value).not.toContain(t.lab.apiToken);
    return { ctx, page };
  }

  it('logs in, lists the lab devices in sync, shows a ticketed NetBox change live on the timeline, and renders <script> as text', async () => {
    await t.start();
    const { ctx, page } = await login();
    await page.waitForSelector('tr[data-device="c9300"] [data-state="in-sync"]');
    await page.waitForSelector('tr[data-device="c9300-2"] [data-state="in-sync"]');
    expect(await page.textContent('[data-count="in-sync"]')).toContain('2');
    mkdirSync(DOCS, { recursive: true });
    await page.screenshot({ path: join(DOCS, 'console-fleet.png'), fullPage: true });

    await page.goto(`${t.daemon.url}/ui/timeline`);
    await page.waitForSelector('body[data-live-ready]');
    t.lab.netbox.updateInterface('c9300', GI2, { description: '<script>window.pwned=1</script>', ticket: '4242' });
    // Appears without a reload: the page swaps its live part on the server-sent event.
    await page.waitForSelector('#timeline a.ticket:text-is("4242")');
    expect(await page.evaluate(() => (globalThis as { pwned?: number }).pwned)).toBeUndefined();
    await Promise.all([page.waitForURL(/ticket=4242/), page.click('#timeline a.ticket:text-is("4242")')]);
    expect(await page.locator('#timeline tbody tr').count()).toBeGreaterThanOrEqual(1);

    await until('the change on the device', () => (description() ?? '').includes('window.pwned'));
    await t.daemon.idle();
    await page.goto(`${t.daemon.url}/ui/devices/c9300`);
    expect(await page.locator(`tr[data-interface="${GI2}"]`).textContent()).toContain('<script>window.pwned=1</script>');
    expect(await page.evaluate(() => (globalThis as { pwned?: number }).pwned)).toBeUndefined();
    await ctx.close();
  });

  it('shows a hand change as drift with the leaf highlighted, and "reconcile now" reverts it', async () => {
    await t.start();
    const { ctx, page } = await login();
    t.lab.c9300.setLeaf(GI2, 'description', 'changed by hand');
    await page.goto(`${t.daemon.url}/ui/devices/c9300`);
    await page.waitForSelector(`tr.diff td.diff[data-leaf="${GI2} description"] .running:text-is("changed by hand")`);
    await page.waitForSelector('body[data-live-ready]');
    await page.screenshot({ path: join(DOCS, 'console-device.png') });
    await page.click('button:text-is("Reconcile now")');
    await until('the revert on the device', () => description() === null);
    await t.daemon.idle();
    // The page's own live read may have run while the revert was still on its way: read it again now.
    await page.reload();
    await page.waitForSelector('tr.diff', { state: 'detached' });
    expect(t.git('log', '-1', '--format=%s')).toMatch(/^apply\(c9300\): Gi1\/0\/2 description/);
    await ctx.close();
  });

  it('suspends a device: drift is reported, not reverted, across a restart; resume reverts it', async () => {
    await t.start();
    let { ctx, page } = await login();
    await page.goto(`${t.daemon.url}/ui/devices/c9300`);
    await page.fill('input[name=reason]', 'incident 911');
    await Promise.all([page.waitForSelector('#suspended'), page.click('button:text-is("Suspend")')]);
    expect(t.git('log', '-1', '--format=%s')).toBe('policy: suspend c9300 (incident 911)');
    expect(t.git('log', '-1', '--format=%(trailers:key=Actor,valueonly)').trim()).toBe('alice');

    const edits = t.lab.c9300.requests.filter((r) => r.operation === 'edit-config').length;
    t.lab.c9300.setLeaf(GI2, 'description', 'hand change while suspended');
    await page.click('button:text-is("Reconcile now")');
    await page.waitForSelector('[data-state="suspended"]');
    await t.daemon.idle();
    await page.reload();
    await page.waitForSelector(`td.diff[data-leaf="${GI2} description"]`);
    expect(description()).toBe('hand change while suspended');
    expect(t.lab.c9300.requests.filter((r) => r.operation === 'edit-config').length).toBe(edits);
    await ctx.close();

    await t.daemon.stop();
    await t.start();
    ({ ctx, page } = await login());
    await page.waitForSelector('tr[data-device="c9300"] [data-state="suspended"]');
    await page.goto(`${t.daemon.url}/ui/devices/c9300`);
    await page.waitForSelector('#suspended');
    expect(description()).toBe('hand change while suspended');
    await Promise.all([page.waitForSelector('#suspended', { state: 'detached' }), page.click('button:text-is("Resume")')]);
    await until('the revert after resume', () => description() === null);
    await t.daemon.idle();
    await ctx.close();
  });

  it('refuses an action without a valid session, with a wrong CSRF token, or from a foreign origin', async () => {
    const d = await t.start();
    const nudges: string[] = [];
    d.events.onEvent((e) => e.type === 'nudge' && e.reason === 'console' && nudges.push(e.device));
    const anon = await browser.newContext();
    const res = await anon.request.post(`${d.url}/ui/devices/c9300/reconcile`, { form: { csrf: 'x' }, maxRedirects: 0 });
    expect(res.status()).toBe(403);
    expect((await anon.request.post(`${d.url}/ui/devices/c9300/suspend`, { form: { csrf: 'x', reason: 'r' }, maxRedirects: 0 })).status()).toBe(403);
    await anon.close();
    const { ctx } = await login();
    expect((await ctx.request.post(`${d.url}/ui/devices/c9300/reconcile`, { form: { csrf: 'wrong' }, maxRedirects: 0 })).status()).toBe(403);
    const page = await ctx.newPage();
    await page.goto(`${d.url}/ui/devices/c9300`);
    const csrf = await page.getAttribute('input[name=csrf]', 'value');
    const foreign = await ctx.request.post(`${d.url}/ui/devices/c9300/reconcile`, { form: { csrf: csrf ?? '' }, headers: { origin: 'http://evil.example' }, maxRedirects: 0 });
    expect(foreign.status()).toBe(403);
    const ok = await ctx.request.post(`${d.url}/ui/devices/c9300/reconcile`, { form: { csrf: csrf ?? '' }, headers: { origin: d.url }, maxRedirects: 0 });
    expect(ok.status()).toBe(303);
    expect(nudges).toEqual(['c9300']);
    expect(t.git('log', '--format=%s')).not.toMatch(/policy:/);
    await ctx.close();
  });
});
