//! [`StatusView`]: the Leptos component that draws a given feed state.
//!
//! It does no fetching, so an app (or a test) can show any state it has. The drawing
//! itself is [`Display`]'s, shared with the embed, so both show the same DOM.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::callback::UnsyncCallback;
use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::display::{Display, Input, StatusChange};
use crate::model::{FeedState, Options};

/// Renders a loaded (or loading, or failed) feed.
#[component]
pub fn StatusView(
    /// What has been loaded so far.
    #[prop(into)]
    state: Signal<FeedState>,
    /// Appearance, position, theme, filter, link and dismissibility.
    #[prop(into)]
    options: Signal<Options>,
    /// The visitor's languages, most wanted first; English when none is supported.
    #[prop(into)]
    languages: Signal<Vec<String>>,
    /// The current time in ms since the epoch, for relative times and staleness.
    #[prop(into)]
    now: Signal<f64>,
    /// Called with the new status whenever it changes; default none.
    #[prop(optional_no_strip)]
    on_change: Option<UnsyncCallback<StatusChange>>,
) -> impl IntoView {
    let input = move || Input { state: state.get(), options: options.get(), languages: languages.get(), now: now.get() };
    let display = SendWrapper::new(Rc::new(RefCell::new(None::<Display>)));
    // Draws as soon as the element exists, so the first state shows with the mount.
    let attached = display.clone();
    let attach = move |host: web_sys::Element| {
        // Styled and isolated like the element: in an open shadow root.
        let Ok(root) = crate::style::shadow_root(&host) else { return };
        let on_change = on_change.map(|callback| Box::new(move |change: &StatusChange| callback.run(change.clone())) as _);
        let created = Display::new(root, on_change);
        created.show(untrack(input));
        attached.replace(Some(created));
    };
    let drawn = display.clone();
    Effect::new(move |_| {
        let input = input();
        if let Some(display) = drawn.borrow().as_ref() {
            display.show(input);
        }
    });
    on_cleanup(move || {
        if let Some(display) = display.borrow_mut().take() {
            display.stop();
        }
    });
    // `display: contents`: the shadow root's card, bar or pill takes the place of this `<div>`.
    view! { <div style="display: contents" use:attach></div> }
}
