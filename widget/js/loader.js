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

/* The `status-change` description of the states the loader reports itself: the
   English words the wasm reports too (widget/src/i18n.rs `EN`; a browser test holds
   them to it). English on every page, so the loader carries no language tables. */
export var WORDS = { loading: "Checking status…", none: "All Systems Operational", error: "Status unavailable" };

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
  return objects(feed.components).every((component) => {
    return component.status == null || component.status === "operational";
  }) && objects(feed.incidents).every((incident) => {
    return OVER[incident.status] === 1;
  }) && objects(feed.scheduled_maintenances).every((maintenance) => {
    if (OVER[maintenance.status] === 1) return true;
    var start = maintenance.scheduled_for;
    return maintenance.status === "scheduled" && typeof start === "string" && STAMP.test(start) &&
      Date.parse(start) > now + DAY_MS;
  });
}

/* Everything below runs only as the classic script, or as the npm package's module entry
   (which first sets window.__statusWidgetFiles to { glue: () => import(glue), wasm: URL }),
   not when a test imports the file. `cargo xtask dist` builds the loader twice: the entry's
   with "__MODULE_ENTRY__" read as "1", the classic script's with it read as "0", which
   leaves every branch for the entry's files out of the bytes each page view pays for. */
var script = typeof document !== "undefined" && document.currentScript;
// Always the entry's files there: webpack runs each module in a classic `<script>` chunk,
// whose current script is that chunk (the glue and the wasm are not beside it).
var files = "__MODULE_ENTRY__" === "1" && window.__statusWidgetFiles || null;
if (files) script = { src: "", dataset: {} };
var shared = script && (window.__statusWidget || (window.__statusWidget = { defaults: {}, sources: {}, warned: {} }));

function warn(url, cause) {
  var message = "status-widget: feed " + JSON.stringify(url) + ": " + cause;
  if (shared.warned[message]) return;
  shared.warned[message] = 1;
  try { console.warn(message); } catch (_) {}
}

/** A failed poll's cause in words (widget/src/fetch.rs `FetchError::cause`). */
export function causeOf(result) {
  var error = result.error;
  return error === "http" ? "HTTP " + result.status
    : error === "timeout" ? "no answer within 10 s"
    : error === "too_large" ? "larger than 1 MiB"
    : error === "decode" ? "not JSON"
    : error === "no_feed" ? "`feed` is empty: set it to your status page's URL"
    : "no response (offline, CORS or refused)";
}

/* One feed URL: one fetch per poll for every element that shows it. */
class Source {
  _elements = [];
  _failures = 0;
  _attempt = 0;

  constructor(url) {
    this._url = url;
  }

  /* The shortest poll interval of its elements (0: none polls). */
  _interval() {
    return this._elements.reduce((ms, element) => element._poll && (!ms || element._poll < ms) ? element._poll : ms, 0);
  }

  _add(element) {
    this._elements.push(element);
    if (this._result) element._receive(this._result);
    if (!this._controller && !this._timer) this._fetch();
  }

  _remove(element) {
    if ((this._elements = this._elements.filter((other) => other !== element)).length) return;
    clearTimeout(this._timer);
    this._controller?.abort();
    delete shared.sources[this._url];
  }

