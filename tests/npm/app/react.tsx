// `<status-widget>` in React JSX (tsc --jsx react-jsx), with the package's React typings.
import type {} from "status-widget-element/react";

export function Footer() {
  return (
    <footer>
      <status-widget feed="https://status.example.com" appearance="badge" poll={30} className="status"
        onstatus-change={(event) => console.log(event.detail.incident?.name)} />
      {/* @ts-expect-error: not an appearance */}
      <status-widget feed="https://status.example.com" appearance="sidebar" />
    </footer>
  );
}
