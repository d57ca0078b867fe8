//! What a visitor must be shown, decided purely from a feed and the current time.
//!
//! Order of notices (CONTRACT §3): unresolved incidents, most severe first, then most
//! recently updated; maintenance in progress; maintenance starting within 24 hours.
//! Maintenance is judged at view time, because a static feed may be hours old.

use core::cmp::Ordering;

use crate::model::{Component, Impact, Incident, IncidentStatus, IncidentUpdate, Summary};
use crate::{Phase, Timestamp};

/// How far ahead upcoming maintenance is announced.
pub const UPCOMING_WINDOW_MS: i64 = 24 * 60 * 60 * 1_000;

/// What kind of notice an item of the feed is, right now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NoticeKind {
    /// An unresolved incident.
    Incident,
    /// Maintenance under way.
    MaintenanceInProgress,
    /// Maintenance starting within [`UPCOMING_WINDOW_MS`].
    MaintenanceUpcoming,
}

/// One thing to tell the visitor about.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Notice<'a> {
    /// Incident, maintenance in progress, or upcoming maintenance.
    pub kind: NoticeKind,
    /// The incident or maintenance itself.
    pub incident: &'a Incident,
    /// Its newest update by `display_at`/`created_at`, whatever the array order.
    pub latest_update: Option<&'a IncidentUpdate>,
    /// Severity for ordering and display: the incident's impact, or `Maintenance`.
    pub impact: Impact,
}

impl Notice<'_> {
    /// When it last changed: the latest update's time, else the incident's.
    pub fn updated_at(&self) -> Option<Timestamp> {
        self.latest_update.and_then(IncidentUpdate::shown_at).or(self.incident.updated_at).or(self.incident.created_at)
    }

    /// The stage to show, and since when: the latest update's, except for maintenance
    /// under way by its window with nothing posted since it was scheduled, which is in
    /// progress since its window opened (not "Scheduled", days ago).
    pub fn stage(&self) -> (IncidentStatus, Option<Timestamp>) {
        let (status, at) = (self.latest_update.map_or(self.incident.status, |update| update.status), self.updated_at());
        let phase = match self.kind {
            NoticeKind::Incident => Phase::Open,
            NoticeKind::MaintenanceInProgress => Phase::InProgress,
            NoticeKind::MaintenanceUpcoming => Phase::Upcoming,
        };
        match status.shown_in(phase) {
            shown if shown != status => (shown, self.incident.scheduled_for.max(at)),
            _ => (status, at),
        }
    }

    /// A key that changes whenever a new update is posted, the impact changes (an
    /// incident raised to critical without a word) or the kind does (maintenance to come
    /// that begins): what a dismissal remembers.
    pub fn revision(&self) -> String {
        let mut key = match self.latest_update {
            Some(update) if !update.id.is_empty() => update.id.clone(),
            _ => self.updated_at().map(|at| crate::decimal(at.unix_ms())).unwrap_or_default(),
        };
        // One character for both: ranks 0 to 4, kinds 0 to 2.
        key.push(char::from(b'0' + self.impact.rank() + 5 * kind_rank(self.kind)));
        key
    }
}

/// The outcome of [`select`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Selection<'a> {
    /// The effective overall severity (CONTRACT §3: the host's `data-state`).
    pub indicator: Impact,
    /// Notices in display order.
    pub notices: Vec<Notice<'a>>,
    /// The filter named nothing in the feed and was set aside (a typo, a component renamed
    /// since): worth telling the page's developer.
    pub filter_set_aside: bool,
}

/// Restricts a widget to some components, by name (case-insensitive) or id.
#[derive(Clone)]
pub struct ComponentFilter {
    wanted: Vec<String>,
    lowercase: fn(&str) -> String,
}

impl Default for ComponentFilter {
    fn default() -> Self {
        Self { wanted: Vec::new(), lowercase: str::to_lowercase }
    }
}

/// Filters are equal when they name the same components.
impl PartialEq for ComponentFilter {
    fn eq(&self, other: &Self) -> bool {
        self.wanted == other.wanted
    }
}

impl Eq for ComponentFilter {}

impl core::fmt::Debug for ComponentFilter {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ComponentFilter").field("wanted", &self.wanted).finish()
    }
}

impl ComponentFilter {
    /// Parses the `components` attribute: a comma-separated list of names or ids.
    /// An empty list means every component.
    pub fn parse(list: &str) -> Self {
        Self::parse_with(list, str::to_lowercase)
    }

