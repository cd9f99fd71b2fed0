/**
 * The kiosk's identity: its device token, entered once at set-up and kept on the device, and its
 * branch (name and lines), kept too so the kiosk can still take check-ins after a reload while offline.
 */
import { api } from '../shared/api/routes.ts';
import { ApiFailure, call } from '../shared/browser/api.ts';
import type { BranchPublic } from '../shared/types.ts';

const TOKEN_KEY = 'yingbin.kiosk.token';
const BRANCH_KEY = 'yingbin.kiosk.branch';

export interface Device {
  token: string;
  branch: BranchPublic;
}

interface Me {
  kind: 'device' | 'staff';
  id?: string;
  branch?: string;
  role?: string;
}

/** Why a token was refused at set-up: not valid at all, or valid but not a kiosk's. */
export type SetupRefusal = 'wrong-token' | 'not-kiosk';

export class SetupRefused extends Error {
  constructor(readonly reason: SetupRefusal) {
    super(reason);
  }
}

/** The device as kept on this kiosk, or null before set-up. */
export function keptDevice(): Device | null {
  const token = localStorage.getItem(TOKEN_KEY);
  const branch = localStorage.getItem(BRANCH_KEY);
  if (!token || !branch) return null;
  try {
    return { token, branch: JSON.parse(branch) as BranchPublic };
  } catch {
    return null;
  }
}

/** Checks a token with the server (a kiosk device, and its branch) and keeps it. Throws SetupRefused or ApiFailure. */
export async function setUp(token: string): Promise<Device> {
  let me: Me;
  try {
    me = await call(api.me, { token });
  } catch (e) {
    if (e instanceof ApiFailure && (e.status === 401 || e.status === 403)) throw new SetupRefused('wrong-token');
    throw e;
  }
  if (me.kind !== 'device' || me.role !== 'kiosk' || !me.branch) throw new SetupRefused('not-kiosk');
  const { branch } = await call(api.branch, { params: { branch: me.branch }, token });
  localStorage.setItem(TOKEN_KEY, token);
  localStorage.setItem(BRANCH_KEY, JSON.stringify(branch));
  return { token, branch };
}

/**
 * Pairs this kiosk with a one-time code from the staff console ("添加设备"): the server makes the device
 * and answers with its own token, which is then kept exactly as a typed token is. Throws ApiFailure
 * (`unknown-pairing-code`, `pairing-code-expired`, `pairing-code-used`, …) or SetupRefused.
 */
export async function pair(code: string): Promise<Device> {
  const { token } = await call(api.pair, { body: { code } });
  return setUp(token);
}

/** Fetches the branch again (names and lines may have changed in the configuration); keeps the old one when offline. */
export async function refreshBranch(device: Device): Promise<Device> {
  const { branch } = await call(api.branch, { params: { branch: device.branch.id }, token: device.token });
  localStorage.setItem(BRANCH_KEY, JSON.stringify(branch));
  return { ...device, branch };
}
