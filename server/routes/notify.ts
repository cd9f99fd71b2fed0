/**
 * The channels page's routes (DESIGN §8): a manager sees the channels that take their branch — the URL
 * with any key masked, whether a secret is set (never the secret), the last posts and failures — and may
 * send one a test message now.
 */
import { Router } from 'express';
import type { Principal } from '../auth.ts';
import type { Config } from '../config.ts';
import { forbidden, notFound, unauthorized } from '../errors.ts';
import { maskUrl, type Channel, type ChannelHistory } from '../notify/channel.ts';
import { api } from '../../shared/api/routes.ts';
import { principalOf, route } from './route.ts';

const LAST_POSTS = 10;

function manager(p: Principal | null): Principal & { kind: 'staff' } {
  if (!p) throw unauthorized();
  if (p.kind !== 'staff' || !p.roles.includes('manager'))
    throw forbidden('only a manager may see or test the notification channels');
  return p;
}

/** The channels a branch's alerts may go to (every branch, or this one among others). */
const serves = (c: Channel, branch: string) => c.branches === null || c.branches.includes(branch);

export function notifyRoutes(config: Config, notifier: ChannelHistory): Router {
  const r = Router();
  const view = async (c: Channel) => ({
    id: c.id,
    kind: c.kind,
    url: maskUrl(c.url),
    branches: c.branches,
    events: c.events,
    secretSet: c.secret !== null,
    failures: await notifier.failures(c.id),
    // Only what the contract shows (the notifier's records carry more).
    posts: (await notifier.history(c.id, LAST_POSTS)).map((x) => ({
      at: x.at,
      event: x.event,
      alerts: x.alerts,
      ok: x.ok,
      reason: x.reason,
      tickets: x.tickets ?? [],
      sending: x.state === 'sending',
    })),
  });

  route(r, api.channels, async ({ res }) => {
    const p = manager(principalOf(res));
    const mine = config.notify.channels.filter((c) => serves(c, p.branch));
    return { channels: await Promise.all(mine.map(view)) };
  });

  route(r, api.testChannel, async ({ res, params }) => {
    const p = manager(principalOf(res));
    const channel = config.notify.channels.find((c) => c.id === params.id && serves(c, p.branch));
    if (!channel) throw notFound('unknown-channel', `no notification channel "${params.id}" for branch ${p.branch}`);
    const outcome = await notifier.sendTest(channel, {
      zh: `这是一条测试消息，由${p.staff.name}（${p.id}）在通知渠道页发送。收到即说明预警和超时提醒能送达本群。`,
      en: `A test message, sent by ${p.staff.name} (${p.id}) from the channels page: warnings and breaches can reach this group.`,
    });
    return { ok: outcome.ok, reason: outcome.ok ? null : outcome.reason, channel: await view(channel) };
  });
  return r;
}
