/**
 * The customer's side of the kiosk for issue 19's specs: a hall configuration with line guides and the
 * special-needs rule, the kiosk opened by the hall host at its 1080×1920, speech recorded, and axe.
 */
import { expect, type Browser, type Page } from '@playwright/test';
import type { LineGuide } from '../../../shared/types.ts';
import { KIOSK_TOKEN, testConfig } from '../../support/config.ts';
import { specialNeedsHelp } from '../../support/third-rule.ts';
import { KioskPage } from '../pages/kiosk.ts';
import { hallUrl } from './hall-host.ts';

const KIOSK_SCREEN = { width: 1080, height: 1920 };

export const LIFE_GUIDE: LineGuide = {
  steps: {
    zh: ['在等候区就座，工作人员会先帮您核对材料', '叫号后到窗口递交申请书和材料', '办结后请核对回执'],
    en: [
      'Take a seat; staff will check your papers first',
      'Hand in the form and papers when called',
      'Check your receipt',
    ],
  },
  papers: {
    zh: ['身份证原件', '保险合同', '银行卡（本人）'],
    en: ['Your ID card (original)', 'The policy', 'Your own bank card'],
  },
};

/** The test hall with a guide on 太平人寿 and the README's special-needs rule (two minutes). */
export function customerHallConfig() {
  const c = testConfig();
  const t1 = c.branches[0]!;
  const lines: Record<string, unknown>[] = t1.lines;
  lines[1]!.guide = LIFE_GUIDE;
  t1.rules = { ...t1.rules, 'special-needs-help': specialNeedsHelp(120) } as typeof t1.rules;
  return c;
}

export interface Spoken {
  text: string;
  lang: string;
}

/**
 * A kiosk of its own (its own storage) by the hall host name. The page's speechSynthesis is replaced by a
 * recorder only to observe what is spoken; everything else is the real page.
 */
export async function openKiosk(browser: Browser, port: number, lang: 'zh' | 'en' = 'zh'): Promise<KioskPage> {
  const context = await browser.newContext({ viewport: KIOSK_SCREEN, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  await context.addInitScript(() => {
    const spoken: { text: string; lang: string }[] = [];
    (window as unknown as { spoken: typeof spoken }).spoken = spoken;
    class Utterance {
      lang = '';
      rate = 1;
      constructor(readonly text: string) {}
    }
    Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: Utterance, configurable: true });
    Object.defineProperty(window, 'speechSynthesis', {
      value: { speak: (u: Utterance) => spoken.push({ text: u.text, lang: u.lang }), cancel: () => undefined },
      configurable: true,
    });
  });
  const kiosk = new KioskPage(await context.newPage(), hallUrl(port, ''));
  await kiosk.open();
  expect(await kiosk.page.evaluate(() => window.isSecureContext)).toBe(false);
  await kiosk.setUp(KIOSK_TOKEN);
  if (lang === 'en') await kiosk.switchLanguage();
  return kiosk;
}

export const spoken = (page: Page): Promise<Spoken[]> =>
  page.evaluate(() => (window as unknown as { spoken: Spoken[] }).spoken);

/** What was said last, once something new was said. */
export async function lastSpoken(page: Page, count: number): Promise<Spoken> {
  await expect.poll(async () => (await spoken(page)).length).toBeGreaterThan(count);
  return (await spoken(page)).at(-1)!;
}

// One accessibility check for every page (tests/e2e/support/axe.ts): the elder screens take the same rules.
export { expectAccessible } from './axe.ts';

/** Nothing wider or taller than the kiosk's screen: it has no scroll gesture. */
export async function expectFits(page: Page, where: string): Promise<void> {
  const over = await page.evaluate(() => {
    const out: string[] = [];
    if (document.documentElement.scrollHeight > innerHeight)
      out.push(`page ${document.documentElement.scrollHeight} px tall`);
    for (const el of document.body.querySelectorAll<HTMLElement>('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.right > innerWidth + 0.5 || r.bottom > innerHeight + 0.5)
        out.push(`${el.tagName} “${(el.textContent ?? '').slice(0, 20)}”`);
    }
    return out;
  });
  expect(over, `${where}: fits 1080×1920`).toEqual([]);
}
