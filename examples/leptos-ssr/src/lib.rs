//! A server-rendered Leptos app that hydrates in the browser, with an incident banner:
//! the `StatusWidget` component, its props from the app's own signals.
//!
//! The server (`main.rs`, feature `ssr`) renders each route; the widget renders as an
//! empty `display: contents` placeholder there. The browser bundle (feature `hydrate`)
//! hydrates the page, and the widget then fetches its feed and draws into its shadow root.
//! Built without cargo-leptos by `cargo xtask examples`.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;
use status_widget::{Appearance, StatusWidget};

/// The whole HTML document the server sends, loading the hydrate bundle from `/pkg`.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <title>"Acme dashboard (Leptos SSR)"</title>
                <link rel="icon" href="data:," />
                <style>
                    "body { margin: 0; font: 16px/1.5 system-ui, sans-serif; }
                    header { display: flex; gap: 1rem; align-items: center; padding: .75rem 1rem; border-bottom: 1px solid #ddd; }
                    main { padding: 1rem; }"
                </style>
                <HydrationScripts options />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The app: a header with navigation and a button, and two routes; the dashboard has the widget.
#[component]
pub fn App() -> impl IntoView {
    // Where the feed is: served beside the app. A real app would name its status page.
    let (feed, _set_feed) = signal("/summary.json".to_owned());
    let (appearance, set_appearance) = signal(Appearance::Banner);
    let (components, _set_components) = signal("API".to_owned());
    let (locale, _set_locale) = signal("en".to_owned());

    let switch_appearance = move |_| {
        set_appearance.update(|appearance| {
            *appearance = if *appearance == Appearance::Banner { Appearance::Badge } else { Appearance::Banner }
        })
    };
    view! {
        <Router>
            <header>
                <strong>"Acme dashboard"</strong>
                <nav>
                    <A href="/">"Dashboard"</A>
                    " "
                    <A href="/about">"About"</A>
                </nav>
                <button id="appearance" type="button" on:click=switch_appearance>
                    {move || if appearance.get() == Appearance::Banner { "Show as badge" } else { "Show as banner" }}
                </button>
            </header>
            <Routes fallback=|| "Not found.">
                <Route
                    path=path!("/")
                    view=move || {
                        view! {
                            <StatusWidget feed=feed appearance=appearance components=components locale=locale poll=10u32 />
                            <main>
                                <h1>"Projects"</h1>
                                <p>"Your projects would be listed here."</p>
                            </main>
                        }
                    }
                />
                <Route path=path!("/about") view=About />
            </Routes>
        </Router>
    }
}

/// A page without the widget: navigating here unmounts it.
#[component]
fn About() -> impl IntoView {
    view! {
        <main>
            <h1>"About"</h1>
            <p>"Acme makes dashboards."</p>
        </main>
    }
}

/// The browser entry, called by the script `HydrationScripts` writes.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    leptos::mount::hydrate_body(App);
}
