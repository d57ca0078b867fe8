//! Component tests in real headless Chromium (wasm-bindgen-test).
//!
//! State tests mount `StatusView` with a given feed state and clock, so each state
//! is exact. Behaviour tests mount `StatusWidget` as a Leptos app does, against feeds
//! served by `feeds.js`, a stand-in for the network origin that counts requests; the
//! widget's own fetch, poll, dismiss and unmount code runs unchanged. The element and
//! its loader script, over the real network, are covered end to end in `tests/`;
//! `loader.rs` holds the loader's rules to the Rust ones.
#![cfg(target_arch = "wasm32")]

use std::sync::Arc;

use leptos::prelude::*;
use status_widget::model::{FeedState, Options};
use status_widget::{parse_summary, Appearance, FetchError, StatusView};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(module = "/tests/feeds.js")]
extern "C" {
    fn serve_feed(url: &str, body: &str);
    fn requests_for(url: &str) -> u32;
    fn hang_next(url: &str, times: u32);
}

/// Fixture time of the feed crate's fixtures.
const NOW: &str = "2024-05-10T12:00:00Z";

fn now_ms() -> f64 {
    status_feed::Timestamp::parse(NOW).expect("valid").unix_ms() as f64
}

fn fixture(name: &str) -> &'static str {
    match name {
        "all_operational" => include_str!("../../feed/tests/fixtures/all_operational.json"),
        "minor" => include_str!("../../feed/tests/fixtures/minor_incident.json"),
        "major" => include_str!("../../feed/tests/fixtures/major_many_updates_out_of_order.json"),
        "critical" => include_str!("../../feed/tests/fixtures/critical_under_indicator_none.json"),
        "maintenance_in_progress" => include_str!("../../feed/tests/fixtures/maintenance_in_progress_by_window.json"),
        "maintenance_upcoming" => include_str!("../../feed/tests/fixtures/maintenance_upcoming.json"),
        "markup" => include_str!("../../feed/tests/fixtures/body_markup.json"),
        other => panic!("no fixture {other}"),
    }
}

fn document() -> web_sys::Document {
    web_sys::window().and_then(|w| w.document()).expect("a document")
}

fn fresh_host(tag: &str) -> HtmlElement {
    let host: HtmlElement = document().create_element(tag).expect("element").unchecked_into();
    document().body().expect("body").append_child(&host).expect("appended");
    host
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .expect("window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .expect("timer");
    });
    JsFuture::from(promise).await.expect("slept");
}

fn part(root: &web_sys::Node, name: &str) -> Option<Element> {
    let selector = format!("[part~=\"{name}\"]");
    match root.dyn_ref::<web_sys::ShadowRoot>() {
        Some(shadow) => shadow.query_selector(&selector).ok().flatten(),
        None => root.unchecked_ref::<Element>().query_selector(&selector).ok().flatten(),
    }
}

fn text(root: &web_sys::Node, name: &str) -> Option<String> {
    part(root, name).and_then(|el| el.text_content())
}

/// Mounts `StatusView` with a fixed state; returns its shadow root and the handle keeping it alive.
fn mount_view(state: FeedState, appearance: Appearance, language: &str) -> (web_sys::ShadowRoot, impl Drop) {
    let options = Options { feed: "https://status.acme.test".into(), appearance, ..Options::default() };
    mount_with(Signal::stored(state), options, language, Signal::stored(now_ms()))
}

/// Mounts `StatusView` in a fresh host; returns its shadow root and the handle keeping it alive.
fn mount_with(
    state: Signal<FeedState>,
    options: Options,
    language: &str,
    now: Signal<f64>,
) -> (web_sys::ShadowRoot, impl Drop) {
    let host = fresh_host("div");
    let languages = vec![language.to_owned()];
    let handle = leptos::mount::mount_to(host.clone(), move || {
        view! {
            <StatusView state=state options=Signal::stored(options) languages=Signal::stored(languages) now=now />
        }
    });
    (shadow_of_child(&host), handle)
}

/// The shadow root a Leptos component attached to the element it rendered in `host`.
fn shadow_of_child(host: &HtmlElement) -> web_sys::ShadowRoot {
    host.first_element_child().and_then(|child| child.shadow_root()).expect("component's open shadow root")
}

fn loaded(name: &str) -> FeedState {
    FeedState {
        last_good: Some((Arc::new(parse_summary(fixture(name)).expect("fixture parses")), now_ms())),
        error: None,
    }
}

/// What the live regions say: `(role, text)` of the one that speaks, if any.
fn announced(root: &web_sys::ShadowRoot) -> Option<(String, String)> {
    ["status", "alert"].into_iter().find_map(|role| {
        let region = root.query_selector(&format!("[role={role}]")).ok().flatten()?;
        let text = region.text_content().filter(|text| !text.is_empty())?;
        Some((role.to_owned(), text))
    })
}

/// Lets effects run (announcements, reports) and the page render after a mount or a
/// signal change (the live regions speak only after a rendering).
async fn tick() {
    sleep(0).await;
    // Twice: the widget starts waiting for its own rendering only once its effects ran.
    rendered().await;
    rendered().await;
}

include!("support/rendered.rs");

#[wasm_bindgen_test]
fn loading_popup_shows_nothing_and_badge_says_checking() {
    let (popup, _a) = mount_view(FeedState::default(), Appearance::Popup, "en");
    assert!(part(&popup, "container").is_none());
    let (badge, _b) = mount_view(FeedState::default(), Appearance::Badge, "en");
    assert_eq!(text(&badge, "title").as_deref(), Some("Checking status…"));
}

