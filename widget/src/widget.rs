//! [`StatusWidget`]: the Leptos component that fetches, polls and shows a feed.
//!
//! Its poller writes the feed state into a signal and a clock ticks the time; the
//! drawing is [`crate::view`]'s, the same as the `<status-widget>` element's (whose
//! loader script polls instead, so the feed is fetched before any wasm loads).

use leptos::callback::UnsyncCallback;
use leptos::prelude::*;
use status_feed::summary_url;

use crate::config::{clamp_poll, Appearance, Position, Theme, DEFAULT_POLL_SECONDS};
use crate::fetch::{warn_once, FetchError};
use crate::i18n::preferred_locales;
use crate::model::{FeedState, Options};
use crate::poller::Poller;
use crate::timer::Timer;
use crate::view::{widget, Input, StatusChange, WidgetState};

/// How often relative times ("5 minutes ago") are refreshed between polls.
pub(crate) const CLOCK_TICK_MS: f64 = 30_000.0;

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
    /// Where a popup sits; default bottom-right (mirrored on a right-to-left page).
    #[prop(into, optional)]
    position: MaybeProp<Position>,
    /// BCP 47 language for the widget's own words; default the browser's languages.
    #[prop(into, optional)]
    locale: MaybeProp<String>,
    /// Comma-separated component names or ids: only their incidents; default all.
    #[prop(into, optional)]
    components: MaybeProp<String>,
    /// `Auto` (default), `Light` or `Dark`.
    #[prop(into, optional)]
    theme: MaybeProp<Theme>,
    /// Seconds between polls; default 60; below 10 is taken as 10; 0 fetches once.
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
    let state = RwSignal::new(FeedState::default());
    let now = RwSignal::new(now_ms());
    let options = move || Options {
        feed: feed.get(),
        appearance: appearance.get().unwrap_or_default(),
        position: position.get().unwrap_or_default(),
        theme: theme.get().unwrap_or_default(),
        components: components.get().unwrap_or_default(),
        link: link.get(),
        dismissible: dismissible.get(),
    };

    // Everything that touches the browser (fetches, timers, `Date.now()`) lives in effects,
    // which run only in the browser: on the server (Leptos's `ssr`) the component renders
    // its placeholder and starts nothing, and hydration finds that same placeholder.
    // Off wasm there is no browser at all, so nothing is set up (js-sys panics there).
    if cfg!(target_arch = "wasm32") {
        live(feed, poll, state, now);
    }

    let input = move || Input {
        state: state.get(),
        options: options(),
        languages: preferred_locales(locale.get().as_deref()),
        now: now.get(),
    };
    let on_change = on_change.map(|callback| Box::new(move |change: &StatusChange| callback.run(change.clone())) as _);
    crate::style::in_shadow_root(move |host| widget(host, WidgetState::new(input, move || now.get()), on_change))
}

/// The current time in ms since the epoch; 0 off wasm, where nothing is drawn.
fn now_ms() -> f64 {
    if cfg!(target_arch = "wasm32") {
        js_sys::Date::now()
    } else {
        0.0
    }
}

/// Starts, in effects, the poller that writes `state` and the clock that ticks `now`;
/// both stop when the component is cleaned up.
fn live(feed: Signal<String>, poll: MaybeProp<u32>, state: RwSignal<FeedState>, now: RwSignal<f64>) {
    // One poller per (summary URL, interval); a new feed starts from "loading".
    let poller = StoredValue::new_local(None::<Poller>);
    Effect::new(move |previous_url: Option<String>| {
        let url = feed.with(|feed| feed.trim().to_owned());
        let interval = clamp_poll(poll.get().unwrap_or(DEFAULT_POLL_SECONDS));
        if previous_url.as_ref().is_some_and(|previous| summary_url(previous) != summary_url(&url)) {
            state.set(FeedState::default());
        }
        poller.set_value(None);
        if url.is_empty() {
            warn_once(&url, &FetchError::NoFeed.cause());
            state.update(|state| state.record(Err(FetchError::NoFeed), now_ms()));
        } else {
            let summary = summary_url(&url);
            let reported = summary.clone();
            let on_result = Box::new(move |result: Result<_, FetchError>| {
                if let Err(error) = &result {
                    warn_once(&reported, &error.cause());
                }
                state.update(|state: &mut FeedState| state.record(result, now_ms()));
            });
            poller.set_value(Some(Poller::start(summary, interval, on_result)));
        }
        url
    });
    let clock = StoredValue::new_local(None::<Timer>);
    Effect::new(move || {
        // Hydration may come long after the server rendered: start from the real now.
        now.set(now_ms());
        clock.set_value(Timer::every(CLOCK_TICK_MS, move || now.set(now_ms())));
    });
    on_cleanup(move || {
        clock.set_value(None);
        poller.set_value(None);
    });
}
