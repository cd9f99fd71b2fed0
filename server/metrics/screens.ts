/** The live connections of this process by role, read from Socket.IO's own list at scrape time. */
import type { ScreenRole } from '../metrics.ts';
import type { YingbinIO } from '../realtime.ts';

export function connectedScreens(io: YingbinIO): Record<ScreenRole, number> {
  const out: Record<ScreenRole, number> = { wall: 0, staff: 0, kiosk: 0, region: 0 };
  // Local sockets only (with Redis each process counts its own): what Prometheus sums across instances.
  for (const socket of io.of('/').sockets.values()) {
    const p = socket.data.principal;
    // A regional wall is counted as what it is, whoever signed it in (a manager, or a paired device).
    out[socket.data.region !== undefined ? 'region' : p.kind === 'staff' ? 'staff' : p.role] += 1;
  }
  return out;
}
