// The offline shell of the kiosk and of the staff console: keeps the page and its assets so a reload while
// the network or the server is away still opens it (the kiosk's check-ins then wait in IndexedDB; the
// console says honestly that it is offline). Plain JavaScript because the server serves this one file as
// it is, at a fixed URL per page (/api/v1/kiosk/sw.js, scope /kiosk/; /api/v1/staff/sw.js, scope /staff/):
// the page it keeps is read from that URL. Browsers allow it on https and on localhost only.
const NAME = self.location.pathname.split('/').slice(-2)[0]; // 'kiosk' or 'staff'
const CACHE = `yingbin-${NAME}-v1`;
const PAGE = `/${NAME}/`;

/** The page and every /assets/ file it names, so the very first visit is enough to work offline. */
async function precache() {
  const cache = await caches.open(CACHE);
  const res = await fetch(PAGE, { cache: 'no-store' });
  if (!res.ok) throw new Error(`${NAME} page: ${res.status}`);
  const html = await res.clone().text();
  await cache.put(PAGE, res);
  const assets = [...new Set([...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]))];
  await cache.addAll(assets);
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  // The API is never cached: an answer from the past would be a lie about the queue.
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/socket.io/')) return;
  if (event.request.mode === 'navigate' && url.pathname.startsWith(`/${NAME}`)) {
    // Network first, so a new version reaches the device; the kept page when the server is away.
    event.respondWith(
      fetch(event.request)
        .then((res) => {
          if (res.ok) {
            const copy = res.clone();
            caches.open(CACHE).then((c) => c.put(PAGE, copy));
          }
          return res;
        })
        .catch(() => caches.match(PAGE).then((hit) => hit || Response.error())),
    );
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    // Asset names carry a content hash: a kept copy is always the right one.
    event.respondWith(
      caches.match(event.request).then(
        (hit) =>
          hit ||
          fetch(event.request).then((res) => {
            if (res.ok) {
              const copy = res.clone();
              caches.open(CACHE).then((c) => c.put(event.request, copy));
            }
            return res;
          }),
      ),
    );
  }
});
