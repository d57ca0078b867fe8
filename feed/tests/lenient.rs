//! Reading real, messy feeds (CONTRACT §3): a field of another JSON type degrades that
//! field only, a document that is not a feed is an error and never an all-clear, and a
//! document without `status` takes its state from its worst component.

use proptest::prelude::*;
use serde_json::{json, Value};
use status_feed::{select, ComponentFilter, ComponentStatus, Impact, IncidentStatus, Summary, Timestamp};

const NOW: &str = "2024-05-10T12:00:00Z";

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{path}: {err}"))
}

fn read(json: &str) -> Result<Summary, serde_json::Error> {
    serde_json::from_str(json)
}

fn now() -> Timestamp {
    Timestamp::parse(NOW).expect("valid now")
}

/// What a visitor is shown: the indicator and, per notice, its name and latest body.
fn shown(summary: &Summary) -> (Impact, Vec<(String, String)>) {
    let selection = select(summary, now(), &ComponentFilter::default());
    let notices = selection
        .notices
        .iter()
        .map(|notice| (notice.incident.name.clone(), notice.latest_update.map_or(String::new(), |u| u.body.clone())))
        .collect();
    (selection.indicator, notices)
}

#[test]
fn a_major_incident_with_wrong_typed_fields_everywhere_is_still_shown() {
    let summary = read(&fixture("wrong_types_major_incident.json")).expect("a feed with odd fields reads");
    let (indicator, notices) = shown(&summary);
    assert_eq!(indicator, Impact::Major);
    assert_eq!(
        notices,
        [("Elevated API error rates".to_owned(), "The cause is known; a fix is rolling out.".to_owned())]
    );
}

#[test]
fn each_wrong_typed_field_degrades_to_its_default_and_nothing_else() {
    let summary = read(&fixture("wrong_types_major_incident.json")).expect("reads");
    // A number for a string: empty, never a stringified (and in a browser, rounded) number.
    assert_eq!(summary.page.id, "");
    assert_eq!(summary.incidents[0].id, "");
    // An object for a string.
    assert_eq!(summary.status.description, "");
    assert_eq!(summary.incidents[0].page_id, "");
    // Items of the wrong type are dropped from lists; `"[]"` and `null` are empty lists.
    assert_eq!(summary.components.len(), 3);
    assert!(summary.incidents[0].components.is_empty());
    assert!(summary.scheduled_maintenances.is_empty());
    assert_eq!(summary.incidents[0].incident_updates.len(), 2);
    // Group members keep their strings only.
    assert_eq!(summary.components[2].components.as_deref(), Some(&["c-api".to_owned(), "c-web".to_owned()][..]));
    // Strings for booleans; a number for a boolean is false.
    assert!(summary.components[0].showcase);
    assert!(!summary.components[0].group);
    assert!(!summary.components[1].showcase);
    // Integers: a whole float is read, beyond 2^53 or a string is not.
    assert_eq!(summary.components[0].position, Some(1));
    assert_eq!(summary.components[1].position, None);
    assert_eq!(summary.components[2].position, None);
    // A number for a timestamp.
    assert_eq!(summary.components[0].created_at, None);
    // A number for an enum is unknown; the item stays.
    let update = &summary.incidents[0].incident_updates[0];
    let affected = update.affected_components.as_deref().expect("a list");
    assert_eq!(affected.len(), 1);
    assert_eq!(affected[0].old_status, ComponentStatus::MajorOutage);
    assert_eq!(affected[0].new_status, ComponentStatus::Unknown);
    assert_eq!(update.tweet_id, None);
    assert!(update.deliver_notifications);
    assert_eq!(update.next_update_at, None);
    // A translation that is not an object is dropped, the others kept.
    assert_eq!(update.translations.iter().map(|(tag, _)| tag).collect::<Vec<_>>(), ["fr"]);
    // A list given as a string on an update is no list.
    assert_eq!(summary.incidents[0].incident_updates[1].affected_components, None);
}

#[test]
fn documents_that_are_not_feeds_are_errors_never_an_all_clear() {
    for json in [
        "{}",
        "[]",
        "null",
        "3",
        "\"ok\"",
        r#"{"error": "Not found"}"#,
        r#"{"status": 404, "message": "Not Found"}"#,
        r#"{"incidents": "[]"}"#,
        r#"[{"page": {}}]"#,
        // An API's own error bodies: a part that says nothing is no part.
        r#"{"status": {"code": 503, "message": "Service Unavailable"}}"#,
        r#"{"status": {"indicator": null}}"#,
        r#"{"status": {}, "page": {"title": "Page not found"}}"#,
        r#"{"status": {"indicator": "degraded"}}"#,
    ] {
        let error = read(json).expect_err(json);
        assert!(error.to_string().contains("not a status feed"), "{json}: {error}");
    }
}

