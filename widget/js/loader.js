/* status-widget loader: the one classic script a site owner pastes (`async` or not).

   It defines <status-widget>, fetches each feed once per URL however many elements
   share it, and keeps polling (jitter, hidden-tab pause, back-off). A popup or banner
   loads the wasm only when the feed has something it could draw: on an all-clear
   page view the loader itself sets `data-state` and fires `status-change`, and no
   wasm is requested. Badges and inline status load the wasm beside the first fetch.
   The wasm (Leptos) then draws from the feed the loader hands it.

   `cargo xtask dist` wraps this file in an IIFE with "use strict", drops the
   `export` keywords (they let the browser tests import the pure functions) and fills
   in the hashed file names and their SRI hashes. It never throws into the host page:
   every entry point ends in at most one console.warn naming the feed URL. */

export var ATTRIBUTES = ["feed", "appearance", "position", "locale", "components", "theme", "poll", "link", "dismissible"];
var GLUE = "__GLUE_FILE__", GLUE_SRI = "__GLUE_SRI__", WASM = "__WASM_FILE__", WASM_SRI = "__WASM_SRI__";
var SUMMARY_PATH = "/api/v2/summary.json";
var TIMEOUT_MS = 10000, MAX_BYTES = 1 << 20, DAY_MS = 864e5, MAX_BACKOFF_MS = 6e5, RETRY_BASE_MS = 3e4;

/* The widget's words for the states the loader reports itself, in the order and with
   the tags of the wasm's locales (a browser test holds them to widget/src/i18n.rs). */
export var WORDS = {
  en: ["All Systems Operational", "Status unavailable", "Checking status…"],
  fr: ["Tous les systèmes sont opérationnels", "État indisponible", "Vérification de l’état…"],
  it: ["Tutti i sistemi sono operativi", "Stato non disponibile", "Verifica dello stato…"],
  de: ["Alle Systeme betriebsbereit", "Status nicht verfügbar", "Status wird geprüft…"],
  es: ["Todos los sistemas están operativos", "Estado no disponible", "Comprobando el estado…"],
  pt: ["Todos os sistemas estão operacionais", "Status indisponível", "Verificando o status…"],
  nl: ["Alle systemen operationeel", "Status niet beschikbaar", "Status controleren…"],
  pl: ["Wszystkie systemy działają", "Status niedostępny", "Sprawdzanie statusu…"],
  sv: ["Alla system fungerar", "Status inte tillgänglig", "Kontrollerar status…"],
  ja: ["すべてのシステムが正常に稼働中", "ステータスを取得できません", "ステータスを確認中…"],
  "zh-Hans": ["所有系统运行正常", "无法获取状态", "正在检查状态…"],
  ko: ["모든 시스템 정상 작동", "상태를 확인할 수 없음", "상태 확인 중…"],
  ar: ["جميع الأنظمة تعمل بشكل طبيعي", "الحالة غير متاحة", "جارٍ التحقق من الحالة…"],
  he: ["כל המערכות פועלות כרגיל", "הסטטוס אינו זמין", "בודקים את הסטטוס…"],
};

function asciiLower(text) {
  return text.replace(/[A-Z]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) + 32); });
}

/** The best of WORDS' tags for `preferred` (feed/src/locale.rs `negotiate`), else "en". */
export function negotiate(preferred) {
  var tags = Object.keys(WORDS);
  for (var i = 0; i < preferred.length; i++) {
    var wanted = String(preferred[i]).trim().replace(/_/g, "-");
    if (!wanted) continue;
    var lower = asciiLower(wanted);
    var chain = [wanted];
    if (/^zh(-(cn|sg|my))?$/.test(lower)) chain.push("zh-Hans");
    if (/^zh-(tw|hk|mo)$/.test(lower)) chain.push("zh-Hant");
    for (var rest = wanted, dash; (dash = rest.lastIndexOf("-")) >= 0; ) chain.push(rest = rest.slice(0, dash));
    for (var c = 0; c < chain.length; c++) {
      for (var t = 0; t < tags.length; t++) if (asciiLower(tags[t]) === asciiLower(chain[c])) return tags[t];
    }
    var language = lower.split("-")[0];
    for (t = 0; t < tags.length; t++) if (asciiLower(tags[t].split("-")[0]) === language) return tags[t];
  }
  return "en";
}

