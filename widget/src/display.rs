//! The rendered widget: notices (popup, banner) or the overall status (badge, inline),
//! drawn into a root element the caller owns.
//!
//! [`Display`] turns an [`Input`] (feed state, options, languages, clock) into DOM,
//! handles the dismiss button and reports each change of status. It does no fetching,
//! so every state can be drawn and checked directly. The embed uses it without any
//! framework; the Leptos components draw through it too, so both show the same DOM.
//!
//! Feed strings only ever become text nodes or attribute values: nothing here parses HTML.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use status_feed::summary_url;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Event};

use crate::config::Appearance;
use crate::dismiss;
use crate::i18n::{fill, locale_for, Locale};
use crate::model::{build, overall_class, severity_class, FeedState, HostState, Model, NoticeView, Options};
use crate::patch;

/// What the host learns on every change: `data-state` and the `status-change` event.
#[derive(Clone, Debug, PartialEq)]
pub struct StatusChange {
    /// `loading`, `none`, `minor`, `major`, `critical`, `maintenance` or `error`.
    pub indicator: &'static str,
    /// The overall status in the visitor's language.
    pub description: &'static str,
    /// The most important notice, if any.
    pub incident: Option<IncidentSummary>,
}

/// The top notice, as reported in [`StatusChange`].
#[derive(Clone, Debug, PartialEq)]
pub struct IncidentSummary {
    /// Incident id.
    pub id: String,
    /// Title as shown.
    pub name: String,
    /// Stage, as on the wire (`identified`).
    pub status: &'static str,
    /// Impact, as on the wire (`major`).
    pub impact: &'static str,
    /// Link to the incident or status page.
    pub url: Option<String>,
}

impl StatusChange {
    fn of(model: &Model) -> Self {
        Self {
            indicator: model.state.as_str(),
            description: model.description,
            incident: model.notices.first().map(|notice| IncidentSummary {
                id: notice.id.clone(),
                name: notice.title.clone(),
                status: notice.status.as_str(),
                impact: notice.impact.as_str(),
                url: notice.link.clone(),
            }),
        }
    }
}

/// Everything a drawing depends on.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Input {
    /// What has been loaded so far.
    pub state: FeedState,
    /// Appearance, position, theme, filter, link and dismissibility.
    pub options: Options,
    /// The visitor's languages, most wanted first; English when none is supported.
    pub languages: Vec<String>,
    /// The current time in ms since the epoch, for relative times and staleness.
    pub now: f64,
}

/// Receives each new status.
pub type OnChange = Box<dyn Fn(&StatusChange)>;

type ClickListener = Closure<dyn FnMut(Event)>;

/// A widget drawn into `root`; [`Display::stop`] removes its listener and content.
#[derive(Clone)]
pub struct Display {
    shared: Rc<Shared>,
}

struct Shared {
    root: Element,
    on_change: Option<OnChange>,
    input: RefCell<Input>,
    /// `key=revision` of notices dismissed in this page view (storage may be unavailable).
    dismissed: RefCell<Vec<String>>,
    /// Storage key and revision of the notice on screen, for its dismiss button.
    shown: RefCell<Option<(String, String)>>,
    reported: RefCell<Option<StatusChange>>,
    on_click: RefCell<Option<ClickListener>>,
}

impl Display {
    /// Draws into `root` from now on; `on_change` hears every change of status.
    pub fn new(root: Element, on_change: Option<OnChange>) -> Self {
        let shared = Rc::new(Shared {
            root,
            on_change,
            input: RefCell::default(),
            dismissed: RefCell::default(),
            shown: RefCell::default(),
            reported: RefCell::default(),
            on_click: RefCell::default(),
        });
        // One listener on the root serves every dismiss button the root will ever hold.
        let weak: Weak<Shared> = Rc::downgrade(&shared);
        let on_click = ClickListener::new(move |event: Event| {
            let on_dismiss = event
                .target()
                .and_then(|target| target.dyn_into::<Element>().ok())
                .and_then(|target| target.closest(".dismiss").ok().flatten())
                .is_some();
            if let (true, Some(shared)) = (on_dismiss, weak.upgrade()) {
                Display { shared }.dismiss_shown();
            }
        });
        let _ = shared.root.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
        shared.on_click.replace(Some(on_click));
        Self { shared }
    }

