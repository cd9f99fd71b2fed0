/** The typed Socket.IO contract between the server and every live page. */
import type { RegionBranch, RegionOverview } from './region.ts';
import type { StaffRole } from './rules.ts';
import type { Alert, KioskRefusal, Visit } from './types.ts';

/** A staff member's post: on duty (on the floor or at a counter), on a break, or not working now. */
export const DUTY_STATUSES = ['on-duty', 'on-break', 'off-duty'] as const;
export type DutyStatus = (typeof DUTY_STATUSES)[number];

export interface DutyEntry {
  staffId: string;
  name: string;
  roles: StaffRole[];
  status: DutyStatus;
  /** When the status last changed (ISO 8601); null for someone who has never signed on. */
  since: string | null;
}

/** Who is on duty in a branch: the staff list (configuration order) and the counts the wall shows. */
export interface DutyBoard {
  branch: string;
  staff: DutyEntry[];
  onDuty: number;
  onBreak: number;
  /** On duty and able to greet (greeter or vip-host role): zero while customers wait is a problem. */
  greetersOnDuty: number;
}

export interface Snapshot {
  /** The server's clock when the snapshot was taken (ISO 8601), for the client's offset. */
  serverTime: string;
  branch: string;
  visits: Visit[];
  alerts: Alert[];
  /**
   * Every alert fired in the last 15 minutes, resolved ones included (with `resolvedAt`), so a screen that
   * was away (start-up, takeover, a dropped connection) still learns what fired. Not open alerts: show
   * them as past, apply only `alerts` as open.
   */
  recentAlerts?: Alert[];
  /** Staff on duty (absent from a server without duty tracking). */
  duty?: DutyBoard;
}

export interface ServerToClientEvents {
  snapshot: (s: Snapshot) => void;
  visit: (v: Visit) => void;
  alert: (a: Alert) => void;
  /** The branch's duty board, whenever anyone's status changes. */
  duty: (d: DutyBoard) => void;
  /** A kiosk's kept offline check-in the server refused for good: staff must find its customer (staff only). */
  'kiosk-refusal': (r: KioskRefusal) => void;
  /** The regional wall (connected with `auth.region`): every branch of the region, worst first, on connect. */
  region: (o: RegionOverview) => void;
  /** The regional wall: one branch's new standing, after something changed there. */
  'region-branch': (b: RegionBranch) => void;
}

export interface ClientToServerEvents {
  /** Asks for the server's clock; the reply is epoch ms. */
  time: (reply: (serverNow: number) => void) => void;
  /**
   * Asks for a fresh snapshot (after a suspected gap). At most one every 2 s per connection: sooner is
   * answered with a refusal (`rate-limited`, `retryAfterMs`) instead.
   */
  resync: (reply: (s: Snapshot | SocketRefusal) => void) => void;
}

/**
 * What a page hands to its live connection for each server event: `Required` events every page handles, the
 * others as it needs them. Derived from ServerToClientEvents, so every event has a slot and no handler can
 * drift from its event.
 */
export type ServerEventHandlers<Required extends keyof ServerToClientEvents> = Pick<ServerToClientEvents, Required> &
  Partial<Omit<ServerToClientEvents, Required>>;

/** A socket request the server declines, with a code the pages translate (as the REST errors). */
export interface SocketRefusal {
  error: { code: string; message: string; retryAfterMs?: number };
}

/** Rooms a socket may be in; the wall room gets visits without personal data. */
export const rooms = {
  staff: (branch: string) => `branch:${branch}:staff`,
  wall: (branch: string) => `branch:${branch}:wall`,
  region: (region: string) => `region:${region}`,
};
