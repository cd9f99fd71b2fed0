/**
 * Writes checked import rows as visits: each row becomes the events it records, appended through the
 * hall's import entry point in one transaction. `external_id` is the key: a row already imported adds
 * nothing, so the same file twice changes nothing.
 */
import { randomUUID } from 'node:crypto';
import type { Hall } from '../hall.ts';
import type { ReportService } from '../reports/service.ts';
import type { DraftEvent } from '../store/log.ts';
import type { Actor, RuleVersion } from '../../shared/types.ts';
import type { RuleId } from '../../shared/rules.ts';
import { parseImport, type BadRow, type ImportRow } from './parse.ts';

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
  const at = (type: DraftEvent['type'], occurredAt: number, payload: Record<string, unknown> = {}, actor = IMPORT_ACTOR): DraftEvent => ({
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
    out.push(at('vip-identified', row.vipIdentifiedAt, { memberNo: null, rule: rules['vip-reception'] }));
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

export interface ImportOptions {
  hall: Hall;
  reports: ReportService;
  branch: string;
  skipBad?: boolean;
}

/** Imports a CSV text into a branch. Throws ImportFileError when the file as a whole is unreadable. */
export async function importCsv(text: string, o: ImportOptions): Promise<ImportResult> {
  const branch = o.hall.config.branch(o.branch);
  if (!branch) throw new Error(`no branch "${o.branch}" in the configuration`);
  const { rows, bad } = parseImport(text, new Set(branch.lines.map((l) => l.id)));
  const result: ImportResult = { rows: rows.length + bad.length, imported: 0, alreadyImported: 0, bad, written: false };
  if (bad.length > 0 && !o.skipBad) return result;

  const configured = o.hall.config.rules(o.branch);
  const rules = {} as Record<RuleId, RuleVersion>;
  for (const id of ['reception', 'vip-reception'] as const) {
    const r = configured[id];
    rules[id] = { targetSeconds: r.targetSeconds, warnAt: r.warnAt, ...(r.qualifies ? { qualifies: r.qualifies } : {}) };
  }
  o.reports.takeTouched();
  await o.hall.log.transaction(async () => {
    // One import of a branch at a time, also across processes: the external ids are checked, then written.
    await o.hall.log.lock(`import:${o.branch}`);
    for (const row of rows) {
      if (await o.hall.log.hasExternal(o.branch, row.externalId)) {
        result.alreadyImported++;
        continue;
      }
      await o.hall.importVisit(draftsOf(row, o.branch, rules), row.externalId);
      result.imported++;
    }
    // Days already frozen at close of day get a new revision showing what the import changed.
    await o.reports.revise(o.branch, o.reports.takeTouched(), 'import');
  });
  result.written = true;
  return result;
}
