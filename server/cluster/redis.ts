/**
 * Live fan-out between processes through Redis: Socket.IO rooms are shared by the Redis Streams adapter
 * (a push made by one process reaches the clients of all), and each committed change to a visit is
 * announced to the other processes, so the owner of its branch can replan its clocks.
 */
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import type { Committed } from '../after-commit.ts';
import type { OpenVisits } from '../open-visits.ts';
import { LeaseOwner, type Ownership } from './ownership.ts';
import type { VisitEvent } from '../../shared/types.ts';
import type { Realtime } from '../realtime.ts';
import type { LiveCache } from '../live-cache.ts';
import type { DutyBoard } from '../../shared/socket.ts';
import type { Alert } from '../../shared/types.ts';
import { logger } from '../logger.ts';

export async function connectRedis(url: string, streamName: string) {
  const client = createClient({ url });
  // Reconnects by itself; the adapter resumes the stream where it stopped, so nothing is lost meanwhile.
  client.on('error', (err: unknown) => logger.warn({ err }, 'redis connection problem'));
  try {
    await client.connect();
  } catch (e) {
    throw new Error(`cannot reach Redis at ${url.replace(/\/\/[^@]*@/, '//***@')}: ${(e as Error).message}`, {
      cause: e,
    });
  }
  return {
    // The stream carries room broadcasts; announcements between servers go over pub/sub channels (lost while
    // Redis is away: hence OpenVisits.reconcile). Both named after the installation, so two never mix.
    adapter: createAdapter(client, { streamName, channelPrefix: streamName }),
    /** Raw commands, for the rate limits every process shares (rate-limit-redis). */
    sendCommand: (args: string[]) => client.sendCommand(args),
    prefix: streamName,
    // A stop must not wait for a Redis that is gone: a second for pending commands, then cut.
    close: async () => {
      const graceful = client.close().catch(() => undefined);
      const cut = new Promise((resolve) => setTimeout(resolve, 1000).unref());
      await Promise.race([graceful, cut]);
      if (client.isOpen) client.destroy();
    },
  };
}

/**
 * Announces this process's changes to the others — a visit with its branch and whole log (a few events), so
 * they fold it themselves instead of each reading it back from the database; the alerts and duty boards it
 * pushed, for their snapshots — and applies theirs. A change to a branch this process does not follow
 * (server/open-visits.ts) is passed over before anything is folded or read: only `passedOver` hears of it
 * (what is kept of the branch elsewhere goes stale). Returns the announcement of a change, an after-commit step.
 */
export function relayChanges(
  realtime: Realtime,
  open: OpenVisits,
  live: LiveCache,
  ownership: Ownership,
  passedOver: (branch: string, history: VisitEvent[]) => void = () => undefined,
): (change: Committed) => void {
  const io = realtime.io;
  realtime.clustered = true;
  // A branch handed over is looked for at once by the others, so its clocks are not left unplanned.
  if (ownership instanceof LeaseOwner) {
    ownership.onHandOver = (branches) => io.serverSideEmit('branch-handed-over', branches);
    io.on('branch-handed-over', () => ownership.nudge());
  }
  io.on('alert-pushed', (a: Alert) => live.applyAlert(a));
  io.on('duty-pushed', (board: DutyBoard) => live.applyDuty(board));
  io.on('visit-changed', (change: unknown) => {
    const c = change as { visitId?: unknown; branch?: unknown; history?: unknown } | null;
    if (typeof c?.visitId !== 'string' || !Array.isArray(c.history)) return;
    const history = c.history as VisitEvent[];
    const whole = history.length > 0 && history.every((e) => e?.visitId === c.visitId);
    // A process of an earlier release sends no branch: its events name it.
    const branch = typeof c.branch === 'string' ? c.branch : whole ? history[0]!.branch : undefined;
    if (typeof branch === 'string' && !open.follows(branch)) return passedOver(branch, whole ? history : []);
    const adopt = whole ? open.adopt(history) : open.applyRemote(c.visitId);
    adopt.catch((err: unknown) =>
      logger.error({ err, visit: c.visitId }, 'a change from another process could not be applied'),
    );
  });
  return ({ fold, history }) =>
    void io.serverSideEmit('visit-changed', { visitId: fold.id, branch: fold.branch, history });
}
