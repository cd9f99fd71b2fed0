/** What every part of the console shares: who I am, the branch, the text, the clock and the way to act. */
import type { Lang, Translate } from '../../shared/i18n/index.ts';
import type { BranchPublic, StaffPublic, Visit } from '../../shared/types.ts';
import type { Store } from './store.ts';

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
  openSheet(visit: Visit): void;
  toast(text: string, kind?: 'info' | 'error'): void;
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
