/**
 * Crashes lose nothing: a steady stream of check-ins and greetings, SIGKILLs at random moments, a
 * restart on the same file each time. Then every command that got a success reply is in the log exactly
 * once, nothing unknown is, the file passes integrity_check after every kill, and every visit equals a
 * rebuild from the log. CRASH_KILLS raises the number of kills (npm run soak).
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { api } from '../support/api.ts';
import { KIOSK_TOKEN, STAFF } from '../support/config.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { foldVisit, toVisit } from '../../shared/visit.ts';
import type { Visit, VisitEvent } from '../../shared/types.ts';

const KILLS = Number(process.env.CRASH_KILLS ?? 3);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Sent {
  key: string;
  path: string;
  body: unknown;
  token: string;
  acked: boolean;
}

function integrity(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    return String(db.pragma('integrity_check', { simple: true }));
  } finally {
    db.close();
  }
}

describe('SIGKILL at random moments', () => {
  it('keeps every acknowledged command exactly once and nothing else', async () => {
    let server: RunningServer = await startServer({ receptionSeconds: 300 });
    const sent: Sent[] = [];
    const visitIds: string[] = [];
    let n = 0;

    for (let round = 0; round <= KILLS; round++) {
      const http = api(server.url);
      const greeter = await http.login(STAFF.greeter.staffId, STAFF.greeter.pin);
      // Commands that were in flight at the last kill are retried with their keys: applied once, at most.
      for (const s of sent.filter((x) => !x.acked)) {
        const r = await http.post(s.path, s.body, s.path.endsWith('/visits') ? KIOSK_TOKEN : greeter, s.key);
        if (r.status < 300) s.acked = true;
        s.token = greeter;
      }
      let running = true;
      const worker = async () => {
        while (running) {
          const greet = visitIds.length > 0 && Math.random() < 0.4;
          const id = visitIds[Math.floor(Math.random() * visitIds.length)];
          const s: Sent = greet
            ? { key: `cmd-${++n}`, path: `/branches/t1/visits/${id}/greet`, body: {}, token: greeter, acked: false }
            : {
                key: `cmd-${++n}`,
                path: '/branches/t1/visits',
                body: { line: ['life', 'property', 'pension'][n % 3] },
                token: KIOSK_TOKEN,
                acked: false,
              };
          sent.push(s);
          try {
            const r = await http.post(s.path, s.body, s.token, s.key);
            if (r.status < 300) {
              s.acked = true;
              if (!greet) visitIds.push(r.body.visit.id);
            } else if (r.status !== 409) {
              throw new Error(`unexpected ${r.status}: ${JSON.stringify(r.body)}`);
            } else {
              s.acked = true; // refused (already greeted): nothing to find in the log, and nothing to retry
              (s as Sent & { refused?: boolean }).refused = true;
            }
          } catch (e) {
            if (!running) return; // the server went away under this request
            if ((e as Error).message.startsWith('unexpected')) throw e;
            return;
          }
        }
      };
      const workers = [worker(), worker(), worker(), worker()];
      if (round < KILLS) {
        await sleep(300 + Math.random() * 700);
        await server.kill('SIGKILL');
        running = false;
        await Promise.all(workers);
        expect(integrity(server.dbPath)).toBe('ok');
        server = await server.restart();
      } else {
        await sleep(400);
        running = false;
        await Promise.all(workers);
        await server.kill('SIGTERM');
      }
    }

    expect(integrity(server.dbPath)).toBe('ok');
    const db = new Database(server.dbPath, { readonly: true });
    const rows = db.prepare('SELECT * FROM events ORDER BY seq').all() as any[];
    const keys = new Map<string, number>();
    for (const r of rows) keys.set(r.idempotency_key, (keys.get(r.idempotency_key) ?? 0) + 1);
    const byKey = new Map(sent.map((s) => [s.key, s]));
    const applied = sent.filter((s) => s.acked && !(s as Sent & { refused?: boolean }).refused);
    for (const s of applied) expect(keys.get(s.key), `acknowledged ${s.key} ${s.path}`).toBe(1);
    for (const [key, count] of keys) {
      expect(byKey.has(key), `unknown event key ${key}`).toBe(true);
      expect(count).toBe(1);
    }

    // Every stored visit equals a rebuild from the log.
    const events = new Map<string, VisitEvent[]>();
    for (const r of rows) {
      const e: VisitEvent = {
        seq: r.seq,
        visitId: r.visit_id,
        branch: r.branch,
        type: r.type,
        occurredAt: r.occurred_at,
        recordedAt: r.recorded_at,
        actor: JSON.parse(r.actor),
        payload: JSON.parse(r.payload),
      };
      events.set(e.visitId, [...(events.get(e.visitId) ?? []), e]);
    }
    const visits = db.prepare('SELECT id, data FROM visits').all() as { id: string; data: string }[];
    expect(visits.length).toBe(events.size);
    for (const v of visits) {
      const list = events.get(v.id)!;
      const rebuilt = toVisit(foldVisit(list)!, list[list.length - 1]!.recordedAt);
      expect(JSON.parse(v.data) as Visit).toEqual(rebuilt);
    }
    db.close();
    console.log(
      `crash test: ${KILLS} kills survived, ${sent.length} commands sent, ${applied.length} acknowledged and checked, lost: 0`,
    );
    expect(applied.length).toBeGreaterThan(KILLS * 5);
  });
});
