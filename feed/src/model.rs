//! Serde types for the documents of Statuspage's public API v2.
//!
//! Reading is lenient because these documents come from the outside world: unknown
//! fields are ignored, missing or `null` optional fields default, an unknown enum
//! value becomes `Unknown`, and an unreadable timestamp becomes `None`. Writing
//! produces the shapes Statuspage itself publishes, so existing clients can read
//! what `statusgen` writes.

use serde::{Deserializer, Serialize};

use crate::lenient::{lenient_object, Lenient};

use crate::Timestamp;

/// Defines a wire enum: its variants with their wire names, an `Unknown` variant for any
/// other value, and `ALL`, `as_str`, `from_wire`, serde writing and lenient reading. The
/// one place each wire name is written: the widget's reader, statusgen's input and its
/// command line all go through these.
macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $wire:literal,)* }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
            /// A value this crate does not know (read from a feed; never written).
            Unknown,
        }

        impl $name {
            /// Every known value, in the order of the documentation.
            pub const ALL: &'static [Self] = &[$(Self::$variant),*];

            /// The wire name, as it appears in the feed.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown => "unknown",
                }
            }

            /// The value for a wire name; any other name is `Unknown`.
            pub fn from_wire(name: &str) -> Self {
                match name {
                    $($wire => Self::$variant,)*
                    _ => Self::Unknown,
                }
            }
        }

        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl crate::lenient::WireEnum for $name {
            const UNKNOWN: Self = Self::Unknown;
            fn from_wire(name: &str) -> Self {
                Self::from_wire(name)
            }
        }

        impl Lenient for $name {
            fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::lenient::read_enum(deserializer)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::lenient::read_enum(deserializer)
            }
        }
    };
}

/// `summary.json`: everything a status widget needs in one document.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Summary {
    /// The status page this document describes.
    pub page: Page,
    /// Every component, groups included, in page order.
    pub components: Vec<Component>,
    /// Unresolved incidents. Some Statuspage-compatible hosts omit the array.
    pub incidents: Vec<Incident>,
    /// Upcoming and in-progress maintenance. Some hosts omit the array.
    pub scheduled_maintenances: Vec<Incident>,
    /// The page's overall status as its operator published it.
    pub status: Status,
}

/// `status.json`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct StatusDocument {
    /// The status page.
    pub page: Page,
    /// Its overall status.
    pub status: Status,
}

/// `components.json`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ComponentsDocument {
    /// The status page.
    pub page: Page,
    /// Every component.
    pub components: Vec<Component>,
}

/// `incidents.json` and `incidents/unresolved.json`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct IncidentsDocument {
    /// The status page.
    pub page: Page,
    /// Incidents, most recent first.
    pub incidents: Vec<Incident>,
}

/// `scheduled-maintenances.json` and its `upcoming.json` / `active.json` variants.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct MaintenancesDocument {
    /// The status page.
    pub page: Page,
    /// Scheduled maintenances.
    pub scheduled_maintenances: Vec<Incident>,
}

/// The status page a document comes from.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Page {
    /// Statuspage's page id.
    pub id: String,
    /// The page's name, usually the company or product.
    pub name: String,
    /// The public URL of the full status page.
    pub url: String,
    /// IANA time zone the page is run in, e.g. `Etc/UTC`.
    pub time_zone: Option<String>,
    /// When anything on the page last changed.
    pub updated_at: Option<Timestamp>,
    /// The language the page's own text (names, titles, bodies) is written in, a BCP 47
    /// tag. Not in Statuspage's feeds: statusgen's extension, beside `translations`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

/// The page's overall status.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Status {
    /// Overall severity.
    pub indicator: Impact,
    /// Human text for it, e.g. "All Systems Operational".
    pub description: String,
}

wire_enum! {
    /// A severity: the page's `status.indicator` and an incident's `impact` share these values.
    Impact {
        /// Nothing is wrong.
        #[default]
        None = "none",
        /// Planned maintenance.
        Maintenance = "maintenance",
        /// A minor problem.
        Minor = "minor",
        /// A major problem.
        Major = "major",
        /// A critical problem.
        Critical = "critical",
    }
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
}

