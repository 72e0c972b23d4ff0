// Share links, offline use and the single-file build (issue 13): a link restores the same files,
// pods and history in a fresh browser; the service worker keeps the build so a reload with the
// network off still opens the playground with its state; dist-single/kubeplay.html runs from disk.
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import {
  test, assert, assertIncludes, Check, open, run, screen, lastOutput, waitText, setEditor, ARTIFACTS,
} from "./harness.mjs";

const FILE = `apiVersion: v1
kind: ConfigMap
metadata:
  name: shared-settings
data:
  colour: green
`;

/** The last share link the terminal printed. */
async function sharedLink(page) {
  await waitText(page, "#scrollback", "#share=");
  const links = (await screen(page)).match(/\S+#share=[A-Za-z0-9_-]+/g);
  assert(links, "a link is printed");
  return links[links.length - 1];
}

/** A page in a browser context of its own: fresh storage, as another person's browser. */
async function freshPage(context) {
  const other = await context.browser().newContext({ viewport: { width: 1440, height: 900 } });
  const page = await other.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("dialog", (d) => d.accept());
  return { other, page, errors };
}

async function ready(page) {
  await page.waitForSelector("body[data-ready='1']", { timeout: 15000 });
  await page.waitForSelector("#term-input");
}

test("share: a link opens the same files, pods and history in a fresh browser", async (page, context) => {
  await open(page);
  await run(page, "kubectl run web --image nginx");
  await setEditor(page, FILE);
  await page.click("#apply");
  await waitText(page, "#scrollback", "configmap/shared-settings created");
  await page.waitForSelector("details.ns[data-ns='default'] .obj.pod[data-pod='web'][data-status='Running']", { timeout: 20000 });
  await page.click("#share");
  const link = await sharedLink(page);
  assert(link.length < 8192, `a small playground makes a short link (${link.length} bytes)`);
  assert(!(await screen(page)).includes("longer than many chat tools"), "no size warning");
  await page.screenshot({ path: `${ARTIFACTS}/share-made.png` });

  const { other, page: q, errors } = await freshPage(context);
  try {
    await q.goto(link);
    await ready(q);
    await waitText(q, "#scrollback", "Opened the shared playground.");
    assert((await q.evaluate(() => location.hash)) === "", "the address loses the link once read");
    assertIncludes(await q.$eval("#editor", (e) => e.value), "name: shared-settings", "the editor");
    await q.waitForSelector("details.ns[data-ns='default'] .obj.pod[data-pod='web']", { timeout: 10000 });
    await run(q, "kubectl get pods,configmaps");
    const out = await lastOutput(q, "kubectl get pods,configmaps");
    assert(/^pod\/web +1\/1 +Running +0 +\S+\n/m.test(out), `the pod runs:\n${out}`);
    assertIncludes(out, "configmap/shared-settings", "the configmap");
    // History: ↑ twice goes past the line just typed to the sharer's last one.
    await q.focus("#term-input");
    await q.press("#term-input", "ArrowUp");
    await q.press("#term-input", "ArrowUp");
    assert((await q.$eval("#term-input", (e) => e.value)) === "kubectl apply -f monpod.yaml",
      "the sharer's history comes with the link");
    await q.screenshot({ path: `${ARTIFACTS}/share-opened.png` });

    // The same link over work in progress asks first, and `share undo` brings the work back.
    await run(q, "kubectl create namespace mine");
    const asked = [];
    q.removeAllListeners("dialog");
    q.on("dialog", (d) => { asked.push(d.message()); d.accept(); });
    // From another document, so the link is a load and not a jump within this one.
    await q.goto("about:blank");
    await q.goto(link);
    await ready(q);
    await waitText(q, "#scrollback", "type `share undo` to bring it back");
    assert(asked.length === 1 && asked[0].startsWith("This link holds a shared playground"), `asked: ${asked}`);
    await run(q, "kubectl get ns mine");
    assertIncludes(await lastOutput(q, "kubectl get ns mine"), 'namespaces "mine" not found');
    await run(q, "share undo");
    await waitText(q, "#scrollback", "Your previous work is back");
    await run(q, "kubectl get ns mine -o name");
    assertIncludes(await lastOutput(q, "kubectl get ns mine -o name"), "namespace/mine");
    if (errors.length) throw new Check(`the page threw: ${errors.join("; ")}`);
  } finally {
    await other.close();
  }
});

test("share: an exercise travels with its progress, in its language", async (page, context) => {
  await open(page, "?exercise=first-namespace&lang=fr");
  await page.waitForSelector("#lesson .step.current", { timeout: 15000 });
  await run(page, "kubectl create namespace dev");
  await page.waitForSelector(".step[data-step='1'].done", { timeout: 5000 });
  await run(page, "share");
  const link = await sharedLink(page);
  assertIncludes(await screen(page), "Lien vers ce bac à sable");

  const { other, page: q, errors } = await freshPage(context);
  try {
    await q.goto(link);
    await ready(q);
    await q.waitForSelector(".step[data-step='1'].done", { timeout: 15000 });
    assertIncludes(await q.$eval(".step[data-step='2']", (e) => e.className), "current");
    assert((await q.evaluate(() => location.search + location.hash)) === "?exercise=first-namespace&lang=fr",
      "the address names the exercise, not the link");
    assert((await q.getAttribute("#lang-fr", "aria-pressed")) === "true", "in French");
    await q.screenshot({ path: `${ARTIFACTS}/share-exercise.png` });
    if (errors.length) throw new Check(`the page threw: ${errors.join("; ")}`);
  } finally {
    await other.close();
  }
});

test("share: a damaged link says so in one line and the playground opens", async (page) => {
  await open(page, "#share=AQ-this-is-not-a-link");
  await waitText(page, "#scrollback", "This share link is damaged");
  await run(page, "kubectl get nodes");
  assertIncludes(await lastOutput(page, "kubectl get nodes"), "minikube");
  assert((await page.evaluate(() => location.hash)) === "", "the damaged link leaves the address");
});

// Caches an older build at this path and a build at another path would have left.
const STALE = "kubeplay:/:0000000000000000";
const ELSEWHERE = "kubeplay:/elsewhere/:0000000000000000";

test("offline: the service worker keeps the build and a reload with the network off opens the playground", async (page, context) => {
  await open(page);
  await run(page, "kubectl create deployment offline --image nginx");
  const cached = await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    for (let i = 0; i < 100; i++) {
      const keys = (await caches.keys()).filter((k) => k.startsWith("kubeplay:/:"));
      if (keys.length === 1) {
        const urls = (await (await caches.open(keys[0])).keys()).map((r) => r.url);
        if (urls.some((u) => u.endsWith(".wasm"))) return { keys, urls };
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return { keys: await caches.keys(), urls: [] };
  });
  assert(cached.urls.length > 0, `the build is cached: ${JSON.stringify(cached)}`);
  assert(/^kubeplay:\/:[0-9a-f]{16}$/.test(cached.keys[0]), `a versioned cache: ${cached.keys[0]}`);
  // An older build's cache at this path is gone; another path's build keeps its own.
  const all = await page.evaluate(() => caches.keys());
  assert(!all.includes(STALE) && all.includes(ELSEWHERE), `caches: ${all}`);
  for (const part of [".js", ".css", "index.html", "manifest.webmanifest"]) {
    assert(cached.urls.some((u) => u.endsWith(part)), `${part} is cached: ${cached.urls}`);
  }

  await context.setOffline(true);
  try {
    await page.reload();
    await ready(page);
    assert(await page.evaluate(() => !!navigator.serviceWorker.controller), "the worker serves the page");
    // The network is really off, for the worker too: what it has not cached does not come.
    const probe = await page.evaluate(() => fetch("./sw.js?probe").then(() => "fetched", () => "failed"));
    assert(probe === "failed", `an uncached file is ${probe} with the network off`);
    await run(page, "kubectl get deployments -o name");
    assertIncludes(await lastOutput(page, "kubectl get deployments -o name"), "deployment.apps/offline");
    await page.screenshot({ path: `${ARTIFACTS}/offline-reload.png` });
  } finally {
    await context.setOffline(false);
  }
}, {
  init: `if (self.caches && !sessionStorage.seeded) {
    sessionStorage.seeded = 1;
    caches.open(${JSON.stringify(STALE)});
    caches.open(${JSON.stringify(ELSEWHERE)});
  }`,
});

test("offline: the page is installable (a manifest with icons)", async (page) => {
  await open(page);
  const manifest = await page.evaluate(async () => {
    const href = document.querySelector("link[rel=manifest]").href;
    return (await fetch(href)).json();
  });
  assert(manifest.start_url === "./" && manifest.display === "standalone", JSON.stringify(manifest));
  for (const icon of manifest.icons) {
    const ok = await page.evaluate(async (src) => (await fetch(src)).ok, icon.src);
    assert(ok, `icon ${icon.src} is served`);
  }
});

const SINGLE = process.env.SINGLE_FILE || "dist-single/kubeplay.html";

test("single file: kubeplay.html opens from file:// and runs kubectl get nodes", async (page) => {
  let size;
  try {
    size = statSync(SINGLE).size;
  } catch {
    throw new Check(`${SINGLE} is missing: run scripts/build-single.sh`);
  }
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(resolve(SINGLE)).href);
  await ready(page);
  await run(page, "kubectl get nodes");
  const out = await lastOutput(page, "kubectl get nodes");
  assert(/^minikube   Ready    control-plane   \S+ +v1\.32\.\d+\n/m.test(out), `node row:\n${out}`);
  const others = requests.filter((u) => !u.startsWith("file:") && !u.startsWith("data:") && !u.startsWith("blob:"));
  assert(others.length === 0, `it asks the network for nothing: ${others}`);
  const files = requests.filter((u) => u.startsWith("file:"));
  assert(files.length === 1, `it reads no file but itself: ${files}`);
  console.log(`     (${SINGLE}: ${(size / 1024).toFixed(0)} KB)`);
  await page.screenshot({ path: `${ARTIFACTS}/single-file.png` });
});

