//! The widget as visitors meet it, in real headless Chromium: what a screen reader
//! hears and when, where keyboard focus goes, the promised next update, a notice that
//! was resolved while on screen, links, theme and placement that follow the host page.
//! Assertions are on roles, parts, text, focus and computed styles, not on markup.
#![cfg(target_arch = "wasm32")]

use std::sync::Arc;

use leptos::prelude::*;
use status_widget::model::{FeedState, Options};
use status_widget::{parse_summary, Appearance, StatusView};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, ShadowRoot};

wasm_bindgen_test_configure!(run_in_browser);

const NOW: &str = "2024-05-10T12:00:00Z";

fn now_ms() -> f64 {
    status_feed::Timestamp::parse(NOW).expect("valid").unix_ms() as f64
}

fn document() -> web_sys::Document {
    web_sys::window().and_then(|w| w.document()).expect("a document")
}

/// Lets effects run and the page render (the live regions speak only after a rendering).
async fn tick() {
    // Twice: the widget starts waiting for its own rendering only once its effects ran.
    rendered().await;
    rendered().await;
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().expect("window").set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0).ok();
    });
    JsFuture::from(promise).await.expect("ticked");
}

include!("support/rendered.rs");

/// Forgets every dismissal, so each test starts (and leaves) with none remembered.
fn clear_dismissals() {
    let _ = web_sys::window().and_then(|w| w.local_storage().ok().flatten()).map(|s| s.clear());
}

fn state(json: &str) -> FeedState {
    FeedState { last_good: Some((Arc::new(parse_summary(json).expect("feed")), now_ms())), error: None }
}

fn minor() -> &'static str {
    include_str!("../../feed/tests/fixtures/minor_incident.json")
}

/// The minor fixture with a second update, posted at `at`, that promises the next one at `next`.
fn minor_with_update(at: &str, next: &str, body: &str) -> String {
    let mut feed: serde_json::Value = serde_json::from_str(minor()).expect("fixture");
    let updates = feed["incidents"][0]["incident_updates"].as_array_mut().expect("updates");
    let mut update = updates[0].clone();
    update["id"] = "u-new".into();
    update["status"] = "identified".into();
    update["body"] = body.into();
    update["created_at"] = at.into();
    update["display_at"] = at.into();
    update["next_update_at"] = next.into();
    updates.insert(0, update);
    feed.to_string()
}

/// A `StatusView` driven by the test's own signals, in a host `div` with `style`.
struct View {
    host: HtmlElement,
    root: ShadowRoot,
    state: RwSignal<FeedState>,
    options: RwSignal<Options>,
    languages: RwSignal<Vec<String>>,
    now: RwSignal<f64>,
    _handle: Box<dyn std::any::Any>,
}

fn mount(json: &str, appearance: Appearance, host_attributes: &[(&str, &str)]) -> View {
    mount_in(&document().body().expect("body"), json, appearance, host_attributes)
}