    /// Draws `input`, and reports the status if it changed.
    pub fn show(&self, input: Input) {
        self.shared.input.replace(input);
        self.draw();
    }

    /// Removes the listener and everything drawn.
    pub fn stop(&self) {
        let shared = &self.shared;
        if let Some(on_click) = shared.on_click.take() {
            let _ = shared.root.remove_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
        }
        shared.root.set_text_content(None);
    }

    fn draw(&self) {
        let shared = &self.shared;
        let Some(document) = shared.root.owner_document() else { return };
        let input = shared.input.borrow();
        let locale = locale_for(&input.languages);
        let model = build(&input.state, &input.options, locale, &input.languages, input.now);
        let feed = summary_url(&input.options.feed);
        let visible = self.visible(&model, &feed);
        shared.shown.replace(visible.first().map(|top| (dismiss::key(&feed, &top.id), top.revision.clone())));
        let fresh = draw_root(&Builder(document), &model, &visible, &input.options, locale);
        drop(input);
        if let Some(fresh) = fresh {
            patch::element(&shared.root, &fresh);
        }

        let change = StatusChange::of(&model);
        if shared.reported.borrow().as_ref() != Some(&change) {
            shared.reported.replace(Some(change.clone()));
            // Last: a listener may draw again.
            if let Some(on_change) = &shared.on_change {
                on_change(&change);
            }
        }
    }

    /// The notices not dismissed, in this page view or an earlier one at the same revision.
    fn visible(&self, model: &Model, feed_url: &str) -> Vec<NoticeView> {
        let session = self.shared.dismissed.borrow();
        model
            .notices
            .iter()
            .filter(|notice| {
                let key = dismiss::key(feed_url, &notice.id);
                !session.contains(&format!("{key}={}", notice.revision))
                    && dismiss::load(&key).as_deref() != Some(notice.revision.as_str())
            })
            .cloned()
            .collect()
    }

    fn dismiss_shown(&self) {
        let Some((key, revision)) = self.shared.shown.take() else { return };
        dismiss::save(&key, &revision);
        self.shared.dismissed.borrow_mut().push(format!("{key}={revision}"));
        self.draw();
    }
}

/// Creates elements in one document.
struct Builder(Document);

impl Builder {
    /// A `tag` element with `attributes`, empty values left out (absent parts are not drawn).
    /// `None` only for an invalid tag name, and every tag here is a valid literal.
    fn element(&self, tag: &str, attributes: &[(&str, &str)]) -> Option<Element> {
        let element = self.0.create_element(tag).ok()?;
        for (name, value) in attributes {
            if !value.is_empty() {
                let _ = element.set_attribute(name, value);
            }
        }
        Some(element)
    }

    /// Like [`Builder::element`], with `text` as its only child.
    fn text(&self, tag: &str, attributes: &[(&str, &str)], text: &str) -> Option<Element> {
        let element = self.element(tag, attributes)?;
        element.set_text_content(Some(text));
        Some(element)
    }
}

fn append(parent: &Element, children: &[&Element]) {
    for child in children {
        let _ = parent.append_child(child);
    }
}

/// The root: a persistent live region. Critical incidents interrupt (`alert`);
/// everything else waits its turn (`status`).
fn draw_root(
    dom: &Builder,
    model: &Model,
    visible: &[NoticeView],
    options: &Options,
    locale: &'static Locale,
) -> Option<Element> {
    let shows_notices = options.appearance.shows_notices();
    // Badge and inline sit in the host's line of text; popup and banner are boxes.
    let flow = match options.appearance {
        Appearance::Inline => " flow inline",
        Appearance::Badge => " flow",
        Appearance::Popup | Appearance::Banner => "",
    };
    let role = match model.state {
        HostState::Loaded(status_feed::Impact::Critical) if shows_notices => "alert",
        _ => "status",
    };
    let class = format!("sw {}{flow}", options.theme.class());
    let root = dom.element(
        "div",
        &[("class", &class), ("dir", if locale.rtl { "rtl" } else { "ltr" }), ("lang", locale.tag), ("role", role)],
    )?;
    let content = if shows_notices {
        notice_card(dom, visible, model, options, locale)
    } else {
        overall_status(dom, model, options.appearance, locale)
    };
    if let Some(content) = content {
        append(&root, &[&content]);
    }
    Some(root)
}

