// `<status-widget>` in Preact's JSX (Preact 10 and 11). Opt in from any file of your
// project with:  import type {} from "status-widget-element/preact";
import type { JSX, Ref } from "preact";
import type { StatusChangeEvent, StatusWidgetElement, StatusWidgetProps } from "./index.js";

/** The attributes of any HTML element (as a `<span>`'s, where Preact 10 and 11 name them alike). */
type PreactHTMLAttributes = Omit<JSX.IntrinsicElements["span"], "ref">;

declare module "preact" {
  namespace JSX {
    interface IntrinsicElements {
      "status-widget": PreactHTMLAttributes &
        StatusWidgetProps & {
          ref?: Ref<StatusWidgetElement>;
          /** Preact adds `on…` props as event listeners. */
          "onstatus-change"?: (event: StatusChangeEvent) => void;
        };
    }
  }
}
