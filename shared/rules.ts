/**
 * The service standard's clocks as data (DESIGN §1–2). A branch may override targets and warnings;
 * each visit keeps the rule version it started under, so changing a rule never rewrites history.
 */

export const RULE_IDS = ['reception', 'vip-reception'] as const;
export type RuleId = (typeof RULE_IDS)[number];

export const STAFF_ROLES = ['greeter', 'vip-host', 'counter', 'manager'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** What starts a clock: the arrival, or the moment a VIP identifies themselves. */
export type ClockStart = 'arrival' | 'vip-identified';

export interface Rule {
  id: RuleId;
  startsOn: ClockStart;
  /** Any of these staff actions stops the clock: a customer called or served has been received. */
  stopsOn: readonly ('greet' | 'call' | 'start')[];
  targetSeconds: number;
  /** Fractions of the target at which a warning fires (the breach fires at 1.0). */
  warnAt: number[];
  /** Roles that may stop this clock; absent means any staff member. */
  qualifies?: StaffRole[];
}

export type RuleOverride = Partial<Pick<Rule, 'targetSeconds' | 'warnAt' | 'qualifies'>>;

/** 客户从进入营业职场5分钟内有服务人员接待引导; VIP表明身份时起3分钟内有专人接待引导. */
export const DEFAULT_RULES: Record<RuleId, Rule> = {
  reception: {
    id: 'reception',
    startsOn: 'arrival',
    stopsOn: ['greet', 'call', 'start'],
    targetSeconds: 300,
    warnAt: [0.8],
  },
  'vip-reception': {
    id: 'vip-reception',
    startsOn: 'vip-identified',
    stopsOn: ['greet', 'call', 'start'],
    targetSeconds: 180,
    warnAt: [0.8],
    qualifies: ['vip-host'],
  },
};

/** The rules in force for a branch: defaults with the branch's overrides laid over them. */
export function effectiveRules(overrides: Partial<Record<RuleId, RuleOverride>> | undefined): Record<RuleId, Rule> {
  const out = {} as Record<RuleId, Rule>;
  for (const id of RULE_IDS) {
    out[id] = { ...DEFAULT_RULES[id], ...(overrides?.[id] ?? {}) };
  }
  return out;
}
