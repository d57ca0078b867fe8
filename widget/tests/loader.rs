//! The loader script's rules, held to the Rust ones in real headless Chromium.
//!
//! `js/loader.js` decides alone, with no wasm, when a popup or banner has nothing to
//! show; it has the words of the states it reports itself, and the summary URL of a
//! `feed`. Each of those mirrors Rust code, so each is checked here
//! against that code: the quiet check on every fixture and on thousands of generated
//! feeds (it may say "load" too often, never too rarely), the rest on corpora.
#![cfg(target_arch = "wasm32")]

use serde_json::{json, Value};
use status_feed::{select, ComponentFilter, Impact, Timestamp};
use status_widget::i18n::LOCALES;
use status_widget::parse_summary;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(module = "/js/loader.js")]
extern "C" {
    fn quiet(feed: &JsValue, now: f64) -> bool;
    #[wasm_bindgen(js_name = causeOf)]
    fn cause_of(result: &JsValue) -> String;
    #[wasm_bindgen(js_name = summaryUrl)]
    fn summary_url(feed: &str) -> String;
    #[wasm_bindgen(thread_local_v2, js_name = WORDS)]
    static WORDS: js_sys::Object;
}

include!("support/fixtures.rs");

/// The fixtures' time.
fn fixture_now() -> i64 {
    Timestamp::parse("2024-05-10T12:00:00Z").expect("valid").unix_ms()
}

/// Whether the widget would show something for `json` at `now`: a notice, a state
/// other than all clear, or "not a feed".
fn widget_shows_something(json: &str, now_ms: i64) -> bool {
    let Ok(summary) = parse_summary(json) else { return true };
    let selection = select(&summary, Timestamp::from_unix_ms(now_ms), &ComponentFilter::default());
    selection.indicator != Impact::None || !selection.notices.is_empty()
}

/// `quiet` may only say "nothing to show" when the widget agrees; returns whether it did.
fn check(json: &str, now_ms: i64) -> bool {
    let value = js_sys::JSON::parse(json).unwrap_or(JsValue::UNDEFINED);
    let quiet = quiet(&value, now_ms as f64);
    if quiet {
        assert!(
            !widget_shows_something(json, now_ms),
            "the loader would hide what the widget shows at {now_ms}: {json}"
        );
    }
    quiet
}

#[wasm_bindgen_test]
fn every_fixture_that_the_widget_shows_is_loaded() {
    let mut quiet = 0;
    for json in FIXTURES {
        for hours in [-24 * 30, -1, 0, 1, 12, 23, 25, 24 * 30] {
            quiet += usize::from(check(json, fixture_now() + hours * 3_600_000));
        }
    }
    // The all-clear fixture (and others at some moments) must stay wasm-free, or the
    // check would be vacuous and every page view would pay for the wasm.
    assert!(quiet >= 8, "only {quiet} quiet cases");
}

include!("support/random.rs");

/// An ISO 8601 time `hours` from the fixtures' now, in one of several spellings.
fn time(hours: f64, spelling: usize) -> String {
    let ms = fixture_now() + (hours * 3_600_000.0) as i64;
    let iso = Timestamp::from_unix_ms(ms).to_string();
    match spelling % 5 {
        0 => iso,
        1 => Timestamp::from_unix_ms(ms).with_offset_minutes(-240).to_string(),
        2 => iso.replace('T', " "),
        3 => iso.trim_end_matches('Z').to_owned(),
        _ => iso.replace(".000", ""),
    }
}

