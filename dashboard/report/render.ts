/** Renders a report's figures and tables into the page (text from the catalogue, numbers from the API). */
import type { Report, RuleFigures } from '../../shared/report.ts';
import type { Translate } from '../../shared/i18n/index.ts';
import { localTime, percent, seconds, table } from './format.ts';

export interface PageReport extends Report {
  names: { staff: Record<string, string>; lines: Record<string, { zh: string; en: string }> };
  revision: number | null;
  revisions: {
    revision: number;
    createdAt: string;
    reason: string;
    changes: { what: string; before: string | number | null; after: string | number | null }[];
  }[];
}

/** A rule's heading as the report names it (ruleTitle of its ruleList entry), never a fixed "5分钟". */
export type RuleLabel = (id: string) => string;

/** Every rule of the report in order (its ruleList: the configured rules and any other with clocks). */
export type RuleIds = readonly string[];

const NONE = { met: 0, breached: 0, compliance: null };

const $ = (id: string) => document.getElementById(id)!;

function ruleCard(id: string, f: RuleFigures, t: Translate, ruleLabel: RuleLabel): HTMLElement {
  const card = document.createElement('article');
  card.className = 'card rule-card';
  card.dataset.rule = id;
  const h = document.createElement('h3');
  h.textContent = ruleLabel(id);
  const big = document.createElement('div');
  big.className = `compliance${f.compliance === null ? ' none' : f.compliance.numerator < f.compliance.denominator ? ' low' : ''}`;
  big.dataset.testid = 'compliance';
  big.textContent = percent(f.compliance);
  big.title = f.compliance === null ? '' : `${f.compliance.numerator}/${f.compliance.denominator}`;
  const dl = document.createElement('dl');
  dl.className = 'figures';
  const rows: [string, string][] = [
    ['eligible', String(f.eligible)],
    ['met', String(f.met)],
    ['breached', String(f.breached)],
    ['excluded', String(f.excluded)],
    ['running', String(f.running)],
    ['median', seconds(f.timeToGreet.median, t)],
    ['p90', seconds(f.timeToGreet.p90, t)],
    ['max', seconds(f.timeToGreet.max, t)],
  ];
  for (const [key, value] of rows) {
    const dt = document.createElement('dt');
    dt.textContent = t(`report.${key}`);
    const dd = document.createElement('dd');
    dd.dataset.figure = key;
    dd.textContent = value;
    dl.append(dt, dd);
  }
  card.append(h, big, dl);
  return card;
}

