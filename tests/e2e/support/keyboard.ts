/**
 * Driving a page by keyboard alone, as a person without a pointer does: Tab and Shift-Tab from wherever the
 * focus is to the control wanted, checking at every stop that the focus is on a control one can see — a
 * ring (outline or box-shadow) around an element inside the screen, never the bare document.
 */
import { expect, type Locator, type Page } from '@playwright/test';

/** Where the focus is and whether a sighted keyboard user can see it (an empty string when all is well). */
async function focusProblem(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body || el === document.documentElement) return 'focus lost (on the document)';
    const name = `${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).replace(/\s+/g, '.') : ''} "${(el.textContent ?? '').trim().slice(0, 30)}"`;
    const s = getComputedStyle(el);
    const ring = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
    const shadow = s.boxShadow !== 'none';
    if (!ring && !shadow) return `${name} has focus but no visible focus ring`;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return `${name} has focus but is not rendered`;
    if (r.bottom <= 0 || r.right <= 0 || r.top >= innerHeight || r.left >= innerWidth)
      return `${name} has focus but is off screen`;
    return '';
  });
}

export async function expectFocusVisible(page: Page): Promise<void> {
  expect(await focusProblem(page)).toBe('');
}

const isFocused = (target: Locator) => target.evaluate((el) => el === document.activeElement);

/** Tabs (or, `back`, Shift-Tabs) to `target`, every stop on the way visibly focused; fails after `max` presses. */
export async function tabTo(page: Page, target: Locator, opts: { back?: boolean; max?: number } = {}): Promise<void> {
  const max = opts.max ?? 60;
  for (let i = 0; i <= max; i++) {
    if (await isFocused(target)) return;
    await page.keyboard.press(opts.back ? 'Shift+Tab' : 'Tab');
    await expectFocusVisible(page);
  }
  throw new Error(`${String(target)} not reached in ${max} presses of ${opts.back ? 'Shift+Tab' : 'Tab'}`);
}

export async function expectFocused(target: Locator): Promise<void> {
  await expect.poll(() => isFocused(target), { message: `${String(target)} should have the focus` }).toBe(true);
}
