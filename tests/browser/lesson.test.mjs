// The lesson panel (issue "Exercises: graded offline, with hints, in French and English", "In the
// page"): an exercise opened from the address or the picker, done step by step in the terminal.
// Imported by playground.test.mjs, so scripts/browser-test.sh runs these with the rest.
import { test, assert, assertIncludes, open, run, lastOutput, waitText, ARTIFACTS } from "./harness.mjs";

const EXERCISE = "?exercise=first-namespace&lang=en";
const shot = (page, name, opts = {}) => page.screenshot({ path: `${ARTIFACTS}/${name}.png`, ...opts });
const stepState = (page, n) => page.$eval(`.step[data-step='${n}']`, (e) => e.className);
const waitDone = (page, n, timeout = 5000) =>
  page.waitForSelector(`.step[data-step='${n}'].done`, { timeout });

async function openLesson(page, path = EXERCISE) {
  await open(page, path);
  await page.waitForSelector("#lesson .step.current", { timeout: 15000 });
}

test("lesson: a learner does first-namespace; each step turns ✓, then the finish text", async (page) => {
  await openLesson(page);
  assertIncludes(await page.textContent(".lesson-title"), "A namespace and a pod");
  assertIncludes(await page.textContent("#lesson"), "Namespaces divide a cluster's objects");
  assertIncludes(await stepState(page, 1), "current");
  assertIncludes(await stepState(page, 2), "todo");
  assertIncludes(await page.textContent("#lesson-count"), "0/3");
  await shot(page, "lesson-start");
  // Run runs the block in the terminal as if typed.
  await page.click(".step.current .exec .run");
  await waitDone(page, 1);
  assertIncludes(await lastOutput(page, "kubectl create namespace dev"), "namespace/dev created");
  assertIncludes(await page.textContent(".step[data-step='1'] .step-mark"), "✓");
  // The pod comes up while the learner waits: the step turns ✓ without another command.
  await run(page, "kubectl run web --image nginx -n dev");
  assertIncludes(await stepState(page, 2), "current");
  await waitDone(page, 2, 20000);
  await run(page, "kubectl config set-context --current --namespace dev");
  await waitDone(page, 3);
  await waitText(page, "#lesson-finish", "Well done!");
  assertIncludes(await page.textContent("#lesson-count"), "3/3");
  assert(!(await page.$("#lesson-hint-btn")), "no hint once finished");
  await shot(page, "lesson-finished");
});

test("lesson: Hint names the failing check; Show solution only after an attempt", async (page) => {
  await openLesson(page);
  assert(!(await page.$("#lesson-solution-btn")), "no solution before an attempt");
  await run(page, "kubectl get namespaces");
  await page.waitForSelector("#lesson-solution-btn");
  await page.click("#lesson-hint-btn");
  await waitText(page, "#lesson-hint", "The namespace dev does not exist yet");
  assert(await page.$("#lesson-hint code"), "the hint's Markdown is rendered");
  await page.click("#lesson-solution-btn");
  await waitText(page, "#lesson-solution", "kubectl create namespace dev");
  await shot(page, "lesson-hint-solution");
  await run(page, "kubectl create namespace dev");
  await waitDone(page, 1);
  assert(!(await page.$("#lesson-hint")), "the next step starts without the hint");
  assert(!(await page.$("#lesson-solution")), "nor the solution");
});

test("lesson: progress and cluster survive a reload; Reset exercise starts over", async (page) => {
  await openLesson(page);
  await page.click(".step.current .exec .run");
  await waitDone(page, 1);
  await page.reload();
  await page.waitForSelector("body[data-ready='1']");
  await page.waitForSelector("#lesson .step[data-step='1'].done");
  assertIncludes(await stepState(page, 2), "current");
  await run(page, "kubectl get ns dev");
  assertIncludes(await lastOutput(page, "kubectl get ns dev"), "Active", "the cluster is back");
  await page.click("#lesson-reset");
  await page.waitForSelector(".step[data-step='1'].current");
  await run(page, "kubectl get ns dev");
  assertIncludes(await lastOutput(page, "kubectl get ns dev"), "NotFound", "a fresh cluster");
});

