/**
 * A client that loses its connection recovers every change it missed from the snapshot it gets on
 * reconnecting, and a visit that ended meanwhile is gone from it (never shown in a state it has left).
 */
import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { api } from '../support/api.ts';
import { KIOSK_TOKEN, STAFF } from '../support/config.ts';
import { startServer } from '../support/server.ts';
import type { Snapshot } from '../../shared/socket.ts';
import type { Visit } from '../../shared/types.ts';

const DROP_MS = Number(process.env.DROP_MS ?? 1500);

describe('connection drops', () => {
  it('resynchronises a reconnecting client to exactly the open visits and their states', async () => {
    const server = await startServer();
    const http = api(server.url);
    const greeter = await http.login(STAFF.greeter.staffId, STAFF.greeter.pin);
    const a = (await http.post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN)).body.visit as Visit;
    const b = (await http.post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN)).body.visit as Visit;

    // The client keeps a local map the way the pages do: snapshot replaces it, deltas update it.
    const seen = new Map<string, Visit>();
    const socket = io(server.url, { auth: { token: greeter }, transports: ['websocket'] });
    let snapshots = 0;
    socket.on('snapshot', (s: Snapshot) => {
      snapshots++;
      seen.clear();
      for (const v of s.visits) seen.set(v.id, v);
    });
    socket.on('visit', (v: Visit) => (v.endedAt ? seen.delete(v.id) : seen.set(v.id, v)));
    await new Promise<void>((r) => socket.once('snapshot', () => r()));
    expect([...seen.keys()].sort()).toEqual([a.id, b.id].sort());

    socket.disconnect();
    await http.post(`/branches/t1/visits/${a.id}/greet`, {}, greeter);
    await http.post(`/branches/t1/visits/${b.id}/leave`, {}, greeter);
    const c = (await http.post('/branches/t1/visits', { line: 'pension', specialNeeds: ['elderly'] }, KIOSK_TOKEN)).body
      .visit as Visit;
    await new Promise((r) => setTimeout(r, DROP_MS));
    // While away the client still believes the old states: that is what the reconnect must repair.
    expect(seen.get(b.id)?.state).toBe('waiting');

    socket.connect();
    await new Promise<void>((r) => socket.once('snapshot', () => r()));
    expect(snapshots).toBe(2);
    expect([...seen.keys()].sort()).toEqual([a.id, c.id].sort());
    expect(seen.get(a.id)).toMatchObject({ greetedBy: 'g01', owner: 'g01' });
    expect(seen.get(c.id)).toMatchObject({ specialNeeds: ['elderly'], state: 'waiting' });
    socket.close();
    await server.kill();
  });
});
