/** What every part of the wall needs to say things: the branch, the translator, the language. */
import type { Lang, Translate } from '../../shared/i18n/index.ts';
import type { BranchPublic } from '../../shared/types.ts';

export interface WallContext {
  branch: BranchPublic;
  t: Translate;
  lang: Lang;
}

export function lineName(ctx: WallContext, lineId: string): string {
  const line = ctx.branch.lines.find((l) => l.id === lineId);
  return line ? line.name[ctx.lang] : lineId;
}
