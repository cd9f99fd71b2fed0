/**
 * One loop for every countdown on the screen: each countdown element carries its due and warning
 * instants, and a single interval repaints them all by the server-corrected clock.
 */
import type { Translate } from '../../shared/i18n/index.ts';
import { clockState, type Countdown } from './queue.ts';

const TICK_MS = 250;

function mmss(ms: number): string {
  const s = Math.floor(Math.abs(ms) / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** A countdown element for a card; the loop keeps its text and colour current. */
export function countdownElement(c: Countdown): HTMLElement {
  const el = document.createElement('div');
  el.className = 'countdown';
  el.dataset.due = String(c.dueAt);
  el.dataset.warn = String(c.warnAt);
  el.dataset.testid = 'countdown';
  el.setAttribute('role', 'timer');
  return el;
}

export function paint(el: HTMLElement, now: number, t: Translate): boolean {
  const c = { dueAt: Number(el.dataset.due), warnAt: Number(el.dataset.warn) } as Countdown;
  const state = clockState(c, now);
  const left = c.dueAt - now;
  const text =
    state === 'breached' ? t('staff.over', { time: mmss(left) }) : t('staff.left', { time: mmss(left + 999) });
  if (el.textContent !== text) el.textContent = text;
  const before = el.dataset.state;
  if (before !== state) {
    el.dataset.state = state;
    el.className = `countdown state-${state}`;
  }
  // A card with two clocks (a VIP) takes the colour of its more urgent one.
  const card = el.closest<HTMLElement>('.card');
  if (card) {
    const states = [...card.querySelectorAll<HTMLElement>('.countdown')].map((c) => c.dataset.state);
    const worst = states.includes('breached') ? 'breached' : states.includes('warning') ? 'warning' : 'running';
    if (card.dataset.state !== worst) card.dataset.state = worst;
  }
  // A first paint is not a crossing; only running → warning → breached is.
  return before !== undefined && before !== state;
}

/** Starts the loop; `onStateChange` runs when any countdown crosses into warning or breach (to re-sort). */
export function startCountdowns(
  root: ParentNode,
  now: () => number,
  t: () => Translate,
  onStateChange: () => void,
): () => void {
  const tick = () => {
    let changed = false;
    root.querySelectorAll<HTMLElement>('.countdown[data-due]').forEach((el) => {
      if (paint(el, now(), t())) changed = true;
    });
    if (changed) onStateChange();
  };
  tick();
  const timer = setInterval(tick, TICK_MS);
  return () => clearInterval(timer);
}
