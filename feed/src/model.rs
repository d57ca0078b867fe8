//! Serde types for the documents of Statuspage's public API v2.
//!
//! Reading is lenient because these documents come from the outside world: unknown
//! fields are ignored, missing or `null` optional fields default, an unknown enum
//! value becomes `Unknown`, and an unreadable timestamp becomes `None`. Writing
//! produces the shapes Statuspage itself publishes, so existing clients can read
//! what `statusgen` writes.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

use crate::Timestamp;

/// `summary.json`: everything a status widget needs in one document.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Summary {
    /// The status page this document describes.
    pub page: Page,
    /// Every component, groups included, in page order.
    #[serde(deserialize_with = "null_as_default")]
    pub components: Vec<Component>,
    /// Unresolved incidents. Some Statuspage-compatible hosts omit the array.
    #[serde(deserialize_with = "null_as_default")]
    pub incidents: Vec<Incident>,
    /// Upcoming and in-progress maintenance. Some hosts omit the array.
    #[serde(deserialize_with = "null_as_default")]
    pub scheduled_maintenances: Vec<Incident>,
    /// The page's overall status as its operator published it.
    pub status: Status,
}

/// `status.json`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StatusDocument {
    /// The status page.
    pub page: Page,
    /// Its overall status.
    pub status: Status,
}

/// `components.json`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ComponentsDocument {
    /// The status page.
    pub page: Page,
    /// Every component.
    #[serde(deserialize_with = "null_as_default")]
    pub components: Vec<Component>,
}

/// `incidents.json` and `incidents/unresolved.json`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct IncidentsDocument {
    /// The status page.
    pub page: Page,
    /// Incidents, most recent first.
    #[serde(deserialize_with = "null_as_default")]
    pub incidents: Vec<Incident>,
}

/// `scheduled-maintenances.json` and its `upcoming.json` / `active.json` variants.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MaintenancesDocument {
    /// The status page.
    pub page: Page,
    /// Scheduled maintenances.
    #[serde(deserialize_with = "null_as_default")]
    pub scheduled_maintenances: Vec<Incident>,
}

/// The status page a document comes from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Page {
    /// Statuspage's page id.
    #[serde(deserialize_with = "null_as_default")]
    pub id: String,
    /// The page's name, usually the company or product.
    #[serde(deserialize_with = "null_as_default")]
    pub name: String,
    /// The public URL of the full status page.
    #[serde(deserialize_with = "null_as_default")]
    pub url: String,
    /// IANA time zone the page is run in, e.g. `Etc/UTC`.
    pub time_zone: Option<String>,
    /// When anything on the page last changed.
    #[serde(deserialize_with = "crate::time::lenient::deserialize")]
    pub updated_at: Option<Timestamp>,
}

/// The page's overall status.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Status {
    /// Overall severity.
    pub indicator: Impact,
    /// Human text for it, e.g. "All Systems Operational".
    #[serde(deserialize_with = "null_as_default")]
    pub description: String,
}

/// A severity: the page's `status.indicator` and an incident's `impact` share these values.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    /// Nothing is wrong.
    #[default]
    None,
    /// Planned maintenance.
    Maintenance,
    /// A minor problem.
    Minor,
    /// A major problem.
    Major,
    /// A critical problem.
    Critical,
    /// A value this crate does not know.
    #[serde(other)]
    Unknown,
}

impl Impact {
    /// Severity rank: critical > major > minor > maintenance > none. An unknown
    /// impact on something active counts as minor: something is wrong, we cannot say how much.
    pub fn rank(self) -> u8 {
        match self {
            Self::None => 0,
            Self::Maintenance => 1,
            Self::Minor | Self::Unknown => 2,
            Self::Major => 3,
            Self::Critical => 4,
        }
    }

    /// The more severe of two impacts.
    pub fn worst(self, other: Self) -> Self {
        if other.rank() > self.rank() {
            other
        } else {
            self
        }
    }

    /// The wire name, as in `"indicator": "major"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Maintenance => "maintenance",
            Self::Minor => "minor",
            Self::Major => "major",
            Self::Critical => "critical",
            Self::Unknown => "unknown",
        }
    }
}

