// kubeplay's service worker: keeps this build for offline visits. The build step
// (scripts/sw-build.sh, Trunk's post-build hook) writes the build's files and a version derived
// from their contents in place of the two markers below, so every new build is a new worker with
// a cache of its own. Cache-first: a visit after a deploy still opens the build it cached (its
// files are all there), the new worker installs meanwhile, and the next load is the new build.
"use strict";

const VERSION = "__KUBEPLAY_VERSION__";
const FILES = ["__KUBEPLAY_FILES__"];

// The worker's own folder: two builds served from two paths of one site keep separate caches.
const SCOPE = new URL("./", self.location).pathname;
const PREFIX = "kubeplay:" + SCOPE + ":";
const CACHE = PREFIX + VERSION;
// Without the build step (a development server) there is nothing fixed to cache.
const BUILT = !VERSION.startsWith("__");

self.addEventListener("install", (event) => {
  if (!BUILT) return;
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(FILES.map((f) => new Request(f, { cache: "reload" }))))
      // Take over as soon as the build is cached: the pages already open keep running the
      // files they loaded; the next load is served by this worker.
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(
      keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k)),
    )),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (!BUILT || request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.pathname.startsWith(SCOPE)) return;
  // The folder's address is its index.html (cached under that name: a host may redirect the
  // folder); the page's query (`?exercise=…`) names what to open, not another file.
  const key = url.pathname === SCOPE ? SCOPE + "index.html" : request;
  event.respondWith(
    caches.open(CACHE)
      .then((cache) => cache.match(key, { ignoreSearch: true }))
      .then((hit) => hit || fetch(request)),
  );
});
