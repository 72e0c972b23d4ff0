// `why`: in the terminal and beside the object, the chain of causes of an unhealthy object.
import { test, assertIncludes, open, run, lastOutput, waitText } from "./harness.mjs";

test("why explains a pod whose image does not pull, in the terminal and in its side panel", async (page) => {
  await open(page);
  await run(page, "kubectl run bad --image nginx:nope");
  await run(page, "sleep 30");
  await run(page, "why pod/bad");
  const out = await lastOutput(page, "why pod/bad");
  assertIncludes(out, "pod/bad is Pending\n", "the pod's state");
  assertIncludes(out, "container bad is waiting: ImagePullBackOff", "the waiting reason");
  assertIncludes(out, "(from status.containerStatuses[bad].state.waiting)", "its source");
  assertIncludes(out, "See for yourself:\n  kubectl describe pod bad\n", "the commands");
  await page.click("details.ns[data-ns='default'] .obj.pod[data-pod='bad']");
  await page.waitForSelector("#detail");
  await page.click("#show-why");
  await waitText(page, "#detail-text", "ImagePullBackOff");
  assertIncludes(await page.textContent("#detail .command"), "why pod/bad -n default");
  await page.screenshot({ path: `${process.env.ARTIFACTS || "target/browser-artifacts"}/detail-why.png` });
});
