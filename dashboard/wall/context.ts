/** What every part of the wall needs to say things: the branch, the translator, the language. */
import type { Lang, Translate } from '../../shared/i18n/index.ts';
import { ruleName } from '../../shared/i18n/rule-names.ts';
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

/**
 * A rule's short name: its configured name, else words from its configured target — the clock's own
 * version when known (a visit keeps the rule version it started under), else the branch's rule in force
 * now (BranchPublic.rules). A rule known to neither is shown by its id.
 */
export function ruleLabel(
  ctx: WallContext,
  ruleId: string,
  clock?: { targetSeconds: number; name?: { zh: string; en: string } },
): string {
  const rule = clock ?? ctx.branch.rules.find((r) => r.id === ruleId);
  return rule ? ruleName({ ...rule, id: ruleId }, ctx.lang) : ruleId;
}
