//! Property: no JSON document, however odd, panics the parser or the selection.

use proptest::prelude::*;
use serde_json::Value;
use status_feed::{select, ComponentFilter, Summary, Timestamp};

/// Arbitrary JSON, biased towards the keys and values of real summaries so the
/// generator reaches deep into the model instead of failing at the first field.
fn json_value() -> impl Strategy<Value = Value> {
    let keys = prop::sample::select(vec![
        "page",
        "status",
        "indicator",
        "components",
        "incidents",
        "scheduled_maintenances",
        "incident_updates",
        "name",
        "id",
        "impact",
        "created_at",
        "display_at",
        "scheduled_for",
        "scheduled_until",
        "body",
        "affected_components",
        "group",
        "translations",
        "x",
    ]);
    let strings = prop::sample::select(vec![
        "",
        "none",
        "critical",
        "major",
        "in_progress",
        "scheduled",
        "investigating",
        "2024-05-10T12:00:00Z",
        "2024-02-30T00:00:00Z",
        "9999-99-99T99:99:99+99:99",
        "<br />&amp;",
        "\u{202e}",
    ]);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        strings.prop_map(Value::from),
        ".*".prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 256, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((keys.clone(), inner), 0..8)
                .prop_map(|entries| Value::Object(entries.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())),
        ]
    })
}

proptest! {
    // `with_cases` alone would ignore PROPTEST_CASES, which `cargo xtask fuzz` sets without nightly.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(2_000)
    ))]

    #[test]
    fn arbitrary_json_never_panics(value in json_value(), now in any::<i64>()) {
        let text = value.to_string();
        if let Ok(summary) = serde_json::from_str::<Summary>(&text) {
            let _ = select(&summary, Timestamp::from_unix_ms(now / 4), &ComponentFilter::parse("api,x"));
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(text in ".*") {
        let _ = serde_json::from_str::<Summary>(&text);
        let _ = Timestamp::parse(&text);
        let _ = status_feed::plain_text(&text);
        let _ = status_feed::truncate(&text, 17);
    }
}