/// [`mount`], in a host `div` appended to `parent` (a host page's shadow root, say).
fn mount_in(parent: &web_sys::Node, json: &str, appearance: Appearance, host_attributes: &[(&str, &str)]) -> View {
    let host = element("div", host_attributes);
    parent.append_child(&host).expect("appended");
    let state = RwSignal::new(state(json));
    // A feed URL of its own: dismissals are remembered per feed, and tests run concurrently.
    static MOUNTS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let feed = format!("https://status.acme.test/{}", MOUNTS.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
    let options = RwSignal::new(Options { feed, appearance, ..Options::default() });
    let languages = RwSignal::new(vec!["en".to_owned()]);
    let now = RwSignal::new(now_ms());
    let handle = leptos::mount::mount_to(host.clone(), move || {
        view! { <StatusView state=state options=options languages=languages now=now /> }
    });
    let root = host.first_element_child().and_then(|child| child.shadow_root()).expect("open shadow root");
    View { host, root, state, options, languages, now, _handle: Box::new(handle) }
}

/// A new element with `attributes`, not yet in the page.
fn element(tag: &str, attributes: &[(&str, &str)]) -> HtmlElement {
    let element: HtmlElement = document().create_element(tag).expect("element").unchecked_into();
    for (name, value) in attributes {
        element.set_attribute(name, value).expect("attribute");
    }
    element
}

/// [`element`], appended to the page's body: a host page's own control.
fn on_page(tag: &str, attributes: &[(&str, &str)]) -> HtmlElement {
    let element = element(tag, attributes);
    document().body().expect("body").append_child(&element).expect("appended");
    element
}

/// Whether the middle of `of` is inside `by` (both as the viewport sees them).
fn middle_under(of: &web_sys::DomRect, by: &web_sys::DomRect) -> bool {
    let (x, y) = ((of.left() + of.right()) / 2.0, (of.top() + of.bottom()) / 2.0);
    by.left() <= x && x <= by.right() && by.top() <= y && y <= by.bottom()
}

fn part(root: &ShadowRoot, name: &str) -> Option<Element> {
    root.query_selector(&format!("[part~=\"{name}\"]")).ok().flatten()
}

fn text(root: &ShadowRoot, name: &str) -> Option<String> {
    part(root, name).and_then(|el| el.text_content())
}

fn region(root: &ShadowRoot, role: &str) -> String {
    root.query_selector(&format!("[role={role}]")).ok().flatten().and_then(|el| el.text_content()).unwrap_or_default()
}

fn computed(element: &Element, property: &str) -> String {
    web_sys::window()
        .and_then(|w| w.get_computed_style(element).ok().flatten())
        .and_then(|style| style.get_property_value(property).ok())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn the_card_is_no_live_region_and_is_announced_once_until_the_update_changes() {
    let view = mount(minor(), Appearance::Popup, &[]);
    tick().await;
    let card = part(&view.root, "container").unwrap_or_else(|| panic!("no card in {}", view.root.inner_html()));
    assert!(
        card.closest("[role=status], [role=alert], [aria-live]").ok().flatten().is_none(),
        "card is no live region"
    );
    let heard = region(&view.root, "status");
    assert!(heard.contains("Minor incident") && heard.contains("Slow API responses"), "{heard}");
    assert!(!heard.contains("ago"), "no relative time in the announcement: {heard}");
    let region_text = view.root.query_selector("[role=status]").ok().flatten().and_then(|el| el.first_child());

    // An hour later the card says "2 hours ago"; the announcement is untouched.
    view.now.set(now_ms() + 3_600_000.0);
    tick().await;
    assert_eq!(text(&view.root, "time").as_deref(), Some("2 hours ago"));
    assert_eq!(region(&view.root, "status"), heard);
    let same_node = view.root.query_selector("[role=status]").ok().flatten().and_then(|el| el.first_child());
    assert!(same_node.is_some_and(|node| region_text.is_some_and(|before| node.is_same_node(Some(&before)))));

    // A new update changes it.
    view.state.set(state(&minor_with_update("2024-05-10T11:50:00Z", "2024-05-10T12:30:00Z", "Cause found.")));
    tick().await;
    assert!(region(&view.root, "status").contains("Cause found."), "{}", region(&view.root, "status"));
    assert_eq!(region(&view.root, "alert"), "");
}

/// Screen readers announce a change to a live region they already know, not a region
/// inserted with its words: the regions are on the page, silent, until it has rendered.
#[wasm_bindgen_test]
async fn the_live_regions_are_rendered_silent_before_their_first_words() {
    let view = mount(minor(), Appearance::Popup, &[]);
    // Effects and the view's updates run as microtasks: give them every chance.
    for _ in 0..20 {
        JsFuture::from(js_sys::Promise::resolve(&wasm_bindgen::JsValue::NULL)).await.expect("microtask");
    }
    assert!(part(&view.root, "container").is_some(), "the card is drawn at once");
    assert!(view.root.query_selector("[role=status]").ok().flatten().is_some(), "the region is in the page");
    assert_eq!(region(&view.root, "status"), "", "silent before the page has rendered");
    rendered().await;
    tick().await;
    assert!(region(&view.root, "status").contains("Slow API responses"), "then heard");
}

/// Inline status is drawn on the host's own background: with `theme="auto"` on a page
/// that declares no colour scheme, its palette follows the host's text, not the
/// visitor's preference (dark-theme colours on a white page failed 3:1 contrast).
#[wasm_bindgen_test]
async fn inline_status_takes_its_palette_from_the_host_s_text() {
    let theme_of = |view: &View| {
        let root = view.root.query_selector(".sw").ok().flatten().expect("the root");
        ["theme-auto", "theme-light", "theme-dark"].into_iter().find(|class| root.class_list().contains(class))
    };
    let dark_text = mount(minor(), Appearance::Inline, &[("style", "color: rgb(31, 35, 40)")]);
    let light_text = mount(minor(), Appearance::Inline, &[("style", "color: rgba(240, 240, 240, 0.9)")]);
    let badge = mount(minor(), Appearance::Badge, &[("style", "color: rgb(31, 35, 40)")]);
    tick().await;
    assert_eq!(theme_of(&dark_text), Some("theme-light"));
    assert_eq!(theme_of(&light_text), Some("theme-dark"));
    assert_eq!(theme_of(&badge), Some("theme-auto"), "a badge draws its own background");
}

#[wasm_bindgen_test]
async fn announcements_end_sentences_as_the_language_does() {
    // The update's own text ends with a full stop: the next part follows it with no second one.
    let view = mount(
        &minor_with_update("2024-05-10T11:50:00Z", "2024-05-10T12:30:00Z", "Cause found."),
        Appearance::Popup,
        &[],
    );
    tick().await;
    let heard = region(&view.root, "status");
    assert!(heard.contains(". ") && heard.contains("Cause found. Next update by") && !heard.contains(".."), "{heard}");
    view.languages.set(vec!["ja".to_owned()]);
    tick().await;
    let heard = region(&view.root, "status");
    assert!(heard.contains("。") && !heard.contains(". ") && !heard.contains("。。"), "{heard}");
}

#[wasm_bindgen_test]
async fn critical_incidents_interrupt_everything_else_waits() {
    let view =
        mount(include_str!("../../feed/tests/fixtures/critical_under_indicator_none.json"), Appearance::Banner, &[]);
    tick().await;
    assert!(!region(&view.root, "alert").is_empty(), "assertive");
    assert_eq!(region(&view.root, "status"), "");
}

#[wasm_bindgen_test]
async fn badges_announce_changes_not_their_first_paint() {
    let view = mount(include_str!("../../feed/tests/fixtures/all_operational.json"), Appearance::Badge, &[]);
    tick().await;
    assert_eq!(text(&view.root, "title").as_deref(), Some("All Systems Operational"));
    assert_eq!(region(&view.root, "status"), "", "first paint is not announced");
    view.state.set(state(minor()));
    tick().await;
    assert_eq!(region(&view.root, "status"), "Minor Service Outage");
    // A change to critical interrupts, as a card's critical notice does.
    view.state.set(state(include_str!("../../feed/tests/fixtures/critical_under_indicator_none.json")));
    tick().await;
    assert_eq!(region(&view.root, "status"), "");
    assert!(!region(&view.root, "alert").is_empty(), "assertive");
}

#[wasm_bindgen_test]
async fn dismissing_the_last_notice_gives_focus_back_to_where_it_was() {
    clear_dismissals();
    let page_button = on_page("button", &[]);
    page_button.set_text_content(Some("Host page button"));
    let view = mount(minor(), Appearance::Popup, &[]);
    tick().await;
    page_button.focus().expect("focus");
    let dismiss: HtmlElement = part(&view.root, "dismiss").expect("dismiss").unchecked_into();
    dismiss.focus().expect("focus moves into the widget");
    dismiss.click();
    tick().await;
    assert!(part(&view.root, "container").is_none(), "dismissed");
    assert!(document().active_element().is_some_and(|el| el.is_same_node(Some(&page_button))), "focus returned");
    clear_dismissals();
}

#[wasm_bindgen_test]
async fn a_notice_that_leaves_the_feed_while_its_button_has_focus_gives_focus_back_too() {
    // Maintenance to come, called off while a keyboard user is on its dismiss button: the
    // card goes without a word, and focus goes where it came from, not to the body.
    clear_dismissals();
    let page_link = on_page("a", &[("href", "#")]);
    page_link.set_text_content(Some("Host link"));
    let view = mount(include_str!("../../feed/tests/fixtures/maintenance_upcoming.json"), Appearance::Popup, &[]);
    tick().await;
    page_link.focus().expect("focus");
    let dismiss: HtmlElement = part(&view.root, "dismiss").expect("dismiss").unchecked_into();
    dismiss.focus().expect("focus moves into the widget");
    view.state.set(state(include_str!("../../feed/tests/fixtures/all_operational.json")));
    tick().await;
    let gone = part(&view.root, "container").is_none();
    let returned = document().active_element().is_some_and(|el| el.is_same_node(Some(&page_link)));
    page_link.remove();
    assert!(gone, "the card left");
    assert!(returned, "focus went back to the host link");
    clear_dismissals();
}

#[wasm_bindgen_test]
async fn dismissing_never_scrolls_the_page() {
    // The popup's host is at the end of a long page; focus came from nothing (a click on ×).
    clear_dismissals();
    let spacer = on_page("div", &[("style", "height: 400vh")]);
    let view = mount(minor(), Appearance::Popup, &[]);
    tick().await;
    let window = web_sys::window().expect("window");
    let viewport = window.inner_height().ok().and_then(|h| h.as_f64()).expect("height");
    window.scroll_to_with_x_and_y(0.0, viewport);
    let dismiss: HtmlElement = part(&view.root, "dismiss").expect("dismiss").unchecked_into();
    dismiss.focus().expect("focus");
    dismiss.click();
    tick().await;
    let scrolled = window.scroll_y().expect("scroll position");
    let focus_in_widget = document().active_element().is_some_and(|el| el.is_same_node(Some(&view.host)))
        || view.root.active_element().is_some();
    window.scroll_to_with_x_and_y(0.0, 0.0);
    spacer.remove();
    assert!(part(&view.root, "container").is_none(), "dismissed");
    assert_eq!(scrolled, viewport, "the page stays where the visitor was");
    assert!(focus_in_widget, "focus is kept, on the widget, not dropped to the body");
    clear_dismissals();
}

#[wasm_bindgen_test]
async fn dismissing_one_of_several_notices_keeps_focus_on_the_next_ones_button() {
    clear_dismissals();
    let view =
        mount(include_str!("../../feed/tests/fixtures/major_many_updates_out_of_order.json"), Appearance::Popup, &[]);
    tick().await;
    let first_title = text(&view.root, "title");
    let dismiss: HtmlElement = part(&view.root, "dismiss").expect("dismiss").unchecked_into();
    dismiss.focus().expect("focus");
    dismiss.click();
    tick().await;
    assert_ne!(text(&view.root, "title"), first_title, "the next notice is shown");
    let focused = view.root.active_element().expect("focus stays in the widget");
    assert_eq!(focused.get_attribute("part").as_deref(), Some("dismiss"), "on the next notice's control");
    clear_dismissals();
}

#[wasm_bindgen_test]
async fn a_popup_steps_aside_while_the_host_s_focused_control_is_under_it() {
    clear_dismissals();
    let view = mount(minor(), Appearance::Popup, &[]);
    tick().await;
    let card = || part(&view.root, "container").expect("card");
    // After the slide-in animation, which starts see-through (up to 5 s on a loaded machine).
    for _ in 0..50 {
        if computed(&card(), "opacity") == "1" {
            break;
        }
        let later = js_sys::Promise::new(&mut |resolve, _| {
            let window = web_sys::window().expect("window");
            window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 100).expect("timer");
        });
        JsFuture::from(later).await.expect("waited");
    }
    let rect = card().get_bounding_client_rect();
    // Host buttons where a page puts them: one under the middle of the card, one clear of it.
    let button = |left: f64, top: f64| {
        let style = format!("position: fixed; left: {left}px; top: {top}px; width: 40px; height: 20px");
        on_page("button", &[("style", &style)])
    };
    let under = button(rect.left() + rect.width() / 2.0 - 20.0, rect.top() + rect.height() / 2.0 - 10.0);
    let clear = button(0.0, 0.0);
    let shown = || (computed(&card(), "opacity"), computed(&card(), "pointer-events"));
    let (visible, aside) = (("1".to_owned(), "auto".to_owned()), ("0".to_owned(), "none".to_owned()));
    assert_eq!(shown(), visible);
    under.focus().expect("focus");
    tick().await;
    assert_eq!(shown(), aside, "see-through and click-through while the button under it has focus");
    clear.focus().expect("focus");
    tick().await;
    assert_eq!(shown(), visible, "back once focus moves on");
    under.focus().expect("focus");
    tick().await;
    assert_eq!(shown(), aside, "and aside again");
    under.blur().expect("blur");
    tick().await;
    assert_eq!(shown(), visible, "back when focus leaves for nothing (a click on the page's background)");
    under.focus().expect("focus");
    tick().await;
    assert_eq!(shown(), aside);
    // Still in the tab order: the next Tab reaches its controls, and it comes back.
    let dismiss: HtmlElement = part(&view.root, "dismiss").expect("dismiss").unchecked_into();
    dismiss.focus().expect("focus");
    tick().await;
    assert!(view.root.active_element().is_some_and(|el| el.is_same_node(Some(&dismiss))), "focusable while aside");
    assert_eq!(shown(), visible, "back with focus in it");
    under.remove();
    clear.remove();
}

#[wasm_bindgen_test]
async fn a_popup_that_appears_over_the_host_s_focused_control_steps_aside_at_once() {
    clear_dismissals();
    // A visitor typing in a field in the popup's corner when an incident arrives: focus does
    // not move, so only the popup's arrival can decide it.
    let field =
        on_page("input", &[("style", "position: fixed; right: 140px; bottom: 60px; width: 40px; height: 20px")]);
    field.focus().expect("focus");
    let view = mount(include_str!("../../feed/tests/fixtures/all_operational.json"), Appearance::Popup, &[]);
    tick().await;
    assert!(part(&view.root, "container").is_none(), "all clear: nothing drawn");
    view.state.set(state(minor()));
    tick().await;
    let card = part(&view.root, "container").expect("the incident's card");
    let (of, by) = (field.get_bounding_client_rect(), card.get_bounding_client_rect());
    assert!(middle_under(&of, &by), "the field's middle is under it");
    assert_eq!(computed(&card, "pointer-events"), "none", "click-through from its first frame");
    assert!(document().active_element().is_some_and(|el| el.is_same_node(Some(&field))), "focus stays in the field");
    drop(view);
    field.remove();
    clear_dismissals();
}

#[wasm_bindgen_test]
async fn a_badge_made_a_popup_steps_aside_too() {
    clear_dismissals();
    // A badge listens to no focus change; once made a popup, it does.
    let view = mount(minor(), Appearance::Badge, &[]);
    tick().await;
    view.options.update(|options| options.appearance = Appearance::Popup);
    tick().await;
    let card = part(&view.root, "container").expect("card");
    let rect = card.get_bounding_client_rect();
    let (left, top) = (rect.left() + rect.width() / 2.0 - 20.0, rect.top() + rect.height() / 2.0 - 10.0);
    let style = format!("position: fixed; left: {left}px; top: {top}px; width: 40px; height: 20px");
    let button = on_page("button", &[("style", &style)]);
    button.focus().expect("focus");
    tick().await;
    let events = computed(&card, "pointer-events");
    button.remove();
    assert_eq!(events, "none", "aside while the button under it has focus");
    drop(view);
    clear_dismissals();
}

#[wasm_bindgen_test]
async fn a_scroll_that_brings_the_focused_control_under_the_popup_or_out_decides_again() {
    scroll_under_the_popup_and_out(false).await;
}

#[wasm_bindgen_test]
async fn a_scroll_inside_the_page_that_brings_the_focused_control_under_the_popup_decides_again() {
    // An app whose content scrolls in its own element (the document itself never scrolls):
    // its scroll events do not bubble to the document.
    scroll_under_the_popup_and_out(true).await;
}

/// A page taller than the window, scrolled one window down, with a link in the popup's
/// column half a window above the card's middle (in view, clear of it), focused; then half
/// a window up, which moves the link under the card, and back. The page itself scrolls,
/// or (`in_element`) a full-window element of the page does.
async fn scroll_under_the_popup_and_out(in_element: bool) {
    clear_dismissals();
    let view = mount(minor(), Appearance::Popup, &[]);
    tick().await;
    let card = part(&view.root, "container").expect("card");
    let rect = card.get_bounding_client_rect();
    let window = web_sys::window().expect("window");
    let viewport = window.inner_height().ok().and_then(|h| h.as_f64()).expect("height");
    let middle = rect.top() + rect.height() / 2.0;
    let under = |of: &web_sys::DomRect| middle_under(of, &rect);
    let own_scroll: &[(&str, &str)] = &[("style", "position: fixed; inset: 0; overflow: auto")];
    let scroller = element("main", if in_element { own_scroll } else { &[] });
    let top = viewport + middle - viewport / 2.0 - 10.0;
    let style = format!("position: absolute; left: {}px; top: {top}px; width: 40px; height: 20px", rect.left() + 20.0);
    let link = element("a", &[("href", "#"), ("style", &style)]);
    link.set_text_content(Some("Host link"));
    scroller.append_child(&element("div", &[("style", "height: 400vh")])).expect("appended");
    scroller.append_child(&link).expect("appended");
    document().body().expect("body").append_child(&scroller).expect("appended");
    let scroll_to = |y: f64| {
        if in_element {
            scroller.set_scroll_top(y as i32);
        } else {
            window.scroll_to_with_x_and_y(0.0, y);
        }
    };
    scroll_to(viewport);
    link.focus().expect("focus");
    tick().await;
    let clear = (under(&link.get_bounding_client_rect()), computed(&card, "pointer-events"));
    // Half a window up: the page moves down under the fixed popup, and the link with it.
    scroll_to(viewport / 2.0);
    tick().await;
    let scrolled = (under(&link.get_bounding_client_rect()), computed(&card, "pointer-events"));
    scroll_to(viewport);
    tick().await;
    let back = (under(&link.get_bounding_client_rect()), computed(&card, "pointer-events"));
    let focused = document().active_element().is_some_and(|el| el.is_same_node(Some(&link)));
    scroll_to(0.0);
    scroller.remove();
    assert!(focused, "the link kept focus throughout");
    assert_eq!(clear, (false, "auto".to_owned()), "the focused link clear of the popup: it stays");
    assert_eq!(scrolled, (true, "none".to_owned()), "scrolled under it: it steps aside");
    assert_eq!(back, (false, "auto".to_owned()), "scrolled out again: it comes back");
    drop(view);
    clear_dismissals();
}

#[wasm_bindgen_test]
async fn with_nothing_focused_a_popup_stays_whatever_it_covers() {
    clear_dismissals();
    // Nothing has focus: the document's active element is then its body, which is no
    // control, wherever its middle is (a phone's sheet covers the middle of a long body).
    if let Some(focused) = document().active_element() {
        focused.unchecked_into::<HtmlElement>().blur().expect("blur");
    }
    let body = document().body().expect("body");
    let style = body.get_attribute("style");
    body.set_attribute("style", "position: absolute; left: 60vw; top: 70vh; width: 20vw; height: 20vh").expect("style");
    let view = mount(include_str!("../../feed/tests/fixtures/all_operational.json"), Appearance::Popup, &[]);
    tick().await;
    view.state.set(state(minor()));
    tick().await;
    let card = part(&view.root, "container").expect("the incident's card");
    let under = middle_under(&body.get_bounding_client_rect(), &card.get_bounding_client_rect());
    let pointer_events = computed(&card, "pointer-events");
    match style {
        Some(style) => body.set_attribute("style", &style).expect("style"),
        None => body.remove_attribute("style").expect("style"),
    }
    assert!(document().active_element().is_some_and(|el| el.is_same_node(Some(&body))), "nothing focused");
    assert!(under, "the body's middle is under the card");
    assert_eq!(pointer_events, "auto", "the popup stays");
    drop(view);
    clear_dismissals();
}

#[wasm_bindgen_test]
async fn a_popup_inside_a_host_s_shadow_root_stays_while_focus_is_in_it() {
    clear_dismissals();
    // A host component (a shadow root) under the popup's corner holds the widget: seen from
    // the document, focus in the popup is focus on that component.
    let outer = on_page("div", &[("style", "position: fixed; right: 0; bottom: 0; width: 360px; height: 160px")]);
    let shadow = outer.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open)).expect("shadow");
    let view = mount_in(&shadow, minor(), Appearance::Popup, &[]);
    tick().await;
    let root = &view.root;
    let dismiss: HtmlElement = part(root, "dismiss").expect("dismiss").unchecked_into();
    dismiss.focus().expect("focus");
    tick().await;
    assert!(
        document().active_element().is_some_and(|el| el.is_same_node(Some(&outer))),
        "the outer host, seen from outside"
    );
    let card = part(root, "container").expect("card");
    let (of, by) = (outer.get_bounding_client_rect(), card.get_bounding_client_rect());
    assert!(middle_under(&of, &by), "the outer host's middle is under it");
    assert_eq!(computed(&card, "pointer-events"), "auto", "not aside while it holds focus");
    drop(view);
    outer.remove();
    clear_dismissals();
}

