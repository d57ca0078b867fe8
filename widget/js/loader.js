/* status-widget loader. `cargo xtask dist` wraps this file and the wasm-bindgen
   glue (`--target no-modules`) in one IIFE: one classic script a site owner can
   paste anywhere, `async` or not, that loads the wasm relative to its own URL.
   It never throws into the host page: failures end in a single console.warn. */
var script = document.currentScript;
var ATTRIBUTES = ["feed", "appearance", "position", "locale", "components", "theme", "poll", "link", "dismissible"];
var shared = window.__statusWidget || (window.__statusWidget = { warned: false, defaults: {} });

function warn(error) {
  if (shared.warned) return;
  shared.warned = true;
  try { console.warn("status-widget: " + (error && error.message ? error.message : error)); } catch (_) {}
}

function readDefaults() {
  var defaults = {};
  if (script && script.dataset) {
    for (var i = 0; i < ATTRIBUTES.length; i++) {
      var value = script.dataset[ATTRIBUTES[i]];
      if (value != null) defaults[ATTRIBUTES[i]] = value;
    }
  }
  return defaults;
}

function load() {
  var base = script && script.src ? script.src : document.baseURI;
  return wasm_bindgen({ module_or_path: new URL("status-widget_bg.wasm", base) }).then(function (instance) {
    // Exposed for `cargo xtask bench` (wasm memory after load) and for debugging.
    shared.wasmMemory = instance.memory;
    return wasm_bindgen;
  });
}

function define() {
  if (!window.customElements || customElements.get("status-widget")) return;
  customElements.define("status-widget", class extends HTMLElement {
    static get observedAttributes() { return ATTRIBUTES; }
    connectedCallback() {
      var element = this;
      shared.ready.then(function (exports) {
        if (element.isConnected && !element._widget) element._widget = exports.mount(element, shared.defaults);
      }).catch(function (error) {
        element.setAttribute("data-state", "error");
        warn(error);
      });
    }
    attributeChangedCallback() {
      try { if (this._widget) this._widget.refresh(); } catch (error) { warn(error); }
    }
    disconnectedCallback() {
      var widget = this._widget;
      this._widget = null;
      try { if (widget) widget.unmount(); } catch (error) { warn(error); }
    }
  });
}

/* `<script data-feed>` with no `<status-widget>` on the page: add the popup.
   Waits for the document so elements later in the body are seen first. */
function addPopup() {
  if (shared.popup || document.querySelector("status-widget")) return;
  shared.popup = document.createElement("status-widget");
  shared.popup.setAttribute("appearance", shared.defaults.appearance || "popup");
  document.body.appendChild(shared.popup);
}

try {
  var defaults = readDefaults();
  for (var name in defaults) if (!(name in shared.defaults)) shared.defaults[name] = defaults[name];
  if (!shared.ready) {
    shared.ready = load();
    shared.ready.catch(warn);
    define();
  }
  if (defaults.feed) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () {
      try { addPopup(); } catch (error) { warn(error); }
    });
    else addPopup();
  }
} catch (error) {
  warn(error);
}
