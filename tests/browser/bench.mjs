// The page's performance figures in headless Chromium, as medians of RUNS fresh visits: long tasks
// while 1,000 pods start, `get pods -A` over them, the time to a prompt that answers (fresh, after
// a long history, after the 1,000 pods), and the longest task while 5,000 pods scroll. Prints
// `name<TAB>value<TAB>unit` lines for scripts/bench.sh. Not a test: nothing here fails on a figure.
import { createRequire } from "node:module";

const require = createRequire(new URL("../../tools/package.json", import.meta.url));
const { chromium } = require("playwright-core");
const BASE = process.env.BASE_URL;
const RUNS = Number(process.env.RUNS || 5);
const SCROLL_RUNS = Number(process.env.SCROLL_RUNS || 1);
const HISTORY = Number(process.env.HISTORY || 300);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"],
});

// Every long task of the page, from its first moment.
const observeLongTasks = () => {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]);
  }).observe({ type: "longtask", buffered: true });
};

async function fresh() {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addInitScript(observeLongTasks);
  const page = await context.newPage();
  return { context, page };
}

async function ready(page) {
  await page.waitForSelector("body[data-ready='1']", { timeout: 60000 });
  await page.waitForSelector("#term-input");
}

// Type `line` and wait for the screen to show `part`: ms from Enter to the frame showing it.
async function answer(page, line, part) {
  return page.evaluate(([line, part]) => new Promise((done) => {
    const input = document.getElementById("term-input");
    const back = document.getElementById("scrollback");
    const before = back.childNodes.length;
    input.value = line;
    input.dispatchEvent(new InputEvent("input", { bubbles: true }));
    queueMicrotask(() => queueMicrotask(() => {
      const t0 = performance.now();
      input.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
      const poll = () => back.childNodes.length > before && back.textContent.includes(part)
        ? done(performance.now() - t0) : requestAnimationFrame(poll);
      poll();
    }));
  }), [line, part]);
}

// Navigation (or reload) to the answer of a first command, as a learner would wait for it.
async function promptAnswers(page) {
  await ready(page);
  return page.evaluate(() => new Promise((done) => {
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
}

const longTasksSince = (page, t0, t1) => page.evaluate(([a, b]) =>
  window.__longTasks.filter(([s]) => s >= a && s < b).map(([, d]) => d), [t0, t1]);

const figures = {};
const note = (name, value, unit) => (figures[name] ||= { unit, xs: [] }).xs.push(value);

for (let i = 0; i < RUNS; i++) {
  const { context, page } = await fresh();
  await page.goto(BASE);
  note("page: prompt answers, fresh", await promptAnswers(page), "ms");
  const t0 = await page.evaluate(() => performance.now());
  note("page: create deployment --replicas 1000 answers",
    await answer(page, "kubectl create deployment big --image nginx --replicas 1000", "deployment.apps/big created"), "ms");
  await page.waitForTimeout(Math.max(0, 8000 - (await page.evaluate(() => performance.now())) + t0));
  const tasks = await longTasksSince(page, t0, t0 + 8000);
  note("page: long tasks while 1,000 pods start (8 s)", tasks.length, "tasks");
  note("page: longest task while 1,000 pods start", Math.max(0, ...tasks), "ms");
  await page.waitForFunction(() => !document.querySelector("body[data-busy='1']"), null, { timeout: 120000 }).catch(() => {});
  note("page: get pods -A over 1,000 pods", await answer(page, "kubectl get pods -A", "big-"), "ms");
  note("page: get pods -A -o json over 1,000 pods", await answer(page, "kubectl get pods -A -o json", "\"kind\": \"List\""), "ms");
  await page.reload();
  note("page: prompt answers after the 1,000-pod deployment", await promptAnswers(page), "ms");
  await context.close();

  const long = await fresh();
  await long.page.goto(BASE);
  await ready(long.page);
  for (let n = 0; n < HISTORY; n++) {
    await answer(long.page, `kubectl create configmap c${n} --from-literal=k=${n}`, `configmap/c${n} created`);
  }
  await long.page.reload();
  note(`page: prompt answers after ${HISTORY} commands`, await promptAnswers(long.page), "ms");
  await long.context.close();
}

for (let i = 0; i < SCROLL_RUNS; i++) {
  const { context, page } = await fresh();
  await page.goto(BASE);
  await ready(page);
  await answer(page, "kubectl create deployment huge --image nginx --replicas 5000", "deployment.apps/huge created");
  await page.waitForSelector("details.ns[data-ns='default'][data-count='5000']", { timeout: 300000 });
  await page.waitForFunction(() => !document.querySelector("body[data-busy='1']"), null, { timeout: 300000 }).catch(() => {});
  await page.click("details.ns[data-ns='default'] summary .ns-name");
  await page.waitForSelector("details.ns[data-ns='default'] .pods-scroll");
  // Scroll the whole list in steps, one a frame, as a quick flick of the wheel would.
  const [t0, t1] = await page.evaluate(() => new Promise((done) => {
    const list = document.querySelector("details.ns[data-ns='default'] .pods-scroll");
    const t0 = performance.now();
    let step = 0;
    const next = () => {
      list.scrollTop = step * 400;
      list.dispatchEvent(new Event("scroll"));
      step += 1;
      if (list.scrollTop + list.clientHeight < list.scrollHeight && step < 1000) requestAnimationFrame(next);
      else requestAnimationFrame(() => done([t0, performance.now()]));
    };
    next();
  }));
  const tasks = await longTasksSince(page, t0, t1);
  note("page: longest task scrolling 5,000 pods", Math.max(0, ...tasks), "ms");
  await context.close();
}

await browser.close();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [name, { unit, xs }] of Object.entries(figures)) {
  console.log(`${name}\t${median(xs).toFixed(0)}\t${unit}`);
}
