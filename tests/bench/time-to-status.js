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
  theirs: () => new Promise((resolve) => {
    const check = () => {
      const el = document.querySelector("statuspage-widget");
      const text = (el?.shadowRoot ?? el)?.textContent?.trim();
      if (text && /Outage|Operational|Maintenance|Degraded/i.test(text)) resolve(performance.now()); else requestAnimationFrame(check);
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
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${BASE_URL}/bench-${which}.html`);
    times.push(await page.evaluate(visible[which]));
    if (i === RUNS - 1) {
      const cdp = await context.newCDPSession(page);
      await cdp.send("HeapProfiler.collectGarbage");
      const { metrics } = await cdp.send("Performance.getMetrics").catch(async () => {
        await cdp.send("Performance.enable");
        return cdp.send("Performance.getMetrics");
      });
      heap = metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? 0;
    }
    await context.close();
  }
  result[which] = { median_ms: median(times), min_ms: Math.min(...times), max_ms: Math.max(...times), js_heap_bytes: heap };
}
await browser.close();
console.log(JSON.stringify(result));
