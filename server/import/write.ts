/**
 * Writes checked import rows as visits: each row becomes the events it records, appended through the
 * hall's import entry point. `external_id` is the key: a row already imported adds nothing, so the same
 * file twice changes nothing — which is also what makes writing in chunks safe.
 *
 * Chunks: a whole month in one transaction held SQLite's write lock for seconds (a running server's
 * commits failed busy) and, in the server, the event loop too. Each chunk is a short transaction of its
 * own, and between chunks the loop runs (and, for the command line, the lock is free for a moment).
 * A file with bad rows is still refused as a whole before the first chunk (unless skipBad).
 */
import { randomUUID } from 'node:crypto';
import type { Hall } from '../hall.ts';
import type { ReportService } from '../reports/service.ts';
import type { DraftEvent } from '../store/log.ts';
import type { Actor, RuleVersion } from '../../shared/types.ts';
import { ruleVersions, type RuleId } from '../../shared/rules.ts';
import { localInstant } from '../../shared/time.ts';
import type { Config } from '../config.ts';
import type { BadRow, ImportContext, ImportRow } from './parse.ts';
import { readImport, yieldToLoop } from './read.ts';

/**
 * A transaction ends after this many rows or this long, whichever comes first: short enough for a live
 * check-in to wait behind it, also on a machine busy with other work (where a row takes longer).
 */
const CHUNK_ROWS = 200;
const CHUNK_MS = 40;
/** How far past the server's clock a row may be (the skew live commands are allowed). */
const MAX_FUTURE_MS = 60_000;

export interface ImportResult {
  /** Data rows in the file. */
  rows: number;
  imported: number;
  /** Rows whose external_id this branch already has. */
  alreadyImported: number;
  bad: BadRow[];
  /** False when bad rows stopped the whole file (nothing written). */
  written: boolean;
}

/** The importer: rows carry no live device or session, only the staff id and role the file names. */
const IMPORT_ACTOR: Actor = { type: 'import', id: 'import' };

function draftsOf(row: ImportRow, branch: string, rules: Record<RuleId, RuleVersion>): DraftEvent[] {
  const visitId = randomUUID();
  const at = (
    type: DraftEvent['type'],
    occurredAt: number,
    payload: Record<string, unknown> = {},
    actor = IMPORT_ACTOR,
  ): DraftEvent => ({
    visitId,
    branch,
    type,
    occurredAt,
    actor,
    payload,
  });
  const vipAtArrival = row.vipIdentifiedAt !== null && row.vipIdentifiedAt === row.arrivedAt;
  const out: DraftEvent[] = [
    at('checked-in', row.arrivedAt, {
      line: row.lineId,
      // Imported tickets are their external ids: no live ticket sequence is touched.
      ticket: row.externalId,
      vip: vipAtArrival ? { memberNo: null } : null,
      specialNeeds: row.specialNeeds,
      rules,
      imported: true,
      externalId: row.externalId,
    }),
  ];
  if (row.vipIdentifiedAt !== null && !vipAtArrival) {
    out.push(at('vip-identified', row.vipIdentifiedAt, { memberNo: null }));
  }
  if (row.greetedAt !== null) {
    const greeter: Actor = { type: 'staff', id: row.greetedBy!, roles: row.greetedByRole ? [row.greetedByRole] : [] };
    out.push(at('greeted', row.greetedAt, {}, greeter));
  }
  if (row.calledAt !== null) out.push(at('called', row.calledAt, { counter: null }));
  if (row.serviceStartedAt !== null) out.push(at('service-started', row.serviceStartedAt, { counter: null }));
  if (row.completedAt !== null) out.push(at('completed', row.completedAt));
  else out.push(at('left', row.leftAt!));
  return out;
}

/** Where an import stands: what the progress route and the page show. */
export interface ImportProgress {
  /** checking the rows → writing → done; or refused (bad rows, nothing written). */
  state: 'checking' | 'writing' | 'done' | 'refused';
  /** Data rows in the file (known once it is read). */
  total: number;
  /** Rows checked so far. */
  checked: number;
  /** Rows written or found already imported so far. */
  done: number;
}

