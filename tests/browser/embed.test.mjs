// <kube-playground> and the postMessage protocol (issue 13, "One tag"): the example page
// (examples/embed/, copied into the served build by scripts/browser-test.sh) and small pages made
// up here, served from the same origin through Playwright's routing.
// Imported by playground.test.mjs, so scripts/browser-test.sh runs these with the rest.
import { readFileSync, existsSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { test, assert, assertIncludes, BASE, ARTIFACTS, Check } from "./harness.mjs";

const EXAMPLE = "examples/embed/index.html";
const shot = (page, name, opts = {}) => page.screenshot({ path: `${ARTIFACTS}/${name}.png`, ...opts });

// Records the elements' events on the host page (only there: init scripts run in frames too).
const recordEvents = () => {
  if (window.top !== window) return;
  window.__kp = { ready: [], commands: [], errors: [] };
  for (const [type, list] of [["kubeplay-ready", "ready"], ["kubeplay-command", "commands"], ["kubeplay-error", "errors"]]) {
    document.addEventListener(type, (e) => window.__kp[list].push({ id: e.target.id, ...e.detail }), true);
  }
};

/** Serve `html` at BASE + path, next to the build (same origin as the playground): written into
 * the served dist/ folder rather than routed, since Playwright's routing turns the HTTP cache off. */
async function serve(_context, path, html) {
  writeFileSync(`dist/${path}`, html);
}
const testPage = (body) => `<!doctype html><html><head><meta charset="utf-8">
  <script src="embed.js"></script></head><body style="margin:16px;font:15px sans-serif">${body}</body></html>`;

async function waitReady(page, id, timeout = 20000) {
  await page.waitForFunction((id) => window.__kp.ready.some((r) => r.id === id), id, { timeout }).catch(async () => {
    const kp = await page.evaluate(() => JSON.stringify(window.__kp));
    throw new Check(`#${id} never said kubeplay-ready; events: ${kp}`);
  });
}
/** The playground page inside an element (Playwright's selectors pierce its shadow root). */
async function frameOf(page, id) {
  const handle = await page.waitForSelector(`#${id} iframe`);
  return handle.contentFrame();
}
const screenText = (frame) => frame.$eval("#scrollback", (e) => e.textContent);
const run = (page, id, line) => page.evaluate(([id, line]) => document.getElementById(id).run(line), [id, line]);

test("embed: embed.js stays under 10 KB gzip and is served next to the page", async (page) => {
  const path = "dist/embed.js";
  assert(existsSync(path), "trunk copies www/embed.js into dist/");
  const gz = gzipSync(readFileSync(path)).length;
  console.log(`     embed.js: ${readFileSync(path).length} bytes, ${gz} bytes gzip`);
  assert(gz <= 10 * 1024, `embed.js is ${gz} bytes gzip`);
  const res = await page.goto(BASE + "embed.js");
  assert(res.ok(), "embed.js is served");
});

test("embed: the example page preloads files and commands; two playgrounds stay apart", async (page) => {
  // Console errors from the page or any of its frames.
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(`${m.text()} (${m.location().url})`); });
  await page.goto(BASE + EXAMPLE);
  await waitReady(page, "first-pod");
  const pod = await frameOf(page, "first-pod");
  // The file became the editor's open tab, and the start commands ran as if typed.
  assertIncludes(await pod.$eval("#editor", (e) => e.value), "name: monpod", "the editor");
  assertIncludes(await pod.$eval(".tab.active", (e) => e.textContent), "monpod.yaml", "the open tab");
  const text = await screenText(pod);
  assertIncludes(text, "$ kubectl apply -f monpod.yaml\npod/monpod created\n", "the terminal");
  assertIncludes(text, "$ kubectl get pods\nNAME     READY   STATUS", "the terminal");
  assert(!(await pod.$(".cluster")) && !(await pod.$(".bar")), "editor-terminal has no cluster view or header");
  // The click-to-load one starts on Start and has its own cluster.
  await page.click("#look-around >> text=Start the playground");
  await waitReady(page, "look-around");
  const look = await frameOf(page, "look-around");
  await look.waitForFunction(() => document.querySelector("#scrollback").textContent.includes("kube-system"));
  const pods = await run(page, "look-around", "kubectl get pods");
  assert(pods.output === "No resources found in default namespace.\n", `the other playground sees monpod: ${pods.output}`);
  await run(page, "look-around", "kubectl create namespace only-here");
  const other = await run(page, "first-pod", "kubectl get namespace only-here");
  assert(other.status === 1, `a namespace made in one playground is in the other: ${other.output}`);
  // Embeds keep nothing by default: no storage written by either.
  const keys = await page.evaluate(() => Object.keys(localStorage));
  assert(keys.length === 0, `storage written: ${keys}`);
  // The third one is a bundled exercise, in the reader's (here light) colour scheme.
  await waitReady(page, "lesson", 30000);
  const lesson = await frameOf(page, "lesson");
  await lesson.waitForSelector(".lesson", { timeout: 10000 });
  assertIncludes(await lesson.$eval(".lesson", (e) => e.textContent), "namespace", "the exercise panel");
  assert((await lesson.$eval("html", (e) => e.dataset.theme)) !== "dark", "theme=auto follows a light preference");
  // The plain iframe speaks the same protocol, by hand.
  await page.waitForSelector("#raw-run:not([disabled])", { timeout: 20000 });
  await page.click("#raw-run");
  await page.waitForFunction(() => document.getElementById("raw-output").textContent.includes("kube-system"));
  await page.waitForTimeout(300);
  await shot(page, "embed-example-page", { fullPage: true });
  assert(errors.length === 0, `console errors: ${errors.join("; ")}`);
}, { init: recordEvents });

