/* kubeplay's embed: <kube-playground> runs a playground in an iframe of the build this file sits
   next to. Each element is its own playground (its own cluster, files and storage keys). Plain
   JavaScript, no dependency; docs/embedding.md documents the element, its attributes, its API and
   the postMessage protocol underneath, which a plain <iframe> can use too. */
(function () {
  "use strict";
  if (!window.customElements || customElements.get("kube-playground")) return;

  var here = document.currentScript && document.currentScript.src;
  // The build's folder: where embed.js was loaded from (no query or fragment).
  var BASE = here ? here.replace(/[?#].*$/, "").replace(/[^/]*$/, "") : "./";
  var OPTIONS = ["layout", "profile", "exercise", "theme", "lang", "persist"];
  var MIN_HEIGHT = 240;

  var CSS =
    ":host{display:block;margin:1em 0}" +
    ".kp{position:relative;border:1px solid #dfe3ea;border-radius:8px;overflow:hidden;background:#fff;color:#1f2733;font:14px/1.45 system-ui,sans-serif}" +
    ".static{padding:10px 12px}" +
    ".static pre{margin:0 0 10px;padding:8px 10px;border-radius:6px;background:#f4f6f9;overflow:auto;font:13px/1.5 ui-monospace,Menlo,Consolas,monospace;white-space:pre}" +
    ".static pre.shell{background:#1b2230;color:#dfe5ee}" +
    ".name{display:block;font:600 12px/1.6 system-ui,sans-serif;color:#667085}" +
    ".bar{display:flex;align-items:center;gap:10px}" +
    "button{font:inherit;font-weight:600;border:0;border-radius:6px;padding:6px 14px;background:#326ce5;color:#fff;cursor:pointer}" +
    ".msg{color:#667085}.msg.bad{color:#c23a3a}" +
    "iframe{display:block;width:100%;border:0}" +
    ".loading iframe{position:absolute;top:0;left:0;opacity:0;pointer-events:none}" +
    ".running .static{display:none}" +
    ".dark{background:#171e2a;color:#dfe5ee;border-color:#2a3344}.dark .static pre{background:#10151e}" +
    "@media (prefers-color-scheme:dark){.auto{background:#171e2a;color:#dfe5ee;border-color:#2a3344}.auto .static pre{background:#10151e}}";

  var WORDS = {
    en: { start: "Start the playground", loading: "Starting the playground…", failed: "The playground could not start; here are its files and commands." },
    fr: { start: "Lancer le bac à sable", loading: "Démarrage du bac à sable…", failed: "Le bac à sable n'a pas pu démarrer ; voici ses fichiers et ses commandes." },
  };

  // Authors indent what they write inside HTML: drop the common indentation and blank edges.
  function dedent(text) {
    var lines = text.replace(/\r\n?/g, "\n").split("\n");
    while (lines.length && !lines[0].trim()) lines.shift();
    while (lines.length && !lines[lines.length - 1].trim()) lines.pop();
    var cut = Infinity;
    lines.forEach(function (l) {
      if (l.trim()) cut = Math.min(cut, l.match(/^[ \t]*/)[0].length);
    });
    return lines.map(function (l) { return l.slice(cut === Infinity ? 0 : cut); }).join("\n") + (lines.length ? "\n" : "");
  }

  // The element's preloaded content: files and start commands, from <script> or <pre> children.
  function content(el) {
    var files = [], commands = [];
    Array.prototype.forEach.call(el.children, function (n) {
      var tag = n.tagName;
      if ((tag === "SCRIPT" || tag === "PRE") && n.hasAttribute("data-file")) {
        files.push({ name: n.getAttribute("data-file"), text: dedent(n.textContent) });
      } else if ((tag === "SCRIPT" && n.type === "text/x-shell") || (tag === "PRE" && n.hasAttribute("data-shell"))) {
        commands.push(dedent(n.textContent));
      }
    });
    return { files: files, commands: commands };
  }

  // A storage namespace the page accepts: the element's id, else the page's path and its place.
  function embedId(el) {
    var id = el.id;
    if (!id) {
      var all = document.getElementsByTagName("kube-playground");
      id = location.pathname + ":" + Array.prototype.indexOf.call(all, el);
    }
    return id.replace(/[^A-Za-z0-9._\-/:]/g, "_").slice(-100);
  }

  // A bundled exercise is a bare name; anything with a slash, a colon or a .yaml end is a URL.
  function exerciseUrl(v) {
    return /[/:]|\.ya?ml$/.test(v) ? new URL(v, document.baseURI).href : null;
  }

  var frames = []; // the started elements, to find a message's sender
  // Playgrounds start one after another: the next one's build then comes from the HTTP cache
  // instead of a second download, and boots do not compete for the CPU.
  var booting = null, waiting = [];
  function booted(el) {
    if (booting !== el) return;
    booting = null;
    var next = waiting.shift();
    if (next) next.start();
  }

  window.addEventListener("message", function (e) {
    for (var i = 0; i < frames.length; i++) {
      var el = frames[i];
      if (el._frame && e.source === el._frame.contentWindow) {
        if (e.origin === el._origin || el._origin === "null") el._message(e.data || {});
        return;
      }
    }
  });

  class KubePlayground extends HTMLElement {
    constructor() {
      super();
      // Requests made before the element is connected (or ready) wait here.
      this._pending = {};
      this._queue = [];
      this._seq = 0;
    }
  }
  var P = KubePlayground.prototype;

  P.connectedCallback = function () {
    if (this._root) return;
    // Defined before the page is parsed, the element connects before its children exist.
    if (document.readyState === "loading") {
      var self = this;
      document.addEventListener("DOMContentLoaded", function () { self.connectedCallback(); }, { once: true });
      return;
    }
    this._root = this.attachShadow({ mode: "open" });
    this._content = content(this);
    var lang = this.getAttribute("lang") === "fr" ? "fr" : "en";
    this._words = WORDS[lang];
    var style = document.createElement("style");
    style.textContent = CSS;
    this._box = document.createElement("div");
    this._box.className = "kp " + (this.getAttribute("theme") || "light");
    this._box.setAttribute("part", "box");
    this._root.appendChild(style);
    this._root.appendChild(this._box);
    this._renderStatic();
    // Click-to-load waits for its button, unless the page already asked it for something.
    if (this.hasAttribute("click-to-load") && !this._queue.length) {
      var self = this;
      var button = document.createElement("button");
      button.textContent = this._words.start;
      button.addEventListener("click", function () { self.start(); });
      this._bar.appendChild(button);
    } else {
      this._auto = true;
      this.start();
    }
  };

  // The files and commands as readable code: before the playground runs, and if it fails.
  P._renderStatic = function () {
    var div = document.createElement("div");
    div.className = "static";
    this._content.files.forEach(function (f) {
      var pre = document.createElement("pre");
      var name = document.createElement("span");
      name.className = "name";
      name.textContent = f.name;
      pre.appendChild(name);
      pre.appendChild(document.createTextNode(f.text));
      div.appendChild(pre);
    });
    this._content.commands.forEach(function (c) {
      var pre = document.createElement("pre");
      pre.className = "shell";
      pre.textContent = c.split("\n").filter(Boolean).map(function (l) { return "$ " + l; }).join("\n");
      div.appendChild(pre);
    });
    this._bar = document.createElement("div");
    this._bar.className = "bar";
    this._msg = document.createElement("span");
    this._msg.className = "msg";
    this._bar.appendChild(this._msg);
    div.appendChild(this._bar);
    this._box.appendChild(div);
  };

  P._url = function () {
    var src = this.getAttribute("src") || BASE;
    if (!/\.html?$/.test(src)) src = src.replace(/\/?$/, "/") + "index.html";
    var url = new URL(src, location.href);
    var q = new URLSearchParams();
    q.set("id", embedId(this));
    if (location.origin && location.origin !== "null") q.set("origin", location.origin);
    var c = this._content;
    q.set("layout", c.files.length ? "editor-terminal" : "terminal");
    for (var i = 0; i < OPTIONS.length; i++) {
      var v = this.getAttribute(OPTIONS[i]);
      // An exercise by URL is fetched here and sent as text once the playground is up.
      if (v && !(OPTIONS[i] === "exercise" && exerciseUrl(v))) q.set(OPTIONS[i], v);
    }
    if (this.hasAttribute("readonly")) q.set("readonly", "1");
    if (!this.getAttribute("height")) q.set("fit", "1");
    url.hash = q.toString();
    return url;
  };

  /** Load the playground (click-to-load waits for this). */
  P.start = function () {
    if (this._frame || !this._root) return;
    // An automatic start waits for the playground booting; a click (or an API call) does not.
    if (this._auto && booting && booting !== this) {
      if (waiting.indexOf(this) < 0) waiting.push(this);
      return;
    }
    this._auto = false;
    waiting = waiting.filter(function (w) { return w !== this; }, this);
    if (!booting) booting = this;
    var self = this;
    var url = this._url();
    this._origin = url.origin;
    var height = parseInt(this.getAttribute("height"), 10);
    this._fit = !(height > 0);
    var frame = document.createElement("iframe");
    frame.title = "kubeplay";
    frame.setAttribute("allow", "clipboard-read; clipboard-write");
    frame.style.height = (this._fit ? MIN_HEIGHT : height) + "px";
    frame.src = url.href;
    this._frame = frame;
    frames.push(this);
    this._box.classList.add("loading");
    this._msg.className = "msg";
    this._msg.textContent = this._words.loading;
    var button = this._bar.querySelector("button");
    if (button) button.remove();
    this._box.appendChild(frame);
    var wait = parseInt(this.getAttribute("timeout"), 10) || 30000;
    this._timer = setTimeout(function () { self._fail(); }, wait);
  };

  // The playground did not report ready in time: its code stays readable.
  P._fail = function () {
    if (this._ready) return;
    frames = frames.filter(function (f) { return f !== this; }, this);
    if (this._frame) this._frame.remove();
    this._box.classList.remove("loading");
    this._msg.className = "msg bad";
    this._msg.textContent = this._words.failed;
    var failed = new Error("kubeplay did not start");
    this._queue.forEach(function (q) { q.reject(failed); });
    this._queue = [];
    booted(this);
    this.dispatchEvent(new CustomEvent("kubeplay-error", { detail: { message: failed.message } }));
  };

  P._message = function (m) {
    var self = this;
    switch (m.type) {
      case "kubeplay:ready": {
        var c = this._content;
        var ready = function () {
          clearTimeout(self._timer);
          self._ready = true;
          self._box.classList.remove("loading");
          self._box.classList.add("running");
          self._queue.forEach(function (q) { self._send(q.message, q.resolve, q.reject); });
          self._queue = [];
          booted(self);
          self.dispatchEvent(new CustomEvent("kubeplay-ready", { detail: { layout: m.layout, profile: m.profile } }));
        };
        var send = function (message) {
          return new Promise(function (resolve, reject) { self._send(message, resolve, reject); });
        };
        var url = exerciseUrl(this.getAttribute("exercise") || "");
        var exercise = url
          ? fetch(url).then(function (r) {
              if (!r.ok) throw new Error(url + ": " + r.status);
              return r.text();
            }).then(function (text) { return send({ type: "kubeplay:exercise", text: text }); })
          : Promise.resolve();
        exercise.catch(function (e) {
          self.dispatchEvent(new CustomEvent("kubeplay-error", { detail: { message: String(e.message || e) } }));
        }).then(function () {
          return c.files.length || c.commands.length
            ? send({ type: "kubeplay:load", files: c.files, commands: c.commands })
            : null;
        }).then(ready, function (e) {
          // A refused preload (a bad file name, too many lines): the playground still runs.
          self.dispatchEvent(new CustomEvent("kubeplay-error", { detail: { message: String(e.message || e) } }));
          ready();
        });
        break;
      }
      case "kubeplay:command":
        this.dispatchEvent(new CustomEvent("kubeplay-command", {
          detail: { line: m.line, output: m.output, status: m.status },
        }));
        break;
      case "kubeplay:height":
        if (this._fit && m.height > 0) {
          var max = parseInt(this.getAttribute("max-height"), 10) || 640;
          this._frame.style.height = Math.max(MIN_HEIGHT, Math.min(max, m.height)) + "px";
        }
        break;
      case "kubeplay:reply": {
        var p = this._pending[m.id];
        if (!p) break;
        delete this._pending[m.id];
        if (m.ok) p.resolve({ output: m.output, status: m.status });
        else p.reject(new Error(m.error));
        break;
      }
    }
  };

  P._send = function (message, resolve, reject) {
    var id = ++this._seq;
    this._pending[id] = { resolve: resolve, reject: reject };
    message.id = id;
    this._frame.contentWindow.postMessage(message, this._origin === "null" ? "*" : this._origin);
  };

  // A request, sent once the playground is ready (and started, for click-to-load).
  P._request = function (message) {
    var self = this;
    return new Promise(function (resolve, reject) {
      if (self._ready) return self._send(message, resolve, reject);
      self._queue.push({ message: message, resolve: resolve, reject: reject });
      self._auto = false;
      self.start();
    });
  };

  /** Run command lines as if typed: resolves to { output, status } of the last one. */
  P.run = function (line) { return this._request({ type: "kubeplay:run", line: String(line) }); };
  /** Back to the start: a fresh cluster, the preloaded files and commands again. */
  P.reset = function () { return this._request({ type: "kubeplay:reset" }); };
  /** Write a file in the playground's editor. */
  P.setFile = function (name, text) {
    return this._request({ type: "kubeplay:set-file", name: String(name), text: String(text) });
  };

  customElements.define("kube-playground", KubePlayground);
})();
