// The page's service worker: the app shell (this build's HTML, modules, module, styles, ABIs)
// cached for offline use and fast starts, and nothing else. web/build.mjs writes the build's file
// list and integrity values where SHELL is below; a new build is a new worker, which waits for
// every tab of the old one to close before it takes over (a page running the old import map must
// never receive a new module), then deletes the old cache.
//
// Never cached: anything not in the list — chain RPC, gateways, relays, uploads (all other
// origins; this worker does not see or touch them), and records, keys or decrypted data, which
// the page never fetches from its own origin.
const SHELL = /* SHELL */ { version: 'dev', files: [] }; /* /SHELL */
const CACHE = `ehr-shell-${SHELL.version}`;
const scope = new URL(self.registration.scope);
const inShell = new Map(SHELL.files.map((f) => [new URL(f.path, scope).href, f]));
const INDEX = new URL('./', scope).href;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) =>
        cache.addAll(
          SHELL.files.map(
            (f) =>
              new Request(
                new URL(f.path, scope),
                f.integrity ? { integrity: f.integrity, cache: 'no-cache' } : { cache: 'no-cache' },
              ),
          ),
        ),
      ),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(names.filter((n) => n.startsWith('ehr-shell-') && n !== CACHE).map((n) => caches.delete(n))),
      ),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== scope.origin) return;
  url.hash = '';
  url.search = '';
  const key = req.mode === 'navigate' && url.href === INDEX ? new URL('./index.html', scope).href : url.href;
  if (!inShell.has(key)) return;
  event.respondWith(caches.open(CACHE).then((cache) => cache.match(key).then((hit) => hit ?? fetch(req))));
});
