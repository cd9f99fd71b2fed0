/**
 * The console's link to the server: the live socket feeding the store, the browser's own word on the
 * network, and the outbox of taps waiting for it — so the header says "live" only when it is.
 */
import { connectLive, type Live } from '../common/live.ts';
import type { LinkState } from './header.ts';
import type { Outbox } from './outbox.ts';
import type { Store } from './store.ts';

export interface ConsoleLink {
  live: Live;
  state(): LinkState;
  close(): void;
}

export function connectConsole(
  token: string,
  store: Store,
  outbox: Outbox,
  changed: () => void,
  rejected: () => void,
): ConsoleLink {
  let connected = false;
  let lastUpdate: number | null = null;
  const live = connectLive(token, {
    snapshot: (s) => store.applySnapshot(s),
    visit: (v) => store.applyVisit(v),
    alert: (a) => store.applyAlert(a),
    status: (isConnected, last) => {
      connected = isConnected;
      lastUpdate = last;
      if (isConnected) outbox.wake();
      changed();
    },
    rejected,
  });
  live.socket.on('duty', (d) => store.applyDuty(d));
  // The browser knows first that the network is back: reconnect now instead of at the next back-off step.
  const online = () => {
    if (!live.socket.connected) live.socket.connect();
    outbox.wake();
    changed();
  };
  window.addEventListener('online', online);
  window.addEventListener('offline', changed);
  return {
    live,
    // Live only when it is: the socket up, the browser online and no tap stuck waiting for the network.
    state: () => ({ live: connected && navigator.onLine && !outbox.stuck, lastUpdate }),
    close: () => {
      live.close();
      window.removeEventListener('online', online);
      window.removeEventListener('offline', changed);
    },
  };
}
