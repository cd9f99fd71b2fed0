/**
 * What the API answers, as zod schemas: the source of the OpenAPI document's replies. Each is typed
 * against the payload type the code already uses (shared/types.ts, shared/report.ts…), so a schema cannot
 * promise a field the type lacks; tests/integration/openapi.test.ts checks real replies against them.
 */
import type { RegionBranch, RegionOverview } from '../region.ts';
import { z } from 'zod';
import type { Fraction, Report, RuleFigures, Satisfaction } from '../report.ts';
import { CLOCK_START_KINDS, CLOCK_STOP_KINDS, STAFF_ROLES, type Rule, type RuleId } from '../rules.ts';
import { DUTY_STATUSES, type DutyBoard } from '../socket.ts';
import type { StaffingAdvice } from '../staffing/advice.ts';
import type { TodayVisit } from '../today.ts';
import type { StaffingHour } from '../staffing/report-hours.ts';
import type {
  Alert,
  BranchPublic,
  EventType,
  KioskRefusal,
  StaffPublic,
  Visit,
  VisitEvent,
  VisitState,
} from '../types.ts';

/** Every value of the unions in shared/types.ts: `Record<…, true>` fails to compile when one is missing. */
const keysOf = <K extends string>(all: Record<K, true>) => Object.keys(all) as [K, ...K[]];
const VISIT_STATES = keysOf<VisitState>({
  waiting: true,
  called: true,
  serving: true,
  completed: true,
  left: true,
  'no-show': true,
  cancelled: true,
  closed: true,
});
const EVENT_TYPES = keysOf<EventType>({
  'checked-in': true,
  'vip-identified': true,
  greeted: true,
  'line-corrected': true,
  called: true,
  recalled: true,
  'service-started': true,
  completed: true,
  'no-show': true,
  left: true,
  transferred: true,
  cancelled: true,
  closed: true,
  corrected: true,
  'replay-confirmed': true,
  rated: true,
  'help-requested': true,
});

const time = z.string().meta({ description: 'ISO 8601 time', format: 'date-time' });
const day = z.string().meta({ description: 'a local day, YYYY-MM-DD', format: 'date' });
const nullable = <T extends z.ZodType>(t: T) => t.nullable();
const ruleIdSchema: z.ZodType<RuleId> = z.string();
const bilingual = z.object({ zh: z.string(), en: z.string() });
const bilingualList = z.object({ zh: z.array(z.string()), en: z.array(z.string()) });
/** One value per rule, keyed by the rule's id: the built-in rules' always there, a configured rule's beside them. */
const perRule = <T extends z.ZodType>(t: T) => z.object({ reception: t, 'vip-reception': t }).catchall(t);

const ruleClockSchema = z.object({
  id: ruleIdSchema,
  startedAt: time,
  dueAt: time,
  stoppedAt: nullable(time),
  stoppedBy: nullable(z.string()),
  outcome: z.enum(['running', 'met', 'breached', 'excluded']),
  targetSeconds: z.number(),
  warnAt: z.array(z.number()),
  stopsOn: z.enum(CLOCK_STOP_KINDS),
  qualifies: z.array(z.enum(STAFF_ROLES)).optional(),
  name: bilingual.optional(),
  disputed: z.literal(true).optional(),
});

/** A rule as a branch configures it (shared/rules.ts): to whom it applies, what starts and stops its clock. */
const ruleSchema: z.ZodType<Rule> = z.object({
  id: ruleIdSchema,
  name: bilingual.optional(),
  appliesTo: z.union([z.enum(['all', 'vip', 'special-needs']), z.object({ lines: z.array(z.string()) })]),
  startsOn: z.enum(CLOCK_START_KINDS),
  stopsOn: z.enum(CLOCK_STOP_KINDS),
  targetSeconds: z.number(),
  warnAt: z.array(z.number()),
  qualifies: z.array(z.enum(STAFF_ROLES)).optional(),
});

