//! The `<status-widget>` custom element's wasm side.
//!
//! The loader script (`js/loader.js`) defines the element class and calls these
//! exports from its lifecycle callbacks: [`mount`] on connect, [`Widget::refresh`]
//! on attribute change, [`Widget::unmount`] on disconnect. The widget lives in an
//! open shadow root, which isolates styles both ways.
//!
//! The element drives [`Live`] directly, without the Leptos runtime: the same
//! drawing and behaviour as the Leptos components, for about a third fewer bytes
//! on every host page (see the README's size table).

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use web_sys::{CustomEvent, CustomEventInit, HtmlElement};

use crate::config::{parse_flag, parse_poll, Appearance, Position, Theme, DEFAULT_POLL_SECONDS};
use crate::display::StatusChange;
use crate::i18n::preferred_locales;
use crate::live::{Config, Live};
use crate::model::Options;
use crate::style;

/// The attributes the element observes (CONTRACT §2).
pub const ATTRIBUTES: [&str; 9] =
    ["feed", "appearance", "position", "locale", "components", "theme", "poll", "link", "dismissible"];

/// Attribute values: the element's own, else the script tag's `data-*` defaults.
#[derive(Clone, Debug, Default, PartialEq)]
struct Attributes([Option<String>; 9]);

impl Attributes {
    fn read(host: &HtmlElement, defaults: &JsValue) -> Self {
        Self(ATTRIBUTES.map(|name| {
            host.get_attribute(name).or_else(|| {
                js_sys::Reflect::get(defaults, &JsValue::from_str(name)).ok().and_then(|value| value.as_string())
            })
        }))
    }

    fn get(&self, name: &str) -> Option<&str> {
        let index = ATTRIBUTES.iter().position(|known| *known == name)?;
        self.0[index].as_deref()
    }

    /// What [`StatusWidget`](crate::StatusWidget) builds from its props.
    fn config(&self) -> Config {
        let text = |name| self.get(name).map(str::to_owned);
        Config {
            options: Options {
                feed: text("feed").unwrap_or_default(),
                appearance: self.get("appearance").and_then(Appearance::parse).unwrap_or_default(),
                position: self.get("position").and_then(Position::parse).unwrap_or_default(),
                theme: self.get("theme").and_then(Theme::parse).unwrap_or_default(),
                components: text("components").unwrap_or_default(),
                link: text("link"),
                dismissible: self.get("dismissible").map(parse_flag),
            },
            languages: preferred_locales(self.get("locale")),
            poll: self.get("poll").and_then(parse_poll).unwrap_or(DEFAULT_POLL_SECONDS),
        }
    }
}

/// A mounted widget, owned by its element.
#[wasm_bindgen]
pub struct Widget {
    host: HtmlElement,
    defaults: JsValue,
    attributes: RefCell<Attributes>,
    live: Live,
}

/// Mounts a widget into `host`'s shadow root. `defaults` holds the script tag's
/// `data-*` values (`{feed, appearance, …}`), used where the element has no attribute.
#[wasm_bindgen]
pub fn mount(host: HtmlElement, defaults: JsValue) -> Result<Widget, JsValue> {
    let root = style::shadow_root(&host)?;

    let attributes = Attributes::read(&host, &defaults);
    let reporter = host.clone();
    let live =
        Live::start(root, attributes.config(), Some(Box::new(move |change: &StatusChange| report(&reporter, change))));
    Ok(Widget { host, defaults, attributes: RefCell::new(attributes), live })
}

#[wasm_bindgen]
impl Widget {
    /// Re-reads the attributes after one changed.
    pub fn refresh(&self) {
        let attributes = Attributes::read(&self.host, &self.defaults);
        if *self.attributes.borrow() != attributes {
            let config = attributes.config();
            self.attributes.replace(attributes);
            self.live.configure(config);
        }
    }

    /// Unmounts the widget: stops polling, removes timers and listeners, empties the shadow root.
    pub fn unmount(self) {
        self.live.stop();
        if let Some(shadow) = self.host.shadow_root() {
            shadow.set_text_content(None);
        }
    }
}

/// Reflects the state on the host (`data-state`) and fires `status-change`.
fn report(host: &HtmlElement, change: &StatusChange) {
    let _ = host.set_attribute("data-state", change.indicator);
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
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict("status-change", &init) {
        let _ = host.dispatch_event(&event);
    }
}

fn set(object: &js_sys::Object, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(object, &JsValue::from_str(key), value);
}