test("embed: run() answers output and status; kubeplay-command reports each command", async (page) => {
  await page.goto(BASE + EXAMPLE);
  await waitReady(page, "first-pod");
  const loaded = await page.evaluate(() => window.__kp.commands.map((c) => c.line));
  assert(JSON.stringify(loaded) === JSON.stringify(["kubectl apply -f monpod.yaml", "kubectl get pods"]),
    `the start commands were reported: ${loaded}`);
  const ok = await run(page, "first-pod", "kubectl get pod monpod -o name");
  assert(ok.output === "pod/monpod\n" && ok.status === 0, JSON.stringify(ok));
  const bad = await run(page, "first-pod", "kubectl get pod nope");
  assert(bad.status === 1, JSON.stringify(bad));
  assertIncludes(bad.output, 'Error from server (NotFound): pods "nope" not found');
  // A command typed by the reader is reported too.
  const pod = await frameOf(page, "first-pod");
  await pod.fill("#term-input", "kubectl create namespace typed");
  await pod.press("#term-input", "Enter");
  await page.waitForFunction(() => window.__kp.commands.some((c) => c.line === "kubectl create namespace typed"));
  const typed = await page.evaluate(() => window.__kp.commands.find((c) => c.line === "kubectl create namespace typed"));
  assert(typed.output === "namespace/typed created\n" && typed.status === 0, JSON.stringify(typed));
  // setFile writes a file; reset goes back to the start.
  await page.evaluate(() => document.getElementById("first-pod").setFile("extra.yaml", "kind: ConfigMap\n"));
  assertIncludes(await pod.$eval(".tabs", (e) => e.textContent), "extra.yaml");
  await page.evaluate(() => document.getElementById("first-pod").reset());
  const after = await run(page, "first-pod", "kubectl get namespace typed");
  assert(after.status === 1, `reset kept the namespace: ${after.output}`);
  assertIncludes(await screenText(pod), "pod/monpod created");
  await page.click("#check");
  await page.waitForFunction(() => document.getElementById("answer").textContent.startsWith("monpod is"));
}, { init: recordEvents });

