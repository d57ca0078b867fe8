// End to end: every demo page, loaded over http://127.0.0.1 in headless Chromium.
// The site is built by `cargo xtask test` from demo-site/ (statusgen output and the
// real release bundle), so these tests see exactly what a visitor would.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import { launch, open, settled, screenshot, whereItStopped, BASE_URL, SITE_DIR } from "./browser.js";

const INCIDENT = "Elevated API error rates in eu-west";
const INCIDENT_ID = "2026-11-24-api-errors-eu-west";
const summaryPath = join(SITE_DIR, "status/api/v2/summary.json");
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Edits the served feed for one test and restores it afterwards. */
async function withFeed(edit, body) {
  const original = readFileSync(summaryPath, "utf8");
  try {
    const summary = JSON.parse(original);
    edit(summary);
    writeFileSync(summaryPath, JSON.stringify(summary));
    await body();
  } finally {
    writeFileSync(summaryPath, original);
  }
}

/** The name of the served bundle's file that `pattern` matches. */
function bundleFile(pattern) {
  return readdirSync(join(SITE_DIR, "widget")).find((file) => pattern.test(file));
}

/** Serves the bundle's file whose name `pattern` matches with its bytes changed by `tamper`
 * (and not its precompressed siblings, which the server would prefer) for one test. */
async function withTampered(pattern, tamper, body) {
  const path = join(SITE_DIR, "widget", bundleFile(pattern));
  copyFileSync(path, `${path}.orig`);
  for (const suffix of [".br", ".gz"]) renameSync(`${path}${suffix}`, `${path}${suffix}.away`);
  try {
    writeFileSync(path, tamper(readFileSync(path)));
    await body();
  } finally {
    copyFileSync(`${path}.orig`, path);
    for (const suffix of [".br", ".gz"]) renameSync(`${path}${suffix}.away`, `${path}${suffix}`);
  }
}

/** The tab hidden, then shown again, as the page sees it (headless Chromium never hides
 * a tab on its own). */
async function hideAndShow(page) {
  for (const hidden of [true, false]) {
    await page.evaluate((hidden) => {
      Object.defineProperty(document, "hidden", { configurable: true, get: () => hidden });
      document.dispatchEvent(new Event("visibilitychange"));
    }, hidden);
  }
}

/** A part inside a widget's shadow root; `host` is a selector for the element. */
function widget(page, part, host = "status-widget") {
  return page.locator(host).first().locator(`[part~="${part}"]`);
}

async function noProblems(page, problems) {
  assert.deepEqual(problems, [], "no console error, warning or uncaught exception");
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), [], "no CSP violation");
}

test("homepage: the one-line script tag shows the ongoing incident as a popup", async () => {
  const { context, page, problems } = await open(browser, "/");
  await settled(page);
  const host = page.locator("status-widget");
  assert.equal(await host.count(), 1, "the script added one popup");
  assert.equal(await host.getAttribute("data-state"), "major");
  assert.equal(await widget(page, "title").textContent(), INCIDENT);
  assert.match(await widget(page, "message").textContent(), /rollback is complete/);
  assert.match(await widget(page, "container").textContent(), /Major incident · Monitoring/);
  assert.match(await widget(page, "time").textContent(), /minute|hour|now/);
  assert.match(await widget(page, "link").getAttribute("href"), new RegExp(`/status/incidents/${INCIDENT_ID}\\.html$`));
  assert.equal(await widget(page, "link").getAttribute("rel"), "noopener noreferrer");
  assert.match(await widget(page, "container").textContent(), /\+1 more/, "upcoming maintenance counted");
  // As a screen reader meets it, in Chromium's accessibility tree: the button says what goes.
  const { nodes } = await (await context.newCDPSession(page)).send("Accessibility.getFullAXTree");
  const dismiss = nodes.find((node) => node.role?.value === "button" && node.name?.value === "Dismiss");
  assert.equal(dismiss?.description?.value, INCIDENT, "the dismiss button is described by the title");
  const box = await widget(page, "container").boundingBox();
  assert.ok(box.x + box.width > 1280 - 40 && box.y + box.height > 800 - 40, "bottom-right corner");
  assert.ok(Math.abs(box.width - 320) < 2, `about 320 px wide, got ${box.width}`);
  await page.waitForTimeout(400);
  assert.equal(await page.evaluate(() => window.__cls), 0, "no layout shift from the popup");
  await noProblems(page, problems);
  await screenshot(page, "homepage");
  // Printed, the page is the host's alone; `hidden` hides the element, as any other.
  await page.emulateMedia({ media: "print" });
  assert.equal(await widget(page, "container").isVisible(), false, "not printed over the page");
  await page.emulateMedia({ media: "screen" });
  assert.equal(await widget(page, "container").isVisible(), true);
  await host.evaluate((element) => { element.hidden = true; });
  assert.equal(await widget(page, "container").isVisible(), false, "hidden");
  await context.close();
});

test("homepage: the live region is on the page, silent, for a rendered frame before it speaks", async () => {
  // Screen readers announce a change to a live region they know, not one inserted with its words.
  const init = () => {
    window.__frames = 0;
    const count = () => { window.__frames += 1; requestAnimationFrame(count); };
    requestAnimationFrame(count);
    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (...args) {
      const root = attach.apply(this, args);
      new MutationObserver(() => {
        const region = root.querySelector("[role=status]");
        if (region && window.__inserted === undefined) window.__inserted = window.__frames;
        if (region?.textContent && window.__spoke === undefined) window.__spoke = window.__frames;
      }).observe(root, { childList: true, subtree: true, characterData: true });
      return root;
    };
  };
  const { context, page, problems } = await open(browser, "/", { init });
  await settled(page);
  await page.waitForFunction(() => window.__spoke !== undefined, null, { timeout: 5_000 });
  const { inserted, spoke } = await page.evaluate(() => ({ inserted: window.__inserted, spoke: window.__spoke }));
  assert.ok(spoke > inserted, `inserted in frame ${inserted}, spoke in frame ${spoke}`);
  assert.match(await page.locator("status-widget").evaluate((el) => el.shadowRoot.querySelector("[role=status]").textContent),
    new RegExp(INCIDENT));
  await noProblems(page, problems);
  await context.close();
});

test("status page the widget links to is served and names the incident", async () => {
  const { context, page, problems } = await open(browser, `/status/incidents/${INCIDENT_ID}.html`);
  assert.match(await page.textContent("body"), new RegExp(INCIDENT));
  await noProblems(page, problems);
  await page.goto(page.url().replace(/incidents\/.*$/, ""));
  assert.match(await page.textContent("body"), /Payouts database upgrade/);
  await screenshot(page, "status-page");
  await context.close();
});

test("app page: a banner filtered to API and Dashboard sits at the top", async () => {
  const { context, page, problems } = await open(browser, "/app.html");
  await settled(page);
  assert.equal(await page.locator("status-widget").getAttribute("data-state"), "major");
  assert.equal(await widget(page, "title").textContent(), INCIDENT);
  const text = await widget(page, "container").textContent();
  assert.doesNotMatch(text, /more/, "the payouts maintenance is filtered out");
  const box = await widget(page, "container").boundingBox();
  assert.ok(box.width > 1200 && box.y < 120, "full width at the top");
  await noProblems(page, problems);
  await screenshot(page, "app-banner");
  await context.close();
});

test("app page: a host's text-decoration on the banner's ancestors does not reach its text", async () => {
  const { context, page, problems } = await open(browser, "/app.html");
  await settled(page);
  const banner = widget(page, "container");
  const heading = page.locator("h1").first();
  const [before, headingBefore] = [await banner.screenshot(), await heading.screenshot()];
  // A propagated decoration is not in any computed style: only the pixels show it.
  await page.addStyleTag({ content: "body, status-widget { text-decoration: underline 3px red !important; }" });
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  assert.ok(Buffer.compare(headingBefore, await heading.screenshot()) !== 0, "the host's own heading is underlined");
  assert.ok(Buffer.compare(before, await banner.screenshot()) === 0, "the banner is drawn as before");
  // Still a block inside: the documented ::part() hook can centre it with auto margins.
  await page.addStyleTag({ content: "status-widget::part(container) { max-width: 600px; margin-inline: auto; }" });
  const box = await banner.boundingBox();
  const width = await page.evaluate(() => document.documentElement.clientWidth);
  assert.ok(Math.abs(box.width - 600) < 1 && Math.abs(box.x + box.width / 2 - width / 2) < 1, JSON.stringify(box));
  // Dismissed: no card, and no line's height left behind.
  await widget(page, "dismiss").click();
  assert.equal((await page.locator("status-widget").boundingBox()).height, 0);
  await noProblems(page, problems);
  await context.close();
});

test("support page: badges and inline status in the host's text", async () => {
  const { context, page, problems } = await open(browser, "/support.html");
  await settled(page);
  assert.equal(await page.locator("#inline-status [part~=title]").textContent(), "Partial System Outage");
  assert.equal(await page.locator("#badge [part~=title]").textContent(), "Partial System Outage");
  assert.equal(await page.locator("#payments-badge [part~=title]").textContent(), "All Systems Operational",
    "payments are fine: the maintenance has not started");
  assert.match(await page.locator("#badge [part~=container]").getAttribute("href"), /\/status$/);
  const hostFont = await page.evaluate(() => getComputedStyle(document.querySelector("main p")).fontFamily);
  const inlineFont = await page.locator("#inline-status [part~=title]").evaluate((el) => getComputedStyle(el).fontFamily);
  assert.equal(inlineFont, hostFont, "inline inherits the host's font");
  const sentence = await page.locator("main p").first().boundingBox();
  const inline = await page.locator("#inline-status [part~=title]").boundingBox();
  assert.ok(inline.y - sentence.y < 4 && inline.x > sentence.x + 100, "inline status flows in the sentence");
  await noProblems(page, problems);
  await screenshot(page, "support-badges");
  await context.close();
});

