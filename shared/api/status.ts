/**
 * The customer's own routes (DESIGN §9): their visit's status by the token of their link, and the rating
 * after service. No sign-in — the token is the key — and never a name or member number in a reply.
 */
import { z } from 'zod';
import { ratingSchema } from '../rating.ts';
import { defineRoute } from './contract.ts';

const time = z.string().meta({ description: 'ISO 8601 time', format: 'date-time' });
const bilingual = z.object({ zh: z.string(), en: z.string() });
const bilingualList = z.object({ zh: z.array(z.string()), en: z.array(z.string()) });

const statusReply = z.object({
  ticket: z.string(),
  provisionalTicket: z.string().nullable().meta({ description: "the kiosk's offline number the customer holds" }),
  branch: z.object({ name: bilingual }),
  line: z.object({ id: z.string(), name: bilingual }),
  state: z.enum(['waiting', 'called', 'serving', 'done']).meta({
    description: 'waiting · called (to `counter`) · serving · done (completed, left, no-show, cancelled or closed)',
  }),
  counter: z.string().nullable(),
  ahead: z
    .number()
    .int()
    .nullable()
    .meta({ description: "customers the counters will call first, in the branch's call order; null unless waiting" }),
  estimatedWaitSeconds: z.number().int().nullable().meta({
    description:
      '(ahead + 1) ÷ the customers called per minute over the last 30 minutes, rounded up to a minute; null unless waiting or with no call in that time',
  }),
  guide: z.object({ steps: bilingualList, papers: bilingualList }).nullable(),
  completed: z.boolean().meta({ description: 'served to the end (only then can it be rated)' }),
  rated: z.boolean(),
  serverTime: time,
});
export type StatusReply = z.output<typeof statusReply>;

const tokenErrors = ['not-found', 'rate-limited'] as const;

export const statusRoutes = {
  status: defineRoute({
    method: 'GET',
    path: '/status/:token',
    summary:
      "the customer's visit by their status link: ticket, line, state, how many ahead, the estimated wait, the guide",
    who: 'anyone with the link (no sign-in; unknown or expired: 404)',
    reply: statusReply,
    errors: tokenErrors,
  }),
  rateVisit: defineRoute({
    method: 'POST',
    path: '/status/:token/rating',
    summary: 'the customer rates the finished visit: 1–5 stars, quick tags, a comment — once',
    who: 'anyone with the link',
    body: ratingSchema,
    reply: z.object({
      rating: z.object({
        score: z.number().int(),
        tags: z.array(z.string()),
        comment: z.string().nullable(),
        at: time,
        via: z.enum(['phone', 'counter']),
      }),
    }),
    status: 201,
    errors: [...tokenErrors, 'already-rated', 'not-served'],
  }),
};