  _fetch() {
    var attempt = ++this._attempt, timedOut = false;
    clearTimeout(this._timer);
    this._timer = 0;
    this._controller?.abort();
    this._controller = null;
    var controller = new AbortController();
    var timeout = setTimeout(() => { timedOut = true; controller.abort(); }, TIMEOUT_MS);
    // Marked in flight only once it is (a host's broken `setTimeout` throws above): else
    // the next element on this feed would wait for a poll that never comes.
    this._controller = controller;
    // Called from a promise: a host's stub of `fetch` that throws, or returns no promise
    // (a test's), is a failed poll like any other, never an exception on the page, and
    // the next poll still comes.
    new Promise((resolve) => {
      resolve(fetch(this._url, { credentials: "omit", cache: "no-cache", signal: controller.signal }));
    }).then((response) => {
      if (!response.ok) return { error: "http", status: response.status };
      if (+response.headers.get("content-length") > MAX_BYTES) return { error: "too_large" };
      return response.text().then((text) => {
        if (text.length > MAX_BYTES) return { error: "too_large" };
        try { return { value: JSON.parse(text) }; } catch (_) { return { error: "decode" }; }
      });
    }).catch(() => {
      return { error: timedOut ? "timeout" : "network" };
    }).then((result) => {
      clearTimeout(timeout);
      // Removed meanwhile, or superseded by a newer attempt: this one's line ends here.
      if (shared.sources[this._url] !== this || attempt !== this._attempt) return;
      this._controller = null;
      this._result = result;
      // One element's exception (a host that broke a global it calls) stops neither the
      // others nor the polls. (An element removed meanwhile makes a new list, and one
      // added is past the length `forEach` read: the list walked stays as it was. One
      // that a host's `status-change` listener moved to another feed, or took off the
      // page, meanwhile is skipped: this result is not its feed's.)
      this._elements.forEach((element) => { element._url == this._url && guarded(element, () => element._receive(result)); });
      this._schedule(!result.error);
    });
  }

  _schedule(succeeded) {
    var interval = this._interval();
    this._failures = succeeded ? 0 : this._failures + 1;
    var delay = succeeded ? interval
      : Math.min((interval || RETRY_BASE_MS) * 2 ** (this._failures - 1), MAX_BACKOFF_MS);
    // (Past 1,024 failures in a row 2 ** n is Infinity, which the minimum still caps.)
    // Hidden tabs do not poll; the visibility listener fetches on return.
    if (!delay || document.hidden) return;
    // ±10 %, so a million widgets opened by one incident e-mail do not poll in lockstep.
    this._timer = setTimeout(() => { this._fetch(); }, delay * (0.9 + 0.2 * Math.random()));
  }
}

function onVisibilityChange() {
  // Own keys only: a host page may add enumerable properties to Object.prototype.
  Object.values(shared.sources).forEach((source) => {
    if (document.hidden) {
      clearTimeout(source._timer);
      source._timer = 0;
    } else if (!source._controller && !source._timer && (source._interval() || !source._result || source._result.error)) {
      source._fetch();
    }
  });
}

/* `callback` in a task of its own, soon: a message, not a timer, which a host's tests
   holding a fake clock would hold back. Starting a request costs the main thread up to
   50 ms at 4× CPU throttling: the feed's, the wasm's and the glue's in one task made a
   long task of it. */
function later(callback) {
  var channel = new MessageChannel();
  channel.port1.onmessage = callback;
  channel.port2.postMessage(0);
}

/* The wasm, once per page: fetched (with SRI) and compiled as it streams in, beside the
   glue script's download (with SRI), not after it; each request starts in a task of its
   own, after the feed's. The glue defines the bindings, which then only instantiate the
   compiled module. Compiling while the bytes arrive keeps each task short; handed a whole
   downloaded file, the compiler would take it in one task. */
function loadWasm() {
  if (shared.wasm) return shared.wasm;
  var base = script.src || document.baseURI, url = files ? files.wasm : new URL(WASM, base).href;
  // `fetch` reports every failure as a rejection, never a throw (as `new URL` with an
  // absolute base cannot fail either). Its "Failed to fetch" says neither what nor why (a
  // 404, a site's fallback page, CORS and a changed file all fail the integrity check):
  // the warning names the file instead, for the site owner to open.
  var wasm = new Promise(later).then(() => {
    return fetch(url, { integrity: WASM_SRI, credentials: "omit" });
  }).then((response) => {
    // A host that serves it with another type still gets it compiled, from the whole file.
    // (Every browser that runs this wasm, which needs reference types, has `compileStreaming`.)
    return /wasm/.test(response.headers.get("content-type"))
      ? WebAssembly.compileStreaming(response) : response.arrayBuffer().then(WebAssembly.compile);
  }, () => { throw url; });
  // Should the glue fail too, its error is the one reported: this one is not left unhandled.
  wasm.catch(() => {});
  return shared.wasm = new Promise(later).then(() => new Promise((resolve, reject) => {
    // A download that stalls rather than fails (the browser sets it no time limit) is
    // unavailable too after 30 s, and fetched again at the next poll: a string, as a
    // file's failure is. The request is not aborted: on a slow link it goes on into the
    // HTTP cache, where the next attempt finds it. The host's clock, as for the polls: a
    // test's paused fake clock holds it back, one run 30 s ahead while the files load
    // fires it. (`AbortSignal.timeout` would be no way out: Playwright's clock fakes it
    // too, and Safari 15 lacks it.)
    setTimeout(reject, 3e4, "the widget within 30 s");
    // The glue script, once run, hands its bindings here (`HAND_OVER` in xtask/src/dist.rs);
    // they resolve once the wasm is instantiated.
    shared.glue = (bindings) => { bindings({ module_or_path: wasm }).then(resolve, reject); };
    // The module entry imports the glue, a chunk of the host's own bundle, and has it hand
    // its bindings over again at each attempt (an import runs a module once).
    if (files) return files.glue().catch(reject);
    var tag = document.createElement("script");
    tag.src = new URL(GLUE, base).href;
    tag.integrity = GLUE_SRI;
    tag.crossOrigin = "anonymous";
    // The warning names the file: "could not load <its URL>". The failed tag leaves the
    // host's head: a CDN that stays down, or a CSP that refuses the file, would otherwise
    // add one at every poll.
    tag.onerror = () => { tag.remove(); reject(tag.src); };
    document.head.append(tag);
  }));
}

