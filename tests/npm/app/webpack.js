// The same app as main.ts, in plain JavaScript, for webpack 5 (tests/npm/webpack-build.js):
// webpack runs each module inside a classic <script> chunk, not as an ES module.
import "status-widget-element";

window.statusChanges = [];
document.addEventListener("status-change", (event) => {
  window.statusChanges.push(event.detail);
});