/** The visitor's languages: the `locale` option, else the browser's (widget/src/i18n.rs). */
export function preferredLocales(attribute) {
  if (attribute && attribute.trim()) return [attribute.trim()];
  var languages = navigator.languages;
  return languages && languages.length ? languages : navigator.language ? [navigator.language] : [];
}

/** The summary URL for a `feed` value (feed/src/lib.rs `summary_url`). */
export function summaryUrl(feed) {
  feed = feed.trim();
  var path = feed.split(/[?#]/)[0];
  return /\.json$/.test(path) ? feed : path.replace(/\/+$/, "") + SUMMARY_PATH;
}

function isObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function objects(value) {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

var OVER = { resolved: 1, postmortem: 1, completed: 1 };
/* Only timestamps that widget/src's reader reads the same way: a stricter grammar. */
var STAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/;

/** Whether a parsed feed certainly has nothing a popup or banner would show at `now`:
    a conservative test (anything unusual means "load the wasm"), proven against the
    Rust selection by a browser test over every fixture and thousands of generated feeds. */
export function quiet(feed, now) {
  if (!isObject(feed) || !isObject(feed.status) || feed.status.indicator !== "none") return false;
  return objects(feed.components).every(function (component) {
    return component.status == null || component.status === "operational";
  }) && objects(feed.incidents).every(function (incident) {
    return OVER[incident.status] === 1;
  }) && objects(feed.scheduled_maintenances).every(function (maintenance) {
    if (OVER[maintenance.status] === 1) return true;
    var start = maintenance.scheduled_for;
    return maintenance.status === "scheduled" && typeof start === "string" && STAMP.test(start) &&
      Date.parse(start) > now + DAY_MS;
  });
}

/* Everything below runs only as the classic script, or imported from the npm package's
   module entry (no current script: it first sets window.__statusWidgetFiles to
   { glue: () => import(glue), wasm: URL }), not when a test imports the file. */
var script = typeof document !== "undefined" ? document.currentScript : null;
var files = !script && typeof window !== "undefined" && window.__statusWidgetFiles || null;
if (files) script = { src: "", dataset: {} };
var shared = script && (window.__statusWidget || (window.__statusWidget = { defaults: {}, sources: {}, warned: {} }));

function warn(url, cause) {
  var message = "status-widget: feed " + JSON.stringify(url) + ": " + cause;
  if (shared.warned[message]) return;
  shared.warned[message] = 1;
  try { console.warn(message); } catch (_) {}
}

function causeOf(result) {
  var error = result.error;
  return error === "http" ? "HTTP " + result.status
    : error === "timeout" ? "no answer within 10 s"
    : error === "too_large" ? "the response is larger than " + MAX_BYTES + " bytes"
    : error === "decode" ? "not JSON"
    : error === "no_feed" ? "the `feed` attribute is missing or empty; set it to your status page's URL"
    : "no response (offline, blocked by CORS, or refused)";
}

/* One feed URL: one fetch per poll for every element that shows it. */
function Source(url) {
  this.url = url;
  this.elements = [];
  this.failures = 0;
  this.attempt = 0;
}

Source.prototype.interval = function () {
  var ms = 0;
  for (var i = 0; i < this.elements.length; i++) {
    var poll = this.elements[i]._poll;
    if (poll && (!ms || poll < ms)) ms = poll;
  }
  return ms;
};

Source.prototype.add = function (element) {
  this.elements.push(element);
  if (this.result) element._receive(this.result);
  if (!this.controller && !this.timer) this.fetch();
};

Source.prototype.remove = function (element) {
  var i = this.elements.indexOf(element);
  if (i >= 0) this.elements.splice(i, 1);
  if (this.elements.length) return;
  clearTimeout(this.timer);
  if (this.controller) this.controller.abort();
  delete shared.sources[this.url];
};

Source.prototype.fetch = function () {
  var source = this, attempt = ++this.attempt, timedOut = false;
  clearTimeout(this.timer);
  this.timer = 0;
  if (this.controller) this.controller.abort();
  var controller = this.controller = new AbortController();
  var timeout = setTimeout(function () { timedOut = true; controller.abort(); }, TIMEOUT_MS);
  fetch(this.url, { credentials: "omit", cache: "no-cache", signal: controller.signal }).then(function (response) {
    if (!response.ok) return { error: "http", status: response.status };
    if (+response.headers.get("content-length") > MAX_BYTES) return { error: "too_large" };
    return response.text().then(function (text) {
      if (text.length > MAX_BYTES) return { error: "too_large" };
      try { return { value: JSON.parse(text) }; } catch (_) { return { error: "decode" }; }
    });
  }).catch(function () {
    return { error: timedOut ? "timeout" : "network" };
  }).then(function (result) {
    clearTimeout(timeout);
    // Removed meanwhile, or superseded by a newer attempt: this one's line ends here.
    if (shared.sources[source.url] !== source || attempt !== source.attempt) return;
    source.controller = null;
    source.result = result;
    source.elements.slice().forEach(function (element) { element._receive(result); });
    source.schedule(!result.error);
  });
};

Source.prototype.schedule = function (succeeded) {
  var source = this, interval = this.interval();
  this.failures = succeeded ? 0 : this.failures + 1;
  var delay = succeeded ? interval
    : Math.min((interval || RETRY_BASE_MS) * Math.pow(2, Math.min(this.failures, 16) - 1), MAX_BACKOFF_MS);
  // Hidden tabs do not poll; the visibility listener fetches on return.
  if (!delay || document.hidden) return;
  // ±10 %, so a million widgets opened by one incident e-mail do not poll in lockstep.
  this.timer = setTimeout(function () { source.fetch(); }, delay * (0.9 + 0.2 * Math.random()));
};

function onVisibilityChange() {
  for (var url in shared.sources) {
    var source = shared.sources[url];
    if (document.hidden) {
      clearTimeout(source.timer);
      source.timer = 0;
    } else if (!source.controller && !source.timer && (source.interval() || !source.result || source.result.error)) {
      source.fetch();
    }
  }
}

/* The wasm, once per page: the glue script (with SRI) defines the bindings, then the
   wasm itself is fetched with SRI and compiled. */
function loadWasm() {
  if (shared.wasm) return shared.wasm;
  var base = script.src || document.baseURI;
  return shared.wasm = new Promise(function (resolve, reject) {
    shared.glue = resolve;
    // The module entry imports the glue: a chunk of the host's own bundle.
    if (files) return files.glue().catch(reject);
    var tag = document.createElement("script");
    tag.src = new URL(GLUE, base).href;
    tag.integrity = GLUE_SRI;
    tag.crossOrigin = "anonymous";
    tag.onerror = function () { reject(new Error("could not load " + tag.src)); };
    document.head.appendChild(tag);
  }).then(function (bindings) {
    var wasm = fetch(files ? files.wasm : new URL(WASM, base).href, { integrity: WASM_SRI, credentials: "omit", mode: "cors" });
    return bindings({ module_or_path: wasm }).then(function (instance) {
      // Exposed for `cargo xtask bench` (wasm memory after load) and for debugging.
      shared.wasmMemory = instance.memory;
      return bindings;
    });
  });
}

function options(element) {
  var values = {};
  for (var i = 0; i < ATTRIBUTES.length; i++) {
    var name = ATTRIBUTES[i], value = element.getAttribute(name);
    if (value == null) value = shared.defaults[name];
    if (value != null) values[name] = value;
  }
  return values;
}

class StatusWidgetElement extends HTMLElement {
  static get observedAttributes() { return ATTRIBUTES; }

  connectedCallback() {
    try { this._start(); } catch (error) { warn(this.getAttribute("feed"), error); }
  }

  disconnectedCallback() {
    try { this._stop(); } catch (error) { warn(this.getAttribute("feed"), error); }
  }

  attributeChangedCallback() {
    if (!this._options) return;
    try {
      var before = this._options, after = options(this);
      if (JSON.stringify(before) === JSON.stringify(after)) return;
      if (summaryUrl(before.feed || "") !== summaryUrl(after.feed || "")) {
        // A new feed starts from "loading": nothing of the old one is shown for it.
        this._stop(true);
        return this._start();
      }
      this._configure(after);
      if (this._widget) this._widget.configure(after);
      var source = shared.sources[this._url];
      // A new interval takes effect at once, as a fresh poll.
      if (before.poll !== after.poll && source) source.fetch();
      else if (!this._widget && this._result) this._receive(this._result);
    } catch (error) { warn(this.getAttribute("feed"), error); }
  }

  _configure(values) {
    var poll = Math.floor(+values.poll);
    this._options = values;
    // 0 fetches once; anything else polls at least every 10 s (default 60 s).
    this._poll = values.poll == null || isNaN(poll) || poll < 0 ? 6e4 : poll && Math.max(poll, 10) * 1000;
    this._words = WORDS[negotiate(preferredLocales(values.locale))];
    this._eager = values.appearance === "badge" || values.appearance === "inline";
  }

  _start() {
    var values = options(this);
    var feed = (values.feed || "").trim();
    this._configure(values);
    this._good = false;
    this._report({ indicator: "loading", description: this._words[2], incident: null });
    if (this._widget) this._widget.configure(values);
    if (this._eager) this._loadWidget();
    if (!feed) {
      // Never the host's own /api/v2/summary.json: a missing feed is a mistake to report,
      // once the page has loaded (a page script may still be about to set it).
      var element = this;
      var report = this._pending = function () { if (element._pending === report) element._receive({ error: "no_feed" }); };
      if (document.readyState === "complete") setTimeout(report);
      else window.addEventListener("load", report, { once: true });
      return;
    }
    var url = this._url = new URL(summaryUrl(feed), document.baseURI).href;
    (shared.sources[url] || (shared.sources[url] = new Source(url))).add(this);
  }

  _stop(keepWidget) {
    var source = this._url && shared.sources[this._url];
    this._pending = null;
    if (source) source.remove(this);
    this._url = this._result = null;
    if (keepWidget) return;
    var widget = this._widget;
    this._widget = this._options = null;
    this._reported = "";
    if (widget) widget.unmount();
  }

  _receive(result) {
    this._result = result;
    if (result.error) warn(this._url || "", causeOf(result));
    if (this._widget) return this._widget.feed(result);
    if (this._eager || (result.value !== undefined && !quiet(result.value, Date.now()))) return this._loadWidget();
    if (result.value !== undefined) this._good = true;
    // What the wasm would report here: all clear, or an error before anything loaded.
    this._report(this._good
      ? { indicator: "none", description: this._words[0], incident: null }
      : { indicator: "error", description: this._words[1], incident: null });
  }

  _loadWidget() {
    var element = this;
    if (this._loading) return;
    this._loading = loadWasm().then(function (bindings) {
      element._loading = null;
      if (!element.isConnected || element._widget || !element._options) return;
      element._widget = bindings.mount(element, element._options, element._result || undefined, function (detail) {
        element._report(detail);
      });
    }).catch(function (error) {
      element._loading = null;
      warn(element._url || "", "could not load the widget's wasm (" + (error && error.message || error) + ")");
      element._report({ indicator: "error", description: element._words[1], incident: null });
    });
  }

  /* `data-state` and one `status-change` per change, whichever side decided the state. */
  _report(detail) {
    var key = JSON.stringify(detail);
    if (key === this._reported) return;
    this._reported = key;
    this.setAttribute("data-state", detail.indicator);
    this.dispatchEvent(new CustomEvent("status-change", { bubbles: true, composed: true, detail: detail }));
  }
}

/* `<script data-feed>` with no `<status-widget>` on the page: add the popup. Waits for
   the document so elements later in the body are seen first. */
function addPopup() {
  if (shared.popup || document.querySelector("status-widget")) return;
  shared.popup = document.createElement("status-widget");
  shared.popup.setAttribute("appearance", shared.defaults.appearance || "popup");
  document.body.appendChild(shared.popup);
}

if (script) {
  try {
    for (var i = 0; i < ATTRIBUTES.length; i++) {
      var value = script.dataset[ATTRIBUTES[i]];
      if (value != null && !(ATTRIBUTES[i] in shared.defaults)) shared.defaults[ATTRIBUTES[i]] = value;
    }
    if (window.customElements && !customElements.get("status-widget")) {
      // The glue script calls back here with its bindings (see loadWasm).
      shared.bindings = function (bindings) { shared.glue(bindings); };
      document.addEventListener("visibilitychange", onVisibilityChange);
      customElements.define("status-widget", StatusWidgetElement);
    }
    if (script.dataset.feed) {
      if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", function () {
          try { addPopup(); } catch (error) { warn(shared.defaults.feed, error); }
        });
      } else addPopup();
    }
  } catch (error) {
    warn(script.dataset.feed, error);
  }
}
