//! The status feed: Statuspage public API v2 documents, and what to show from them.
//!
//! This crate does no I/O and has no web dependency, so the widget (wasm) and the
//! generator (native) share it, and it is tested natively.
//!
//! ```
//! use status_feed::{select, ComponentFilter, Summary, Timestamp};
//!
//! let json = r#"{"page":{"id":"p","name":"Acme","url":"https://status.acme.test"},
//!   "status":{"indicator":"none","description":"All Systems Operational"},
//!   "incidents":[{"id":"i1","name":"API errors","status":"identified","impact":"critical",
//!     "incident_updates":[{"id":"u1","status":"identified","body":"Fix in progress.",
//!       "created_at":"2024-05-10T08:30:00.000Z"}]}]}"#;
//! let summary: Summary = serde_json::from_str(json).unwrap();
//! let now = Timestamp::parse("2024-05-10T09:00:00Z").unwrap();
//! let shown = select(&summary, now, &ComponentFilter::default());
//! // Real pages publish critical incidents under indicator `none`: the worst wins.
//! assert_eq!(shown.indicator, status_feed::Impact::Critical);
//! assert_eq!(shown.notices[0].incident.name, "API errors");
//! ```
#![deny(missing_docs)]

mod decimal;
mod lenient;
mod locale;
mod model;
mod phase;
mod select;
mod text;
mod time;

pub use decimal::{decimal, push_decimal};
pub use locale::{negotiate, translated};
pub use model::{
    AffectedComponent, Component, ComponentStatus, ComponentsDocument, Impact, Incident, IncidentStatus,
    IncidentUpdate, IncidentsDocument, MaintenancesDocument, Page, Status, StatusDocument, Summary, Translation,
    Translations,
};
pub use phase::Phase;
pub use select::{latest_update, select, ComponentFilter, Notice, NoticeKind, Selection, UPCOMING_WINDOW_MS};
pub use text::{hidden_text, plain_text, safe_link, truncate};
pub use time::{Timestamp, TimestampError};

/// What a document that is valid JSON but no status feed is (CONTRACT §3): the
/// error's message, and the hint the widget prints with the feed's URL.
pub const NOT_A_FEED: &str =
    "not a status feed: expected an object with page, status.indicator, components, incidents or scheduled_maintenances";

/// Where a Statuspage-format page publishes its summary, relative to its base URL.
pub const SUMMARY_PATH: &str = "/api/v2/summary.json";

/// The summary URL for a `feed` attribute: a page's base URL gets [`SUMMARY_PATH`]
/// appended; a URL whose path ends in `.json` is used as it is.
///
/// ```
/// assert_eq!(status_feed::summary_url("https://status.acme.test/"), "https://status.acme.test/api/v2/summary.json");
/// assert_eq!(status_feed::summary_url("/feeds/acme.json?v=2"), "/feeds/acme.json?v=2");
/// ```
pub fn summary_url(feed: &str) -> String {
    let feed = feed.trim();
    let path = feed.split(['?', '#']).next().unwrap_or(feed);
    if path.ends_with(".json") {
        feed.to_owned()
    } else {
        [path.trim_end_matches('/'), SUMMARY_PATH].concat()
    }
}