/// A component (or a group of components) of the page.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Component {
    /// Statuspage's component id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Current status.
    pub status: ComponentStatus,
    /// When the component was created.
    pub created_at: Option<Timestamp>,
    /// When its status last changed.
    pub updated_at: Option<Timestamp>,
    /// Order on the page.
    pub position: Option<i64>,
    /// Optional description.
    pub description: Option<String>,
    /// Whether it is shown on the page's front.
    pub showcase: bool,
    /// First day of its uptime history, `YYYY-MM-DD`.
    pub start_date: Option<String>,
    /// The group it belongs to, if any.
    pub group_id: Option<String>,
    /// The page id.
    pub page_id: String,
    /// Whether this is a group of other components.
    pub group: bool,
    /// Whether the page hides it while it is operational.
    pub only_show_if_degraded: bool,
    /// For a group, the ids of its components; absent for plain components.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub components: Option<Vec<String>>,
}

wire_enum! {
    /// A component's status.
    ComponentStatus {
        /// Working normally.
        #[default]
        Operational = "operational",
        /// Slower than usual.
        DegradedPerformance = "degraded_performance",
        /// Partly unavailable.
        PartialOutage = "partial_outage",
        /// Unavailable.
        MajorOutage = "major_outage",
        /// In planned maintenance.
        UnderMaintenance = "under_maintenance",
    }
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
}

/// An incident or a scheduled maintenance: Statuspage uses one shape for both.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Incident {
    /// Statuspage's incident id.
    pub id: String,
    /// The incident's title.
    pub name: String,
    /// Current stage.
    pub status: IncidentStatus,
    /// When it was created.
    pub created_at: Option<Timestamp>,
    /// When it last changed.
    pub updated_at: Option<Timestamp>,
    /// When it entered monitoring.
    pub monitoring_at: Option<Timestamp>,
    /// When it was resolved (or the maintenance completed).
    pub resolved_at: Option<Timestamp>,
    /// How severe it is.
    pub impact: Impact,
    /// Short URL of the incident's own page.
    pub shortlink: Option<String>,
    /// When the problem started, which may precede `created_at`.
    pub started_at: Option<Timestamp>,
    /// The page id.
    pub page_id: String,
    /// Every update, newest first as Statuspage writes them (readers must not rely on it).
    pub incident_updates: Vec<IncidentUpdate>,
    /// The components it affects.
    pub components: Vec<Component>,
    /// For maintenance: when the window opens.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheduled_for: Option<Timestamp>,
    /// For maintenance: when the window closes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheduled_until: Option<Timestamp>,
    /// The postmortem, in Markdown, once the incident's status is `postmortem`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postmortem_body: Option<String>,
    /// Extension: the title in other languages, keyed by BCP 47 tag. Clients that do
    /// not know the field ignore it.
    #[serde(skip_serializing_if = "Translations::is_empty")]
    pub translations: Translations,
}

wire_enum! {
    /// An incident's or maintenance's stage.
    IncidentStatus {
        /// Incident: the cause is being looked for.
        #[default]
        Investigating = "investigating",
        /// Incident: the cause is known.
        Identified = "identified",
        /// Incident: a fix is in place and being watched.
        Monitoring = "monitoring",
        /// Incident: over.
        Resolved = "resolved",
        /// Incident: over, with a post-mortem.
        Postmortem = "postmortem",
        /// Maintenance: planned.
        Scheduled = "scheduled",
        /// Maintenance: under way.
        InProgress = "in_progress",
        /// Maintenance: done, being checked.
        Verifying = "verifying",
        /// Maintenance: over.
        Completed = "completed",
    }
}

/// One posted update of an incident.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct IncidentUpdate {
    /// Statuspage's update id.
    pub id: String,
    /// The incident's stage when this was posted.
    pub status: IncidentStatus,
    /// The message. Real pages put `<br />`, entities and Markdown here: show it
    /// through [`crate::plain_text`], never as HTML.
    pub body: String,
    /// The incident it belongs to.
    pub incident_id: String,
    /// When it was posted.
    pub created_at: Option<Timestamp>,
    /// When it was last edited.
    pub updated_at: Option<Timestamp>,
    /// The time shown for it, which operators may back-date.
    pub display_at: Option<Timestamp>,
    /// Component status changes posted with it.
    pub affected_components: Option<Vec<AffectedComponent>>,
    /// Whether subscribers were notified.
    pub deliver_notifications: bool,
    /// Statuspage's tweet text, if any.
    pub custom_tweet: Option<String>,
    /// Statuspage's tweet id, if any.
    pub tweet_id: Option<String>,
    /// Extension: when the operator promised the next update.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_update_at: Option<Timestamp>,
    /// Extension: the body in other languages, keyed by BCP 47 tag.
    #[serde(skip_serializing_if = "Translations::is_empty")]
    pub translations: Translations,
}

