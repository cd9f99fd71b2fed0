/**
 * Checks the rows of an import CSV (one past visit per row), so a bad row is reported with its line number
 * and reason before anything is written: well-formed, in order, and plausible — not in the future, not
 * before the configured earliest date, greeted by staff of this branch in a role they hold.
 * (read.ts reads the file in slices and calls these.)
 */
import { SPECIAL_NEEDS, type SpecialNeed } from '../../shared/schemas.ts';
import { STAFF_ROLES, type StaffRole } from '../../shared/rules.ts';

const IMPORT_COLUMNS = [
  'external_id',
  'line',
  'arrived_at',
  'vip_identified_at',
  'greeted_at',
  'greeted_by',
  'greeted_by_role',
  'called_at',
  'service_started_at',
  'completed_at',
  'left_at',
  'special_needs',
] as const;

/** One past visit, checked; times in epoch ms, null = did not happen. */
export interface ImportRow {
  line: number;
  externalId: string;
  lineId: string;
  arrivedAt: number;
  vipIdentifiedAt: number | null;
  greetedAt: number | null;
  greetedBy: string | null;
  greetedByRole: StaffRole | null;
  calledAt: number | null;
  serviceStartedAt: number | null;
  completedAt: number | null;
  leftAt: number | null;
  specialNeeds: SpecialNeed[];
}

export interface BadRow {
  line: number;
  reason: string;
}

export interface ParsedFile {
  rows: ImportRow[];
  bad: BadRow[];
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const EXTERNAL_ID = /^[A-Za-z0-9_.:/-]{1,40}$/;
const STAFF_ID = /^[A-Za-z0-9_.-]{1,64}$/;

/** What a row is checked against: the branch's lines and staff, and the plausible time span. */
export interface ImportContext {
  branch: string;
  lineIds: ReadonlySet<string>;
  /** A staff member of the configuration (any branch); unknown ids — former staff, another system's agents — pass. */
  staffMember(id: string): { branch: string; roles: readonly string[] } | undefined;
  /** `import.earliestDate` and its first instant in the branch's time zone. */
  earliest: { day: string; at: number };
  /** The latest plausible instant: now, plus the minute of clock skew live commands are allowed. */
  latest: number;
}

class RowError extends Error {}

function time(record: Record<string, string>, column: string, required = false): number | null {
  const text = (record[column] ?? '').trim();
  if (text === '') {
    if (required) throw new RowError(`${column} is empty; it is required`);
    return null;
  }
  const ms = Date.parse(text);
  if (!ISO_WITH_OFFSET.test(text) || Number.isNaN(ms)) {
    throw new RowError(`${column} "${text}" is not an ISO 8601 time with an offset (e.g. 2024-03-01T09:30:00+08:00)`);
  }
  return ms;
}

function checkRow(record: Record<string, string>, line: number, ctx: ImportContext): ImportRow {
  const lineIds = ctx.lineIds;
  const externalId = (record.external_id ?? '').trim();
  if (!EXTERNAL_ID.test(externalId))
    throw new RowError(`external_id "${externalId}" must be 1–40 letters, digits or _ . : / -`);
  const lineId = (record.line ?? '').trim();
  if (!lineIds.has(lineId))
    throw new RowError(`line "${lineId}" is not a business line of this branch (${[...lineIds].join(', ')})`);
  const arrivedAt = time(record, 'arrived_at', true)!;
  const row: ImportRow = {
    line,
    externalId,
    lineId,
    arrivedAt,
    vipIdentifiedAt: time(record, 'vip_identified_at'),
    greetedAt: time(record, 'greeted_at'),
    greetedBy: (record.greeted_by ?? '').trim() || null,
    greetedByRole: null,
    calledAt: time(record, 'called_at'),
    serviceStartedAt: time(record, 'service_started_at'),
    completedAt: time(record, 'completed_at'),
    leftAt: time(record, 'left_at'),
    specialNeeds: [],
  };
  const role = (record.greeted_by_role ?? '').trim();
  if (role !== '') {
    if (!(STAFF_ROLES as readonly string[]).includes(role))
      throw new RowError(`greeted_by_role "${role}" is not one of ${STAFF_ROLES.join(', ')}`);
    row.greetedByRole = role as StaffRole;
  }
  if (row.greetedAt !== null && row.greetedBy === null)
    throw new RowError('greeted_at is given but greeted_by is empty');
  if (row.greetedAt === null && row.greetedBy !== null)
    throw new RowError('greeted_by is given but greeted_at is empty');
  if (row.greetedBy !== null && !STAFF_ID.test(row.greetedBy))
    throw new RowError(`greeted_by "${row.greetedBy}" is not a staff id`);
  for (const column of ['vip_identified_at', 'greeted_at', 'called_at', 'service_started_at'] as const) {
    const t = time(record, column);
    if (t !== null && t < arrivedAt) throw new RowError(`${column} is before arrived_at`);
  }
  if (row.calledAt !== null && row.serviceStartedAt !== null && row.serviceStartedAt < row.calledAt) {
    throw new RowError('service_started_at is before called_at');
  }
  if ((row.completedAt === null) === (row.leftAt === null)) {
    throw new RowError('exactly one of completed_at and left_at is needed: an imported visit has ended');
  }
  const end = (row.completedAt ?? row.leftAt)!;
  for (const [column, t] of [
    ['arrived_at', arrivedAt],
    ['vip_identified_at', row.vipIdentifiedAt],
    ['greeted_at', row.greetedAt],
    ['called_at', row.calledAt],
    ['service_started_at', row.serviceStartedAt],
  ] as const) {
    if (t !== null && t > end)
      throw new RowError(
        `${column} is after the visit ended (${row.completedAt !== null ? 'completed_at' : 'left_at'})`,
      );
  }
  checkPlausible(row, ctx);
  const needs = (record.special_needs ?? '')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const n of needs) {
    if (!(SPECIAL_NEEDS as readonly string[]).includes(n))
      throw new RowError(`special need "${n}" is not one of ${SPECIAL_NEEDS.join(', ')}`);
  }
  row.specialNeeds = [...new Set(needs)] as SpecialNeed[];
  return row;
}