test("a widget moved within the page (a framework's keyed reorder) keeps what it shows: no new fetch, no `loading`", async () => {
  const { context, page, problems } = await open(browser, "/support.html");
  await settled(page);
  const feeds = [];
  page.on("request", (r) => { if (r.url().endsWith("/status/api/v2/summary.json")) feeds.push(r.url()); });
  const seen = await page.evaluate(async () => {
    const badge = document.querySelector("#badge");
    const title = () => badge.shadowRoot.querySelector("[part~=title]")?.textContent;
    const changes = [];
    badge.addEventListener("status-change", (event) => changes.push(event.detail.indicator));
    // One `insertBefore` of a connected element, as React and Vue move keyed children.
    const target = document.querySelector("main p");
    target.parentNode.insertBefore(badge, target);
    const right_after = title();
    await new Promise((resolve) => setTimeout(resolve, 500));
    return { changes, right_after, title: title(), state: badge.dataset.state };
  });
  assert.deepEqual(seen.changes, [], "no status-change: nothing changed");
  assert.equal(seen.right_after, "Partial System Outage", "never emptied, not even for a moment");
  assert.equal(seen.title, "Partial System Outage");
  assert.equal(seen.state, "major");
  assert.deepEqual(feeds, [], "the feed is not fetched again");
  // Removed for good, then added back: it starts again, as a new widget.
  const again = await page.evaluate(async () => {
    const badge = document.querySelector("#badge");
    const changes = [];
    badge.addEventListener("status-change", (event) => changes.push(event.detail.indicator));
    badge.remove();
    document.querySelector("main").append(badge);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    return changes;
  });
  assert.deepEqual(again, ["loading", "major"]);
  await noProblems(page, problems);
  await context.close();
});

test("hostile CSS does not change the widget's computed styles", async () => {
  const styles = async (path) => {
    const { context, page, problems } = await open(browser, path);
    await settled(page);
    const computed = {};
    for (const part of ["container", "title", "message", "link", "dismiss"]) {
      computed[part] = await widget(page, part).evaluate((el) => {
        const s = getComputedStyle(el);
        return [s.display, s.fontSize, s.fontFamily, s.color, s.backgroundColor, s.borderTopWidth, s.paddingTop, s.position,
          s.whiteSpace, s.textIndent, s.wordSpacing, s.wordBreak, s.textShadow, s.webkitTextFillColor, s.cursor].join("|");
      });
    }
    await noProblems(page, problems);
    if (path.includes("hostile")) await screenshot(page, "hostile-css");
    await context.close();
    return computed;
  };
  assert.deepEqual(await styles("/hostile.html"), await styles("/"));
});

