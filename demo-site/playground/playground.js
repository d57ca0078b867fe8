// Playground controls: every change rewrites the widget's attributes, which the
// element observes. The last status-change events are listed below the widget.
const form = document.getElementById("controls");
const widget = document.getElementById("widget");
const log = document.getElementById("events");

// A new session only when the scenario changes, so other controls keep the stale feed's state.
let lastScenario = null;
let session = 0;

function apply() {
  const data = new FormData(form);
  const scenario = data.get("scenario");
  if (scenario !== lastScenario) {
    lastScenario = scenario;
    session = Date.now();
  }
  const feeds = {
    error: "/playground/feeds/missing.json",
    // Served once per session by the demo server, then 503: see xtask/src/serve.rs.
    stale: `/playground/feeds/stale.json?session=${session}`,
  };
  widget.setAttribute("feed", feeds[scenario] ?? `/playground/feeds/${scenario}.json`);
  widget.setAttribute("appearance", data.get("appearance"));
  widget.setAttribute("theme", data.get("theme"));
  const locale = String(data.get("locale") || "").trim();
  if (locale) widget.setAttribute("locale", locale); else widget.removeAttribute("locale");
}

document.addEventListener("status-change", (event) => {
  log.textContent = JSON.stringify(event.detail, null, 2);
});
form.addEventListener("change", apply);
form.addEventListener("input", apply);
apply();
