/** The visit routes of the contract: check-in, the lists, and every command on one visit. */
import { z } from 'zod';
import { confirmReplaySchema } from '../commands.ts';
import { ratingSchema } from '../rating.ts';
import {
  actionSchema,
  callSchema,
  checkInSchema,
  correctLineSchema,
  correctSchema,
  startSchema,
  transferSchema,
  vipSchema,
  visitsQuerySchema,
} from '../schemas.ts';
import { defineRoute, type RouteSpec } from './contract.ts';
import type { ErrorCode } from './errors.ts';
import { visitEventSchema, visitSchema } from './replies.ts';

const visitReply = z.object({ visit: visitSchema });
/** What a command may be refused with, whatever it is (replayed times, a visit that is not there). */
const COMMAND_ERRORS = [
  'unknown-visit',
  'visit-ended',
  'occurred-after-receipt',
  'occurred-before-arrival',
  'occurred-before-latest',
  'idempotency-key-reused',
  'invalid-idempotency-key',
] as const satisfies readonly ErrorCode[];

const command = <const P extends string, const B extends z.ZodType, const E extends readonly ErrorCode[]>(
  action: P,
  summary: string,
  body: B,
  errors: E,
  who = 'staff',
) =>
  defineRoute({
    method: 'POST',
    path: `/branches/:branch/visits/:id/${action}`,
    summary,
    who,
    body,
    reply: visitReply,
    errors: [...COMMAND_ERRORS, ...errors],
    idempotent: true,
  });

export const visitRoutes = {
  checkIn: defineRoute({
    method: 'POST',
    path: '/branches/:branch/visits',
    summary: 'check-in: a ticket for the line (VIPs `V`), and the visit with its clocks',
    who: 'kiosk, staff',
    body: checkInSchema,
    reply: visitReply.extend({
      statusUrl: z
        .string()
        .regex(/^\/s\/[A-Za-z0-9_-]{22,}$/)
        .meta({ description: "the customer's status page, `/s/<token>` (DESIGN §9): printed as a QR on the ticket" }),
    }),
    status: 201,
    alsoStatus: [200],
    errors: ['unknown-line', 'hall-closed', 'rate-limited', 'idempotency-key-reused', 'invalid-idempotency-key'],
    idempotent: true,
  }),
  visits: defineRoute({
    method: 'GET',
    path: '/branches/:branch/visits',
    summary: "the branch's visits: open ones now, or every visit of a day",
    who: 'staff',
    query: visitsQuerySchema,
    reply: z.object({ visits: z.array(visitSchema) }),
    errors: [],
  }),
  visit: defineRoute({
    method: 'GET',
    path: '/branches/:branch/visits/:id',
    summary: 'one visit with every event (member numbers masked) and its rule outcomes',
    who: 'staff',
    reply: z.object({ visit: visitSchema, events: z.array(visitEventSchema) }),
    errors: ['unknown-visit'],
  }),
  vip: command('vip', 'identified as VIP later: the VIP clock starts now', vipSchema, ['already-vip'], 'kiosk, staff'),
  help: command(
    'help',
    '请工作人员协助 pressed after check-in: the visit gains the special need `assistance` and `helpRequested`',
    actionSchema,
    [],
    'kiosk, staff',
  ),
  greet: command('greet', 'greeted: the first greeter becomes the owner', actionSchema, ['already-greeted']),
  correctLine: command('correct-line', 'the greeter corrects the business line', correctLineSchema, [
    'unknown-line',
    'same-line',
  ]),
  call: command('call', 'called to a counter', callSchema, ['unknown-counter', 'not-waiting']),
  recall: command('recall', 'called again to the same counter', actionSchema, ['not-called']),
  start: command('start', 'service starts at a counter', startSchema, ['unknown-counter', 'already-serving']),
  complete: command('complete', 'service completed', actionSchema, ['not-serving']),
  noShow: command('no-show', 'called but did not come', actionSchema, ['not-called']),
  leave: command('leave', 'gave up waiting', actionSchema, []),
  cancel: command('cancel', 'cancelled (a mistaken check-in)', actionSchema, []),
  transfer: command('transfer', 'recorded transfer of ownership or line', transferSchema, [
    'unknown-staff',
    'unknown-line',
    'same-owner',
    'same-line',
  ]),
  correct: command(
    'correct',
    'voids a mistaken event; both stay in the log',
    correctSchema,
    ['unknown-event', 'cannot-void-check-in'],
    'manager',
  ),
  // The counter tablet's 请您评价 screen: the customer rates at the counter (via `counter`), once.
  rate: defineRoute({
    method: 'POST',
    path: '/branches/:branch/visits/:visitId/rating',
    summary: "the customer's rating given on a counter tablet (1–5 stars, tags, comment): once, after service",
    who: 'staff',
    body: ratingSchema,
    reply: visitReply,
    status: 201,
    alsoStatus: [200],
    errors: ['unknown-visit', 'already-rated', 'not-served', 'idempotency-key-reused', 'invalid-idempotency-key'],
    idempotent: true,
  }),
  confirmReplay: command(
    'confirm-replay',
    'accepts a disputed replay: the clock takes the replayed outcome',
    confirmReplaySchema,
    ['not-disputed'],
    'manager',
  ),
};

/** A command on one visit, whichever it is: its body is the command's, its reply the visit. */
export type VisitCommandRoute = Omit<RouteSpec, 'body' | 'reply'> & {
  method: 'POST';
  path: `/branches/:branch/visits/:id/${string}`;
  body: z.ZodType;
  reply: typeof visitReply;
};

const COMMANDS: VisitCommandRoute[] = [
  visitRoutes.vip,
  visitRoutes.greet,
  visitRoutes.correctLine,
  visitRoutes.call,
  visitRoutes.recall,
  visitRoutes.start,
  visitRoutes.complete,
  visitRoutes.noShow,
  visitRoutes.leave,
  visitRoutes.cancel,
  visitRoutes.transfer,
  visitRoutes.correct,
  visitRoutes.confirmReplay,
];

/** The route of a visit command by its last path segment (`greet`, `no-show`, …), as the console names them. */
export function visitCommand(action: string): VisitCommandRoute {
  const spec = COMMANDS.find((c) => c.path.endsWith(`/${action}`));
  if (!spec) throw new Error(`no visit command "${action}"`);
  return spec;
}