function options(element) {
  var values = {};
  ATTRIBUTES.forEach((name) => {
    var value = element.getAttribute(name);
    if (value == null) value = shared.defaults[name];
    if (value != null) values[name] = value;
  });
  return values;
}

/* The host page never sees our exception: a console hint instead, and the element says
   `error` (as the wasm's guard does). */
function guarded(element, method) {
  try { method.call(element); } catch (error) {
    warn(element.getAttribute("feed"), error);
    try { element._report("error"); } catch (_) {}
  }
}

class StatusWidgetElement extends HTMLElement {
  static observedAttributes = ATTRIBUTES;

  /* A move (one `insertBefore` of a connected element, as frameworks reorder keyed
     children) calls both with the element already back in the page: it goes on as it was,
     with no new fetch and no `loading`. */
  connectedCallback() { this._options || guarded(this, this._start); }

  disconnectedCallback() { this.isConnected || guarded(this, this._stop); }

  attributeChangedCallback() { if (this._options) guarded(this, this._reconfigure); }

  _reconfigure() {
    var before = this._options, after = options(this);
    if (JSON.stringify(before) === JSON.stringify(after)) return;
    if (summaryUrl(before.feed || "") !== summaryUrl(after.feed || "")) {
      // A new feed starts from "loading": nothing of the old one is shown for it.
      this._stop(true);
      return this._start();
    }
    this._configure(after);
    this._widget?.configure(after);
    var source = shared.sources[this._url];
    // A new interval takes effect at once, as a fresh poll.
    if (before.poll !== after.poll && source) source._fetch();
    else if (!this._widget && this._result) this._receive(this._result);
  }

  _configure(values) {
    // Missing, empty or not a number (`5m`): the default. (`+""` is 0, which would poll
    // once; rounded up, `0.5` is below 10, so 10, not 0.)
    var poll = Math.ceil(+(values.poll || NaN));
    this._options = values;
    // 0 fetches once; anything else polls every 10 s to once a day (default 60 s): a
    // timer's delay past 2^31 ms fires at once, which would poll in a loop.
    this._poll = !(poll >= 0) ? 6e4 : poll && Math.min(Math.max(poll, 10), 864e2) * 1000;
    this._eager = values.appearance === "badge" || values.appearance === "inline";
  }

  _start() {
    var values = options(this);
    var feed = (values.feed || "").trim();
    this._configure(values);
    this._good = false;
    this._report("loading");
    this._widget?.configure(values);
    if (feed) {
      var url = this._url = new URL(summaryUrl(feed), document.baseURI).href;
      (shared.sources[url] || (shared.sources[url] = new Source(url)))._add(this);
    } else {
      // Never the host's own /api/v2/summary.json: a missing feed is a mistake to report,
      // once the page has loaded (a page script may still be about to set it).
      var report = this._pending = () => { if (this._pending === report) this._receive({ error: "no_feed" }); };
      if (document.readyState === "complete") later(report);
      else window.addEventListener("load", report, { once: true });
    }
    // After the feed's request: the wasm is of no use before the feed is read, and the
    // feed is the smaller download.
    if (this._eager) this._loadWidget();
  }