#[wasm_bindgen_test]
async fn with_nowhere_to_go_back_focus_goes_to_the_host_element() {
    clear_dismissals();
    let view = mount(minor(), Appearance::Banner, &[]);
    tick().await;
    if let Some(active) = document().active_element().and_then(|el| el.dyn_into::<HtmlElement>().ok()) {
        active.blur().ok();
    }
    let dismiss: HtmlElement = part(&view.root, "dismiss").expect("dismiss").unchecked_into();
    dismiss.click();
    tick().await;
    let component_host = view.host.first_element_child().expect("component host");
    let active = document().active_element().expect("something has focus");
    assert!(active.is_same_node(Some(&component_host)), "focus on the host, not <body>: {}", active.tag_name());
    clear_dismissals();
}

#[wasm_bindgen_test]
async fn a_promised_update_is_shown_with_its_time_then_as_overdue() {
    let view = mount(
        &minor_with_update("2024-05-10T11:50:00Z", "2024-05-10T12:30:00Z", "Still working on it."),
        Appearance::Popup,
        &[],
    );
    tick().await;
    let next = text(&view.root, "next-update").expect("next update shown");
    assert!(next.starts_with("Next update by ") && next.contains(':'), "{next}");
    assert!(region(&view.root, "status").contains(&next), "announced with the notice");
    view.now.set(now_ms() + 31.0 * 60_000.0);
    tick().await;
    assert_eq!(text(&view.root, "next-update").as_deref(), Some("Update overdue"));
    view.languages.set(vec!["de".to_owned()]);
    tick().await;
    assert_eq!(text(&view.root, "next-update").as_deref(), Some("Update überfällig"));
    view.languages.set(vec!["en".to_owned()]);
    // Promised for tomorrow morning: a time of day alone would read as overdue today.
    view.state.set(state(&minor_with_update(
        "2024-05-10T11:50:00Z",
        "2024-05-11T08:00:00Z",
        "Fix rolls out overnight.",
    )));
    tick().await;
    let next = text(&view.root, "next-update").expect("next update shown");
    assert!(next.starts_with("Next update by May 11, 2024, "), "{next}");
}