/// A component (or a group of components) of the page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Component {
    /// Statuspage's component id.
    #[serde(deserialize_with = "null_as_default")]
    pub id: String,
    /// Display name.
    #[serde(deserialize_with = "null_as_default")]
    pub name: String,
    /// Current status.
    pub status: ComponentStatus,
    /// When the component was created.
    #[serde(deserialize_with = "crate::time::lenient::deserialize")]
    pub created_at: Option<Timestamp>,
    /// When its status last changed.
    #[serde(deserialize_with = "crate::time::lenient::deserialize")]
    pub updated_at: Option<Timestamp>,
    /// Order on the page.
    pub position: Option<i64>,
    /// Optional description.
    pub description: Option<String>,
    /// Whether it is shown on the page's front.
    #[serde(deserialize_with = "null_as_default")]
    pub showcase: bool,
    /// First day of its uptime history, `YYYY-MM-DD`.
    pub start_date: Option<String>,
    /// The group it belongs to, if any.
    pub group_id: Option<String>,
    /// The page id.
    #[serde(deserialize_with = "null_as_default")]
    pub page_id: String,
    /// Whether this is a group of other components.
    #[serde(deserialize_with = "null_as_default")]
    pub group: bool,
    /// Whether the page hides it while it is operational.
    #[serde(deserialize_with = "null_as_default")]
    pub only_show_if_degraded: bool,
    /// For a group, the ids of its components; absent for plain components.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub components: Option<Vec<String>>,
}

/// A component's status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComponentStatus {
    /// Working normally.
    #[default]
    Operational,
    /// Slower than usual.
    DegradedPerformance,
    /// Partly unavailable.
    PartialOutage,
    /// Unavailable.
    MajorOutage,
    /// In planned maintenance.
    UnderMaintenance,
    /// A value this crate does not know.
    #[serde(other)]
    Unknown,
}

impl ComponentStatus {
    /// The page indicator this status implies, as Statuspage rolls statuses up.
    pub fn impact(self) -> Impact {
        match self {
            Self::Operational => Impact::None,
            Self::DegradedPerformance => Impact::Minor,
            Self::PartialOutage => Impact::Major,
            Self::MajorOutage => Impact::Critical,
            Self::UnderMaintenance => Impact::Maintenance,
            Self::Unknown => Impact::None,
        }
    }

    /// The wire name, as in `"status": "partial_outage"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Operational => "operational",
            Self::DegradedPerformance => "degraded_performance",
            Self::PartialOutage => "partial_outage",
            Self::MajorOutage => "major_outage",
            Self::UnderMaintenance => "under_maintenance",
            Self::Unknown => "unknown",
        }
    }
}

/// An incident or a scheduled maintenance: Statuspage uses one shape for both.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Incident {
    /// Statuspage's incident id.
    #[serde(deserialize_with = "null_as_default")]
    pub id: String,
    /// The incident's title.
    #[serde(deserialize_with = "null_as_default")]
    pub name: String,
    /// Current stage.
    pub status: IncidentStatus,
    /// When it was created.
    #[serde(deserialize_with = "crate::time::lenient::deserialize")]
    pub created_at: Option<Timestamp>,
    /// When it last changed.
    #[serde(deserialize_with = "crate::time::lenient::deserialize")]
    pub updated_at: Option<Timestamp>,
    /// When it entered monitoring.
    #[serde(deserialize_with = "crate::time::lenient::deserialize")]
    pub monitoring_at: Option<Timestamp>,
    /// When it was resolved (or the maintenance completed).
    #[serde(deserialize_with = "crate::time::lenient::deserialize")]
    pub resolved_at: Option<Timestamp>,
    /// How severe it is.
    pub impact: Impact,
    /// Short URL of the incident's own page.
    pub shortlink: Option<String>,
    /// When the problem started, which may precede `created_at`.
    #[serde(deserialize_with = "crate::time::lenient::deserialize")]
    pub started_at: Option<Timestamp>,
    /// The page id.
    #[serde(deserialize_with = "null_as_default")]
    pub page_id: String,
    /// Every update, newest first as Statuspage writes them (readers must not rely on it).
    #[serde(deserialize_with = "null_as_default")]
    pub incident_updates: Vec<IncidentUpdate>,
    /// The components it affects.
    #[serde(deserialize_with = "null_as_default")]
    pub components: Vec<Component>,
    /// For maintenance: when the window opens.
    #[serde(deserialize_with = "crate::time::lenient::deserialize", skip_serializing_if = "Option::is_none")]
    pub scheduled_for: Option<Timestamp>,
    /// For maintenance: when the window closes.
    #[serde(deserialize_with = "crate::time::lenient::deserialize", skip_serializing_if = "Option::is_none")]
    pub scheduled_until: Option<Timestamp>,
    /// Extension: the title in other languages, keyed by BCP 47 tag. Clients that do
    /// not know the field ignore it.
    #[serde(deserialize_with = "null_as_default", skip_serializing_if = "BTreeMap::is_empty")]
    pub translations: BTreeMap<String, Translation>,
}