#[wasm_bindgen_test]
fn all_clear_popup_and_banner_show_nothing_badge_and_inline_say_operational() {
    for appearance in [Appearance::Popup, Appearance::Banner] {
        let (host, _h) = mount_view(loaded("all_operational"), appearance, "en");
        assert!(part(&host, "container").is_none(), "{appearance:?} must stay out of the way");
        assert_eq!(host.text_content().unwrap_or_default(), "");
    }
    for appearance in [Appearance::Badge, Appearance::Inline] {
        let (host, _h) = mount_view(loaded("all_operational"), appearance, "en");
        assert_eq!(text(&host, "title").as_deref(), Some("All Systems Operational"), "{appearance:?}");
        let indicator = part(&host, "indicator").expect("indicator");
        assert!(indicator.closest(".sev-none").ok().flatten().is_some());
    }
}

#[wasm_bindgen_test]
async fn minor_incident_popup_shows_name_stage_message_time_and_link() {
    let (host, _h) = mount_view(loaded("minor"), Appearance::Popup, "en");
    assert_eq!(text(&host, "title").as_deref(), Some("Slow API responses"));
    assert_eq!(text(&host, "message").as_deref(), Some("We are investigating slow responses from the API."));
    let container = part(&host, "container").expect("container");
    let meta = container.text_content().unwrap_or_default();
    assert!(meta.contains("Minor incident") && meta.contains("Investigating"), "{meta}");
    let time = part(&host, "time").expect("time");
    assert_eq!(time.get_attribute("datetime").as_deref(), Some("2024-05-10T10:05:00.000Z"));
    assert_eq!(time.text_content().as_deref(), Some("1 hour ago"));
    assert!(time.get_attribute("title").is_some_and(|t| t.contains("2024")), "absolute time on hover");
    let link = part(&host, "link").expect("link");
    assert_eq!(link.get_attribute("href").as_deref(), Some("https://stspg.io/inc-minor"));
    assert_eq!(link.get_attribute("rel").as_deref(), Some("noopener noreferrer"));
    tick().await;
    let (role, text) = announced(&host).expect("announced");
    assert_eq!(role, "status", "polite live region");
    assert!(text.contains("Slow API responses") && text.contains("Investigating"), "{text}");
    assert!(part(&host, "dismiss").is_some_and(|b| b.tag_name() == "BUTTON"));
}

#[wasm_bindgen_test]
async fn the_live_region_is_emptied_at_the_first_redraw_ten_seconds_after_it_spoke() {
    // Read in browse mode, the notice is then in the card only, once.
    let now = RwSignal::new(now_ms());
    let options =
        Options { feed: "https://status.acme.test".into(), appearance: Appearance::Popup, ..Options::default() };
    let (root, _handle) = mount_with(Signal::stored(loaded("minor")), options, "en", Signal::from(now));
    tick().await;
    assert!(announced(&root).is_some(), "heard");
    // A redraw within ten seconds (the card's time changes) leaves it.
    now.update(|now| *now += 2.0 * 3_600_000.0);
    tick().await;
    assert!(announced(&root).is_some(), "still there within ten seconds");
    sleep(10_500).await;
    now.update(|now| *now += 3_600_000.0);
    tick().await;
    assert_eq!(announced(&root), None, "emptied at the first redraw ten seconds on");
    assert!(part(&root, "title").is_some(), "the card stays");
}

#[wasm_bindgen_test]
async fn a_badge_s_live_region_is_emptied_at_the_first_clock_tick_ten_seconds_after_it_spoke() {
    // A badge's drawing does not change with the time, so no redraw comes to empty it: read
    // in browse mode, "Partial System Outage" would be read twice, for as long as it lasts.
    let state = RwSignal::new(loaded("all_operational"));
    let now = RwSignal::new(now_ms());
    let options =
        Options { feed: "https://status.acme.test".into(), appearance: Appearance::Badge, ..Options::default() };
    let (root, _handle) = mount_with(Signal::from(state), options, "en", Signal::from(now));
    tick().await;
    assert_eq!(announced(&root), None, "a badge's first paint is not announced");
    state.set(loaded("minor"));
    tick().await;
    assert!(announced(&root).is_some(), "the change is heard");
    now.update(|now| *now += 30_000.0);
    tick().await;
    assert!(announced(&root).is_some(), "still there at a tick within ten seconds");
    sleep(10_500).await;
    now.update(|now| *now += 30_000.0);
    tick().await;
    assert_eq!(announced(&root), None, "emptied at the first tick ten seconds on");
    assert!(part(&root, "title").is_some(), "the badge stays");
}

#[wasm_bindgen_test]
fn a_components_filter_that_names_nothing_in_the_feed_never_shows_an_all_clear_during_an_outage() {
    // A typo in `components`, or a component renamed on the status page since.
    for (filter, expected) in [("Paymnets", "Partial System Outage"), ("", "Partial System Outage")] {
        let options = Options {
            feed: "https://status.acme.test".into(),
            appearance: Appearance::Badge,
            components: filter.into(),
            ..Options::default()
        };
        let (root, _handle) = mount_with(Signal::stored(loaded("major")), options, "en", Signal::stored(now_ms()));
        assert_eq!(text(&root, "title").as_deref(), Some(expected), "components={filter:?}");
    }
}

#[wasm_bindgen_test]
fn major_incidents_show_the_most_severe_first_and_count_the_others() {
    let (host, _h) = mount_view(loaded("major"), Appearance::Banner, "en");
    assert_eq!(text(&host, "title").as_deref(), Some("Card payments failing"));
    let container = part(&host, "container").expect("container");
    assert!(container.class_list().contains("banner") && container.class_list().contains("sev-major"));
    let more = container.query_selector(".more").ok().flatten().expect("+N more");
    assert_eq!(more.text_content().as_deref(), Some("+2 more"));
    assert_eq!(more.get_attribute("href").as_deref(), Some("https://status.acme.test"));
}