/// A status feed built from parts real feeds have, with the odd values real feeds publish.
fn generated_feed(random: &mut Random) -> Value {
    let pick = |random: &mut Random, values: &[Value]| values[random.below(values.len())].clone();
    let stages = [
        json!("investigating"),
        json!("identified"),
        json!("monitoring"),
        json!("resolved"),
        json!("postmortem"),
        json!("scheduled"),
        json!("in_progress"),
        json!("verifying"),
        json!("completed"),
        json!("postponed"),
        Value::Null,
        json!(3),
    ];
    let hours = [-48.0, -25.0, -1.0, -0.01, 0.0, 0.5, 12.0, 23.9, 24.0, 24.01, 25.0, 72.0];
    let item = |random: &mut Random| {
        let mut item = json!({
            "id": format!("i{}", random.below(4)),
            "name": "Something",
            "status": pick(random, &stages),
            "impact": pick(random, &[json!("none"), json!("minor"), json!("critical"), json!("maintenance"), Value::Null]),
        });
        for key in ["scheduled_for", "scheduled_until", "resolved_at"] {
            if random.below(3) > 0 {
                let value = match random.below(6) {
                    0 => Value::Null,
                    1 => json!("2024-02-30T00:00:00Z"),
                    2 => json!(12),
                    _ => json!(time(hours[random.below(hours.len())], random.below(5))),
                };
                item[key] = value;
            }
        }
        item
    };
    let list = |random: &mut Random| -> Value {
        match random.below(8) {
            0 => Value::Null,
            1 => json!("[]"),
            _ => Value::Array((0..random.below(3)).map(|_| item(random)).collect()),
        }
    };
    let incidents = list(random);
    let maintenances = list(random);
    let component_statuses =
        [json!("operational"), json!("degraded_performance"), json!("major_outage"), json!("gone"), Value::Null];
    let components: Vec<Value> = (0..random.below(3))
        .map(|i| json!({"id": format!("c{i}"), "status": pick(random, &component_statuses)}))
        .collect();
    let mut feed = json!({
        "page": {"id": "p", "name": "Acme", "url": "https://status.acme.test"},
        "components": components,
        "incidents": incidents,
        "scheduled_maintenances": maintenances,
    });
    match random.below(6) {
        0 => {}
        1 => feed["status"] = json!({"indicator": pick(random, &[json!("minor"), json!("unknown"), Value::Null])}),
        2 => feed["status"] = json!("none"),
        _ => feed["status"] = json!({"indicator": "none", "description": "All Systems Operational"}),
    }
    if random.below(20) == 0 {
        feed = pick(random, &[json!({}), json!([]), json!({"error": "Not found"}), Value::Null]);
    }
    feed
}

#[wasm_bindgen_test]
fn generated_feeds_that_the_widget_shows_are_loaded() {
    let mut random = Random(0xC0FFEE);
    let (mut cases, mut quiet) = (0, 0);
    for _ in 0..5_000 {
        let feed = generated_feed(&mut random).to_string();
        quiet += usize::from(check(&feed, fixture_now()));
        cases += 1;
    }
    assert_eq!(cases, 5_000);
    // Generated all-clear feeds exist among them, and stay wasm-free.
    assert!(quiet >= 100, "only {quiet} of {cases} generated feeds were quiet");
}

#[wasm_bindgen_test]
fn the_loader_describes_its_states_in_the_words_the_widget_reports() {
    let english = &LOCALES[0];
    assert_eq!(english.tag, "en");
    let strings = english.strings();
    let word = |state: &str| WORDS.with(|words| js_sys::Reflect::get(words, &state.into()).ok()?.as_string());
    assert_eq!(word("loading").as_deref(), Some(strings.loading));
    assert_eq!(word("none").as_deref(), Some(strings.all_ok));
    assert_eq!(word("error").as_deref(), Some(strings.unavailable));
    let states: Vec<String> =
        WORDS.with(|words| js_sys::Object::keys(words).iter().filter_map(|k| k.as_string()).collect());
    assert_eq!(states, ["loading", "none", "error"], "the loader reports no other state itself");
}

#[wasm_bindgen_test]
fn the_loader_names_a_failed_poll_s_cause_as_the_widget_does() {
    use status_widget::FetchError;
    let cases = [
        (json!({"error": "network"}), FetchError::Network),
        (json!({"error": "http", "status": 503}), FetchError::Http { status: 503 }),
        (json!({"error": "too_large"}), FetchError::TooLarge),
        (json!({"error": "timeout"}), FetchError::Timeout),
        (json!({"error": "no_feed"}), FetchError::NoFeed),
    ];
    for (result, error) in cases {
        let result = js_sys::JSON::parse(&result.to_string()).expect("JSON");
        assert_eq!(cause_of(&result), error.cause(), "{error:?}");
    }
}

#[wasm_bindgen_test]
fn the_loader_fetches_the_summary_the_feed_crate_names() {
    for feed in [
        "https://status.acme.test",
        "https://status.acme.test/",
        "https://status.acme.test//",
        " https://status.acme.test ",
        "/status",
        "/feeds/acme.json",
        "/feeds/acme.json?v=2",
        "https://x.test/a?b=c",
        "https://x.test/a#frag.json",
        "",
    ] {
        assert_eq!(summary_url(feed), status_feed::summary_url(feed), "{feed:?}");
    }
}