/// What the browser's `Intl` writes for `at` in `tag` with `options` (pairs of strings).
fn intl_writes(tag: &str, options: &[(&str, &str)], at: &str) -> String {
    let object = js_sys::Object::new();
    for (key, value) in options {
        js_sys::Reflect::set(&object, &(*key).into(), &(*value).into()).expect("option set");
    }
    let format = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::of1(&tag.into()), &object).format();
    let date = js_sys::Date::new(&(status_feed::Timestamp::parse(at).expect("valid").unix_ms() as f64).into());
    format.call1(&wasm_bindgen::JsValue::NULL, &date).ok().and_then(|text| text.as_string()).expect("formatted")
}

#[wasm_bindgen_test]
async fn times_are_written_as_the_visitor_s_region_writes_them() {
    let (posted, promised) = ("2024-05-10T11:50:00Z", "2024-05-10T12:30:00Z");
    let view = mount(&minor_with_update(posted, promised, "Still working on it."), Appearance::Popup, &[]);
    let clock = [("hour", "numeric"), ("minute", "2-digit")];
    let absolute = [
        ("year", "numeric"),
        ("month", "short"),
        ("day", "numeric"),
        ("hour", "numeric"),
        ("minute", "2-digit"),
        ("timeZoneName", "shortOffset"),
    ];
    // A British reader: "14:30", not "2:30 PM"; "10 May 2024", not "May 10, 2024".
    // A Mexican one: "2:30 p.m.", where Spanish alone says "14:30".
    assert_ne!(intl_writes("en-GB", &clock, promised), intl_writes("en", &clock, promised));
    assert_ne!(intl_writes("es-MX", &clock, promised), intl_writes("es", &clock, promised));
    for (preferred, tag) in [("en-GB", "en-GB"), ("es-MX", "es-MX"), ("en_GB.UTF-8", "en"), ("en-US", "en")] {
        view.languages.set(vec![preferred.to_owned()]);
        tick().await;
        let next = text(&view.root, "next-update").expect("next update shown");
        assert!(next.ends_with(&intl_writes(tag, &clock, promised)), "{preferred}: {next}");
        let title = part(&view.root, "time").and_then(|time| time.get_attribute("title")).unwrap_or_default();
        assert_eq!(title, intl_writes(tag, &absolute, posted), "{preferred}");
    }
}

