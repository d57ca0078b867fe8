//! [`StatusWidget`]: the Leptos component that fetches, polls and shows a feed.
//!
//! It hands its props to [`Live`], the same widget the `<status-widget>` element
//! runs, so a Leptos app and a host page behave and look alike. Leptos owns the
//! props and the lifetime; `Live` owns the DOM inside the component's `<div>`.

use leptos::callback::UnsyncCallback;
use leptos::prelude::*;

use crate::config::{Appearance, Position, Theme, DEFAULT_POLL_SECONDS};
use crate::display::StatusChange;
use crate::i18n::preferred_locales;
use crate::live::{Config, Live};
use crate::model::Options;
use crate::view::in_shadow_root;

/// A status widget for a Statuspage-format feed.
///
/// ```no_run
/// use leptos::prelude::*;
/// use status_widget::{Appearance, StatusWidget};
///
/// #[component]
/// fn Footer() -> impl IntoView {
///     view! { <StatusWidget feed="https://status.example.com" appearance=Appearance::Badge /> }
/// }
/// ```
#[component]
pub fn StatusWidget(
    /// Base URL of a status page (`/api/v2/summary.json` is fetched from it) or the
    /// URL of a `.json` summary. Required.
    #[prop(into)]
    feed: Signal<String>,
    /// `Popup` (default), `Banner`, `Badge` or `Inline`.
    #[prop(into, optional)]
    appearance: MaybeProp<Appearance>,
    /// Where a popup sits; default bottom-right (bottom-left in right-to-left languages).
    #[prop(into, optional)]
    position: MaybeProp<Position>,
    /// BCP 47 language for the widget's own words; default the browser's languages.
    #[prop(into, optional)]
    locale: MaybeProp<String>,
    /// Comma-separated component names or ids: only their incidents; default all.
    #[prop(into, optional)]
    components: MaybeProp<String>,
    /// `Auto` (default: follows `prefers-color-scheme`), `Light` or `Dark`.
    #[prop(into, optional)]
    theme: MaybeProp<Theme>,
    /// Seconds between polls; default 60; 0 fetches once.
    #[prop(into, optional)]
    poll: MaybeProp<u32>,
    /// Overrides every link to the status page; default the feed's incident and page URLs.
    #[prop(into, optional)]
    link: MaybeProp<String>,
    /// Whether a popup or banner has a dismiss button; default true.
    #[prop(into, optional)]
    dismissible: MaybeProp<bool>,
    /// Called with the new status whenever it changes; default none.
    #[prop(optional)]
    on_change: Option<UnsyncCallback<StatusChange>>,
) -> impl IntoView {
    let config = move || Config {
        options: Options {
            feed: feed.get(),
            appearance: appearance.get().unwrap_or_default(),
            position: position.get().unwrap_or_default(),
            theme: theme.get().unwrap_or_default(),
            components: components.get().unwrap_or_default(),
            link: link.get(),
            dismissible: dismissible.get(),
        },
        languages: preferred_locales(locale.get().as_deref()),
        poll: poll.get().unwrap_or(DEFAULT_POLL_SECONDS),
    };
    in_shadow_root::<Live>(config, on_change)
}