#[wasm_bindgen_test]
fn a_feed_on_the_host_site_without_its_page_url_links_to_the_status_page_beside_it() {
    let summary = fixture("major").replace(r#""url": "https://status.acme.test""#, r#""url": null"#);
    let state =
        FeedState { last_good: Some((Arc::new(parse_summary(&summary).expect("parses")), now_ms())), error: None };
    for (feed, path) in [("/status", "/status"), ("/", "/")] {
        let options = Options { feed: feed.into(), appearance: Appearance::Banner, ..Options::default() };
        let (root, _handle) = mount_with(Signal::stored(state.clone()), options, "en", Signal::stored(now_ms()));
        let more = root.query_selector(".more").ok().flatten().expect("+N more");
        let base = document().base_uri().ok().flatten().expect("base URI");
        let expected = web_sys::Url::new_with_base(path, &base).expect("URL").href();
        assert_eq!(more.get_attribute("href"), Some(expected), "feed={feed}");
    }
}

#[wasm_bindgen_test]
async fn critical_incident_is_an_alert() {
    let (host, _h) = mount_view(loaded("critical"), Appearance::Popup, "en");
    tick().await;
    assert_eq!(announced(&host).map(|(role, _)| role).as_deref(), Some("alert"));
    assert!(part(&host, "container").is_some_and(|c| c.class_list().contains("sev-critical")));
    let (badge, _b) = mount_view(loaded("critical"), Appearance::Badge, "en");
    assert_eq!(text(&badge, "title").as_deref(), Some("Major System Outage"));
}

#[wasm_bindgen_test]
async fn maintenance_in_progress_and_upcoming_are_worded_as_maintenance() {
    let (host, _h) = mount_view(loaded("maintenance_in_progress"), Appearance::Popup, "en");
    assert_eq!(text(&host, "title").as_deref(), Some("Storage migration"));
    // Under way by its window: in progress, not its announcement's "Scheduled".
    let meta = part(&host, "container").and_then(|c| c.text_content()).unwrap_or_default();
    assert!(meta.contains("In progress") && !meta.contains("Scheduled"), "{meta}");
    assert!(part(&host, "container").is_some_and(|c| c.class_list().contains("sev-maintenance")));
    let (badge, _b) = mount_view(loaded("maintenance_in_progress"), Appearance::Badge, "en");
    assert_eq!(text(&badge, "title").as_deref(), Some("Service Under Maintenance"));

    let (upcoming, _u) = mount_view(loaded("maintenance_upcoming"), Appearance::Popup, "en");
    assert_eq!(text(&upcoming, "title").as_deref(), Some("Cache flush"));
    assert_eq!(text(&upcoming, "time").as_deref(), Some("Starts in 12 hours"));
    let meta = part(&upcoming, "container").and_then(|c| c.text_content()).unwrap_or_default();
    assert!(meta.contains("Scheduled maintenance"), "{meta}");
    // Heard with its start: the absolute time (a relative one would be stale, or spoken again).
    tick().await;
    let (_, said) = announced(&upcoming).expect("announced");
    let start = part(&upcoming, "time").and_then(|time| time.get_attribute("title")).expect("absolute start");
    assert!(said.contains("Cache flush") && !said.contains("Starts in"), "{said}");
    assert!(said.contains(&["Starts ", &start].concat()), "said as the start: {said}");
    // A language whose verb would want a preposition before a date says it as a label.
    let (french, _f) = mount_view(loaded("maintenance_upcoming"), Appearance::Popup, "fr");
    tick().await;
    let (_, said) = announced(&french).expect("announced");
    let start = part(&french, "time").and_then(|time| time.get_attribute("title")).expect("absolute start");
    assert!(said.contains(&["Début\u{a0}: ", &start].concat()), "{said}");
}

#[wasm_bindgen_test]
fn error_before_any_load_hides_popup_and_badge_says_unavailable() {
    let failed = FeedState { last_good: None, error: Some(FetchError::Http { status: 404 }) };
    let (popup, _p) = mount_view(failed.clone(), Appearance::Popup, "en");
    assert!(part(&popup, "container").is_none());
    let (badge, _b) = mount_view(failed, Appearance::Badge, "en");
    assert_eq!(text(&badge, "title").as_deref(), Some("Status unavailable"));
}

#[wasm_bindgen_test]
fn stale_data_keeps_notices_and_never_shows_a_stale_all_clear() {
    let mut stale = loaded("minor");
    stale.error = Some(FetchError::Network);
    if let Some((_, at)) = stale.last_good.as_mut() {
        *at -= 11.0 * 60_000.0;
    }
    let (popup, _p) = mount_view(stale, Appearance::Popup, "en");
    assert_eq!(text(&popup, "title").as_deref(), Some("Slow API responses"), "last known notice kept");
    assert!(popup.text_content().unwrap_or_default().contains("Status may be out of date"));

    let mut stale_ok = loaded("all_operational");
    stale_ok.error = Some(FetchError::Network);
    if let Some((_, at)) = stale_ok.last_good.as_mut() {
        *at -= 11.0 * 60_000.0;
    }
    let (badge, _b) = mount_view(stale_ok.clone(), Appearance::Badge, "en");
    assert_eq!(text(&badge, "title").as_deref(), Some("Status may be out of date"));

    // Eleven minutes old, but its last refresh succeeded (a `poll` of an hour): current.
    stale_ok.error = None;
    let (badge, _b) = mount_view(stale_ok, Appearance::Badge, "en");
    assert_eq!(text(&badge, "title").as_deref(), Some("All Systems Operational"));
}

#[wasm_bindgen_test]
fn body_markup_is_shown_as_plain_text() {
    let (host, _h) = mount_view(loaded("markup"), Appearance::Popup, "en");
    assert_eq!(text(&host, "message").as_deref(), Some("Emails are delayed.\n\nSee our post & retry later — thanks."));
    assert!(part(&host, "message").is_some_and(|m| m.child_element_count() == 0), "no markup inside");
}

#[wasm_bindgen_test]
fn french_visitor_gets_french_words_and_relative_time() {
    let (host, _h) = mount_view(loaded("minor"), Appearance::Popup, "fr-CA");
    let container = part(&host, "container").expect("container");
    let words = container.text_content().unwrap_or_default();
    assert!(words.contains("Incident mineur") && words.contains("Analyse en cours"), "{words}");
    assert_eq!(text(&host, "time").as_deref(), Some("il y a 1 heure"));
    assert_eq!(part(&host, "dismiss").and_then(|b| b.get_attribute("aria-label")).as_deref(), Some("Fermer"));
    let region = host.query_selector("[role=status]").ok().flatten().expect("the live region");
    assert_eq!(region.get_attribute("lang").as_deref(), Some("fr"));
    assert_eq!(
        container.closest("[lang]").ok().flatten().and_then(|el| el.get_attribute("lang")).as_deref(),
        Some("fr")
    );
}

#[wasm_bindgen_test]
fn japanese_and_arabic_visitors_get_their_script_and_direction() {
    let (ja, _j) = mount_view(loaded("all_operational"), Appearance::Badge, "ja-JP");
    assert_eq!(text(&ja, "title").as_deref(), Some("すべてのシステムが正常に稼働中"));
    let (ar, _a) = mount_view(loaded("minor"), Appearance::Popup, "ar-EG");
    let container = part(&ar, "container").expect("container");
    let dir = container.closest("[dir]").ok().flatten().and_then(|el| el.get_attribute("dir"));
    assert_eq!(dir.as_deref(), Some("rtl"));
    assert_eq!(part(&ar, "dismiss").and_then(|b| b.get_attribute("aria-label")).as_deref(), Some("إغلاق"));
}

#[wasm_bindgen_test]
fn unsupported_languages_fall_back_to_english_and_regions_to_their_language() {
    let (xx, _x) = mount_view(loaded("all_operational"), Appearance::Badge, "xx");
    assert_eq!(text(&xx, "title").as_deref(), Some("All Systems Operational"));
    let (pt, _p) = mount_view(loaded("all_operational"), Appearance::Badge, "pt-BR");
    assert_eq!(text(&pt, "title").as_deref(), Some("Todos os sistemas estão operacionais"));
}

// ---- StatusWidget, with its real fetch and poll loop (the element's loader is tested end to end) ----

fn summary_with(incident_name: &str, shortlink: &str, updates: &[(&str, &str)]) -> String {
    let now = js_sys::Date::new_0();
    let iso = |minutes_ago: f64| {
        js_sys::Date::new(&JsValue::from_f64(now.get_time() - minutes_ago * 60_000.0))
            .to_iso_string()
            .as_string()
            .unwrap_or_default()
    };
    let updates: Vec<String> = updates
        .iter()
        .enumerate()
        .map(|(i, (id, body))| {
            format!(
                r#"{{"id":"{id}","status":"identified","body":{},"created_at":"{}"}}"#,
                js_sys::JSON::stringify(&JsValue::from_str(body)).ok().and_then(|s| s.as_string()).unwrap_or_default(),
                iso(10.0 - i as f64)
            )
        })
        .collect();
    let name =
        js_sys::JSON::stringify(&JsValue::from_str(incident_name)).ok().and_then(|s| s.as_string()).unwrap_or_default();
    format!(
        r#"{{"page":{{"id":"p","name":"Acme","url":"https://status.acme.test"}},
            "status":{{"indicator":"major","description":"Partial System Outage"}},"components":[],
            "incidents":[{{"id":"inc-1","name":{name},"status":"identified","impact":"major","shortlink":"{shortlink}",
                "incident_updates":[{}]}}],"scheduled_maintenances":[]}}"#,
        updates.join(",")
    )
}

