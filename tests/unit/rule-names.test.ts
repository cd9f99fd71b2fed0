import { describe, expect, it } from 'vitest';
import { durationWords, ruleName, ruleTitle } from '../../shared/i18n/rule-names.ts';

describe('rule names follow the configured target', () => {
  it('names whole minutes as minutes and the rest as seconds', () => {
    expect(durationWords(240, 'zh')).toBe('4分钟');
    expect(durationWords(90, 'zh')).toBe('90秒');
    expect(durationWords(60, 'en')).toBe('1 minute');
    expect(durationWords(90, 'en')).toBe('90 seconds');
  });
  it('names the built-ins from their target, never a fixed 5 or 3 minutes', () => {
    expect(ruleName({ id: 'reception', targetSeconds: 240 }, 'zh')).toBe('4分钟接待');
    expect(ruleName({ id: 'reception', targetSeconds: 90 }, 'zh')).toBe('90秒接待');
    expect(ruleName({ id: 'vip-reception', targetSeconds: 120 }, 'zh')).toBe('VIP 2分钟专人接待');
    expect(ruleName({ id: 'vip-reception', targetSeconds: 120 }, 'en')).toBe('VIP host within 2 minutes');
    expect(ruleTitle({ id: 'reception', targetSeconds: 300 }, 'zh')).toBe('进厅5分钟内接待引导');
    expect(ruleTitle({ id: 'reception', targetSeconds: 240 }, 'en')).toBe('Greeted within 4 minutes of arrival');
  });
  it('uses a configured name as it stands', () => {
    const name = { zh: '特殊客户2分钟内主动帮助', en: 'Special needs helped within 2 minutes' };
    expect(ruleName({ id: 'special-needs-help', targetSeconds: 120, name }, 'zh')).toBe(name.zh);
    expect(ruleTitle({ id: 'special-needs-help', targetSeconds: 120, name }, 'en')).toBe(name.en);
  });
});
