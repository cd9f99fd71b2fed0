/** What every part of the console shares: who I am, the branch, the text, the clock and the way to act. */
import type { Lang, Translate } from '../../shared/i18n/index.ts';
import { ruleName } from '../../shared/i18n/rule-names.ts';
import type { BranchPublic, StaffPublic, Visit } from '../../shared/types.ts';
import type { Store } from './store.ts';
import type { ToastKind } from './toasts.ts';

export interface Ctx {
  t: Translate;
  lang: Lang;
  me: StaffPublic;
  branch: BranchPublic;
  staff: StaffPublic[];
  store: Store;
  serverNow(): number;
  /** The counter this tablet calls to (chosen in the header), or null. */
  counter(): string | null;
  /** Sends a visit command; shows success or the refusal; resolves to the visit as it now stands. */
  act(visit: Visit, command: string, body?: Record<string, unknown>): Promise<Visit | null>;
  /** A step that cannot be taken back (取消此号, 客户已离开, 过号): sent after a 5-second chance to undo it. */
  actWithUndo(visit: Visit, command: string, body?: Record<string, unknown>): void;
  /** True while a command of this visit is on its way (or waiting for the network): a second tap adds nothing. */
  sending(visit: Visit): boolean;
  /** Foreseen to breach before being greeted at the hall's recent pace (shared/staffing/foresight.ts). */
  likely(visit: Visit): boolean;
  openSheet(visit: Visit): void;
  toast(text: string, kind?: ToastKind): void;
}

export function lineName(ctx: Ctx, lineId: string): string {
  return ctx.branch.lines.find((l) => l.id === lineId)?.name[ctx.lang] ?? lineId;
}

export function staffName(ctx: Ctx, id: string | null): string {
  if (!id) return '—';
  if (id === ctx.me.id) return ctx.t('staff.me', { name: ctx.me.name });
  return ctx.staff.find((s) => s.id === id)?.name ?? id;
}

/** A wall-clock time in the branch's own time zone (the hall's clock, whatever the tablet says). */
export function hhmm(ctx: Ctx, iso: string | null): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(ctx.lang === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone: ctx.branch.timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
}

/**
 * A rule's name as configured: the visit's own clock (the version it started under) when there is one,
 * else the branch's rule in force — its configured name, or "4分钟接待" with a 240 s target, never a fixed
 * "5分钟". A rule known to neither is shown by its id.
 */
export function ruleLabel(ctx: Ctx, ruleId: string, visit?: Visit): string {
  const clock = visit?.rules.find((r) => r.id === ruleId) ?? ctx.branch.rules.find((r) => r.id === ruleId);
  return clock ? ruleName({ ...clock, id: ruleId }, ctx.lang) : ruleId;
}
