/**
 * Taking a check-in: straight to the server when it answers; otherwise kept in the outbox and the
 * customer still gets a (provisional) number, which the visit keeps beside its ticket once it arrives.
 * Both carry the moment of the tap and one idempotency key, so the same arrival can never become two
 * visits, whichever way it travels.
 */
import { api } from '../shared/api/routes.ts';
import { call } from '../shared/browser/api.ts';
import type { SpecialNeed } from '../shared/schemas.ts';
import type { LineInfo, Visit } from '../shared/types.ts';
import { serverNow } from './clock.ts';
import type { Device } from './device.ts';
import { newKey } from '../shared/browser/ids.ts';
import { isTransient, type Outbox, type PendingCheckIn } from './outbox.ts';

export interface Draft {
  line: LineInfo;
  memberNo: string | null;
  needs: SpecialNeed[];
  /** 长辈模式's "yes, I am a VIP" without a number: the VIP host checks the card in person. */
  vip?: boolean;
  /** 请工作人员协助 pressed before the ticket: checked in asking for help (`helpRequested`). */
  help?: boolean;
}

export interface LineNumbers {
  ahead: number | null;
  estimatedWaitSeconds: number | null;
}

export type CheckInResult =
  | { kind: 'ticket'; visit: Visit; numbers: LineNumbers; statusUrl: string }
  | { kind: 'kept'; provisional: string; occurredAt: string; draft: Draft };

const PROVISIONAL_KEY = 'yingbin.kiosk.provisional';
/**
 * A server that does not answer within this is treated as away: the customer gets a provisional number
 * at once, and the kept check-in is resent later with the same key (so if this one did arrive, the
 * resend is answered with the same visit, not a second one).
 */
const SEND_TIMEOUT_MS = 8000;

/** The next provisional number of the kiosk's day (临-001, 临-002, …), kept across reloads. */
function nextProvisional(now: number): string {
  const day = new Date(now).toDateString();
  let kept: { day: string; n: number } = { day, n: 0 };
  try {
    const parsed = JSON.parse(localStorage.getItem(PROVISIONAL_KEY) ?? 'null') as { day: string; n: number } | null;
    if (parsed && parsed.day === day) kept = parsed;
  } catch {
    // a damaged entry starts the day afresh
  }
  kept.n += 1;
  localStorage.setItem(PROVISIONAL_KEY, JSON.stringify(kept));
  return `临-${String(kept.n).padStart(3, '0')}`;
}

/** Throws ApiFailure when the server refused the check-in (hall closed, unknown line, …). */
export async function checkIn(device: Device, outbox: Outbox, draft: Draft): Promise<CheckInResult> {
  const occurredAt = new Date(serverNow()).toISOString();
  const body = {
    line: draft.line.id,
    ...(draft.memberNo ? { vip: { memberNo: draft.memberNo } } : draft.vip ? { vip: {} } : {}),
    ...(draft.needs.length > 0 ? { specialNeeds: draft.needs } : {}),
    ...(draft.help ? { helpRequested: true as const } : {}),
    occurredAt,
  };
  const key = newKey();
  const keep = async (): Promise<CheckInResult> => {
    const provisional = nextProvisional(Date.now());
    // The resend carries the number the customer now holds, so the visit keeps it beside its ticket.
    const item: PendingCheckIn = {
      key,
      branch: device.branch.id,
      body: { ...body, provisionalTicket: provisional },
      provisional,
    };
    await outbox.keep(item);
    return { kind: 'kept', provisional, occurredAt, draft };
  };
  // A new customer never waits behind the kept ones: each kept check-in carries the moment it happened,
  // so sending this one first changes no clock. The kept ones drain beside it.
  void outbox.flush();
  try {
    const { visit, statusUrl } = await call(api.checkIn, {
      params: { branch: device.branch.id },
      body,
      token: device.token,
      idempotencyKey: key,
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
    outbox.reachable(true);
    return { kind: 'ticket', visit, numbers: await lineNumbers(device, visit), statusUrl };
  } catch (e) {
    if (!isTransient(e)) throw e;
    return keep();
  }
}

/** How many wait ahead and the line's estimated wait; unknown ("—") when the server does not answer now. */
async function lineNumbers(device: Device, visit: Visit): Promise<LineNumbers> {
  try {
    const s = await call(api.lineStatus, {
      params: { branch: device.branch.id },
      query: { visit: visit.id },
      token: device.token,
      signal: AbortSignal.timeout(4000),
    });
    return {
      ahead: s.ahead,
      estimatedWaitSeconds: s.lines.find((l) => l.line === visit.line)?.estimatedWaitSeconds ?? null,
    };
  } catch {
    return { ahead: null, estimatedWaitSeconds: null };
  }
}

/** VIP later: the ticket in hand and the member number. Throws ApiFailure. */
export async function identifyLater(device: Device, ticket: string, memberNo: string): Promise<Visit> {
  const { visit } = await call(api.vipByTicket, {
    params: { branch: device.branch.id, ticket },
    body: { memberNo },
    token: device.token,
    idempotencyKey: newKey(),
  });
  return visit;
}

/** 请工作人员协助 pressed after check-in: the visit is flagged for every staff tablet. Throws ApiFailure. */
export async function askForHelp(device: Device, visitId: string): Promise<Visit> {
  const { visit } = await call(api.help, {
    params: { branch: device.branch.id, id: visitId },
    body: {},
    token: device.token,
    idempotencyKey: newKey(),
    signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
  });
  return visit;
}
