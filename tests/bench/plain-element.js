// Bench anchor (not shipped): the smallest honest status element in plain JS. It fetches
// the same summary.json as the widget and writes the overall status into its shadow root.
// `cargo xtask bench` compares our time to status and main-thread cost against it.
class PlainStatus extends HTMLElement {
  connectedCallback() {
    const root = this.shadowRoot ?? this.attachShadow({ mode: "open" });
    const feed = (this.getAttribute("feed") ?? "/").replace(/\/+$/, "");
    root.innerHTML = `<style>:host{font:14px system-ui,sans-serif}
      a{color:inherit;text-decoration:none}span{display:inline-block;width:.6em;height:.6em;
      border-radius:50%;margin-right:.4em;background:var(--c,#888)}</style>
      <a part="container" target="_blank" rel="noopener"><span></span><b part="title"></b></a>`;
    fetch(`${feed}/api/v2/summary.json`, { credentials: "omit" })
      .then((response) => response.json())
      .then(({ status, page }) => {
        const colours = { none: "#1a7f37", minor: "#b08800", major: "#d1242f", critical: "#a40e26" };
        root.querySelector("a").href = page?.url ?? "";
        root.querySelector("span").style.setProperty("--c", colours[status.indicator] ?? "#888");
        root.querySelector("b").textContent = status.description;
      })
      .catch(() => { root.querySelector("b").textContent = "Status unavailable"; });
  }
}
customElements.define("plain-status", PlainStatus);
