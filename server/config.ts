/** Loads and checks the configuration file: branches, lines, staff, devices, limits (docs/rules.md §7). */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import {
  APPLIES_TO_KINDS,
  CLOCK_START_KINDS,
  CLOCK_STARTS,
  CLOCK_STOP_KINDS,
  CLOCK_STOPS,
  STAFF_ROLES,
  effectiveRules,
  isBuiltin,
  type RuleSet,
} from '../shared/rules.ts';
import type { BranchPublic, StaffPublic } from '../shared/types.ts';
import { notifySchema, settleNotify, type NotifySettings } from './notify/channel.ts';
import { fromRoot } from './paths.ts';

export const DEMO_CONFIG_PATH = fromRoot('config', 'demo.json');

const idSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.-]+$/, 'use letters, digits, _ . or -');
const bilingual = z.union([
  z
    .string()
    .min(1)
    .transform((s) => ({ zh: s, en: s })),
  z.strictObject({ zh: z.string().min(1), en: z.string().min(1) }),
]);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be HH:mm (00:00 to 24:00)');
const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Asia/Shanghai');

/** What may go before arrival order when a counter calls the next customer. */
const CALL_PRIORITIES = ['vip', 'special-needs'] as const;
export type CallPriority = (typeof CALL_PRIORITIES)[number];
export const DEFAULT_CALL_ORDER: readonly CallPriority[] = ['vip', 'special-needs'];

/**
 * One entry of a branch's `rules` (README, Configuration): every field optional here, because a built-in
 * rule may change only its target; a rule the branch adds must be whole (checked in parseConfig).
 */
const ruleEntry = z.strictObject({
  name: z.strictObject({ zh: z.string().trim().min(1).max(40), en: z.string().trim().min(1).max(80) }).optional(),
  appliesTo: z
    .union([
      z.enum(APPLIES_TO_KINDS),
      z.strictObject({ lines: z.array(idSchema).min(1, 'name at least one business line') }),
    ])
    .optional(),
  startsOn: z.enum(CLOCK_START_KINDS).optional(),
  stopsOn: z.enum(CLOCK_STOP_KINDS).optional(),
  targetSeconds: z.number().int().min(1).max(86_400).optional(),
  warnAt: z.array(z.number().gt(0).lt(1)).max(5).optional(),
  qualifies: z.array(z.enum(STAFF_ROLES)).optional(),
});
/**
 * 一次性告知 (DESIGN §9): a line's steps and papers, short enough for a kiosk screen and an 80 mm ticket.
 * Each item is said in both languages, so an English reader is told as much as a Chinese one.
 */
const guideItem = z.string().trim().min(1, 'an item may not be empty').max(100, 'an item has at most 100 characters');
const guideList = z
  .strictObject({ zh: z.array(guideItem).max(10), en: z.array(guideItem).max(10) })
  .refine((l) => l.zh.length === l.en.length, {
    message: 'needs as many English items as Chinese ones (one translation each)',
    path: ['en'],
  })
  .default({ zh: [], en: [] });
const lineGuide = z.strictObject({ steps: guideList, papers: guideList });

const RULE_FIELDS_NEEDED = ['appliesTo', 'startsOn', 'stopsOn', 'targetSeconds'] as const;

const branchSchema = z.strictObject({
  id: idSchema,
  name: bilingual,
  timeZone: timeZone.default('Asia/Shanghai'),
  opens: hhmm.default('00:00'),
  closes: hhmm.default('24:00'),
  lines: z
    .array(
      z.strictObject({
        id: idSchema,
        name: z.strictObject({ zh: z.string().min(1), en: z.string().min(1) }),
        prefix: z.string().regex(/^[A-UW-Z]$/, 'must be one capital letter other than V (V is the VIP series)'),
        guide: lineGuide.optional(),
      }),
    )
    .min(1, 'a branch needs at least one business line'),
  counters: z.array(idSchema).min(1, 'a branch needs at least one counter'),
  rules: z.record(idSchema, ruleEntry).optional(),
  /** Who a counter's "call next" takes first, before arrival order (default: VIPs, then special needs). */
  callOrder: z.array(z.enum(CALL_PRIORITIES)).max(CALL_PRIORITIES.length).optional(),
});

const staffSchema = z
  .strictObject({
    id: idSchema,
    name: z.string().min(1).max(100),
    branch: idSchema,
    roles: z.array(z.enum(STAFF_ROLES)).min(1, 'a staff member needs at least one role'),
    /** Regions whose wall this manager may watch (head office: every branch of the region, read-only). */
    regions: z.array(idSchema).optional(),
    pinHash: z.string().startsWith('scrypt$', 'must be a hash made by `npm run set-pin`').optional(),
    pin: z
      .string()
      .regex(/^\d{4,8}$/, 'PIN must be 4 to 8 digits')
      .optional(),
  })
  .refine((s) => s.pinHash !== undefined || s.pin !== undefined, {
    message: 'needs pinHash (or pin, for demos)',
    path: ['pinHash'],
  });