export const visitSchema: z.ZodType<Visit> = z.object({
  id: z.string(),
  branch: z.string(),
  ticket: z.string(),
  provisionalTicket: nullable(z.string()),
  line: z.string(),
  vip: z.boolean(),
  memberNo: nullable(z.string()).meta({ description: 'masked' }),
  vipIdentifiedAt: nullable(time),
  specialNeeds: z.array(z.string()),
  helpRequested: z.literal(true).optional().meta({ description: 'the customer pressed 请工作人员协助 at the kiosk' }),
  arrivedAt: time,
  greetedAt: nullable(time),
  greetedBy: nullable(z.string()),
  owner: nullable(z.string()),
  counter: nullable(z.string()),
  calledAt: nullable(time),
  startedAt: nullable(time),
  endedAt: nullable(time),
  state: z.enum(VISIT_STATES),
  imported: z.boolean(),
  rules: z.array(ruleClockSchema),
  rating: nullable(
    z.object({
      score: z.number().int(),
      tags: z.array(z.string()),
      comment: nullable(z.string()),
      at: time,
      via: z.enum(['phone', 'counter']),
    }),
  ).meta({ description: "the customer's rating after service (once); null until given" }),
});

const actorSchema = z.object({
  type: z.enum(['staff', 'device', 'system', 'import', 'customer']),
  id: z.string(),
  roles: z.array(z.enum(STAFF_ROLES)).optional(),
});

export const visitEventSchema: z.ZodType<VisitEvent> = z.object({
  seq: z.number(),
  visitId: z.string(),
  branch: z.string(),
  type: z.enum(EVENT_TYPES),
  occurredAt: z.number().meta({ description: 'epoch ms' }),
  recordedAt: z.number().meta({ description: 'epoch ms' }),
  actor: actorSchema,
  payload: z.record(z.string(), z.unknown()),
});

export const alertSchema: z.ZodType<Alert> = z.object({
  id: z.string(),
  kind: z.enum(['warning', 'breach', 'resolved', 'escalation', 'complaint']),
  visitId: z.string(),
  branch: z.string(),
  ticket: z.string(),
  line: z.string(),
  rule: ruleIdSchema,
  dueAt: time,
  clockDueAt: time,
  firedAt: time,
  late: z.boolean(),
  vip: z.boolean(),
  specialNeeds: z.array(z.string()),
  reason: z.string().optional(),
  acknowledgedBy: nullable(z.string()).optional(),
  acknowledgedAt: nullable(time).optional(),
  note: nullable(z.string()).optional(),
  resolvedAt: nullable(time).optional(),
  resolvedReason: nullable(z.string()).optional(),
  complaint: z
    .object({
      score: z.number(),
      tags: z.array(z.string()),
      comment: nullable(z.string()),
      staff: nullable(z.object({ id: z.string(), name: z.string() })),
    })
    .optional()
    .meta({ description: 'a complaint (1–2 stars): the rating and who completed the service; managers only' }),
});

export const staffPublicSchema: z.ZodType<StaffPublic> = z.object({
  id: z.string(),
  name: z.string(),
  branch: z.string(),
  roles: z.array(z.enum(STAFF_ROLES)),
});

export const branchPublicSchema: z.ZodType<BranchPublic> = z.object({
  id: z.string(),
  name: bilingual,
  timeZone: z.string(),
  opens: z.string(),
  closes: z.string(),
  lines: z.array(
    z.object({
      id: z.string(),
      name: bilingual,
      prefix: z.string(),
      guide: z.object({ steps: bilingualList, papers: bilingualList }).optional(),
    }),
  ),
  counters: z.array(z.string()),
  rules: z.array(ruleSchema),
  callOrder: z.array(z.enum(['vip', 'special-needs'])),
});

export const dutyBoardSchema: z.ZodType<DutyBoard> = z.object({
  branch: z.string(),
  staff: z.array(
    z.object({
      staffId: z.string(),
      name: z.string(),
      roles: z.array(z.enum(STAFF_ROLES)),
      status: z.enum(DUTY_STATUSES),
      since: nullable(time),
    }),
  ),
  onDuty: z.number(),
  onBreak: z.number(),
  greetersOnDuty: z.number(),
});

const roleCounts = z.object({ greeters: z.number(), vipHosts: z.number() });
const handleSource = z.enum(['configured', 'estimated', 'default']);
const offsetTime = z.string().meta({ description: 'ISO 8601 time with the branch offset', format: 'date-time' });

