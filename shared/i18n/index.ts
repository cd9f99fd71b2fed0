/**
 * Text catalogues, Chinese first. Each page keeps its own section (`kiosk.ts`, `staff.ts`, …) with the
 * same keys in both languages; `common.ts` holds what every page says (error codes, states, needs).
 */
export type Lang = 'zh' | 'en';

export type Catalogue = Record<string, string>;
export interface Bilingual {
  zh: Catalogue;
  en: Catalogue;
}

/** Merges sections and returns a translator; `{name}` placeholders are filled from `vars`. */
export function translator(lang: Lang, ...sections: Bilingual[]) {
  const table: Catalogue = Object.fromEntries(sections.flatMap((s) => Object.entries(s[lang])));
  return (key: string, vars: Record<string, string | number> = {}): string => {
    const text = table[key] ?? key;
    return text.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
  };
}
export type Translate = ReturnType<typeof translator>;
