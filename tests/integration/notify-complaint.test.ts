/**
 * A customer's 1–2 star rating reaches the notification channels that ask for `complaint` (issue 19 item 3,
 * DESIGN §8): one signed post naming the ticket, and none to a channel that only takes breaches. A real
 * server on a free port and its own SQLite file, real HTTP receivers on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, serveToTheEnd } from '../support/api.ts';
import { KIOSK_TOKEN, STAFF, testConfig } from '../support/config.ts';
import { startReceiver, type Receiver } from '../support/receivers.ts';
import { startServer, type RunningServer } from '../support/server.ts';

const SECRET = 'complaint-webhook-secret';

describe('a complaint on the notification channels', () => {
  let server: RunningServer;
  let complaints: Receiver;
  let breaches: Receiver;

  beforeAll(async () => {
    complaints = await startReceiver('webhook', { secret: SECRET });
    breaches = await startReceiver('webhook', { secret: SECRET });
    server = await startServer({
      config: {
        // An hour's target: no breach in this test, so the breach channel must stay silent.
        ...testConfig({ receptionSeconds: 3600 }),
        notify: {
          groupWaitSeconds: 0.3,
          channels: [
            { id: 'head', kind: 'webhook', url: complaints.url, secret: SECRET, events: ['complaint'] },
            { id: 'hall', kind: 'webhook', url: breaches.url, secret: SECRET, events: ['breach'] },
          ],
        },
      },
    });
  });
  afterAll(async () => {
    await server?.kill();
    await complaints?.close();
    await breaches?.close();
  });

  it('posts a 2-star rating once, with its ticket, to the channel that asks for complaints only', async () => {
    const http = api(server.url);
    const clerk = await http.login(STAFF.counter.staffId, STAFF.counter.pin);
    const visit = (await http.post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN)).body.visit as {
      id: string;
      ticket: string;
    };
    await serveToTheEnd(http, visit.id, clerk);
    const rated = await http.post(`/branches/t1/visits/${visit.id}/rating`, { score: 2, comment: '等太久了' }, clerk);
    expect(rated.status).toBe(201);

    const [post] = await complaints.waitForPosts(1, 15_000);
    expect(post!.verified).toBe(true);
    const body = post!.body as { event: string; alerts: { ticket: string }[] };
    expect(body.event).toBe('complaint');
    expect(body.alerts.map((a) => a.ticket)).toEqual([visit.ticket]);
    // A second look a moment later: still one post, and nothing went to the breach-only channel.
    await new Promise((r) => setTimeout(r, 1500));
    expect(complaints.posts).toHaveLength(1);
    expect(breaches.posts).toHaveLength(0);
  });
});
