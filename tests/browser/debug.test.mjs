// kubectl cp and kubectl debug in the page (issue "Inside the cluster"): a file of the page's
// copied into a container and one copied out into a new tab; `debug -it` opens the debug
// container's shell, which sees its target's processes, until `exit`. Imported by
// playground.test.mjs (`scripts/browser-test.sh debug:` runs only these).
import { test, assert, assertIncludes, open, run, lastOutput, waitText, ARTIFACTS } from "./harness.mjs";

test("debug: cp both ways and debug -it with a target's processes", async (page) => {
  await open(page);
  await run(page, "kubectl run web --image nginx");
  const pod = "details.ns[data-ns='default'] .obj.pod[data-pod='web']";
  await page.waitForSelector(`${pod}[data-status='Running']`, { timeout: 20000 });
  await run(page, "echo copied in > note.txt");
  await run(page, "kubectl cp note.txt web:/tmp/note.txt");
  await run(page, "kubectl exec web -- cat /tmp/note.txt");
  assertIncludes(await lastOutput(page, "kubectl exec web -- cat /tmp/note.txt"), "copied in");
  await run(page, "kubectl cp web:/etc/nginx/conf.d/default.conf default.conf");
  await waitText(page, ".tabs", "default.conf");
  await run(page, "kubectl debug -it web --image=busybox --target=web --profile=general", { wait: false });
  await waitText(page, "#term-prompt", "/ # ");
  assertIncludes(await page.textContent("#scrollback"), "If you don't see a command prompt, try pressing enter.");
  await run(page, "ps");
  await waitText(page, "#scrollback", "nginx -g daemon off;");
  await page.screenshot({ path: `${ARTIFACTS}/debug.png` });
  await run(page, "exit", { wait: false });
  await waitText(page, "#term-prompt", "$ ");
  await run(page, "kubectl get pod web -o jsonpath='{.spec.ephemeralContainers[0].name}'");
  const name = await lastOutput(page, "kubectl get pod web -o jsonpath='{.spec.ephemeralContainers[0].name}'");
  assert(/^debugger-[a-z0-9]{5}/.test(name.trim()), `the debug container's name: ${name}`);
});
