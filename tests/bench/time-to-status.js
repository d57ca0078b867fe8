// Bench (not a test): time from navigation to visible status, for our widget and for
// Atlassian's @statuspage/status-widget, served by the same server from the same feed.
// Prints one JSON line: medians (ms) over RUNS loads each, and the JS heap after load.
import { launch } from "../e2e/browser.js";

const BASE_URL = process.env.BASE_URL;
const RUNS = Number(process.env.RUNS ?? 11);

// Resolves (in the page) once the widget shows status text; returns ms since navigation start.
const visible = {
  ours: () => new Promise((resolve) => {
    const check = () => {
      const el = document.querySelector("status-widget");
      const text = el?.shadowRoot?.querySelector('[part~="title"]')?.textContent;
      if (text) resolve(performance.now()); else requestAnimationFrame(check);
    };
    check();
  }),
  // Its shadow root also holds a <style> naming every status: read the rendered badge only.
  theirs: () => new Promise((resolve) => {
    const check = () => {
      const el = document.querySelector("statuspage-widget");
      const text = el?.shadowRoot?.querySelector(".badge")?.textContent;
      if (text && /Outage|Operational|Maintenance|Degraded/.test(text)) resolve(performance.now()); else requestAnimationFrame(check);
    };
    check();
  }),
};

const median = (values) => { const s = [...values].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

const browser = await launch();
const result = {};
for (const which of ["ours", "theirs"]) {
  const times = [];
  let heap = 0;
  let wasm = 0;
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${BASE_URL}/bench-${which}.html`);
    // A widget that never shows its status counts as a failed load, not a hang.
    times.push(await page.evaluate(`Promise.race([(${visible[which]})(), new Promise((r) => setTimeout(() => r(NaN), 15000))])`));
    if (i === RUNS - 1) {
      const cdp = await context.newCDPSession(page);
      await cdp.send("HeapProfiler.collectGarbage");
      await cdp.send("Performance.enable");
      const { metrics } = await cdp.send("Performance.getMetrics");
      heap = metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? 0;
      wasm = await page.evaluate(() => window.__statusWidget?.wasmMemory?.buffer.byteLength ?? 0);
    }
    await context.close();
  }
  const failed = times.filter(Number.isNaN).length;
  if (failed) console.error(`${which}: ${failed} of ${RUNS} loads never showed a status`);
  result[which] = { failed, median_ms: median(times.filter((t) => !Number.isNaN(t))), min_ms: Math.min(...times), max_ms: Math.max(...times), js_heap_bytes: heap, wasm_memory_bytes: wasm };
}
await browser.close();
console.log(JSON.stringify(result));
