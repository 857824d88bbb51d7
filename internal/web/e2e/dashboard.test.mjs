// Browser tests of the sitrep dashboard in a real headless Chromium
// (Debian's chromium through playwright-core; no browser is downloaded).
// Run by e2e_test.go, which starts `sitrep serve` and sets:
//   SITREP_URL      the dashboard's address
//   SITREP_E2E_OUT  where screenshots go
//   SITREP_E2E_MODE demo (functional checks) or perf (opening time)
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';

const base = process.env.SITREP_URL;
const out = process.env.SITREP_E2E_OUT || 'out';
const mode = process.env.SITREP_E2E_MODE || 'demo';
if (!base) throw new Error('SITREP_URL is not set');
mkdirSync(out, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'sitrep-chromium-'));

const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1400, height: 1000 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const page = context.pages()[0] || await context.newPage();
const errors = [];
const foreign = [];
page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
page.on('pageerror', (e) => errors.push(String(e)));
// Only loopback traffic: anything else is recorded and refused.
await page.route('**/*', (route) => {
  const u = new URL(route.request().url());
  if (u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.protocol === 'data:') return route.continue();
  foreign.push(u.href);
  return route.abort();
});

const step = (name) => console.log('--', name);
// The map's latest answer, and how many map requests are in flight.
let lastMap = null;
let inflight = 0;
page.on('request', (r) => { if (new URL(r.url()).pathname === '/api/map') inflight++; });
page.on('requestfailed', (r) => { if (new URL(r.url()).pathname === '/api/map') inflight--; });
page.on('response', async (r) => {
  if (new URL(r.url()).pathname !== '/api/map') return;
  try { lastMap = { url: r.url(), data: await r.json() }; } finally { inflight--; }
});
// settle waits until the dashboard has drawn and no map request is pending.
async function settle() {
  await page.waitForSelector('body[data-ready="1"]', { timeout: 30000 });
  for (let quiet = 0; quiet < 3;) {
    await page.waitForTimeout(200);
    quiet = inflight === 0 && lastMap ? quiet + 1 : 0;
  }
}
// markersMatch checks that the map shows as many markers as the API
// returned for the map's last request (fetched again from the API).
async function markersMatch() {
  await settle();
  const data = await (await page.request.get(lastMap.url)).json();
  const shown = await page.locator('#map .sitrep-marker').count();
  assert.equal(shown, data.points.length, `markers on the map: got ${shown}, want ${data.points.length} (the API's points for ${lastMap.url})`);
  return data;
}

try {
  if (mode === 'perf') {
    step('open the dashboard');
    const t0 = Date.now();
    await page.goto(base + '/', { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('body[data-ready="1"]', { timeout: 30000 });
    const ms = Date.now() - t0;
    const data = await markersMatch();
    const inView = await page.evaluate(() => Number(document.querySelector('#map').dataset.total));
    await page.screenshot({ path: join(out, 'perf-dashboard.png') });
    console.log(JSON.stringify({ open_ms: ms, events_in_view: inView, markers: data.points.length }));
  } else {
    step('open the demo');
    await page.goto(base + '/', { waitUntil: 'domcontentloaded' });
    const all = await markersMatch();
    assert.ok(all.points.length > 0, 'the demo shows markers');
    const stats = await (await page.request.get(base + '/api/stats')).json();
    assert.ok(all.total > 0 && all.total <= stats.events, `map total ${all.total} within ${stats.events} events`);
    await page.waitForFunction(() => document.querySelectorAll('#timeline rect.bar').length > 0);
    await page.waitForFunction(() => document.querySelectorAll('#graph .node').length > 0);
    assert.ok(await page.locator('#events tbody tr').count() > 0, 'the event list has rows');
    await page.screenshot({ path: join(out, 'dashboard.png') });

    step('apply a filter (event type) and check every view follows');
    const types = await page.locator('select[name=event_type] option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
    assert.ok(types.length > 0, 'event types are offered');
    const type = types[0];
    await page.selectOption('select[name=event_type]', type);
    await page.waitForURL((u) => u.searchParams.get('event_type') === type);
    const fdata = await markersMatch();
    assert.ok(fdata.total < all.total || types.length === 1, `filtered total ${fdata.total} below ${all.total}`);
    assert.ok(page.url().includes('event_type=' + encodeURIComponent(type).replace(/%2F/g, '/')), `the filter is in the URL: ${page.url()}`);
    await page.waitForFunction((t) => [...document.querySelectorAll('#events tbody tr td:nth-child(3)')].every((td) => td.textContent.startsWith(t)), type);
    await page.screenshot({ path: join(out, 'filtered.png') });

    step('the URL is a shareable view');
    const shared = page.url();
    await page.goto(shared, { waitUntil: 'domcontentloaded' });
    await markersMatch();
    assert.equal(await page.inputValue('select[name=event_type]'), type, 'the filter comes back from the URL');

    step('open an article from the list and find its highlights');
    await page.selectOption('select[name=event_type]', '');
    await page.waitForURL((u) => !u.searchParams.get('event_type'));
    await settle();
    const btn = page.locator('#events tbody button.open-article').first();
    const articleID = await btn.getAttribute('data-article');
    await btn.focus();
    await page.keyboard.press('Enter'); // usable with the keyboard
    await page.waitForSelector('#reader:not([hidden]) #reader-text');
    const art = await (await page.request.get(base + '/api/articles/' + encodeURIComponent(articleID))).json();
    const want = art.highlights.filter((h) => h.kind === 'evidence').length;
    assert.ok(want > 0, 'the article has evidence spans');
    const marks = await page.locator('#reader-text mark.hl-evidence').allTextContents();
    assert.ok(marks.length > 0, 'evidence is highlighted');
    const joined = marks.join('');
    for (const h of art.highlights.filter((h) => h.kind === 'evidence')) {
      assert.ok(joined.includes(h.text), `evidence "${h.text}" is highlighted`);
    }
    const techs = art.highlights.filter((h) => h.kind === 'technique');
    if (techs.length) assert.ok(await page.locator('#reader-text mark.hl-technique').count() > 0, 'techniques are highlighted');
    assert.ok(await page.locator('#reader .box').count() >= 2, 'the outlet entry and the credibility explanation are shown');
    assert.ok(page.url().includes('article='), 'the open article is in the URL');
    await page.screenshot({ path: join(out, 'reader.png') });

    step('find an article with technique spans (when the demo has one)');
    for (const id of ['yemen-marib-statement-2025-03-09', 'idlib-jabal-zawiya-2024-10-16', 'sudan-north-darfur-2025-01-21', 'mali-lere-attack-2025-02-12']) {
      const a = await (await page.request.get(base + '/api/articles/' + id)).json();
      if (!a.highlights || !a.highlights.some((h) => h.kind === 'technique')) continue;
      await page.goto(base + '/?article=' + id, { waitUntil: 'domcontentloaded' });
      await page.waitForSelector('#reader:not([hidden]) #reader-text mark.hl-technique');
      await page.screenshot({ path: join(out, 'reader-techniques.png') });
      break;
    }

    step('Escape closes the reader');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#reader', { state: 'hidden' });

    step('a map marker opens its report');
    const single = page.locator('#map .sitrep-single').first();
    if (await single.count()) {
      await single.click();
      await page.locator('.leaflet-popup .open-article').click();
      await page.waitForSelector('#reader:not([hidden]) #reader-text mark');
    }

    assert.deepEqual(foreign, [], 'no request leaves loopback');
    assert.deepEqual(errors, [], 'no console errors');
    console.log('ok: dashboard e2e passed');
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