/** Implausible rows bend the numbers: refused like malformed ones. */
function checkPlausible(row: ImportRow, ctx: ImportContext): void {
  if (row.arrivedAt < ctx.earliest.at) {
    throw new RowError(
      `arrived_at is before ${ctx.earliest.day}, the earliest date an import accepts (import.earliestDate)`,
    );
  }
  for (const [column, t] of [
    ['arrived_at', row.arrivedAt],
    ['vip_identified_at', row.vipIdentifiedAt],
    ['greeted_at', row.greetedAt],
    ['called_at', row.calledAt],
    ['service_started_at', row.serviceStartedAt],
    ['completed_at', row.completedAt],
    ['left_at', row.leftAt],
  ] as const) {
    if (t !== null && t > ctx.latest) throw new RowError(`${column} lies in the future`);
  }
  if (row.greetedBy === null) return;
  const member = ctx.staffMember(row.greetedBy);
  if (!member) return;
  if (member.branch !== ctx.branch)
    throw new RowError(`greeted_by "${row.greetedBy}" is staff of branch ${member.branch}, not of ${ctx.branch}`);
  if (row.greetedByRole !== null && !member.roles.includes(row.greetedByRole)) {
    throw new RowError(
      `greeted_by "${row.greetedBy}" does not hold the role ${row.greetedByRole} (roles: ${member.roles.join(', ')})`,
    );
  }
}

/** The header names every column; throws ImportFileError naming the missing ones. */
export function checkHeader(text: string): void {
  const header = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/, 1)[0]!
    .split(',')
    .map((h) => h.trim().replace(/^"|"$/g, ''));
  const missing = IMPORT_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0)
    throw new ImportFileError(`the header row lacks ${missing.join(', ')} (expected: ${IMPORT_COLUMNS.join(',')})`);
}

/**
 * Checks one record into `into` (a row, or a bad row with its reason); `seen` holds the external ids of
 * the file so far, so the same id twice in one file is refused.
 */
export function checkRecord(
  record: Record<string, string>,
  line: number,
  ctx: ImportContext,
  seen: Map<string, number>,
  into: ParsedFile,
): void {
  try {
    const row = checkRow(record, line, ctx);
    const first = seen.get(row.externalId);
    if (first !== undefined)
      throw new RowError(`external_id "${row.externalId}" appears twice in the file (first on line ${first})`);
    seen.set(row.externalId, line);
    into.rows.push(row);
  } catch (e) {
    if (!(e instanceof RowError)) throw e;
    into.bad.push({ line, reason: e.message });
  }
}

/** The file as a whole cannot be read (not CSV, missing columns). */
export class ImportFileError extends Error {}