/// A mounted `StatusWidget` with its real fetch and poll loop, as a Leptos app mounts it.
struct Mounted {
    /// The `feed` prop, as the app's signal.
    feed: RwSignal<String>,
    /// Every status the component reported, in order.
    changes: std::rc::Rc<std::cell::RefCell<Vec<status_widget::StatusChange>>>,
    handle: Option<Box<dyn std::any::Any>>,
}

impl Mounted {
    fn unmount(mut self) {
        self.handle.take();
    }
}

/// Mounts `StatusWidget` for `feed` with string props as the element's attributes would give them.
/// The returned element carries `data-state`, as the custom element would.
fn mount_element(feed: &str, extra: &[(&str, &str)]) -> (HtmlElement, Mounted) {
    use status_widget::StatusWidget;
    let host = fresh_host("div");
    let prop = |name: &str| extra.iter().find(|(key, _)| *key == name).map(|(_, value)| value.to_string());
    let appearance = prop("appearance").as_deref().and_then(Appearance::parse).unwrap_or_default();
    let poll = prop("poll").and_then(|value| value.parse::<u32>().ok());
    let link = prop("link");
    let locale = prop("locale").unwrap_or_else(|| "en".to_owned());
    let feed = RwSignal::new(feed.to_owned());
    let changes: std::rc::Rc<std::cell::RefCell<Vec<status_widget::StatusChange>>> = Default::default();
    let (reporter, sink) = (host.clone(), changes.clone());
    let on_change = leptos::callback::UnsyncCallback::new(move |change: status_widget::StatusChange| {
        reporter.set_attribute("data-state", change.indicator).expect("attribute");
        sink.borrow_mut().push(change);
    });
    let handle = leptos::mount::mount_to(host.clone(), move || {
        view! {
            <StatusWidget feed=feed appearance=appearance poll=poll link=link locale=locale on_change=on_change />
        }
    });
    (host, Mounted { feed, changes, handle: Some(Box::new(handle)) })
}

/// The open shadow root the component drew into.
fn shadow(host: &HtmlElement) -> web_sys::Node {
    shadow_of_child(host).into()
}

