// One test per user-facing promise of the playground (issue 3, "What a user must be able to do").
// Run by scripts/browser-test.sh against the release build served on 127.0.0.1.
import {
  test, main, assert, assertIncludes, Check, open, run, screen, lastOutput, waitText, setEditor, BASE,
} from "./harness.mjs";
import "./lesson.test.mjs";
import "./exam.test.mjs";
import "./share.test.mjs";
import "./embed.test.mjs";
import "./debug.test.mjs";
import "./portforward.test.mjs";
import "./why.test.mjs";
import "./edit.test.mjs";
import "./time.test.mjs";
import "./highlight.test.mjs";
import "./snapshot.test.mjs";
import "./scale.test.mjs";
import "./map.test.mjs";

const press = (page, key) => page.press("#term-input", key);
const inputValue = (page) => page.$eval("#term-input", (e) => e.value);

test("opening shows a prompt, the sample monpod.yaml and the cluster", async (page) => {
  await open(page);
  assert((await page.textContent("#term-prompt")) === "$ ", "the prompt is `$ `");
  assert(await page.evaluate(() => document.activeElement.id === "term-input"), "the prompt has the focus");
  assertIncludes(await page.textContent(".tab.active"), "monpod.yaml", "active tab");
  const yaml = await page.$eval("#editor", (e) => e.value);
  assertIncludes(yaml, "kind: Pod", "sample file");
  assertIncludes(yaml, "name: monpod", "sample file");
  await waitText(page, "#cluster-view", "minikube");
  for (const ns of ["default", "kube-system", "kube-public", "kube-node-lease"]) {
    assert(await page.$(`details.ns[data-ns='${ns}']`), `namespace ${ns} is listed`);
  }
  const system = await page.$$("details.ns[data-ns='kube-system'] .obj.pod");
  assert(system.length >= 5, `kube-system pods are shown (saw ${system.length})`);
  await waitText(page, "details.ns[data-ns='kube-system']", "etcd-minikube");
});

test("kubectl get nodes prints the real table", async (page) => {
  await open(page);
  await run(page, "kubectl get nodes");
  const out = await lastOutput(page, "kubectl get nodes");
  // The AGE column widens with the age (2m vs 4m57s); everything else is fixed.
  assert(/^NAME       STATUS   ROLES           AGE +VERSION\n/.test(out), `header:\n${out}`);
  assert(/^minikube   Ready    control-plane   \S+ +v1\.32\.\d+\n/m.test(out), `node row:\n${out}`);
});

test("kubectl run: the pod appears and goes from ContainerCreating to Running in real time", async (page) => {
  await open(page);
  await run(page, "kubectl run web --image nginx");
  assertIncludes(await lastOutput(page, "kubectl run web --image nginx"), "pod/web created\n");
  const pod = "details.ns[data-ns='default'] .obj.pod[data-pod='web']";
  await page.waitForSelector(pod, { timeout: 3000 });
  const first = await page.$eval(pod, (e) => e.dataset.status);
  assert(["ContainerCreating", "Pending"].includes(first), `first status is ${first}`);
  await page.screenshot({ path: `${process.env.ARTIFACTS || "target/browser-artifacts"}/run-creating.png` });
  await page.waitForSelector(`${pod}[data-status='Running']`, { timeout: 20000 });
  await run(page, "kubectl get pods");
  assert(/^web    1\/1     Running   0          \d+s\n/m.test(await lastOutput(page, "kubectl get pods")),
    "kubectl agrees the pod runs");
});

const MULTI = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  colour: blue
---
apiVersion: v1
kind: Pod
metadata:
  name: multi
spec:
  containers:
  - name: app
    image: nginx
`;

test("Apply runs kubectl apply -f on the file, printed in the terminal", async (page) => {
  await open(page);
  await setEditor(page, MULTI);
  await page.waitForSelector("#yaml-status.ok");
  await page.click("#apply");
  await waitText(page, "#scrollback", "pod/multi created");
  const out = await lastOutput(page, "kubectl apply -f monpod.yaml");
  assertIncludes(out, "configmap/settings created\npod/multi created\n", "apply output");
  await waitText(page, "details.ns[data-ns='default']", "multi");
});

test("YAML errors are marked at their line while typing", async (page) => {
  await open(page);
  await setEditor(page, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n   bad: [1, 2\n");
  await page.waitForSelector("#yaml-marker");
  const line = Number(await page.$eval("#yaml-marker", (e) => e.dataset.line));
  assert(line >= 4 && line <= 6, `the marker is at the broken lines (line ${line})`);
  const msg = await page.textContent("#yaml-marker");
  assert(msg.trim().length > 0, "the marker carries the message");
  assertIncludes(await page.textContent("#yaml-status"), `Line ${line}`, "status");
  assert(await page.$(`.gutter .ln.bad`), "the gutter marks the line");
  await page.screenshot({ path: `${process.env.ARTIFACTS || "target/browser-artifacts"}/yaml-error.png` });
  await setEditor(page, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n  - name: c\n    image: nginx\n");
  await page.waitForSelector("#yaml-marker", { state: "detached" });
  assertIncludes(await page.textContent("#yaml-status"), "valid");
  // Nothing was applied: errors show before any apply.
  assert(!(await screen(page)).includes("apply"), "no command ran");
});

const NO_IMAGE = `apiVersion: v1
kind: Pod
metadata:
  name: noimage