/// An incident's or maintenance's stage.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IncidentStatus {
    /// Incident: the cause is being looked for.
    #[default]
    Investigating,
    /// Incident: the cause is known.
    Identified,
    /// Incident: a fix is in place and being watched.
    Monitoring,
    /// Incident: over.
    Resolved,
    /// Incident: over, with a post-mortem.
    Postmortem,
    /// Maintenance: planned.
    Scheduled,
    /// Maintenance: under way.
    InProgress,
    /// Maintenance: done, being checked.
    Verifying,
    /// Maintenance: over.
    Completed,
    /// A value this crate does not know.
    #[serde(other)]
    Unknown,
}

impl IncidentStatus {
    /// The wire name, as in `"status": "in_progress"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Investigating => "investigating",
            Self::Identified => "identified",
            Self::Monitoring => "monitoring",
            Self::Resolved => "resolved",
            Self::Postmortem => "postmortem",
            Self::Scheduled => "scheduled",
            Self::InProgress => "in_progress",
            Self::Verifying => "verifying",
            Self::Completed => "completed",
            Self::Unknown => "unknown",
        }
    }

    /// Whether this is one of the maintenance stages.
    pub fn is_maintenance(self) -> bool {
        matches!(self, Self::Scheduled | Self::InProgress | Self::Verifying | Self::Completed)
    }
}

/// One posted update of an incident.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct IncidentUpdate {
    /// Statuspage's update id.
    #[serde(deserialize_with = "null_as_default")]
    pub id: String,
    /// The incident's stage when this was posted.
    pub status: IncidentStatus,
    /// The message. Real pages put `<br />`, entities and Markdown here: show it
    /// through [`crate::plain_text`], never as HTML.
    #[serde(deserialize_with = "null_as_default")]
    pub body: String,
    /// The incident it belongs to.
    #[serde(deserialize_with = "null_as_default")]
    pub incident_id: String,
    /// When it was posted.
    #[serde(deserialize_with = "crate::time::lenient::deserialize")]
    pub created_at: Option<Timestamp>,
    /// When it was last edited.
    #[serde(deserialize_with = "crate::time::lenient::deserialize")]
    pub updated_at: Option<Timestamp>,
    /// The time shown for it, which operators may back-date.
    #[serde(deserialize_with = "crate::time::lenient::deserialize")]
    pub display_at: Option<Timestamp>,
    /// Component status changes posted with it.
    pub affected_components: Option<Vec<AffectedComponent>>,
    /// Whether subscribers were notified.
    #[serde(deserialize_with = "null_as_default")]
    pub deliver_notifications: bool,
    /// Statuspage's tweet text, if any.
    pub custom_tweet: Option<String>,
    /// Statuspage's tweet id, if any.
    pub tweet_id: Option<String>,
    /// Extension: the body in other languages, keyed by BCP 47 tag.
    #[serde(deserialize_with = "null_as_default", skip_serializing_if = "BTreeMap::is_empty")]
    pub translations: BTreeMap<String, Translation>,
}

impl IncidentUpdate {
    /// The time to show and sort by: `display_at`, else `created_at`.
    pub fn shown_at(&self) -> Option<Timestamp> {
        self.display_at.or(self.created_at)
    }
}

/// A component status change recorded on an update.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AffectedComponent {
    /// The component's id.
    #[serde(deserialize_with = "null_as_default")]
    pub code: String,
    /// The component's name.
    #[serde(deserialize_with = "null_as_default")]
    pub name: String,
    /// Status before the update.
    pub old_status: ComponentStatus,
    /// Status after the update.
    pub new_status: ComponentStatus,
}

/// Extension: translated text of an incident (`name`) or update (`body`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Translation {
    /// Translated incident title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Translated update body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
}

/// `null` reads as the type's default: real feeds write `null` where a string or
/// list is expected, and that must not reject the document.
fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}