#[wasm_bindgen_test]
async fn a_notice_resolved_while_on_screen_says_resolved_for_the_rest_of_the_page_view() {
    clear_dismissals();
    let view = mount(minor(), Appearance::Popup, &[]);
    tick().await;
    assert_eq!(text(&view.root, "title").as_deref(), Some("Slow API responses"));
    view.state.set(state(include_str!("../../feed/tests/fixtures/all_operational.json")));
    tick().await;
    assert_eq!(text(&view.root, "title").as_deref(), Some("Slow API responses"), "not gone without a word");
    let card = part(&view.root, "container").expect("card");
    assert!(card.text_content().unwrap_or_default().contains("Resolved"));
    assert!(card.class_list().contains("sev-none"), "calm colour");
    assert!(region(&view.root, "status").starts_with("Resolved"), "{}", region(&view.root, "status"));
    let dismiss: HtmlElement = part(&view.root, "dismiss").expect("still dismissible").unchecked_into();
    dismiss.click();
    tick().await;
    assert!(part(&view.root, "container").is_none());
    clear_dismissals();
}

#[wasm_bindgen_test]
async fn after_an_outage_ends_its_resolution_is_on_top_not_an_earlier_one() {
    clear_dismissals();
    let view = mount(minor(), Appearance::Banner, &[]);
    tick().await;
    // The minor incident leaves the feed (resolved) as a critical one starts.
    let mut critical: serde_json::Value = serde_json::from_str(minor()).expect("fixture");
    critical["status"]["indicator"] = "critical".into();
    let incident = &mut critical["incidents"][0];
    incident["id"] = "inc-outage".into();
    incident["name"] = "Complete outage".into();
    incident["impact"] = "critical".into();
    view.state.set(state(&critical.to_string()));
    tick().await;
    assert_eq!(text(&view.root, "title").as_deref(), Some("Complete outage"));
    view.state.set(state(include_str!("../../feed/tests/fixtures/all_operational.json")));
    tick().await;
    assert_eq!(text(&view.root, "title").as_deref(), Some("Complete outage"), "the outage's end, not the minor one's");
    let said = region(&view.root, "status");
    assert!(said.starts_with("Resolved") && said.contains("Complete outage"), "{said}");
    clear_dismissals();
}

