/**
 * The national group's configuration: `branches` halls, each with the group's three lines, three counters,
 * two greeters, a VIP host, a counter clerk and a manager, a kiosk and a wall. Targets are the standard's
 * (reception 300 s, VIP 180 s) divided by the time compression K, warnings kept at 80 %; open all day in
 * Asia/Shanghai so the run never meets a close of day; rate limits lifted as bench/lib/halls.ts does.
 */
import { randomBytes, scryptSync } from 'node:crypto';
import { hallBranch } from './halls.ts';

export const RECEPTION_SECONDS = 300;
export const VIP_SECONDS = 180;

export const nationalHall = (i: number) => `n${String(i + 1).padStart(4, '0')}`;
export const nationalKiosk = (hall: string) => `national-kiosk-token-${hall}`;
export const nationalWall = (hall: string) => `national-wall-token-${hall}`;

/** The staff who sign in for the day (the manager is configured but watches from elsewhere). */
export const hallStaff = (hall: string) => ({
  greeter: { staffId: `g-${hall}`, pin: '1111' },
  vipHost: { staffId: `v-${hall}`, pin: '3333' },
  counter: { staffId: `c-${hall}`, pin: '4444' },
});

/**
 * Each hall's devices sit behind their own address, 127.A.B.1, as a hall behind one NAT: nginx's ip_hash
 * keys on the first three octets, so a hall's wall, tablets and staff land on one process.
 */
export function hallAddress(i: number): string {
  return `127.${1 + Math.floor(i / 256)}.${i % 256}.1`;
}

/**
 * A PIN hash in the form `npm run set-pin` writes, but with scrypt N = 1,024 instead of 16,384: the server
 * reads N from the hash. Signing 3,000 staff in is the day's set-up, not what it measures, and 3,000
 * full-strength hashes take many minutes on two shared cores (a plain demo `pin` costs a full one too).
 */
function lightPinHash(pin: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(pin, salt, 32, { N: 1024, r: 8, p: 1 });
  return `scrypt$1024$8$1$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function nationalConfig(o: { branches: number; k: number }) {
  // Targets are whole seconds in the configuration, so K must divide both.
  if (RECEPTION_SECONDS % o.k !== 0 || VIP_SECONDS % o.k !== 0)
    throw new Error(`time compression ${o.k}× does not divide the targets (300 s, 180 s): take a divisor of 60`);
  const warnAt = [0.8];
  const pinHash = Object.fromEntries(['1111', '2222', '3333', '4444', '9999'].map((p) => [p, lightPinHash(p)]));
  const ids = Array.from({ length: o.branches }, (_, i) => nationalHall(i));
  return {
    branches: ids.map((id) => hallBranch(id, RECEPTION_SECONDS / o.k, VIP_SECONDS / o.k, warnAt)),
    staff: ids.flatMap((id) => [
      { id: `g-${id}`, name: `接待 ${id}`, branch: id, roles: ['greeter'], pinHash: pinHash['1111'] },
      { id: `g2-${id}`, name: `接待二 ${id}`, branch: id, roles: ['greeter'], pinHash: pinHash['2222'] },
      { id: `v-${id}`, name: `贵宾 ${id}`, branch: id, roles: ['greeter', 'vip-host'], pinHash: pinHash['3333'] },
      { id: `c-${id}`, name: `柜员 ${id}`, branch: id, roles: ['counter'], pinHash: pinHash['4444'] },
      { id: `m-${id}`, name: `主任 ${id}`, branch: id, roles: ['manager', 'greeter'], pinHash: pinHash['9999'] },
    ]),
    devices: ids.flatMap((id) => [
      { id: `kiosk-${id}`, branch: id, role: 'kiosk', token: nationalKiosk(id) },
      { id: `wall-${id}`, branch: id, role: 'wall', token: nationalWall(id) },
    ]),
    limits: { checkInsPerMinutePerDevice: 0, loginAttemptsPerMinute: 0, bodyBytes: 65536 },
  };
}