test("dark page: the dark theme is dark and readable", async () => {
  const { context, page, problems } = await open(browser, "/dark.html");
  await settled(page);
  const [bg, fg] = await widget(page, "container", "#popup").evaluate((el) => {
    const s = getComputedStyle(el);
    return [s.backgroundColor, s.color];
  });
  const luminance = (rgb) => {
    const [r, g, b] = rgb.match(/\d+/g).slice(0, 3).map(Number).map((c) => {
      const v = c / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  assert.ok(luminance(bg) < 0.05, `dark background, got ${bg}`);
  const contrast = (luminance(fg) + 0.05) / (luminance(bg) + 0.05);
  assert.ok(contrast >= 4.5, `AA contrast, got ${contrast.toFixed(2)}`);
  await noProblems(page, problems);
  await screenshot(page, "dark");
  await context.close();
});

test("French visitor: French chrome, the operator's French text, relative time in French", async () => {
  const { context, page, problems } = await open(browser, "/fr.html", { locale: "fr-CA" });
  await settled(page);
  assert.equal(await widget(page, "title", "#popup").textContent(), "Taux d’erreur élevé de l’API dans eu-west");
  assert.match(await widget(page, "message", "#popup").textContent(), /L’annulation est terminée/);
  assert.match(await widget(page, "container", "#popup").textContent(), /Incident majeur · Sous surveillance/);
  assert.match(await widget(page, "time", "#popup").textContent(), /il y a|maintenant/);
  assert.equal(await widget(page, "dismiss", "#popup").getAttribute("aria-label"), "Fermer");
  assert.equal(await widget(page, "title", "#popup").getAttribute("lang"), "fr", "the feed's French translation");
  assert.equal(await widget(page, "title", "#badge").textContent(), "Panne partielle");
  await noProblems(page, problems);
  await screenshot(page, "french");
  await context.close();

  // A visitor who reads English first, then French, gets the page's own English, not its French.
  const englishFirst = () => Object.defineProperty(Navigator.prototype, "languages", { get: () => ["en-GB", "fr"] });
  const second = await open(browser, "/fr.html", { locale: "en-GB", init: englishFirst });
  await settled(second.page);
  assert.equal(await widget(second.page, "title", "#popup").textContent(), INCIDENT);
  assert.equal(await widget(second.page, "title", "#popup").getAttribute("lang"), "en");
  await noProblems(second.page, second.problems);
  await second.context.close();
});

test("a language's words are fetched with subresource integrity: a tampered file is refused, English shows instead", async () => {
  const edit = (bytes) => bytes.toString("utf8").replace("Panne partielle", "Tout fonctionne");
  await withTampered(/^status-widget\.[0-9a-f]{16}\.fr\.txt$/, edit, async () => {
    const { context, page, problems } = await open(browser, "/fr.html", { locale: "fr-CA" });
    await settled(page);
    assert.equal(await widget(page, "title", "#badge").textContent(), "Partial System Outage");
    const popup = widget(page, "container", "#popup");
    assert.match(await popup.textContent(), /Major incident · Monitoring · \d+ minutes ago/);
    // Wholly English: its times and its `lang` too, not French times among English words.
    assert.equal(await popup.evaluate((card) => card.closest("[lang]")?.lang), "en");
    assert.ok(problems.every((problem) => /integrity/.test(problem)), `only the browser's refusal: ${problems}`);
    await context.close();
  });
});

test("a language's words that never arrive: after 10 s the widget shows its notice in English, not 'loading' for good", async () => {
  // The route is set on a page without the widget: set on the French page itself, it also
  // caught that page's own words if its glue ran after its load event (seen in CI: 2 !== 1).
  writeFileSync(join(SITE_DIR, "e2e-blank.html"), `<!doctype html><html lang="fr"><title>blank</title></html>`);
  const { context, page, problems } = await open(browser, "/e2e-blank.html", { locale: "fr-CA" });
  const stalled = [];
  // Answered never: a request the server took and then went quiet on.
  await context.route(/status-widget\.[0-9a-f]{16}\.fr\.txt$/, (route) => { stalled.push(route.request().url()); });
  await page.goto(BASE_URL + "/fr.html");
  await settled(page);
  assert.equal(stalled.length, 1, "the words were asked for once");
  assert.equal(await widget(page, "title", "#badge").textContent(), "Partial System Outage");
  assert.match(await widget(page, "container", "#popup").textContent(), /Major incident · Monitoring · \d+ minutes ago/);
  assert.deepEqual(problems, []);
  await context.close();
});

/** Init script: counts the Intl formatters the page makes (`window.__intlFormatters`). */
function countIntlFormatters() {
  window.__intlFormatters = 0;
  for (const name of ["DateTimeFormat", "NumberFormat", "PluralRules", "RelativeTimeFormat"]) {
    const Original = Intl[name];
    Intl[name] = function (...args) {
      window.__intlFormatters += 1;
      return new Original(...args);
    };
  }
}

test("English times are written as Chromium's Intl writes them, in six time zones, with no Intl set-up", async () => {
  // The widget writes English times itself (the first Intl formatter of a page is ICU's
  // set-up, a long task at 4× CPU); these must read exactly as Intl's would.
  const promised = new Date(Date.now() + 2 * 3_600_000).toISOString();
  const zones = ["UTC", "Asia/Kolkata", "America/New_York", "America/St_Johns", "Asia/Kathmandu", "Pacific/Chatham"];
  await withFeed((summary) => {
    for (const incident of summary.incidents) for (const update of incident.incident_updates) update.next_update_at = promised;
  }, async () => {
    for (const timezoneId of zones) {
      const { context, page, problems } = await open(browser, "/", { timezoneId, init: countIntlFormatters });
      await settled(page);
      const time = widget(page, "time");
      await time.waitFor();
      assert.equal(await page.evaluate(() => window.__intlFormatters), 0, "the widget made no Intl formatter");
      const shown = { title: await time.getAttribute("title"), next: await widget(page, "next-update").textContent() };
      const expected = await page.evaluate(([at, promised]) => ({
        title: new Intl.DateTimeFormat("en", {
          year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "shortOffset",
        }).format(new Date(at)),
        next: `Next update by ${new Intl.DateTimeFormat("en", { hour: "numeric", minute: "2-digit" }).format(new Date(promised))}`,
      }), [await time.getAttribute("datetime"), promised]);
      assert.deepEqual(shown, expected, timezoneId);
      assert.match(await time.textContent(), /^(now|\d[\d,]* (minute|hour|day)s? ago|yesterday)$/, timezoneId);
      await noProblems(page, problems);
      await context.close();
    }
  });
});

test("a language's words: fetched once per page for its readers, beside the wasm; English is in the wasm", async () => {
  for (const [locale, path, expected] of [["fr-FR", "/fr.html", [".fr.txt"]], ["ja-JP", "/", [".ja.txt"]], ["en-GB", "/", []]]) {
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    const words = [];
    page.on("request", (r) => { if (/status-widget\.[0-9a-f]{16}\.[\w-]+\.txt$/.test(r.url())) words.push(r.url()); });
    await page.goto(BASE_URL + path);
    // The widgets report their state once drawn, and they draw in the visitor's language.
    await settled(page);
    assert.deepEqual(words.map((url) => url.match(/\.[\w-]+\.txt$/)[0]), expected, `${locale}: ${words}`);
    await context.close();
  }
});

test("Arabic visitor: right-to-left text, the popup in the corner the host page chose", async () => {
  const { context, page, problems } = await open(browser, "/", { locale: "ar-EG" });
  await settled(page);
  const container = widget(page, "container");
  assert.equal(await container.evaluate((el) => getComputedStyle(el).direction), "rtl");
  const box = await container.boundingBox();
  // An English page keeps its bottom-right corner (clear of what it put bottom-left).
  assert.ok(box.x + box.width > 1280 - 40, `bottom-right on a left-to-right page, x = ${box.x}`);
  assert.equal(await widget(page, "dismiss").getAttribute("aria-label"), "إغلاق");
  assert.equal(await widget(page, "message").evaluate((el) => getComputedStyle(el).direction), "ltr",
    "English feed text keeps its own direction inside the Arabic chrome");
  // ...and its own language, for a screen reader's voice: the one the feed declares.
  const langs = async (page) => [await widget(page, "title").getAttribute("lang"),
    await widget(page, "message").getAttribute("lang"), await widget(page, "container").evaluate((el) => el.closest("[lang]").lang)];
  assert.deepEqual(await langs(page), ["en", "en", "ar"]);
  await noProblems(page, problems);
  await screenshot(page, "arabic-rtl");
  await context.close();

  // A feed that does not declare its language, as Statuspage's: the host page's (`<html lang="en">`).
  await withFeed((summary) => { delete summary.page.locale; }, async () => {
    const { context, page, problems } = await open(browser, "/", { locale: "ar-EG" });
    await settled(page);
    assert.deepEqual(await langs(page), ["en", "en", "ar"]);
    await noProblems(page, problems);
    await context.close();
  });
});

test("Japanese visitor and a language fallback chain", async () => {
  for (const [locale, expected] of [["ja-JP", "重大な障害"], ["pt-BR", "Incidente grave"], ["xx", "Major incident"]]) {
    const { context, page, problems } = await open(browser, "/", { locale });
    await settled(page);
    assert.match(await widget(page, "container").textContent(), new RegExp(expected), locale);
    await noProblems(page, problems);
    if (locale === "ja-JP") await screenshot(page, "japanese");
    await context.close();
  }
});

test("strict CSP page renders with no violation", async () => {
  const { context, page, problems } = await open(browser, "/strict-csp.html");
  const response = await page.reload();
  assert.match(response.headers()["content-security-policy"], /style-src 'self'/);
  await settled(page);
  assert.equal(await widget(page, "title", "#popup").textContent(), INCIDENT);
  assert.equal(await widget(page, "title", "#badge").textContent(), "Partial System Outage");
  const fontWeight = await widget(page, "title", "#popup").evaluate((el) => getComputedStyle(el).fontWeight);
  assert.equal(fontWeight, "600", "the widget's styles applied under style-src 'self'");
  await noProblems(page, problems);
  await screenshot(page, "strict-csp");
  await context.close();
});

test("dead feed: nothing breaks, the popup stays hidden, the badge says unavailable", async () => {
  const { context, page, problems } = await open(browser, "/dead-feed.html");
  await settled(page);
  const states = await page.locator("status-widget").evaluateAll((els) => els.map((el) => el.dataset.state));
  assert.deepEqual(states, ["error", "error"]);
  assert.equal(await widget(page, "title", "#badge").textContent(), "Status unavailable");
  // The widget cannot say, but the status page may: the badge still links to it.
  assert.equal(await widget(page, "container", "#badge").getAttribute("href"), "http://127.0.0.1:9/");
  // A pill, not a link in text: never underlined, linked or not.
  assert.equal(await widget(page, "container", "#badge").evaluate((el) => getComputedStyle(el).textDecorationLine), "none");
  assert.equal(await widget(page, "container", "#popup").count(), 0, "no popup");
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.__cls), 0);
  // One hint for the site's developer, naming the feed and the cause, however many widgets share it.
  assert.deepEqual(problems, [
    'console.warn: status-widget: feed "http://127.0.0.1:9/api/v2/summary.json": no response (offline, CORS or refused)',
  ]);
  problems.length = 0;
  await noProblems(page, problems);
  await screenshot(page, "dead-feed");
  // With no feed set there is no status page to link to: the text is not dressed as a link
  // (and never points at the host's own root).
  await page.evaluate(() => document.body.append(Object.assign(document.createElement("status-widget"), { id: "nofeed" })));
  // (An empty `feed`, not none: this page's script tag sets a default feed.)
  await page.evaluate(() => { const el = document.querySelector("#nofeed"); el.setAttribute("feed", ""); el.setAttribute("appearance", "inline"); });
  await page.locator("#nofeed").and(page.locator('[data-state="error"]')).waitFor({ state: "attached" });
  const inline = widget(page, "container", "#nofeed");
  await inline.waitFor();
  assert.equal(await inline.getAttribute("href"), null);
  assert.equal(await inline.evaluate((el) => getComputedStyle(el).textDecorationLine), "none");
  await context.close();
});

test("dismiss persists across reload and the notice returns with a new update", async () => {
  const { context, page, problems } = await open(browser, "/");
  await settled(page);
  await widget(page, "dismiss").click();
  // The next notice (the upcoming maintenance) takes its place.
  await page.waitForFunction(() => !document.querySelector("status-widget").shadowRoot.textContent.includes("eu-west"));
  await page.reload();
  await settled(page);
  await page.waitForTimeout(300);
  assert.doesNotMatch(await page.locator("status-widget").evaluate((el) => el.shadowRoot.textContent), /eu-west/);
  await withFeed((summary) => {
    const incident = summary.incidents[0];
    incident.incident_updates.unshift({
      ...incident.incident_updates[0], id: "e2e-new-update", status: "resolved",
      body: "Resolved: error rates have been normal for an hour.",
      created_at: new Date().toISOString(), display_at: new Date().toISOString(),
    });
  }, async () => {
    await page.reload();
    await settled(page);
    await page.waitForFunction(() => document.querySelector("status-widget").shadowRoot.textContent.includes("Resolved: error rates"));
  });
  await noProblems(page, problems);
  await context.close();
});

test("polling picks up a changed feed within one poll", async () => {
  writeFileSync(join(SITE_DIR, "e2e-poll.html"),
    `<!doctype html><html lang="en"><title>poll</title><status-widget feed="/status" appearance="badge" poll="10"></status-widget>` +
    `<script src="/widget/status-widget.js"></script></html>`);
  const { context, page, problems } = await open(browser, "/e2e-poll.html");
  await settled(page);
  assert.equal(await widget(page, "title").textContent(), "Partial System Outage");
  await withFeed((summary) => { summary.incidents[0].impact = "critical"; }, async () => {
    // The shortest interval is 10 s (+10 % jitter).
    await page.waitForFunction(() => document.querySelector("status-widget").dataset.state === "critical", null, { timeout: 15_000 });
    assert.equal(await widget(page, "title").textContent(), "Major System Outage");
  });
  await noProblems(page, problems);
  await context.close();
});

test("poll: a huge value polls once a day, an empty one at the default, a fraction every 10 s, never in a loop", async () => {
  const quiet = readFileSync(join(SITE_DIR, "playground/feeds/all_operational.json"));
  const values = { infinite: "Infinity", huge: "3000000", empty: "", unit: "5m", short: "20", fraction: "0.5" };
  for (const name of Object.keys(values)) writeFileSync(join(SITE_DIR, `e2e-poll-${name}.json`), quiet);
  writeFileSync(join(SITE_DIR, "e2e-poll-values.html"),
    `<!doctype html><html lang="en"><title>poll values</title>` +
    Object.entries(values).map(([name, poll]) => `<status-widget feed="/e2e-poll-${name}.json" poll="${poll}"></status-widget>`).join("") +
    `<script src="/widget/status-widget.js" async></script></html>`);
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  const requests = Object.fromEntries(Object.keys(values).map((name) => [name, 0]));
  page.on("request", (r) => { const name = /e2e-poll-(\w+)\.json$/.exec(r.url())?.[1]; if (name) requests[name] += 1; });
  await page.clock.install();
  await page.goto(`${BASE_URL}/e2e-poll-values.html`);
  // The page's timers are fake (as are its animation frames): the test moves them.
  for (let i = 0; i < 50; i++) {
    if (await page.evaluate(() => [...document.querySelectorAll("status-widget")].every((e) => e.dataset.state === "none"))) break;
    await page.clock.runFor(100);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // Three minutes of the page's time, a few seconds at a time: a delay past 2^31 ms fires
  // at once, so a poll taken as one polled in a loop (about 300 requests a second).
  for (let second = 0; second < 180; second += 5) {
    await page.clock.runFor(5_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.deepEqual({ infinite: requests.infinite, huge: requests.huge }, { infinite: 1, huge: 1 }, "once a day");
  // The default, 60 s ± 10 %: two or three more in three minutes (it polled once; `5m`,
  // read as a leading number, polled every 10 s).
  for (const name of ["empty", "unit"]) assert.ok(requests[name] >= 3 && requests[name] <= 4, `${name} poll: ${requests[name]} requests`);
  assert.ok(requests.short >= 8, `poll="20": ${requests.short} requests`);
  // Below 10 is 10, fractions too: not 0, which fetches once.
  assert.ok(requests.fraction >= 12, `poll="0.5": ${requests.fraction} requests`);
  await context.close();
});

test("Trusted Types: a default policy that passes the widget's script URL and HTML templates gets it drawn", async () => {
  const csp = `<meta http-equiv="Content-Security-Policy" content="require-trusted-types-for 'script'; trusted-types default">`;
  const policy = `<script>trustedTypes.createPolicy("default", { createHTML: (html) => html, ` +
    `createScriptURL: (url) => { if (new URL(url, location.href).pathname.startsWith("/widget/")) return url; throw new TypeError(url); } });</script>`;
  for (const [name, head, state] of [["tt-policy", csp + policy, "major"], ["tt-none", csp, "error"]]) {
    writeFileSync(join(SITE_DIR, `e2e-${name}.html`),
      `<!doctype html><html lang="en"><head>${head}<title>${name}</title></head>` +
      `<status-widget feed="/status" appearance="badge"></status-widget><script src="/widget/status-widget.js"></script></html>`);
    const { context, page, problems } = await open(browser, `/e2e-${name}.html`);
    await page.locator("status-widget").and(page.locator(`[data-state="${state}"]`)).waitFor({ state: "attached", timeout: 15_000 });
    if (state === "major") {
      assert.equal(await widget(page, "title").textContent(), "Partial System Outage");
      await noProblems(page, problems);
    } else {
      // Refused: the page's own error for the blocked assignment, and one hint of ours.
      assert.ok(problems.some((p) => /could not load /.test(p)), `${problems}`);
    }
    await context.close();
  }
});

test("a CSP without 'wasm-unsafe-eval': the badge says unavailable, and the refused wasm is not fetched again at every poll", async () => {
  writeFileSync(join(SITE_DIR, "e2e-csp-no-wasm.html"),
    `<!doctype html><html lang="en"><head><meta http-equiv="Content-Security-Policy" content="script-src 'self'">` +
    `<title>no wasm</title></head><status-widget feed="/status" appearance="badge" poll="10"></status-widget>` +
    `<script src="/widget/status-widget.js"></script></html>`);
  const { context, page, problems } = await open(browser, "/e2e-csp-no-wasm.html");
  const feeds = [];
  page.on("request", (r) => { if (r.url().endsWith("/status/api/v2/summary.json")) feeds.push(r.url()); });
  await page.locator("status-widget").and(page.locator('[data-state="error"]')).waitFor({ state: "attached", timeout: 15_000 });
  for (const poll of ["11", "12"]) {
    const polled = page.waitForRequest((r) => r.url().endsWith("/status/api/v2/summary.json"), { timeout: 5_000 });
    await page.evaluate((value) => document.querySelector("status-widget").setAttribute("poll", value), poll);
    await polled;
    await page.waitForTimeout(300);
  }
  assert.ok(feeds.length >= 2, `polled: ${feeds.length}`);
  const wasm = await page.evaluate(() => performance.getEntriesByType("resource").filter((e) => e.name.endsWith(".wasm")).length);
  assert.equal(wasm, 1, "the wasm, once");
  assert.ok(problems.some((p) => /could not load WebAssembly.*Content Security/.test(p)), `${problems}`);
  await context.close();
});

test("a host's stub of fetch that throws, or returns no promise, is a failed poll: nothing thrown into the page, and the polls go on", async () => {
  writeFileSync(join(SITE_DIR, "e2e-fetch-stub.html"),
    `<!doctype html><html lang="en"><title>fetch stub</title>` +
    `<status-widget feed="/status" appearance="badge" poll="10"></status-widget><script src="/widget/status-widget.js"></script></html>`);
  const context = await browser.newContext();
  const page = await context.newPage();
  const uncaught = [];
  page.on("pageerror", (error) => uncaught.push(error.message));
  let feeds = 0;
  page.on("request", (r) => { if (r.url().endsWith("/status/api/v2/summary.json")) feeds += 1; });
  // The page's timers are the test's: each poll comes when the test moves the clock.
  await page.clock.install();
  await page.goto(`${BASE_URL}/e2e-fetch-stub.html`);
  for (let i = 0; i < 50 && !(await page.evaluate(() => document.querySelector("status-widget").dataset.state === "major")); i++) {
    await page.clock.runFor(100);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  for (const stub of ["() => { throw new Error('unexpected fetch'); }", "() => undefined"]) {
    await page.evaluate((source) => { window.__fetch = window.fetch; window.fetch = (0, eval)(source); }, stub);
    await page.clock.runFor(12_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await page.evaluate(() => { window.fetch = window.__fetch; });
    const before = feeds;
    for (let second = 0; second < 30 && feeds === before; second += 1) {
      await page.clock.runFor(1_000);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(feeds > before, `${stub}: polled again once fetch was back`);
  }
  assert.deepEqual(uncaught, []);
  await context.close();
});

test("the card's and the badge's text follow the visitor's default font size, never the host page's root size", async () => {
  // A browser set to a larger default size (not zoom), on a page whose root is 10 px.
  writeFileSync(join(SITE_DIR, "e2e-font-size.html"),
    `<!doctype html><html lang="en" style="font-size: 62.5%"><title>font size</title>` +
    `<p>Status: <status-widget feed="/status" appearance="badge"></status-widget> ` +
    `<span style="font-size: 30px">big: <status-widget feed="/status" appearance="inline"></status-widget></span></p>` +
    `<status-widget feed="/status" appearance="banner"></status-widget>` +
    `<status-widget feed="/status" appearance="popup"></status-widget>` +
    `<script src="/widget/status-widget.js"></script></html>`);
  const sizes = {}, boxes = {};
  for (const standard of [16, 24]) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Page.setFontSizes", { fontSizes: { standard, fixed: 13 } });
    await page.goto(BASE_URL + "/e2e-font-size.html");
    await settled(page);
    const size = (host, part) => page.locator(host).locator(`[part~="${part}"]`).evaluate((el) => getComputedStyle(el).fontSize);
    sizes[standard] = {
      title: await size("status-widget[appearance=banner]", "title"),
      time: await size("status-widget[appearance=banner]", "time"),
      badge: await size("status-widget[appearance=badge]", "title"),
      inline: await size("status-widget[appearance=inline]", "title"),
    };
    // The card around the text grows with it: its width, paddings, icon and dismiss button.
    const box = (host, selector, read) => page.locator(host).locator(selector).evaluate(read);
    const width = (el) => Math.round(el.getBoundingClientRect().width * 100) / 100;
    boxes[standard] = {
      popup: await box("status-widget[appearance=popup]", "[part~=container]", width),
      padding: await box("status-widget[appearance=banner]", "[part~=container]", (el) => getComputedStyle(el).paddingTop),
      icon: await box("status-widget[appearance=banner]", "[part~=indicator]", width),
      dismiss: await box("status-widget[appearance=banner]", "button", width),
      badgeIcon: await box("status-widget[appearance=badge]", "[part~=indicator]", width),
      inlineIcon: await box("status-widget[appearance=inline]", "[part~=indicator]", width),
    };
    await screenshot(page, `default-font-size-${standard}`);
    await context.close();
  }
  assert.deepEqual(sizes[16], { title: "14px", time: "12.5px", badge: "13px", inline: "30px" }, "the sizes as designed");
  // 24 × 14/16, 24 × 12.5/16, 24 × 13/16; inline status keeps the host's own text size.
  assert.deepEqual(sizes[24], { title: "21px", time: "18.75px", badge: "19.5px", inline: "30px" });
  // The card's geometry as designed at 16 px, and 1.5 times it at 24 (inline's icon follows
  // the host's 30 px text: 30 × 10/16 either way).
  assert.deepEqual(boxes[16], { popup: 320, padding: "12px", icon: 14, dismiss: 28, badgeIcon: 10, inlineIcon: 18.75 });
  assert.deepEqual(boxes[24], { popup: 480, padding: "18px", icon: 21, dismiss: 42, badgeIcon: 15, inlineIcon: 18.75 });
});

test("in a line of large text the status sits on the line's baseline, and a vertical page's writing mode stays out", async () => {
  writeFileSync(join(SITE_DIR, "e2e-baseline.html"),
    `<!doctype html><html lang="en"><title>baseline</title><body style="writing-mode: vertical-rl">` +
    `<p style="font: 48px/1.2 sans-serif; writing-mode: horizontal-tb">Now: <span id="ref">Hxg</span> ` +
    `<status-widget id="inline" feed="/status" appearance="inline"></status-widget></p>` +
    `<status-widget id="badge" feed="/status" appearance="badge"></status-widget>` +
    `<script src="/widget/status-widget.js"></script></body></html>`);
  const { context, page, problems } = await open(browser, "/e2e-baseline.html");
  await settled(page, "#inline");
  await settled(page, "#badge");
  const { offset, badge } = await page.evaluate(() => {
    const ref = document.querySelector("#ref").getBoundingClientRect();
    const title = document.querySelector("#inline").shadowRoot.querySelector("[part~=title]").getBoundingClientRect();
    const pill = document.querySelector("#badge").shadowRoot.querySelector("[part~=container]").getBoundingClientRect();
    return { offset: title.bottom - ref.bottom, badge: { width: pill.width, height: pill.height } };
  });
  // On the same baseline, the boxes' bottoms differ only by the fonts' descents (the title
  // is bold): a few pixels. It was 12.5 px low at 48 px, the icon's centre taken for the
  // baseline.
  assert.ok(Math.abs(offset) <= 4, `inline title ${offset} px below the host's text`);
  // Written across, as everywhere, not down the page's vertical lines.
  assert.ok(badge.width > badge.height * 3, `badge ${badge.width}×${badge.height}`);
  await noProblems(page, problems);
  await context.close();
});

test("the script included twice defines the element once and shows one popup", async () => {
  writeFileSync(join(SITE_DIR, "e2e-twice.html"),
    `<!doctype html><html lang="en"><title>twice</title><body><p>twice</p>` +
    `<script src="/widget/status-widget.js" data-feed="/status" async></script>` +
    `<script src="/widget/status-widget.js" data-feed="/status" async></script></body></html>`);
  const { context, page, problems } = await open(browser, "/e2e-twice.html");
  await settled(page);
  assert.equal(await page.locator("status-widget").count(), 1);
  await noProblems(page, problems);
  await context.close();
});

test("the script loaded as a module (type=module) says so in one console warning, and throws nothing", async () => {
  // A module has no current script, so the loader has no URL to find its files beside.
  writeFileSync(join(SITE_DIR, "e2e-module.html"),
    `<!doctype html><html lang="en"><title>module</title><body><p>module</p>` +
    `<script type="module" src="/widget/status-widget.js" data-feed="/status"></script></body></html>`);
  const { context, page, problems } = await open(browser, "/e2e-module.html");
  await page.waitForLoadState("load");
  await page.waitForTimeout(500);
  assert.deepEqual(problems, ["console.warn: status-widget: load status-widget.js without type=module"]);
  assert.equal(await page.locator("status-widget").count(), 0, "no popup it could not load");
  await context.close();
});

test("narrow viewport: the popup becomes a bottom sheet no taller than a quarter of the screen", async () => {
  // Right to left too: the page's direction moves a desktop popup's corner, never the sheet.
  for (const dir of ["ltr", "rtl"]) {
    const init = dir === "rtl" ? () => addEventListener("DOMContentLoaded", () => { document.documentElement.dir = "rtl"; }) : undefined;
    const { context, page, problems } = await open(browser, "/", { viewport: { width: 390, height: 844 }, init });
    await settled(page);
    await page.waitForTimeout(400); // let the slide-in animation finish
    const box = await widget(page, "container").boundingBox();
    assert.ok(Math.abs(box.x) < 1 && Math.abs(box.width - 390) < 1 && Math.abs(box.y + box.height - 844) < 1,
      `${dir}: ${JSON.stringify(box)}`);
    assert.ok(box.height <= 844 * 0.25 + 1, `height ${box.height}`);
    await noProblems(page, problems);
    await screenshot(page, dir === "rtl" ? "mobile-sheet-rtl" : "mobile-sheet");
    await context.close();
  }
});

test("400 % zoom: the sheet shows the severity and the title, and its dismiss button stays in view", async () => {
  // A 1280 x 800 screen at 400 % zoom is a 320 x 200 CSS px viewport.
  const { context, page, problems } = await open(browser, "/", { viewport: { width: 320, height: 200 } });
  await settled(page);
  await page.waitForTimeout(400); // let the slide-in animation finish
  const sheet = await widget(page, "container").boundingBox();
  const title = await widget(page, "title").boundingBox();
  assert.ok(title.y >= sheet.y && title.y + title.height <= sheet.y + sheet.height + 0.5,
    `the title is in the sheet: ${JSON.stringify({ sheet, title })}`);
  await widget(page, "container").evaluate((el) => { el.scrollTop = el.scrollHeight; });
  const scrolled = await widget(page, "container").boundingBox();
  const dismiss = await widget(page, "dismiss").boundingBox();
  assert.ok(dismiss.y >= scrolled.y && dismiss.y + dismiss.height <= scrolled.y + scrolled.height,
    `the dismiss button is in view once scrolled: ${JSON.stringify({ scrolled, dismiss })}`);
  await noProblems(page, problems);
  await screenshot(page, "zoom400-sheet");
  await context.close();
});

test("axe-core finds no accessibility violation inside the widget, in light, dark and forced colours", async () => {
  for (const [path, forcedColors] of [["/", "none"], ["/support.html", "none"], ["/dark.html", "none"], ["/app.html", "none"],
    ["/", "active"], ["/support.html", "active"]]) {
    const { context, page } = await open(browser, path);
    await page.emulateMedia({ forcedColors });
    await settled(page);
    // axe measures contrast as painted: let the popup's fade-in finish first.
    await page.evaluate(() => Promise.all([...document.querySelectorAll("status-widget")]
      .flatMap((el) => (el.shadowRoot ? el.shadowRoot.getAnimations().map((a) => a.finished) : []))));
    await page.addScriptTag({ content: axeSource });
    const violations = await page.evaluate(async () => {
      const result = await window.axe.run({ include: [["status-widget"]] }, { resultTypes: ["violations"] });
      return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    });
    assert.deepEqual(violations, [], `${path} forced-colors=${forcedColors}`);
    await context.close();
  }
});

test("the statusgen status page passes axe in light and dark mode", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const { context, page, problems } = await open(browser, "/status/");
    await page.emulateMedia({ colorScheme });
    await page.addScriptTag({ content: axeSource });
    const violations = await page.evaluate(async () => {
      const result = await window.axe.run(document, { resultTypes: ["violations"] });
      return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    });
    assert.deepEqual(violations, [], colorScheme);
    assert.equal(await page.getAttribute("html", "lang"), "en");
    assert.deepEqual(problems, []);
    await screenshot(page, `status-page-${colorScheme}`);
    await context.close();
  }
});

test("playground: scenarios switch live, and a feed that goes down keeps the last notice", async () => {
  const { context, page, problems } = await open(browser, "/playground.html");
  await settled(page, "#widget");
  await page.selectOption("select[name=scenario]", "critical_under_indicator_none");
  await page.waitForFunction(() => document.querySelector("#widget").dataset.state === "critical");
  assert.equal(await widget(page, "title", "#widget").textContent(), "Full outage of the API");

  const failures = [];
  page.on("response", (r) => { if (r.url().includes("stale.json") && r.status() === 503) failures.push(r.url()); });
  await page.selectOption("select[name=scenario]", "stale");
  await page.waitForFunction(() => document.querySelector("#widget").dataset.state === "minor");
  // Poll at the shortest interval (10 s) from now on: the demo server now answers 503 for this session.
  await page.evaluate(() => document.querySelector("#widget").setAttribute("poll", "10"));
  for (let i = 0; i < 125 && failures.length === 0; i++) await page.waitForTimeout(100);
  assert.ok(failures.length > 0, "the stale feed went down");
  await page.waitForTimeout(300);
  assert.equal(await page.locator("#widget").getAttribute("data-state"), "minor", "last known state kept");
  assert.equal(await widget(page, "title", "#widget").textContent(), "Slow API responses");
  // The outage is reported once to the site's developer, with the feed and the cause.
  assert.equal(problems.length, 1, `${problems}`);
  assert.match(problems[0], /^console\.warn: status-widget: feed ".*\/stale\.json\?session=\d+": HTTP 503$/);
  problems.length = 0;
  await noProblems(page, problems);
  await screenshot(page, "playground");
  await context.close();
});

/** Requests the page makes for the widget's hashed glue and wasm. */
function watchWasm(page) {
  const requests = [];
  page.on("request", (r) => { if (/status-widget\.[0-9a-f]{16}\.(js|wasm)$/.test(r.url())) requests.push(r.url()); });
  return requests;
}

test("all clear with the one-tag popup: no wasm is requested, until the feed has something to show", async () => {
  const feed = join(SITE_DIR, "e2e-quiet.json");
  writeFileSync(feed, readFileSync(join(SITE_DIR, "playground/feeds/all_operational.json")));
  writeFileSync(join(SITE_DIR, "e2e-quiet.html"),
    `<!doctype html><html lang="en"><title>quiet</title><p>Host page</p>` +
    `<script src="/widget/status-widget.js" data-feed="/e2e-quiet.json" data-poll="10" async></script></html>`);
  const context = await browser.newContext({ locale: "fr-FR" });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
  const wasm = watchWasm(page);
  await page.addInitScript(() => {
    window.__events = [];
    document.addEventListener("status-change", (e) => window.__events.push(e.detail));
  });
  await page.goto(`${BASE_URL}/e2e-quiet.html`);
  await settled(page);
  assert.equal(await page.locator("status-widget").getAttribute("data-state"), "none");
  const events = await page.evaluate(() => window.__events);
  // The loader reports what the wasm would: the English words (on a French browser too), no incident.
  assert.deepEqual(events.at(-1), { indicator: "none", description: "All Systems Operational", incident: null });
  await page.waitForTimeout(500);
  assert.deepEqual(wasm, [], "no glue or wasm on an all-clear page view");
  assert.equal(await widget(page, "container").count(), 0, "nothing visible");

  // An incident is posted: within one poll the wasm loads and the popup shows it.
  writeFileSync(feed, readFileSync(join(SITE_DIR, "playground/feeds/minor_incident.json")));
  await page.waitForFunction(() => document.querySelector("status-widget").dataset.state === "minor", null, { timeout: 20_000 });
  await widget(page, "title").waitFor();
  assert.equal(await widget(page, "title").textContent(), "Slow API responses");
  assert.equal(wasm.length, 2, `the glue and the wasm, once each: ${wasm}`);
  const drawn = (await page.evaluate(() => window.__events)).at(-1);
  assert.equal(drawn.indicator, "minor");
  assert.equal(drawn.description, "Minor Service Outage", "the wasm describes in the loader's language: English");
  assert.deepEqual(problems, []);
  await context.close();
});

test("maintenance just over a day away: quiet until the next poll, so a popup that polls once loads the wasm", async () => {
  const inHours = (hours) => new Date(Date.now() + hours * 3_600_000).toISOString();
  const feed = JSON.parse(readFileSync(join(SITE_DIR, "playground/feeds/all_operational.json"), "utf8"));
  feed.scheduled_maintenances = [{
    id: "far", name: "Database upgrade", status: "scheduled", impact: "maintenance",
    scheduled_for: inHours(25), scheduled_until: inHours(27), incident_updates: [], components: [],
  }];
  writeFileSync(join(SITE_DIR, "e2e-a-day-away.json"), JSON.stringify(feed));
  for (const poll of ["60", "0"]) {
    writeFileSync(join(SITE_DIR, `e2e-a-day-away-${poll}.html`),
      `<!doctype html><html lang="en"><title>a day away</title><p>Host page</p>` +
      `<status-widget feed="/e2e-a-day-away.json" poll="${poll}"></status-widget>` +
      `<script src="/widget/status-widget.js" async></script></html>`);
    const context = await browser.newContext();
    const page = await context.newPage();
    const wasm = watchWasm(page);
    await page.goto(`${BASE_URL}/e2e-a-day-away-${poll}.html`);
    await settled(page);
    await page.waitForTimeout(500);
    // Polling every minute, the next poll comes long before it is a day away; polling
    // once, no poll would ever see it come within the day: the wasm's own clock must.
    assert.equal(wasm.length, poll === "0" ? 2 : 0, `poll="${poll}": ${wasm}`);
    assert.equal(await page.locator("status-widget").getAttribute("data-state"), "none");
    await context.close();
  }
});

test("one fetch of the feed per page and URL, however many widgets show it", async () => {
  const { context, page, problems } = await open(browser, "/support.html");
  const feeds = [];
  page.on("request", (r) => { if (r.url().endsWith("/status/api/v2/summary.json")) feeds.push(r.url()); });
  await page.reload();
  await settled(page);
  assert.ok((await page.locator("status-widget").count()) >= 3, "several widgets on the page");
  assert.equal(feeds.length, 1, "one request for the shared feed");
  await noProblems(page, problems);
  await context.close();
});

test("an element that a host's status-change listener moves to another feed, as one poll's result is handed round, never reports that result as its own", async () => {
  // Both popups read one all-clear feed; when the first reports it, the host points the
  // second at a feed with an incident. The all-clear was not that feed's: reported, it
  // would have been a false "none" for it until its own fetch came back.
  writeFileSync(join(SITE_DIR, "e2e-refeed.html"),
    `<!doctype html><html lang="en"><title>refeed</title><body><p>refeed</p>` +
    `<status-widget id="a" feed="/playground/feeds/all_operational.json" poll="0"></status-widget>` +
    `<status-widget id="b" feed="/playground/feeds/all_operational.json" poll="0"></status-widget>` +
    `<script>window.__b = []; document.addEventListener("status-change", (e) => {` +
    `if (e.target.id === "b") window.__b.push(e.detail.indicator);` +
    `if (e.target.id === "a" && e.detail.indicator === "none") document.querySelector("#b").setAttribute("feed", "/status"); });</script>` +
    `<script src="/widget/status-widget.js"></script></body></html>`);
  const { context, page, problems } = await open(browser, "/e2e-refeed.html");
  await page.waitForFunction(() => document.querySelector("#b").dataset.state === "major", null, { timeout: 15_000 });
  assert.equal(await page.locator("#a").getAttribute("data-state"), "none");
  assert.deepEqual(await page.evaluate(() => window.__b), ["loading", "major"], "never the other feed's all-clear");
  await noProblems(page, problems);
  await context.close();
});

test("the wasm is fetched with subresource integrity: a tampered file is refused and nothing breaks", async () => {
  const edit = (bytes) => {
    bytes[bytes.length - 1] ^= 0xff;
    return bytes;
  };
  await withTampered(/^status-widget\.[0-9a-f]{16}\.wasm$/, edit, async () => {
    const { context, page, problems } = await open(browser, "/support.html");
    // Should this wait time out, the failure says where the widgets stopped, what the page
    // requested and what the console heard. (It did in about one full run in ten, as other
    // tests' waits did: the test server of then left a new connection's request unread
    // while its threads waited on kept-alive connections; see xtask/src/serve.rs.)
    await page.waitForFunction(() => document.querySelector("#badge")?.dataset.state === "error", null, { timeout: 10_000 })
      .catch(async (timeout) => {
        throw new Error(`${timeout.message}\n${await whereItStopped(page)}\nconsole: ${problems.join("\n")}`);
      });
    assert.ok(problems.every((p) => p.startsWith("console.") && !p.startsWith("uncaught")), `${problems}`);
    // Named by its URL: the browser's own "Failed to fetch" says neither what nor why.
    const cause = /could not load http:\/\/127\.0\.0\.1:\d+\/widget\/status-widget\.[0-9a-f]{16}\.wasm$/;
    assert.ok(problems.some((p) => p.includes("status-widget") && cause.test(p)), `${problems}`);
    await context.close();
  });
});

test("a widget file that cannot be loaded (a wasm 404 page, a glue that fails): the badge says unavailable, one warning names the file, and the next poll loads it again", async () => {
  const failures = {
    wasm: (route) => route.fulfill({ status: 404, contentType: "text/html", body: "<h1>Not found</h1>" }),
    js: (route) => route.abort(),
  };
  for (const [extension, fail] of Object.entries(failures)) {
    const context = await browser.newContext();
    await context.route(new RegExp(`/status-widget\\.[0-9a-f]{16}\\.${extension}$`), fail);
    const page = await context.newPage();
    const warnings = [], errors = [];
    page.on("console", (message) => { if (message.type() === "warning") warnings.push(message.text()); });
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(BASE_URL + "/support.html");
    await page.waitForFunction(() => document.querySelector("#badge")?.dataset.state === "error", null, { timeout: 10_000 });
    assert.deepEqual(errors, [], `${extension}: nothing thrown into the page`);
    const cause = new RegExp(`could not load http://127\\.0\\.0\\.1:\\d+/widget/status-widget\\.[0-9a-f]{16}\\.${extension}$`);
    assert.ok(warnings.some((warning) => cause.test(warning)), `${extension}: ${warnings}`);
    assert.equal(warnings.filter((warning) => warning.includes("status-widget")).length, 1,
      `${extension}: one warning, however many badges: ${warnings}`);
    // A glue that failed leaves no tag behind in the host's head (one more at every poll,
    // for as long as a CDN is down or a CSP refuses it, before).
    const glueTags = () => page.evaluate(() => [...document.scripts].filter((tag) => /status-widget\.[0-9a-f]{16}\.js$/.test(tag.src)).length);
    if (extension === "js") assert.equal(await glueTags(), 0, "the failed glue's tag is gone");
    // The file is back (a CDN's blip is over): the next poll loads it, and the badge shows the incident.
    await context.unrouteAll();
    await page.evaluate(() => document.querySelector("#badge").setAttribute("poll", "11"));
    await page.waitForFunction(() => document.querySelector("#badge").dataset.state === "major", null, { timeout: 10_000 });
    assert.equal(await page.locator("#badge [part~=title]").textContent(), "Partial System Outage", extension);
    if (extension === "js") assert.equal(await glueTags(), 1, "the glue that loaded");
    assert.equal(warnings.filter((warning) => warning.includes("status-widget")).length, 1, `${extension}: ${warnings}`);
    await context.close();
  }
});

test("a widget file that stalls (asked for, never answered): after 30 s the badge says unavailable, one warning says so, and the next poll loads it", async () => {
  // The browser sets a download no time limit: without the loader's, the badge said
  // "Checking status…" for as long as the page was open. The two stalls run side by side.
  await Promise.all(["wasm", "js"].map(async (extension) => {
    const context = await browser.newContext();
    const stalled = [];
    await context.route(new RegExp(`/status-widget\\.[0-9a-f]{16}\\.${extension}$`), (route) => { stalled.push(route.request().url()); });
    const page = await context.newPage();
    const warnings = [], errors = [];
    page.on("console", (message) => { if (message.type() === "warning") warnings.push(message.text()); });
    page.on("pageerror", (error) => errors.push(error.message));
    // (A stalled script holds the page's load event too.)
    await page.goto(BASE_URL + "/support.html", { waitUntil: "domcontentloaded" });
    await page.waitForFunction(() => document.querySelector("#badge")?.dataset.state === "loading");
    const started = Date.now();
    await page.waitForFunction(() => document.querySelector("#badge").dataset.state === "error", null, { timeout: 40_000 });
    assert.ok(Date.now() - started > 25_000, `${extension}: unavailable only after the time limit (${Date.now() - started} ms)`);
    assert.equal(stalled.length, 1, extension);
    assert.deepEqual(errors, [], `${extension}: nothing thrown into the page`);
    const ours = warnings.filter((warning) => warning.includes("status-widget"));
    assert.equal(ours.length, 1, `${extension}: one warning: ${warnings}`);
    assert.match(ours[0], /: could not load the widget within 30 s$/, extension);
    await context.unrouteAll();
    await page.evaluate(() => document.querySelector("#badge").setAttribute("poll", "11"));
    await page.waitForFunction(() => document.querySelector("#badge").dataset.state === "major", null, { timeout: 10_000 });
    assert.equal(await page.locator("#badge [part~=title]").textContent(), "Partial System Outage", extension);
    await context.close();
  }));
});

test("a host test's fake clock run past 30 s while the widget's files download: unavailable with one warning, nothing thrown, and the next poll on that clock loads them", async () => {
  // The time limit is the page's timer, as the polls are: Playwright's clock also fakes
  // `AbortSignal.timeout`, so the browser's own timer would not stay out of its reach.
  const context = await browser.newContext();
  const stalled = [];
  await context.route(/\/status-widget\.[0-9a-f]{16}\.wasm$/, (route) => { stalled.push(route.request().url()); });
  const page = await context.newPage();
  const warnings = [], errors = [];
  page.on("console", (message) => { if (message.type() === "warning") warnings.push(message.text()); });
  page.on("pageerror", (error) => errors.push(error.message));
  await page.clock.install();
  // The feed read to its end, so that the clock's jump finds no feed of its own on the way.
  const feed = page.waitForEvent("requestfinished", (request) => /summary\.json$/.test(request.url()));
  await page.goto(BASE_URL + "/support.html", { waitUntil: "domcontentloaded" });
  await feed;
  for (let waited = 0; !stalled.length && waited < 5_000; waited += 100) await page.waitForTimeout(100);
  assert.equal(stalled.length, 1, "the wasm was asked for");
  await page.waitForTimeout(300);
  await page.clock.runFor(31_000);
  await page.locator("#badge").and(page.locator('[data-state="error"]')).waitFor({ state: "attached", timeout: 5_000 });
  const ours = () => warnings.filter((warning) => warning.includes("status-widget"));
  assert.deepEqual(ours().map((warning) => warning.replace(/^.*: /, "")), ["could not load the widget within 30 s"]);
  await context.unrouteAll();
  // A second at a time until the next poll asks for the feed; from then on the clock runs
  // at the pace of real time (as installed), for the feed and the widget's files to load.
  let polled = false;
  page.waitForRequest(/summary\.json$/, { timeout: 0 }).then(() => { polled = true; }, () => {});
  for (let second = 0; second < 80 && !polled; second++) {
    await page.clock.runFor(1_000);
    await page.waitForTimeout(50);
  }
  assert.ok(polled, "the next poll came");
  await page.locator("#badge").and(page.locator('[data-state="major"]')).waitFor({ timeout: 15_000 });
  assert.equal(await page.locator("#badge [part~=title]").textContent(), "Partial System Outage");
  assert.deepEqual(errors, [], "nothing thrown into the page");
  assert.equal(ours().length, 1, `one warning: ${warnings}`);
  await context.close();
});

test("badges: the wasm's download starts beside the glue's, and no badge reads localStorage", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const files = watchWasm(page);
  await page.addInitScript(() => {
    window.__storageReads = 0;
    // Counted where the page reaches the store: the getter, and every read of an item.
    for (const owner of [window, Window.prototype]) {
      const descriptor = Object.getOwnPropertyDescriptor(owner, "localStorage");
      if (!descriptor?.get) continue;
      Object.defineProperty(owner, "localStorage", {
        ...descriptor,
        get() { window.__storageReads++; return descriptor.get.call(this); },
      });
    }
    const getItem = Storage.prototype.getItem;
    Storage.prototype.getItem = function (key) { window.__storageReads++; return getItem.call(this, key); };
  });
  await page.goto(`${BASE_URL}/support.html`);
  await settled(page);
  await page.locator("#badge [part~=title]").waitFor();
  assert.deepEqual(files.map((url) => url.split(".").at(-1)), ["wasm", "js"],
    `the wasm is requested first, not once the glue has run: ${files}`);
  assert.equal(await page.evaluate(() => window.__storageReads), 0, "a badge has nothing dismissed to read");
  // The counter itself counts: a popup on the same page reads its dismissals.
  await page.evaluate(() => {
    const popup = document.createElement("status-widget");
    popup.setAttribute("feed", "/status");
    document.body.append(popup);
  });
  await page.locator("status-widget:not([appearance]) [part~=title]").waitFor();
  assert.ok(await page.evaluate(() => window.__storageReads) > 0, "the popup's dismissals are read");
  await context.close();
});

test("the loader and the glue ask V8 to compile them as they download, not at their first call", async () => {
  // V8's explicit compile hint: it must open the file (bench: `V8.CompileCode` on the main thread).
  for (const file of ["status-widget.js", bundleFile(/^status-widget\.[0-9a-f]{16}\.js$/)]) {
    const response = await fetch(`${BASE_URL}/widget/${file}`);
    assert.ok((await response.text()).startsWith("//# allFunctionsCalledOnLoad\n"), file);
  }
});

test("a host that serves the wasm with another content type still gets its badge drawn", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
  page.on("console", (message) => { if (["error", "warning"].includes(message.type())) problems.push(message.text()); });
  // As some object stores and old servers do: the same bytes, as application/octet-stream.
  await page.route(/status-widget\.[0-9a-f]{16}\.wasm$/, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), "content-type": "application/octet-stream" } });
  });
  await page.goto(`${BASE_URL}/support.html`);
  await settled(page);
  assert.equal(await page.locator("#badge [part~=title]").textContent(), "Partial System Outage");
  assert.deepEqual(problems, []);
  await context.close();
});

