/**
 * The manager's tools in the console header: 添加设备 (device pairing, devices.ts) today. A new tool is
 * one more entry here; the console's layout and its tests need no other change to carry it.
 */
import type { Ctx } from './context.ts';
import { addDeviceButton } from './devices.ts';

export function managerTools(ctx: Ctx, token: string): HTMLElement[] {
  if (!ctx.me.roles.includes('manager')) return [];
  return [addDeviceButton(ctx.branch.id, token, ctx.branch.timeZone)];
}