#[test]
fn any_one_part_makes_a_feed() {
    for json in [
        r#"{"page": {"name": "Acme"}}"#,
        r#"{"page": {"url": "https://status.acme.test"}}"#,
        r#"{"status": {"indicator": "none"}}"#,
        r#"{"status": {"indicator": null}, "components": []}"#,
        r#"{"components": []}"#,
        r#"{"incidents": []}"#,
        r#"{"scheduled_maintenances": []}"#,
    ] {
        assert!(read(json).is_ok(), "{json}");
    }
}

#[test]
fn a_document_without_status_takes_its_worst_component() {
    let check = |statuses: &[&str], expected: Impact| {
        let components: Vec<Value> =
            statuses.iter().enumerate().map(|(i, s)| json!({"id": format!("c{i}"), "status": s})).collect();
        let json = json!({"page": {"name": "Acme"}, "components": components}).to_string();
        let summary = read(&json).expect("a components document");
        assert_eq!(shown(&summary).0, expected, "{statuses:?}");
    };
    check(&["operational"], Impact::None);
    check(&["operational", "degraded_performance"], Impact::Minor);
    check(&["partial_outage", "degraded_performance"], Impact::Major);
    check(&["major_outage", "under_maintenance"], Impact::Critical);
    check(&["under_maintenance"], Impact::Maintenance);
    check(&["gone"], Impact::None);
}

#[test]
fn a_published_status_is_kept_even_when_components_disagree() {
    let json = r#"{"status": {"indicator": "none"}, "components": [{"status": "degraded_performance"}]}"#;
    assert_eq!(read(json).expect("reads").status.indicator, Impact::None);
}

#[test]
fn null_everywhere_reads_as_missing_and_a_null_enum_as_unknown() {
    let json = r#"{"page": null, "status": {"indicator": null, "description": null}, "components": null,
        "incidents": [{"id": null, "name": null, "status": null, "impact": null, "incident_updates": null,
        "components": null, "translations": null, "shortlink": null}], "scheduled_maintenances": null}"#;
    let summary = read(json).expect("reads");
    assert_eq!(summary.status.indicator, Impact::None, "no components: none is wrong");
    assert_eq!(summary.incidents[0].status, IncidentStatus::Unknown);
    assert_eq!(summary.incidents[0].impact, Impact::Unknown);
    assert_eq!(summary.incidents[0].name, "");
}

#[test]
fn an_open_incident_without_an_impact_is_never_all_clear() {
    for impact in ["", r#""impact": null,"#, r#""impact": 3,"#, r#""impact": "Major","#] {
        let json = format!(
            r#"{{"status": {{"indicator": "none"}}, "incidents": [{{{impact} "name": "API down", "status": "investigating"}}]}}"#
        );
        let summary = read(&json).expect("reads");
        assert_eq!(summary.incidents[0].impact, Impact::Unknown, "{impact}");
        assert_eq!(shown(&summary).0, Impact::Unknown, "{impact}: ranked like minor, not none");
    }
}

