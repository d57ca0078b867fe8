// What the bench and its A/B script (ab.js) read from a page under test: an init script that
// records long tasks and the first frame that shows a status, and a wait for that frame; and
// one that records when the status is first in the DOM, before any frame shows it.

// Runs before any page script: records long tasks and the first frame that shows a status,
// whichever widget the page holds. Same code on every page, blank included.
export function probe() {
  window.__longtasks = [];
  // The wasm's linear memory, for its size after load: whichever export is a Memory.
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = function (...args) {
    return instantiate.apply(this, args).then((result) => {
      const exports = (result.instance ?? result).exports;
      window.__wasmMemory = Object.values(exports).find((value) => value instanceof WebAssembly.Memory);
      return result;
    });
  };
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__longtasks.push(entry.duration);
    }).observe({ type: "longtask", buffered: true });
  } catch (_) {}
  const shown = window.__statusShown = () => {
    const ours = document.querySelector("status-widget");
    if (ours) {
      const state = ours.dataset.state;
      return state && state !== "loading" && ours.shadowRoot?.querySelector('[part~="title"]')?.textContent;
    }
    // Its shadow root also holds a <style> naming every status: read the rendered badge only.
    const theirs = document.querySelector("statuspage-widget")?.shadowRoot?.querySelector(".badge")?.textContent;
    if (theirs) return /Outage|Operational|Maintenance|Degraded/.test(theirs);
    return document.querySelector("plain-status")?.shadowRoot?.querySelector('[part~="title"]')?.textContent;
  };
  const check = () => {
    if (shown()) window.__visible = performance.now();
    else requestAnimationFrame(check);
  };
  // The document does not exist yet when this runs: the blank page is told by its URL.
  if (!location.pathname.endsWith("bench-blank.html")) requestAnimationFrame(check);
}

// Runs after `probe`: records in `__inDom` when the status is first in the DOM, in the task
// that put it there (a mutation observer on each shadow root and its host), so that a time
// to status splits into the widget's own work and the wait for the next frame. Only for
// unthrottled loads: its observers add a little work to every mutation.
export function domProbe() {
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (...args) {
    const root = attachShadow.apply(this, args);
    const check = () => {
      if (window.__inDom === undefined && window.__statusShown()) window.__inDom = performance.now();
    };
    new MutationObserver(check).observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
    new MutationObserver(check).observe(this, { attributes: true });
    return root;
  };
}

// Waits for the status (15 s at most: a widget that never shows one is reported as NaN).
// Polls over CDP in the page's own world: Playwright's waitForFunction would first inject
// its helper script into the page, main-thread work that would be counted as the widget's.
export async function waitVisible(cdp, timeout = 15000) {
  const until = Date.now() + timeout;
  while (Date.now() < until) {
    const { result } = await cdp.send("Runtime.evaluate", { expression: "window.__visible", returnByValue: true });
    if (typeof result.value === "number") return result.value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return NaN;
}
