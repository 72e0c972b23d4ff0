// A small harness for the browser tests: one headless Chromium, a fresh context (fresh storage)
// per test, tests run one after another, a screenshot per test under ARTIFACTS, and a non-zero
// exit when anything fails, including the browser failing to start.
import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const require = createRequire(new URL("../../tools/package.json", import.meta.url));
const { chromium } = require("playwright-core");

export const BASE = process.env.BASE_URL || "http://127.0.0.1:8080/";
export const ARTIFACTS = process.env.ARTIFACTS || "target/browser-artifacts";
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

const tests = [];
export function test(name, fn, opts = {}) {
  tests.push({ name, fn, opts });
}

export class Check extends Error {}
export function assert(cond, msg) {
  if (!cond) throw new Check(msg);
}
export function assertIncludes(text, part, what = "text") {
  if (!text.includes(part)) {
    throw new Check(`${what} does not contain ${JSON.stringify(part)}; it is:\n${text}`);
  }
}

// Page helpers.
export async function open(page, path = "") {
  await page.goto(BASE + path);
  await page.waitForSelector("body[data-ready='1']", { timeout: 15000 });
  await page.waitForSelector("#term-input");
}
export async function screen(page) {
  return page.$eval("#scrollback", (e) => e.textContent);
}
/** Type a command at the prompt and wait for its output (the screen grows past the echo). */
export async function run(page, line, { wait = true } = {}) {
  const before = await page.$eval("#scrollback", (e) => e.childNodes.length);
  await page.focus("#term-input");
  await page.fill("#term-input", line);
  await page.press("#term-input", "Enter");
  if (wait) {
    await page.waitForFunction(
      (n) => document.querySelector("#scrollback").childNodes.length > n,
      before,
      { timeout: 5000 },
    );
  }
  return screen(page);
}
/** The output of the last command: the screen text after its echoed line. */
export async function lastOutput(page, line) {
  const text = await screen(page);
  const i = text.lastIndexOf("$ " + line + "\n");
  return i < 0 ? "" : text.slice(i + line.length + 3);
}
export async function waitText(page, selector, part, timeout = 10000) {
  await page.waitForFunction(
    ([s, p]) => {
      const e = document.querySelector(s);
      return e && e.textContent.includes(p);
    },
    [selector, part],
    { timeout },
  ).catch(async () => {
    const now = await page.$eval(selector, (e) => e.textContent).catch(() => "<missing>");
    throw new Check(`${selector} never showed ${JSON.stringify(part)}; it shows:\n${now}`);
  });
}
export async function setEditor(page, text) {
  await page.fill("#editor", text);
}

export async function main() {
  mkdirSync(ARTIFACTS, { recursive: true });
  const only = process.argv[2];
  // Playwright starts Chromium on a fresh temporary profile (user-data-dir) every launch.
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
      ],
    });
  } catch (e) {
    console.error(`browser tests: cannot start Chromium at ${CHROMIUM}: ${e.message}`);
    process.exit(2);
  }
  let failed = 0;
  let ran = 0;
  for (const t of tests) {
    if (only && !t.name.includes(only)) continue;
    ran++;
    const context = await browser.newContext({
      viewport: t.opts.viewport || { width: 1440, height: 900 },
      deviceScaleFactor: 1,
    });
    if (t.opts.init) await context.addInitScript(t.opts.init);
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("dialog", (d) => d.accept());
    const slug = t.name.replace(/[^a-z0-9]+/gi, "-").toLowerCase();
    const started = Date.now();
    try {
      await t.fn(page, context);
      if (!t.opts.allowErrors && errors.length) {
        throw new Check(`the page threw: ${errors.join("; ")}`);
      }
      console.log(`ok   ${t.name} (${Date.now() - started} ms)`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${t.name}\n     ${String(e.message || e).split("\n").join("\n     ")}`);
    }
    await page.screenshot({ path: join(ARTIFACTS, `${slug}.png`) }).catch(() => {});
    await context.close();
  }
  await browser.close();
  console.log(`\n${ran - failed} passed, ${failed} failed; screenshots in ${ARTIFACTS}/`);
  if (ran === 0) {
    console.error("no test ran");
    process.exit(1);
  }
  process.exit(failed ? 1 : 0);
}
