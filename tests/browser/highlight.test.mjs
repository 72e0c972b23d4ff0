// The editor's YAML colours (issue 15): the transparent textarea over its coloured copy, spans
// with their classes, the caret and undo kept while typing, a 2,000-line file re-coloured within
// a frame or two of a keystroke, and screenshots in the light and dark themes. Imported by
// playground.test.mjs (`scripts/browser-test.sh highlight` runs only these).
import { test, assert, assertIncludes, open, setEditor, ARTIFACTS } from "./harness.mjs";

const MANIFEST = `# the web tier
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web   # its name
  labels: {app: web, "tier": front}
spec:
  replicas: 3
  paused: false
  template:
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        args: ["-g", 'daemon off;']
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: &n settings
data:
  copy: *n
  script: |
    echo key: value # not a comment
  enabled: !!str yes
`;

/** The drawn copy of file line `n`: its text and its spans as [class, text]. */
async function drawn(page, n) {
  return page.$eval(`#highlight .hl-line[data-line="${n}"]`, (l) => ({
    text: l.textContent,
    spans: [...l.querySelectorAll("span:not(.hl-guide)")].map((s) => [s.className, s.textContent]),
  }));
}

/** Waits until line `n` is drawn with `text`. */
async function drawnAs(page, n, text) {
  await page.waitForFunction(([n, text]) => {
    const l = document.querySelector(`#highlight .hl-line[data-line="${n}"]`);
    return l && l.textContent === text;
  }, [n, text], { timeout: 5000 });
}

test("highlight: keys, values, comments, anchors and documents in their colours, over the textarea", async (page, context) => {
  await open(page);
  await setEditor(page, MANIFEST);
  await drawnAs(page, 1, "# the web tier");
  const want = {
    1: [["hl-comment", "# the web tier"]],
    5: [["hl-key", "name"], ["hl-punct", ":"], ["hl-str", "web"], ["hl-comment", "# its name"]],
    6: [["hl-key", "labels"], ["hl-punct", ":"], ["hl-br0", "{"], ["hl-key", "app"], ["hl-punct", ":"],
      ["hl-str", "web"], ["hl-punct", ","], ["hl-key", "\"tier\""], ["hl-punct", ":"], ["hl-str", "front"], ["hl-br0", "}"]],
    8: [["hl-key", "replicas"], ["hl-punct", ":"], ["hl-num", "3"]],
    9: [["hl-key", "paused"], ["hl-punct", ":"], ["hl-bool", "false"]],
    16: [["hl-doc", "---"]],
    20: [["hl-key", "name"], ["hl-punct", ":"], ["hl-anchor", "&n"], ["hl-str", "settings"]],
    22: [["hl-key", "copy"], ["hl-punct", ":"], ["hl-alias", "*n"]],
    24: [["hl-block", "echo key: value # not a comment"]],
    25: [["hl-key", "enabled"], ["hl-punct", ":"], ["hl-tag", "!!str"], ["hl-bool", "yes"]],
  };
  for (const [n, spans] of Object.entries(want)) {
    const got = await drawn(page, n);
    assert(JSON.stringify(got.spans) === JSON.stringify(spans), `line ${n}: ${JSON.stringify(got.spans)}`);
  }
  // Every line of the text is drawn, character for character.
  const lines = MANIFEST.split("\n");
  for (let n = 1; n <= lines.length; n++) {
    assert((await drawn(page, n)).text === lines[n - 1], `line ${n} drawn as typed`);
  }
  // The copy sits exactly under the textarea's text: same first line, same column width.
  const geo = await page.evaluate(() => {
    const ta = document.querySelector("#editor");
    const first = document.querySelector('#highlight .hl-line[data-line="1"]').getBoundingClientRect();
    const r = ta.getBoundingClientRect();
    const cs = getComputedStyle(ta);
    const key = document.querySelector('#highlight .hl-line[data-line="5"] .hl-key').getBoundingClientRect();
    return {
      dy: first.top - (r.top + parseFloat(cs.paddingTop)),
      dx: first.left - (r.left + parseFloat(cs.paddingLeft)),
      keyCol: (key.left - first.left) / (key.width / 4),
      color: cs.color,
      keyColor: getComputedStyle(document.querySelector(".hl-key")).color,
      strColor: getComputedStyle(document.querySelector(".hl-str")).color,
    };
  });
  assert(Math.abs(geo.dy) < 0.5 && Math.abs(geo.dx) < 0.5, `the copy is under the text: ${JSON.stringify(geo)}`);
  assert(Math.abs(geo.keyCol - 2) < 0.01, `\`name\` starts at column 2: ${geo.keyCol}`);
  assert(geo.color === "rgba(0, 0, 0, 0)", `the textarea's own text is transparent: ${geo.color}`);
  assert(geo.keyColor !== geo.strColor, "keys and strings differ in colour");
  // Indent guides under the nested lines.
  const guides = await page.$$eval('#highlight .hl-line[data-line="14"] .hl-guide', (g) => g.length);
  assert(guides === 4, `line 14 has guides at its four open indentations (saw ${guides})`);
  await page.screenshot({ path: `${ARTIFACTS}/highlight-light.png` });
  // The dark theme (a page of its own: the option is read when the page opens): the same spans in
  // its own colours.
  const darkPage = await context.newPage();
  await open(darkPage, "#theme=dark");
  await drawnAs(darkPage, 1, "# the web tier");
  const dark = await darkPage.evaluate(() => ({
    key: getComputedStyle(document.querySelector(".hl-key")).color,
    bg: getComputedStyle(document.querySelector(".editor")).backgroundColor,
  }));
  assert(dark.key !== geo.keyColor, `keys have a dark-theme colour: ${JSON.stringify(dark)}`);
  await darkPage.screenshot({ path: `${ARTIFACTS}/highlight-dark.png` });
});

