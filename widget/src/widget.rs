//! [`StatusWidget`]: fetches and polls a feed and renders it with [`StatusView`].

use std::time::Duration;

use leptos::callback::UnsyncCallback;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use status_feed::summary_url;

use crate::config::{Appearance, Position, Theme, DEFAULT_POLL_SECONDS};
use crate::i18n::preferred_locales;
use crate::model::{FeedState, Options};
use crate::poller::Poller;
use crate::view::{StatusChange, StatusView};

/// How often relative times ("5 minutes ago") are refreshed between polls.
const CLOCK_TICK: Duration = Duration::from_secs(30);

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
    let options = Signal::derive(move || Options {
        feed: feed.get(),
        appearance: appearance.get().unwrap_or_default(),
        position: position.get().unwrap_or_default(),
        theme: theme.get().unwrap_or_default(),
        components: components.get().unwrap_or_default(),
        link: link.get(),
        dismissible: dismissible.get(),
    });
    let languages = Signal::derive(move || preferred_locales(locale.get().as_deref()));
    live_view(options, languages, move || poll.get().unwrap_or(DEFAULT_POLL_SECONDS), on_change)
}

/// What [`StatusWidget`] renders, from its props gathered into two signals and the
/// poll interval. The custom element calls this directly: one `Signal<Options>` instead
/// of nine differently typed props keeps nine copies of the signal machinery out of the
/// wasm. `poll` is a plain reactive closure for the same reason: each `Signal<T>` brings
/// memo code for its `T`, and only the memo below reads it.
pub(crate) fn live_view(
    options: Signal<Options>,
    languages: Signal<Vec<String>>,
    poll: impl Fn() -> u32 + Send + Sync + 'static,
    on_change: Option<UnsyncCallback<StatusChange>>,
) -> impl IntoView {
    let (state, set_state) = signal(FeedState::default());
    let (now, set_now) = signal(js_sys::Date::now());

    // One memo for both: the poller restarts only when the URL or the interval changes.
    let source = Memo::new(move |_| (options.with(|options| summary_url(&options.feed)), poll()));
    Effect::new(move |_| {
        let on_result = Box::new(move |result| {
            let at = js_sys::Date::now();
            set_now.try_set(at);
            set_state.try_update(|state| state.record(result, at));
        });
        let (url, interval) = source.get();
        let poller = SendWrapper::new(Poller::start(url, interval, on_result));
        // Runs before the next start (feed or poll changed) and on unmount.
        on_cleanup(move || poller.stop());
    });

    let clock = set_interval_with_handle(move || _ = set_now.try_set(js_sys::Date::now()), CLOCK_TICK).ok();
    on_cleanup(move || {
        if let Some(clock) = clock {
            clock.clear();
        }
    });

    view! { <StatusView state=state options=options languages=languages now=now on_change=on_change /> }
}