impl IncidentUpdate {
    /// The time to show and sort by: `display_at`, else `created_at`.
    pub fn shown_at(&self) -> Option<Timestamp> {
        self.display_at.or(self.created_at)
    }
}

/// A component status change recorded on an update.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct AffectedComponent {
    /// The component's id.
    pub code: String,
    /// The component's name.
    pub name: String,
    /// Status before the update.
    pub old_status: ComponentStatus,
    /// Status after the update.
    pub new_status: ComponentStatus,
}

/// Extension: the translations of an incident or update, keyed by BCP 47 tag, in the
/// order of their tags (as a JSON object, `{"fr": {...}, "de": {...}}`).
///
/// A list kept sorted, not a `BTreeMap`: a feed carries a few tags, and the map's tree
/// code (insert, lookup, iteration, drop) took 3.9 KB of the widget's wasm (1.8 KB gzip).
///
/// ```
/// use status_feed::{Translation, Translations};
/// let mut translations = Translations::default();
/// translations.insert("fr".into(), Translation { name: Some("Panne".into()), body: None });
/// translations.insert("de".into(), Translation::default());
/// assert_eq!(translations.iter().map(|(tag, _)| tag).collect::<Vec<_>>(), ["de", "fr"]);
/// assert_eq!(translations.get("fr").and_then(|t| t.name.as_deref()), Some("Panne"));
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Translations(Vec<(String, Translation)>);

impl Translations {
    /// The translation for exactly `tag`.
    pub fn get(&self, tag: &str) -> Option<&Translation> {
        self.position(tag).ok().map(|i| &self.0[i].1)
    }

    /// Adds `translation` for `tag`, in place of any it had.
    pub fn insert(&mut self, tag: String, translation: Translation) {
        match self.position(&tag) {
            Ok(i) => self.0[i].1 = translation,
            Err(i) => self.0.insert(i, (tag, translation)),
        }
    }

    /// Removes the translation for `tag`, if there is one.
    pub fn remove(&mut self, tag: &str) {
        if let Ok(i) = self.position(tag) {
            self.0.remove(i);
        }
    }

    /// Each tag and its translation, in the order of the tags.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Translation)> + Clone {
        self.0.iter().map(|(tag, translation)| (tag.as_str(), translation))
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn position(&self, tag: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(other, _)| other.as_str().cmp(tag))
    }
}

/// A later entry for a tag replaces an earlier one, as in a JSON object.
impl FromIterator<(String, Translation)> for Translations {
    fn from_iter<I: IntoIterator<Item = (String, Translation)>>(entries: I) -> Self {
        let mut translations = Self::default();
        for (tag, translation) in entries {
            translations.insert(tag, translation);
        }
        translations
    }
}

impl Serialize for Translations {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

/// Extension: translated text of an incident (`name`) or update (`body`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Translation {
    /// Translated incident title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Translated update body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
}

lenient_object!(StatusDocument { page, status });
lenient_object!(ComponentsDocument { page, components });
lenient_object!(IncidentsDocument { page, incidents });
lenient_object!(MaintenancesDocument { page, scheduled_maintenances });
lenient_object!(Page { id, name, url, time_zone, updated_at, locale });
// A status without its indicator, or an incident without its impact, does not say that
// nothing is wrong.
lenient_object!(Status { indicator or Impact::Unknown, description });
lenient_object!(Component {
    id,
    name,
    status,
    created_at,
    updated_at,
    position,
    description,
    showcase,
    start_date,
    group_id,
    page_id,
    group,
    only_show_if_degraded,
    components,
});
lenient_object!(Incident {
    id,
    name,
    status,
    created_at,
    updated_at,
    monitoring_at,
    resolved_at,
    impact or Impact::Unknown,
    shortlink,
    started_at,
    page_id,
    incident_updates,
    components,
    scheduled_for,
    scheduled_until,
    postmortem_body,
    translations,
});
lenient_object!(IncidentUpdate {
    id,
    status,
    body,
    incident_id,
    created_at,
    updated_at,
    display_at,
    affected_components,
    deliver_notifications,
    custom_tweet,
    tweet_id,
    next_update_at,
    translations,
});
lenient_object!(AffectedComponent { code, name, old_status, new_status });
lenient_object!(Translation { name, body });

