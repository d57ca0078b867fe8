// Types for the <status-widget> custom element. Importing the package (or loading
// status-widget.js) defines the element; these declarations make
// `document.createElement("status-widget")`, `querySelector("status-widget")` and
// `addEventListener("status-change", …)` typed everywhere.

/** The host's `data-state`: `loading` until the first answer, then the worst active state. */
export type StatusIndicator = "loading" | "none" | "minor" | "major" | "critical" | "maintenance" | "error";

/** `appearance`: a floating card, a full-width bar, an inline pill, or dot and text. */
export type StatusWidgetAppearance = "popup" | "banner" | "badge" | "inline";

/** `position`: where a popup sits (corners mirror on right-to-left pages). */
export type StatusWidgetPosition = "top" | "bottom" | "bottom-left" | "bottom-right";

/** `theme`: `auto` follows the page's `color-scheme`, then `prefers-color-scheme`. */
export type StatusWidgetTheme = "auto" | "light" | "dark";

/** `dismissible`: `false`, `0`, `no` and `off` turn the dismiss button off; the bare attribute turns it on. */
export type StatusWidgetDismissible = "" | "true" | "false" | "0" | "1" | "no" | "yes" | "off" | "on";

/** An incident's or maintenance's stage, as on the wire (`unknown` for a value the widget does not know). */
export type StatusIncidentStatus =
  | "investigating" | "identified" | "monitoring" | "resolved" | "postmortem"
  | "scheduled" | "in_progress" | "verifying" | "completed" | "unknown";

/** An incident's impact, as on the wire. */
export type StatusIncidentImpact = "none" | "minor" | "major" | "critical" | "maintenance" | "unknown";

/** The most important notice the widget shows. */
export interface StatusIncident {
  id: string;
  /** The title as shown (translated when the feed has the visitor's language). */
  name: string;
  status: StatusIncidentStatus;
  impact: StatusIncidentImpact;
  /** The incident's link (its shortlink, else the status page), or null. */
  url: string | null;
}

/** `event.detail` of `status-change`. */
export interface StatusChangeDetail {
  /** The new `data-state`. */
  indicator: StatusIndicator;
  /** The overall status in English, Statuspage's words ("Partial System Outage"), whatever the visitor's language. */
  description: string;
  /** The most important notice, or null when there is none. */
  incident: StatusIncident | null;
}

/** Fired (bubbling, composed) by `<status-widget>` on every change of state, the first one included. */
export type StatusChangeEvent = CustomEvent<StatusChangeDetail>;

/** The element's attributes and their values, as strings (what `setAttribute` takes). */
export interface StatusWidgetAttributeValues {
  /** A status page's base URL (`/api/v2/summary.json` is fetched from it) or the URL of a `.json` document. Required. */
  feed: string;
  /** Default `popup`. */
  appearance: StatusWidgetAppearance;
  /** Default `bottom-right`. */
  position: StatusWidgetPosition;
  /** A BCP 47 tag; default: the browser's languages. */
  locale: string;
  /** Comma-separated component names or ids: only incidents that touch them. */
  components: string;
  /** Default `auto`. */
  theme: StatusWidgetTheme;
  /** Seconds between refreshes: default 60, at least 10, `0` = once. */
  poll: `${number}`;
  /** Override of the status page link; relative URLs resolve against the page. */
  link: string;
  /** Default on for `popup` and `banner`. */
  dismissible: StatusWidgetDismissible;
  /** Reflected by the element itself: read it, do not set it. */
  "data-state": StatusIndicator;
}

/** The attribute names the element observes. */
export type StatusWidgetAttributeName = Exclude<keyof StatusWidgetAttributeValues, "data-state">;

/** The attributes as JSX props (React, Preact, Solid): `poll` may be a number there. */
export type StatusWidgetProps = {
  [Name in StatusWidgetAttributeName]?: Name extends "poll" ? number | `${number}` : StatusWidgetAttributeValues[Name];
};

/** `<status-widget>`: configured through its attributes, reporting through `data-state` and `status-change`. */
export interface StatusWidgetElement extends HTMLElement {
  /** A widget attribute: only its documented values are accepted. */
  setAttribute<Name extends StatusWidgetAttributeName>(qualifiedName: Name, value: StatusWidgetAttributeValues[Name]): void;
  /** Any other attribute (`id`, `class`, `style`, …). */
  setAttribute<Name extends string>(
    qualifiedName: Name & (Name extends StatusWidgetAttributeName ? never : unknown),
    value: string,
  ): void;
  getAttribute(qualifiedName: "data-state"): StatusIndicator | null;
  getAttribute(qualifiedName: string): string | null;
  addEventListener<K extends keyof StatusWidgetElementEventMap>(
    type: K,
    listener: (this: StatusWidgetElement, event: StatusWidgetElementEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof StatusWidgetElementEventMap>(
    type: K,
    listener: (this: StatusWidgetElement, event: StatusWidgetElementEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

export interface StatusWidgetElementEventMap extends HTMLElementEventMap {
  "status-change": StatusChangeEvent;
}

declare global {
  interface HTMLElementTagNameMap {
    "status-widget": StatusWidgetElement;
  }
  interface HTMLElementEventMap {
    "status-change": StatusChangeEvent;
  }
  interface DocumentEventMap {
    "status-change": StatusChangeEvent;
  }
  interface WindowEventMap {
    "status-change": StatusChangeEvent;
  }
}
