/** Kept offline check-ins the server refused for good, as the kiosks reported them (one row per kept check-in). */
import type { Sql } from './sql.ts';
import type { KioskRefusal } from '../../shared/types.ts';

type Row = {
  key: string;
  branch: string;
  device: string;
  provisionalTicket: string;
  checkIn: string;
  code: string;
  message: string;
  occurredAt: number | string;
  reportedAt: number | string;
};

const COLUMNS = `SELECT key, branch, device, provisional_ticket AS "provisionalTicket", check_in AS "checkIn", code, message,
  occurred_at AS "occurredAt", reported_at AS "reportedAt" FROM kiosk_refusals`;

function toRefusal(r: Row): KioskRefusal {
  const c = JSON.parse(r.checkIn) as { line: string; vip: boolean; memberNo: string | null; specialNeeds: string[] };
  return {
    key: r.key,
    branch: r.branch,
    device: r.device,
    provisionalTicket: r.provisionalTicket,
    line: c.line,
    vip: c.vip,
    memberNo: c.memberNo,
    specialNeeds: c.specialNeeds,
    occurredAt: new Date(Number(r.occurredAt)).toISOString(),
    code: r.code,
    message: r.message,
    reportedAt: new Date(Number(r.reportedAt)).toISOString(),
  };
}

export class KioskRefusalStore {
  constructor(private readonly sql: Sql) {}

  /** Records a refusal; a second report of the same kept check-in changes nothing. Returns the stored one and whether it is new. */
  async record(r: KioskRefusal): Promise<{ refusal: KioskRefusal; created: boolean }> {
    const checkIn = JSON.stringify({ line: r.line, vip: r.vip, memberNo: r.memberNo, specialNeeds: r.specialNeeds });
    const changed = await this.sql.run(
      `INSERT INTO kiosk_refusals (key, branch, device, provisional_ticket, check_in, code, message, occurred_at, reported_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO NOTHING`,
      [
        r.key,
        r.branch,
        r.device,
        r.provisionalTicket,
        checkIn,
        r.code,
        r.message,
        Date.parse(r.occurredAt),
        Date.parse(r.reportedAt),
      ],
    );
    const stored = await this.sql.get<Row>(`${COLUMNS} WHERE key = ?`, [r.key]);
    return { refusal: toRefusal(stored!), created: changed > 0 };
  }

  /** A branch's refusals reported in [from, to), oldest first. */
  async between(branch: string, from: number, to: number): Promise<KioskRefusal[]> {
    const rows = await this.sql.all<Row>(
      `${COLUMNS} WHERE branch = ? AND reported_at >= ? AND reported_at < ? ORDER BY reported_at, key`,
      [branch, from, to],
    );
    return rows.map(toRefusal);
  }
}
