/**
 * A simulated busy morning, through the real API like any kiosk and tablet: arrivals follow the real
 * hourly curve (arrival-curve.json) compressed in time, VIPs in the curve's priority-2 share, special
 * needs sprinkled; simulated staff greet after random delays (some late), call to counters and serve.
 */
import curve from './arrival-curve.json' with { type: 'json' };

export interface SimOptions {
  url: string;
  branch: string;
  kioskToken: string;
  /** Simulated hours played, in order (a busy morning: 9 to 12), then played again. */
  hours?: number[];
  /** Real milliseconds per simulated hour. */
  hourMs?: number;
  /** Arrivals per real minute at the curve's peak. */
  peakPerMinute?: number;
  /** Reception target of the demo config, to make some greetings late on purpose. */
  receptionSeconds: number;
  log?: (line: string) => void;
}

interface Customer {
  id: string;
  ticket: string;
  vip: boolean;
  needs: boolean;
  greeted: boolean;
  arrived: number;
}

const NEEDS = ['elderly', 'pregnant', 'disability'] as const;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
const between = (lo: number, hi: number) => lo + Math.random() * (hi - lo);

export function simulateMorning(o: SimOptions): { stop(): void } {
  const hours = o.hours ?? [9, 10, 11, 12];
  const hourMs = o.hourMs ?? 120_000;
  const peakPerMinute = o.peakPerMinute ?? 14;
  const log = o.log ?? (() => undefined);
  const peak = Math.max(...curve.hours.map((h) => h.arrivalsPerDay));
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };
  const tokens = new Map<string, string>();
  const queue: Customer[] = []; // greeted, waiting for a counter
  const counters = [
    { id: '1', staff: 'c01', busy: false },
    { id: '2', staff: 'c02', busy: false },
    { id: '3', staff: 'm01', busy: false },
  ];
  const pins: Record<string, string> = { g01: '1111', g02: '2222', v01: '3333', c01: '4444', c02: '5555', m01: '9999' };

  async function call<T = unknown>(path: string, body: unknown, token: string): Promise<T> {
    const res = await fetch(`${o.url}/api/v1${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    const data: unknown = await res.json().catch(() => null);
    if (!res.ok)
      throw new Error(`${path}: ${res.status} ${(data as { error?: { code?: string } } | null)?.error?.code ?? ''}`);
    return data as T;
  }
  const act = (staff: string, c: Customer, action: string, body: object = {}) =>
    call(`/branches/${o.branch}/visits/${c.id}/${action}`, body, tokens.get(staff)!).catch((e: Error) =>
      log(`  (${c.ticket} ${action}: ${e.message})`),
    );

  async function arrive(vipShare: number): Promise<void> {
    const vip = Math.random() < vipShare;
    const needs = Math.random() < 0.08;
    const body = {
      line: pick(['property', 'life', 'pension']),
      ...(vip ? { vip: {} } : {}),
      ...(needs ? { specialNeeds: [pick(NEEDS)] } : {}),
    };
    const { visit } = await call<{ visit: { id: string; ticket: string } }>(
      `/branches/${o.branch}/visits`,
      body,
      o.kioskToken,
    );
    const c: Customer = { id: visit.id, ticket: visit.ticket, vip, needs, greeted: false, arrived: Date.now() };
    // Most greetings come in good time, some in the warning band, about one in seven late — and a few
    // customers are forgotten long enough for their breach to escalate to the manager.
    const target = o.receptionSeconds * 1000;
    const r = Math.random();
    const delay =
      r < 0.6
        ? between(0.1, 0.5) * target
        : r < 0.86
          ? between(0.7, 0.95) * target
          : r < 0.95
            ? between(1.1, 1.8) * target
            : between(3, 4) * target;
    if (Math.random() < 0.04) {
      later(delay * 0.8, () => void act('g01', c, 'leave')); // gave up before anyone came
      return;
    }
    // A VIP is received by the VIP host (专人接待); others by whichever greeter is free.
    later(delay, () => {
      void act(vip ? 'v01' : pick(['g01', 'g02']), c, 'greet').then(() => {
        c.greeted = true;
        queue.push(c);
      });
    });
  }

  function serveNext(): void {
    for (const counter of counters) {
      if (counter.busy || queue.length === 0) continue;
      // VIPs and special needs first, then by arrival (docs/rules.md §1).
      queue.sort((a, b) => Number(!(a.vip || a.needs)) - Number(!(b.vip || b.needs)) || a.arrived - b.arrived);
      const c = queue.shift()!;
      counter.busy = true;
      void act(counter.staff, c, 'call', { counter: counter.id }).then(() =>
        later(
          between(2000, 5000),
          () =>
            void act(counter.staff, c, 'start').then(() =>
              later(
                between(20_000, 45_000),
                () => void act(counter.staff, c, 'complete').then(() => (counter.busy = false)),
              ),
            ),
        ),
      );
    }
  }

  let hourIndex = 0;
  let hourStarted = Date.now();
  let stopped = false;
  const TICK_MS = 500;
  function tick(): void {
    if (stopped) return;
    if (Date.now() - hourStarted >= hourMs) {
      hourIndex = (hourIndex + 1) % hours.length;
      hourStarted = Date.now();
      log(`simulated hour ${String(hours[hourIndex]).padStart(2, '0')}:00`);
    }
    const h = curve.hours[hours[hourIndex]!]!;
    // Poisson arrivals: the chance of one in this tick follows the curve's rate for the hour.
    const perTick = ((h.arrivalsPerDay / peak) * peakPerMinute * TICK_MS) / 60_000;
    if (Math.random() < perTick) void arrive(h.vipShare).catch((e: Error) => log(`  (arrival: ${e.message})`));
    serveNext();
    later(TICK_MS, tick);
  }

  void (async () => {
    for (const [id, pin] of Object.entries(pins)) {
      const res = await fetch(`${o.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ staffId: id, pin }),
      });
      const token = ((await res.json()) as { token: string }).token;
      tokens.set(id, token);
      // Everyone starts the morning on the floor, so the wall's staff-on-duty line is real.
      await call(`/branches/${o.branch}/duty`, { status: 'on-duty' }, token).catch((e: Error) =>
        log(`  (duty ${id}: ${e.message})`),
      );
    }
    log(`simulated hour ${String(hours[0]).padStart(2, '0')}:00`);
    tick();
  })();

  return {
    stop() {
      stopped = true;
      timers.forEach(clearTimeout);
      timers.clear();
    },
  };
}
