// `<status-widget>` in React's JSX (React 19 types: `React.JSX`). Opt in from any file
// of your project with:  import type {} from "status-widget-element/react";
import type { StatusChangeEvent, StatusWidgetElement, StatusWidgetProps } from "./index.js";

declare module "react" {
  namespace JSX {
    interface IntrinsicElements {
      "status-widget": React.DetailedHTMLProps<React.HTMLAttributes<StatusWidgetElement>, StatusWidgetElement> &
        StatusWidgetProps & {
          /** React 19 adds `on…` props of a custom element as event listeners. */
          "onstatus-change"?: (event: StatusChangeEvent) => void;
        };
    }
  }
}
