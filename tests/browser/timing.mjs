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
for (let i = 0; i < RUNS; i++) {
  const context = await browser.newContext(); // cold: no cache, no storage
  const page = await context.newPage();
  await page.goto(BASE);
  await page.waitForFunction(() => window.__kubeplayReady !== undefined, null, { timeout: 20000 });
  times.push(await page.evaluate(() => window.__kubeplayReady));
  await context.close();
}
await browser.close();
times.sort((a, b) => a - b);
console.log(`prompt ready (ms, ${RUNS} cold loads): ${times.map((t) => t.toFixed(0)).join(" ")}`);
console.log(`median: ${times[Math.floor(times.length / 2)].toFixed(0)} ms`);
