// What an app does: import the package for its side effect (it defines <status-widget>),
// then use the element from markup and from code.
import "status-widget-element";
import type { StatusChangeDetail } from "status-widget-element";

declare global {
  interface Window {
    statusChanges: StatusChangeDetail[];
  }
}

window.statusChanges = [];
document.addEventListener("status-change", (event) => {
  window.statusChanges.push(event.detail);
});
