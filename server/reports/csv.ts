/**
 * The report as CSV for Excel: UTF-8 with a byte-order mark (so Excel reads the Chinese), one block per
 * section separated by an empty row, compliance as the exact fraction "met/(met+breached)" (see complianceCell), times in
 * the branch's local time. A text cell that begins with = + - @ (or a tab or carriage return) is
 * prefixed with ' so a spreadsheet shows it instead of running it as a formula.
 */
import { stringify } from 'csv-stringify/sync';
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { translator, type Lang } from '../../shared/i18n/index.ts';
import { common } from '../../shared/i18n/common.ts';
import { report as reportText } from '../../shared/i18n/report.ts';
import { satisfactionText } from '../../shared/i18n/satisfaction.ts';
import { ruleTitle, type RuleNaming } from '../../shared/i18n/rule-names.ts';
import {
  averageText,
  percentDown,
  reportRules,
  type Fraction,
  type RuleFigures,
  type ScoreFigures,
} from '../../shared/report.ts';
import type { NamedReport } from './service.ts';
import type { StaffingHour } from '../../shared/staffing/report-hours.ts';

type Cell = string | number | null;

/**
 * "7/8 (87.5%)": the exact fraction first, then the page's rounded-down percentage. A bare "7/8" would
 * be turned into a date (8 July) by Excel; the trailing text keeps it a string.
 */
function complianceCell(f: Fraction | null): string {
  return f === null ? '' : `${f.numerator}/${f.denominator} (${percentDown(f)}%)`;
}