/// Longer than one poll at the shortest interval (10 s, with its +10 % jitter).
const POLL_WAIT_MS: i32 = 12_500;

async fn wait_for(condition: impl FnMut() -> bool) -> bool {
    wait_up_to(3_000, condition).await
}

async fn wait_up_to(ms: i32, mut condition: impl FnMut() -> bool) -> bool {
    for _ in 0..ms / 50 {
        if condition() {
            return true;
        }
        sleep(50).await;
    }
    condition()
}

#[wasm_bindgen_test]
async fn hostile_incident_name_is_shown_as_text_and_javascript_links_are_dropped() {
    let url = "https://feeds.test/xss.json";
    serve_feed(
        url,
        &summary_with("<img src=x onerror=alert(1)>", "javascript:alert(2)", &[("u1", "<script>alert(3)</script>ok")]),
    );
    let (host, widget) = mount_element(url, &[("link", "javascript:alert(4)")]);
    let root = shadow(&host);
    assert!(wait_for(|| text(&root, "title").is_some()).await, "notice rendered");
    assert_eq!(text(&root, "title").as_deref(), Some("<img src=x onerror=alert(1)>"));
    let shadow_root: web_sys::ShadowRoot = root.clone().unchecked_into();
    assert!(shadow_root.query_selector("img, script").ok().flatten().is_none(), "no element from feed text");
    let hrefs = shadow_root.query_selector_all("a[href]").expect("query");
    for i in 0..hrefs.length() {
        let href = hrefs
            .item(i)
            .and_then(|n| n.dyn_into::<Element>().ok())
            .and_then(|a| a.get_attribute("href"))
            .unwrap_or_default();
        assert!(href.starts_with("https://"), "only web links, got {href}");
    }
    assert_eq!(part(&root, "link").and_then(|a| a.get_attribute("href")).as_deref(), Some("https://status.acme.test"));
    widget.unmount();
}

#[wasm_bindgen_test]
async fn dismissed_notice_stays_dismissed_until_a_new_update_is_posted_or_its_impact_changes() {
    let url = "https://feeds.test/dismiss.json";
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.clear();
    }
    serve_feed(url, &summary_with("Checkout errors", "https://stspg.io/1", &[("u1", "Looking into it.")]));
    let (host, widget) = mount_element(url, &[("poll", "10")]);
    let root = shadow(&host);
    assert!(wait_for(|| part(&root, "dismiss").is_some()).await, "notice shown");
    part(&root, "dismiss").expect("button").unchecked_into::<HtmlElement>().click();
    assert!(wait_for(|| part(&root, "container").is_none()).await, "dismissed");

    // Next poll, same update: still dismissed. Then a new update brings it back.
    let seen = requests_for(url);
    assert!(wait_up_to(POLL_WAIT_MS, || requests_for(url) > seen).await, "polled again");
    sleep(50).await;
    assert!(part(&root, "container").is_none(), "same update stays dismissed");
    serve_feed(
        url,
        &summary_with("Checkout errors", "https://stspg.io/1", &[("u1", "Looking into it."), ("u2", "Fix deployed.")]),
    );
    assert!(
        wait_up_to(POLL_WAIT_MS, || text(&root, "message").as_deref() == Some("Fix deployed.")).await,
        "returns on new update"
    );
    // Dismissed again; then raised to critical without a word: it returns.
    part(&root, "dismiss").expect("button").unchecked_into::<HtmlElement>().click();
    assert!(wait_for(|| part(&root, "container").is_none()).await, "dismissed again");
    let raised =
        summary_with("Checkout errors", "https://stspg.io/1", &[("u1", "Looking into it."), ("u2", "Fix deployed.")])
            .replace(r#""impact":"major""#, r#""impact":"critical""#);
    serve_feed(url, &raised);
    assert!(
        wait_up_to(POLL_WAIT_MS, || part(&root, "container").is_some_and(|c| c.class_list().contains("sev-critical")))
            .await,
        "returns when its impact changes"
    );
    widget.unmount();
}

/// Counts `new Intl.DateTimeFormat` and `new Intl.RelativeTimeFormat` from now on.
fn count_intl_formatters() -> impl Fn() -> f64 {
    js_sys::Function::new_no_args(
        "globalThis.__intlFormatters = 0;
         for (const name of ['DateTimeFormat', 'RelativeTimeFormat']) {
           const original = Intl[name];
           if (original.counted) continue;
           const counted = function (...args) { globalThis.__intlFormatters++; return new original(...args); };
           counted.counted = true;
           counted.prototype = original.prototype;
           Intl[name] = counted;
         }",
    )
    .call0(&JsValue::NULL)
    .expect("wrapping Intl");
    || js_sys::Reflect::get(&js_sys::global(), &"__intlFormatters".into()).ok().and_then(|n| n.as_f64()).unwrap_or(-1.0)
}

#[wasm_bindgen_test]
async fn a_badge_and_an_english_popup_set_up_no_intl_formatter_a_french_popup_does() {
    // The first formatter's ICU set-up is a long task on a slow phone; a badge shows no
    // time, and English times are written without `Intl`.
    let url = "https://feeds.test/intl.json";
    serve_feed(url, &summary_with("Search is slow", "https://stspg.io/2", &[("u1", "Investigating.")]));
    let formatters = count_intl_formatters();
    let (badge_host, badge) = mount_element(url, &[("appearance", "badge")]);
    let badge_root = shadow(&badge_host);
    assert!(wait_for(|| text(&badge_root, "title").as_deref() == Some("Partial System Outage")).await);
    assert_eq!(formatters(), 0.0, "the badge formatted no time");
    let (popup_host, popup) = mount_element(url, &[("appearance", "popup"), ("locale", "en")]);
    let popup_root = shadow(&popup_host);
    assert!(wait_for(|| text(&popup_root, "time").is_some()).await, "the popup shows when");
    assert_eq!(formatters(), 0.0, "the English popup's times come from the widget");
    let (french_host, french) = mount_element(url, &[("appearance", "popup"), ("locale", "fr")]);
    let french_root = shadow(&french_host);
    assert!(wait_for(|| text(&french_root, "time").is_some()).await, "the French popup shows when");
    assert!(formatters() > 0.0, "the French popup's times come from Intl");
    badge.unmount();
    popup.unmount();
    french.unmount();
}