/** docs/staffing.md (Advice): the DESIGN §7 shape, with the handle times, patience and Erlang A beside it. */
export const staffingAdviceSchema: z.ZodType<StaffingAdvice> = z.object({
  branch: z.string(),
  date: day,
  objective: z.number(),
  slotMinutes: z.number(),
  slots: z.array(
    z.object({
      start: offsetTime,
      end: offsetTime,
      arrivals: z.number(),
      needed: roleCounts,
      onDuty: roleCounts.optional(),
      vipArrivals: z.number(),
      erlangA: z.object({ greeters: z.number().nullable(), vipHosts: z.number().nullable() }).optional(),
    }),
  ),
  handleSeconds: z.object({
    greeters: z.object({ seconds: z.number(), source: handleSource }),
    vipHosts: z.object({ seconds: z.number(), source: handleSource }),
  }),
  patienceSeconds: z.object({ greeters: z.number().nullable(), vipHosts: z.number().nullable() }),
  targetSeconds: roleCounts,
});

export const kioskRefusalSchema: z.ZodType<KioskRefusal> = z.object({
  key: z.string(),
  branch: z.string(),
  device: z.string(),
  provisionalTicket: z.string(),
  line: z.string(),
  vip: z.boolean(),
  memberNo: nullable(z.string()),
  specialNeeds: z.array(z.string()),
  occurredAt: time,
  code: z.string(),
  message: z.string(),
  reportedAt: time,
});

export const todayVisitSchema: z.ZodType<TodayVisit> = z.object({
  id: z.string(),
  arrivedAt: z.number(),
  endedAt: nullable(z.number()),
  clocks: z.array(
    z.object({
      rule: ruleIdSchema,
      start: z.number(),
      due: z.number(),
      stop: nullable(z.number()),
      outcome: z.enum(['running', 'met', 'breached', 'excluded']),
    }),
  ),
});

export const deviceSchema = z.object({
  id: z.string(),
  branch: z.string(),
  role: z.enum(['kiosk', 'wall']),
  label: nullable(z.string()),
  createdBy: z.string(),
  createdAt: time,
  revokedAt: nullable(time),
  revokedBy: nullable(z.string()),
});

const badRowSchema = z.object({ line: z.number(), reason: z.string() });

export const importJobSchema = z.object({
  id: z.string(),
  branch: z.string(),
  state: z.enum(['checking', 'writing', 'done', 'refused', 'failed']),
  total: z.number(),
  checked: z.number(),
  done: z.number(),
  imported: z.number(),
  alreadyImported: z.number(),
  errors: z.array(badRowSchema),
  errorCount: z.number(),
  error: nullable(z.object({ code: z.string(), message: z.string() })),
  startedAt: time,
  endedAt: nullable(time),
});

export const importResultSchema = z.object({
  rows: z.number(),
  imported: z.number(),
  alreadyImported: z.number(),
  bad: z.array(badRowSchema),
  written: z.boolean(),
});

const fraction: z.ZodType<Fraction> = z
  .object({ numerator: z.number(), denominator: z.number() })
  .meta({ description: 'met / (met + breached), exact' });
const ruleFigures: z.ZodType<RuleFigures> = z.object({
  eligible: z.number(),
  met: z.number(),
  breached: z.number(),
  excluded: z.number(),
  running: z.number(),
  compliance: nullable(fraction),
  timeToGreet: z.object({ median: nullable(z.number()), p90: nullable(z.number()), max: nullable(z.number()) }),
});
const sliceFigures = {
  arrivals: z.number(),
  breaches: z.number(),
  rules: perRule(z.object({ met: z.number(), breached: z.number(), compliance: nullable(fraction) })),
};
const clockRow = {
  visitId: z.string(),
  ticket: z.string(),
  line: z.string(),
  rule: z.string(),
  arrivedAt: time,
  dueAt: time,
};