/// The popup or banner card for the first visible notice, or nothing.
fn notice_card(
    dom: &Builder,
    notices: &[NoticeView],
    model: &Model,
    options: &Options,
    locale: &'static Locale,
) -> Option<Element> {
    let top = notices.first()?;
    let strings = locale.strings;
    let class =
        format!("notice {} {} {}", options.appearance.class(), options.position.class(), severity_class(top.impact));
    let card = dom.element("section", &[("part", "container"), ("class", &class), ("aria-label", top.severity)])?;
    let icon = dom.element("span", &[("part", "indicator"), ("class", "icon"), ("aria-hidden", "true")])?;
    let content = dom.element("div", &[("class", "content")])?;

    let meta = dom.element("p", &[("class", "meta")])?;
    append(&meta, &[&dom.text("strong", &[("class", "severity")], top.severity)?]);
    if !top.stage.is_empty() {
        let _ = meta.append_with_str_1(" · ");
        append(&meta, &[&dom.text("span", &[("class", "stage")], top.stage)?]);
    }
    if !top.time_text.is_empty() {
        let _ = meta.append_with_str_1(" · ");
        let time = dom.text(
            "time",
            &[("part", "time"), ("datetime", &top.time_iso), ("title", &top.time_title)],
            &top.time_text,
        )?;
        append(&meta, &[&time]);
    }
    append(&content, &[&meta, &dom.text("p", &[("part", "title"), ("class", "title"), ("dir", "auto")], &top.title)?]);
    if !top.message.is_empty() {
        append(
            &content,
            &[&dom.text("p", &[("part", "message"), ("class", "message"), ("dir", "auto")], &top.message)?],
        );
    }
    if model.stale {
        append(&content, &[&dom.text("p", &[("class", "stale")], strings.stale)?]);
    }
    let links = dom.element("p", &[("class", "links")])?;
    if let Some(href) = &top.link {
        append(&links, &[&external_link(dom, &[("part", "link"), ("href", href)], strings.view_status_page)?]);
    }
    if notices.len() > 1 {
        let more = fill(strings.more, &(notices.len() - 1).to_string());
        let href = model.page_link.as_deref().unwrap_or_default();
        append(&links, &[&external_link(dom, &[("class", "more"), ("href", href)], &more)?]);
    }
    append(&content, &[&links]);
    append(&card, &[&icon, &content]);

    if options.dismissible.unwrap_or(true) {
        let button = dom.element(
            "button",
            &[
                ("part", "dismiss"),
                ("class", "dismiss"),
                ("type", "button"),
                ("aria-label", strings.dismiss),
                ("title", strings.dismiss),
            ],
        )?;
        append(&button, &[&dom.text("span", &[("aria-hidden", "true")], "×")?]);
        append(&card, &[&button]);
    }
    Some(card)
}

/// The badge or inline text: icon and the overall status in words.
fn overall_status(dom: &Builder, model: &Model, appearance: Appearance, locale: &'static Locale) -> Option<Element> {
    let text = match model.state {
        HostState::Loaded(status_feed::Impact::None) if model.stale => locale.strings.stale,
        _ => model.description,
    };
    let class = format!("{} {}", appearance.class(), overall_class(model));
    let href = model.page_link.as_deref().unwrap_or_default();
    let link = dom.element(
        "a",
        &[
            ("part", "container"),
            ("class", &class),
            ("href", href),
            ("target", "_blank"),
            ("rel", "noopener noreferrer"),
        ],
    )?;
    let icon = dom.element("span", &[("part", "indicator"), ("class", "icon"), ("aria-hidden", "true")])?;
    append(&link, &[&icon, &dom.text("span", &[("part", "title")], text)?]);
    Some(link)
}

/// A link to the status page, opened in a new tab that cannot reach back to the host.
fn external_link(dom: &Builder, attributes: &[(&str, &str)], text: &str) -> Option<Element> {
    let link = dom.text("a", attributes, text)?;
    let _ = link.set_attribute("target", "_blank");
    let _ = link.set_attribute("rel", "noopener noreferrer");
    Some(link)
}
