//! Table-driven selection tests over fixture documents in `fixtures/`.
//! Every test reads a real-shaped Statuspage summary and states what a visitor sees
//! at a fixed `now`: the effective indicator and the ordered notices.

use status_feed::{plain_text, select, ComponentFilter, Impact, NoticeKind, Summary, Timestamp};

const NOW: &str = "2024-05-10T12:00:00Z";

fn load(fixture: &str) -> Summary {
    let path = format!("{}/tests/fixtures/{fixture}", env!("CARGO_MANIFEST_DIR"));
    let json = std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{path}: {err}"));
    serde_json::from_str(&json).unwrap_or_else(|err| panic!("{path}: {err}"))
}

/// One expected notice: kind, incident name, status of the latest update.
type Expected<'a> = (NoticeKind, &'a str, &'a str);

fn check_filtered(fixture: &str, filter: &str, indicator: Impact, expected: &[Expected<'_>]) {
    let summary = load(fixture);
    let now = Timestamp::parse(NOW).expect("valid now");
    let selection = select(&summary, now, &ComponentFilter::parse(filter));
    let shown: Vec<Expected<'_>> = selection
        .notices
        .iter()
        .map(|notice| {
            (notice.kind, notice.incident.name.as_str(), notice.latest_update.map_or("", |u| u.status.as_str()))
        })
        .collect();
    assert_eq!(shown, expected, "{fixture} notices");
    assert_eq!(selection.indicator, indicator, "{fixture} indicator");
}

fn check(fixture: &str, indicator: Impact, expected: &[Expected<'_>]) {
    check_filtered(fixture, "", indicator, expected);
}

use NoticeKind::{Incident, MaintenanceInProgress, MaintenanceUpcoming};

#[test]
fn all_operational_shows_nothing() {
    check("all_operational.json", Impact::None, &[]);
}

#[test]
fn minor_incident_is_shown_with_its_stage() {
    check("minor_incident.json", Impact::Minor, &[(Incident, "Slow API responses", "investigating")]);
}

#[test]
fn incidents_are_ordered_by_impact_then_latest_update_whatever_the_array_order() {
    check(
        "major_many_updates_out_of_order.json",
        Impact::Major,
        &[
            (Incident, "Card payments failing", "monitoring"),
            (Incident, "Webhooks delayed", "identified"),
            (Incident, "Slow dashboard", "investigating"),
        ],
    );
}

#[test]
fn latest_update_is_the_newest_not_the_first_listed() {
    let summary = load("major_many_updates_out_of_order.json");
    let latest = status_feed::latest_update(&summary.incidents[0]).expect("has updates");
    assert_eq!(latest.id, "u4");
}

#[test]
fn critical_incident_under_indicator_none_makes_the_state_critical() {
    check(
        "critical_under_indicator_none.json",
        Impact::Critical,
        &[(Incident, "Full outage of the API", "investigating")],
    );
}

#[test]
fn maintenance_within_24_hours_is_upcoming_soonest_first_and_later_ones_are_not_shown() {
    check(
        "maintenance_upcoming.json",
        Impact::None,
        &[(MaintenanceUpcoming, "Cache flush", "scheduled"), (MaintenanceUpcoming, "Database upgrade", "scheduled")],
    );
}

#[test]
fn maintenance_in_progress_by_status_stays_in_progress_past_its_window() {
    check(
        "maintenance_in_progress_by_status.json",
        Impact::Maintenance,
        &[
            (MaintenanceInProgress, "Database upgrade", "in_progress"),
            (MaintenanceInProgress, "Search reindex", "verifying"),
        ],
    );
}

#[test]
fn scheduled_maintenance_whose_window_contains_now_is_in_progress_and_an_ended_one_is_over() {
    check(
        "maintenance_in_progress_by_window.json",
        Impact::Maintenance,
        &[(MaintenanceInProgress, "Storage migration", "scheduled")],
    );
    // Shown as in progress since its window opened, not as its announcement, days ago.
    let summary = load("maintenance_in_progress_by_window.json");
    let selection = select(&summary, Timestamp::parse(NOW).expect("now"), &ComponentFilter::default());
    let opened = Timestamp::parse("2024-05-10T11:00:00Z").ok();
    assert_eq!(selection.notices[0].stage(), (status_feed::IncidentStatus::InProgress, opened));
}

#[test]
fn completed_maintenance_is_not_shown() {
    check("maintenance_completed.json", Impact::None, &[]);
}

#[test]
fn document_without_incidents_arrays_still_reads() {
    check("without_incidents.json", Impact::Minor, &[]);
}

#[test]
fn unknown_enum_values_degrade_the_item_not_the_document() {
    let summary = load("unknown_enums.json");
    // An unknown indicator is read from the components (whose one status is unknown too).
    assert_eq!(summary.status.indicator, Impact::None);
    assert_eq!(summary.components[0].status, status_feed::ComponentStatus::Unknown);
    assert_eq!(summary.incidents[1].created_at, None, "an unreadable date becomes None");
    check(
        "unknown_enums.json",
        Impact::Major,
        &[(Incident, "Known stage", "identified"), (Incident, "New stage", "unknown")],
    );
}

#[test]
fn non_ascii_and_rtl_text_is_kept_exactly() {
    check("non_ascii_rtl.json", Impact::Major, &[(Incident, "انقطاع في خدمة الدفع — 決済の障害", "identified")]);
    let summary = load("non_ascii_rtl.json");
    assert_eq!(
        plain_text(&summary.incidents[0].incident_updates[0].body),
        "נמצאה הבעיה. Nous déployons un correctif à 東京."
    );
}

#[test]
fn body_markup_becomes_plain_text() {
    let summary = load("body_markup.json");
    assert_eq!(
        plain_text(&summary.incidents[0].incident_updates[0].body),
        "Emails are delayed.\n\nSee our post & retry later — thanks."
    );
}

#[test]
fn component_filter_by_name_keeps_only_incidents_touching_it() {
    check_filtered(
        "major_many_updates_out_of_order.json",
        "website",
        Impact::Minor,
        &[(Incident, "Slow dashboard", "investigating")],
    );
}

#[test]
fn component_filter_by_id_matches_affected_components_of_updates() {
    check_filtered(
        "major_many_updates_out_of_order.json",
        "pay1",
        Impact::Major,
        &[(Incident, "Card payments failing", "monitoring")],
    );
}

#[test]
fn component_filter_by_group_name_brings_the_group_members() {
    check_filtered(
        "major_many_updates_out_of_order.json",
        "Platform",
        Impact::Major,
        &[(Incident, "Webhooks delayed", "identified"), (Incident, "Slow dashboard", "investigating")],
    );
}

#[test]
fn filtered_widget_ignores_the_page_indicator_of_other_components() {
    check_filtered("minor_incident.json", "Payments", Impact::None, &[]);
}

#[test]
fn serializing_and_reading_again_gives_the_same_document() {
    for fixture in ["major_many_updates_out_of_order.json", "maintenance_upcoming.json", "non_ascii_rtl.json"] {
        let summary = load(fixture);
        let written = serde_json::to_string(&summary).expect("serializable");
        let again: Summary = serde_json::from_str(&written).expect("readable");
        assert_eq!(again, summary, "{fixture}");
    }
}

#[test]
fn serialized_summary_keeps_statuspage_field_names_and_timestamps() {
    let summary = load("maintenance_upcoming.json");
    let value = serde_json::to_value(&summary).expect("serializable");
    let maintenance = &value["scheduled_maintenances"][2];
    assert_eq!(maintenance["scheduled_for"], "2024-05-10T20:00:00.000-04:00");
    assert_eq!(maintenance["impact"], "maintenance");
    assert_eq!(value["status"]["indicator"], "none");
    assert!(maintenance["resolved_at"].is_null());
}

#[test]
fn a_filter_matches_an_incident_s_own_component_names_in_any_case_not_only_ascii() {
    // A component the incident names but the summary's list does not (a page that hides
    // it), matched by name: "Überweisungen" for a filter written "überweisungen".
    let mut summary = load("minor_incident.json");
    summary.incidents[0].components[0].id = "ueb1".into();
    summary.incidents[0].components[0].name = "Überweisungen".into();
    let now = Timestamp::parse(NOW).expect("valid now");
    for filter in ["überweisungen", "ÜBERWEISUNGEN", "Überweisungen"] {
        let selection = select(&summary, now, &ComponentFilter::parse(filter));
        let names: Vec<&str> = selection.notices.iter().map(|notice| notice.incident.name.as_str()).collect();
        assert_eq!(names, ["Slow API responses"], "{filter}");
    }
}

#[test]
fn a_filter_that_names_no_component_matches_nothing_and_one_that_does_matches() {
    let summary = load("minor_incident.json");
    assert!(ComponentFilter::parse("Nope, Nada").matches_nothing(&summary));
    let first = &summary.components[0];
    assert!(!ComponentFilter::parse(&format!("nope, {}", first.name.to_uppercase())).matches_nothing(&summary));
    assert!(!ComponentFilter::parse(&first.id).matches_nothing(&summary));
    assert!(!ComponentFilter::parse("").matches_nothing(&summary), "no filter is not a filter that matches nothing");
}

#[test]
fn a_filter_that_names_nothing_in_the_feed_is_set_aside_never_an_all_clear_during_an_outage() {
    // A typo, or a component renamed since the page was written: the whole feed shows.
    let summary = load("major_many_updates_out_of_order.json");
    let now = Timestamp::parse(NOW).expect("valid now");
    let everything = select(&summary, now, &ComponentFilter::parse(""));
    let typo = select(&summary, now, &ComponentFilter::parse("Paymnets"));
    assert_ne!(everything.indicator, Impact::None, "the fixture has an outage");
    assert_eq!(typo.indicator, everything.indicator);
    let ids = |selection: &status_feed::Selection<'_>| -> Vec<String> {
        selection.notices.iter().map(|notice| notice.incident.id.clone()).collect()
    };
    assert_eq!(ids(&typo), ids(&everything));
}

#[test]
fn only_maintenance_under_way_while_scheduled_is_shown_as_in_progress() {
    use status_feed::{IncidentStatus, Phase};
    assert_eq!(IncidentStatus::Scheduled.shown_in(Phase::InProgress), IncidentStatus::InProgress);
    for phase in [Phase::Open, Phase::Upcoming, Phase::Over] {
        assert_eq!(IncidentStatus::Scheduled.shown_in(phase), IncidentStatus::Scheduled, "{phase:?}");
    }
    for status in [IncidentStatus::Verifying, IncidentStatus::Identified, IncidentStatus::Unknown] {
        assert_eq!(status.shown_in(Phase::InProgress), status);
    }
}

#[test]
fn a_dismissal_key_changes_with_a_new_update_or_a_new_impact_not_otherwise() {
    let json = |impact: &str, update: &str| {
        format!(
            r#"{{"incidents": [{{"id": "i1", "name": "Errors", "status": "identified", "impact": "{impact}",
            "incident_updates": [{{"id": "{update}", "status": "identified", "created_at": "2024-05-10T11:00:00Z"}}]}}]}}"#
        )
    };
    let revision = |impact: &str, update: &str| {
        let summary: Summary = serde_json::from_str(&json(impact, update)).expect("reads");
        let now = Timestamp::parse(NOW).expect("now");
        select(&summary, now, &ComponentFilter::default()).notices[0].revision()
    };
    assert_eq!(revision("minor", "u1"), revision("minor", "u1"));
    assert_ne!(revision("minor", "u1"), revision("minor", "u2"), "a new update");
    assert_ne!(revision("minor", "u1"), revision("critical", "u1"), "raised without a word");

    // Maintenance dismissed while to come is shown again once it begins.
    let maintenance: Summary = serde_json::from_str(
        r#"{"scheduled_maintenances": [{"id": "m1", "name": "Upgrade", "status": "scheduled", "impact": "maintenance",
            "scheduled_for": "2024-05-10T13:00:00Z", "scheduled_until": "2024-05-10T15:00:00Z",
            "incident_updates": [{"id": "m1u", "status": "scheduled", "created_at": "2024-05-09T10:00:00Z"}]}]}"#,
    )
    .expect("reads");
    let at = |time: &str| {
        let selection = select(&maintenance, Timestamp::parse(time).expect("time"), &ComponentFilter::default());
        (selection.notices[0].kind, selection.notices[0].revision())
    };
    let (to_come, begun) = (at("2024-05-10T12:00:00Z"), at("2024-05-10T13:30:00Z"));
    assert_eq!((to_come.0, begun.0), (NoticeKind::MaintenanceUpcoming, NoticeKind::MaintenanceInProgress));
    assert_ne!(to_come.1, begun.1);
}

#[test]
fn an_item_listed_twice_is_shown_once_and_a_resolved_copy_never_hides_an_open_one() {
    let incident = |status: &str, impact: &str| {
        serde_json::json!({"id": "i1", "name": "Checkout errors", "status": status, "impact": impact,
            "created_at": "2024-05-10T11:00:00Z", "updated_at": "2024-05-10T11:30:00Z", "incident_updates": []})
    };
    let json = serde_json::json!({
        "page": {"name": "Acme"},
        "status": {"indicator": "none"},
        "incidents": [incident("resolved", "major"), incident("investigating", "major"), incident("identified", "major")],
    });
    let summary: Summary = serde_json::from_value(json).expect("feed");
    let selection = select(&summary, Timestamp::parse(NOW).expect("now"), &ComponentFilter::parse(""));
    let shown: Vec<&str> = selection.notices.iter().map(|notice| notice.incident.status.as_str()).collect();
    assert_eq!(shown, ["investigating"]);
    assert_eq!(selection.indicator, Impact::Major);
}