#[wasm_bindgen_test]
async fn maintenance_that_leaves_the_feed_while_under_way_says_completed() {
    clear_dismissals();
    let view =
        mount(include_str!("../../feed/tests/fixtures/maintenance_in_progress_by_window.json"), Appearance::Popup, &[]);
    tick().await;
    assert_eq!(text(&view.root, "title").as_deref(), Some("Storage migration"));
    view.state.set(state(include_str!("../../feed/tests/fixtures/all_operational.json")));
    tick().await;
    let card = part(&view.root, "container").expect("card").text_content().unwrap_or_default();
    assert!(card.contains("Completed") && !card.contains("Resolved"), "{card}");
    clear_dismissals();
}

/// `feed` with its first maintenance's window moved to `from`–`until`.
fn first_window_moved(feed: &serde_json::Value, from: &str, until: &str) -> String {
    let mut moved = feed.clone();
    let maintenance = &mut moved["scheduled_maintenances"][0];
    maintenance["scheduled_for"] = from.into();
    maintenance["scheduled_until"] = until.into();
    moved.to_string()
}

#[wasm_bindgen_test]
async fn maintenance_under_way_postponed_by_days_leaves_without_being_called_completed() {
    clear_dismissals();
    let fixture = include_str!("../../feed/tests/fixtures/maintenance_in_progress_by_window.json");
    let view = mount(fixture, Appearance::Popup, &[]);
    tick().await;
    assert_eq!(text(&view.root, "title").as_deref(), Some("Storage migration"));
    // Called off mid-window and planned again for next week: still to come, not completed.
    let feed: serde_json::Value = serde_json::from_str(fixture).expect("fixture");
    view.state.set(state(&first_window_moved(&feed, "2024-05-17T11:00:00.000Z", "2024-05-17T14:00:00.000Z")));
    tick().await;
    let shown = view.root.text_content().unwrap_or_default();
    assert!(!shown.contains("Storage migration") && !shown.contains("Completed"), "{shown}");
    clear_dismissals();
}

