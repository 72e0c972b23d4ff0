// kubectl port-forward in the page (issue 10): in the background with `&`, curl on the learner's
// machine reaches the pod through it and the forward prints `Handling connection`; in the
// foreground it holds the terminal until Ctrl-C, as `get -w` does. Imported by
// playground.test.mjs, so scripts/browser-test.sh runs these with the rest
// (`scripts/browser-test.sh port-forward` runs only these).
import { test, assert, assertIncludes, open, run, lastOutput, screen, waitText, ARTIFACTS } from "./harness.mjs";

const POD = "details.ns[data-ns='default'] .obj.pod[data-pod='web']";

test("port-forward &: curl localhost:8080 gets nginx's welcome page through it", async (page) => {
  await open(page);
  await run(page, "kubectl run web --image nginx");
  await page.waitForSelector(`${POD}[data-status='Running']`, { timeout: 20000 });
  await run(page, "kubectl port-forward pod/web 8080:80 &");
  const started = await lastOutput(page, "kubectl port-forward pod/web 8080:80 &");
  assert(/^\[1\] \d+\nForwarding from 127\.0\.0\.1:8080 -> 80\nForwarding from \[::1\]:8080 -> 80\n/.test(started),
    `job and Forwarding lines:\n${started}`);
  assert((await page.textContent("#term-prompt")) === "$ ", "a background job leaves the prompt");
  await run(page, "curl localhost:8080");
  const got = await lastOutput(page, "curl localhost:8080");
  assert(got.startsWith("Handling connection for 8080\n<!DOCTYPE html>"), `the forward's line, then the page:\n${got}`);
  assertIncludes(got, "<title>Welcome to nginx!</title>", "nginx's welcome page");
  await run(page, "jobs");
  assertIncludes(await lastOutput(page, "jobs"), "[1]+  Running                 kubectl port-forward pod/web 8080:80 &", "jobs");
  await page.screenshot({ path: `${ARTIFACTS}/port-forward-curl.png` });
  await run(page, "kill %1");
  await run(page, "curl -sS localhost:8080");
  const after = await lastOutput(page, "curl -sS localhost:8080");
  assertIncludes(after, "curl: (7) Failed to connect to localhost port 8080 after 0 ms: Couldn't connect to server", "refused once killed");
  assertIncludes(after, "[1]+  Terminated              kubectl port-forward pod/web 8080:80", "bash's notice");
});

test("port-forward in the foreground holds the terminal until Ctrl-C", async (page) => {
  await open(page);
  await run(page, "kubectl run web --image nginx");
  await page.waitForSelector(`${POD}[data-status='Running']`, { timeout: 20000 });
  await run(page, "kubectl port-forward web 9090:80");
  assertIncludes(await lastOutput(page, "kubectl port-forward web 9090:80"), "Forwarding from 127.0.0.1:9090 -> 80\n", "listening");
  assert((await page.textContent("#term-prompt")) === "", "no prompt while forwarding");
  await page.press("#term-input", "Control+c");
  await waitText(page, "#term-prompt", "$ ");
  assert((await screen(page)).endsWith("^C\n"), `^C ends the forward:\n${await screen(page)}`);
});