/// A summary is read leniently like every document, with two rules of its own
/// (CONTRACT §3): a value that is not an object, or an object without any of the
/// summary's parts ([`Summary::is_feed`]), is not a status feed (an error, never an
/// all-clear); and a document without a readable `status` (a components.json) takes
/// its indicator from its worst component.
impl<'de> serde::Deserialize<'de> for Summary {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Parts {
            summary: Summary,
            has_status: bool,
            is_feed: bool,
        }
        struct PartsVisitor;
        impl<'de> serde::de::Visitor<'de> for PartsVisitor {
            type Value = Parts;
            fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(crate::NOT_A_FEED)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Parts, A::Error> {
                use crate::lenient::Seed;
                let (mut page, mut status, mut components, mut incidents, mut maintenances) =
                    (None, None, None, None, None);
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    // A later key replaces an earlier one, as in JSON.parse.
                    match &*key {
                        "page" => page = map.next_value_seed(Seed::<Option<Page>>::new())?,
                        "status" => status = map.next_value_seed(Seed::<Option<Status>>::new())?,
                        "components" => components = map.next_value_seed(Seed::<Option<Vec<Component>>>::new())?,
                        "incidents" => incidents = map.next_value_seed(Seed::<Option<Vec<Incident>>>::new())?,
                        "scheduled_maintenances" => {
                            maintenances = map.next_value_seed(Seed::<Option<Vec<Incident>>>::new())?
                        }
                        _ => crate::lenient::skip(&mut map)?,
                    }
                }
                let has_a_list = components.is_some() || incidents.is_some() || maintenances.is_some();
                let is_feed = Summary::is_feed(page.as_ref(), status.as_ref(), has_a_list);
                Ok(Parts {
                    has_status: status.is_some(),
                    is_feed,
                    summary: Summary {
                        page: page.unwrap_or_default(),
                        components: components.unwrap_or_default(),
                        incidents: incidents.unwrap_or_default(),
                        scheduled_maintenances: maintenances.unwrap_or_default(),
                        status: status.unwrap_or_default(),
                    },
                })
            }
        }
        let Parts { mut summary, has_status, is_feed } = deserializer.deserialize_map(PartsVisitor)?;
        if !is_feed {
            return Err(crate::lenient::not_a_feed());
        }
        summary.settle_indicator(has_status);
        Ok(summary)
    }
}

impl Summary {
    /// Whether the parts read from a document make a status feed (CONTRACT §3): any one
    /// is enough, but a part that says nothing is no part. A `page` names one (its id, name
    /// or URL), a `status` gives a known indicator, and the three lists are lists (even
    /// empty: a list says what there is). An API's own error body, such as
    /// `{"status": {"code": 503, "message": "Service Unavailable"}}`, or
    /// `{"page": {"title": "Page not found"}}`, is then no feed: `error`, never a green
    /// all-clear taken from components that are not there.
    pub fn is_feed(page: Option<&Page>, status: Option<&Status>, has_a_list: bool) -> bool {
        page.is_some_and(|page| !(page.id.is_empty() && page.name.is_empty() && page.url.is_empty()))
            || status.is_some_and(|status| status.indicator != Impact::Unknown)
            || has_a_list
    }

    /// A document without a readable `status.indicator` (no `status`, or one whose
    /// indicator is missing, `null` or unknown) takes it from its worst component: the
    /// components still say what is wrong, where the indicator does not.
    pub fn settle_indicator(&mut self, has_status: bool) {
        if !has_status || self.status.indicator == Impact::Unknown {
            self.status.indicator = self.worst_component();
        }
    }

    /// The worst status among the page's components, as an indicator: degraded
    /// performance is minor, a partial outage major, a major outage critical, and
    /// maintenance is maintenance (what a document without `status` means).
    pub fn worst_component(&self) -> Impact {
        self.components.iter().map(|component| component.status.impact()).fold(Impact::None, Impact::worst)
    }
}