#[wasm_bindgen_test]
async fn maintenance_to_come_moved_a_week_away_leaves_without_being_called_resolved() {
    // The fixture with "Cache flush" (in 12 hours) as its only maintenance.
    let mut upcoming: serde_json::Value =
        serde_json::from_str(include_str!("../../feed/tests/fixtures/maintenance_upcoming.json")).expect("fixture");
    upcoming["scheduled_maintenances"].as_array_mut().expect("maintenances").retain(|m| m["name"] == "Cache flush");
    let view = mount(&upcoming.to_string(), Appearance::Popup, &[]);
    tick().await;
    assert_eq!(text(&view.root, "title").as_deref(), Some("Cache flush"));
    view.state.set(state(&first_window_moved(&upcoming, "2024-05-17T22:00:00.000Z", "2024-05-17T23:00:00.000Z")));
    tick().await;
    let shown = view.root.text_content().unwrap_or_default();
    assert!(!shown.contains("Cache flush") && !shown.contains("Resolved"), "{shown}");
}

#[wasm_bindgen_test]
async fn a_notice_a_new_components_filter_leaves_out_is_not_called_resolved() {
    let view = mount(minor(), Appearance::Popup, &[]);
    tick().await;
    assert_eq!(text(&view.root, "title").as_deref(), Some("Slow API responses"));
    // Still open in the feed: only the filter no longer shows it.
    view.options.update(|options| options.components = "Payments".to_owned());
    tick().await;
    assert!(part(&view.root, "container").is_none(), "{}", view.root.inner_html());
    assert!(!region(&view.root, "status").contains("Resolved"), "{}", region(&view.root, "status"));
    // Shown again when the filter takes it in again.
    view.options.update(|options| options.components = String::new());
    tick().await;
    assert_eq!(text(&view.root, "title").as_deref(), Some("Slow API responses"));
    assert!(!part(&view.root, "container")
        .and_then(|card| card.text_content())
        .unwrap_or_default()
        .contains("Resolved"));
}

#[wasm_bindgen_test]
async fn a_new_update_reads_now_not_this_minute() {
    let view = mount(minor(), Appearance::Popup, &[]);
    let update_at = status_feed::Timestamp::parse("2024-05-10T10:05:00.000Z").expect("valid").unix_ms() as f64;
    view.now.set(update_at + 30_000.0);
    tick().await;
    assert_eq!(text(&view.root, "time").as_deref(), Some("now"));
}

#[wasm_bindgen_test]
async fn a_relative_link_is_resolved_against_the_page() {
    let view = mount(minor(), Appearance::Popup, &[]);
    view.options.update(|options| options.link = Some("/status/".into()));
    tick().await;
    let origin = web_sys::window().expect("window").location().origin().expect("origin");
    let href = part(&view.root, "link").and_then(|link| link.get_attribute("href"));
    assert_eq!(href, Some(format!("{origin}/status/")));
}

#[wasm_bindgen_test]
async fn the_link_colour_property_reaches_the_links() {
    let view = mount(minor(), Appearance::Popup, &[("style", "--status-widget-link: rgb(1, 2, 3)")]);
    tick().await;
    let link = part(&view.root, "link").expect("link");
    assert_eq!(computed(&link, "color"), "rgb(1, 2, 3)");
}

