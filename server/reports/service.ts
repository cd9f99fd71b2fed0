/**
 * The report service: keeps each visit's summary beside its events, computes a day's or a range's
 * report from those summaries (closed days through their rollups), and stores the snapshots and revisions of closed days.
 */
import type { Config } from '../config.ts';
import type { Hall } from '../hall.ts';
import { foldVisit, type VisitFold } from '../../shared/visit.ts';
import type { VisitEvent } from '../../shared/types.ts';
import { fractionText, summarize, type Report } from '../../shared/report.ts';
import { localInstant } from '../../shared/time.ts';
import type { RuleNaming } from '../../shared/i18n/rule-names.ts';
import type { Change, ReportStore, Snapshot } from './store.ts';
import { DayTallies } from './tallies.ts';

/** The report with what a reader needs to name things: staff and line names from the configuration. */
export interface NamedReport extends Report {
  names: { staff: Record<string, string>; lines: Record<string, { zh: string; en: string }> };
}

export class ReportService {
  /** Closed days from their rollups, the open day from its visits. */
  private readonly days: DayTallies;

  constructor(
    private readonly hall: Hall,
    /** Everything the report reads and writes goes through it (server/reports/store.ts). */
    private readonly store: ReportStore,
    private readonly config: Config,
    private readonly now: () => number,
  ) {
    this.days = new DayTallies(store);
  }

  /**
   * After a committed change (an after-commit step, server/app.ts): a correction made after close of day
   * makes a new revision of the days it touched (before and after); so do a confirmed replay and a
   * check-in replayed into a day already closed. Awaited: the reply to a correction comes after its revision.
   */
  async reviseAfter(change: { fold: VisitFold; appended: VisitEvent[]; days: string[] }): Promise<void> {
    const reason = revisionReason(change.appended);
    if (reason && change.days.length > 0) await this.revise(change.fold.branch, change.days, reason);
  }

  /**
   * Stores a visit's summary (a projection of the hall, inside the event's transaction); returns the days
   * the write touched, its days before and after.
   */
  async project(fold: VisitFold, isNew = false): Promise<string[]> {
    const tz = this.config.branch(fold.branch)?.timeZone ?? 'Asia/Shanghai';
    const summary = summarize(fold, tz);
    // A new visit has no summary yet: one read less on every check-in.
    const before = isNew ? [] : ((await this.store.daysOf(fold.id))?.days ?? []);
    const days = [...new Set([...before, ...summary.clocks.map((c) => c.day), summary.day])].sort();
    // The same per-day lock as the tally that builds a day's rollup (tallies.ts): a write to a day's
    // visits waits for a rollup being built from them, so no rollup of older rows survives this write.
    for (const day of days) await this.store.lockDay(fold.branch, day);
    await this.store.save(fold.branch, summary, isNew);
    return days;
  }

  /** The report for `from`..`to` (branch-local days), computed now from the stored summaries. */
  async report(branchId: string, from: string, to: string): Promise<NamedReport> {
    const branch = this.config.branch(branchId)!;
    const tz = branch.timeZone;
    const now = this.now();
    // Breach alerts fall due within the range's days (plus a day: a clock's due may pass midnight).
    const acks = await this.store.acknowledgements(
      branchId,
      localInstant(from, '00:00', tz),
      localInstant(to, '24:00', tz) + 86_400_000,
    );
    const report = (await this.days.range(branchId, from, to, now)).report({
      branch: branchId,
      from,
      to,
      timeZone: tz,
      now,
      acknowledgedBy: acks,
      rules: this.ruleNaming(branchId),
    });
    const staff: Record<string, string> = {};
    for (const s of this.config.staff) if (s.branch === branchId) staff[s.id] = s.name;
    const lines: Record<string, { zh: string; en: string }> = {};
    for (const l of branch.lines) lines[l.id] = l.name;
    return { ...report, names: { staff, lines } };
  }

  /** The branch's configured rules, in order, as the report lists and names them. */
  ruleNaming(branchId: string): RuleNaming[] {
    return Object.entries(this.config.rules(branchId)).map(([id, r]) => {
      const name = (r as { name?: { zh: string; en: string } }).name;
      return { id, targetSeconds: r.targetSeconds, ...(name ? { name } : {}) };
    });
  }

  snapshots(branchId: string, day: string): Promise<Snapshot[]> {
    return this.store.snapshots(branchId, day);
  }