    /// [`ComponentFilter::parse`] with Unicode lowercasing supplied by the caller. The
    /// widget passes the browser's `String.prototype.toLowerCase` (the same Unicode
    /// mapping), so its wasm carries no case tables of its own.
    pub fn parse_with(list: &str, lowercase: fn(&str) -> String) -> Self {
        Self {
            wanted: list.split(',').map(|entry| lowercase(entry.trim())).filter(|entry| !entry.is_empty()).collect(),
            lowercase,
        }
    }

    /// Whether every component passes.
    pub fn is_all(&self) -> bool {
        self.wanted.is_empty()
    }

    /// Whether no entry of the filter names anything in `summary`: no component, and no
    /// component of any incident or update, by id or name. Such a filter could only ever
    /// say "all clear": [`select`] sets it aside, and the widget tells the page's
    /// developer (a typo, or a renamed component).
    pub fn matches_nothing(&self, summary: &Summary) -> bool {
        if self.is_all() {
            return false;
        }
        let lowercase = self.lowercase;
        let named = |id: &str, name: &str| {
            self.wanted.iter().any(|wanted| *wanted == lowercase(id) || *wanted == lowercase(name))
        };
        let in_item = |incident: &Incident| {
            incident.components.iter().any(|c| named(&c.id, &c.name))
                || incident
                    .incident_updates
                    .iter()
                    .flat_map(|update| update.affected_components.iter().flatten())
                    .any(|affected| named(&affected.code, &affected.name))
        };
        !summary.components.iter().any(|c| named(&c.id, &c.name))
            && !summary.incidents.iter().chain(&summary.scheduled_maintenances).any(in_item)
    }

    /// The ids of the components the filter names, a named group bringing its members.
    fn resolve(&self, components: &[Component]) -> Vec<String> {
        let named = |component: &Component| {
            let lowercase = self.lowercase;
            self.wanted
                .iter()
                .any(|wanted| *wanted == lowercase(&component.id) || *wanted == lowercase(&component.name))
        };
        let mut ids: Vec<String> = Vec::new();
        for component in components.iter().filter(|component| named(component)) {
            ids.push(component.id.clone());
            if component.group {
                ids.extend(component.components.iter().flatten().cloned());
                ids.extend(
                    components
                        .iter()
                        .filter(|member| member.group_id.as_deref() == Some(component.id.as_str()))
                        .map(|member| member.id.clone()),
                );
            }
        }
        // Entries that match no known component still match incidents by id or name.
        ids.extend(self.wanted.iter().cloned());
        ids
    }
}

/// Decides what to show at `now`, optionally only for some components.
pub fn select<'a>(summary: &'a Summary, now: Timestamp, filter: &ComponentFilter) -> Selection<'a> {
    // A filter that names nothing in this feed (a typo, a component renamed since) could
    // only ever say "all clear", whatever happens: it is set aside, and the whole feed
    // shows (the widget tells the page's developer why).
    let filter_set_aside = filter.matches_nothing(summary);
    let wanted_ids = (!filter.is_all() && !filter_set_aside).then(|| filter.resolve(&summary.components));
    let touches_wanted = |incident: &Incident| match &wanted_ids {
        None => true,
        Some(ids) => touches(incident, ids, filter.lowercase),
    };

    let mut seen: Vec<&str> = Vec::new();
    let mut notices = Vec::new();
    for incident in summary.incidents.iter().chain(&summary.scheduled_maintenances) {
        let Some(kind) = classify(incident, now) else { continue };
        if !touches_wanted(incident) {
            continue;
        }
        // An item listed twice is shown once: its first copy that would be shown, so a
        // resolved copy listed first never hides an open one.
        if !incident.id.is_empty() {
            if seen.contains(&incident.id.as_str()) {
                continue;
            }
            seen.push(&incident.id);
        }
        let notice = Notice {
            kind,
            incident,
            latest_update: latest_update(incident),
            impact: if kind == NoticeKind::Incident { incident.impact } else { Impact::Maintenance },
        };
        notices.push((notices.len(), notice));
    }

    // The feed position as the last key: as deterministic as a stable sort.
    heap_sort(&mut notices, |(ia, a), (ib, b)| {
        kind_rank(a.kind)
            .cmp(&kind_rank(b.kind))
            .then_with(|| match a.kind {
                NoticeKind::Incident => {
                    b.impact.rank().cmp(&a.impact.rank()).then_with(|| b.updated_at().cmp(&a.updated_at()))
                }
                _ => a.incident.scheduled_for.cmp(&b.incident.scheduled_for),
            })
            .then(ia.cmp(ib))
    });
    let notices: Vec<Notice<'a>> = notices.into_iter().map(|(_, notice)| notice).collect();

    let published = match &wanted_ids {
        None => summary.status.indicator,
        // A filtered widget speaks for its components only, not for the whole page.
        Some(ids) => summary
            .components
            .iter()
            .filter(|component| ids.contains(&component.id))
            .map(|component| component.status.impact())
            .fold(Impact::None, Impact::worst),
    };
    let indicator = notices
        .iter()
        .filter(|notice| notice.kind != NoticeKind::MaintenanceUpcoming)
        .map(|notice| notice.impact)
        .fold(published, Impact::worst);
    Selection { indicator, notices, filter_set_aside }
}

