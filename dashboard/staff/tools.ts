/**
 * The manager's tools in the console header: 添加设备 (device pairing, devices.ts) and the link to the
 * notification channels page. A new tool is one more entry here; the console's layout and its tests need
 * no other change to carry it.
 */
import { h } from '../../shared/browser/dom.ts';
import { makeT } from '../../shared/browser/lang.ts';
import { channels } from '../../shared/i18n/channels.ts';
import type { Ctx } from './context.ts';
import { addDeviceButton } from './devices.ts';

export function managerTools(ctx: Ctx, token: string): HTMLElement[] {
  if (!ctx.me.roles.includes('manager')) return [];
  return [
    addDeviceButton(ctx.branch.id, token, ctx.branch.timeZone),
    h(
      'a',
      { class: 'btn btn-secondary tool-link', href: '/channels/', 'data-testid': 'channels-link' },
      makeT(channels)('channels.open'),
    ),
  ];
}
