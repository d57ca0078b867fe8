// `<status-widget>` in Solid JSX (jsxImportSource solid-js), with the package's Solid typings.
import type {} from "status-widget-element/solid";

export function Footer() {
  return (
    <footer>
      <status-widget feed="https://status.example.com" appearance="banner" components="API,Dashboard"
        on:status-change={(event) => console.log(event.detail.incident?.name)} />
      {/* @ts-expect-error: not a theme */}
      <status-widget feed="https://status.example.com" theme="sepia" />
    </footer>
  );
}