test("a document that is not a feed is the error state, never an all-clear", async () => {
  for (const [name, body] of [["empty", "{}"], ["array", "[]"], ["error", '{"error":"Not found"}'], ["html", "<!doctype html><p>hi"]]) {
    writeFileSync(join(SITE_DIR, `e2e-not-a-feed-${name}.json`), body);
    writeFileSync(join(SITE_DIR, `e2e-not-a-feed-${name}.html`),
      `<!doctype html><html lang="en"><title>x</title><status-widget feed="/e2e-not-a-feed-${name}.json" appearance="badge"></status-widget>` +
      `<status-widget id="popup" feed="/e2e-not-a-feed-${name}.json"></status-widget><script src="/widget/status-widget.js"></script></html>`);
    const { context, page } = await open(browser, `/e2e-not-a-feed-${name}.html`);
    await settled(page);
    const states = await page.locator("status-widget").evaluateAll((els) => els.map((el) => el.dataset.state));
    assert.deepEqual(states, ["error", "error"], name);
    assert.equal(await widget(page, "title").textContent(), "Status unavailable", name);
    await context.close();
  }
});

test("forced colours (Windows high contrast): the severity icon is still drawn", async () => {
  const { context, page, problems } = await open(browser, "/support.html");
  await page.emulateMedia({ forcedColors: "active" });
  await settled(page);
  for (const host of ["#badge", "#inline-status"]) {
    const icon = widget(page, "indicator", host);
    const box = await icon.boundingBox();
    assert.ok(box && box.width >= 8 && box.height >= 8, `${host}: icon box ${JSON.stringify(box)}`);
    const clip = { x: box.x - 1, y: box.y - 1, width: box.width + 2, height: box.height + 2 };
    const drawn = await page.screenshot({ clip });
    await icon.evaluate((el) => { el.style.visibility = "hidden"; });
    const hidden = await page.screenshot({ clip });
    assert.notDeepEqual(drawn, hidden, `${host}: the icon leaves a mark of its own`);
  }
  await noProblems(page, problems);
  await context.close();
});