#[wasm_bindgen_test]
async fn two_widgets_on_one_page_work_independently_and_report_their_state() {
    let url = "https://feeds.test/two.json";
    serve_feed(url, &summary_with("Search is slow", "https://stspg.io/2", &[("u1", "Investigating.")]));
    let (badge_host, badge) = mount_element(url, &[("appearance", "badge")]);
    let (popup_host, popup) = mount_element(url, &[("appearance", "popup")]);
    let (badge_root, popup_root) = (shadow(&badge_host), shadow(&popup_host));
    assert!(wait_for(|| text(&popup_root, "title").is_some() && text(&badge_root, "title").is_some()).await);
    assert_eq!(text(&popup_root, "title").as_deref(), Some("Search is slow"));
    assert_eq!(text(&badge_root, "title").as_deref(), Some("Partial System Outage"));
    assert_eq!(badge_host.get_attribute("data-state").as_deref(), Some("major"));
    assert_eq!(popup_host.get_attribute("data-state").as_deref(), Some("major"));
    badge.unmount();
    popup.unmount();
}

#[wasm_bindgen_test]
async fn on_change_reports_loading_then_the_indicator_description_and_incident() {
    let url = "https://feeds.test/event.json";
    serve_feed(url, &summary_with("Login failures", "https://stspg.io/3", &[("u1", "Investigating.")]));
    let (_host, widget) = mount_element(url, &[]);
    let changes = widget.changes.clone();
    assert!(wait_for(|| changes.borrow().iter().any(|change| change.indicator == "major")).await);
    let reported = changes.borrow();
    assert_eq!(reported[0].indicator, "loading", "first the loading state");
    let last = reported.last().expect("a change");
    assert_eq!(last.description, "Partial System Outage");
    assert_eq!(last.incident.as_ref().map(|incident| incident.name.as_str()), Some("Login failures"));
    assert_eq!(reported.iter().filter(|change| change.indicator == "major").count(), 1, "reported once");
    drop(reported);
    widget.unmount();
}

#[wasm_bindgen_test]
async fn the_event_describes_in_english_while_the_badge_speaks_the_visitors_language() {
    let url = "https://feeds.test/event-fr.json";
    serve_feed(url, &summary_with("Login failures", "https://stspg.io/3", &[("u1", "Investigating.")]));
    let (host, widget) = mount_element(url, &[("appearance", "badge"), ("locale", "fr")]);
    let root = shadow(&host);
    let french = || text(&root, "title").as_deref() == Some("Panne partielle");
    assert!(wait_for(french).await, "the badge in French: {:?}", text(&root, "title"));
    let changes = widget.changes.clone();
    let descriptions: Vec<_> = changes.borrow().iter().map(|change| change.description).collect();
    assert_eq!(descriptions, ["Checking status…", "Partial System Outage"], "the event in English");
    widget.unmount();
}

#[wasm_bindgen_test]
async fn unmount_leaves_no_timers_or_listeners_running() {
    let url = "https://feeds.test/unmount.json";
    serve_feed(url, &summary_with("Queue backlog", "https://stspg.io/4", &[("u1", "Draining.")]));
    let (host, widget) = mount_element(url, &[("poll", "10")]);
    let root = shadow(&host);
    assert!(wait_up_to(POLL_WAIT_MS, || requests_for(url) >= 2).await, "polling while mounted");
    widget.unmount();
    assert!(part(&root, "container").is_none(), "shadow root emptied");
    let after_unmount = requests_for(url);
    // A visibility change would make a live poller fetch at once.
    document().dispatch_event(&web_sys::Event::new("visibilitychange").expect("event")).expect("dispatched");
    sleep(2_500).await;
    assert_eq!(requests_for(url), after_unmount, "no fetch after unmount");
}

#[wasm_bindgen_test]
async fn failed_first_fetch_sets_error_state() {
    let url = "https://feeds.test/missing.json";
    let (host, widget) = mount_element(url, &[("appearance", "badge"), ("poll", "0")]);
    let root = shadow(&host);
    assert!(wait_for(|| host.get_attribute("data-state").as_deref() == Some("error")).await);
    assert_eq!(text(&root, "title").as_deref(), Some("Status unavailable"));
    widget.unmount();
}

#[wasm_bindgen_test]
async fn a_later_clock_reading_updates_the_time_in_place() {
    let now = RwSignal::new(now_ms());
    let options = Options { feed: "https://status.acme.test".into(), ..Options::default() };
    let (root, _handle) = mount_with(Signal::stored(loaded("minor")), options, "en", Signal::from(now));
    let title = part(&root, "title").expect("title");
    assert_eq!(text(&root, "time").as_deref(), Some("1 hour ago"));
    now.set(now_ms() + 60.0 * 60_000.0);
    assert!(wait_for(|| text(&root, "time").as_deref() == Some("2 hours ago")).await, "time redrawn");
    // The live region's other nodes are the same nodes: nothing else is re-announced.
    assert!(part(&root, "title").is_some_and(|again| again.is_same_node(Some(&title))), "title node kept");
}

#[wasm_bindgen_test]
async fn a_visitor_whose_clock_is_behind_the_feed_never_reads_an_update_in_the_future() {
    // The notice reads "1 hour ago" at the fixture's time; this clock is two hours behind it.
    let now = now_ms() - 2.0 * 60.0 * 60_000.0;
    let options = Options { feed: "https://status.acme.test".into(), ..Options::default() };
    let (root, _handle) = mount_with(Signal::stored(loaded("minor")), options, "en", Signal::stored(now));
    assert_eq!(text(&root, "time").as_deref(), Some("now"), "not \"in 5 minutes\"");
}

