/**
 * The notification channels' routes (DESIGN §8): the manager's channels page reads each channel — its URL
 * with any key masked, never its secret — with its last posts and failures, and sends a test message.
 */
import { z } from 'zod';
import { defineRoute, type RouteSpec } from './contract.ts';

const time = z.string().meta({ format: 'date-time' });
// The same lists as server/notify/channel.ts (the handler's reply does not compile if they part).
const events = z.enum(['warning', 'breach', 'escalation', 'complaint', 'digest']);

const channelPostSchema = z.object({
  at: time,
  event: z.union([events, z.literal('test')]),
  alerts: z.number().int().meta({ description: 'how many alerts the post carried (0: a digest or a test)' }),
  ok: z.boolean(),
  reason: z.string().nullable().meta({ description: 'why it failed (an HTTP status, the robot’s errcode)' }),
  tickets: z.array(z.string()).meta({ description: 'the tickets it named' }),
  sending: z.boolean().meta({ description: 'on its way, not answered yet' }),
});

const channelViewSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['dingtalk', 'wecom', 'feishu', 'webhook']),
    url: z.string().meta({ description: 'the address with any key or token in it masked' }),
    branches: z.array(z.string()).nullable().meta({ description: 'null: every branch' }),
    events: z.array(events).nullable().meta({ description: 'null: every event' }),
    secretSet: z.boolean().meta({ description: 'whether a signing secret is configured (never the secret)' }),
    failures: z.number().int(),
    posts: z.array(channelPostSchema).meta({ description: 'the last posts, newest first' }),
  })
  .meta({ title: 'Channel' });

export const notifyRoutes = {
  channels: defineRoute({
    method: 'GET',
    path: '/notify/channels',
    summary: "the notification channels that take the manager's branch, each with its last posts and failures",
    who: 'manager',
    reply: z.object({ channels: z.array(channelViewSchema) }),
    errors: [],
  }),
  testChannel: defineRoute({
    method: 'POST',
    path: '/notify/channels/:id/test',
    summary: 'sends a test message to the channel now (past grouping), recorded in its posts; answers how it went',
    who: 'manager',
    reply: z.object({ ok: z.boolean(), reason: z.string().nullable(), channel: channelViewSchema }),
    errors: ['unknown-channel'],
  }),
} satisfies Record<string, RouteSpec>;