test("a host page whose tests run a fake clock for 10 minutes gets no error from the widget", async () => {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => { if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) errors.push(message.text()); });
  await page.clock.install();
  await page.goto(`${BASE_URL}/support.html`);
  for (let i = 0; i < 50; i++) {
    const state = await page.locator("#badge").getAttribute("data-state");
    if (state && state !== "loading") break;
    await page.clock.runFor(200);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.equal(await page.locator("#badge").getAttribute("data-state"), "major");
  for (let minute = 0; minute < 10; minute++) {
    await page.clock.runFor(60_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.deepEqual(errors, []);
  assert.equal(await page.locator("#badge").getAttribute("data-state"), "major");
  await context.close();
});

test("a host page whose tests hold a fake clock still gets its widgets drawn", async () => {
  // No timer on the way from the script tag to the drawn widget: the wasm's tasks are
  // messages, which a paused fake clock cannot hold back.
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await page.clock.install();
  await page.clock.pauseAt(Date.now() + 60_000);
  await page.goto(`${BASE_URL}/support.html`);
  await page.locator("#badge").and(page.locator('[data-state="major"]')).waitFor({ timeout: 15_000 });
  assert.equal(await page.locator("#badge [part~=title]").textContent(), "Partial System Outage");
  // An element added without a feed once the page has loaded says so, clock held or not.
  await page.evaluate(() => document.body.append(Object.assign(document.createElement("status-widget"), { id: "nofeed" })));
  await page.locator("#nofeed").and(page.locator('[data-state="error"]')).waitFor({ state: "attached", timeout: 15_000 });
  // A popup has one more step, its `Intl` set-up, before the draw.
  await page.goto(`${BASE_URL}/`);
  await widget(page, "title").waitFor({ timeout: 15_000 });
  assert.equal(await widget(page, "title").textContent(), INCIDENT);
  assert.match(await widget(page, "time").textContent(), /minute|hour|now/);
  await context.close();
});

test("a host's fake clock that holds queueMicrotask too (as sinon's and Jest's do) still gets the status reported", async () => {
  // Microtasks queued while the clock is installed run only when the tests tick it.
  const hold = () => { window.queueMicrotask = (callback) => { (window.__heldMicrotasks ||= []).push(callback); }; };
  const { context, page, problems } = await open(browser, "/support.html", { init: hold });
  await page.locator("#badge").and(page.locator('[data-state="major"]')).waitFor({ timeout: 15_000 });
  await page.goto(`${BASE_URL}/`);
  await widget(page, "title").waitFor({ timeout: 15_000 });
  await page.locator("status-widget").and(page.locator('[data-state="major"]')).waitFor({ state: "attached", timeout: 15_000 });
  // The announcement is made as well, not held with the microtasks.
  await page.waitForFunction(() => /Elevated API/.test(document.querySelector("status-widget").shadowRoot.querySelector("[role=status]").textContent), null, { timeout: 15_000 });
  await noProblems(page, problems);
  await context.close();
});

test("a page that swaps its body (Turbo, pjax) or opens its document anew, and runs the script again, gets its one-tag popup back", async () => {
  const { context, page, problems } = await open(browser, "/");
  await widget(page, "title").waitFor({ timeout: 15_000 });
  // Turbo Drive: a new body replaces the old one, and the scripts in it run again.
  await page.evaluate(() => {
    const body = document.createElement("body");
    body.innerHTML = "<h1>Page two</h1>";
    const tag = Object.assign(document.createElement("script"), { src: "/widget/status-widget.js", async: true });
    tag.dataset.feed = "/status";
    body.append(tag);
    document.body.replaceWith(body);
  });
  await widget(page, "title").waitFor({ timeout: 15_000 });
  assert.equal(await page.locator("body > status-widget").count(), 1, "one popup, at the end of the new body");
  assert.equal(await widget(page, "title").textContent(), INCIDENT);
  // A document opened anew, whose script runs again: a popup in the new document.
  await page.evaluate(() => {
    document.open();
    document.write('<!doctype html><title>again</title><h1>Written again</h1><script src="/widget/status-widget.js" data-feed="/status" async></' + "script>");
    document.close();
  });
  await widget(page, "title").waitFor({ timeout: 15_000 });
  assert.equal(await page.locator("status-widget").count(), 1);
  // Opening the document erased its listeners: a tab shown again still polls at once.
  const polled = page.waitForRequest((r) => r.url().endsWith("/status/api/v2/summary.json"), { timeout: 5_000 });
  await hideAndShow(page);
  await polled;
  await noProblems(page, problems);
  await context.close();
});

test("enumerable properties a host page adds to Object.prototype throw nothing into it when the tab is hidden and shown", async () => {
  const pollute = () => {
    Object.prototype.hostFlag = "x";
    Object.prototype.toJSONString = function () { return JSON.stringify(this); };
  };
  const { context, page, problems } = await open(browser, "/", { init: pollute });
  await widget(page, "title").waitFor({ timeout: 15_000 });
  await hideAndShow(page);
  await page.waitForTimeout(300);
  await noProblems(page, problems);
  await context.close();
});

test("the element itself takes focus back when the dismissed notice was the last", async () => {
  const { context, page, problems } = await open(browser, "/app.html");
  await settled(page);
  const banner = page.locator("status-widget").first();
  // Dismiss every notice with the keyboard.
  for (let i = 0; i < 5 && (await widget(page, "dismiss").count()) > 0; i++) {
    await widget(page, "dismiss").focus();
    await page.keyboard.press("Enter");
    await page.waitForTimeout(100);
  }
  assert.equal(await widget(page, "container").count(), 0);
  const focused = await page.evaluate(() => document.activeElement?.tagName.toLowerCase());
  assert.equal(focused, "status-widget", "focus is on the widget, not lost to <body>");
  assert.equal(await banner.getAttribute("tabindex"), "-1", "focusable, out of the tab order");
  await noProblems(page, problems);
  await context.close();
});

test("screenshots of every appearance at 360x640, 1280x800 and 200 % zoom", async () => {
  const sizes = [["phone", { width: 360, height: 640 }, 1], ["desktop", { width: 1280, height: 800 }, 1], ["zoom200", { width: 640, height: 400 }, 2]];
  for (const [path, name] of [["/", "popup"], ["/app.html", "banner"], ["/support.html", "badge-inline"], ["/dark.html", "popup-dark"]]) {
    for (const [size, viewport, deviceScaleFactor] of sizes) {
      const context = await browser.newContext({ viewport, deviceScaleFactor });
      const page = await context.newPage();
      await page.goto(BASE_URL + path);
      await settled(page).catch((error) => { throw new Error(`${name} ${size}: ${error.message}`); });
      await page.waitForTimeout(300);
      if (name.startsWith("popup")) {
        const box = await widget(page, "container").boundingBox();
        assert.ok(box.height <= viewport.height * 0.4 + 1, `${name} ${size}: ${box.height} px tall in ${viewport.height}`);
      }
      await screenshot(page, `${name}-${size}`);
      await context.close();
    }
  }
});

test("a right-to-left host page mirrors the popup's corner, whatever the visitor's language", async () => {
  writeFileSync(join(SITE_DIR, "e2e-rtl.html"),
    `<!doctype html><html lang="he" dir="rtl"><title>rtl</title><p>עמוד</p>` +
    `<script src="/widget/status-widget.js" data-feed="/status" async></script></html>`);
  const { context, page, problems } = await open(browser, "/e2e-rtl.html", { locale: "en-US" });
  await settled(page);
  const box = await widget(page, "container").boundingBox();
  assert.ok(box.x < 40, `bottom-left on a right-to-left page, x = ${box.x}`);
  await noProblems(page, problems);
  await context.close();
});

test("another site embeds the widget from the status page's published bundle, cross-origin", async () => {
  const { createServer } = await import("node:http");
  const { createHash } = await import("node:crypto");
  const script = `${BASE_URL}/status/widget/status-widget.js`;
  const integrity = "sha384-" + createHash("sha384").update(readFileSync(join(SITE_DIR, "status/widget/status-widget.js"))).digest("base64");
  // The company's other site: another origin (another port), one tag pointing at the status
  // host: as it is, and pinned to this bundle as the README shows (a cross-origin script is
  // checked against its integrity only when fetched with CORS).
  const tags = {
    "/": `<script src="${script}" data-feed="${BASE_URL}/status" async></script>`,
    "/pinned": `<script src="${script}" integrity="${integrity}" crossorigin="anonymous" data-feed="${BASE_URL}/status" async></script>`,
  };
  const host = createServer((request, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(`<!doctype html><html lang="en"><title>Shop</title><h1>Acme shop</h1>${tags[request.url] ?? ""}</html>`);
  });
  await new Promise((resolve) => host.listen(0, "127.0.0.1", resolve));
  try {
    for (const path of Object.keys(tags)) {
      const context = await browser.newContext({ locale: "en-US" });
      const page = await context.newPage();
      const problems = [];
      page.on("pageerror", (error) => problems.push(error.message));
      page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(m.text()); });
      await page.goto(`http://127.0.0.1:${host.address().port}${path}`);
      await settled(page);
      await widget(page, "title").waitFor();
      assert.equal(await widget(page, "title").textContent(), INCIDENT, path);
      assert.deepEqual(problems, [], path);
      await context.close();
    }
  } finally {
    host.close();
  }
});

