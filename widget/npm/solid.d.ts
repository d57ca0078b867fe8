// `<status-widget>` in Solid's JSX, with `on:status-change`. Opt in from any file of your
// project with:  import type {} from "status-widget-element/solid";
import type { JSX } from "solid-js";
import type { StatusChangeEvent, StatusWidgetElement, StatusWidgetProps } from "./index.js";

declare module "solid-js" {
  namespace JSX {
    interface IntrinsicElements {
      "status-widget": JSX.HTMLAttributes<StatusWidgetElement> & StatusWidgetProps;
    }
    interface CustomEvents {
      "status-change": StatusChangeEvent;
    }
  }
}
