// Bundles tests/npm/app/webpack.js with webpack 5 (its API, production mode) into
// <app>/dist-webpack, beside a page with the same badge as the Vite app's, and the feed.
//
//   node npm/webpack-build.js <app folder>
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import webpack from "webpack";

const app = resolve(process.argv[2] ?? "../target/npm-test/app");
const out = join(app, "dist-webpack");
mkdirSync(out, { recursive: true });
const stats = await new Promise((done, fail) =>
  webpack({
    mode: "production",
    context: app,
    entry: "./webpack.js",
    output: { path: out, filename: "main.js", clean: false },
    performance: { hints: false },
  }, (error, result) => (error ? fail(error) : done(result))));
if (stats.hasErrors() || stats.hasWarnings()) {
  console.error(stats.toString("errors-warnings"));
  process.exit(1);
}
writeFileSync(join(out, "index.html"), `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>status-widget-element in a webpack app</title></head>
  <body>
    <footer>Status: <status-widget feed="/feed.json" appearance="badge"></status-widget></footer>
    <script src="main.js"></script>
  </body>
</html>
`);
copyFileSync(join(app, "public/feed.json"), join(out, "feed.json"));
console.log(stats.toString({ assets: true, modules: false, colors: false }).split("\n").slice(0, 12).join("\n"));