export interface ImportOptions {
  hall: Hall;
  reports: ReportService;
  branch: string;
  skipBad?: boolean;
  /** Told as the import moves on (after each slice checked and each chunk written). */
  onProgress?: (p: ImportProgress, r: ImportResult) => void;
  /**
   * A pause after each chunk (ms). The command line gives a running server on the same SQLite file a
   * moment to take the write lock between chunks; in the server, yielding to the event loop is enough.
   */
  pauseMs?: number;
}

/** What a row of this branch is checked against, now. */
function importContext(config: Config, branchId: string, now: number): ImportContext {
  const branch = config.branch(branchId)!;
  const day = config.import.earliestDate;
  return {
    branch: branchId,
    lineIds: new Set(branch.lines.map((l) => l.id)),
    staffMember: (id) => config.staffMember(id),
    earliest: { day, at: localInstant(day, '00:00', branch.timeZone) },
    latest: now + MAX_FUTURE_MS,
  };
}

/** Imports a CSV text into a branch. Throws ImportFileError when the file as a whole is unreadable. */
export async function importCsv(text: string, o: ImportOptions): Promise<ImportResult> {
  const branch = o.hall.config.branch(o.branch);
  if (!branch) throw new Error(`no branch "${o.branch}" in the configuration`);
  const progress: ImportProgress = { state: 'checking', total: 0, checked: 0, done: 0 };
  const result: ImportResult = { rows: 0, imported: 0, alreadyImported: 0, bad: [], written: false };
  const tell = () => o.onProgress?.({ ...progress }, { ...result });
  const ctx = importContext(o.hall.config, o.branch, o.hall.now());
  const { rows, bad } = await readImport(text, ctx, (checked, total) => {
    Object.assign(progress, { checked, total });
    tell();
  });
  Object.assign(result, { rows: rows.length + bad.length, bad });
  progress.total = result.rows;
  if (bad.length > 0 && !o.skipBad) {
    progress.state = 'refused';
    tell();
    return result;
  }

  const rules = ruleVersions(o.hall.config.rules(o.branch));
  progress.state = 'writing';
  progress.done = bad.length;
  tell();
  const days = new Set<string>();
  for (let i = 0; i < rows.length;) {
    const counts = await o.hall.log.transaction(async () => {
      // One import of a branch at a time, also across processes: the external ids are checked, then written.
      await o.hall.log.lock(`import:${o.branch}`);
      // SQLite: one writer for the whole file, so a chunk is also bounded in time. PostgreSQL locks rows, not
      // the database: a chunk there is just rows.
      const until = o.hall.log.sql.dialect === 'sqlite' ? performance.now() + CHUNK_MS : Infinity;
      const c = { rows: 0, imported: 0, already: 0, days: [] as string[] };
      // Counted apart and added once committed: a chunk that fails (busy, full) counts nothing.
      for (
        let j = i;
        j < rows.length && c.rows < CHUNK_ROWS && (c.rows === 0 || performance.now() < until);
        j++, c.rows++
      ) {
        const row = rows[j]!;
        if (await o.hall.log.hasExternal(o.branch, row.externalId)) c.already++;
        else {
          const written = await o.hall.importVisit(draftsOf(row, o.branch, rules), row.externalId);
          c.days.push(...written.days);
          c.imported++;
        }
      }
      return c;
    });
    i += counts.rows;
    result.imported += counts.imported;
    result.alreadyImported += counts.already;
    for (const d of counts.days) days.add(d);
    progress.done += counts.rows;
    result.written = true;
    tell();
    await yieldToLoop();
    if (o.pauseMs) await new Promise((resolve) => setTimeout(resolve, o.pauseMs));
  }
  // Days already frozen at close of day get a new revision showing what the import changed.
  if (days.size > 0) await o.hall.log.transaction(() => o.reports.revise(o.branch, days, 'import'));
  result.written = true;
  progress.state = 'done';
  tell();
  return result;
}
