/**
 * The service standard's clocks as data (docs/rules.md §1, §2, §6; the README's Rules). A branch
 * overrides the built-in rules and may add more in its configuration alone; each visit keeps the full
 * definition of every rule it was checked in under, so changing a rule never rewrites history.
 *
 * A new KIND of start or stop is one entry in CLOCK_STARTS or CLOCK_STOPS, its words, and a test.
 */

/** A rule's id: any configured name. The two built-ins are named below. */
export type RuleId = string;
const RECEPTION = 'reception';
const VIP_RECEPTION = 'vip-reception';
const BUILTIN_RULE_IDS = [RECEPTION, VIP_RECEPTION] as const;
export type BuiltinRuleId = (typeof BUILTIN_RULE_IDS)[number];
/** The built-in rules' ids (their definitions are DEFAULT_RULES); any other rule comes from the configuration. */
export const RULE_IDS = BUILTIN_RULE_IDS;

export const STAFF_ROLES = ['greeter', 'vip-host', 'counter', 'manager'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** What a start or stop kind looks at: one event of the visit, and whether it is the first of its kind. */
export interface ClockEvent {
  type: string;
  payload: Record<string, unknown>;
}

/**
 * What starts a clock: the first event for which `startsAt` holds (`event` is the type that usually
 * does). `earlierStopsCount`: a staff action logged a moment before the start still stops the clock
 * (nothing precedes an arrival, so an action dated before it is two devices' clocks disagreeing); other
 * starts count only stops at or after them.
 */
export const CLOCK_STARTS = {
  arrival: { event: 'checked-in', startsAt: (e: ClockEvent) => e.type === 'checked-in', earlierStopsCount: true },
  'vip-identified': {
    event: 'vip-identified',
    // A VIP who shows the card at the kiosk identifies at check-in.
    startsAt: (e: ClockEvent) => e.type === 'vip-identified' || (e.type === 'checked-in' && Boolean(e.payload.vip)),
    earlierStopsCount: false,
  },
  called: { event: 'called', startsAt: (e: ClockEvent) => e.type === 'called', earlierStopsCount: false },
} as const;
export type ClockStart = keyof typeof CLOCK_STARTS;
export const CLOCK_START_KINDS = Object.keys(CLOCK_STARTS) as [ClockStart, ...ClockStart[]];

/** What stops a clock: the first of these events (by a qualifying staff member, when the rule says so). */
export const CLOCK_STOPS = {
  // A customer called or served has been received (docs/rules.md §1).
  greet: ['greeted', 'called', 'service-started'],
  call: ['called', 'service-started'],
  start: ['service-started'],
  complete: ['completed'],
} as const satisfies Record<string, readonly string[]>;
export type ClockStop = keyof typeof CLOCK_STOPS;
export const CLOCK_STOP_KINDS = Object.keys(CLOCK_STOPS) as [ClockStop, ...ClockStop[]];

/** Which visits get the clock, decided when it would start. */
export type AppliesTo = 'all' | 'vip' | 'special-needs' | { lines: string[] };
export const APPLIES_TO_KINDS = ['all', 'vip', 'special-needs'] as const;

/** What `appliesTo` looks at: the visit as it stands at the instant its clock would start. */
export interface VisitFacts {
  vip: boolean;
  specialNeeds: readonly string[];
  line: string;
}

export function applies(to: AppliesTo, v: VisitFacts): boolean {
  if (to === 'all') return true;
  if (to === 'vip') return v.vip;
  if (to === 'special-needs') return v.specialNeeds.length > 0;
  return to.lines.includes(v.line);
}

/** A rule as a visit keeps it: everything needed to fold its clock, whatever the configuration says later. */
export interface RuleVersion {
  name?: { zh: string; en: string };
  appliesTo: AppliesTo;
  startsOn: ClockStart;
  stopsOn: ClockStop;
  targetSeconds: number;
  /** Fractions of the target at which a warning fires (the breach fires at 1.0). */
  warnAt: number[];
  /** Roles that may stop this clock; absent means any staff member. */
  qualifies?: StaffRole[];
}

export interface Rule extends RuleVersion {
  id: RuleId;
}

/** What a branch's configuration may say of a rule: a built-in's fields to change, or a whole new rule. */
export type RuleOverride = Partial<RuleVersion>;

/** The rules in force for a branch: the built-ins are always there (by name), added ones beside them. */
export type RuleSet = Record<BuiltinRuleId, Rule> & Record<RuleId, Rule>;

/** 客户从进入营业职场5分钟内有服务人员接待引导; VIP表明身份时起3分钟内有专人接待引导. */
export const DEFAULT_RULES: Record<BuiltinRuleId, Rule> = {
  [RECEPTION]: {
    id: RECEPTION,
    appliesTo: 'all',
    startsOn: 'arrival',
    stopsOn: 'greet',
    targetSeconds: 300,
    warnAt: [0.8],
  },
  [VIP_RECEPTION]: {
    id: VIP_RECEPTION,
    appliesTo: 'vip',
    startsOn: 'vip-identified',
    stopsOn: 'greet',
    targetSeconds: 180,
    warnAt: [0.8],
    qualifies: ['vip-host'],
  },
};

/** A warning at 80 % of the target when a rule says none (docs/rules.md §5). */
const DEFAULT_WARN_AT = [0.8];

/** May someone with these roles stop a clock of this rule? Absent or empty `qualifies`: anyone. */
export function mayStop(roles: readonly StaffRole[], qualifies: readonly StaffRole[] | undefined): boolean {
  return !qualifies?.length || roles.some((r) => qualifies.includes(r));
}

/** Does a greeting stop a clock of this kind (and not only a call, a service start or the end of service)? */
export const greetingStops = (stopsOn: ClockStop): boolean =>
  (CLOCK_STOPS[stopsOn] as readonly string[]).includes('greeted');

export const isBuiltin = (id: string): id is BuiltinRuleId => (BUILTIN_RULE_IDS as readonly string[]).includes(id);

/**
 * The rules in force for a branch: the built-ins with the branch's overrides laid over them, then the
 * branch's own rules in the order it lists them. An added rule must be whole (the configuration checks).
 */
export function effectiveRules(overrides: Record<RuleId, RuleOverride> | undefined): RuleSet {
  const out = {} as RuleSet;
  for (const id of BUILTIN_RULE_IDS) out[id] = { ...DEFAULT_RULES[id], ...(overrides?.[id] ?? {}), id };
  for (const [id, o] of Object.entries(overrides ?? {})) {
    if (isBuiltin(id) || !o.appliesTo || !o.startsOn || !o.stopsOn || o.targetSeconds === undefined) continue;
    out[id] = { ...o, warnAt: o.warnAt ?? DEFAULT_WARN_AT, id } as Rule;
  }
  return out;
}

/** The version a visit keeps of a rule: its definition without the id (the id is the key it is kept under). */
function versionOf(r: Rule): RuleVersion {
  const { id: _id, ...version } = r;
  return version;
}

/**
 * The versions a check-in (or an import) stores: every rule in force, whole — one function for the live
 * hall and the importer, so both keep history the same way.
 */
export function ruleVersions(rules: RuleSet, pick: (r: Rule) => boolean = () => true): Record<RuleId, RuleVersion> {
  const out: Record<RuleId, RuleVersion> = {};
  for (const r of Object.values(rules)) if (pick(r)) out[r.id] = versionOf(r);
  return out;
}

/**
 * A version as stored, made whole: logs written before rules were data kept only the target, warnings
 * and roles of the two built-ins, whose kinds were fixed — they fold exactly as before. Null when a
 * stored version cannot be read (an unknown rule missing its kinds).
 */
function storedVersion(id: RuleId, stored: unknown): RuleVersion | null {
  if (typeof stored !== 'object' || stored === null) return null;
  const s = stored as Partial<RuleVersion>;
  const base: Partial<RuleVersion> = isBuiltin(id) ? versionOf(DEFAULT_RULES[id]) : {};
  // An old version without roles meant "anyone": the built-in's roles must not fill that gap.
  const v = { ...base, qualifies: undefined, ...s } as Partial<RuleVersion>;
  if (v.qualifies === undefined) delete v.qualifies;
  if (!v.startsOn || !(v.startsOn in CLOCK_STARTS) || !v.stopsOn || !(v.stopsOn in CLOCK_STOPS)) return null;
  if (!v.appliesTo || typeof v.targetSeconds !== 'number' || !Array.isArray(v.warnAt)) return null;
  return v as RuleVersion;
}

/**
 * Versions an event carries for the clocks it starts (a VIP identified later keeps the rules in force at
 * that moment). Events logged before rules were data carried one `rule`: vip-reception's.
 */
export function carriedVersions(payload: Record<string, unknown>): Map<RuleId, RuleVersion> {
  const out = new Map<RuleId, RuleVersion>();
  const add = (id: RuleId, raw: unknown) => {
    const v = storedVersion(id, raw);
    if (v) out.set(id, v);
  };
  if (typeof payload.rules === 'object' && payload.rules !== null) {
    for (const [id, raw] of Object.entries(payload.rules)) add(id, raw);
  } else if (payload.rule !== undefined) add(VIP_RECEPTION, payload.rule);
  return out;
}
