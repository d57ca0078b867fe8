// The npm package in a bundler: a Vite app (tests/npm/app, in which `cargo xtask npm-test`
// installed the packed tarball) imports "status-widget-element" and has a badge pointed at
// a feed fixture with a minor incident. Loaded in headless Chromium from 127.0.0.1, four
// times: built by `vite build` (VITE_MODE=build), from the `vite` dev server
// (VITE_MODE=dev), and the same app bundled by webpack 5 (VITE_MODE=webpack) and built by
// Parcel 2 (VITE_MODE=parcel).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { BASE_URL, launch, open, settled } from "../e2e/browser.js";

const APP_DIST = process.env.APP_DIST ?? "../target/npm-test/app/dist";
const MODE = process.env.VITE_MODE ?? "build";
const BUNDLER = { webpack: "webpack 5", parcel: "Parcel 2" }[MODE] ?? `vite ${MODE}`;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("vite build made the glue a chunk and copied the wasm as an asset", { skip: MODE !== "build" }, () => {
  const assets = readdirSync(join(APP_DIST, "assets"));
  assert.ok(assets.some((name) => name.endsWith(".wasm")), `a .wasm among ${assets}`);
  assert.ok(assets.filter((name) => name.endsWith(".js")).length >= 2, `the app chunk and the glue among ${assets}`);
});

test(`a page importing the package shows the incident in a badge (${BUNDLER})`, async () => {
  const { context, page, problems } = await open(browser, "/");
  await settled(page);
  const host = page.locator("status-widget");
  assert.equal(await host.getAttribute("data-state"), "minor");
  const title = host.locator('[part~="title"]');
  await title.waitFor({ timeout: 15_000 });
  assert.equal(await title.textContent(), "Minor Service Outage");
  assert.match(await host.locator('[part~="container"]').getAttribute("class"), /badge/);
  // From the page's resource timing, not a response listener: the wasm can arrive before
  // `open` returns from the navigation (the dev server is fast), and a listener would miss it.
  const wasm = await page.evaluate(() =>
    performance.getEntriesByType("resource")
      .filter((entry) => new URL(entry.name).pathname.endsWith(".wasm"))
      .map((entry) => entry.responseStatus));
  assert.deepEqual(wasm, [200], "the wasm came from the bundle's assets, once");
  const changes = await page.evaluate(() => window.statusChanges);
  // The element upgrades (and reports `loading`) while the import runs, before main.ts listens.
  assert.ok(changes.every((detail) => detail.indicator === "loading" || detail.indicator === "minor"), JSON.stringify(changes));
  assert.equal(changes.at(-1).indicator, "minor");
  assert.equal(changes.at(-1).incident?.name, "Slow API responses");
  assert.deepEqual(problems, [], "no console error, warning or uncaught exception");
  await context.close();
});

test("a bundle that is no ES module (esbuild's default format) gets a warning, and the app's code goes on", { skip: MODE !== "build" }, async () => {
  // What esbuild's `iife` format leaves of `import.meta`: an empty object, so no `url`.
  const entry = readFileSync(join(APP_DIST, "../node_modules/status-widget-element/index.js"), "utf8")
    .replaceAll("import.meta.url", "undefined");
  const { context, page, problems } = await open(browser, "/feed.json");
  await page.setContent('<status-widget feed="/feed.json" appearance="badge"></status-widget>');
  await page.addScriptTag({ content: `${entry}\nwindow.appGoesOn = true;` });
  assert.equal(await page.evaluate(() => window.appGoesOn), true, "the rest of the app's bundle ran");
  assert.ok(!problems.some((problem) => problem.startsWith("uncaught")), problems.join("\n"));
  assert.ok(problems.some((problem) => problem.includes("--format=esm")), `a hint: ${problems.join("\n")}`);
  await context.close();
});

test(`a wasm that fails once is loaded at the next poll, from the bundle's glue chunk (${BUNDLER})`, async () => {
  // An import runs the glue chunk once: at the loader's second attempt the glue hands its
  // bindings over again (before, that attempt waited for a handover that never came).
  const context = await browser.newContext();
  await context.route(/\.wasm(\?.*)?$/, (route) => route.fulfill({ status: 503, body: "busy" }));
  const page = await context.newPage();
  const warnings = [], errors = [];
  page.on("console", (message) => { if (message.type() === "warning") warnings.push(message.text()); });
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`${BASE_URL}/`);
  const host = page.locator("status-widget");
  await page.waitForFunction(() => document.querySelector("status-widget")?.dataset.state === "error", null, { timeout: 15_000 });
  assert.ok(warnings.some((warning) => /could not load .*\.wasm/.test(warning)), warnings.join("\n"));
  await context.unrouteAll();
  await host.evaluate((el) => el.setAttribute("poll", "11"));
  await page.waitForFunction(() => document.querySelector("status-widget").dataset.state === "minor", null, { timeout: 15_000 });
  assert.equal(await host.locator('[part~="title"]').textContent(), "Minor Service Outage");
  assert.deepEqual(errors, []);
  await context.close();
});
