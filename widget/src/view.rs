//! [`StatusView`]: the Leptos component that draws a given feed state.
//!
//! It does no fetching, so an app (or a test) can show any state it has. The drawing
//! itself is [`Display`]'s, shared with the embed, so both show the same DOM.
//! [`in_shadow_root`] is how both Leptos components host the framework-free widget.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::callback::UnsyncCallback;
use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::display::{Display, Input, OnChange, StatusChange};
use crate::live::{Config, Live};
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
    let input =
        move || Input { state: state.get(), options: options.get(), languages: languages.get(), now: now.get() };
    in_shadow_root::<Display>(input, on_change)
}

/// What the Leptos components run inside their element: [`Display`] or [`Live`].
pub(crate) trait Drawing: 'static {
    /// What the component's props become.
    type Input: 'static;
    /// Starts drawing into `root`.
    fn start(root: web_sys::Element, input: Self::Input, on_change: Option<OnChange>) -> Self;
    /// Takes new props.
    fn update(&self, input: Self::Input);
    /// Stops, leaving nothing running.
    fn stop(&self);
}

impl Drawing for Display {
    type Input = Input;
    fn start(root: web_sys::Element, input: Input, on_change: Option<OnChange>) -> Self {
        let display = Display::new(root, on_change);
        display.show(input);
        display
    }
    fn update(&self, input: Input) {
        self.show(input);
    }
    fn stop(&self) {
        Display::stop(self);
    }
}

impl Drawing for Live {
    type Input = Config;
    fn start(root: web_sys::Element, config: Config, on_change: Option<OnChange>) -> Self {
        Live::start(root, config, on_change)
    }
    fn update(&self, config: Config) {
        self.configure(config);
    }
    fn stop(&self) {
        Live::stop(self);
    }
}

/// A `<div>` whose open shadow root holds the widget's styles and a `D` fed by `input`:
/// started as soon as the element exists (the first state shows with the mount),
/// updated when `input` changes, stopped with the component.
pub(crate) fn in_shadow_root<D: Drawing>(
    input: impl Fn() -> D::Input + Copy + 'static,
    on_change: Option<UnsyncCallback<StatusChange>>,
) -> impl IntoView {
    let drawing = SendWrapper::new(Rc::new(RefCell::new(None::<D>)));
    let started = drawing.clone();
    let attach = move |host: web_sys::Element| {
        let Ok(root) = crate::style::shadow_root(&host) else { return };
        let on_change =
            on_change.map(|callback| Box::new(move |change: &StatusChange| callback.run(change.clone())) as _);
        started.replace(Some(D::start(root, untrack(input), on_change)));
    };
    let running = drawing.clone();
    Effect::new(move |_| {
        let input = input();
        if let Some(drawing) = running.borrow().as_ref() {
            drawing.update(input);
        }
    });
    on_cleanup(move || {
        if let Some(drawing) = drawing.borrow_mut().take() {
            drawing.stop();
        }
    });
    // `display: contents`: the shadow root's card, bar or pill takes the place of this `<div>`.
    view! { <div style="display: contents" use:attach></div> }
}
