// kubectl edit in the page (issue 11): the object opens in a new editor tab with kubectl's
// header, the terminal waits; Save (or Ctrl-S) patches it, a rejected save reopens the tab with
// kubectl's error block, closing the tab or Ctrl-C cancels. Imported by playground.test.mjs, so
// scripts/browser-test.sh runs these with the rest (`scripts/browser-test.sh "kubectl edit"`
// runs only these).
import { test, assert, assertIncludes, open, run, lastOutput, screen, waitText, setEditor, ARTIFACTS } from "./harness.mjs";

/** `kubectl edit deploy/web` on a fresh deployment: the edit tab is open and the terminal waits. */
async function startEdit(page) {
  await open(page);
  await run(page, "kubectl create deployment web --image nginx");
  await run(page, "kubectl edit deploy/web");
  await page.waitForSelector("#save-edit");
  const text = await page.inputValue("#editor");
  assert(text.startsWith("# Please edit the object below. Lines beginning with a '#' will be ignored,\n"), `kubectl's header:\n${text}`);
  assertIncludes(text, "  replicas: 1\n", "the deployment's YAML");
  assert((await page.textContent("#term-prompt")) === "", "no prompt while the editor has the file");
  assertIncludes(await screen(page), "is open in the editor. Save (Ctrl-S) applies it", "the terminal says it waits");
  return text;
}

test("kubectl edit: Save patches the deployment and get shows the new replicas", async (page) => {
  const text = await startEdit(page);
  await setEditor(page, text.replace("  replicas: 1\n", "  replicas: 3\n"));
  await page.screenshot({ path: `${ARTIFACTS}/kubectl-edit-open.png` });
  await page.click("#save-edit");
  await waitText(page, "#term-prompt", "$ ");
  assert((await screen(page)).endsWith("deployment.apps/web edited\n"), `edited:\n${await screen(page)}`);
  assert(!(await page.$("#save-edit")), "the edit tab is gone");
  await run(page, "kubectl get deploy web -o jsonpath='{.spec.replicas}'");
  assert((await lastOutput(page, "kubectl get deploy web -o jsonpath='{.spec.replicas}'")) === "3",
    `replicas: ${await lastOutput(page, "kubectl get deploy web -o jsonpath='{.spec.replicas}'")}`);
});

test("kubectl edit: an invalid edit reopens with the error block, Ctrl-S then saves the fix", async (page) => {
  const text = await startEdit(page);
  await setEditor(page, text.replace("  replicas: 1\n", "  replicas: -1\n"));
  await page.press("#editor", "Control+s");
  await waitText(page, "#scrollback", "error: deployments.apps \"web\" is invalid\n");
  const reopened = await page.inputValue("#editor");
  assertIncludes(reopened, "# deployments.apps \"web\" was not valid:\n# * spec.replicas: Invalid value: -1: must be greater than or equal to 0\n#\n", "kubectl's error block");
  assert((await page.textContent("#term-prompt")) === "", "the terminal still waits");
  assert((await page.$$(".tab")).length === 2, "the sample and the one edit tab");
  assert((await page.$eval(".code", (e) => e.scrollTop)) === 0, "the reopened file shows from its top");
  await page.screenshot({ path: `${ARTIFACTS}/kubectl-edit-reopened.png` });
  await setEditor(page, reopened.replace("  replicas: -1\n", "  replicas: 2\n"));
  await page.press("#editor", "Control+s");
  await waitText(page, "#term-prompt", "$ ");
  assert((await screen(page)).endsWith("deployment.apps/web edited\n"), `edited:\n${await screen(page)}`);
});

test("kubectl edit: closing the tab or Ctrl-C cancels", async (page) => {
  await startEdit(page);
  await page.click("#close-edit");
  await waitText(page, "#term-prompt", "$ ");
  assert((await screen(page)).endsWith("Edit cancelled, no changes made.\n"), `cancelled:\n${await screen(page)}`);
  await run(page, "kubectl edit deploy/web");
  await page.waitForSelector("#save-edit");
  await page.press("#term-input", "Control+c");
  await waitText(page, "#term-prompt", "$ ");
  assert((await screen(page)).endsWith("^C\n"), `^C:\n${await screen(page)}`);
  assert(!(await page.$("#save-edit")), "the edit tab is gone");
});
