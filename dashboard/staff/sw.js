// The staff console's service worker: keeps the console page and its assets so a reload while the
// network or the server is away still opens the console — which then says honestly that it is offline,
// from the branch it kept. Plain JavaScript because the server serves this file as it is, at a fixed
// URL (/api/v1/staff/sw.js, scope /staff/). Browsers allow it on https and on localhost only.
const CACHE = 'yingbin-staff-v1';
const PAGE = '/staff/';

/** The page and every /assets/ file it names, so the very first visit is enough to work offline. */
async function precache() {
  const cache = await caches.open(CACHE);
  const res = await fetch(PAGE, { cache: 'no-store' });
  if (!res.ok) throw new Error(`staff page: ${res.status}`);
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
  if (event.request.mode === 'navigate' && url.pathname.startsWith('/staff')) {
    // Network first, so a new version reaches the tablet; the kept page when the server is away.
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