#[wasm_bindgen_test]
async fn leptos_status_widget_polls_follows_its_props_and_stops_when_unmounted() {
    use status_widget::StatusWidget;
    let url = "https://feeds.test/leptos.json";
    serve_feed(url, &summary_with("Webhooks delayed", "https://stspg.io/5", &[("u1", "Investigating.")]));
    let host = fresh_host("div");
    let appearance = RwSignal::new(Appearance::Popup);
    let poll = RwSignal::new(0u32);
    let handle = leptos::mount::mount_to(host.clone(), move || {
        view! { <StatusWidget feed=url appearance=appearance poll=poll locale="en" /> }
    });
    let root = shadow_of_child(&host);
    assert!(wait_for(|| text(&root, "title").as_deref() == Some("Webhooks delayed")).await, "popup drawn");
    assert_eq!(requests_for(url), 1, "poll=0 fetches once");
    // Redrawn by the prop change itself: with poll=0 nothing else would redraw within 30 s.
    appearance.set(Appearance::Badge);
    assert!(
        wait_for(|| text(&root, "title").as_deref() == Some("Partial System Outage")).await,
        "badge after prop change"
    );
    poll.set(10);
    assert!(wait_for(|| requests_for(url) >= 2).await, "a new interval restarts polling at once");
    drop(handle);
    let after_unmount = requests_for(url);
    sleep(2_500).await;
    assert_eq!(requests_for(url), after_unmount, "no fetch after unmount");
}

