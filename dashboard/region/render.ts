/** Draws the region's standings: the totals line and one row per branch, worst first, as many as fit. */
import { el, setText } from '../../shared/browser/dom.ts';
import type { Lang, Translate } from '../../shared/i18n/index.ts';
import type { RegionBranch } from '../../shared/region.ts';
import { percentDown } from '../../shared/today.ts';

/** 75 s → "1:15"; an hour or more → "1:02:05". */
function duration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

const level = (c: number | null) => (c === null ? 'none' : c === 1 ? 'full' : c >= 0.9 ? 'near' : 'low');

function staffing(b: RegionBranch, t: Translate): { text: string; short: boolean } {
  if (!b.shortfall) return { text: t('region.unknown'), short: false };
  const parts = [
    b.shortfall.greeters > 0 ? t('region.short', { n: b.shortfall.greeters, role: t('region.greeters') }) : '',
    b.shortfall.vipHosts > 0 ? t('region.short', { n: b.shortfall.vipHosts, role: t('region.vipHosts') }) : '',
  ].filter(Boolean);
  return parts.length > 0 ? { text: parts.join('，'), short: true } : { text: t('region.enough'), short: false };
}

export function row(b: RegionBranch, lang: Lang, t: Translate, serverNow: number): HTMLTableRowElement {
  const tr = el('tr');
  tr.dataset.branch = b.branch;
  if (b.breachesNow > 0) tr.classList.add('breached');
  const name = el('th');
  name.scope = 'row';
  setText(name, b.name[lang]);
  const breaches = el('td', `count${b.breachesNow > 0 ? ' bad' : ''}`);
  setText(breaches, String(b.breachesNow));
  const waiting = el('td', 'count');
  setText(waiting, String(b.waiting));
  const longest = el('td', 'wait');
  setText(longest, b.waitingSince === null ? '—' : duration((serverNow - Date.parse(b.waitingSince)) / 1000));
  const rules = el('td', 'rules');
  for (const r of b.rules) {
    const chip = el('span', `chip ${level(r.compliance)}`);
    setText(chip, `${r.name[lang]} ${percentDown(r.compliance)}${r.compliance === null ? '' : '%'}`);
    rules.append(chip);
  }
  const s = staffing(b, t);
  const staff = el('td', `staff${s.short ? ' short' : ''}`);
  setText(staff, s.text);
  tr.append(name, breaches, waiting, longest, rules, staff);
  return tr;
}

export function totals(list: RegionBranch[], t: Translate): string {
  const breaches = list.reduce((n, b) => n + b.breachesNow, 0);
  const short = list.filter((b) => b.shortfall && b.shortfall.greeters + b.shortfall.vipHosts > 0).length;
  return [
    t('region.totalBranches', { n: list.length }),
    t('region.totalBreaches', { n: breaches }),
    t('region.totalShort', { n: short }),
  ].join(' · ');
}