test("JSON that is no status feed is `error` with one console hint saying so, popup and badge alike", async () => {
  // An API's own error body: a `status` that gives no indicator says nothing.
  writeFileSync(join(SITE_DIR, "e2e-not-a-feed.json"), JSON.stringify({ status: { code: 503, message: "Service Unavailable" } }));
  writeFileSync(join(SITE_DIR, "e2e-not-a-feed.html"),
    `<!doctype html><html lang="en"><title>not a feed</title><p>Host page</p>` +
    `<status-widget id="popup" feed="/e2e-not-a-feed.json"></status-widget>` +
    `<status-widget id="badge" feed="/e2e-not-a-feed.json" appearance="badge"></status-widget>` +
    `<script src="/widget/status-widget.js"></script></html>`);
  const { context, page, problems } = await open(browser, "/e2e-not-a-feed.html");
  for (const id of ["popup", "badge"]) {
    await page.locator(`#${id}`).and(page.locator('[data-state="error"]')).waitFor({ state: "attached" });
  }
  assert.equal(await page.locator("#badge [part~=title]").textContent(), "Status unavailable");
  await page.waitForTimeout(300);
  assert.deepEqual(problems, ['console.warn: status-widget: feed "/e2e-not-a-feed.json": not a status feed: ' +
    "expected an object with page, status.indicator, components, incidents or scheduled_maintenances"]);
  await context.close();
});

