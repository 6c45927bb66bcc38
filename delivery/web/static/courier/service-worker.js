// The courier's service worker: courier pages and label links keep working without signal.
// Pages come from the network when it answers, else from the phone's copy; a label link
// (/p/<token>) of a parcel on the round opens its saved doorstep page.
const SHELL = "antar-shell-v1";
const ROUND = "antar-round";
const ROUND_URL = "/courier/round.json";
const OFFLINE_PAGE = "/courier/offline";
const SHELL_URLS = [
  "/courier/",
  "/courier/scan",
  OFFLINE_PAGE,
  "/static/shared/app.css",
  "/static/courier/sync.js",
  "/static/courier/doorstep.js",
  "/static/courier/scan.js",
];
const NEVER_KEPT = ["/courier/token", "/courier/find", "/courier/sw.js"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(SHELL_URLS)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && url.pathname === "/logout") {
    event.waitUntil(forgetEverything());
    return;
  }
  if (request.method !== "GET") return;
  if (url.pathname.startsWith("/p/") && request.mode === "navigate") {
    event.respondWith(labelLink(request, url));
  } else if (url.pathname.startsWith("/courier/") && !NEVER_KEPT.includes(url.pathname)) {
    event.respondWith(networkFirst(request, url.pathname.startsWith("/courier/parcels/") ? ROUND : SHELL));
  } else if (SHELL_URLS.includes(url.pathname)) {
    event.respondWith(networkFirst(request, SHELL));
  }
});

async function networkFirst(request, cacheName) {
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected && response.type === "basic") {
      const cache = await caches.open(cacheName);
      await cache.put(request, response.clone());
    }
    return response;
  } catch (error) {
    const saved = await caches.match(request);
    if (saved) return saved;
    if (request.mode === "navigate") return (await caches.match(OFFLINE_PAGE)) || Response.error();
    return Response.error();
  }
}

async function labelLink(request, url) {
  try {
    return await fetch(request);
  } catch (error) {
    const round = await caches.match(ROUND_URL);
    const parcels = round ? (await round.json()).parcels : [];
    const parcel = parcels.find((candidate) => candidate.label_path === url.pathname);
    if (parcel) return Response.redirect(parcel.url, 302);
    return (await caches.match(OFFLINE_PAGE)) || Response.error();
  }
}

// Signing out leaves no parcel's personal data on the phone (records not yet sent stay).
function forgetEverything() {
  return Promise.all([caches.delete(ROUND), caches.delete(SHELL)]);
}