/** Every limit: 0 means none (docs/rules.md §7). Re-read with the rest of the file while the server runs. */
const limitsSchema = z
  .strictObject({
    checkInsPerMinutePerDevice: z.number().int().min(0).default(30),
    /** Check-ins a device replays from its offline queue (dated over 30 s back): their own allowance. */
    replaysPerMinutePerDevice: z.number().int().min(0).default(600),
    loginAttemptsPerMinute: z.number().int().min(0).default(10),
    /** "VIP later" by ticket number, per device or staff member: tickets are easy to guess. */
    vipByTicketPerMinute: z.number().int().min(0).default(10),
    /**
     * Status-link lookups (page and API) per address: the page asks once a second, and a hall's guest Wi-Fi
     * puts many phones behind one address — room for ten following at once.
     */
    statusLookupsPerMinute: z.number().int().min(0).default(600),
    bodyBytes: z.number().int().min(0).default(65_536),
    /** How long a staff sign-in lasts (fractions allowed); 0 = until sign-out. */
    sessionMinutes: z.number().min(0).default(720),
  })
  .prefault({});

const configSchema = z.strictObject({
  branches: z.array(branchSchema).min(1, 'at least one branch is needed'),
  staff: z.array(staffSchema).default([]),
  devices: z
    .array(
      z.strictObject({
        id: idSchema,
        branch: idSchema,
        role: z.enum(['kiosk', 'wall']),
        token: z.string().min(16, 'a device token needs at least 16 characters'),
      }),
    )
    .default([]),
  limits: limitsSchema,
  /** Groups of branches a head office watches on one regional wall (/region/). */
  regions: z
    .array(
      z.strictObject({ id: idSchema, name: bilingual, branches: z.array(idSchema).min(1, 'name at least one branch') }),
    )
    .default([]),
  alerts: z.strictObject({ escalateAfterMinutes: z.number().min(0).default(10) }).prefault({}),
  // Staffing advice (docs/staffing.md, Advice): handle times absent are estimated from history.
  staffing: z
    .strictObject({
      slotMinutes: z.number().int().min(1).max(240).default(15),
      objective: z
        .number()
        .gt(0, 'must be above 0')
        .lt(1, 'must be below 1 (1 would ask for endless staff)')
        .default(0.99),
      greetHandleSeconds: z.number().positive().max(86_400).optional(),
      vipHandleSeconds: z.number().positive().max(86_400).optional(),
    })
    .prefault({}),
  // GET /metrics (docs/deploy.md): with a token, Prometheus must send it as a bearer token; without, open.
  metrics: z
    .strictObject({ token: z.string().min(16, 'a metrics token needs at least 16 characters').optional() })
    .prefault({}),
  // Rows of an import dated before this local day are refused as implausible (the 1999 bank month passes).
  import: z
    .strictObject({
      earliestDate: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
        .default('1990-01-01'),
    })
    .prefault({}),
  // Notification channels (DESIGN §8, server/notify/channel.ts); secrets may come from the environment.
  notify: notifySchema,
});

export type ConfigFile = z.output<typeof configSchema>;
export type BranchConfig = ConfigFile['branches'][number];
export type StaffConfig = ConfigFile['staff'][number];
export type DeviceConfig = ConfigFile['devices'][number];

export interface Config extends Omit<ConfigFile, 'notify'> {
  path: string;
  /** The channels with their secrets laid in (from the file or YINGBIN_SECRET_<ID>). */
  readonly notify: NotifySettings;
  branch(id: string): BranchConfig | undefined;
  rules(branchId: string): RuleSet;
  /** The staff member with this id, whatever its case (ids are case-insensitive; the config's spelling is kept). */
  staffMember(id: string): StaffConfig | undefined;
}

export class ConfigError extends Error {}

/**
 * Parses a configuration; a bad one throws a ConfigError naming the field and why (never quoting a value of
 * `notify`, where URLs hold keys). `env` supplies channel secrets (YINGBIN_SECRET_<CHANNEL_ID>).
 */
