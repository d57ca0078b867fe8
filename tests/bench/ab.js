// A/B of two or more builds (not a test, and not run by `cargo xtask bench`): the same page
// from each build's site folder, loaded cold in turns, so that both builds meet the same
// machine noise. Each round loads every build twice, once unthrottled (time to status) and
// once at 4× CPU (main-thread time, long tasks, blocking time); the order flips each round.
//
//   cd tests && node bench/ab.js bench-ours.html 16 ../target/ab/before ../target/ab/after
//
// A site folder is the bench's site (`target/bench/site`, written by `cargo xtask bench`)
// with its `widget/` replaced by one build's `dist/`. Each folder gets a server of its own,
// with TCP_NODELAY as the bench's (Node's default), serving `.br` files when asked.
import { createServer } from "node:http";
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { launch } from "../e2e/browser.js";
import { probe, waitVisible } from "./probe.js";

const [page, rounds, ...sites] = process.argv.slice(2);
if (!page || !(Number(rounds) > 0) || sites.length < 2) {
  console.error("usage: node bench/ab.js <page.html> <rounds> <site folder> <site folder> [...]");
  process.exit(2);
}
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };

function serve(root) {
  const server = createServer((request, response) => {
    let file = join(root, decodeURIComponent(new URL(request.url, "http://x").pathname));
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) {
      response.statusCode = 404;
      return response.end();
    }
    response.setHeader("content-type", TYPES[extname(file)] ?? "application/octet-stream");
    if (/\bbr\b/.test(request.headers["accept-encoding"] ?? "") && existsSync(`${file}.br`)) {
      response.setHeader("content-encoding", "br");
      file += ".br";
    }
    response.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

const evaluate = async (cdp, expression) =>
  (await cdp.send("Runtime.evaluate", { expression, returnByValue: true })).result.value;

async function load(browser, url, rate) {
  const context = await browser.newContext();
  await context.addInitScript(probe);
  const tab = await context.newPage();
  const cdp = await context.newCDPSession(tab);
  await cdp.send("Performance.enable");
  if (rate > 1) await cdp.send("Emulation.setCPUThrottlingRate", { rate });
  await tab.goto(url);
  const visible = await waitVisible(cdp);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const { metrics } = await cdp.send("Performance.getMetrics");
  const longtasks = await evaluate(cdp, "window.__longtasks");
  await context.close();
  return {
    visible,
    task: metrics.find((metric) => metric.name === "TaskDuration").value * 1000,
    longtasks: longtasks.length,
    blocking: longtasks.reduce((sum, duration) => sum + Math.max(0, duration - 50), 0),
  };
}

const servers = await Promise.all(sites.map(serve));
const urls = servers.map((server) => `http://127.0.0.1:${server.address().port}/${page}`);
const results = sites.map(() => ({ visible: [], task: [], longtasks: [], blocking: [] }));
const browser = await launch();
for (let round = 0; round < Number(rounds); round++) {
  const order = sites.map((_, i) => i);
  if (round % 2) order.reverse();
  for (const i of order) {
    results[i].visible.push((await load(browser, urls[i], 1)).visible);
    const slow = await load(browser, urls[i], 4);
    results[i].task.push(slow.task);
    results[i].longtasks.push(slow.longtasks);
    results[i].blocking.push(slow.blocking);
  }
}
await browser.close();
for (const server of servers) server.close();

const median = (values) => {
  const sorted = values.filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const mean = (values) => values.reduce((sum, value) => sum + value, 0) / values.length;
sites.forEach((site, i) => {
  const r = results[i];
  console.log(
    `${basename(site)}: time to status median ${median(r.visible).toFixed(0)} ms; ` +
      `4× CPU: TaskDuration median ${median(r.task).toFixed(0)} ms, ` +
      `long tasks ${mean(r.longtasks).toFixed(2)} per load (worst ${Math.max(...r.longtasks)}), ` +
      `blocking time ${mean(r.blocking).toFixed(0)} ms per load (worst ${Math.max(...r.blocking).toFixed(0)})`,
  );
});
