//! Any bytes as a Statuspage v2 document: parsing, selecting and showing it never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use status_feed::{
    latest_update, plain_text, safe_link, select, ComponentFilter, ComponentsDocument, Incident, IncidentsDocument,
    MaintenancesDocument, StatusDocument, Summary, Timestamp,
};

/// Instants around the fixtures' dates and at the ends of the range.
const NOWS: [i64; 5] = [0, 1_715_342_400_000, 1_795_000_000_000, i64::MIN / 4, i64::MAX / 4];

fn show(incident: &Incident, now: Timestamp) {
    let _ = incident.phase(now);
    let _ = latest_update(incident);
    let _ = plain_text(&incident.name);
    if let Some(link) = &incident.shortlink {
        let _ = safe_link(link);
    }
    if let Some(body) = &incident.postmortem_body {
        let _ = status_feed::truncate(&plain_text(body), 140);
    }
    for update in &incident.incident_updates {
        let text = plain_text(&update.body);
        for max in [0, 1, 17, 140] {
            let _ = status_feed::truncate(&text, max);
        }
        let _ = update.shown_at();
        let _ = status_feed::translated(&update.translations, None, &["fr-CA", "zh-TW", "pt_BR"], |t| t.body.as_ref());
    }
    let _ = status_feed::translated(&incident.translations, Some("en"), &["fr", "it"], |t| t.name.as_ref());
}

fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(value: &T) {
    let json = serde_json::to_vec(value).expect("a parsed document serializes");
    let again: T = serde_json::from_slice(&json).expect("a serialized document parses again");
    assert_eq!(&again, value, "parse(serialize(parse(x))) == parse(x)");
}

fuzz_target!(|data: &[u8]| {
    if let Ok(summary) = serde_json::from_slice::<Summary>(data) {
        let filters =
            [ComponentFilter::default(), ComponentFilter::parse("api, Website,x"), ComponentFilter::parse(",")];
        for now in NOWS.map(Timestamp::from_unix_ms) {
            for filter in &filters {
                let selection = select(&summary, now, filter);
                for notice in &selection.notices {
                    let _ = notice.updated_at();
                    let _ = notice.revision();
                }
            }
            for incident in summary.incidents.iter().chain(&summary.scheduled_maintenances) {
                show(incident, now);
            }
        }
        let _ = summary.page.updated_at.map(|t| t.to_string());
        round_trip(&summary);
    }
    if let Ok(document) = serde_json::from_slice::<IncidentsDocument>(data) {
        document.incidents.iter().for_each(|i| show(i, Timestamp::from_unix_ms(NOWS[1])));
        round_trip(&document);
    }
    if let Ok(document) = serde_json::from_slice::<MaintenancesDocument>(data) {
        document.scheduled_maintenances.iter().for_each(|i| show(i, Timestamp::from_unix_ms(NOWS[1])));
        round_trip(&document);
    }
    if let Ok(document) = serde_json::from_slice::<ComponentsDocument>(data) {
        round_trip(&document);
    }
    if let Ok(document) = serde_json::from_slice::<StatusDocument>(data) {
        round_trip(&document);
    }
});