/** A copy of dist/ served on its own port, for a test to deploy a new build over. */
async function serveCopy() {
  const dir = mkdtempSync(join(tmpdir(), "kubeplay-deploy-"));
  cpSync("dist", dir, { recursive: true });
  const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm",
    ".css": "text/css", ".webmanifest": "application/manifest+json", ".svg": "image/svg+xml", ".png": "image/png" };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const file = join(dir, path.endsWith("/") ? path + "index.html" : path);
    try {
      const body = readFileSync(file);
      res.writeHead(200, { "content-type": types[extname(file)] || "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { dir, url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() };
}

test("offline: a new deploy replaces the cached build on the next load, and the old cache goes", async (page) => {
  const site = await serveCopy();
  const cacheKeys = () => page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith("kubeplay:/:")));
  // One cache of this path's build, not `old`.
  const waitCache = async (old) => {
    for (let i = 0; i < 100; i++) {
      const keys = await cacheKeys();
      if (keys.length === 1 && keys[0] !== old) return;
      await page.waitForTimeout(200);
    }
    throw new Check(`the caches stay ${await cacheKeys()}`);
  };
  try {
    await page.goto(site.url);
    await ready(page);
    await waitCache("");
    const [first] = await cacheKeys();

    // Deploy a "new build": another page and a worker whose version changed with it.
    const html = join(site.dir, "index.html");
    writeFileSync(html, readFileSync(html, "utf8").replace("<title>", '<meta name=build content=two><title>'));
    const sw = join(site.dir, "sw.js");
    writeFileSync(sw, readFileSync(sw, "utf8").replace(/const VERSION = "[0-9a-f]+"/, 'const VERSION = "00000000000000ff"'));

    // The next load still opens the cached build while the new one installs...
    await page.reload();
    await ready(page);
    assert(!(await page.$("meta[name=build]")), "the cached build opens first");
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    await waitCache(first);
    const keys = await cacheKeys();
    assert(keys[0].endsWith(":00000000000000ff"), `the new build's cache replaced the old: ${first} → ${keys}`);
    // ...and the load after that is the new build.
    await page.reload();
    await ready(page);
    assert(await page.$("meta[name=build][content=two]"), "the new build opens");
  } finally {
    site.close();
    rmSync(site.dir, { recursive: true, force: true });
  }
});