  /**
   * Freezes a day's report (close of day): revision 1, unless the day has one already. A day that closed
   * before the database existed and has no visits is not a day of this hall's record: nothing to freeze
   * (a fresh database would otherwise freeze an empty "yesterday").
   */
  async freeze(branchId: string, day: string): Promise<void> {
    if ((await this.store.latestRevision(branchId, day)) > 0) return;
    const report = await this.report(branchId, day, day);
    const branch = this.config.branch(branchId);
    if (
      report.arrivals === 0 &&
      branch &&
      localInstant(day, branch.closes, branch.timeZone) <= (await this.store.createdAt())
    )
      return;
    await this.store.addSnapshot(branchId, day, 1, this.now(), 'close-of-day', [], report);
  }

  /**
   * After a change to frozen days (a correction, an import), stores a new revision of each day whose
   * figures changed, with what changed. Days never frozen are left alone: they have nothing to revise.
   */
  async revise(branchId: string, days: Iterable<string>, reason: string): Promise<void> {
    for (const day of new Set(days)) {
      const last = await this.store.latestRevision(branchId, day);
      if (last === 0) {
        // A check-in replayed into a closed day no close of day froze yet (a database younger than the
        // day): the day now has a record, so its first revision is made.
        if (reason === 'late-check-in')
          await this.store.addSnapshot(branchId, day, 1, this.now(), reason, [], await this.report(branchId, day, day));
        continue;
      }
      const previous = (await this.store.snapshots(branchId, day)).at(-1)!.report;
      const current = await this.report(branchId, day, day);
      const changes = diff(previous, current);
      if (changes.length === 0) continue;
      await this.store.addSnapshot(branchId, day, last + 1, this.now(), reason, changes, current);
    }
  }

  /** Rebuilds the summaries of visits that have none (a database older than the report tables): at start. */
  async backfill(): Promise<void> {
    const missing = await this.store.missing();
    if (missing.length === 0) return;
    await this.hall.log.transaction(async () => {
      for (const id of missing) {
        const fold = foldVisit(await this.hall.log.eventsOf(id));
        if (fold) await this.project(fold);
      }
    });
  }
}

/** Why a committed change makes new revisions of closed days, if it does. */
function revisionReason(appended: VisitEvent[]): string | null {
  if (appended.some((e) => e.type === 'corrected')) return 'correction';
  if (appended.some((e) => e.type === 'replay-confirmed')) return 'replay-confirmed';
  if (appended.some((e) => e.type === 'closed' && e.payload.lateCheckIn === true)) return 'late-check-in';
  // A customer may rate after the day closed (the status link lives until close; a counter tablet later).
  if (appended.some((e) => e.type === 'rated')) return 'rating';
  return null;
}

/** The headline figures and the breach list of two revisions, compared. */
function diff(before: Report, after: Report): Change[] {
  const out: Change[] = [];
  const put = (what: string, a: string | number | null, b: string | number | null) => {
    if (a !== b) out.push({ what, before: a, after: b });
  };
  put('arrivals', before.arrivals, after.arrivals);
  // Every rule of either revision: a rule added to the configuration since, or one no longer there.
  for (const id of new Set([...Object.keys(before.rules), ...Object.keys(after.rules)])) {
    const a = before.rules[id];
    const b = after.rules[id];
    for (const k of ['eligible', 'met', 'breached', 'excluded'] as const) put(`${id}.${k}`, a?.[k] ?? 0, b?.[k] ?? 0);
    put(`${id}.compliance`, fractionText(a?.compliance ?? null) || null, fractionText(b?.compliance ?? null) || null);
  }
  const disputed = (r: Report) =>
    (r.disputed ?? [])
      .map((d) => `${d.ticket} ${d.rule}`)
      .sort()
      .join(', ');
  put('disputed', disputed(before) || null, disputed(after) || null);
  // A revision frozen before reports counted ratings has none: as no rating.
  const rated = (r: Report) => (r as Partial<Report>).satisfaction;
  const stars = (r: Report) => (rated(r)?.distribution ?? [0, 0, 0, 0, 0]).join(' ');
  put('satisfaction.responses', rated(before)?.responses ?? 0, rated(after)?.responses ?? 0);
  put('satisfaction.distribution', stars(before), stars(after));
  const key = (r: Report['breaches'][number]) => `${r.ticket} ${r.rule}`;
  const was = new Set(before.breaches.map(key));
  const is = new Set(after.breaches.map(key));
  for (const k of is) if (!was.has(k)) out.push({ what: 'breach', before: null, after: k });
  for (const k of was) if (!is.has(k)) out.push({ what: 'breach', before: k, after: null });
  return out;
}
