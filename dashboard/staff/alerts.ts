/**
 * The alert banner: a warning or breach for a customer in my scope stays on screen — with a beep and a
 * vibration where the browser allows — until that customer is greeted (or leaves).
 */
import type { Alert, StaffPublic, Visit } from '../../shared/types.ts';
import { lineName, type Ctx } from './context.ts';
import { button, h } from '../common/dom.ts';
import { isVipHost } from './queue.ts';

const SEVERITY: Record<string, number> = { warning: 1, breach: 2, escalation: 3 };

/** Whose alert is it: reception is everyone's; the VIP host clock is the VIP hosts'; escalations the managers'. */
export function inScope(a: Alert, me: StaffPublic): boolean {
  if (a.kind === 'escalation') return me.roles.includes('manager');
  if (a.rule === 'vip-reception') return isVipHost(me) || me.roles.includes('manager');
  return true;
}

/** Alerts still calling for someone: the clock they are about has not stopped and the visit is open. */
export function activeAlerts(alerts: Alert[], visits: Map<string, Visit>, me: StaffPublic): Alert[] {
  const worst = new Map<string, Alert>();
  for (const a of alerts) {
    if (!(a.kind in SEVERITY) || !inScope(a, me)) continue;
    const v = visits.get(a.visitId);
    const clock = v?.rules.find((r) => r.id === a.rule);
    if (!v || v.endedAt !== null || !clock || clock.stoppedAt !== null) continue;
    const key = `${a.visitId}:${a.rule}`;
    const seen = worst.get(key);
    if (!seen || SEVERITY[a.kind]! > SEVERITY[seen.kind]!) worst.set(key, a);
  }
  return [...worst.values()].sort((a, b) => SEVERITY[b.kind]! - SEVERITY[a.kind]! || a.dueAt.localeCompare(b.dueAt));
}

let audio: AudioContext | null = null;

/** Browsers allow sound only after a tap: the first tap anywhere unlocks it for the session. */
export function unlockSound(): void {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume();
  } catch {
    // no WebAudio (an old WebView): the banner still shows
  }
}

function beep(urgent: boolean): void {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume();
    const start = audio.currentTime;
    for (let i = 0; i < (urgent ? 3 : 2); i++) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = urgent ? 988 : 784;
      gain.gain.setValueAtTime(0.25, start + i * 0.25);
      gain.gain.exponentialRampToValueAtTime(0.001, start + i * 0.25 + 0.18);
      osc.connect(gain).connect(audio.destination);
      osc.start(start + i * 0.25);
      osc.stop(start + i * 0.25 + 0.2);
    }
  } catch {
    // sound not allowed here
  }
  try {
    navigator.vibrate?.(urgent ? [300, 120, 300] : [200]);
  } catch {
    // vibration not allowed here
  }
}

export class AlertBanner {
  private readonly announced = new Set<string>();

  constructor(
    private readonly ctx: () => Ctx,
    readonly el: HTMLElement,
    private readonly quiet: () => boolean,
  ) {}

  render(): void {
    const ctx = this.ctx();
    const active = activeAlerts(ctx.store.alerts, ctx.store.visits, ctx.me);
    const fresh = active.filter((a) => !this.announced.has(a.id));
    fresh.forEach((a) => this.announced.add(a.id));
    if (fresh.length > 0 && !this.quiet()) beep(fresh.some((a) => a.kind !== 'warning'));
    this.el.hidden = active.length === 0;
    this.el.replaceChildren(
      ...active.map((a) => {
        const v = ctx.store.visits.get(a.visitId)!;
        return h(
          'div',
          { class: `alert-row alert-${a.kind}`, 'data-testid': 'alert', 'data-ticket': a.ticket, 'data-kind': a.kind },
          h('span', { class: 'alert-kind' }, ctx.t(`staff.alert.${a.kind}`)),
          h(
            'span',
            { class: 'alert-text' },
            ctx.t('staff.alert.text', { ticket: a.ticket, line: lineName(ctx, v.line), rule: ctx.t(`rule.${a.rule}`) }),
          ),
          button(ctx.t('staff.greetTicket', { ticket: a.ticket }), () => void ctx.act(v, 'greet'), 'primary', { 'data-action': 'greet' }),
        );
      }),
    );
  }
}