spec:
  containers:
  - name: web
`;

test("the API server's validation errors are marked at the offending field while typing", async (page) => {
  await open(page);
  await setEditor(page, NO_IMAGE);
  const marker = ".marker.validation[data-line='7']";
  await page.waitForSelector(marker);
  assert((await page.textContent(marker)).trim() === "spec.containers[0].image: Required value",
    `the marker carries the server's message: ${await page.textContent(marker)}`);
  assert((await page.$$(".marker.validation")).length === 1, "one marker");
  assert(await page.$(".gutter .ln.warn"), "the gutter marks the line");
  assertIncludes(await page.textContent("#yaml-status"), "1 problem", "status");
  await page.screenshot({ path: `${process.env.ARTIFACTS || "target/browser-artifacts"}/validation-marker.png` });
  await setEditor(page, NO_IMAGE + "    image: nginx\n");
  await page.waitForSelector(".marker.validation", { state: "detached" });
  await page.waitForSelector("#yaml-status.ok");
});

test("hovering a field shows its explain description", async (page) => {
  await open(page);
  const yaml = await page.$eval("#editor", (e) => e.value);
  const line = yaml.split("\n").findIndex((l) => l.trim().startsWith("image:")) + 1;
  assert(line > 0, "the sample has an image: line");
  // Lines are 20px tall below a 10px padding (--lh, --pad).
  await page.hover("#editor", { position: { x: 60, y: 10 + (line - 1) * 20 + 10 } });
  await page.waitForSelector("#field-help");
  const help = await page.textContent("#field-help");
  assertIncludes(help, "FIELD: image <string>", "tooltip");
  assertIncludes(help, "Container image name", "tooltip");
  await page.screenshot({ path: `${process.env.ARTIFACTS || "target/browser-artifacts"}/field-help.png` });
  await page.mouse.move(0, 0);
  await page.waitForSelector("#field-help", { state: "detached" });
});

