/**
 * Live fan-out between processes through Redis: Socket.IO rooms are shared by the Redis Streams adapter
 * (a push made by one process reaches the clients of all), and each committed change to a visit is
 * announced to the other processes, so the owner of its branch can replan its clocks.
 */
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import type { Hall } from '../hall.ts';
import type { YingbinIO } from '../realtime.ts';
import { logger } from '../logger.ts';

export type RedisLink = Awaited<ReturnType<typeof connectRedis>>;

export async function connectRedis(url: string, streamName: string) {
  const client = createClient({ url });
  // Reconnects by itself; the adapter resumes the stream where it stopped, so nothing is lost meanwhile.
  client.on('error', (err: unknown) => logger.warn({ err }, 'redis connection problem'));
  try {
    await client.connect();
  } catch (e) {
    throw new Error(`cannot reach Redis at ${url.replace(/\/\/[^@]*@/, '//***@')}: ${(e as Error).message}`);
  }
  return {
    // The stream carries room broadcasts; announcements between servers go over pub/sub channels (lost while
    // Redis is away: hence Hall.reconcile). Both named after the installation, so two never mix.
    adapter: createAdapter(client, { streamName, channelPrefix: streamName }),
    close: async () => {
      await client.quit().catch(() => undefined);
    },
  };
}

/** Announces this process's changes to the others, and applies theirs. */
export function relayVisitChanges(io: YingbinIO, hall: Hall): void {
  hall.onChange((fold) => {
    io.serverSideEmit('visit-changed', fold.id);
  });
  io.on('visit-changed', (visitId: unknown) => {
    if (typeof visitId !== 'string') return;
    hall.applyRemote(visitId).catch((err: unknown) => logger.error({ err, visit: visitId }, 'a change from another process could not be read'));
  });
}
