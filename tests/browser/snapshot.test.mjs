// A reload after a long history (hundreds of commands, a 1,000-pod Deployment) restores the
// cluster's snapshot from IndexedDB and replays only the log after it: the same objects come
// back, and the time to a usable prompt and to a booted cluster is printed fresh and after it.
import { test, assert, open, run, lastOutput } from "./harness.mjs";

/** The page's timings of this load: the prompt usable, the cluster booted (ms from navigation). */
async function timings(page) {
  await page.waitForFunction(() => performance.getEntriesByName("kubeplay:booted").length > 0,
    null, { timeout: 60000 });
  return page.evaluate(() => {
    const at = (name) => performance.getEntriesByName(name)[0]?.startTime;
    return {
      ready: window.__kubeplayReady,
      booted: at("kubeplay:booted"),
      restored: at("kubeplay:snapshot-restored") !== undefined,
      refused: at("kubeplay:snapshot-refused") !== undefined,
      // Where the time went: the snapshot's read and decoding, and the log replayed after it.
      phases: ["idb-load", "idb-loaded", "boot", "snapshot-restore", "snapshot-restored", "booted"]
        .map((p) => `${p} ${Math.round(at(`kubeplay:${p}`) ?? -1)}`).join(", "),
    };
  });
}

async function reload(page) {
  await page.reload();
  await page.waitForSelector("body[data-ready='1']", { timeout: 60000 });
  return timings(page);
}

/** The snapshot IndexedDB holds, in bytes (0 when none). */
function snapshotSize(page) {
  return page.evaluate(() => new Promise((done) => {
    const open = indexedDB.open("kubeplay", 1);
    open.onerror = () => done(0);
    open.onsuccess = () => {
      const get = open.result.transaction("snapshots").objectStore("snapshots").get("kubeplay.snapshot");
      get.onsuccess = () => done(get.result ? get.result.length : 0);
      get.onerror = () => done(0);
    };
  }));
}

// What does not move with the wall clock between the two loads (ages and readiness do).
const CHECKS = [
  "kubectl get deployments -A -o custom-columns=NAME:.metadata.name,UID:.metadata.uid,CREATED:.metadata.creationTimestamp",
  "kubectl get pods -A --no-headers | wc -l",
  "kubectl get pods -l app=big -o custom-columns=NAME:.metadata.name,UID:.metadata.uid,CREATED:.metadata.creationTimestamp --no-headers | tail -3",
  "kubectl get replicasets -o custom-columns=NAME:.metadata.name,UID:.metadata.uid --no-headers",
  "kubectl get configmaps --no-headers | wc -l",
  "kubectl get cm c7 -o jsonpath={.metadata.uid}",
  "echo $KEPT",
];

async function answers(page) {
  const out = [];
  for (const line of CHECKS) {
    await run(page, line);
    out.push(await lastOutput(page, line));
  }
  return out;
}

test("a reload after a long history restores the same objects from the snapshot", async (page) => {
  await open(page);
  await run(page, "kubectl get nodes");
  const fresh = await reload(page);

  await run(page, "export KEPT=yes; echo exported");
  for (let i = 0; i < 150; i++) {
    await run(page, `kubectl create configmap c${i} --from-literal=n=${i}`);
    await run(page, `kubectl get configmap c${i} -o name`);
  }
  await run(page, "kubectl create deployment big --image nginx --replicas 1000");
  await run(page, "sleep 60");
  await page.waitForFunction(() => performance.getEntriesByName("kubeplay:idb-saved").length > 0,
    null, { timeout: 60000 });
  const before = await answers(page);
  assert(before[1].trim() === "1000" || Number(before[1]) >= 1000, `1,000 pods: ${before[1]}`);
  const size = await snapshotSize(page);
  assert(size > 0, "a snapshot in IndexedDB");

  // The page hidden (the learner switches tabs) keeps a snapshot of the cluster as it is.
  const saved = () => performance.getEntriesByName("kubeplay:idb-saved").length;
  const count = await page.evaluate(saved);
  await page.evaluate(() => {
    Object.defineProperty(document, "hidden", { value: true, configurable: true });
    document.dispatchEvent(new Event("visibilitychange"));
  });
  await page.waitForFunction((n) => performance.getEntriesByName("kubeplay:idb-saved").length > n,
    count, { timeout: 60000 });
  const after = await reload(page);
  assert(after.restored && !after.refused, `the snapshot was used: ${JSON.stringify(after)}`);
  const again = await answers(page);
  for (let i = 0; i < CHECKS.length; i++) {
    assert(again[i] === before[i], `${CHECKS[i]}:\nbefore ${before[i]}\nafter  ${again[i]}`);
  }
  const ms = (x) => `${Math.round(x)} ms`;
  console.log(`     snapshot ${Math.round(size / 1024)} KiB; reload fresh: prompt ${ms(fresh.ready)}, booted ${ms(fresh.booted)}; `
    + `after 300 commands and 1,000 pods: prompt ${ms(after.ready)}, booted ${ms(after.booted)}\n`
    + `     marks after the history (ms): ${after.phases}`);
});