/// Display order of the kinds (CONTRACT §3): incidents, maintenance under way, upcoming.
fn kind_rank(kind: NoticeKind) -> u8 {
    match kind {
        NoticeKind::Incident => 0,
        NoticeKind::MaintenanceInProgress => 1,
        NoticeKind::MaintenanceUpcoming => 2,
    }
}

/// The kind of notice an item is at `now`, or `None` when it is over or too far ahead.
fn classify(incident: &Incident, now: Timestamp) -> Option<NoticeKind> {
    match incident.phase(now) {
        Phase::Open => Some(NoticeKind::Incident),
        Phase::InProgress => Some(NoticeKind::MaintenanceInProgress),
        Phase::Upcoming => {
            let until_start = incident.scheduled_for?.unix_ms() - now.unix_ms();
            (until_start > 0 && until_start <= UPCOMING_WINDOW_MS).then_some(NoticeKind::MaintenanceUpcoming)
        }
        Phase::Over => None,
    }
}

/// The newest update by `display_at`/`created_at`; on a tie, the first listed.
pub fn latest_update(incident: &Incident) -> Option<&IncidentUpdate> {
    incident
        .incident_updates
        .iter()
        .enumerate()
        .max_by(|(ia, a), (ib, b)| a.shown_at().cmp(&b.shown_at()).then(ib.cmp(ia)))
        .map(|(_, update)| update)
}

/// Whether `incident` names one of `ids` (the wanted components' ids, and the filter's
/// entries, lowercased by `lowercase`), by id or by name.
fn touches(incident: &Incident, ids: &[String], lowercase: fn(&str) -> String) -> bool {
    let wanted = |key: &str| {
        let lowered = lowercase(key);
        ids.iter().any(|id| id.eq_ignore_ascii_case(key) || *id == lowered)
    };
    incident.components.iter().any(|component| {
        wanted(&component.id) || wanted(&component.name) || component.group_id.as_deref().is_some_and(wanted)
    }) || incident
        .incident_updates
        .iter()
        .flat_map(|update| update.affected_components.iter().flatten())
        .any(|affected| wanted(&affected.code) || wanted(&affected.name))
}

/// Sorts `items` by `order`, in place, in O(n log n) at worst: a heapsort in a dozen
/// lines. `sort_unstable_by` is built for speed on large slices (a quicksort, sorting
/// networks for short runs, a heapsort to fall back on) and linked 3 KB of it (1.4 KB
/// gzip) into the widget's wasm, for a list of a few notices.
fn heap_sort<T>(items: &mut [T], order: impl Fn(&T, &T) -> Ordering) {
    let sift_down = |items: &mut [T], mut node: usize, end: usize| loop {
        let mut child = 2 * node + 1;
        if child >= end {
            break;
        }
        if child + 1 < end && order(&items[child], &items[child + 1]) == Ordering::Less {
            child += 1;
        }
        if order(&items[node], &items[child]) != Ordering::Less {
            break;
        }
        items.swap(node, child);
        node = child;
    };
    for node in (0..items.len() / 2).rev() {
        sift_down(items, node, items.len());
    }
    for end in (1..items.len()).rev() {
        items.swap(0, end);
        sift_down(items, 0, end);
    }
}

#[cfg(test)]
mod tests {
    use super::heap_sort;

    #[test]
    fn the_heapsort_sorts_as_the_standard_sort_does() {
        // Lengths 0 to 300, values with many repeats, from a fixed linear congruential sequence.
        let mut seed = 0x2545_f491_u64;
        for len in 0..300 {
            let mut items: Vec<u32> = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                    (seed >> 33) as u32 % (len as u32 / 3 + 1)
                })
                .collect();
            let mut expected = items.clone();
            expected.sort();
            heap_sort(&mut items, u32::cmp);
            assert_eq!(items, expected, "{len}");
        }
    }
}