test("a host global that throws in the loader (no wasm loaded) is a console hint and `error`, and the polls go on", async () => {
  writeFileSync(join(SITE_DIR, "e2e-loader-guard.html"),
    `<!doctype html><html lang="en"><title>loader guard</title><p>Host page</p>` +
    `<status-widget feed="/playground/feeds/all_operational.json" poll="10"></status-widget>` +
    `<script src="/widget/status-widget.js"></script></html>`);
  // The all-clear check reads the time: a host whose Date.now throws breaks it.
  const init = () => { Date.now = () => { throw new Error("host broke Date.now"); }; };
  const { context, page, problems } = await open(browser, "/e2e-loader-guard.html", { init });
  let polls = 0;
  page.on("request", (request) => { if (request.url().endsWith("all_operational.json")) polls += 1; });
  await page.waitForFunction(() => document.querySelector("status-widget").dataset.state === "error");
  await page.waitForTimeout(12_000);
  assert.ok(polls >= 1, `polled again after the exception (${polls} more)`);
  assert.equal(await page.locator("status-widget").getAttribute("data-state"), "error");
  assert.deepEqual(problems, ['console.warn: status-widget: feed "/playground/feeds/all_operational.json": Error: host broke Date.now'],
    "one hint, no uncaught exception");
  await context.close();
});

