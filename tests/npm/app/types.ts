// A strict TypeScript use of the package's declarations (tsc --strict --noEmit).
import "status-widget-element";
import type { StatusChangeEvent, StatusIndicator, StatusWidgetElement } from "status-widget-element";

const widget: StatusWidgetElement = document.createElement("status-widget");
widget.setAttribute("feed", "https://status.example.com");
widget.setAttribute("appearance", "badge");
widget.setAttribute("position", "bottom-left");
widget.setAttribute("theme", "dark");
widget.setAttribute("poll", "30");
widget.setAttribute("dismissible", "false");
widget.setAttribute("id", "footer-status");
document.body.append(widget);

widget.addEventListener("status-change", (event) => {
  const indicator: StatusIndicator = event.detail.indicator;
  const name: string | undefined = event.detail.incident?.name;
  const url: string | null | undefined = event.detail.incident?.url;
  console.log(indicator, event.detail.description, name, url, event.target);
});
document.addEventListener("status-change", (event: StatusChangeEvent) => {
  if (event.detail.incident !== null) console.log(event.detail.incident.impact.toUpperCase());
});
window.addEventListener("status-change", (event) => console.log(event.detail.indicator));

const found: StatusWidgetElement | null = document.querySelector("status-widget");
const state: StatusIndicator | null = found?.getAttribute("data-state") ?? null;
console.log(state);

// @ts-expect-error: not an appearance
widget.setAttribute("appearance", "sidebar");
// @ts-expect-error: poll is a number of seconds
widget.setAttribute("poll", "often");
// @ts-expect-error: the detail has no `title`
document.addEventListener("status-change", (event) => console.log(event.detail.title));