#[test]
fn a_status_without_a_readable_indicator_takes_it_from_the_components() {
    for status in [r#"{}"#, r#"{"indicator": null}"#, r#"{"indicator": "partial_outage"}"#, r#"{"indicator": 2}"#] {
        let json = format!(r#"{{"status": {status}, "components": [{{"id": "api", "status": "major_outage"}}]}}"#);
        assert_eq!(read(&json).expect("reads").status.indicator, Impact::Critical, "{status}");
    }
    let json = r#"{"status": {"indicator": "partial_outage"}, "components": [{"id": "api", "status": "operational"}]}"#;
    assert_eq!(read(json).expect("reads").status.indicator, Impact::None);
}

#[test]
fn a_later_key_replaces_an_earlier_one_as_in_json_parse() {
    let json = r#"{"incidents": [{"name": "first", "name": "second", "status": "resolved", "status": "identified"}]}"#;
    let summary = read(json).expect("reads");
    assert_eq!(summary.incidents[0].name, "second");
    assert_eq!(summary.incidents[0].status, IncidentStatus::Identified);
}

#[test]
fn wire_names_round_trip_for_every_known_value() {
    for impact in Impact::ALL {
        assert_eq!(Impact::from_wire(impact.as_str()), *impact);
    }
    for status in ComponentStatus::ALL {
        assert_eq!(ComponentStatus::from_wire(status.as_str()), *status);
    }
    for status in IncidentStatus::ALL {
        assert_eq!(IncidentStatus::from_wire(status.as_str()), *status);
        assert_eq!(serde_json::to_value(status).expect("writes"), Value::from(status.as_str()));
    }
    assert_eq!(IncidentStatus::from_wire("postponed"), IncidentStatus::Unknown);
}

/// Values of every JSON type, the odd ones real feeds publish among them.
fn odd_value() -> impl Strategy<Value = Value> {
    prop::sample::select(vec![
        Value::Null,
        json!(true),
        json!("true"),
        json!(0),
        json!(1.5),
        json!(1_789_234_567_890_123_456_u64),
        json!(-3),
        json!("[]"),
        json!(""),
        json!("x"),
        json!({}),
        json!({"a": 1}),
        json!([]),
        json!([1, "a", null]),
    ])
}

/// Fields no visitor is shown: changing them must never change what is shown.
const UNDISPLAYED: &[&str] = &[
    "tweet_id",
    "custom_tweet",
    "deliver_notifications",
    "page_id",
    "incident_id",
    "showcase",
    "position",
    "only_show_if_degraded",
    "description",
    "start_date",
    "time_zone",
    "monitoring_at",
    "started_at",
    "reminder_intervals",
    "postmortem_body",
];

/// Sets every occurrence of `key` (at any depth) to the next of `values`.
fn mutate(value: &mut Value, key: &str, values: &mut impl Iterator<Item = Value>) {
    match value {
        Value::Object(map) => {
            for (name, field) in map.iter_mut() {
                if name == key {
                    if let Some(replacement) = values.next() {
                        *field = replacement;
                    }
                } else {
                    mutate(field, key, values);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| mutate(item, key, values)),
        _ => {}
    }
}

const FIXTURES: &[&str] = &[
    "all_operational.json",
    "body_markup.json",
    "critical_under_indicator_none.json",
    "maintenance_completed.json",
    "maintenance_in_progress_by_status.json",
    "maintenance_in_progress_by_window.json",
    "maintenance_upcoming.json",
    "major_many_updates_out_of_order.json",
    "minor_incident.json",
    "non_ascii_rtl.json",
    "unknown_enums.json",
    "without_incidents.json",
    "wrong_types_major_incident.json",
];

proptest! {
    // `with_cases` alone would ignore PROPTEST_CASES, which `cargo xtask fuzz` sets without nightly.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(3_000)
    ))]

    #[test]
    fn a_field_nobody_displays_never_changes_what_is_shown(
        fixture_index in 0..FIXTURES.len(),
        keys in prop::collection::vec(prop::sample::select(UNDISPLAYED), 1..5),
        values in prop::collection::vec(odd_value(), 1..40),
    ) {
        let original = fixture(FIXTURES[fixture_index]);
        let expected = shown(&read(&original).expect("fixtures read"));
        let mut document: Value = serde_json::from_str(&original).expect("fixtures are JSON");
        let mut values = values.into_iter().cycle();
        for key in &keys {
            mutate(&mut document, key, &mut values);
        }
        let mutated = read(&document.to_string());
        prop_assert!(mutated.is_ok(), "{:?}", mutated.err());
        prop_assert_eq!(shown(&mutated.expect("checked")), expected);
    }

    #[test]
    fn a_wrong_typed_field_below_the_top_never_rejects_a_feed(
        fixture_index in 0..FIXTURES.len(),
        pick in any::<prop::sample::Index>(),
        replacement in odd_value(),
    ) {
        let mut document: Value = serde_json::from_str(&fixture(FIXTURES[fixture_index])).expect("fixtures are JSON");
        // Any value two or more levels down: the summary keeps its other parts, so it stays a feed.
        let mut pointers = Vec::new();
        pointers_below(&document, String::new(), &mut pointers);
        let deep: Vec<&String> = pointers.iter().filter(|p| p.matches('/').count() >= 2).collect();
        let pointer = deep[pick.index(deep.len())].clone();
        *document.pointer_mut(&pointer).expect("a pointer just collected") = replacement;
        let result = read(&document.to_string());
        prop_assert!(result.is_ok(), "{pointer}: {:?}", result.err());
    }
}

/// Every JSON pointer to a value inside `value`.
fn pointers_below(value: &Value, here: String, out: &mut Vec<String>) {
    let children: Vec<(String, &Value)> = match value {
        Value::Object(map) => map.iter().map(|(k, v)| (k.replace('~', "~0").replace('/', "~1"), v)).collect(),
        Value::Array(items) => items.iter().enumerate().map(|(i, v)| (i.to_string(), v)).collect(),
        _ => return,
    };
    for (step, child) in children {
        let pointer = format!("{here}/{step}");
        out.push(pointer.clone());
        pointers_below(child, pointer, out);
    }
}
