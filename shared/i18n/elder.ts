/**
 * 长辈模式 on the kiosk: one question a screen, in large type, every step also spoken in Mandarin
 * (`*.say` keys are read aloud; the kiosk always speaks the Chinese ones). Same keys in both languages.
 */
import type { Bilingual } from './index.ts';

export const elder: Bilingual = {
  zh: {
    'elder.enter': '长辈模式',
    'elder.enterHint': '大字 · 语音播报 · 一步一问',
    'elder.exit': '返回普通模式',
    'elder.help': '请工作人员协助',
    'elder.back': '上一步',
    'elder.yes': '是',
    'elder.no': '不是',
    'elder.need': '需要',
    'elder.noNeed': '不需要',

    'elder.line.title': '您要办理哪项业务？',
    'elder.line.say':
      '您好，欢迎光临。请问您要办理哪项业务？请点屏幕上的大按钮：{lines}。需要帮助，请点最下面的请工作人员协助。',
    'elder.vip.title': '您是VIP客户吗？',
    'elder.vip.say': '请问您是VIP客户吗？是，请点左边；不是，请点右边。',
    'elder.care.title': '需要工作人员搀扶或特别照顾吗？',
    'elder.care.say': '请问您需要工作人员搀扶或特别照顾吗？需要，请点左边；不需要，请点右边。',
    'elder.confirm.title': '现在为您取号吗？',
    'elder.confirm.line': '办理：{line}',
    'elder.confirm.submit': '取号',
    'elder.confirm.say': '您办理的是{line}。{papers}确认取号，请点红色的取号按钮。',
    'elder.confirm.papers': '请准备好：{papers}。',
    'elder.ticket.say': '取号成功。您的号码是 {ticket}。{ahead}请在等候区就座，留意叫号。请取走号票。',
    'elder.ticket.ahead': '前面还有 {count} 位。',
    'elder.kept.say': '您的临时号码是 {ticket}。工作人员会主动为您服务，请在等候区就座。',
    'elder.helpComing.title': '已通知工作人员',
    'elder.helpComing.message': '马上有人过来帮助您，请在原地稍候',
    'elder.helpComing.say': '已通知工作人员，马上有人过来帮助您，请在原地稍候。{ticket}',
    'elder.helpComing.sayTicket': '您的号码是 {ticket}。',
    'elder.helpFailed.title': '请向身边的工作人员示意',
    'elder.helpFailed.say': '暂时无法通知工作人员，请向身边的工作人员招手示意。',
  },
  en: {
    'elder.enter': 'Elder mode',
    'elder.enterHint': 'Large type · spoken · one question at a time',
    'elder.exit': 'Back to normal mode',
    'elder.help': 'Ask staff for help',
    'elder.back': 'Back',
    'elder.yes': 'Yes',
    'elder.no': 'No',
    'elder.need': 'Yes, please',
    'elder.noNeed': 'No, thank you',

    'elder.line.title': 'What would you like to do today?',
    'elder.line.say':
      'Welcome. What would you like to do today? Tap a large button: {lines}. For help, tap Ask staff for help at the bottom.',
    'elder.vip.title': 'Are you a VIP customer?',
    'elder.vip.say': 'Are you a VIP customer? Tap yes on the left, or no on the right.',
    'elder.care.title': 'Would you like a member of staff to help you along?',
    'elder.care.say': 'Would you like a member of staff to help you along? Tap yes on the left, or no on the right.',
    'elder.confirm.title': 'Shall we give you a ticket now?',
    'elder.confirm.line': 'Business: {line}',
    'elder.confirm.submit': 'Get my ticket',
    'elder.confirm.say': 'You chose {line}. {papers}To get your ticket, tap the red button.',
    'elder.confirm.papers': 'Please have ready: {papers}. ',
    'elder.ticket.say': 'Here is your ticket: {ticket}. {ahead}Please take a seat and listen for your number.',
    'elder.ticket.ahead': '{count} waiting ahead of you. ',
    'elder.kept.say': 'Your provisional number is {ticket}. Our staff will come to you; please take a seat.',
    'elder.helpComing.title': 'Staff are on their way',
    'elder.helpComing.message': 'Someone will be with you in a moment; please stay where you are',
    'elder.helpComing.say': 'Staff are on their way; please stay where you are. {ticket}',
    'elder.helpComing.sayTicket': 'Your number is {ticket}. ',
    'elder.helpFailed.title': 'Please wave to a member of staff nearby',
    'elder.helpFailed.say': 'We could not reach the staff just now; please wave to a member of staff nearby.',
  },
};
