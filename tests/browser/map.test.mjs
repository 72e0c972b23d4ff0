// The cluster map (issue 15): owner chains, Services with their endpoints, a rollout stepping,
// 1,000 pods aggregated, keyboard navigation, light and dark themes and a narrow screen.
import { test, assert, assertIncludes, open, run, waitText, BASE, ARTIFACTS } from "./harness.mjs";

const shot = (page, name, opts = {}) => page.screenshot({ path: `${ARTIFACTS}/${name}.png`, ...opts });
const item = (kind, name) => `li.map-item[data-kind='${kind}'][data-name='${name}']`;
const summaries = (page, sel) => page.$$eval(sel, (es) => es.map((e) => e.querySelector(":scope > .map-obj .map-sum").textContent));

async function showMap(page) {
  await page.click("#tab-map");
  await page.waitForSelector("#cluster-map #map-body", { timeout: 10000 });
}

test("the map draws Deployment → ReplicaSet → pods and a Service with its endpoints, and steps with a rollout", async (page) => {
  await open(page);
  await showMap(page);
  await run(page, "kubectl create deployment web --image nginx --replicas 3");
  await run(page, "kubectl expose deployment web --port 80");
  await run(page, "sleep 20");
  const dep = item("deployment", "web");
  await waitText(page, `${dep} > .map-obj .map-sum`, "3/3 ready");
  const sets = await summaries(page, `${dep} li.map-item[data-kind='replicaset']`);
  assert(sets.length === 1 && sets[0].startsWith("revision 1 · 3/3 ready"), `one ReplicaSet, revision 1: ${sets}`);
  assert((await page.$$(`${dep} .map-pods[data-total='3'] .map-pod[data-status='Running']`)).length === 3, "3 running pods");
  const svc = item("service", "web");
  await waitText(page, `${svc} > .map-obj`, "endpoints: 3 ready, 0 not ready");
  assertIncludes(await page.textContent(`${svc} > .map-obj .map-note`), "selects app=web → deployment web");
  assertIncludes(await page.textContent("#map-text"), "Deployment web: 3/3 ready", "the text version");
  await shot(page, "map-light");

  // The rollout: a second ReplicaSet appears and both counts step as time passes.
  await run(page, "kubectl set image deployment/web nginx=nginx:1.27");
  const seen = [];
  for (let k = 0; k < 20; k++) {
    const now = (await summaries(page, `${dep} li.map-item[data-kind='replicaset']`)).join(" | ");
    if (seen[seen.length - 1] !== now) seen.push(now);
    if (now.startsWith("revision 2 · 3/3 ready") && now.includes("revision 1 · 0/0 ready")) break;
    await run(page, "sleep 2");
  }
  const last = seen[seen.length - 1];
  assert(last.startsWith("revision 2 · 3/3 ready") && last.includes("revision 1 · 0/0 ready"), `the rollout ends: ${seen.join("\n")}`);
  assert(seen.length >= 3, `the counts stepped: ${seen.join("\n")}`);
  console.log(`     rollout as the map showed it:\n       ${seen.join("\n       ")}`);

  // Keyboard: arrows move from the Deployment to its newest ReplicaSet, Enter opens it.
  await page.focus(`${dep} > .map-obj`);
  await page.keyboard.press("ArrowDown");
  const focused = await page.evaluate(() => document.activeElement.closest("li.map-item").dataset.kind);
  assert(focused === "replicaset", `ArrowDown went to ${focused}`);
  await page.keyboard.press("ArrowLeft");
  assert(await page.evaluate(() => document.activeElement.closest("li.map-item").dataset.kind === "deployment"), "ArrowLeft goes back to the owner");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#detail");
  assertIncludes(await page.textContent("#detail .command"), "kubectl describe replicaset web-");
  await page.keyboard.press("Escape");

  // Filters: the Services alone.
  await page.selectOption("#map-kind", "service");
  await page.waitForFunction(() => !document.querySelector("li.map-item[data-kind='deployment']"));
  assert(await page.$(svc), "the Service stays");
  await page.selectOption("#map-kind", "");
  await page.waitForSelector(dep);

  // Dark theme (chosen by the address, as embeds do), then a narrow screen.
  await page.goto("about:blank");
  await page.goto(BASE + "#theme=dark");
  await page.waitForSelector("body[data-ready='1']");
  await showMap(page);
  await page.waitForSelector(`${dep} li.map-item[data-kind='replicaset']`, { timeout: 20000 });
  await shot(page, "map-dark");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.$eval("#cluster-map", (e) => e.scrollIntoView());
  await shot(page, "map-narrow-dark");
});

