// The exam mode (issue "Exercises", "An exam mode for a set of exercises"): opened from the
// address, a countdown, the tasks' texts and nothing of their checks, one cluster per task,
// Finish and the score with what was missed, and all of it across a reload. Also an exercise's
// profile: kind's three nodes. Imported by playground.test.mjs, so scripts/browser-test.sh runs
// these with the rest (`scripts/browser-test.sh exam:` runs only these).
import { test, assert, assertIncludes, open, run, lastOutput, waitText, ARTIFACTS } from "./harness.mjs";

const EXAM = "?exam=first-namespace,kind-nodes&lang=en";
const shot = (page, name) => page.screenshot({ path: `${ARTIFACTS}/${name}.png` });
const fresh = async (page) => {
  const t = await page.textContent("#exam-timer");
  assert(/^(20:00|19:5\d)$/.test(t), `a fresh 20-minute countdown: ${t}`);
};
const remaining = (page) => page.$eval("#exam", (e) => Number(e.dataset.remaining));

async function openExam(page, path = EXAM) {
  await open(page, path);
  await page.waitForSelector("#exam #exam-timer", { timeout: 15000 });
}

test("exam: opened from the address, counting down, nothing revealed; Finish shows the score and what was missed", async (page) => {
  await openExam(page);
  assertIncludes(await page.textContent("#exam .lesson-title"), "A namespace and a pod");
  assertIncludes(await page.textContent("#exam .lesson-meta"), "Task 1/2 · 3 pts · 20 min");
  await fresh(page);
  const first = await remaining(page);
  await page.waitForFunction((n) => Number(document.querySelector("#exam").dataset.remaining) <= n - 2, first,
    { timeout: 5000 });
  assert(/^19:\d\d$/.test(await page.textContent("#exam-timer")), "the timer counts down");
  // Nothing of the checks: no hint, solution, ✓, Run button or check line.
  const panel = await page.textContent("#exam");
  for (const secret of ["jsonpath", "✓", "Hint", "Solution"]) {
    assert(!panel.includes(secret), `the panel shows ${JSON.stringify(secret)}:\n${panel}`);
  }
  assert(!(await page.$("#exam .run, #exam .step.done, #lesson")), "no Run button, no step done, no lesson panel");
  assert((await page.$eval("#exercise-picker", (e) => e.disabled)), "the picker waits for the end");
  const picked = await page.$eval("#exercise-picker", (e) => e.options[e.selectedIndex].textContent);
  assert(picked === "Exam", `an exam from the address is not the troubleshooting one: ${picked}`);
  assertIncludes(page.url(), "?exam=first-namespace,kind-nodes&minutes=20&lang=en");
  await run(page, "kubectl create namespace dev");
  assertIncludes(await lastOutput(page, "kubectl create namespace dev"), "namespace/dev created");
  await shot(page, "exam-running");
  // Task 2 has its own cluster, on kind.
  await page.click(".task-tab[data-task='2']");
  await page.waitForSelector("#exam[data-task='2']");
  assertIncludes(await page.textContent("#exam .lesson-title"), "A kind cluster's three nodes");
  await waitText(page, "#cluster-view", "kind-worker2");
  assertIncludes(await page.textContent("#subtitle"), "kind");
  await run(page, "kubectl label node kind-worker kind-worker2 pool=web");
  assertIncludes(await lastOutput(page, "kubectl label node kind-worker kind-worker2 pool=web"), "labeled");
  await page.click("#exam-finish");
  await page.waitForSelector("#exam-score");
  assertIncludes(await page.textContent("#exam-percent"), "50%");
  assertIncludes(await page.textContent(".score-task[data-task='1'] h4"), "1/3");
  assertIncludes(await page.textContent(".score-task[data-task='2'] h4"), "2/3");
  assertIncludes(await page.textContent(".score-task[data-task='2'] .check.passed"), "2 pts");
  const missed = await page.textContent(".score-task[data-task='2'] .check.missed");
  assertIncludes(missed, "Keep new pods off a worker");
  assertIncludes(missed, "kind-worker2 still takes new pods", "the missed check's hint");
  assert(!(await page.$("#exam-timer, #exam-finish")), "no timer nor Finish once over");
  await shot(page, "exam-score");
  // Over: a line typed does not run.
  await run(page, "kubectl cordon kind-worker2");
  assertIncludes(await page.textContent("#scrollback"), "The exam is over");
  await page.click("#exam-leave-btn");
  await page.waitForSelector("#exam", { state: "detached" });
  assert(!page.url().includes("exam="), `left, the address names none: ${page.url()}`);
});

