// Time (issue 15): pause stops the pods' ages, a step moves them, a reload keeps the pause, a
// rewind to before a `kubectl delete` brings the pod back, and a comparison lists what changed.
import { test, assert, assertIncludes, open, run, lastOutput, waitText, ARTIFACTS } from "./harness.mjs";

/** The AGE of pod `name` in `kubectl get pods`, in seconds. */
async function age(page, name) {
  await run(page, "kubectl get pods");
  const out = await lastOutput(page, "kubectl get pods");
  const row = out.split("\n").find((l) => l.startsWith(name + " "));
  assert(row, `pod ${name} is listed:\n${out}`);
  const cell = row.trim().split(/\s+/).pop();
  let secs = 0;
  for (const [, n, unit] of cell.matchAll(/(\d+)([smhd])/g)) {
    secs += Number(n) * { s: 1, m: 60, h: 3600, d: 86400 }[unit];
  }
  return secs;
}

test("time: pause stops ages, a step moves them, rewind brings a deleted pod back", async (page) => {
  await open(page);
  await run(page, "kubectl run web --image nginx");
  await page.waitForSelector("details.ns[data-ns='default'] .obj.pod[data-pod='web'][data-status='Running']", { timeout: 20000 });

  await page.click("#time-pause");
  await waitText(page, "#sim-pace", "paused");
  const paused = await age(page, "web");
  const clock = await page.textContent("#sim-clock");
  await page.waitForTimeout(2500);
  assert((await age(page, "web")) === paused, "the age stops while paused");
  assert((await page.textContent("#sim-clock")) === clock, "the clock stops while paused");

  await page.click("#time-step-60");
  await page.waitForFunction((c) => document.querySelector("#sim-clock").textContent !== c, clock);
  const stepped = await age(page, "web");
  assert(stepped === paused + 60, `a step of 1 min moves the age from ${paused}s to ${stepped}s`);
  await page.locator("#time-bar").screenshot({ path: `${ARTIFACTS}/time-controls.png` });

  // A reload replays the pause and the step.
  const before = await page.textContent("#sim-clock");
  await page.reload();
  await page.waitForSelector("body[data-ready='1']", { timeout: 15000 });
  await waitText(page, "#sim-pace", "paused");
  await waitText(page, "#sim-clock", before);
  assert((await age(page, "web")) === stepped, "the same age after a reload");

  await page.click("#time-pause");
  await waitText(page, "#sim-pace", "1×");
  await run(page, "kubectl delete pod web");
  assertIncludes(await lastOutput(page, "kubectl delete pod web"), 'pod "web" deleted');
  await page.click("#timeline > summary");
  await page.click("#timeline li:has(code:text-is('kubectl run web --image nginx')) .rewind");
  await waitText(page, "#scrollback", "Rewound to right after: kubectl run web --image nginx.");
  await run(page, "kubectl get pod web -o name");
  assertIncludes(await lastOutput(page, "kubectl get pod web -o name"), "pod/web\n", "the pod is back");
  assert(await page.isVisible("#rewind-undo"), "the rewind can be undone");

  await page.selectOption("#compare-from", { index: 0 });
  await page.selectOption("#compare-to", { index: 1 });
  await page.click("#compare");
  await waitText(page, "#comparison", "Pod default/web");
  await page.click("#comparison .diff summary");
  await waitText(page, "#comparison pre", "+kind: Pod");
  await page.screenshot({ path: `${ARTIFACTS}/time-compare.png` });
});

/** The restart count of pod `name`. */
async function restarts(page, name) {
  const line = `kubectl get pod ${name} -o jsonpath={.status.containerStatuses[0].restartCount}`;
  await run(page, line);
  return Number((await lastOutput(page, line)).trim());
}

test("time: a crashing pod's restarts stop while paused and a step moves them; the bar in the dark theme", async (page) => {
  await page.goto("about:blank");
  await open(page, "#theme=dark");
  await run(page, 'kubectl run crash --image busybox -- sh -c "exit 1"');
  await run(page, "sleep 60");
  const before = await restarts(page, "crash");
  assert(before >= 1, `the pod restarted before the pause (${before})`);
  await page.click("#time-pause");
  await waitText(page, "#sim-pace", "paused");
  const paused = await restarts(page, "crash");
  await page.waitForTimeout(3000);
  assert((await restarts(page, "crash")) === paused, "no restart while paused");
  await page.click("#time-step-300");
  const stepped = await restarts(page, "crash");
  assert(stepped > paused, `a step of 5 min restarts it again (${paused} → ${stepped})`);
  await page.locator("#time-bar").screenshot({ path: `${ARTIFACTS}/time-controls-dark.png` });
});
