// Shared setup for the end-to-end suite: Debian's Chromium through playwright-core
// (no browser download), a fresh profile per run, and per-page watchers for console
// errors, uncaught exceptions, CSP violations and layout shift.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

export const BASE_URL = process.env.BASE_URL ?? "http://127.0.0.1:8080";
export const SITE_DIR = process.env.SITE_DIR ?? "../target/demo/site";
const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR ?? "../target/screenshots";

// Playwright gives every launch a fresh, empty profile of its own. Chromium 156 builds
// the address bar's WebUI popups for every new window, headless too: hundreds of module
// requests for each new context, on the 2 cores that the page under test uses too (seen
// in a trace of one bench load). A visitor's browser builds them once at start-up, not
// per page view, so the bench and the tests leave them out.
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup",
    ],
  });
}

// Runs before any page script: records what the assertions need.
function watchers() {
  window.__cls = 0;
  window.__cspViolations = [];
  document.addEventListener("securitypolicyviolation", (e) => {
    window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
  });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__cls += entry.value;
  }).observe({ type: "layout-shift", buffered: true });
}

/** Opens a page with watchers (and `init`, a script to run first too); `problems`
 * collects console errors and page errors. */
export async function open(browser, path, { locale = "en-US", viewport = { width: 1280, height: 800 }, timezoneId, init } = {}) {
  const context = await browser.newContext({ locale, viewport, timezoneId });
  await context.addInitScript(watchers);
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  watchRequests(page);
  const problems = [];
  page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
  page.on("console", (message) => {
    // Chromium's network layer logs failed requests (a dead feed, a missing favicon)
    // itself; they are not script errors and no page can prevent them.
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
      problems.push(`console.error: ${message.text()}`);
    }
    if (message.type() === "warning" && message.text().includes("status-widget")) {
      problems.push(`console.warn: ${message.text()}`);
    }
  });
  await page.goto(BASE_URL + path);
  return { context, page, problems };
}

/** Waits until the element matching `selector` reports a settled `data-state`. */
export async function settled(page, selector = "status-widget") {
  try {
    await page.waitForFunction(
      (sel) => [...document.querySelectorAll(sel)].every((el) => el.dataset.state && el.dataset.state !== "loading"),
      selector,
      { timeout: 15_000 },
    );
  } catch (error) {
    error.message += `\n${await whereItStopped(page, selector)}`;
    throw error;
  }
}

/** Every request of a page that `open` opened, as the browser's network layer saw it:
 * sent, then finished or failed (with why). Resource timing lists only what finished. */
const requests = new WeakMap();

function watchRequests(page) {
  const seen = [];
  const started = Date.now();
  requests.set(page, seen);
  const entry = (request) => seen.find((item) => item.request === request);
  page.on("request", (request) => seen.push({ request, state: `sent at ${Date.now() - started} ms` }));
  page.on("requestfinished", (request) => { const item = entry(request); if (item) item.state += `, finished at ${Date.now() - started} ms`; });
  page.on("requestfailed", (request) => { const item = entry(request); if (item) item.state += `, failed (${request.failure()?.errorText})`; });
}

/** For a widget that never settles: where it stopped. Its state, whether it drew, which
 * of its files the page requested, and when each arrived. */
export async function whereItStopped(page, selector = "status-widget") {
  const requested = (requests.get(page) ?? []).map(({ request, state }) => `${request.method()} ${request.url()} ${state}`);
  const seen = await page.evaluate((sel) => ({
    widgets: [...document.querySelectorAll(sel)].map((el) =>
      `${el.id || el.localName}: data-state=${el.dataset.state}, shadow nodes ${el.shadowRoot?.childNodes.length ?? "none"}`),
    files: performance.getEntriesByType("resource").map((entry) =>
      `${entry.name} ${entry.responseStatus} at ${Math.round(entry.startTime)}-${Math.round(entry.responseEnd)} ms`),
    now: Math.round(performance.now()),
  }), selector).catch((reason) => ({ unreadable: String(reason) }));
  return JSON.stringify({ ...seen, requested }, null, 1);
}

export async function screenshot(page, name) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}