test("embed: click-to-load downloads no wasm before the click", async (page, context) => {
  await serve(context, "embed-click.html", testPage(`
    <kube-playground id="lazy" click-to-load layout="terminal">
      <script type="text/x-shell">kubectl get nodes</script>
    </kube-playground>`));
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(BASE + "embed-click.html");
  await page.waitForSelector("#lazy >> text=Start the playground");
  await page.waitForTimeout(500);
  const heavy = (urls) => urls.filter((u) => /\.wasm|index\.html|\.js$/.test(u) && !u.endsWith("embed.js"));
  assert(heavy(requests).length === 0, `loaded before the click: ${heavy(requests)}`);
  assertIncludes(await page.$eval("#lazy", (e) => e.shadowRoot.textContent), "$ kubectl get nodes", "the static view");
  await shot(page, "embed-click-to-load-before");
  await page.click("#lazy >> text=Start the playground");
  await waitReady(page, "lazy");
  assert(requests.some((u) => u.endsWith(".wasm")), "the wasm loads after the click");
  const frame = await frameOf(page, "lazy");
  await frame.waitForFunction(() => document.querySelector("#scrollback").textContent.includes("Ready"));
  // layout=terminal: the terminal alone, filling the frame.
  assert(await frame.$(".terminal"), "a terminal");
  for (const gone of [".editor", ".cluster", ".bar", ".lesson"]) {
    assert(!(await frame.$(gone)), `layout=terminal still shows ${gone}`);
  }
  const box = await frame.$eval(".terminal", (e) => [e.offsetWidth, e.offsetHeight]);
  const view = await frame.evaluate(() => [innerWidth, innerHeight]);
  assert(box[0] === view[0], `the terminal fills the frame's width: ${box} in ${view}`);
  await shot(page, "embed-click-to-load-after");
}, { init: recordEvents });

test("embed: without a height the frame grows with its content", async (page, context) => {
  await serve(context, "embed-fit.html", testPage(`<kube-playground id="fit" theme="dark"></kube-playground>`));
  await page.goto(BASE + "embed-fit.html");
  await waitReady(page, "fit");
  const height = () => page.$eval("#fit iframe", (e) => e.getBoundingClientRect().height);
  const before = await height();
  await run(page, "fit", "kubectl get pods -A");
  await run(page, "fit", "kubectl get nodes -o wide");
  await page.waitForFunction(
    (h) => document.getElementById("fit").shadowRoot.querySelector("iframe").getBoundingClientRect().height > h,
    before,
    { timeout: 5000 },
  ).catch(() => { throw new Check(`the frame stayed ${before}px high`); });
  const frame = await frameOf(page, "fit");
  assert((await frame.$eval("html", (e) => e.dataset.theme)) === "dark", "theme=dark reaches the page");
  await shot(page, "embed-fit-dark");
}, { init: recordEvents });

test("embed: the code stays readable when the playground fails, and without JavaScript", async (page, context) => {
  await serve(context, "embed-fail.html", testPage(`
    <kube-playground id="broken" src="nowhere/" timeout="1500" layout="terminal">
      <pre data-file="svc&lt;img src=x onerror=alert(1)&gt;.yaml">kind: Service
metadata: {name: "&lt;/script&gt;&lt;img src=x onerror=window.__pwned=1&gt;"}</pre>
      <script type="text/x-shell">kubectl apply -f svc.yaml</script>
    </kube-playground>`));
  await page.goto(BASE + "embed-fail.html");
  await page.waitForFunction(() => window.__kp.errors.length > 0, null, { timeout: 10000 });
  const shown = await page.$eval("#broken", (e) => e.shadowRoot.textContent);
  assertIncludes(shown, "The playground could not start");
  assertIncludes(shown, "$ kubectl apply -f svc.yaml");
  assertIncludes(shown, '<img src=x onerror=window.__pwned=1>', "the file, as text");
  assert(!(await page.$("#broken img")), "markup in a file or its name never becomes elements");
  assert(!(await page.$("#broken iframe")), "the failed frame is gone");
  await shot(page, "embed-failed");
  // Without JavaScript the reader sees the <pre> content of the example page.
  const nojs = await context.browser().newContext({ javaScriptEnabled: false });
  const p2 = await nojs.newPage();
  await p2.goto(BASE + EXAMPLE);
  const visible = await p2.innerText("#look-around");
  assertIncludes(visible, "kubectl get nodes", "the example without JavaScript");
  assertIncludes(await p2.innerText("#first-pod"), "kubectl apply -f monpod.yaml", "the noscript fallback");
  await p2.screenshot({ path: `${ARTIFACTS}/embed-no-javascript.png`, fullPage: true });
  await nojs.close();
}, { init: recordEvents });