test("an exception inside the widget stops it, never reaches the host page, and the polls go on", async () => {
  writeFileSync(join(SITE_DIR, "e2e-stopped.html"),
    `<!doctype html><html lang="en"><title>stopped</title>` +
    `<status-widget id="a" feed="/status" appearance="badge" poll="10"></status-widget>` +
    `<status-widget id="b" feed="/status" appearance="badge" poll="10"></status-widget>` +
    `<script src="/widget/status-widget.js"></script></html>`);
  // Three ways a host script's broken global reaches the wasm: a Leptos effect (a
  // microtask) redrawing a text, a step of a new widget's first draw (a task), and the
  // loader's `feed` call recording a poll.
  const sabotages = {
    "an effect": {
      breakIt: () => {
        window.__nodeValue = Object.getOwnPropertyDescriptor(Node.prototype, "nodeValue");
        Object.defineProperty(Node.prototype, "nodeValue", { configurable: true, set() { throw new Error("host broke nodeValue"); } });
        document.querySelector("#a").setAttribute("locale", "fr");
      },
      mendIt: () => { Object.defineProperty(Node.prototype, "nodeValue", window.__nodeValue); },
    },
    "a draw step": {
      breakIt: () => {
        window.__createTextNode = Document.prototype.createTextNode;
        Document.prototype.createTextNode = () => { throw new Error("host broke createTextNode"); };
        // A third element: mounted at once, its view is built in a later task.
        document.body.insertAdjacentHTML("beforeend",
          `<status-widget id="c" feed="/status" appearance="badge" poll="10"></status-widget>`);
      },
      mendIt: () => { Document.prototype.createTextNode = window.__createTextNode; },
    },
    "a poll": {
      breakIt: () => {
        window.__now = Date.now;
        Date.now = () => { throw new Error("host broke Date.now"); };
        // A new interval is a fresh poll at once.
        document.querySelector("#a").setAttribute("poll", "11");
      },
      mendIt: () => { Date.now = window.__now; },
    },
  };
  for (const [path, { breakIt, mendIt }] of Object.entries(sabotages)) {
    const { context, page } = await open(browser, "/e2e-stopped.html");
    const uncaught = [], warnings = [];
    page.on("pageerror", (error) => uncaught.push(error.message));
    page.on("console", (message) => { if (message.type() === "warning") warnings.push(message.text()); });
    await settled(page);
    assert.equal(await widget(page, "title", "#b").textContent(), "Partial System Outage");
    await page.evaluate(() => {
      window.__changes = [];
      document.addEventListener("status-change", (e) => window.__changes.push([e.target.id, e.detail.indicator]));
    });
    await page.evaluate(breakIt);
    await page.waitForFunction(() => [...document.querySelectorAll("status-widget")].every((el) => el.dataset.state === "error"),
      null, { timeout: 5_000 });
    await page.evaluate(mendIt);
    assert.deepEqual(uncaught, [], `${path}: nothing reaches the host page`);
    const ids = await page.evaluate(() => [...document.querySelectorAll("status-widget")].map((el) => el.id));
    // The new element starts as "loading" (the loader's), then errs with the others.
    const expected = ids.flatMap((id) => (id === "c" ? [[id, "error"], [id, "loading"]] : [[id, "error"]]));
    assert.deepEqual((await page.evaluate(() => window.__changes)).sort(), expected, path);
    assert.equal(await page.evaluate(() => document.querySelector("#b").shadowRoot.childNodes.length), 0,
      `${path}: no stale status is left on show`);
    assert.equal(warnings.filter((text) => text.includes("status-widget")).length, 1, `${path}: one console warning: ${warnings}`);
    assert.ok(warnings[0].includes("status-widget: stopped"), warnings[0]);
    // The loader still polls, and nothing calls into the stopped wasm.
    const polled = page.waitForRequest((r) => r.url().endsWith("/status/api/v2/summary.json"), { timeout: 5_000 });
    await page.evaluate(() => document.querySelector("#a").setAttribute("poll", "12"));
    await polled;
    await page.waitForTimeout(300);
    assert.deepEqual(uncaught, [], `${path}: nor does the next poll`);
    assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll("status-widget")].map((el) => el.dataset.state)),
      ids.map(() => "error"), path);
    // A widget added now is inert: "error" at once, and no second warning.
    await page.evaluate(() => document.body.insertAdjacentHTML("beforeend",
      `<status-widget id="late" feed="/status" appearance="badge"></status-widget>`));
    await page.locator("#late").and(page.locator('[data-state="error"]')).waitFor({ state: "attached", timeout: 5_000 });
    await page.waitForTimeout(300);
    assert.equal(warnings.filter((text) => text.includes("status-widget")).length, 1, `${path}: still one warning: ${warnings}`);
    await context.close();
  }
});
