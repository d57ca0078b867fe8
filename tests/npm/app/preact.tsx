// `<status-widget>` in Preact JSX (jsxImportSource preact), with the package's Preact typings.
import type {} from "status-widget-element/preact";

export function Footer() {
  return (
    <footer>
      <status-widget feed="https://status.example.com" appearance="inline" theme="light" class="status"
        onstatus-change={(event) => console.log(event.detail.incident?.name)} />
      {/* @ts-expect-error: not a position */}
      <status-widget feed="https://status.example.com" position="middle" />
    </footer>
  );
}