/** Neutralises spreadsheet formulas in text cells (OWASP "CSV injection"). */
function escapeCell(cell: Cell): string | number {
  if (cell === null) return '';
  if (typeof cell === 'number') return cell;
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/**
 * The CSV has a column or row for every rule of the report (any rule a branch configured), each named as
 * the report names it (a 240 s reception rule is "进厅4分钟内接待引导", never a fixed 5). `configured`
 * names the rules of a revision frozen before reports carried their rules' names.
 */
export function reportCsv(
  r: NamedReport & { staffing?: StaffingHour[] | null },
  branchName: string,
  lang: Lang,
  configured: readonly RuleNaming[],
): string {
  const t = translator(lang, common, reportText, satisfactionText);
  const rules = reportRules(r, configured);
  const ids = rules.map((x) => x.id);
  const naming = new Map(rules.map((x) => [x.id, x]));
  const ruleLabel = (id: string) => {
    const rule = naming.get(id);
    return rule ? ruleTitle(rule, lang) : id;
  };
  const none = { met: 0, breached: 0, compliance: null };
  const local = (iso: string | null) =>
    iso === null ? '' : format(new TZDate(Date.parse(iso), r.timeZone), 'yyyy-MM-dd HH:mm:ss');
  const staffName = (id: string | null) => (id === null ? '' : r.names.staff[id] ? `${r.names.staff[id]} (${id})` : id);
  const lineName = (id: string) => r.names.lines[id]?.[lang] ?? id;
  const rows: Cell[][] = [];
  const block = (title: string, header: string[], body: Cell[][]) => {
    rows.push([title], header, ...body, []);
  };
  const ruleRow = (label: string, f: RuleFigures): Cell[] => [
    label,
    f.eligible,
    f.met,
    f.breached,
    f.excluded,
    f.running,
    complianceCell(f.compliance),
    f.timeToGreet.median,
    f.timeToGreet.p90,
    f.timeToGreet.max,
  ];
  const ruleHeader = [
    t('report.rule'),
    t('report.eligible'),
    t('report.met'),
    t('report.breached'),
    t('report.excluded'),
    t('report.running'),
    t('report.compliance'),
    `${t('report.median')} (s)`,
    `${t('report.p90')} (s)`,
    `${t('report.max')} (s)`,
  ];

  rows.push([t('report.csv.report')]);
  rows.push([t('report.csv.branch'), branchName, r.branch]);
  rows.push([t('report.csv.from'), r.from], [t('report.csv.to'), r.to], [t('report.csv.timeZone'), r.timeZone]);
  rows.push([t('report.csv.generatedAt'), local(r.generatedAt)], [t('report.arrivals'), r.arrivals], []);
  block(
    t('report.csv.rules'),
    ruleHeader,
    ids.flatMap((id) => (r.rules[id] ? [ruleRow(ruleLabel(id), r.rules[id])] : [])),
  );

  const sliceHeader = [
    t('report.arrivals'),
    t('report.breaches'),
    ...ids.map((id) => `${t('report.compliance')} ${ruleLabel(id)}`),
  ];
  block(
    t('report.hours'),
    [t('report.hour'), ...sliceHeader],
    r.hours
      .filter((h) => h.arrivals > 0 || ids.some((id) => (h.rules[id]?.met ?? 0) + (h.rules[id]?.breached ?? 0) > 0))
      .map((h) => [
        `${String(h.hour).padStart(2, '0')}:00`,
        h.arrivals,
        h.breaches,
        ...ids.map((id) => complianceCell((h.rules[id] ?? none).compliance)),
      ]),
  );
  if (r.staffing)
    block(
      t('report.staffing'),
      [
        t('report.hour'),
        t('report.arrivals'),
        t('report.forecast'),
        t('report.greetersOnDuty'),
        t('report.greetersNeeded'),
        t('report.vipHostsOnDuty'),
        t('report.vipHostsNeeded'),
        t('report.breaches'),
      ],
      r.staffing.map((h) => [
        `${String(h.hour).padStart(2, '0')}:00`,
        h.arrivals,
        h.forecast,
        h.onDuty?.greeters ?? null,
        h.needed.greeters,
        h.onDuty?.vipHosts ?? null,
        h.needed.vipHosts,
        h.breaches,
      ]),
    );
  block(
    t('report.lines'),
    [t('report.line'), ...sliceHeader],
    r.lines.map((l) => [
      lineName(l.line),
      l.arrivals,
      l.breaches,
      ...ids.map((id) => complianceCell((l.rules[id] ?? none).compliance)),
    ]),
  );
  block(
    t('report.staff'),
    [
      t('report.staffName'),
      t('report.greetings'),
      t('report.vipGreetings'),
      `${t('report.medianTimeToGreet')} (s)`,
      t('report.customersOwned'),
      t('report.transfers'),
      t('report.breachesOwned'),
    ],
    r.staff.map((s) => [
      staffName(s.staff),
      s.greetings,
      s.vipGreetings,
      s.medianTimeToGreet,
      s.customersOwned,
      s.transfers,
      s.breachesOwned,
    ]),
  );
  block(
    t('report.breachList'),
    [
      t('report.ticket'),
      t('report.line'),
      t('report.rule'),
      t('report.arrivedAt'),
      t('report.dueAt'),
      t('report.greetedAt'),
      `${t('report.lateBy')} (s)`,
      t('report.owner'),
      t('report.acknowledgedBy'),
    ],
    r.breaches.map((b) => [
      b.ticket,
      lineName(b.line),
      ruleLabel(b.rule),
      local(b.arrivedAt),
      local(b.dueAt),
      local(b.greetedAt),
      b.lateBySeconds,
      staffName(b.owner),
      staffName(b.acknowledgedBy),
    ]),
  );
  block(
    t('report.disputed'),
    [
      t('report.ticket'),
      t('report.line'),
      t('report.rule'),
      t('report.arrivedAt'),
      t('report.dueAt'),
      t('report.replayedAt'),
      t('report.receivedAt'),
    ],
    (r.disputed ?? []).map((d) => [
      d.ticket,
      lineName(d.line),
      ruleLabel(d.rule),
      local(d.arrivedAt),
      local(d.dueAt),
      local(d.replayedAt),
      local(d.receivedAt),
    ]),
  );
  // 满意度: the same rows as the page — overall, met vs breached, by staff and by line (a revision frozen
  // before reports counted ratings has no block).
  const sat = (r as Partial<NamedReport>).satisfaction;
  if (sat) {
    const stars = [1, 2, 3, 4, 5].map((n) => t('satisfaction.stars', { n }));
    const scores = (f: ScoreFigures): Cell[] => [f.responses, averageText(f), ...f.distribution];
    const header = [t('satisfaction.responses'), t('satisfaction.average'), ...stars];
    block(
      t('satisfaction.title'),
      [t('satisfaction.group'), ...header],
      [
        [t('satisfaction.all'), ...scores(sat)],
        [t('satisfaction.met'), ...scores(sat.byOutcome.met)],
        [t('satisfaction.breached'), ...scores(sat.byOutcome.breached)],
      ],
    );
    const byOutcome = [t('satisfaction.averageMet'), t('satisfaction.averageBreached')];
    block(
      t('satisfaction.byStaff'),
      [t('report.staffName'), ...header, ...byOutcome],
      sat.byStaff.map((x) => [
        staffName(x.staff),
        ...scores(x),
        averageText(x.byOutcome.met),
        averageText(x.byOutcome.breached),
      ]),
    );
    block(
      t('satisfaction.byLine'),
      [t('report.line'), ...header, ...byOutcome],
      sat.byLine.map((x) => [
        lineName(x.line),
        ...scores(x),
        averageText(x.byOutcome.met),
        averageText(x.byOutcome.breached),
      ]),
    );
  }
  block(t('report.vip'), [t('report.vipVisits'), t('report.vipLater')], [[r.vip.visits, r.vip.identifiedLater]]);
  block(
    t('report.specialNeeds'),
    [t('report.need'), t('report.arrivals'), ...ruleHeader.slice(1)],
    r.specialNeeds.map((n) => [t(`need.${n.need}`), n.arrivals, ...ruleRow('', n.reception).slice(1)]),
  );
  block(
    t('report.csv.day'),
    [
      t('report.day'),
      t('report.arrivals'),
      ...ids.flatMap((id) => [
        `${t('report.eligible')} ${ruleLabel(id)}`,
        `${t('report.compliance')} ${ruleLabel(id)}`,
      ]),
    ],
    r.days.map((d) => [
      d.date,
      d.arrivals,
      ...ids.flatMap((id) => [d.rules[id]?.eligible ?? 0, complianceCell((d.rules[id] ?? none).compliance)]),
    ]),
  );

  return (
    '\uFEFF' +
    stringify(
      rows.map((row) => row.map(escapeCell)),
      { record_delimiter: 'windows' },
    )
  );
}