test("lesson: the picker opens an exercise with its files in the editor", async (page) => {
  await open(page);
  assert(!(await page.$("#lesson")), "no panel without an exercise");
  const options = await page.$$eval("#exercise-picker option", (os) => os.map((o) => o.value));
  assert(options.length === 19 && options.includes("pod-manifest"), `a placeholder, the 17 bundled exercises and an exam: ${options}`);
  await page.selectOption("#exercise-picker", "pod-manifest");
  await page.waitForSelector("#lesson[data-exercise='pod-manifest'] .step.current");
  assertIncludes(await page.textContent(".tab.active"), "monpod.yaml", "the exercise's file is open");
  assertIncludes(await page.$eval("#editor", (e) => e.value), "name: monpod");
  assertIncludes(page.url(), "?exercise=pod-manifest&lang=en", "the address names the exercise");
  await page.click("#apply");
  await waitDone(page, 1, 20000);
  // A reload finds the same exercise, cluster and progress.
  await page.reload();
  await page.waitForSelector("#lesson[data-exercise='pod-manifest'] .step[data-step='1'].done");
  await page.click("#lesson-close");
  await page.waitForSelector("#lesson", { state: "detached" });
  assert(!page.url().includes("exercise="), `closed, the address names none: ${page.url()}`);
  await page.reload();
  await page.waitForSelector("body[data-ready='1']");
  await run(page, "kubectl get pod monpod");
  assert(!(await page.$("#lesson")), "closed stays closed after a reload");
  assertIncludes(await lastOutput(page, "kubectl get pod monpod"), "Running", "and the cluster stays");
});

test("lesson: French from the address, the switch, and the choice remembered", async (page) => {
  await openLesson(page, "?exercise=first-namespace&lang=fr");
  assertIncludes(await page.textContent(".lesson-title"), "Une namespace et un pod");
  assertIncludes(await page.textContent("#apply"), "Appliquer");
  assertIncludes(await page.textContent("#reset-cluster"), "Réinitialiser le cluster");
  assertIncludes(await page.textContent("#lesson-hint-btn"), "Indice");
  assertIncludes(await page.textContent(".step.current .run"), "Exécuter");
  await shot(page, "lesson-fr");
  await page.click("#lang-en");
  await waitText(page, ".lesson-title", "A namespace and a pod");
  assertIncludes(await page.textContent("#apply"), "Apply");
  await page.goto(page.url().split("?")[0]);
  await page.waitForSelector("body[data-ready='1']");
  await page.click("#lang-fr");
  await waitText(page, "#apply", "Appliquer");
  await page.reload();
  await page.waitForSelector("body[data-ready='1']");
  assertIncludes(await page.textContent("#apply"), "Appliquer", "the language is remembered");
  await run(page, "kubectl get ns nope");
  assertIncludes(await lastOutput(page, "kubectl get ns nope"),
    'Error from server (NotFound): namespaces "nope" not found', "kubectl stays kubectl");
});

test("lesson: narrow screen, the panel first, no sideways scrolling", async (page) => {
  await openLesson(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert(overflow <= 0, `no horizontal page scroll (${overflow}px too wide)`);
  const tops = await page.evaluate(() =>
    ["lesson", "terminal"].map((c) => document.querySelector(`.pane.${c}`).getBoundingClientRect().top));
  assert(tops[0] < tops[1], "the lesson above the terminal");
  await page.click(".step.current .exec .run");
  await waitDone(page, 1);
  await shot(page, "lesson-narrow", { fullPage: true });
}, { viewport: { width: 390, height: 844 } });

test("lesson: a laptop screen keeps the panel beside editor, terminal and cluster", async (page) => {
  await openLesson(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert(overflow <= 0, `no horizontal page scroll (${overflow}px too wide)`);
  const boxes = await page.evaluate(() =>
    Object.fromEntries(["lesson", "editor", "terminal", "cluster"].map((c) => {
      const r = document.querySelector(`.pane.${c}`).getBoundingClientRect();
      return [c, { left: r.left, width: r.width, height: r.height }];
    })));
  for (const c of ["editor", "terminal", "cluster"]) {
    assert(boxes[c].left > boxes.lesson.left + boxes.lesson.width - 1, `${c} is right of the lesson`);
    assert(boxes[c].height > 80, `${c} is usable (${boxes[c].height}px high)`);
  }
  await shot(page, "lesson-laptop");
}, { viewport: { width: 1100, height: 760 } });