test("embed: the full page takes the same options in its address", async (page) => {
  await page.goto(BASE + "#layout=editor-terminal&lang=fr&theme=dark&readonly&persist=none");
  await page.waitForSelector("body[data-ready='1']", { timeout: 15000 });
  assert(!(await page.$(".cluster")), "no cluster view");
  assert(await page.$eval("#editor", (e) => e.readOnly), "readonly editor");
  assert(!(await page.$("#new-file")), "no new-file button when read-only");
  assert((await page.$eval("html", (e) => e.dataset.theme)) === "dark", "dark theme");
  assertIncludes(await page.$eval(".terminal", (e) => e.getAttribute("aria-label")), "Terminal");
  await page.fill("#term-input", "kubectl get ns");
  await page.press("#term-input", "Enter");
  await page.waitForFunction(() => document.querySelector("#scrollback").textContent.includes("kube-system"));
  const keys = await page.evaluate(() => Object.keys(localStorage));
  assert(keys.length === 0, `persist=none wrote ${keys}`);
  await shot(page, "embed-full-page-options");
});

// The closing note's numbers: how long three playgrounds on one page take to be ready, and what
// each playground beyond the first costs in bytes over the network (each in a fresh browser
// context, so nothing is cached between the two loads).
test("embed: three playgrounds on one page (time to ready, bytes per extra playground)", async (page, context) => {
  const many = (n) => testPage(Array.from({ length: n }, (_, i) =>
    `<kube-playground id="p${i}" height="160"></kube-playground>`).join(""));
  const measure = async (n) => {
    const ctx = await context.browser().newContext();
    await ctx.addInitScript(recordEvents);
    await serve(ctx, `embed-${n}.html`, many(n));
    const p = await ctx.newPage();
    // Bytes over the network (the HTTP cache's answers count nothing), as Chromium reports them.
    let bytes = 0;
    const cdp = await ctx.newCDPSession(p);
    await cdp.send("Network.enable");
    cdp.on("Network.loadingFinished", (e) => { bytes += e.encodedDataLength; });
    const t0 = Date.now();
    await p.goto(BASE + `embed-${n}.html`);
    for (let i = 0; i < n; i++) await waitReady(p, `p${i}`, 60000);
    const ms = Date.now() - t0;
    await p.waitForTimeout(300);
    if (n === 3) await p.screenshot({ path: `${ARTIFACTS}/embed-three.png`, fullPage: true });
    await ctx.close();
    return { ms, bytes };
  };
  const one = await measure(1);
  const three = await measure(3);
  const extra = Math.round((three.bytes - one.bytes) / 2);
  console.log(`     one playground ready in ${one.ms} ms (${one.bytes} bytes); three in ${three.ms} ms (${three.bytes} bytes); each extra: ${extra} bytes`);
  assert(three.ms < 30000, `three playgrounds took ${three.ms} ms`);
});

test("embed: persist=local keeps an embed's state under its own keys; an exercise opens by name", async (page, context) => {
  await serve(context, "embed-keep.html", testPage(`
    <kube-playground id="keep" persist="local" height="260"></kube-playground>
    <kube-playground id="lesson" exercise="first-namespace" height="420"></kube-playground>`));
  await page.goto(BASE + "embed-keep.html");
  await waitReady(page, "keep");
  await run(page, "keep", "kubectl create namespace kept");
  const keys = await page.evaluate(() => Object.keys(localStorage));
  assert(keys.length > 0 && keys.every((k) => k.startsWith("kubeplay.embed.keep.")), `keys: ${keys}`);
  await waitReady(page, "lesson");
  const lesson = await frameOf(page, "lesson");
  await lesson.waitForSelector("#lesson .step.current");
  assertIncludes(await lesson.textContent(".lesson-title"), "A namespace and a pod");
  await shot(page, "embed-exercise");
  await page.reload();
  await waitReady(page, "keep");
  const again = await run(page, "keep", "kubectl get namespace kept -o name");
  assert(again.output === "namespace/kept\n", `after a reload: ${JSON.stringify(again)}`);
}, { init: recordEvents });
