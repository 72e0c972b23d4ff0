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

test("why explains a Pending pod that asks for more cpu than the node has", async (page) => {
  await open(page);
  await run(page, "kubectl run big --image nginx --overrides '{\"spec\":{\"containers\":[{\"name\":\"big\",\"image\":\"nginx\",\"resources\":{\"requests\":{\"cpu\":\"40\"}}}]}}'");
  await run(page, "sleep 5");
  await run(page, "why pod/big");
  const out = await lastOutput(page, "why pod/big");
  assertIncludes(out, "pod/big is Pending\n", "the pod's state");
  assertIncludes(out, "0/1 nodes are available: 1 Insufficient cpu.", "the scheduler's words");
  assertIncludes(out, "(from event FailedScheduling)", "its source");
  assertIncludes(out, "the pod requests cpu 40; node minikube has 8 allocatable", "the figures");
  assertIncludes(out, "kubectl describe node minikube\n", "the commands");
});

test("why explains a Service whose selector finds no pod", async (page) => {
  await open(page);
  await run(page, "kubectl create deployment api --image nginx");
  await run(page, "kubectl create service clusterip web --tcp 80");
  await run(page, "why svc/web");
  const out = await lastOutput(page, "why svc/web");
  assertIncludes(out, "service/web has no ready endpoints (0 not ready)", "the Service's state");
  assertIncludes(out, "→ no pod in namespace default has the labels app=web", "the selector");
  assertIncludes(out, "→ pods here carry app=api instead of app=web", "what the pods carry");
  assertIncludes(out, "kubectl get pods -l app=web\n", "the commands");
});
