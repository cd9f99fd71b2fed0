/**
 * How a rule is named on every screen, in the CSV and in alerts: by its configured `name`, or, for a
 * built-in without one, by words that state its configured target — a 240 s reception rule is
 * "4分钟接待", never a fixed "5分钟".
 */
import type { Lang } from './index.ts';

export interface RuleNaming {
  id: string;
  targetSeconds: number;
  name?: { zh: string; en: string };
}

/** 300 → "5分钟" / "5 minutes"; 90 → "90秒" / "90 seconds"; whole minutes read as minutes. */
export function durationWords(seconds: number, lang: Lang): string {
  const whole = Math.round(seconds);
  if (whole >= 60 && whole % 60 === 0) {
    const m = whole / 60;
    return lang === 'zh' ? `${m}分钟` : `${m} minute${m === 1 ? '' : 's'}`;
  }
  return lang === 'zh' ? `${whole}秒` : `${whole} second${whole === 1 ? '' : 's'}`;
}

const SHORT: Record<string, { zh: (d: string) => string; en: (d: string) => string }> = {
  reception: { zh: (d) => `${d}接待`, en: (d) => `Greeted within ${d}` },
  'vip-reception': { zh: (d) => `VIP ${d}专人接待`, en: (d) => `VIP host within ${d}` },
};

const LONG: Record<string, { zh: (d: string) => string; en: (d: string) => string }> = {
  reception: { zh: (d) => `进厅${d}内接待引导`, en: (d) => `Greeted within ${d} of arrival` },
  'vip-reception': { zh: (d) => `VIP表明身份${d}内专人接待`, en: (d) => `VIP received by a host within ${d}` },
};

function named(rule: RuleNaming, lang: Lang, words: typeof SHORT): string {
  if (rule.name) return rule.name[lang];
  const d = durationWords(rule.targetSeconds, lang);
  const w = words[rule.id];
  if (w) return w[lang](d);
  return lang === 'zh' ? `${rule.id}（${d}）` : `${rule.id} (${d})`;
}

/** Short name for lists, badges and alerts: "4分钟接待", "VIP 3分钟专人接待". */
export function ruleName(rule: RuleNaming, lang: Lang): string {
  return named(rule, lang, SHORT);
}

/** Long name for report headings and the CSV: "进厅4分钟内接待引导". */
export function ruleTitle(rule: RuleNaming, lang: Lang): string {
  return named(rule, lang, LONG);
}

/** Both short names, for what leaves in one piece for readers of either language (an alert). */
export function ruleNames(rule: RuleNaming): { zh: string; en: string } {
  return { zh: ruleName(rule, 'zh'), en: ruleName(rule, 'en') };
}
