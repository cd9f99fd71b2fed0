/**
 * The entrance kiosk (served at /kiosk/): set-up once, then check-ins that survive the server being
 * away. Open /kiosk/?setup to enter a new device token.
 */
import '../shared/browser/base.css';
import './kiosk.css';
import './print.css';
import './elder/elder.css';
import { Kiosk } from './app.ts';
import { measureClock } from './clock.ts';
import { keptDevice, refreshBranch, type Device } from './device.ts';
import { Outbox } from './outbox.ts';
import { setupScreen } from './screens/setup.ts';
import { pairingCodeInUrl, withoutPairingCode } from '../shared/browser/pairing.ts';
import { startScreen } from './screens/start.ts';
import { keepPageOffline } from '../shared/browser/keep-offline.ts';

/** How often the kiosk checks that the server is there (and re-reads its clock). */
const PING_MS = 10_000;

const kiosk = new Kiosk(document.getElementById('app')!);

function begin(device: Device): void {
  kiosk.device = device;
  if (!kiosk.outbox) {
    kiosk.outbox = new Outbox(
      () => kiosk.device?.token ?? null,
      (s) => kiosk.setOutboxState(s),
    );
    kiosk.outbox.start();
    const ping = () =>
      measureClock().then(
        () => {
          kiosk.outbox!.reachable(true);
          freshBranch();
        },
        () => kiosk.outbox!.reachable(false),
      );
    void ping();
    setInterval(() => void ping(), PING_MS);
  }
  kiosk.setHome(startScreen);
  if (location.search.includes('setup')) history.replaceState(null, '', location.pathname);
  kiosk.goHome();
  freshBranch();
}

/**
 * Line names and guides may change in the configuration while the kiosk runs (the server re-reads the
 * file): fetched again with every ping, and the screen redrawn only when something changed. The kept
 * branch serves while offline.
 */
function freshBranch(): void {
  const device = kiosk.device;
  if (!device) return;
  refreshBranch(device).then(
    (fresh) => {
      if (kiosk.device?.token !== fresh.token) return; // set up again meanwhile
      const changed = JSON.stringify(fresh.branch) !== JSON.stringify(kiosk.device.branch);
      kiosk.device = fresh;
      if (changed) kiosk.refresh();
    },
    () => undefined,
  );
}

function askSetup(code?: string): void {
  const kept = keptDevice();
  // Once set up, the address loses its `?pair=` code: a reload must not send a used code again.
  const ready = (d: Device) => (history.replaceState(null, '', withoutPairingCode(location.href)), begin(d));
  kiosk.show(setupScreen(ready, kept ? () => begin(kept) : undefined, code), { idleSeconds: 0 });
}

const device = keptDevice();
const codeInUrl = pairingCodeInUrl(location.search); // the staff console's QR opens /kiosk/?pair=CODE
if (codeInUrl) askSetup(codeInUrl);
else if (!device || new URLSearchParams(location.search).has('setup')) askSetup();
else begin(device);
void keepPageOffline('kiosk');
