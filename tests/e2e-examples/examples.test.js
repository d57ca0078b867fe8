// End to end: the StatusWidget component in the two Leptos example apps (examples/),
// built and served on 127.0.0.1 by `cargo xtask examples`: a client-side rendered app
// (CSR_URL) and a server-rendered one that hydrates (SSR_URL). Both are debug builds,
// where Leptos reports any hydration mismatch on the console.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { launch } from "../e2e/browser.js";

const CSR_URL = process.env.CSR_URL ?? "http://127.0.0.1:8081";
const SSR_URL = process.env.SSR_URL ?? "http://127.0.0.1:3000";
const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR ?? "../target/screenshots";
// feed/tests/fixtures/minor_incident.json, served beside each app as /summary.json.
const INCIDENT = "Slow API responses";
// The apps poll every 10 s (the minimum), ±10 % jitter.
const POLL_MS = 10_000;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Opens `url` recording every console error and warning, uncaught exception and feed request. */
async function open(url) {
  const context = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const problems = [];
  const feedRequests = [];
  page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") {
      problems.push(`console.${message.type()}: ${message.text()}`);
    }
  });
  page.on("request", (request) => {
    if (new URL(request.url()).pathname === "/summary.json") feedRequests.push(Date.now());
  });
  await page.goto(url);
  return { context, page, problems, feedRequests };
}

/** A part of the widget, inside its open shadow root (Playwright's CSS locators pierce it). */
const part = (page, name) => page.locator(`[part~="${name}"]`);

async function shows_the_incident_as_a_banner(page) {
  await part(page, "title").waitFor({ timeout: 15_000 });
  assert.equal(await part(page, "title").textContent(), INCIDENT);
  assert.match(await part(page, "container").getAttribute("class"), /\bbanner\b/);
  assert.match(await part(page, "container").textContent(), /Minor incident · Investigating/);
  assert.match(await part(page, "time").textContent(), /minute|hour|now/);
}

async function redraws_as_a_badge_when_the_app_signal_changes(page) {
  await page.click("#appearance");
  await page.waitForFunction(() => document.querySelector("#appearance").textContent === "Show as banner");
  const container = part(page, "container");
  await page.waitForFunction(
    () => [...document.querySelectorAll('div[style^="display: contents"]')]
      .some((div) => div.shadowRoot?.querySelector('[part~="container"].badge')),
  );
  assert.match(await container.getAttribute("class"), /\bbadge\b/);
  assert.match(await container.textContent(), /Minor|Degraded|Partial/);
  assert.equal(await part(page, "message").count(), 0, "the banner's card is gone");
  await page.click("#appearance");
  await part(page, "title").filter({ hasText: INCIDENT }).waitFor();
}

/** Exactly one widget, drawn once: one placeholder `<div>`, one shadow root, one card. */
async function one_widget(page) {
  const count = await page.evaluate(() => {
    const hosts = [...document.querySelectorAll('div[style^="display: contents"]')];
    return { hosts: hosts.length, cards: hosts.filter((div) => div.shadowRoot?.querySelector('[part~="container"]')).length };
  });
  assert.deepEqual(count, { hosts: 1, cards: 1 });
}

/** After the widget is remounted: one fetch at once, then one poll in the next interval. */
async function one_poller_after_remount(page, feedRequests, remount) {
  const before = feedRequests.length;
  const remounted = Date.now();
  await remount();
  await part(page, "title").filter({ hasText: INCIDENT }).waitFor({ timeout: 15_000 });
  await page.waitForTimeout(500);
  assert.equal(feedRequests.length - before, 1, "one fetch when the widget mounts again");
  // A poller left over from the first mount would fetch in this window too.
  await page.waitForTimeout(POLL_MS * 1.1 + 1_000 - (Date.now() - remounted));
  assert.equal(feedRequests.length - before, 2, `one poll within ${POLL_MS * 1.1} ms of the remount, no more`);
  await one_widget(page);
}

async function screenshot(page, name) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}

test("Leptos CSR app: the banner, a redraw from the app's signal, one poller after a remount", async () => {
  const { context, page, problems, feedRequests } = await open(`${CSR_URL}/`);
  await shows_the_incident_as_a_banner(page);
  await one_widget(page);
  await screenshot(page, "example-leptos-csr");
  assert.equal(feedRequests.length, 1, "one fetch on load");
  await redraws_as_a_badge_when_the_app_signal_changes(page);
  assert.equal(feedRequests.length, 1, "a new appearance does not refetch");

  // Unmount (<Show> false) and mount again.
  await page.click("#toggle");
  await page.waitForFunction(() => !document.querySelector('div[style^="display: contents"]'));
  await one_poller_after_remount(page, feedRequests, () => page.click("#toggle"));
  assert.deepEqual(problems, [], "no console error or warning, no uncaught exception");
  await context.close();
});

test("Leptos SSR app: a stable placeholder from the server, hydrated without mismatch, then the banner", async () => {
  // What the server sends: the app, and the widget as an empty display: contents <div>.
  const response = await fetch(`${SSR_URL}/`);
  assert.equal(response.status, 200);
  const html = await response.text();
  assert.match(html, /<div style="display: contents;?"><\/div>/, "the widget's placeholder is server-rendered");
  assert.match(html, /Acme dashboard/);
  assert.doesNotMatch(html, new RegExp(INCIDENT), "the server does not fetch the feed");

  const { context, page, problems, feedRequests } = await open(`${SSR_URL}/`);
  await shows_the_incident_as_a_banner(page);
  await one_widget(page);
  // Hydration adopted the server's nodes as they were: the widget drew into its own shadow
  // root, so the light DOM is still exactly what the server sent (tachys reports only
  // node-type mismatches on the console; this catches the rest).
  const withoutScripts = (body) => body.replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, "");
  const serverBody = withoutScripts(html.match(/<body>([\s\S]*)<\/body>/)[1]);
  assert.equal(withoutScripts(await page.evaluate(() => document.body.innerHTML)), serverBody);
  await screenshot(page, "example-leptos-ssr");
  assert.equal(feedRequests.length, 1, "one fetch on load");
  // The button only works once the page is hydrated.
  await redraws_as_a_badge_when_the_app_signal_changes(page);
  assert.equal(feedRequests.length, 1, "a new appearance does not refetch");

  // Navigate away (the router unmounts the widget) and back.
  await page.click('a[href="/about"]');
  await page.waitForFunction(() => !document.querySelector('div[style^="display: contents"]'));
  assert.equal(new URL(page.url()).pathname, "/about");
  await one_poller_after_remount(page, feedRequests, () => page.click('a[href="/"]'));
  assert.deepEqual(problems, [], "no console error or warning (Leptos logs hydration mismatches), no uncaught exception");
  await context.close();
});

test("Leptos SSR app: a page loaded on another route hydrates, and the widget mounts on navigation", async () => {
  const { context, page, problems, feedRequests } = await open(`${SSR_URL}/about`);
  await page.waitForLoadState("networkidle");
  assert.equal(feedRequests.length, 0, "no widget, no fetch");
  await page.click('a[href="/"]');
  await shows_the_incident_as_a_banner(page);
  await one_widget(page);
  assert.equal(feedRequests.length, 1);
  assert.deepEqual(problems, [], "no console error or warning, no uncaught exception");
  await context.close();
});