const scoreFigures = {
  responses: z.number(),
  average: nullable(z.number()).meta({ description: 'sum of scores / responses, unrounded; null: no rating' }),
  distribution: z
    .tuple([z.number(), z.number(), z.number(), z.number(), z.number()])
    .meta({ description: 'ratings of 1, 2, 3, 4 and 5 stars' }),
};
const satisfactionFigures = {
  ...scoreFigures,
  byOutcome: z
    .object({ met: z.object(scoreFigures), breached: z.object(scoreFigures) })
    .meta({ description: 'visits whose clocks were all met vs visits with any clock breached (docs/rules.md §3)' }),
};
const satisfaction: z.ZodType<Satisfaction> = z.object({
  ...satisfactionFigures,
  byStaff: z.array(z.object({ staff: z.string(), ...satisfactionFigures })),
  byLine: z.array(z.object({ line: z.string(), ...satisfactionFigures })),
});

export const reportSchema: z.ZodType<Report> = z.object({
  branch: z.string(),
  date: day,
  from: day,
  to: day,
  timeZone: z.string(),
  generatedAt: time,
  arrivals: z.number(),
  rules: perRule(ruleFigures),
  ruleList: z.array(z.object({ id: z.string(), targetSeconds: z.number(), name: bilingual.optional() })),
  hours: z.array(z.object({ hour: z.number(), ...sliceFigures })),
  lines: z.array(z.object({ line: z.string(), ...sliceFigures })),
  staff: z.array(
    z.object({
      staff: z.string(),
      greetings: z.number(),
      vipGreetings: z.number(),
      medianTimeToGreet: nullable(z.number()),
      customersOwned: z.number(),
      transfers: z.number(),
      breachesOwned: z.number(),
    }),
  ),
  breaches: z.array(
    z.object({
      ...clockRow,
      greetedAt: nullable(time),
      lateBySeconds: z.number(),
      owner: nullable(z.string()),
      acknowledgedBy: nullable(z.string()),
      imported: z.boolean(),
    }),
  ),
  disputed: z.array(z.object({ ...clockRow, replayedAt: time, receivedAt: time })),
  vip: z.object({ visits: z.number(), identifiedLater: z.number(), rule: ruleFigures }),
  specialNeeds: z.array(z.object({ need: z.string(), arrivals: z.number(), reception: ruleFigures })),
  days: z.array(
    z.object({
      date: day,
      arrivals: z.number(),
      rules: perRule(
        z.object({ eligible: z.number(), met: z.number(), breached: z.number(), compliance: nullable(fraction) }),
      ),
    }),
  ),
  satisfaction,
});

/** The daily report's staffing section (shared/staffing/report-hours.ts): null for a range of days. */
export const reportStaffingSchema: z.ZodType<StaffingHour[] | null> = nullable(
  z.array(
    z.object({
      hour: z.number(),
      arrivals: z.number(),
      forecast: z.number().meta({ description: "the hour's slot forecasts summed, to two decimals" }),
      onDuty: nullable(roleCounts).meta({ description: 'the fewest on duty at any slot of the hour; null: unknown' }),
      needed: roleCounts.meta({ description: 'the most any slot of the hour needed (Erlang C, docs/staffing.md)' }),
      breaches: z.number(),
    }),
  ),
);

const regionBranchSchema: z.ZodType<RegionBranch> = z.object({
  branch: z.string(),
  name: bilingual,
  rules: z.array(
    z.object({
      rule: z.string(),
      name: bilingual,
      met: z.number(),
      breached: z.number(),
      compliance: z.number().nullable().meta({ description: 'met / (met + breached) today; null when both are 0' }),
    }),
  ),
  breachesNow: z.number().meta({ description: 'clocks of customers still in the hall past due and not stopped' }),
  waiting: z.number(),
  waitingSince: z
    .string()
    .nullable()
    .meta({ description: 'when the customer waiting longest arrived; null: nobody waits' }),
  shortfall: z
    .object({ greeters: z.number(), vipHosts: z.number() })
    .nullable()
    .meta({ description: 'needed minus on duty in the slot under way (0: enough); null when not known' }),
  updatedAt: z.string(),
});

export const regionOverviewSchema: z.ZodType<RegionOverview> = z.object({
  region: z.string(),
  name: bilingual,
  serverTime: z.string(),
  branches: z.array(regionBranchSchema).meta({ description: 'worst first' }),
});