test("highlight: typing in the middle of a line keeps the caret, updates the spans, and undo works", async (page) => {
  await open(page);
  await setEditor(page, MANIFEST);
  await drawnAs(page, 5, "  name: web   # its name");
  const at = MANIFEST.indexOf("name: web") + "name: we".length;
  await page.focus("#editor");
  await page.$eval("#editor", (e, at) => e.setSelectionRange(at, at), at);
  await page.keyboard.type("XY");
  await drawnAs(page, 5, "  name: weXYb   # its name");
  const caret = await page.$eval("#editor", (e) => [e.selectionStart, e.selectionEnd]);
  assert(caret[0] === at + 2 && caret[1] === at + 2, `the caret is after the typed text: ${caret} (want ${at + 2})`);
  const spans = (await drawn(page, 5)).spans;
  assert(JSON.stringify(spans[2]) === JSON.stringify(["hl-str", "weXYb"]), `the value's span: ${JSON.stringify(spans)}`);
  // A colon turns the value into a key.
  await page.keyboard.type(":");
  await drawnAs(page, 5, "  name: weXY:b   # its name");
  await page.keyboard.type(" ");
  await drawnAs(page, 5, "  name: weXY: b   # its name");
  assertIncludes(JSON.stringify((await drawn(page, 5)).spans), "[\"hl-key\",\"weXY\"]", "a nested key");
  // Undo (the browser's, typing grouped as it groups it) brings back the text and its colours.
  let undos = 0;
  while ((await page.inputValue("#editor")) !== MANIFEST && undos < 4) {
    await page.keyboard.press("Control+z");
    undos++;
  }
  assert((await page.inputValue("#editor")) === MANIFEST, `undo restores the text (${undos} undos)`);
  await drawnAs(page, 5, "  name: web   # its name");
  const back = await page.$eval("#editor", (e) => e.selectionStart);
  assert(back === at, `the caret is back where the typing began: ${back} (want ${at})`);
  await page.screenshot({ path: `${ARTIFACTS}/highlight-typing.png` });
});

/** A 2,000-line file: deployments one after another. */
function big() {
  const doc = MANIFEST.split("---\n")[0] + "---\n";
  let text = "";
  while (text.split("\n").length < 2000) text += doc;
  return text.split("\n").slice(0, 2000).join("\n");
}

test("highlight: a 2,000-line file re-colours a keystroke within a frame or two", async (page) => {
  await open(page);
  const text = big();
  // Pasted in one input event (filling it key by key would time the harness, not the page).
  await page.$eval("#editor", (e, t) => {
    e.value = t;
    e.dispatchEvent(new Event("input", { bubbles: true }));
  }, text);
  await drawnAs(page, 1, "# the web tier");
  // The caret in a value on line 1,000, scrolled into view (its neighbours drawn, the rest not).
  const target = 1000;
  const line = text.split("\n")[target - 1];
  const offset = text.split("\n").slice(0, target - 1).join("\n").length + 1 + Math.floor(line.length / 2);
  await page.focus("#editor");
  await page.$eval("#editor", (e, at) => e.setSelectionRange(at, at), offset);
  await page.$eval(".code", (v, n) => { v.scrollTop = (n - 5) * 20; }, target);
  await drawnAs(page, target, line);
  const drawnLines = await page.$$eval("#highlight .hl-line", (l) => l.length);
  assert(drawnLines < 300, `only the lines in view are drawn (${drawnLines})`);
  const times = [];
  for (let i = 0; i < 7; i++) {
    // One keystroke as the browser types it (an input event with undo), timed to the frame that
    // shows its colours.
    const t = await page.evaluate(([n]) => new Promise((done) => {
      const l = () => document.querySelector(`#highlight .hl-line[data-line="${n}"]`);
      const before = l().textContent;
      const t0 = performance.now();
      document.execCommand("insertText", false, "x");
      const sync = performance.now() - t0;
      let frames = 0;
      const check = () => {
        frames++;
        if (l() && l().textContent !== before) {
          done({ ms: performance.now() - t0, sync, frames, lex: parseFloat(document.querySelector("#highlight").dataset.ms) });
        } else if (frames > 120) {
          done({ ms: Infinity, sync, frames, lex: NaN });
        } else {
          requestAnimationFrame(check);
        }
      };
      if (l().textContent !== before) done({ ms: performance.now() - t0, sync, frames: 0, lex: parseFloat(document.querySelector("#highlight").dataset.ms) });
      else requestAnimationFrame(check);
    }), [target]);
    times.push(t);
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const ms = median(times.map((t) => t.ms));
  const frames = median(times.map((t) => t.frames));
  const lex = median(times.map((t) => t.lex));
  const sync = median(times.map((t) => t.sync));
  console.log(`     2,000 lines: a keystroke is re-coloured in ${ms.toFixed(1)} ms (median of 7; ${frames} frame(s); ` +
    `input handling ${sync.toFixed(1)} ms, of which lexing ${lex.toFixed(2)} ms)`);
  assert(frames <= 2, `re-coloured within two frames: ${JSON.stringify(times)}`);
  const value = await page.inputValue("#editor");
  assert(value.split("\n")[target - 1].includes("xxxxxxx"), "the keystrokes went into line 1,000");
  await page.screenshot({ path: `${ARTIFACTS}/highlight-2000-lines.png` });
});