#[wasm_bindgen_test]
async fn theme_auto_follows_a_host_page_that_allows_one_colour_scheme() {
    let dark_page = mount(minor(), Appearance::Popup, &[("style", "color-scheme: dark")]);
    let light_page = mount(minor(), Appearance::Popup, &[("style", "color-scheme: light")]);
    tick().await;
    let background = |view: &View| computed(&part(&view.root, "container").expect("card"), "background-color");
    assert_eq!(background(&dark_page), "rgb(22, 27, 34)", "a dark-only page gets the dark widget");
    assert_eq!(background(&light_page), "rgb(255, 255, 255)", "a light-only page gets the light widget");
}

#[wasm_bindgen_test]
async fn theme_auto_follows_a_color_scheme_meta_tag() {
    // The meta tag sets the page's schemes without changing the `color-scheme` property.
    let meta = document().create_element("meta").expect("meta");
    meta.set_attribute("name", "color-scheme").expect("name");
    meta.set_attribute("content", "dark").expect("content");
    document().head().expect("head").append_child(&meta).expect("appended");
    let view = mount(minor(), Appearance::Popup, &[]);
    tick().await;
    let background = computed(&part(&view.root, "container").expect("card"), "background-color");
    meta.remove();
    assert_eq!(background, "rgb(22, 27, 34)", "a page whose meta tag allows only dark gets the dark widget");
}

#[wasm_bindgen_test]
async fn the_popup_corner_follows_the_page_direction_not_the_visitors_language() {
    let corner = |view: &View| {
        let card = part(&view.root, "container").expect("card");
        let rect = card.get_bounding_client_rect();
        let width = web_sys::window().and_then(|w| w.inner_width().ok()).and_then(|w| w.as_f64()).unwrap_or_default();
        if rect.left() < width / 2.0 {
            "left"
        } else {
            "right"
        }
    };
    let english_page_arabic_visitor = mount(minor(), Appearance::Popup, &[]);
    english_page_arabic_visitor.languages.set(vec!["ar".to_owned()]);
    let hebrew_page = mount(minor(), Appearance::Popup, &[("dir", "rtl")]);
    tick().await;
    assert_eq!(corner(&english_page_arabic_visitor), "right", "stays clear of what the page put on the left");
    assert_eq!(corner(&hebrew_page), "left", "mirrored on a right-to-left page");
}

#[wasm_bindgen_test]
async fn in_a_right_to_left_card_feed_text_keeps_its_own_direction_and_the_dismiss_button_sits_as_in_left_to_right() {
    clear_dismissals();
    let english = mount(minor(), Appearance::Banner, &[]);
    let arabic = mount(minor(), Appearance::Banner, &[]);
    arabic.languages.set(vec!["ar".to_owned()]);
    tick().await;
    // The English title and body keep their own direction and side in the Arabic card: set
    // at its right, a clamped English text lost its "…" in Chromium (looked at).
    for name in ["title", "message"] {
        let text = part(&arabic.root, name).expect(name);
        assert_eq!(computed(&text, "direction"), "ltr", "{name}");
        // `start` of a left-to-right text: its left.
        assert_eq!(computed(&text, "text-align"), "start", "{name}");
    }
    // The dismiss button is as far from the card's end edge either way.
    let gap = |view: &View, rtl: bool| {
        let card = part(&view.root, "container").expect("card").get_bounding_client_rect();
        let button = part(&view.root, "dismiss").expect("dismiss").get_bounding_client_rect();
        if rtl {
            button.left() - card.left()
        } else {
            card.right() - button.right()
        }
    };
    assert!((gap(&english, false) - gap(&arabic, true)).abs() < 0.5, "{} {}", gap(&english, false), gap(&arabic, true));
    clear_dismissals();
}

#[wasm_bindgen_test]
async fn a_badge_in_a_column_narrower_than_its_longest_word_stays_in_it() {
    let column = on_page("div", &[("style", "width: 90px")]);
    let view = mount_in(
        &column,
        include_str!("../../feed/tests/fixtures/maintenance_in_progress_by_window.json"),
        Appearance::Badge,
        &[],
    );
    view.languages.set(vec!["de".to_owned()]);
    tick().await;
    let badge = part(&view.root, "container").expect("badge").get_bounding_client_rect();
    let room = column.get_bounding_client_rect();
    assert!(badge.right() <= room.right() + 0.5, "{} > {}", badge.right(), room.right());
    drop(view);
    column.remove();
}

#[wasm_bindgen_test]
async fn a_long_title_is_clamped_and_the_popup_stays_under_forty_percent_of_the_viewport() {
    let mut feed: serde_json::Value = serde_json::from_str(minor()).expect("fixture");
    let long = "Payments are failing for some customers in several regions while we investigate ".repeat(4);
    feed["incidents"][0]["name"] = long.clone().into();
    let view = mount(&feed.to_string(), Appearance::Popup, &[]);
    tick().await;
    let title = part(&view.root, "title").expect("title");
    let line = computed(&title, "line-height").trim_end_matches("px").parse::<f64>().unwrap_or(20.0);
    assert!(title.get_bounding_client_rect().height() <= 2.0 * line + 1.0, "two lines at most");
    assert_eq!(title.get_attribute("title").as_deref(), Some(long.as_str()), "the full title stays available");
    let viewport = web_sys::window().and_then(|w| w.inner_height().ok()).and_then(|h| h.as_f64()).unwrap_or_default();
    let card = part(&view.root, "container").expect("card");
    assert!(card.get_bounding_client_rect().height() <= 0.4 * viewport + 1.0);
}