test("exam: its tasks, clusters and clock survive a reload, and so does the score", async (page) => {
  await openExam(page);
  await run(page, "kubectl create namespace dev");
  await page.click(".task-tab[data-task='2']");
  await page.waitForSelector("#exam[data-task='2']");
  await run(page, "kubectl cordon kind-worker2");
  const before = await remaining(page);
  await page.reload();
  await page.waitForSelector("#exam[data-task='2'] #exam-timer", { timeout: 15000 });
  const after = await remaining(page);
  assert(after <= before && after > before - 30, `the clock went on: ${before} s, then ${after} s`);
  await run(page, "kubectl get node kind-worker2");
  assertIncludes(await lastOutput(page, "kubectl get node kind-worker2"), "SchedulingDisabled");
  await page.click(".task-tab[data-task='1']");
  await page.waitForSelector("#exam[data-task='1']");
  await run(page, "kubectl get ns dev");
  assertIncludes(await lastOutput(page, "kubectl get ns dev"), "Active", "task 1's cluster is back");
  await page.click("#exam-finish");
  await page.waitForSelector("#exam-score");
  await page.reload();
  await page.waitForSelector("#exam-score", { timeout: 15000 });
  assertIncludes(await page.textContent("#exam-percent"), "33%");
  await page.click("#exam-restart");
  await page.waitForSelector("#exam #exam-timer");
  await fresh(page);
});

test("exam: the picker offers the troubleshooting exam", async (page) => {
  await open(page);
  await page.selectOption("#exercise-picker", "exam:troubleshooting");
  await page.waitForSelector("#exam #exam-timer");
  assert((await page.$$(".task-tab")).length === 8, "eight tasks");
  const t = await page.textContent("#exam-timer");
  assert(/^(1:25:00|1:24:5\d)$/.test(t), `an hour and 25 minutes: ${t}`);
  assertIncludes(page.url(), "?exam=fix-image-tag,fix-crashing-command,");
});

test("exam: in French, the panel's words and the tasks' texts", async (page) => {
  await openExam(page, "?exam=kind-nodes&lang=fr");
  assertIncludes(await page.textContent("#exam .lesson-title"), "Les trois nœuds d'un cluster kind");
  assertIncludes(await page.textContent("#exam-finish"), "Terminer");
  assertIncludes(await page.textContent("#exam .lesson-meta"), "Tâche 1/1");
});

test("exam: an exercise on the kind profile shows kind's three nodes", async (page) => {
  await open(page, "?exercise=kind-nodes&lang=en");
  await page.waitForSelector("#lesson .step.current", { timeout: 15000 });
  await waitText(page, "#cluster-view", "kind-worker2");
  const view = await page.textContent("#cluster-view");
  for (const n of ["kind-control-plane", "kind-worker", "kind-worker2"]) assertIncludes(view, n);
  assert(!view.includes("minikube"), "no minikube node");
  assertIncludes(await page.textContent("#subtitle"), "· kind");
  await run(page, "kubectl get nodes");
  const out = await lastOutput(page, "kubectl get nodes");
  assert(/^kind-worker2 +Ready +<none> /m.test(out), `kind's nodes:\n${out}`);
  await shot(page, "exercise-kind");
});
