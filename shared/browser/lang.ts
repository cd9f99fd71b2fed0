/** The page language: Chinese first, remembered per device, switched with one tap. */
import { translator, type Bilingual, type Lang, type Translate } from '../i18n/index.ts';
import { common } from '../i18n/common.ts';
import type { ApiFailure } from './api.ts';

const STORE_KEY = 'yingbin.lang';

export function currentLang(): Lang {
  return localStorage.getItem(STORE_KEY) === 'en' ? 'en' : 'zh';
}

export function setLang(lang: Lang): void {
  localStorage.setItem(STORE_KEY, lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
}

/** A translator over the common catalogue and the page's own sections, in the current language. */
export function makeT(...sections: Bilingual[]): Translate {
  const lang = currentLang();
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  return translator(lang, common, ...sections);
}

/** Fills every `[data-i18n]` element's text (and `[data-i18n-label]`'s aria-label) from the catalogue. */
export function applyText(root: ParentNode, t: Translate): void {
  root.querySelectorAll<HTMLElement>('[data-i18n]').forEach((el) => (el.textContent = t(el.dataset.i18n!)));
  root
    .querySelectorAll<HTMLElement>('[data-i18n-label]')
    .forEach((el) => el.setAttribute('aria-label', t(el.dataset.i18nLabel!)));
}

/** A refusal from the server, in the reader's language. */
export function describeFailure(e: unknown, t: Translate): string {
  const f = e as ApiFailure;
  if (f && typeof f.code === 'string') {
    if (f.code === 'invalid') return t('error.invalid', { message: f.message });
    const key = `error.${f.code}`;
    const text = t(key);
    return text === key ? f.message : text;
  }
  return t('error.internal');
}