export function renderReport(
  r: PageReport,
  branchName: string,
  lang: 'zh' | 'en',
  t: Translate,
  ruleLabel: RuleLabel,
  ruleIds: RuleIds,
): void {
  const staffName = (id: string | null) => (id === null ? '—' : (r.names.staff[id] ?? id));
  const lineName = (id: string) => r.names.lines[id]?.[lang] ?? id;
  $('heading').textContent =
    `${t('report.branchDay', { branch: branchName, date: r.date, timeZone: r.timeZone })} · ${t('report.arrivals')} ${r.arrivals}`;

  const rev = $('revision');
  rev.replaceChildren();
  const last = r.revisions.at(-1);
  const line = document.createElement('p');
  line.textContent = last
    ? t('report.revisionOf', {
        n: last.revision,
        reason: t(`report.reason.${last.reason}`),
        at: localTime(last.createdAt, r.timeZone, true),
      })
    : t('report.notFrozen');
  rev.append(line);
  if (last && last.changes.length > 0) {
    const h = document.createElement('strong');
    h.textContent = t('report.changes');
    const ul = document.createElement('ul');
    for (const c of last.changes) {
      const li = document.createElement('li');
      li.textContent = t('report.change', {
        what: c.what,
        before: c.before ?? '—',
        after: c.after ?? '—',
      });
      ul.append(li);
    }
    rev.append(h, ul);
  }

  $('rules').replaceChildren(
    ...ruleIds.flatMap((id) => (r.rules[id] ? [ruleCard(id, r.rules[id], t, ruleLabel)] : [])),
  );

  $('breaches').replaceChildren(
    r.breaches.length === 0
      ? Object.assign(document.createElement('p'), { className: 'empty', textContent: t('report.noBreaches') })
      : table(
          ['ticket', 'line', 'rule', 'arrivedAt', 'dueAt', 'greetedAt', 'lateBy', 'owner', 'acknowledgedBy'].map((k) =>
            t(`report.${k}`),
          ),
          r.breaches.map((b) => [
            b.ticket + (b.imported ? ` (${t('report.imported')})` : ''),
            lineName(b.line),
            ruleLabel(b.rule),
            localTime(b.arrivedAt, r.timeZone),
            localTime(b.dueAt, r.timeZone),
            b.greetedAt === null ? t('report.notGreeted') : localTime(b.greetedAt, r.timeZone),
            seconds(b.lateBySeconds, t),
            staffName(b.owner),
            staffName(b.acknowledgedBy),
          ]),
          [6],
        ),
  );

  $('staff').replaceChildren(
    table(
      [
        'staffName',
        'greetings',
        'vipGreetings',
        'medianTimeToGreet',
        'customersOwned',
        'transfers',
        'breachesOwned',
      ].map((k) => t(`report.${k}`)),
      r.staff.map((s) => [
        staffName(s.staff),
        s.greetings,
        s.vipGreetings,
        seconds(s.medianTimeToGreet, t),
        s.customersOwned,
        s.transfers,
        s.breachesOwned,
      ]),
      [1, 2, 3, 4, 5, 6],
    ),
  );

  const sliceHeader = [
    t('report.arrivals'),
    t('report.breaches'),
    ...ruleIds.map((id) => `${t('report.compliance')} · ${ruleLabel(id)}`),
  ];
  const numeric = Array.from({ length: 2 + ruleIds.length }, (_, i) => i + 1);
  $('lines').replaceChildren(
    table(
      [t('report.line'), ...sliceHeader],
      r.lines.map((l) => [
        lineName(l.line),
        l.arrivals,
        l.breaches,
        ...ruleIds.map((id) => percent((l.rules[id] ?? NONE).compliance)),
      ]),
      numeric,
    ),
  );
  $('hours').replaceChildren(
    table(
      [t('report.hour'), ...sliceHeader],
      r.hours
        .filter((h) => h.arrivals > 0 || h.breaches > 0 || ruleIds.some((id) => (h.rules[id]?.met ?? 0) > 0))
        .map((h) => [
          `${String(h.hour).padStart(2, '0')}:00`,
          h.arrivals,
          [h.breaches, h.breaches > 0 ? 'breached' : ''],
          ...ruleIds.map((id) => percent((h.rules[id] ?? NONE).compliance)),
        ]),
      numeric,
    ),
  );
  const vip = r.vip.rule;
  $('vip').replaceChildren(
    table(
      [t('report.vipVisits'), t('report.vipLater'), t('report.compliance'), t('report.breached'), t('report.median')],
      [
        [
          r.vip.visits,
          r.vip.identifiedLater,
          percent(vip.compliance),
          vip.breached,
          seconds(vip.timeToGreet.median, t),
        ],
      ],
      [0, 1, 2, 3, 4],
    ),
  );
  $('needs').replaceChildren(
    table(
      [t('report.need'), t('report.arrivals'), t('report.compliance'), t('report.breached'), t('report.median')],
      r.specialNeeds.map((n) => [
        t(`need.${n.need}`),
        n.arrivals,
        percent(n.reception.compliance),
        n.reception.breached,
        seconds(n.reception.timeToGreet.median, t),
      ]),
      [1, 2, 3, 4],
    ),
  );
}

/** The previous days beside this one: arrivals and compliance per rule. */
export function renderDays(
  days: Report['days'],
  thisDay: string,
  t: Translate,
  ruleLabel: RuleLabel,
  ruleIds: RuleIds,
): void {
  $('days').replaceChildren(
    table(
      [t('report.day'), t('report.arrivals'), ...ruleIds.map((id) => `${t('report.compliance')} · ${ruleLabel(id)}`)],
      days.map((d) => [
        d.date === thisDay ? `${d.date} (${t('report.thisDay')})` : d.date,
        d.arrivals,
        ...ruleIds.map((id) => percent((d.rules[id] ?? NONE).compliance)),
      ]),
      Array.from({ length: 1 + ruleIds.length }, (_, i) => i + 1),
    ),
  );
}
