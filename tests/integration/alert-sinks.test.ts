/**
 * Alerts leave the server through its sinks (server/alert-sink.ts): a notification channel — a WeCom or
 * DingTalk robot — is one more sink given to the app. Here a recording sink on a real server (its own
 * SQLite file, a free port, a real wall on socket.io-client) hears every warning, breach and escalation
 * exactly once, the same ones the wall shows, and each resolution and acknowledgement once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createYingbin, type Yingbin } from '../../server/app.ts';
import type { AlertSink } from '../../server/alert-sink.ts';
import { loadConfig } from '../../server/config.ts';
import type { Alert } from '../../shared/types.ts';
import { api } from '../support/api.ts';
import { KIOSK_TOKEN, STAFF, WALL_TOKEN, testConfig, writeTestSetup } from '../support/config.ts';
import { listen, type Listener } from '../support/socket.ts';

type News = 'fired' | 'resolved' | 'acknowledged';

describe('alert sinks', () => {
  let yingbin: Yingbin;
  let http: ReturnType<typeof api>;
  let wall: Listener;
  const heard: { news: News; alert: Alert }[] = [];
  const recording: AlertSink = {
    name: 'recording',
    fired: (alert) => void heard.push({ news: 'fired', alert }),
    resolved: (alert) => void heard.push({ news: 'resolved', alert }),
    // A channel may be slow or asynchronous: the server does not wait for it.
    acknowledged: async (alert) => void heard.push({ news: 'acknowledged', alert }),
  };

  beforeAll(async () => {
    const setup = writeTestSetup(
      testConfig({ receptionSeconds: 1, warnAt: [0.5], extra: { alerts: { escalateAfterMinutes: 0.05 } } }),
    );
    yingbin = await createYingbin({
      config: loadConfig(setup.configPath),
      dbPath: setup.dbPath,
      alertSinks: [recording],
    });
    const port = await yingbin.listen(0, '127.0.0.1');
    http = api(`http://127.0.0.1:${port}`);
    wall = await listen(`http://127.0.0.1:${port}`, WALL_TOKEN);
  });
  afterAll(async () => {
    wall?.close();
    await yingbin?.close();
  });

  const of = (news: News, visitId: string) =>
    heard.filter((h) => h.news === news && h.alert.visitId === visitId).map((h) => h.alert);

  it('hears every warning, breach, escalation, acknowledgement and resolution once', async () => {
    const greeter = await http.login(STAFF.greeter.staffId, STAFF.greeter.pin);
    const manager = await http.login(STAFF.manager.staffId, STAFF.manager.pin);
    const ignored = (await http.post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN)).body.visit;
    const handled = (await http.post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN)).body.visit;

    // The manager takes the second breach on: it must not escalate.
    const breach = await wall.waitFor(() =>
      wall.alerts.find((a) => a.alert.visitId === handled.id && a.alert.kind === 'breach'),
    );
    const ack = await http.post(`/branches/t1/alerts/${encodeURIComponent(breach.alert.id)}/ack`, {}, manager);
    expect(ack.status).toBe(200);
    // Nobody takes the first one on: it escalates; then both customers are greeted, late.
    await wall.waitFor(
      () => wall.alerts.find((a) => a.alert.visitId === ignored.id && a.alert.kind === 'escalation'),
      15_000,
    );
    for (const v of [ignored, handled])
      expect((await http.post(`/branches/t1/visits/${v.id}/greet`, {}, greeter)).status).toBe(200);
    await wall.waitFor(() => (of('resolved', ignored.id).length && of('resolved', handled.id).length) || undefined);

    for (const v of [ignored, handled]) {
      const fired = of('fired', v.id);
      // Each alert once: no id twice.
      expect(new Set(fired.map((a) => a.id)).size).toBe(fired.length);
      expect(fired.filter((a) => a.kind === 'warning' && a.rule === 'reception')).toHaveLength(1);
      expect(fired.filter((a) => a.kind === 'breach' && a.rule === 'reception')).toHaveLength(1);
      // The sink heard what the wall was shown, no more, no less.
      const shown = wall.alerts.filter((a) => a.alert.visitId === v.id && a.alert.kind !== 'resolved');
      expect(new Set(fired.map((a) => a.id))).toEqual(
        new Set(shown.filter((a) => !a.alert.acknowledgedBy).map((a) => a.alert.id)),
      );
      expect(of('resolved', v.id)).toEqual([
        expect.objectContaining({ kind: 'resolved', rule: 'reception', reason: 'greeted-late' }),
      ]);
    }
    expect(of('fired', ignored.id).filter((a) => a.kind === 'escalation')).toHaveLength(1);
    expect(of('fired', handled.id).filter((a) => a.kind === 'escalation')).toHaveLength(0);
    expect(of('acknowledged', handled.id)).toEqual([
      expect.objectContaining({ id: breach.alert.id, kind: 'breach', acknowledgedBy: 'm01' }),
    ]);
    expect(of('acknowledged', ignored.id)).toEqual([]);
  });
});
