/**
 * The national day's delivery figures from what the walls kept and what the store says should have fired:
 * per wall, alerts missing (called for by its branch's clocks, never pushed nor in a snapshot after a
 * reconnect), doubled (pushed twice) and from another branch; and the lateness of each alert at its wall —
 * the first time the wall had it minus its due instant — apart for the kill window.
 */
import type { WallLog } from '../clients/national-screens.ts';
import type { Truth } from './national-truth.ts';
import { distribution, type Distribution } from './stats.ts';

export interface Delivery {
  expected: number;
  /** Called for by a clock but never fired by any process. */
  neverFired: number;
  missing: number;
  doubled: number;
  wrongBranch: number;
  /** Received by a wall but not called for by its clock's times (reported, not a failure: a tie at the instant). */
  extra: number;
  /** Walls with at least one missing or doubled alert, named with their counts (at most ten). */
  worstWalls: string[];
  lateness: Distribution;
  killWindow: Distribution;
  /** Alerts marked late by the server (fired more than a second after their instant). */
  markedLate: number;
  /** First alert marked late at a wall of a branch the killed process held, due after the kill. */
  firstLateAt: number;
}

export function delivery(
  walls: WallLog[],
  truth: Truth,
  window: { from: number; to: number },
  screensWrong: number,
  victimBranches: Set<string>,
): Delivery {
  const expectedBy = new Map<string, Truth['expected']>();
  for (const e of truth.expected) {
    const list = expectedBy.get(e.branch) ?? [];
    list.push(e);
    expectedBy.set(e.branch, list);
  }
  let missing = 0;
  let doubled = 0;
  let wrongBranch = screensWrong;
  let extra = 0;
  let markedLate = 0;
  let firstLateAt = Infinity;
  const worst: string[] = [];
  const normal: number[] = [];
  const inWindow: number[] = [];
  for (const wall of walls) {
    const firstSeen = new Map<string, number>();
    const pushes = new Map<string, number>();
    for (const p of wall.pushed) {
      pushes.set(p.id, (pushes.get(p.id) ?? 0) + 1);
      if (!firstSeen.has(p.id)) firstSeen.set(p.id, p.at);
      if (p.late) markedLate++;
      if (p.late && p.dueAt >= window.from && victimBranches.has(wall.hall)) firstLateAt = Math.min(firstLateAt, p.at);
    }
    for (const s of wall.inSnapshots)
      if (!firstSeen.has(s.id) || firstSeen.get(s.id)! > s.at) firstSeen.set(s.id, s.at);
    const wallDoubled = [...pushes.values()].filter((n) => n > 1).length;
    doubled += wallDoubled;
    const expectedKeys = new Set<string>();
    let wallMissing = 0;
    for (const e of expectedBy.get(wall.hall) ?? []) {
      expectedKeys.add(e.key);
      const at = e.id === undefined ? undefined : firstSeen.get(e.id);
      if (at === undefined) {
        wallMissing++;
        continue;
      }
      (e.dueAt >= window.from && e.dueAt <= window.to ? inWindow : normal).push(at - e.dueAt);
    }
    for (const id of firstSeen.keys()) {
      const f = truth.fired.get(id);
      if (f && f.branch !== wall.hall) wrongBranch++;
      else if (!f || !expectedKeys.has(f.key)) extra++;
    }
    missing += wallMissing;
    if ((wallMissing || wallDoubled) && worst.length < 10)
      worst.push(`${wall.hall}: ${wallMissing} missing, ${wallDoubled} doubled (${wall.disconnects} disconnects)`);
  }
  return {
    expected: truth.expected.length,
    neverFired: truth.expected.filter((e) => e.id === undefined).length,
    missing,
    doubled,
    wrongBranch,
    extra,
    worstWalls: worst,
    lateness: distribution(normal),
    killWindow: distribution(inWindow),
    markedLate,
    firstLateAt,
  };
}
