// Navigation -> usable prompt, in headless Chromium: the page sets window.__kubeplayReady
// (performance.now() when the prompt accepts input). Prints the median of RUNS cold loads.
import { createRequire } from "node:module";

const require = createRequire(new URL("../../tools/package.json", import.meta.url));
const { chromium } = require("playwright-core");
const BASE = process.env.BASE_URL;
const RUNS = Number(process.env.RUNS || 5);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const times = [];
const phases = [];
for (let i = 0; i < RUNS; i++) {
  const context = await browser.newContext(); // cold: no cache, no storage
  const page = await context.newPage();
  await page.goto(BASE);
  await page.waitForFunction(() => window.__kubeplayReady !== undefined, null, { timeout: 20000 });
  times.push(await page.evaluate(() => window.__kubeplayReady));
  // A line entered as soon as the prompt is there: when is its answer on screen?
  const answered = await page.evaluate(() => new Promise((done) => {
    const input = document.getElementById("term-input");
    input.value = "kubectl get nodes";
    input.dispatchEvent(new InputEvent("input", { bubbles: true }));
    queueMicrotask(() => queueMicrotask(() => {
      input.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
      const poll = () => document.getElementById("scrollback").textContent.includes("control-plane")
        ? done(performance.now()) : requestAnimationFrame(poll);
      poll();
    }));
  }));
  // Where the time went: the wasm's arrival, then the marks the page sets (src/web).
  phases.push(await page.evaluate(() => {
    const at = {};
    const nav = performance.getEntriesByType("navigation")[0];
    if (nav) at["html fetched"] = nav.responseEnd;
    for (const r of performance.getEntriesByType("resource")) {
      if (r.name.endsWith(".js")) at["js fetched"] = r.responseEnd;
      if (r.name.endsWith(".wasm")) {
        at["wasm requested"] = r.requestStart;
        at["wasm fetched"] = r.responseEnd;
      }
    }
    for (const m of performance.getEntriesByType("mark")) {
      if (m.name.startsWith("kubeplay:")) at[m.name.slice(9)] = m.startTime;
    }
    at.ready = window.__kubeplayReady;
    return at;
  }));
  phases[phases.length - 1]["first answer"] = answered;
  await context.close();
}
await browser.close();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const name of Object.keys(phases[0] || {})) {
  const xs = phases.map((p) => p[name]).filter((x) => x !== undefined);
  console.log(`  ${name.padEnd(14)} median ${median(xs).toFixed(0).padStart(4)} ms`);
}
times.sort((a, b) => a - b);
console.log(`prompt ready (ms, ${RUNS} cold loads, sorted): ${times.map((t) => t.toFixed(0)).join(" ")}`);
console.log(`median: ${times[Math.floor(times.length / 2)].toFixed(0)} ms`);
