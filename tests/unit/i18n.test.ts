/**
 * The catalogues as a reader meets them: both languages say the same things, every refusal the server
 * can give has words in both (else a Chinese screen shows the English reason), and Chinese text uses
 * full-width punctuation (欢迎光临，请稍候 — never 欢迎光临,请稍候).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Bilingual } from '../../shared/i18n/index.ts';
import { channels } from '../../shared/i18n/channels.ts';
import { common } from '../../shared/i18n/common.ts';
import { kiosk } from '../../shared/i18n/kiosk.ts';
import { pairing } from '../../shared/i18n/pairing.ts';
import { report } from '../../shared/i18n/report.ts';
import { satisfactionText } from '../../shared/i18n/satisfaction.ts';
import { staff } from '../../shared/i18n/staff.ts';
import { staffingWords } from '../../shared/i18n/staffing.ts';
import { wall } from '../../shared/i18n/wall.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const CATALOGUES: Record<string, Bilingual> = {
  channels,
  common,
  kiosk,
  pairing,
  report,
  satisfaction: satisfactionText,
  staff,
  staffing: staffingWords,
  wall,
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** Every error code the server can answer with, read from its source (refusals are written in a few shapes). */
function serverErrorCodes(): string[] {
  const shapes = [
    /\b(?:badRequest|conflict|notFound|refuse)\(\s*'([a-z0-9-]+)'/g,
    /new HttpError\(\s*\d+\s*,\s*'([a-z0-9-]+)'/g,
    /\bcode:\s*'([a-z0-9-]+)'/g,
  ];
  const codes = new Set<string>();
  for (const file of [...sourceFiles(join(ROOT, 'server')), ...sourceFiles(join(ROOT, 'shared'))]) {
    if (file.includes(`${join('shared', 'i18n')}`)) continue;
    const text = readFileSync(file, 'utf8');
    for (const shape of shapes) for (const m of text.matchAll(shape)) codes.add(m[1]!);
  }
  // forbidden() and unauthorized() take no code argument: theirs is fixed inside errors.ts.
  codes.add('forbidden');
  codes.add('unauthorized');
  return [...codes].sort();
}

const HAN = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef{}]/u;
const HALF = new Set([',', ':', ';', '?', '!', '(', ')']);

/** Half-width punctuation next to Chinese text (spaces skipped; a placeholder counts as Chinese), with where it is. */
export function halfWidthBetweenChinese(text: string): string[] {
  const chars = [...text];
  const near = (i: number, step: number) => {
    let j = i + step;
    while (chars[j] === ' ') j += step;
    return j >= 0 && j < chars.length && HAN.test(chars[j]!);
  };
  const found: string[] = [];
  chars.forEach((c, i) => {
    if (HALF.has(c) && (near(i, -1) || near(i, 1))) found.push(`“${c}” at ${i} in ${text}`);
  });
  return found;
}

describe('the text catalogues', () => {
  it.each(Object.entries(CATALOGUES))('%s has the same keys in Chinese and English', (_name, c) => {
    expect(Object.keys(c.en).sort()).toEqual(Object.keys(c.zh).sort());
  });

  it('gives every error code the server can answer with words in Chinese and English', () => {
    const codes = serverErrorCodes();
    // A sanity floor: the scan must see the server's refusals, not an empty directory.
    expect(codes.length).toBeGreaterThanOrEqual(45);
    const missing = (lang: 'zh' | 'en') => codes.filter((code) => !common[lang][`error.${code}`]?.trim());
    expect(missing('zh')).toEqual([]);
    expect(missing('en')).toEqual([]);
  });

  it('finds half-width punctuation between Chinese characters (the check itself)', () => {
    expect(halfWidthBetweenChinese('欢迎光临,请稍候')).toHaveLength(1);
    expect(halfWidthBetweenChinese('已取号?我是VIP客户')).toHaveLength(1);
    expect(halfWidthBetweenChinese('第 {n} 版({reason},{at})')).toHaveLength(3);
    expect(halfWidthBetweenChinese('欢迎光临，请稍候')).toEqual([]);
    expect(halfWidthBetweenChinese('营业时间 09:00–17:00')).toEqual([]);
    expect(halfWidthBetweenChinese('Welcome! Please wait (about 3 min)')).toEqual([]);
  });

  it.each(Object.entries(CATALOGUES))('%s: Chinese strings use full-width punctuation', (_name, c) => {
    expect(Object.values(c.zh).flatMap(halfWidthBetweenChinese)).toEqual([]);
  });
});
