/**
 * Registers the page's offline shell (page-sw.js, served at /api/v1/<page>/sw.js) so a reload without the
 * network still opens the page; marks the body once that is in place (tests wait for it). A plain-http hall
 * address is no secure context and has no service worker: the page then keeps its data without it.
 */
export async function keepPageOffline(page: 'kiosk' | 'staff'): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  try {
    await navigator.serviceWorker.register(`/api/v1/${page}/sw.js`, { scope: `/${page}/` });
    await navigator.serviceWorker.ready;
    document.body.dataset.offlineReady = 'true';
  } catch {
    // not a secure context: nothing to keep
  }
}
