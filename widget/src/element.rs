//! The `<status-widget>` custom element's wasm side.
//!
//! The loader script (`js/loader.js`) defines the element class and calls these
//! exports from its lifecycle callbacks: [`mount`] on connect, [`Widget::refresh`]
//! on attribute change, [`Widget::unmount`] on disconnect. The component lives in
//! an open shadow root, which isolates styles both ways.

use std::any::Any;

use leptos::callback::UnsyncCallback;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{CustomEvent, CustomEventInit, HtmlElement, ShadowRootInit, ShadowRootMode};

use crate::config::{parse_flag, parse_poll, Appearance, Position, Theme, DEFAULT_POLL_SECONDS};
use crate::i18n::preferred_locales;
use crate::model::Options;
use crate::style;
use crate::view::StatusChange;
use crate::widget::live_view;

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

    /// The options, as [`StatusWidget`](crate::StatusWidget) builds them from its props.
    fn options(&self) -> Options {
        let text = |name| self.get(name).map(str::to_owned);
        Options {
            feed: text("feed").unwrap_or_default(),
            appearance: self.get("appearance").and_then(Appearance::parse).unwrap_or_default(),
            position: self.get("position").and_then(Position::parse).unwrap_or_default(),
            theme: self.get("theme").and_then(Theme::parse).unwrap_or_default(),
            components: text("components").unwrap_or_default(),
            link: text("link"),
            dismissible: self.get("dismissible").map(parse_flag),
        }
    }
}

/// A mounted widget, owned by its element.
#[wasm_bindgen]
pub struct Widget {
    host: HtmlElement,
    defaults: JsValue,
    attributes: RwSignal<Attributes>,
    mounted: Option<Box<dyn Any>>,
}

/// Mounts a widget into `host`'s shadow root. `defaults` holds the script tag's
/// `data-*` values (`{feed, appearance, …}`), used where the element has no attribute.
#[wasm_bindgen]
pub fn mount(host: HtmlElement, defaults: JsValue) -> Result<Widget, JsValue> {
    let root = match host.shadow_root() {
        Some(root) => root,
        None => host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?,
    };
    // A re-connected element keeps its shadow root: start from an empty one.
    while let Some(child) = root.first_child() {
        root.remove_child(&child)?;
    }
    style::adopt(&root);
    let document = host.owner_document().ok_or_else(|| JsValue::from_str("element has no document"))?;
    let container: HtmlElement = document.create_element("div")?.unchecked_into();
    // Leptos mounts into an element, not a shadow root; this one must not box the widget.
    container.set_class_name("mount");
    root.append_child(&container)?;

    let attributes = RwSignal::new(Attributes::read(&host, &defaults));
    let options = Signal::derive(move || attributes.with(Attributes::options));
    let languages = Signal::derive(move || attributes.with(|a| preferred_locales(a.get("locale"))));
    let poll = move || attributes.with(|a| a.get("poll").and_then(parse_poll).unwrap_or(DEFAULT_POLL_SECONDS));
    let reporter = host.clone();
    let mounted = leptos::mount::mount_to(container, move || {
        let on_change = UnsyncCallback::new(move |change: StatusChange| report(&reporter, &change));
        live_view(options, languages, poll, Some(on_change))
    });
    Ok(Widget { host, defaults, attributes, mounted: Some(Box::new(mounted)) })
}

#[wasm_bindgen]
impl Widget {
    /// Re-reads the attributes after one changed.
    pub fn refresh(&self) {
        let attributes = Attributes::read(&self.host, &self.defaults);
        if self.attributes.with_untracked(|current| *current != attributes) {
            self.attributes.set(attributes);
        }
    }

    /// Unmounts the component: stops polling, removes timers and listeners, empties the shadow root.
    pub fn unmount(mut self) {
        drop(self.mounted.take());
        self.attributes.dispose();
        if let Some(root) = self.host.shadow_root() {
            while let Some(child) = root.first_child() {
                let _ = root.remove_child(&child);
            }
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