export function parseConfig(
  raw: unknown,
  path = '(inline)',
  env: Record<string, string | undefined> = process.env,
): Config {
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`configuration ${path}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const c = parsed.data;
  const fail = (field: string, why: string): never => {
    throw new ConfigError(`configuration ${path}: ${field}: ${why}`);
  };
  const unique = (ids: string[], field: string) => {
    const seen = new Set<string>();
    ids.forEach((id, i) => (seen.has(id) ? fail(`${field}.${i}.id`, `"${id}" is used twice`) : seen.add(id)));
  };
  unique(
    c.branches.map((b) => b.id),
    'branches',
  );
  // A staff id is typed at sign-in, where case does not count (G01 is g01): two such ids would be one.
  const staffIds = new Map<string, string>();
  c.staff.forEach((s, i) => {
    const other = staffIds.get(s.id.toLowerCase());
    if (other !== undefined)
      fail(
        `staff.${i}.id`,
        other === s.id
          ? `"${s.id}" is used twice`
          : `"${s.id}" differs from "${other}" only by case (staff ids are case-insensitive)`,
      );
    staffIds.set(s.id.toLowerCase(), s.id);
  });
  unique(
    c.devices.map((d) => d.id),
    'devices',
  );
  c.branches.forEach((b, i) => {
    unique(
      b.lines.map((l) => l.id),
      `branches.${i}.lines`,
    );
    const prefixes = new Set<string>();
    b.lines.forEach((l, j) =>
      prefixes.has(l.prefix)
        ? fail(`branches.${i}.lines.${j}.prefix`, `"${l.prefix}" is used twice`)
        : prefixes.add(l.prefix),
    );
    if (b.opens >= b.closes) fail(`branches.${i}.closes`, `must be after opens (${b.opens})`);
    checkRules(b, `branches.${i}.rules`, fail);
  });
  const branchIds = new Set(c.branches.map((b) => b.id));
  c.staff.forEach((s, i) => branchIds.has(s.branch) || fail(`staff.${i}.branch`, `no branch "${s.branch}"`));
  c.devices.forEach((d, i) => branchIds.has(d.branch) || fail(`devices.${i}.branch`, `no branch "${d.branch}"`));
  unique(
    c.regions.map((r) => r.id),
    'regions',
  );
  c.regions.forEach((r, i) =>
    r.branches.forEach((b, j) => branchIds.has(b) || fail(`regions.${i}.branches.${j}`, `no branch "${b}"`)),
  );
  const regionIds = new Set(c.regions.map((r) => r.id));
  c.staff.forEach((s, i) => {
    if (!s.regions?.length) return;
    if (!s.roles.includes('manager')) fail(`staff.${i}.regions`, 'only a manager may watch a region');
    s.regions.forEach((r, j) => regionIds.has(r) || fail(`staff.${i}.regions.${j}`, `no region "${r}"`));
  });
  const tokens = new Set<string>();
  c.devices.forEach((d, i) =>
    tokens.has(d.token) ? fail(`devices.${i}.token`, 'is used twice') : tokens.add(d.token),
  );

  const notify = settleNotify(c.notify, branchIds, env, fail);

  const branches = new Map(c.branches.map((b) => [b.id, b]));
  const staff = new Map(c.staff.map((s) => [s.id.toLowerCase(), s]));
  return {
    ...c,
    notify,
    path,
    branch: (id) => branches.get(id),
    rules: (id) => effectiveRules(branches.get(id)?.rules),
    staffMember: (id) => staff.get(id.toLowerCase()),
  };
}

/** A branch's rules must each be whole once the built-ins are laid under them, and able to run. */
function checkRules(b: BranchConfig, field: string, fail: (field: string, why: string) => never): void {
  const lines = new Set(b.lines.map((l) => l.id));
  for (const [id, r] of Object.entries(b.rules ?? {})) {
    if (!isBuiltin(id)) {
      for (const k of RULE_FIELDS_NEEDED)
        if (r[k] === undefined) fail(`${field}.${id}.${k}`, 'is required for an added rule');
    }
    if (typeof r.appliesTo === 'object') {
      r.appliesTo.lines.forEach(
        (l, j) => lines.has(l) || fail(`${field}.${id}.appliesTo.lines.${j}`, `no business line "${l}" in this branch`),
      );
    }
  }
  // Checked on the rules in force, so a built-in changed in part is checked whole.
  for (const r of Object.values(effectiveRules(b.rules))) {
    const stops: readonly string[] = CLOCK_STOPS[r.stopsOn];
    if (stops.includes(CLOCK_STARTS[r.startsOn].event)) {
      fail(`${field}.${r.id}.stopsOn`, `"${r.stopsOn}" would stop the clock the moment "${r.startsOn}" starts it`);
    }
  }
}

export function loadConfig(path: string): Config {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`configuration ${path}: cannot be read (${(e as Error).message})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`configuration ${path}: is not valid JSON (${jsonProblem(e as Error)})`);
  }
  return parseConfig(raw, path);
}

/** JSON.parse's reason without the piece of the file it may quote (a channel's secret, say). */
function jsonProblem(e: Error): string {
  return e.message.replace(/^(Unexpected token [^,]*),.*is not valid JSON$/s, '$1');
}

export function branchPublic(b: BranchConfig): BranchPublic {
  const rules = Object.values(effectiveRules(b.rules));
  return {
    id: b.id,
    name: b.name,
    timeZone: b.timeZone,
    opens: b.opens,
    closes: b.closes,
    lines: b.lines.map((l) => ({ id: l.id, name: l.name, prefix: l.prefix, ...(l.guide ? { guide: l.guide } : {}) })),
    counters: b.counters,
    rules,
    callOrder: [...(b.callOrder ?? DEFAULT_CALL_ORDER)],
  };
}

export function staffPublic(s: StaffConfig): StaffPublic {
  return { id: s.id, name: s.name, branch: s.branch, roles: s.roles };
}
