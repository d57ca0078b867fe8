//! A client-side rendered Leptos app with an incident banner: the `StatusWidget`
//! component, its props from the app's own signals.
//!
//! Built without trunk by `cargo xtask examples` (`cargo build --target
//! wasm32-unknown-unknown`, then `wasm-bindgen --target web`) and served beside
//! `index.html` and a `summary.json` feed.

use leptos::prelude::*;
use status_widget::{Appearance, StatusWidget};

/// The app: a header with two buttons, and the widget while it is shown.
#[component]
pub fn App() -> impl IntoView {
    // Where the feed is: served beside the app. A real app would name its status page.
    let (feed, _set_feed) = signal("/summary.json".to_owned());
    let (appearance, set_appearance) = signal(Appearance::Banner);
    let (components, _set_components) = signal("API".to_owned());
    let (locale, _set_locale) = signal("en".to_owned());
    let (shown, set_shown) = signal(true);

    let switch_appearance = move |_| {
        set_appearance.update(|appearance| {
            *appearance = if *appearance == Appearance::Banner { Appearance::Badge } else { Appearance::Banner }
        })
    };
    view! {
        <header>
            <strong>"Acme dashboard"</strong>
            <button id="appearance" type="button" on:click=switch_appearance>
                {move || if appearance.get() == Appearance::Banner { "Show as badge" } else { "Show as banner" }}
            </button>
            <button id="toggle" type="button" on:click=move |_| set_shown.update(|shown| *shown = !*shown)>
                {move || if shown.get() { "Hide status" } else { "Show status" }}
            </button>
        </header>
        <Show when=move || shown.get()>
            <StatusWidget feed=feed appearance=appearance components=components locale=locale poll=10u32 />
        </Show>
        <main>
            <h1>"Projects"</h1>
            <p>"Your projects would be listed here."</p>
        </main>
    }
}

/// The wasm entry: mounts [`App`] on `<body>`.
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    leptos::mount::mount_to_body(App);
}
