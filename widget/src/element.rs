//! The `<status-widget>` custom element's wasm side.
//!
//! The loader script (`js/loader.js`) owns the element: it reads the attributes,
//! fetches and polls the feed (once per URL, however many elements share it), and
//! loads this wasm only when there is something to draw. It then calls [`mount`] and
//! hands each poll's result to [`Widget::feed`]. This side mounts the same Leptos view
//! as [`StatusWidget`](crate::StatusWidget) into the element's open shadow root, with
//! signals in place of the component's props and poller, and tells the loader each
//! new status (the loader sets `data-state` and fires `status-change`, whichever
//! side decided the state). [`mount`] returns at once; the work follows in tasks of
//! their own (reading the feed, a popup's or banner's `Intl` set-up, the first drawing,
//! then its view), so the host page is never blocked for the whole of it. In the bundle
//! those tasks start once the visitor's language's words are here (the glue fetches
//! them beside the wasm; English is in the wasm), so the first drawing is in that
//! language, never English first.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;
use leptos::reactive::owner::Owner;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

use crate::config::{Appearance, Position, Theme};
use crate::fetch::FetchError;
use crate::i18n::{locale_for, preferred_locales};
use crate::intl;
use crate::model::{FeedState, Options};
use crate::style;
use crate::timer::{Tasks, Timer};
use crate::view::{widget, Input, StatusChange, WidgetState};
use crate::widget::CLOCK_TICK_MS;

/// The attributes the element observes (CONTRACT §2).
pub const ATTRIBUTES: [&str; 9] =
    ["feed", "appearance", "position", "locale", "components", "theme", "poll", "link", "dismissible"];

/// Options from the loader's `{feed, appearance, …}` (the element's attributes over the
/// script tag's `data-*` defaults), and the languages they ask for.
fn read_options(attributes: &JsValue) -> (Options, Vec<String>) {
    let get = |name: &str| js_sys::Reflect::get(attributes, &JsValue::from_str(name)).ok().and_then(|v| v.as_string());
    let options = Options {
        feed: get("feed").unwrap_or_default(),
        appearance: get("appearance").as_deref().and_then(Appearance::parse).unwrap_or_default(),
        position: get("position").as_deref().and_then(Position::parse).unwrap_or_default(),
        theme: get("theme").as_deref().and_then(Theme::parse).unwrap_or_default(),
        components: get("components").unwrap_or_default(),
        link: get("link"),
        dismissible: get("dismissible").as_deref().map(parse_flag),
    };
    (options, preferred_locales(get("locale").as_deref()))
}

/// Parses a boolean attribute such as `dismissible`: `false`/`0`/`no`/`off` are false,
/// anything else present (including the empty string of `<x dismissible>`) is true.
fn parse_flag(value: &str) -> bool {
    !matches!(value.trim().to_ascii_lowercase().as_str(), "false" | "0" | "no" | "off")
}

/// Records a poll's result, as the loader handed it, received at `at`.
fn record(input: &mut Input, result: &JsValue, at: f64) {
    let read = read_result(result, &input.options.feed);
    input.state.record(read, at);
}