test("several files: new, rename, delete; -f and --kubeconfig read them", async (page) => {
  await open(page);
  await page.click("#new-file");
  await page.waitForSelector("#rename-input");
  await page.fill("#rename-input", "kc.yaml");
  await page.press("#rename-input", "Enter");
  await waitText(page, ".tab.active", "kc.yaml");
  await setEditor(page, `apiVersion: v1
kind: Config
clusters:
- cluster:
    server: https://192.168.49.2:8443
  name: minikube
contexts:
- context:
    cluster: minikube
    namespace: kube-system
    user: minikube
  name: system
current-context: system
users:
- name: minikube
  user: {}
`);
  await page.click("#new-file");
  await page.fill("#rename-input", "cm.yaml");
  await page.press("#rename-input", "Enter");
  await setEditor(page, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-tab\n");
  const tabs = await page.$$eval(".tab", (ts) => ts.map((t) => t.textContent));
  assert(tabs.length === 3, `three tabs: ${tabs}`);
  await run(page, "kubectl apply -f cm.yaml");
  assertIncludes(await lastOutput(page, "kubectl apply -f cm.yaml"), "configmap/from-tab created\n");
  await run(page, "kubectl get pods --kubeconfig=kc.yaml");
  assertIncludes(await lastOutput(page, "kubectl get pods --kubeconfig=kc.yaml"), "etcd-minikube",
    "the kubeconfig's namespace (kube-system) is used");
  // Rename with the keyboard-reachable button, then delete.
  await page.click(".tab.active [aria-label^='Rename']");
  await page.fill("#rename-input", "configmap.yaml");
  await page.press("#rename-input", "Enter");
  await waitText(page, ".tab.active", "configmap.yaml");
  await page.click(".tab.active [aria-label^='Delete']");
  await page.waitForFunction(() => document.querySelectorAll(".tab").length === 2);
  await run(page, "kubectl apply -f configmap.yaml");
  assertIncludes(await lastOutput(page, "kubectl apply -f configmap.yaml"), "configmap.yaml",
    "the deleted file is gone");
});

test("YAML and JSON views of the document", async (page) => {
  await open(page);
  await page.click("#toggle-json");
  const json = await page.textContent("#json-view");
  assertIncludes(json, '"kind": "Pod"', "JSON view");
  assertIncludes(json, '"containerPort": 80', "JSON view keeps numbers");
  assert(!(await page.$("#editor")), "the editor is replaced by the JSON view");
  await page.click("#toggle-json");
  await page.waitForSelector("#editor");
});

test("history with arrows and Ctrl-R", async (page) => {
  await open(page);
  await run(page, "kubectl get ns");
  await run(page, "kubectl get nodes");
  await page.focus("#term-input");
  await press(page, "ArrowUp");
  assert((await inputValue(page)) === "kubectl get nodes", "↑ recalls the last line");
  await press(page, "ArrowUp");
  assert((await inputValue(page)) === "kubectl get ns", "↑↑ the one before");
  await press(page, "ArrowDown");
  assert((await inputValue(page)) === "kubectl get nodes", "↓ goes forward");
  await press(page, "ArrowDown");
  assert((await inputValue(page)) === "", "↓ back to the empty line");
  await press(page, "Control+r");
  await page.keyboard.type("ns");
  assertIncludes(await page.textContent("#search-match"), "kubectl get ns", "reverse search");
  await page.screenshot({ path: `${process.env.ARTIFACTS || "target/browser-artifacts"}/reverse-search.png` });
  await press(page, "Enter");
  await waitText(page, "#scrollback", "kube-node-lease");
});

test("Tab completes commands, subcommands, flags, types and names", async (page) => {
  await open(page);
  await run(page, "kubectl run web --image nginx");
  const tab = async (text) => {
    await page.fill("#term-input", text);
    await press(page, "Tab");
    return inputValue(page);
  };
  assert((await tab("kub")) === "kubectl ", "command");
  assert((await tab("kubectl ge")) === "kubectl get ", "kubectl subcommand");
  assert((await tab("kubectl create deploy")) === "kubectl create deployment ", "create's subcommand");
  assert((await tab("kubectl get --all-n")) === "kubectl get --all-namespaces ", "flag");
  assert((await tab("kubectl get deploym")) === "kubectl get deployments.apps ", "resource type (as kubectl completes it)");
  assert((await tab("kubectl describe pods w")) === "kubectl describe pods web ", "object name");
  assert((await tab("kubectl get pods -n kube-sy")) === "kubectl get pods -n kube-system ", "namespace");
  assert((await tab("kubectl apply -f mon")) === "kubectl apply -f monpod.yaml ", "file");
  // Ambiguous: the choices are listed.
  await tab("kubectl get pod");
  const listed = await screen(page);
  assertIncludes(listed, "pods", "choices");
  assertIncludes(listed, "podtemplates", "choices");
});

test("Ctrl-C drops a line, Ctrl-L and clear wipe the screen", async (page) => {
  await open(page);
  await run(page, "kubectl get nodes");
  await page.fill("#term-input", "kubectl delete node minikube");
  await press(page, "Control+c");
  assert((await inputValue(page)) === "", "Ctrl-C empties the line");
  assertIncludes(await screen(page), "$ kubectl delete node minikube^C\n");
  await run(page, "kubectl get nodes");
  assertIncludes(await lastOutput(page, "kubectl get nodes"), "minikube", "the dropped line did not run");
  await press(page, "Control+l");
  await page.waitForFunction(() => document.querySelector("#scrollback").textContent === "");
  await run(page, "kubectl get ns", { wait: true });
  await run(page, "clear", { wait: false });
  await page.waitForFunction(() => document.querySelector("#scrollback").textContent === "");
});

test("kubectl get pods -w streams rows until Ctrl-C", async (page) => {
  await open(page);
  await run(page, "kubectl run web --image nginx");
  await run(page, "kubectl get pods -w");
  assertIncludes(await lastOutput(page, "kubectl get pods -w"), "NAME   READY   STATUS");
  assert((await page.textContent("#term-prompt")) === "", "no prompt while watching");
  // Each event row is aligned on its own, without a header, as kubectl prints watch events.
  await waitText(page, "#scrollback", "\nweb   1/1   Running   0     ", 20000);
  await page.screenshot({ path: `${process.env.ARTIFACTS || "target/browser-artifacts"}/watch.png` });
  await press(page, "Control+c");
  await waitText(page, "#term-prompt", "$ ");
  assert((await screen(page)).endsWith("^C\n"), `^C ends the watch:\n${await screen(page)}`);
  await run(page, "kubectl get pods");
  assert(/^web    1\/1     Running   0          \d+s\n/m.test(await lastOutput(page, "kubectl get pods")),
    "the prompt runs commands again");
});

test("kubectl logs -f follows a container's output until Ctrl-C", async (page) => {
  await open(page);
  await run(page, "kubectl run loop --image busybox -- sh -c 'i=0; while true; do i=$((i+1)); echo tick $i; sleep 2; done'");
  await run(page, "sleep 8");
  await run(page, "kubectl logs -f loop");
  assertIncludes(await lastOutput(page, "kubectl logs -f loop"), "tick 1\n");
  assert((await page.textContent("#term-prompt")) === "", "no prompt while following");
  // New lines arrive as the simulated clock follows the wall clock.
  await waitText(page, "#scrollback", "tick 4\n", 20000);
  await press(page, "Control+c");
  await waitText(page, "#term-prompt", "$ ");
  assert((await screen(page)).endsWith("^C\n"), `^C ends the follow:\n${await screen(page)}`);
  const seen = (await screen(page)).match(/^tick \d+$/gm) || [];
  assert(new Set(seen).size === seen.length, `each line once:\n${await screen(page)}`);
});

test("kubectl exec -it opens the container's shell with its prompt until exit", async (page) => {
  await open(page);
  await run(page, "kubectl run web --image nginx");
  const pod = "details.ns[data-ns='default'] .obj.pod[data-pod='web']";
  await page.waitForSelector(`${pod}[data-status='Running']`, { timeout: 20000 });
  await run(page, "kubectl exec -it web -- sh", { wait: false });
  await waitText(page, "#term-prompt", "# ");
  assert((await page.textContent("#term-prompt")) === "# ", "nginx's sh is dash, prompt `# `");
  await run(page, "exit", { wait: false });
  await waitText(page, "#term-prompt", "$ ");
  await run(page, "kubectl exec -it web -- bash", { wait: false });
  await waitText(page, "#term-prompt", "root@web:/# ");
  await run(page, "cat /usr/share/nginx/html/index.html");
  await waitText(page, "#scrollback", "root@web:/# cat /usr/share/nginx/html/index.html\n<!DOCTYPE html>");
  assertIncludes(await screen(page), "<title>Welcome to nginx!</title>", "the page nginx serves");
  await page.screenshot({ path: `${process.env.ARTIFACTS || "target/browser-artifacts"}/exec.png` });
  await run(page, "exit", { wait: false });
  await waitText(page, "#term-prompt", "$ ");
  await run(page, "kubectl get pods");
  assertIncludes(await lastOutput(page, "kubectl get pods"), "web", "back at the playground's prompt");
});

test("multi-line heredocs with a > prompt", async (page) => {
  await open(page);
  await run(page, "cat <<EOF | kubectl apply -f -", { wait: false });
  await waitText(page, "#term-prompt", "> ");
  for (const l of ["apiVersion: v1", "kind: Namespace", "metadata:", "  name: heredoc", "EOF"]) {
    await run(page, l, { wait: false });
  }
  await waitText(page, "#scrollback", "namespace/heredoc created");
  assert((await page.textContent("#term-prompt")) === "$ ", "back to the $ prompt");
});

test("output is selectable monospace text with columns intact", async (page) => {
  await open(page);
  await run(page, "kubectl get pods -A");
  const style = await page.$eval("#scrollback", (e) => {
    const s = getComputedStyle(e);
    return { font: s.fontFamily, select: s.userSelect, ws: s.whiteSpace };
  });
  assert(/mono/i.test(style.font), `monospace font (${style.font})`);
  assert(style.select !== "none", "selectable");
  assert(style.ws === "pre", "whitespace kept");
  const selected = await page.evaluate(() => {
    const r = document.createRange();
    r.selectNodeContents(document.querySelector("#scrollback"));
    const s = getSelection();
    s.removeAllRanges();
    s.addRange(r);
    return s.toString();
  });
  assertIncludes(selected, "NAMESPACE     NAME", "copied text keeps the columns");
});

test("reload keeps files, cluster and history; Reset cluster starts over", async (page) => {
  await open(page);
  await run(page, "kubectl run keeper --image nginx");
  await run(page, "kubectl create namespace trainer");
  await run(page, "kubectl get pod keeper -o jsonpath={.metadata.uid}");
  const uid = (await lastOutput(page, "kubectl get pod keeper -o jsonpath={.metadata.uid}")).trim();
  assert(uid.length > 8, `a uid: ${uid}`);
  await page.click("#new-file");
  await page.fill("#rename-input", "kept.yaml");
  await page.press("#rename-input", "Enter");
  await setEditor(page, "kind: Kept\n");
  await page.reload();
  await page.waitForSelector("body[data-ready='1']");
  assertIncludes(await page.textContent(".tabs"), "kept.yaml", "tabs");
  assert((await page.$eval("#editor", (e) => e.value)) === "kind: Kept\n", "file contents");
  await page.focus("#term-input");
  await press(page, "ArrowUp");
  assert((await inputValue(page)) === "kubectl get pod keeper -o jsonpath={.metadata.uid}", "history");
  await page.fill("#term-input", "");
  await run(page, "kubectl get pod keeper -o jsonpath={.metadata.uid}");
  assert((await lastOutput(page, "kubectl get pod keeper -o jsonpath={.metadata.uid}")).trim() === uid,
    "the same pod (same uid) after reload");
  await waitText(page, "#cluster-view", "trainer");
  await page.click("#reset-cluster");
  await page.waitForFunction(() => !document.querySelector("#cluster-view").textContent.includes("trainer"));
  await run(page, "kubectl get pods");
  assertIncludes(await lastOutput(page, "kubectl get pods"), "No resources found in default namespace.");
  assertIncludes(await page.textContent(".tabs"), "kept.yaml", "files survive a reset");
  await page.reload();
  await page.waitForSelector("body[data-ready='1']");
  await run(page, "kubectl get ns trainer");
  assertIncludes(await lastOutput(page, "kubectl get ns trainer"), "NotFound", "the reset survives a reload");
});

test("full or missing storage is reported and the page keeps working", async (page) => {
  await open(page);
  await run(page, "kubectl get nodes");
  await waitText(page, "#storage-notice", "will not survive a reload");
  assertIncludes(await lastOutput(page, "kubectl get nodes"), "minikube");
}, {
  init: () => {
    Storage.prototype.setItem = function () {
      throw new DOMException("quota", "QuotaExceededError");
    };
  },
});

test("state saved by earlier versions of the page restores", async (page) => {
  await open(page);
  const started = await page.evaluate(() => window.__seededStart);
  assertIncludes(await page.textContent(".tab.active"), "legacy.yaml", "the open tab");
  assert((await page.$eval("#editor", (e) => e.value)) === "kind: Legacy\n", "file contents");
  await page.focus("#term-input");
  await press(page, "ArrowUp");
  assert((await inputValue(page)) === "kubectl run old --image nginx", "history");
  await page.fill("#term-input", "");
  await run(page, "kubectl get pod old -o jsonpath={.metadata.creationTimestamp}");
  const created = (await lastOutput(page, "kubectl get pod old -o jsonpath={.metadata.creationTimestamp}")).trim();
  const want = new Date((started + 10) * 1000).toISOString().replace(/\.\d+Z$/, "Z");
  assert(created === want, `the pod was created when the log says (${created}, not ${want})`);
  await waitText(page, "#cluster-view", "legacy");
  await page.waitForSelector("details.ns[data-ns='default'] .obj.pod[data-pod='old'][data-status='Running']");
  assert(!(await page.$("#storage-notice")), "no storage notice");
}, {
  // localStorage as the page has written it since its first version: a command log replayed on
  // a clock pinned to its times, the files with the open one, the history.
  init: () => {
    if (localStorage.getItem("kubeplay.cluster")) return;
    const start = Math.floor(Date.now() / 1000) - 600;
    window.__seededStart = start;
    const sample = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: monpod\n";
    localStorage.setItem("kubeplay.cluster", JSON.stringify({
      start,
      entries: [
        { t: start + 5, line: "kubectl create namespace legacy", files: [["monpod.yaml", sample]] },
        { t: start + 10, line: "kubectl run old --image nginx" },
        { t: start + 14 },
        { t: start + 20, line: "cat <<EOF" },
        { t: start + 21, cancel: true },
      ],
    }));
    localStorage.setItem("kubeplay.files", JSON.stringify({
      files: [["monpod.yaml", sample], ["legacy.yaml", "kind: Legacy\n"]],
      active: "legacy.yaml",
    }));
    localStorage.setItem("kubeplay.history", JSON.stringify(["kubectl create namespace legacy", "kubectl run old --image nginx"]));
  },
});

test("clicking an object shows its describe output or YAML", async (page) => {
  await open(page);
  await page.click("details.ns[data-ns='kube-system'] .obj.pod >> nth=0");
  await page.waitForSelector("#detail");
  const text = await page.textContent("#detail-text");
  assertIncludes(text, "Namespace:", "describe");
  assertIncludes(text, "kube-system", "describe");
  await page.click("#show-yaml");
  await waitText(page, "#detail-text", "apiVersion: v1");
  assertIncludes(await page.textContent("#detail-text"), "kind: Pod");
  await page.screenshot({ path: `${process.env.ARTIFACTS || "target/browser-artifacts"}/detail-yaml.png` });
  await page.keyboard.press("Escape");
  await page.waitForSelector("#detail", { state: "detached" });
  await page.click(".obj.node");
  await waitText(page, "#detail-text", "Roles:");
});

test("keyboard alone: reach Apply and the cluster objects, open and close details", async (page) => {
  await open(page);
  await setEditor(page, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: by-keys\n");
  await page.focus("#term-input");
  // Shift+Tab leaves the terminal backwards, through the cluster view to the editor's toolbar.
  let found = false;
  for (let i = 0; i < 80 && !found; i++) {
    await page.keyboard.press("Shift+Tab");
    found = await page.evaluate(() => document.activeElement.id === "apply");
  }
  assert(found, "Apply is reachable with the keyboard");
  await page.keyboard.press("Enter");
  await waitText(page, "#scrollback", "configmap/by-keys created");
  // Tab forward to a pod of the cluster view and open it (in the editor, Tab indents: Escape
  // first lets Tab move on).
  found = false;
  for (let i = 0; i < 40 && !found; i++) {
    if (await page.evaluate(() => document.activeElement.id === "editor")) {
      await page.keyboard.press("Escape");
    }
    await page.keyboard.press("Tab");
    found = await page.evaluate(() => document.activeElement.classList.contains("obj"));
  }
  assert(found, "cluster objects are reachable with the keyboard");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#detail");
  assert(await page.evaluate(() => document.activeElement.id === "close-detail"), "focus moves to the panel");
  await page.keyboard.press("Escape");
  await page.waitForSelector("#detail", { state: "detached" });
  // In the editor, Tab indents and Escape then Tab moves on.
  await page.focus("#editor");
  await page.keyboard.press("Tab");
  assert(await page.evaluate(() => document.activeElement.id === "editor"), "Tab indents in the editor");
  await page.keyboard.press("Escape");
  await page.keyboard.press("Tab");
  assert(await page.evaluate(() => document.activeElement.id !== "editor"), "Escape, Tab leaves the editor");
});

test("narrow screen: one column, no sideways scrolling, everything reachable", async (page) => {
  await open(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert(overflow <= 0, `no horizontal page scroll (${overflow}px too wide)`);
  await run(page, "kubectl get nodes");
  assertIncludes(await lastOutput(page, "kubectl get nodes"), "minikube");
  const boxes = await page.evaluate(() =>
    ["terminal", "editor", "cluster"].map((c) => {
      const r = document.querySelector(`.pane.${c}`).getBoundingClientRect();
      return { c, w: r.width, top: r.top };
    }),
  );
  for (const b of boxes) assert(b.w <= 390 && b.w > 300, `${b.c} fits the width (${b.w}px)`);
  assert(boxes[0].top < boxes[1].top && boxes[1].top < boxes[2].top, "stacked: terminal, editor, cluster");
  await page.screenshot({ path: `${process.env.ARTIFACTS || "target/browser-artifacts"}/narrow-full.png`, fullPage: true });
}, { viewport: { width: 390, height: 844 } });

test("a progress indicator while loading", async (page) => {
  // Hold the wasm back to see the page before it runs.
  let release;
  const held = new Promise((r) => (release = r));
  await page.route(/\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(BASE);
  await page.waitForSelector("#loading .spinner");
  assertIncludes(await page.textContent("#loading"), "Starting the cluster");
  await page.screenshot({ path: `${process.env.ARTIFACTS || "target/browser-artifacts"}/loading.png` });
  release();
  await page.waitForSelector("body[data-ready='1']", { timeout: 15000 });
  assert(!(await page.$("#loading")), "the indicator goes away");
});

test("without WebAssembly, a clear message", async (page) => {
  await page.goto(BASE);
  await page.waitForSelector("#no-wasm");
  assertIncludes(await page.textContent("#no-wasm"), "WebAssembly");
}, {
  init: () => {
    delete window.WebAssembly;
  },
  allowErrors: true,
});

// Field help: measured on the rendered editor, placed inside its visible box.
const ART = process.env.ARTIFACTS || "target/browser-artifacts";
const LONG = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: long\n  labels:\n    app: long\nspec:\n  containers:\n" +
  Array.from({ length: 16 }, (_, i) =>
    `  - name: c${i}\n    image: nginx:1.27\n    imagePullPolicy: IfNotPresent\n    workingDir: /srv\n`).join("");

/** The editor's geometry as rendered: line height, top of line 1, visible box of the text. */
async function editorBox(page) {
  return page.evaluate(() => {
    const ta = document.querySelector("#editor");
    const st = getComputedStyle(ta);
    const r = ta.getBoundingClientRect();
    const code = document.querySelector(".code");
    const c = code.getBoundingClientRect();
    return {
      lh: parseFloat(st.lineHeight),
      first: r.top + ta.clientTop + parseFloat(st.paddingTop) - ta.scrollTop,
      x: r.left + 40,
      view: { top: c.top + code.clientTop, left: c.left + code.clientLeft,
        bottom: c.top + code.clientTop + code.clientHeight, right: c.left + code.clientLeft + code.clientWidth },
    };
  });
}
/** Hover the middle of file line `line` and wait for its tooltip; its box and text. */
async function hoverLine(page, box, line) {
  await page.mouse.move(box.x, box.first + (line - 1) * box.lh + box.lh / 2);
  await page.waitForSelector(`#field-help[data-line='${line}']`, { timeout: 3000 }).catch(async () => {
    const now = await page.$eval("#field-help", (e) => e.dataset.line).catch(() => "none");
    throw new Check(`no tooltip for line ${line} (tooltip line: ${now})`);
  });
  return page.$eval("#field-help", (e) => {
    const r = e.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, side: e.dataset.side,
      text: e.textContent, visible: getComputedStyle(e).visibility };
  });
}
function assertInside(tip, box, what) {
  const v = box.view;
  assert(tip.top >= v.top && tip.bottom <= v.bottom && tip.left >= v.left && tip.right <= v.right,
    `${what}: the tooltip ${JSON.stringify(tip)} is inside the editor ${JSON.stringify(v)}`);
  assert(tip.visible === "visible", `${what}: the tooltip is visible`);
}
function assertClearOf(tip, box, line, what) {
  const top = box.first + (line - 1) * box.lh;
  assert(tip.bottom <= top || tip.top >= top + box.lh,
    `${what}: the tooltip (${tip.top}..${tip.bottom}) leaves line ${line} (${top}..${top + box.lh}) readable`);
}

test("field help on the last visible line flips above it, inside the editor", async (page) => {
  await open(page);
  await setEditor(page, LONG);
  await page.focus("#term-input");
  for (const scroll of [0, 93]) {
    await page.$eval(".code", (e, s) => { e.scrollTop = s; }, scroll);
    const box = await editorBox(page);
    // The last line whose whole height is in sight.
    const last = Math.floor((box.view.bottom - box.first) / box.lh);
    assert(last > 10 && last < LONG.split("\n").length, `a long document (last visible line ${last})`);
    const tip = await hoverLine(page, box, last);
    assertIncludes(tip.text, "FIELD: ", "tooltip");
    assert(tip.side === "above", `no room below line ${last}: shown above (${tip.side})`);
    assertInside(tip, box, `scrolled ${scroll}px`);
    assertClearOf(tip, box, last, `scrolled ${scroll}px`);
    // And a line near the top keeps it below.
    const early = Math.ceil((box.view.top - box.first) / box.lh) + 2;
    const low = await hoverLine(page, box, early);
    assert(low.side === "below", `room below line ${early}: shown below (${low.side})`);
    assertInside(low, box, `line ${early}`);
    assertClearOf(low, box, early, `line ${early}`);
  }
  const box = await editorBox(page);
  const last = Math.floor((box.view.bottom - box.first) / box.lh);
  await hoverLine(page, box, last);
  await page.screenshot({ path: `${ART}/field-help-bottom.png` });
});

test("field help names the right field with a larger editor font", async (page) => {
  await open(page);
  await page.addStyleTag({ content: "#editor, .gutter { font-size: 20px; line-height: 31px; }" });
  const yaml = await page.$eval("#editor", (e) => e.value).then((v) => v.split("\n"));
  assert((await editorBox(page)).lh === 31, "the larger line height applies");
  for (const [key, title] of [["image:", "FIELD: image <string>"], ["containers:", "FIELD: containers <[]Container>"],
    ["- containerPort:", "FIELD: containerPort <integer>"], ["kind:", "FIELD: kind <string>"]]) {
    const line = yaml.findIndex((l) => l.trim().startsWith(key)) + 1;
    // Bring the line into sight, a little below the top of the editor.
    await page.$eval(".code", (e, y) => { e.scrollTop = y; }, Math.max(0, (line - 3) * 31));
    const box = await editorBox(page);
    const tip = await hoverLine(page, box, line);
    assertIncludes(tip.text, title, `tooltip for line ${line}`);
    assertInside(tip, box, `line ${line}`);
    assertClearOf(tip, box, line, `line ${line}`);
  }
  const line = yaml.findIndex((l) => l.trim().startsWith("image:")) + 1;
  await page.$eval(".code", (e, y) => { e.scrollTop = y; }, Math.max(0, (line - 3) * 31));
  await hoverLine(page, await editorBox(page), line);
  await page.screenshot({ path: `${ART}/field-help-large-font.png` });
});

test("field help stays inside the editor on a narrow screen", async (page) => {
  await open(page);
  await setEditor(page, LONG);
  await page.focus("#term-input");
  await page.$eval(".pane.editor", (e) => e.scrollIntoView());
  const box = await editorBox(page);
  const lines = LONG.split("\n");
  // image has a long description that must wrap; try it near the top and at the bottom.
  const last = Math.floor((box.view.bottom - box.first) / box.lh);
  let bottomImage = last;
  while (!lines[bottomImage - 1].trim().startsWith("image:")) bottomImage--;
  const topImage = lines.findIndex((l) => l.trim().startsWith("image:")) + 1;
  for (const line of [topImage, bottomImage]) {
    const tip = await hoverLine(page, box, line);
    assertIncludes(tip.text, "FIELD: image <string>", `tooltip for line ${line}`);
    assertInside(tip, box, `line ${line}`);
    assertClearOf(tip, box, line, `line ${line}`);
  }
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert(overflow <= 0, `no horizontal page scroll (${overflow}px too wide)`);
  await page.screenshot({ path: `${ART}/field-help-narrow.png` });
}, { viewport: { width: 390, height: 844 } });

test("keyboard: the caret's line is explained while the editor has the focus", async (page) => {
  await open(page);
  const yaml = (await page.$eval("#editor", (e) => e.value)).split("\n");
  const image = yaml.findIndex((l) => l.trim().startsWith("image:")) + 1;
  await page.focus("#editor");
  await page.$eval("#editor", (e) => e.setSelectionRange(0, 0));
  await page.keyboard.press("ArrowRight");
  await page.waitForSelector("#field-help[data-line='1']");
  assertIncludes(await page.textContent("#field-help"), "FIELD: apiVersion <string>", "caret on line 1");
  assert(await page.$eval("#editor", (e) => e.getAttribute("aria-describedby")) === "field-help",
    "the textarea is described by the tooltip");
  for (let i = 1; i < image; i++) await page.keyboard.press("ArrowDown");
  await page.waitForSelector(`#field-help[data-line='${image}']`);
  assertIncludes(await page.textContent("#field-help"), "FIELD: image <string>", "caret on the image line");
  const box = await editorBox(page);
  const tip = await page.$eval("#field-help", (e) => {
    const r = e.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, visible: getComputedStyle(e).visibility };
  });
  assertInside(tip, box, "caret help");
  assertClearOf(tip, box, image, "caret help");
  await page.screenshot({ path: `${ART}/field-help-keyboard.png` });
  await page.keyboard.press("Escape");
  await page.waitForSelector("#field-help", { state: "detached" });
  assert(await page.$eval("#editor", (e) => !e.hasAttribute("aria-describedby")), "no description when hidden");
  await page.keyboard.press("ArrowUp");
  await page.waitForSelector(`#field-help[data-line='${image - 1}']`);
  // Escape then Tab leaves the editor, and the help goes with the focus.
  await page.keyboard.press("Escape");
  await page.keyboard.press("Tab");
  assert(await page.evaluate(() => document.activeElement.id !== "editor"), "Escape, Tab leaves the editor");
  await page.waitForSelector("#field-help", { state: "detached" });
  await page.focus("#editor");
  await page.waitForSelector("#field-help");
  await page.$eval("#editor", (e) => e.blur());
  await page.waitForSelector("#field-help", { state: "detached" });
  // Text replaced without a key (a paste): the help follows the caret, here to an empty last line.
  await setEditor(page, NO_IMAGE);
  await page.waitForSelector(".marker.validation[data-line='7']");
  assert(!(await page.$("#field-help")), "no help left over from the caret's old line");
});

test("field help follows the text scrolled under a resting mouse", async (page) => {
  await open(page);
  await setEditor(page, LONG);
  await page.focus("#term-input");
  let box = await editorBox(page);
  const y = box.first + 9 * box.lh + box.lh / 2;
  await hoverLine(page, box, 10);
  await page.mouse.wheel(0, 3 * box.lh);
  // At least a whole line scrolled: a busy machine shows the wheel's scroll in steps.
  await page.waitForFunction((lh) => document.querySelector(".code").scrollTop >= lh, box.lh);
  box = await editorBox(page);
  const line = Math.floor((y - box.first) / box.lh) + 1;
  assert(line > 10, `the text scrolled (line ${line} is under the mouse)`);
  await page.waitForSelector(`#field-help[data-line='${line}']`);
  const tip = await page.$eval("#field-help", (e) => {
    const r = e.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, visible: getComputedStyle(e).visibility };
  });
  assertInside(tip, box, "after scrolling");
  assertClearOf(tip, box, line, "after scrolling");
});


test("the prompt paints before the cluster boots, and a line entered at once still runs on it", async (page) => {
  await open(page);
  await page.waitForFunction(() => window.__firstLineSent === true);
  await waitText(page, "#scrollback", "coredns-");
  const text = await screen(page);
  assertIncludes(text, "kube-system   etcd-minikube", "get pods -A answered by the booted cluster");
  const order = await page.evaluate(() => {
    const boot = performance.getEntriesByName("kubeplay:boot")[0];
    return { ready: window.__kubeplayReady, line: window.__firstLineAt, boot: boot ? boot.startTime : -1 };
  });
  assert(order.boot > order.ready, `the prompt (${order.ready} ms) came before the boot (${order.boot} ms)`);
  assert(order.boot >= order.line, `the line (${order.line} ms) booted the cluster (${order.boot} ms)`);
  await waitText(page, "#cluster-view", "etcd-minikube");
  assert(!(await page.$("#cluster-starting")), "the cluster view filled in");
}, {
  // Enter a line the moment the page says it is ready: before the cluster's boot, which the page
  // starts only after painting.
  init: () => {
    new MutationObserver((_, obs) => {
      if (document.body && document.body.dataset.ready === "1") {
        obs.disconnect();
        const input = document.getElementById("term-input");
        input.value = "kubectl get pods -A";
        input.dispatchEvent(new InputEvent("input", { bubbles: true }));
        // Microtasks, so the page has taken the input but no frame or timer (the boot) has run.
        queueMicrotask(() => queueMicrotask(() => {
          window.__firstLineAt = performance.now();
          input.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
          window.__firstLineSent = true;
        }));
      }
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-ready"] });
  },
});

await main();
