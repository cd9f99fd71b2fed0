/**
 * Never pretend to be live: a clear 连接中断 badge with the time of the last update the moment the
 * connection drops, and the whole page marked stale (countdowns freeze and grey) until it is back.
 */
import type { WallContext } from './context.ts';
import { clockTime } from './format.ts';
import { setText } from '../../shared/browser/dom.ts';

export class Freshness {
  connected = false;
  private lastUpdate: number | null = null;

  constructor(
    private readonly badge: HTMLElement,
    private ctx: () => WallContext,
  ) {}

  /** The connection came or went; 更新于 keeps the time data last arrived. */
  set(connected: boolean): void {
    this.connected = connected;
    document.body.classList.toggle('stale', !connected);
    this.render();
  }

  /** Data arrived (a snapshot or a push) at `at`, the server's time: that is what 更新于 says — never the clock ticking. */
  received(at: number): void {
    this.lastUpdate = at;
    this.render();
  }

  render(): void {
    const { t, branch } = this.ctx();
    const state = this.connected ? 'live' : 'offline';
    if (this.badge.dataset.state !== state) {
      // Set only on a change: this runs on every push of a busy hall.
      this.badge.dataset.state = state;
      this.badge.className = this.connected ? 'freshness live' : 'freshness offline-badge';
    }
    const time = this.lastUpdate === null ? null : clockTime(this.lastUpdate, branch.timeZone);
    if (this.connected)
      setText(this.badge, time ? `${t('wall.live')} · ${t('wall.updatedAt', { time })}` : t('wall.live'));
    else setText(this.badge, time ? t('wall.offlineSince', { time }) : t('wall.neverUpdated'));
  }
}
