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
 * A rule's short name from its configured target: the clock's own target when known (a visit keeps
 * the rule version it started under), else the branch's rule in force now (BranchPublic.rules).
 */
export function ruleLabel(ctx: WallContext, ruleId: string, targetSeconds?: number): string {
  const target = targetSeconds ?? ctx.branch.rules.find((r) => r.id === ruleId)?.targetSeconds;
  return target === undefined ? ctx.t(`rule.${ruleId}`) : ruleName({ id: ruleId, targetSeconds: target }, ctx.lang);
}