test("the map stays responsive at 1,000 pods: counted by status, a virtualized list", async (page) => {
  await open(page);
  await showMap(page);
  await run(page, "kubectl create deployment big --image nginx --replicas 1000");
  const group = `${item("deployment", "big")} .map-pods[data-total='1000']`;
  await page.waitForSelector(group, { timeout: 60000 });
  // One minikube node takes 110 pods: the others stay Pending, counted beside the running ones.
  await run(page, "sleep 30");
  await page.waitForSelector(`${group} .pill[data-status='Running']`, { timeout: 60000 });
  const counts = await page.$$eval(`${group} .map-counts .pill`, (l) => l.map((e) => e.textContent));
  const sum = counts.reduce((n, c) => n + parseInt(c, 10), 0);
  assert(sum === 1000 && counts.some((c) => c.endsWith("Pending")), `counted by status: ${counts}`);
  const drawn = await page.$$eval(`${group} .map-rows-inner > li`, (l) => l.length);
  assert(drawn > 0 && drawn <= 20, `only the rows in sight are elements: ${drawn}`);
  // Scrolling brings the 500th pod in.
  await page.$eval(`${group} .map-rows`, (e) => { e.scrollTop = 26 * 500; e.dispatchEvent(new Event("scroll")); });
  await page.waitForFunction((sel) => document.querySelector(`${sel} li[aria-posinset='501']`), group);

  // Responsiveness: long tasks over five heartbeats, and a click's time to the redrawn map.
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((l) => window.__long.push(...l.getEntries().map((e) => e.duration))).observe({ entryTypes: ["longtask"] });
  });
  await page.waitForTimeout(5000);
  const long = await page.evaluate(() => window.__long);
  const t0 = Date.now();
  await page.click("#map-by-node");
  // The node holds what it can; the rest wait, not placed on any node.
  await page.waitForSelector(".map-nodes li.map-item[data-kind='node'][data-name='minikube'] .map-pods");
  await page.waitForSelector(".map-nodes li.map-item[data-kind='node'][data-name=''] .map-pods .pill[data-status='Pending']");
  const toggle = Date.now() - t0;
  const t1 = Date.now();
  await page.click("#map-by-owner");
  await page.waitForSelector(group);
  const back = Date.now() - t1;
  // A rollout of the 1,000: every heartbeat rebuilds the map while pods come and go. (The command
  // itself is the controllers' work, as long with the tables shown.)
  const t2 = Date.now();
  await page.fill("#term-input", "kubectl set image deployment/big nginx=nginx:1.27");
  await page.press("#term-input", "Enter", { timeout: 120000 });
  await page.waitForFunction(() => document.querySelector("#scrollback").textContent.includes("image updated"), null, { timeout: 120000 });
  const command = Date.now() - t2;
  await page.evaluate(() => { window.__long = []; });
  await page.waitForTimeout(5000);
  const rolling = await page.evaluate(() => window.__long);
  assert(Math.max(0, ...rolling) < 2000, `a heartbeat during the rollout stays short: ${rolling}`);
  await page.waitForSelector(`${item("deployment", "big")} li.map-item[data-kind='replicaset'] + li.map-item[data-kind='replicaset']`);
  console.log(`     1,000-pod rollout: the command ${command} ms, then the longest heartbeat task ${Math.round(Math.max(0, ...rolling))} ms (${rolling.length} over 50 ms in 5 s)`);
  console.log(`     1,000 pods: longest task while ticking ${Math.round(Math.max(0, ...long))} ms (${long.length} over 50 ms in 5 s); by node ${toggle} ms, back ${back} ms`);
  assert(back < 3000 && toggle < 3000, "a click redraws the map within 3 s");
  await shot(page, "map-1000-pods");
});
