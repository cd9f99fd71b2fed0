/**
 * `npm run soak` (not part of `npm test`): thousands of events through an open wall page, asserting
 * that DOM nodes, event listeners and the JS heap stay within bounds from start to end — the wall runs
 * from opening to closing without a reload. Real server, real Chromium, numbers from the DevTools protocol.
 */
import { chromium } from '@playwright/test';
import { api } from '../support/api.ts';
import { KIOSK_TOKEN, STAFF, WALL_TOKEN, testConfig } from '../support/config.ts';
import { startServer } from '../support/server.ts';

const VISITS = Number(process.env.SOAK_VISITS ?? 1000); // 5 events each: check-in, greet, call, start, complete
const OPEN_AT_ONCE = 12; // keeps the hall busy without growing it
/** Allowed growth from the warmed-up start to the end. */
const MAX_NODE_GROWTH = 60;
const MAX_LISTENER_GROWTH = 20;
// Today's figures keep one small record per visit of the day (by design); everything else must be flat.
const MAX_HEAP_GROWTH_BYTES = 2_000_000 + VISITS * 600;

const server = await startServer({
  config: testConfig({ receptionSeconds: 2, vipSeconds: 2, extra: { alerts: { escalateAfterMinutes: 0.02 } } }),
});
const http = api(server.url);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
let failed = false;
try {
  const greeter = await http.login(STAFF.greeter.staffId, STAFF.greeter.pin);
  const counter = await http.login(STAFF.counter.staffId, STAFF.counter.pin);
  const page = await browser.newPage({
    viewport: { width: 1920, height: 1080 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  page.on('pageerror', (e) => {
    failed = true;
    console.error('page error:', e.message);
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const measure = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    await new Promise((r) => setTimeout(r, 300));
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
    return { nodes: m.Nodes!, listeners: m.JSEventListeners!, heap: m.JSHeapUsedSize! };
  };

  await page.goto(`${server.url}/wall/`);
  await page.getByLabel('设备令牌').fill(WALL_TOKEN);
  await page.getByRole('button', { name: '确定' }).click();
  await page.locator('#freshness[data-state="live"]').waitFor({ timeout: 15_000 });

  let events = 0;
  const lines = ['property', 'life', 'pension'];
  const counters = ['1', '2', '3'];
  const pipeline: { id: string; step: number }[] = [];
  const steps = [
    (id: string) => http.post(`/branches/t1/visits/${id}/greet`, {}, greeter),
    (id: string, i: number) => http.post(`/branches/t1/visits/${id}/call`, { counter: counters[i % 3] }, counter),
    (id: string) => http.post(`/branches/t1/visits/${id}/start`, {}, counter),
    (id: string) => http.post(`/branches/t1/visits/${id}/complete`, {}, counter),
  ];
  const run = async (n: number) => {
    for (let i = 0; i < n; i++) {
      const body = {
        line: lines[i % 3],
        ...(i % 7 === 0 ? { vip: {} } : {}),
        ...(i % 11 === 0 ? { specialNeeds: ['elderly'] } : {}),
      };
      const r = await http.post('/branches/t1/visits', body, KIOSK_TOKEN);
      if (r.status !== 201) throw new Error(`check-in failed: ${r.status} ${JSON.stringify(r.body)}`);
      events++;
      pipeline.push({ id: r.body.visit.id, step: 0 });
      // Move the oldest visits one step on, so some clocks warn, breach and escalate along the way.
      while (pipeline.length > OPEN_AT_ONCE) {
        const v = pipeline[0]!;
        await steps[v.step]!(v.id, i);
        events++;
        if (++v.step === steps.length) pipeline.shift();
      }
    }
  };

  await run(100); // warm up: every view has been drawn, every chart built
  await new Promise((r) => setTimeout(r, 2000));
  const start = await measure();
  const t0 = Date.now();
  await run(VISITS);
  await new Promise((r) => setTimeout(r, 3000)); // let the last render and alerts land
  const end = await measure();
  const shown = await page.locator('#risk-list > li:not([hidden])').count();
  console.log(`soak: ${events} events in ${Math.round((Date.now() - t0) / 1000)} s through the open wall`);
  console.log(`  DOM nodes  ${start.nodes} → ${end.nodes}   (bound +${MAX_NODE_GROWTH})`);
  console.log(`  listeners  ${start.listeners} → ${end.listeners}   (bound +${MAX_LISTENER_GROWTH})`);
  console.log(
    `  JS heap    ${(start.heap / 1e6).toFixed(2)} MB → ${(end.heap / 1e6).toFixed(2)} MB   (bound +${(MAX_HEAP_GROWTH_BYTES / 1e6).toFixed(2)} MB)`,
  );
  console.log(`  customers shown in 接待计时 at the end: ${shown}`);
  const problems: string[] = [];
  if (end.nodes - start.nodes > MAX_NODE_GROWTH) problems.push(`DOM nodes grew by ${end.nodes - start.nodes}`);
  if (end.listeners - start.listeners > MAX_LISTENER_GROWTH)
    problems.push(`event listeners grew by ${end.listeners - start.listeners}`);
  if (end.heap - start.heap > MAX_HEAP_GROWTH_BYTES)
    problems.push(`JS heap grew by ${((end.heap - start.heap) / 1e6).toFixed(2)} MB`);
  if (!(await page.locator('#freshness[data-state="live"]').isVisible())) problems.push('the wall is no longer live');
  if (problems.length > 0 || failed) {
    console.error(`soak FAILED: ${problems.join('; ') || 'page errors'}`);
    process.exitCode = 1;
  } else {
    console.log('soak passed');
  }
} finally {
  await browser.close();
  await server.kill();
}