/// A poll's outcome as the loader reports it: `{value}` (what `JSON.parse` returned)
/// or `{error, status}` with `error` one of `network`, `http`, `timeout`, `too_large`,
/// `decode`, `no_feed`. The loader has given the console hint for an error it saw; JSON
/// that is not a feed (`{}`, `[]`) is seen here, which gives its hint, naming `feed`.
fn read_result(result: &JsValue, feed: &str) -> Result<status_feed::Summary, FetchError> {
    let get = |name: &str| js_sys::Reflect::get(result, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
    let error = get("error");
    if error.is_undefined() {
        let summary = crate::read::summary(&get("value"));
        if summary.is_none() {
            crate::fetch::warn_once(&status_feed::summary_url(feed), status_feed::NOT_A_FEED);
        }
        return summary.ok_or(FetchError::Decode);
    }
    Err(match error.as_string().as_deref() {
        Some("http") => FetchError::Http { status: get("status").as_f64().unwrap_or_default() as u16 },
        Some("timeout") => FetchError::Timeout,
        Some("too_large") => FetchError::TooLarge,
        Some("decode") => FetchError::Decode,
        Some("no_feed") => FetchError::NoFeed,
        _ => FetchError::Network,
    })
}

/// A mounted widget, owned by its element.
#[wasm_bindgen]
pub struct Widget {
    /// Everything it is drawn from, in one signal (one signal type in the wasm).
    input: RwSignal<Input>,
    /// The result [`mount`] was handed and when, until the first step reads it.
    pending: Rc<Cell<Option<(JsValue, f64)>>>,
    /// How many times the languages were asked for: only the last, once its words are
    /// here, is drawn.
    asked: Rc<Cell<u32>>,
    _clock: Option<Timer>,
    /// The steps that draw it, once its language's words are here: any still pending
    /// when it is unmounted never run.
    _draw: Rc<RefCell<Option<Tasks>>>,
    /// The drawn view, once the draw has run.
    drawn: Rc<RefCell<Option<Box<dyn Any>>>>,
    owner: Owner,
}

/// Mounts a widget into `host`'s open shadow root. `attributes` are the options the
/// loader read, `result` the feed it already has (or `undefined`), and `report` is
/// called with `{indicator, description, incident}` on every change of status.
/// The feed is read and the view drawn in later tasks, not before this returns; if
/// drawing throws (a bug), the bundle's glue stops the widgets and reports them as
/// `"error"`.
#[wasm_bindgen]
pub fn mount(
    host: HtmlElement,
    attributes: JsValue,
    result: JsValue,
    report: js_sys::Function,
) -> Result<Widget, JsValue> {
    let root = style::shadow_root(&host)?;
    let owner = Owner::new();
    owner.with(|| {
        let (options, languages) = read_options(&attributes);
        let locale = locale_for(&languages);
        // English times are written without `Intl`, so English needs no set-up step.
        let times_in = options
            .appearance
            .shows_times()
            .then(|| intl::times_locale(locale, &languages))
            .filter(|tag| intl::needs_intl(tag));
        // The feed the loader already has is read in the first step, not here: reading a
        // whole feed runs a share of the wasm for the first time (see below).
        let pending = Rc::new(Cell::new((!result.is_undefined()).then(|| (result, js_sys::Date::now()))));
        let input = RwSignal::new(Input { state: FeedState::default(), options, languages, now: js_sys::Date::now() });
        let clock = Timer::every(CLOCK_TICK_MS, move || input.update(|input| input.now = js_sys::Date::now()));
        let on_change = Box::new(move |change: &StatusChange| {
            let _ = report.call1(&JsValue::NULL, &detail(change));
        });
        // Reading the feed, a popup's or banner's `Intl` set-up, the first drawing (the
        // model) and building its view are steps of [`Tasks`]: on a slow machine each
        // runs in a task of its own (each compiles and runs a share of the wasm, as V8
        // compiles a function when it is first called), and the host's input is handled
        // between the shorter stretches. `cargo xtask bench` measures the host's main thread.
        let drawn = Rc::new(RefCell::new(None::<Box<dyn Any>>));
        let (slot, draw_owner) = (drawn.clone(), owner.clone());
        let widget_state = WidgetState::new(move || input.get(), move || input.get().now);
        let mut steps: Vec<Box<dyn FnOnce()>> = Vec::new();
        let unread = pending.clone();
        steps.push(Box::new(move || {
            // Gone if a newer poll's result or a new feed came first.
            if let Some((result, received_at)) = unread.take() {
                input.update(|input| record(input, &result, received_at));
            }
        }));
        if let Some(tag) = times_in {
            steps.push(Box::new(move || intl::prepare(&tag)));
        }
        steps.push(Box::new(move || widget_state.compute()));
        steps.push(Box::new(move || {
            let view = draw_owner.with(|| {
                let view = move || widget(host.into(), widget_state, Some(on_change));
                leptos::mount::mount_to(root.unchecked_into(), view)
            });
            *slot.borrow_mut() = Some(Box::new(view));
        }));
        let draw = Rc::new(RefCell::new(None));
        if locale.is_ready() {
            let tasks = Tasks::queue(steps).ok_or_else(|| JsValue::from_str("no MessageChannel to draw in"))?;
            *draw.borrow_mut() = Some(tasks);
        } else {
            // The first drawing is in the visitor's language, not English and then that
            // (two announcements): its words come first. The bundle's glue began
            // fetching them as it ran, beside the wasm, so they are usually here already.
            let slot = Rc::downgrade(&draw);
            locale.fetch(move || {
                // Not if the widget was unmounted meanwhile.
                if let Some(slot) = slot.upgrade() {
                    *slot.borrow_mut() = Tasks::queue(steps);
                }
            });
        }
        let asked = Rc::new(Cell::new(0));
        Ok(Widget { input, pending, asked, _clock: clock, _draw: draw, drawn, owner: owner.clone() })
    })
}

#[wasm_bindgen]
impl Widget {
    /// Takes the options again after an attribute changed; a new feed URL starts
    /// from "loading", so nothing of the old feed is shown for the new one.
    pub fn configure(&self, attributes: JsValue) {
        let (options, languages) = read_options(&attributes);
        let new_feed = status_feed::summary_url(&options.feed)
            != self.input.with_untracked(|input| status_feed::summary_url(&input.options.feed));
        if new_feed {
            self.pending.take();
        }
        self.input.update(|input| {
            if new_feed {
                input.state = FeedState::default();
            }
            input.options = options;
        });
        let asked = self.asked.get() + 1;
        self.asked.set(asked);
        // Drawn in the language asked for once its words are here (at once when they
        // are in the wasm), meanwhile as before.
        let (signal, latest) = (self.input, Rc::downgrade(&self.asked));
        locale_for(&languages).fetch(move || {
            if latest.upgrade().is_some_and(|latest| latest.get() == asked) {
                signal.try_update(|input| input.languages = languages);
            }
        });
    }

    /// Records a poll's result (see [`mount`] for its shape).
    pub fn feed(&self, result: JsValue) {
        self.pending.take();
        self.input.update(|input| record(input, &result, js_sys::Date::now()));
    }

    /// Unmounts the widget: its clock, effects and listeners stop, the shadow root empties.
    pub fn unmount(self) {
        let Widget { _draw, drawn, _clock, owner, .. } = self;
        drop(_draw);
        drop(drawn.take());
        drop(_clock);
        owner.cleanup();
    }
}

/// The `status-change` event's detail: `{indicator, description, incident}`.
fn detail(change: &StatusChange) -> JsValue {
    let detail = js_sys::Object::new();
    set(&detail, "indicator", &change.indicator.into());
    set(&detail, "description", &change.description.into());
    let incident = change.incident.as_ref().map_or(JsValue::NULL, |incident| {
        let object = js_sys::Object::new();
        set(&object, "id", &incident.id.as_str().into());
        set(&object, "name", &incident.name.as_str().into());
        set(&object, "status", &incident.status.into());
        set(&object, "impact", &incident.impact.into());
        set(&object, "url", &incident.url.as_deref().map_or(JsValue::NULL, JsValue::from_str));
        object.into()
    });
    set(&detail, "incident", &incident);
    detail.into()
}

fn set(object: &js_sys::Object, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(object, &JsValue::from_str(key), value);
}