  _stop(keepWidget) {
    var source = shared.sources[this._url];
    this._pending = null;
    source?._remove(this);
    // Undefined, not null: the wasm reads an absent result as none.
    this._url = this._result = undefined;
    if (keepWidget) return;
    var widget = this._widget;
    this._widget = this._options = null;
    this._reported = "";
    widget?.unmount();
  }

  _receive(result) {
    this._result = result;
    if (result.error) warn(this._url || "", causeOf(result));
    if (this._widget) return this._widget.feed(result);
    // Quiet until the next poll (give or take its jitter): maintenance a day and a minute
    // away is a day away before then. Polling once is being quiet for good.
    // (A result is a value, JSON's, never undefined, or an error.)
    if (this._eager || (!result.error && !quiet(result.value, Date.now() + (this._poll || Infinity)))) {
      return this._loadWidget();
    }
    if (!result.error) this._good = true;
    // What the wasm would report here: all clear, or an error before anything loaded.
    this._report(this._good ? "none" : "error");
  }

  _loadWidget() {
    if (this._loading) return;
    this._loading = loadWasm().then((bindings) => {
      this._loading = null;
      if (!this.isConnected || this._widget || !this._options) return;
      this._widget = bindings.mount(this, this._options, this._result, (detail) => {
        this._report(detail);
      });
    }).catch((error) => {
      this._loading = null;
      // A file that could not be loaded (a CDN's blip, as likely as not as an incident
      // starts: rejected with its URL, or with the time limit's words) is fetched again at
      // the next poll; a wasm the page refuses to compile (its CSP) is not, which would
      // report a violation every poll.
      if (typeof error == "string") shared.wasm = null;
      warn(this._url || "", "could not load " + (error?.message || error));
      this._report("error");
    });
  }

  /* `data-state` and one `status-change` per change, whichever side decided the state:
     the wasm's detail, or one of the loader's own states (an indicator in WORDS). */
  _report(detail) {
    if (typeof detail === "string") detail = { indicator: detail, description: WORDS[detail], incident: null };
    var key = JSON.stringify(detail);
    if (key === this._reported) return;
    this._reported = key;
    this.setAttribute("data-state", detail.indicator);
    this.dispatchEvent(new CustomEvent("status-change", { bubbles: true, composed: true, detail: detail }));
  }
}

/* `<script data-feed>` with no `<status-widget>` on the page: add the popup, at the end
   of the body. Waits for the document so elements later in the body are seen first. A
   page that swaps its body and runs the script in it again (Turbo, pjax), or a document
   opened anew, has lost the old popup: a new one is added. */
function addPopup() {
  if (shared.popup?.isConnected || document.querySelector("status-widget")) return;
  var popup = shared.popup = document.createElement("status-widget");
  popup.setAttribute("appearance", shared.defaults.appearance || "popup");
  document.body.append(popup);
}

// The classic script loaded as a module (`type="module"`, or bundled into an ES module)
// has no current script, so no URL to find its files beside: said so rather than
// nothing at all.
if ("__MODULE_ENTRY__" === "0" && script === null) {
  try { console.warn("status-widget: load status-widget.js without type=module"); } catch (_) {}
}
if (script) {
  try {
    ATTRIBUTES.forEach((name) => {
      var value = script.dataset[name];
      if (value != null && !(name in shared.defaults)) shared.defaults[name] = value;
    });
    // On every run: a document opened anew has lost the listeners of the one before (a
    // second copy's handler finds the fetch under way and does nothing).
    document.addEventListener("visibilitychange", onVisibilityChange);
    // (Every browser that runs this wasm has custom elements; one without gets the warning.)
    if (!customElements.get("status-widget")) customElements.define("status-widget", StatusWidgetElement);
    if (script.dataset.feed) {
      if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", () => {
          try { addPopup(); } catch (error) { warn(shared.defaults.feed, error); }
        });
      } else addPopup();
    }
  } catch (error) {
    warn(script.dataset.feed, error);
  }
}
