/** What the 人手建议 panel (the wall and the manager's tablet) says. Chinese first; both have the same keys. */
import type { Bilingual } from './index.ts';

export const staffingWords: Bilingual = {
  zh: {
    'staffing.title': '人手建议',
    'staffing.window': '当前及未来两小时',
    'staffing.role.greeters': '引导员',
    'staffing.role.vipHosts': 'VIP专人',
    'staffing.onDuty': '在岗 {count}',
    'staffing.onDutyUnknown': '在岗 —',
    'staffing.neededNow': '现需 {count}',
    'staffing.neededPeak': '两小时内最多需 {count}',
    'staffing.short.greeters': '{time} 起需增加 {count} 名引导员',
    'staffing.short.vipHosts': '{time} 起需增加 {count} 名VIP专人',
    'staffing.short.greeters.one': '{time} 起需增加 1 名引导员',
    'staffing.short.vipHosts.one': '{time} 起需增加 1 名VIP专人',
    'staffing.covered': '人手充足',
    'staffing.closed': '非营业时间',
    'staffing.unavailable': '暂无人手建议',
  },
  en: {
    'staffing.title': 'Staffing',
    'staffing.window': 'Now and the next two hours',
    'staffing.role.greeters': 'Greeters',
    'staffing.role.vipHosts': 'VIP hosts',
    'staffing.onDuty': '{count} on duty',
    'staffing.onDutyUnknown': '— on duty',
    'staffing.neededNow': '{count} needed now',
    'staffing.neededPeak': 'up to {count} in 2 h',
    'staffing.short.greeters': 'From {time} add {count} greeters',
    'staffing.short.vipHosts': 'From {time} add {count} VIP hosts',
    'staffing.short.greeters.one': 'From {time} add 1 greeter',
    'staffing.short.vipHosts.one': 'From {time} add 1 VIP host',
    'staffing.covered': 'Enough staff',
    'staffing.closed': 'Closed now',
    'staffing.unavailable': 'No staffing advice yet',
  },
};
