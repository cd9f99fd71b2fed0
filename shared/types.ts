/** Payload types shared by server and browsers, so neither side can disagree about a field. */
import type { CallPriority } from './call-order.ts';
import type { Rating } from './rating.ts';
import type { ClockStop, Rule, RuleId, RuleVersion, StaffRole } from './rules.ts';

export type { RuleVersion };

export type VisitState =
  | 'waiting' // checked in, not yet at a counter (greeted or not)
  | 'called' // called to a counter
  | 'serving' // service started at a counter
  | 'completed'
  | 'left' // gave up waiting (离开)
  | 'no-show' // called but did not come (过号)
  | 'cancelled'
  | 'closed'; // still open at closing time: left-at-close
export const OPEN_STATES: readonly VisitState[] = ['waiting', 'called', 'serving'];

export type RuleOutcome = 'running' | 'met' | 'breached' | 'excluded';

export interface RuleClock {
  id: RuleId;
  startedAt: string;
  dueAt: string;
  stoppedAt: string | null;
  /** Staff member whose action stopped the clock. */
  stoppedBy: string | null;
  outcome: RuleOutcome;
  targetSeconds: number;
  warnAt: number[];
  /** What stops it, and who may (absent: anyone) — so a tablet knows whose clock it is. */
  stopsOn: ClockStop;
  qualifies?: StaffRole[];
  /** The rule's configured name, kept with the version the clock started under. */
  name?: { zh: string; en: string };
  /**
   * A stop or end dated at or before due that arrived after the breach alert went out (docs/rules.md §4): the
   * clock stays breached until a manager confirms the replay. Present only while disputed.
   */
  disputed?: true;
}

export interface Visit {
  id: string;
  branch: string;
  ticket: string;
  /** The number the kiosk handed out while offline (临-001), which the customer holds; null otherwise. */
  provisionalTicket: string | null;
  line: string;
  vip: boolean;
  /** Masked member number (never the full one outside the event log). */
  memberNo: string | null;
  vipIdentifiedAt: string | null;
  specialNeeds: string[];
  /** The customer pressed 请工作人员协助 at the kiosk: present only then (special need `assistance` too). */
  helpRequested?: true;
  arrivedAt: string;
  greetedAt: string | null;
  greetedBy: string | null;
  owner: string | null;
  counter: string | null;
  calledAt: string | null;
  startedAt: string | null;
  endedAt: string | null;
  state: VisitState;
  imported: boolean;
  rules: RuleClock[];
  /** The customer's rating after service (given once, from the status page or a counter tablet); null until then. */
  rating: Rating | null;
}

/** `customer`: the customer themself, through their status link (a rating from the phone). */
export type ActorType = 'staff' | 'device' | 'system' | 'import' | 'customer';
export interface Actor {
  type: ActorType;
  id: string;
  /** The roles the actor acted in at the time (kept in the event so later config changes rewrite nothing). */
  roles?: StaffRole[];
}

export type EventType =
  | 'checked-in'
  | 'vip-identified'
  | 'greeted'
  | 'line-corrected'
  | 'called'
  | 'recalled'
  | 'service-started'
  | 'completed'
  | 'no-show'
  | 'left'
  | 'transferred'
  | 'cancelled'
  | 'closed'
  | 'corrected'
  // A manager confirmed a disputed replay: the clock takes the replayed outcome (payload {rule, reason}).
  | 'replay-confirmed'
  // The customer rated the finished visit, once (payload {score 1–5, tags, comment, via: phone | counter}).
  | 'rated'
  // 请工作人员协助 pressed after check-in: the visit gains the special need `assistance` and `helpRequested`.
  | 'help-requested';

export interface VisitEvent {
  /** Position in the append-only log. */
  seq: number;
  visitId: string;
  branch: string;
  type: EventType;
  /** When it happened (a replaying device sends this); rules use it. Epoch ms. */
  occurredAt: number;
  /** When the server stored it. Epoch ms. */
  recordedAt: number;
  actor: Actor;
  payload: Record<string, unknown>;
}

export interface Alert {
  id: string;
  /** `complaint`: a customer rated the visit 1 or 2 stars (DESIGN §9); it never escalates. */
  kind: 'warning' | 'breach' | 'resolved' | 'escalation' | 'complaint';
  visitId: string;
  branch: string;
  ticket: string;
  line: string;
  rule: RuleId;
  /** The rule's name in both languages as the clock's version states it (absent in alerts stored before). */
  ruleName?: { zh: string; en: string };
  /** The instant this alert fell due (for a warning: its warning instant). */
  dueAt: string;
  /** The instant the rule's clock falls due. */
  clockDueAt: string;
  firedAt: string;
  /** True when it fired well after its due instant (e.g. it fell due while the server was down). */
  late: boolean;
  vip: boolean;
  specialNeeds: string[];
  /** For `resolved`: why the alert is over ("greeted" — met late — or "ended"). */
  reason?: string;
  acknowledgedBy?: string | null;
  acknowledgedAt?: string | null;
  note?: string | null;
  /** When the alert closed (its customer greeted or the visit ended), in the day's list of alerts. */
  resolvedAt?: string | null;
  resolvedReason?: string | null;
  /**
   * For `complaint`: the rating, and who completed the service. Managers get it whole; the wall and other
   * staff get the score alone (`comment` and `staff` null: the words may name the customer or a colleague).
   */
  complaint?: ComplaintDetail;
}

export interface ComplaintDetail {
  score: number;
  tags: string[];
  comment: string | null;
  staff: { id: string; name: string } | null;
}

export interface StaffPublic {
  id: string;
  name: string;
  branch: string;
  roles: StaffRole[];
}

/** A list told in both languages (the same items, in the same order). */
interface BilingualList {
  zh: string[];
  en: string[];
}

/** 一次性告知 (DESIGN §9): a line's steps and the papers to bring, told at once on the kiosk, ticket and status page. */
export interface LineGuide {
  steps: BilingualList;
  papers: BilingualList;
}

export interface LineInfo {
  id: string;
  name: { zh: string; en: string };
  prefix: string;
  /** Absent: the line has no configured guide. */
  guide?: LineGuide;
}

export interface BranchPublic {
  id: string;
  name: { zh: string; en: string };
  timeZone: string;
  opens: string;
  closes: string;
  lines: LineInfo[];
  counters: string[];
  /** The rules in force now, whole: their names (i18n/rule-names.ts), targets and who may stop them. */
  rules: Rule[];
  /** The order counters call waiting customers (shared/call-order.ts): pages foresee greetings by it. */
  callOrder: CallPriority[];
}

/**
 * A check-in a kiosk kept while offline that the server later refused for good: the customer holds
 * `provisionalTicket` but has no visit, so staff must find them. Reported by the kiosk, shown to staff.
 */
export interface KioskRefusal {
  /** The kept check-in's idempotency key (one refusal per kept check-in). */
  key: string;
  branch: string;
  /** The kiosk that handed out the provisional number. */
  device: string;
  provisionalTicket: string;
  line: string;
  vip: boolean;
  /** Masked, as on every screen. */
  memberNo: string | null;
  specialNeeds: string[];
  /** When the customer tapped (ISO 8601). */
  occurredAt: string;
  /** Why the server refused it: the error code pages translate, and its English words. */
  code: string;
  message: string;
  reportedAt: string;
}
