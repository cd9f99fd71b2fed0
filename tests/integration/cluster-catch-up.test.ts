/**
 * A process that hears nothing of another's pushes (its Redis announcements lost: here, another Redis
 * stream) still gives a screen connecting to it the branch as it stands, within a lease round or two: the
 * alerts the other process fired, acknowledged and resolved, and who went on duty there. The round reads
 * only what changed since the last one (server/live-cache.ts), so this is what proves that read misses
 * nothing a snapshot shows.
 */
import { describe, expect, it } from 'vitest';
import { api } from '../support/api.ts';
import { clusterFile } from '../support/cluster-file.ts';
import { KIOSK_TOKEN, STAFF, WALL_TOKEN } from '../support/config.ts';
import { listen, type Listener } from '../support/socket.ts';
import type { Snapshot, SocketRefusal } from '../../shared/socket.ts';

const file = clusterFile();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Asks the wall's process for a fresh snapshot until `ok` holds of it (a resync is allowed every 2 s). */
async function snapshotUntil(wall: Listener, ok: (s: Snapshot) => boolean, timeoutMs = 10_000): Promise<Snapshot> {
  const resync = () => new Promise<Snapshot | SocketRefusal>((resolve) => wall.socket.emit('resync', resolve));
  const deadline = Date.now() + timeoutMs;
  let last: Snapshot | undefined;
  while (Date.now() < deadline) {
    const reply = await resync();
    if ('error' in reply) await sleep(reply.error.retryAfterMs ?? 100);
    else if (ok((last = reply))) return reply;
    else await sleep(100);
  }
  throw new Error(`the snapshot never came right; the last one: ${JSON.stringify(last)}`);
}

describe('a process whose announcements were lost', () => {
  it('shows in its snapshots, after a round, the alerts another process fired, acknowledged and resolved, and its duty changes', async () => {
    const cluster = await file.start({ processes: 1, leaseSeconds: 1.5, receptionSeconds: 3 });
    const owner = cluster.nodes[0]!;
    const deaf = await cluster.add({ YINGBIN_REDIS_STREAM: 'another-installation' });
    const wall = await listen(deaf.url, WALL_TOKEN);
    file.keep(wall);

    // A customer of t1 (the first process keeps t1: it started first) waits past the 3 s target, and a
    // greeter goes on duty, all on the owner.
    const checkIn = await api(owner.url).post('/branches/t1/visits', { line: 'property' }, KIOSK_TOKEN);
    expect(checkIn.status).toBe(201);
    const visitId = checkIn.body.visit.id as string;
    const greeter = await api(owner.url).login(STAFF.greeter.staffId, STAFF.greeter.pin);
    expect((await api(owner.url).post('/branches/t1/duty', { status: 'on-duty' }, greeter)).status).toBe(200);

    const fired = await snapshotUntil(
      wall,
      (s) =>
        s.alerts.some((a) => a.visitId === visitId && a.kind === 'breach') &&
        s.duty?.staff.find((x) => x.staffId === STAFF.greeter.staffId)?.status === 'on-duty',
    );
    expect(fired.alerts.filter((a) => a.visitId === visitId).map((a) => a.kind)).toEqual(['warning', 'breach']);
    expect(fired.duty?.onDuty).toBe(1);

    // The manager acknowledges the breach on the owner: the deaf process's snapshot says so.
    const breach = fired.alerts.find((a) => a.kind === 'breach')!;
    const manager = await api(owner.url).login(STAFF.manager.staffId, STAFF.manager.pin);
    expect((await api(owner.url).post(`/branches/t1/alerts/${breach.id}/ack`, {}, manager)).status).toBe(200);
    await snapshotUntil(wall, (s) => s.alerts.find((a) => a.id === breach.id)?.acknowledgedBy === 'm01');

    // The customer is greeted: the clock stops, its alerts are resolved — no longer open, still recent.
    expect((await api(owner.url).post(`/branches/t1/visits/${visitId}/greet`, {}, greeter)).status).toBe(200);
    const resolved = await snapshotUntil(wall, (s) => !s.alerts.some((a) => a.visitId === visitId));
    const recent = resolved.recentAlerts?.filter((a) => a.visitId === visitId) ?? [];
    expect(recent.map((a) => a.kind)).toEqual(['warning', 'breach']);
    expect(recent.every((a) => a.resolvedAt !== null)).toBe(true);

    // None of it was pushed to the deaf process's wall: the snapshots had it from the store.
    expect(wall.alerts).toEqual([]);
  });
});