#[wasm_bindgen_test]
async fn documents_that_are_not_feeds_show_unavailable_never_all_clear() {
    for (i, body) in
        ["{}", "[]", r#"{"error": "Not found"}"#, "null", "<!doctype html><title>Acme</title>"].into_iter().enumerate()
    {
        let url = format!("https://feeds.test/not-a-feed-{i}.json");
        serve_feed(&url, body);
        let (host, widget) = mount_element(&url, &[("appearance", "badge"), ("poll", "0")]);
        let root = shadow(&host);
        assert!(wait_for(|| host.get_attribute("data-state").as_deref() == Some("error")).await, "{body}");
        assert_eq!(text(&root, "title").as_deref(), Some("Status unavailable"), "{body}");
        widget.unmount();
    }
}

#[wasm_bindgen_test]
async fn a_first_response_that_hangs_past_the_timeout_is_retried_and_the_incident_shown() {
    let url = "https://feeds.test/hangs-once.json";
    serve_feed(url, &summary_with("Database failover", "https://stspg.io/9", &[("u1", "Failing over.")]));
    hang_next(url, 1);
    let (host, widget) = mount_element(url, &[("poll", "10")]);
    let root = shadow(&host);
    let timeout_ms = status_widget::TIMEOUT.as_millis() as i32;
    assert!(
        wait_up_to(timeout_ms + POLL_WAIT_MS, || text(&root, "title").as_deref() == Some("Database failover")).await,
        "the incident after the retry"
    );
    assert!(requests_for(url) >= 2, "a second request after the timeout");
    assert_eq!(host.get_attribute("data-state").as_deref(), Some("major"));
    widget.unmount();
}

#[wasm_bindgen_test]
async fn a_feed_switched_to_a_dead_url_shows_error_not_the_old_incident() {
    let url = "https://feeds.test/switch-from.json";
    serve_feed(url, &summary_with("Login failures", "https://stspg.io/5", &[("u1", "Investigating.")]));
    let (host, widget) = mount_element(url, &[("poll", "0")]);
    let root = shadow(&host);
    assert!(wait_for(|| text(&root, "title").as_deref() == Some("Login failures")).await);
    let before_switch = widget.changes.borrow().len();
    widget.feed.set("https://feeds.test/dead.json".to_owned());
    assert!(wait_for(|| host.get_attribute("data-state").as_deref() == Some("error")).await);
    assert!(part(&root, "container").is_none(), "nothing of the old feed is shown");
    let after: Vec<_> = widget.changes.borrow()[before_switch..].to_vec();
    assert!(after.iter().all(|change| change.incident.is_none()), "never the old incident for the new feed: {after:?}");
    widget.unmount();
}

#[wasm_bindgen_test]
async fn an_empty_feed_is_an_error_and_never_reads_the_hosts_own_summary() {
    let (host, widget) = mount_element("  ", &[("appearance", "badge"), ("poll", "0")]);
    let root = shadow(&host);
    assert!(wait_for(|| host.get_attribute("data-state").as_deref() == Some("error")).await);
    assert_eq!(text(&root, "title").as_deref(), Some("Status unavailable"));
    assert_eq!(requests_for("/api/v2/summary.json"), 0);
    widget.unmount();
}

/// The element's wasm side as the loader calls it: `mount`, with the feed it already has.
#[cfg(feature = "embed")]
fn mount_custom_element(
    appearance: &str,
    feed: &str,
) -> (HtmlElement, status_widget::Widget, std::rc::Rc<std::cell::RefCell<Vec<String>>>) {
    mount_custom_element_in("en", appearance, feed)
}

/// [`mount_custom_element`] for a reader of `locale`.
#[cfg(feature = "embed")]
fn mount_custom_element_in(
    locale: &str,
    appearance: &str,
    feed: &str,
) -> (HtmlElement, status_widget::Widget, std::rc::Rc<std::cell::RefCell<Vec<String>>>) {
    let host = fresh_host("status-widget");
    let set = |object: &JsValue, key: &str, value: &JsValue| {
        js_sys::Reflect::set(object, &JsValue::from_str(key), value).expect("set");
    };
    let attributes: JsValue = js_sys::Object::new().into();
    set(&attributes, "feed", &"https://feeds.test/element.json".into());
    set(&attributes, "appearance", &appearance.into());
    set(&attributes, "locale", &locale.into());
    let result: JsValue = js_sys::Object::new().into();
    set(&result, "value", &js_sys::JSON::parse(feed).expect("fixture is JSON"));
    let reports = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let sink = reports.clone();
    let report = Closure::<dyn Fn(JsValue)>::new(move |detail: JsValue| {
        let indicator = js_sys::Reflect::get(&detail, &JsValue::from_str("indicator")).expect("indicator");
        sink.borrow_mut().push(indicator.as_string().unwrap_or_default());
    });
    let widget = status_widget::mount(
        host.clone(),
        attributes,
        result,
        report.as_ref().unchecked_ref::<js_sys::Function>().clone(),
    )
    .expect("mounted");
    report.forget();
    (host, widget, reports)
}

#[cfg(feature = "embed")]
#[wasm_bindgen_test]
async fn the_element_draws_in_a_task_after_mount_and_not_at_all_once_unmounted() {
    for appearance in ["popup", "badge"] {
        let (host, widget, reports) = mount_custom_element(appearance, fixture("minor"));
        let root: web_sys::Node = host.shadow_root().expect("shadow root").into();
        // `mount` returns to the loader (and the host's queued input runs) before the draw.
        assert!(part(&root, "title").is_none(), "{appearance}: nothing drawn within mount");
        assert!(reports.borrow().is_empty(), "{appearance}: nothing reported within mount");
        assert!(wait_for(|| part(&root, "title").is_some()).await, "{appearance}: drawn in a later task");
        assert_eq!(reports.borrow().as_slice(), ["minor"], "{appearance}");
        widget.unmount();

        // Taken off the page before its draw: the draw never comes.
        let (host, widget, reports) = mount_custom_element(appearance, fixture("minor"));
        widget.unmount();
        sleep(200).await;
        let root: web_sys::Node = host.shadow_root().expect("shadow root").into();
        assert!(part(&root, "container").is_none() && part(&root, "title").is_none(), "{appearance}: never drawn");
        assert!(reports.borrow().is_empty(), "{appearance}: never reported: {:?}", reports.borrow());
    }

    // Unmounted after any number of the draw's tasks (its steps run together on a fast
    // machine, in tasks of their own on a slow one): nothing is drawn after that, and
    // nothing is left.
    for (locale, appearance) in [("fr", "popup"), ("en", "popup"), ("en", "badge")] {
        for tasks in 0..4 {
            let (host, widget, _reports) = mount_custom_element_in(locale, appearance, fixture("minor"));
            for _ in 0..tasks {
                one_message_task().await;
            }
            widget.unmount();
            sleep(100).await;
            let root: web_sys::Node = host.shadow_root().expect("shadow root").into();
            let drawn = part(&root, "container").is_some() || part(&root, "title").is_some();
            assert!(!drawn, "{locale} {appearance}, unmounted after {tasks} tasks: nothing left");
        }
    }
}

#[cfg(feature = "embed")]
#[wasm_bindgen_test]
async fn a_poll_that_comes_before_the_element_has_read_its_first_feed_is_the_one_shown() {
    let (host, widget, reports) = mount_custom_element("badge", fixture("minor"));
    // The loader hands a newer poll over before the first step has read the feed `mount` got.
    let result: JsValue = js_sys::Object::new().into();
    let value = js_sys::JSON::parse(fixture("all_operational")).expect("fixture is JSON");
    js_sys::Reflect::set(&result, &JsValue::from_str("value"), &value).expect("set");
    widget.feed(result);
    let root: web_sys::Node = host.shadow_root().expect("shadow root").into();
    assert!(wait_for(|| part(&root, "title").is_some()).await, "drawn");
    assert_eq!(part(&root, "title").and_then(|title| title.text_content()).as_deref(), Some("All Systems Operational"));
    assert_eq!(reports.borrow().as_slice(), ["none"], "the older feed is never shown nor reported");
    widget.unmount();
}

/// Waits for a message posted now: the message tasks already queued run first (the
/// element's first step), and those they queue run after.
#[cfg(feature = "embed")]
async fn one_message_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let channel = web_sys::MessageChannel::new().expect("a MessageChannel");
        channel.port1().set_onmessage(Some(&resolve));
        channel.port2().post_message(&JsValue::UNDEFINED).expect("posted");
    });
    JsFuture::from(promise).await.expect("the message came");
}

#[wasm_bindgen_test]
async fn an_open_incident_of_an_impact_the_widget_does_not_know_is_never_all_clear() {
    // The page's indicator says all is well; the incident's impact is a word of its own,
    // `null`, or not there at all.
    for (case, impact) in [r#""impact":"catastrophic","#, r#""impact":null,"#, ""].into_iter().enumerate() {
        let url = format!("https://feeds.test/unknown-impact-{case}.json");
        let feed = summary_with("Payments failing", "https://stspg.io/8", &[("u1", "Investigating.")])
            .replace(r#""indicator":"major""#, r#""indicator":"none""#)
            .replace(r#""impact":"major","#, impact);
        assert!(!feed.contains(r#""impact":"major""#), "the fixture's impact was replaced");
        serve_feed(&url, &feed);
        let (host, widget) = mount_element(&url, &[("appearance", "badge")]);
        assert!(
            wait_for(|| host.get_attribute("data-state").as_deref() == Some("minor")).await,
            "{impact}: ranked like minor"
        );
        let root = shadow(&host);
        assert_eq!(text(&root, "title").as_deref(), Some("Minor Service Outage"), "{impact}");
        let indicator = part(&root, "indicator").expect("indicator");
        assert!(indicator.closest(".sev-minor").ok().flatten().is_some(), "drawn as minor, not as unknown or stale");
        widget.unmount();
    }
}
