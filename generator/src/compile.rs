//! From validated input to the feed's documents: every derived field is computed here.
//!
//! Component statuses, the overall indicator, `shortlink`, `monitoring_at`,
//! `resolved_at` and maintenance activity all come from the updates and `now`,
//! never from hand-typed values, so the feed cannot contradict itself.

use std::collections::BTreeMap;

use status_feed::{
    AffectedComponent, Component, ComponentStatus, Impact, Incident, IncidentStatus, IncidentUpdate, Page, Phase,
    Status, Timestamp, Translation,
};

use crate::input::{ComponentDef, Config, Entry, Kind, Site};

/// How many incidents `incidents.json` lists, as Statuspage does.
pub const RECENT_LIMIT: usize = 50;

/// The whole feed, computed once and written as several documents.
#[derive(Clone, Debug)]
pub struct Feed {
    /// The page.
    pub page: Page,
    /// Overall status.
    pub status: Status,
    /// Components and groups with their current status, in page order.
    pub components: Vec<Component>,
    /// Every incident, most recent first.
    pub incidents: Vec<Incident>,
    /// Every maintenance, soonest window last (most recent first by window start).
    pub maintenances: Vec<Incident>,
    /// When the feed was built.
    pub now: Timestamp,
    /// Incident id → when its postmortem was published (see [`apply_postmortems`]).
    pub postmortems: BTreeMap<String, Timestamp>,
}

impl Feed {
    /// Incidents that are not over, most recent first.
    pub fn unresolved(&self) -> impl Iterator<Item = &Incident> {
        self.incidents.iter().filter(|i| !i.status.is_over())
    }

    /// Maintenance under way at `now`.
    pub fn active_maintenances(&self) -> impl Iterator<Item = &Incident> {
        self.maintenances.iter().filter(move |m| m.phase(self.now) == Phase::InProgress)
    }

    /// Maintenance scheduled to start after `now`, soonest first.
    pub fn upcoming_maintenances(&self) -> Vec<&Incident> {
        let mut upcoming: Vec<&Incident> = self
            .maintenances
            .iter()
            .filter(|m| m.phase(self.now) == Phase::Upcoming && m.scheduled_for.is_some())
            .collect();
        upcoming.sort_by(|a, b| a.scheduled_for.cmp(&b.scheduled_for).then(a.id.cmp(&b.id)));
        upcoming
    }
}

/// The component status an incident implies when its updates do not say.
pub(crate) fn default_component_status(impact: Impact) -> ComponentStatus {
    match impact {
        Impact::None | Impact::Unknown => ComponentStatus::Operational,
        Impact::Minor => ComponentStatus::DegradedPerformance,
        Impact::Major => ComponentStatus::PartialOutage,
        Impact::Critical => ComponentStatus::MajorOutage,
        Impact::Maintenance => ComponentStatus::UnderMaintenance,
    }
}

/// Statuspage's wording of the overall indicator (the page chrome localizes it separately).
pub fn indicator_description(indicator: Impact) -> &'static str {
    match indicator {
        Impact::None | Impact::Unknown => "All Systems Operational",
        Impact::Minor => "Minor Service Outage",
        Impact::Major => "Partial System Outage",
        Impact::Critical => "Major System Outage",
        Impact::Maintenance => "Service Under Maintenance",
    }
}

/// The worse of two component statuses (maintenance ranks below any outage).
fn worse(a: ComponentStatus, b: ComponentStatus) -> ComponentStatus {
    let rank = |s: ComponentStatus| match s {
        ComponentStatus::Operational | ComponentStatus::Unknown => 0,
        ComponentStatus::UnderMaintenance => 1,
        ComponentStatus::DegradedPerformance => 2,
        ComponentStatus::PartialOutage => 3,
        ComponentStatus::MajorOutage => 4,
    };
    if rank(b) > rank(a) {
        b
    } else {
        a
    }
}

/// Whether `maintenance` was called off: completed before its window opened, with nothing
/// under way ever posted (work begun early did take place). `resolve` before the window is
/// how it is cancelled; the feed, which has no such stage, says `completed`, and the
/// page, Atom and the calendar say cancelled.
pub fn called_off(maintenance: &Incident) -> bool {
    let began = maintenance.incident_updates.iter().any(|update| update.status.is_under_way());
    let (Some(from), Some(done)) = (maintenance.scheduled_for, maintenance.resolved_at) else { return false };
    maintenance.status.is_over() && !began && done < from
}

/// The stage an incident or maintenance is shown at, in `chrome`'s words: as
/// `IncidentStatus::shown_in` says, and "Cancelled" for maintenance called off.
pub fn stage_words(chrome: &crate::i18n::Chrome, item: &Incident, now: Timestamp) -> &'static str {
    if called_off(item) {
        chrome.cancelled
    } else {
        chrome.stage(item.status.shown_in(item.phase(now)))
    }
}

/// The feed's id of the update at `index` (from 0, in file order) of entry `entry_id`.
pub fn update_id(entry_id: &str, index: usize) -> String {
    format!("{entry_id}-{}", index + 1)
}

/// Computes the feed of `site` as of `now`.
pub fn compile(site: &Site, now: Timestamp) -> Feed {
    let config = &site.config;
    let zone_offset = |time: Timestamp| offset_minutes_at(&config.time_zone, time);
    let page = Page {
        id: config.page_id.clone(),
        name: config.name.clone(),
        url: config.url.clone(),
        time_zone: Some(config.time_zone_name.clone()),
        updated_at: None,
        locale: Some(config.locale.clone()),
    };

    let mut incidents = Vec::new();
    let mut maintenances = Vec::new();
    // Current status per component, and when it last changed.
    let mut current: BTreeMap<&str, ComponentStatus> = BTreeMap::new();
    let mut changed_at: BTreeMap<&str, Timestamp> = BTreeMap::new();
    let mut latest = Timestamp::from_unix_ms(0);
    // The site's first record: what a component with no start_date has existed since
    // (with no record at all, the Unix epoch: never the build's clock, which would change
    // the feed on every build).
    let first_record = site.entries.iter().filter_map(|entry| entry.updates.first().map(|u| u.at)).min();
    let epoch = first_record.unwrap_or(Timestamp::from_unix_ms(0));

    for entry in &site.entries {
        let CompiledEntry { incident, final_states, window_changes } =
            compile_entry(site, entry, epoch, now, zone_offset);
        let live = match entry.kind {
            Kind::Incident => !incident.status.is_over(),
            Kind::Maintenance => incident.phase(now) == Phase::InProgress,
        };
        if let Some(updated) = incident.updated_at {
            latest = latest.max(updated);
        }
        if live {
            for (id, state) in final_states {
                let slot = current
                    .entry(config.component(&id).map_or("", |c| c.id.as_str()))
                    .or_insert(ComponentStatus::Operational);
                *slot = worse(*slot, state);
            }
        }
        // A component's `updated_at` is the last time any update, or a maintenance
        // window's start or end, changed its status.
        for (id, at) in window_changes {
            let slot = changed_at.entry(id).or_insert(at);
            *slot = (*slot).max(at);
        }
        for update in &incident.incident_updates {
            let Some(at) = update.created_at else {
                continue;
            };
            for change in update.affected_components.iter().flatten().filter(|c| c.old_status != c.new_status) {
                if let Some(def) = config.component(&change.code) {
                    let slot = changed_at.entry(def.id.as_str()).or_insert(at);
                    *slot = (*slot).max(at);
                }
            }
        }
        match entry.kind {
            Kind::Incident => incidents.push(incident),
            Kind::Maintenance => maintenances.push(incident),
        }
    }
    // A group is as bad as its worst member.
    for group in config.components.iter().filter(|c| c.is_group) {
        let worst = config
            .components
            .iter()
            .filter(|c| c.group_id.as_deref() == Some(group.id.as_str()))
            .filter_map(|c| current.get(c.id.as_str()).copied())
            .fold(ComponentStatus::Operational, worse);
        current.insert(group.id.as_str(), worst);
        let changed = config
            .components
            .iter()
            .filter(|c| c.group_id.as_deref() == Some(group.id.as_str()))
            .filter_map(|c| changed_at.get(c.id.as_str()).copied())
            .max();
        if let Some(changed) = changed {
            changed_at.insert(group.id.as_str(), changed);
        }
    }

    let components: Vec<Component> = config
        .components
        .iter()
        .map(|def| {
            let members: Vec<String> = config
                .components
                .iter()
                .filter(|c| c.group_id.as_deref() == Some(def.id.as_str()))
                .map(|c| c.id.clone())
                .collect();
            let updated = changed_at.get(def.id.as_str()).copied();
            let status = current.get(def.id.as_str()).copied().unwrap_or_default();
            Component {
                components: def.is_group.then_some(members),
                ..feed_component(def, config, status, updated, epoch)
            }
        })
        .collect();

    // Most recent first; ties by id so equal times never reorder between runs.
    let newest_first = |a: &Incident, b: &Incident| b.created_at.cmp(&a.created_at).then_with(|| b.id.cmp(&a.id));
    incidents.sort_by(newest_first);
    maintenances.sort_by(|a, b| b.scheduled_for.cmp(&a.scheduled_for).then_with(|| b.id.cmp(&a.id)));

    let mut indicator =
        incidents.iter().filter(|i| !i.status.is_over()).fold(Impact::None, |worst, i| worst.worst(i.impact));
    for component in &components {
        indicator = indicator.worst(component.status.impact());
    }
    if indicator == Impact::None && maintenances.iter().any(|m| m.phase(now) == Phase::InProgress) {
        indicator = Impact::Maintenance;
    }
    let status = Status { indicator, description: indicator_description(indicator).to_owned() };
    // A component added after the last record changed the page too (and a site without
    // records began with its components, not in 1970).
    let latest = components.iter().filter_map(|component| component.created_at).fold(latest, Timestamp::max);
    let page = Page { updated_at: Some(latest.with_offset_minutes(zone_offset(latest))), ..page };
    Feed { page, status, components, incidents, maintenances, now, postmortems: BTreeMap::new() }
}

/// Publishes postmortems: each incident with one gets the status `postmortem`, its
/// Markdown as `postmortem_body` (as Statuspage does), and `updated_at` no earlier
/// than the publication.
pub fn apply_postmortems(
    feed: &mut Feed,
    postmortems: &BTreeMap<String, crate::postmortem::Postmortem>,
    zone: &jiff::tz::TimeZone,
) {
    if postmortems.is_empty() {
        return;
    }
    for incident in &mut feed.incidents {
        let Some(postmortem) = postmortems.get(&incident.id) else {
            continue;
        };
        let published = postmortem.published_at.with_offset_minutes(offset_minutes_at(zone, postmortem.published_at));
        incident.status = IncidentStatus::Postmortem;
        incident.postmortem_body = Some(postmortem.body.clone());
        incident.updated_at = Some(incident.updated_at.map_or(published, |u| u.max(published)));
        feed.postmortems.insert(incident.id.clone(), published);
        if feed.page.updated_at.is_none_or(|u| u < published) {
            feed.page.updated_at = Some(published);
        }
    }
}

/// The UTC offset of `zone` at `time`, in minutes.
pub fn offset_minutes_at(zone: &jiff::tz::TimeZone, time: Timestamp) -> i16 {
    match jiff::Timestamp::from_millisecond(time.unix_ms()) {
        Ok(instant) => (zone.to_offset(instant).seconds() / 60) as i16,
        Err(_) => 0,
    }
}

/// One entry, compiled.
struct CompiledEntry<'a> {
    /// The entry as a feed incident.
    incident: Incident,
    /// The component statuses its last update leaves.
    final_states: Vec<(String, ComponentStatus)>,
    /// The changes its window made (a `scheduled` maintenance's components, under
    /// maintenance from its start, operational again from its end): component id and when.
    window_changes: Vec<(&'a str, Timestamp)>,
}

/// Compiles one entry of `site` as the feed shows it at `now`.
fn compile_entry<'a>(
    site: &'a Site,
    entry: &Entry,
    epoch: Timestamp,
    now: Timestamp,
    zone_offset: impl Fn(Timestamp) -> i16,
) -> CompiledEntry<'a> {
    let config = &site.config;
    let local = |time: Timestamp| time.with_offset_minutes(zone_offset(time));
    // The impact the incident opened with: a later `impact` changes no earlier update.
    let initial = default_component_status(entry.updates.first().map_or(entry.impact, |update| update.impact));
    // Components are operational until the first update applies the impact's default
    // (or an explicit status), so the first update records the change.
    let mut states: Vec<(String, ComponentStatus)> =
        entry.components.iter().map(|id| (id.clone(), ComponentStatus::Operational)).collect();
    let mut updates = Vec::with_capacity(entry.updates.len());
    let mut monitoring_at = None;
    let mut resolved_at = None;
    for (index, update) in entry.updates.iter().enumerate() {
        let mut affected = Vec::new();
        let over = update.status.is_over();
        let mut explicit: Vec<(String, ComponentStatus)> = update.components.clone();
        if entry.kind == Kind::Maintenance {
            // Components are under maintenance only while the work is under way. Posted
            // inside the window of one still `scheduled`, an update finds the window's
            // work under way: what it changes, it changes from under maintenance.
            let after_window_opened = index > 0
                && entry.updates[index - 1].status == IncidentStatus::Scheduled
                && entry.window.is_some_and(|(from, until)| from < update.at && update.at <= until);
            if after_window_opened {
                put_under_maintenance_by_window(entry, &mut states);
            }
            let during = update.status.is_under_way();
            for id in &entry.components {
                if !explicit.iter().any(|(e, _)| e == id) {
                    let implied = if during { ComponentStatus::UnderMaintenance } else { ComponentStatus::Operational };
                    explicit.push((id.clone(), implied));
                }
            }
        } else if over {
            // Resolving puts every affected component back to operational unless said otherwise.
            for (id, _) in &states {
                if !explicit.iter().any(|(e, _)| e == id) {
                    explicit.push((id.clone(), ComponentStatus::Operational));
                }
            }
        } else if index == 0 && update.components.is_empty() {
            // Files whose first update names no status (written by hand, or before `new`
            // wrote them): the impact's default for every listed component. A first update
            // that names statuses is taken as written, so a component listed later starts
            // operational, and changes only when an update says so.
            for (id, _) in &states {
                if !explicit.iter().any(|(e, _)| e == id) {
                    explicit.push((id.clone(), initial));
                }
            }
        }
        for (id, new_status) in explicit {
            let old_status = match states.iter_mut().find(|(known, _)| *known == id) {
                Some((_, state)) => std::mem::replace(state, new_status),
                None => {
                    states.push((id.clone(), new_status));
                    ComponentStatus::Operational
                }
            };
            let name = config.component(&id).map(|c| c.name.clone()).unwrap_or_default();
            affected.push(AffectedComponent { code: id, name, old_status, new_status });
        }
        affected.sort_by(|a, b| a.code.cmp(&b.code));
        match update.status {
            // When it entered monitoring: a second monitoring update keeps the first's time.
            IncidentStatus::Monitoring
                if index > 0 && entry.updates[index - 1].status == IncidentStatus::Monitoring => {}
            IncidentStatus::Monitoring => monitoring_at = Some(local(update.at)),
            IncidentStatus::Resolved | IncidentStatus::Completed => resolved_at = Some(local(update.at)),
            // Reopening clears the end: the incident is not over any more.
            _ => resolved_at = None,
        }
        let at = local(update.at);
        updates.push(IncidentUpdate {
            id: update_id(&entry.id, index),
            status: update.status,
            body: update.body.clone(),
            incident_id: entry.id.clone(),
            created_at: Some(at),
            updated_at: Some(at),
            display_at: Some(at),
            affected_components: Some(affected),
            deliver_notifications: false,
            custom_tweet: None,
            tweet_id: None,
            next_update_at: update.next_update_at.map(local),
            translations: update
                .body_translations
                .iter()
                .map(|(tag, body)| (tag.clone(), Translation { name: None, body: Some(body.clone()) }))
                .collect(),
        });
    }
    // Statuspage lists updates newest first.
    updates.reverse();

    let first = entry.updates.first().map(|u| u.at);
    let last = entry.updates.last().map(|u| u.at);
    let status = entry.updates.last().map_or(IncidentStatus::Investigating, |u| u.status);
    let mut incident = Incident {
        id: entry.id.clone(),
        name: entry.title.clone(),
        status,
        created_at: first.map(local),
        updated_at: last.map(local),
        monitoring_at: if status.is_over() || status == IncidentStatus::Monitoring { monitoring_at } else { None },
        resolved_at: if status.is_over() { resolved_at } else { None },
        impact: entry.impact,
        shortlink: Some(format!("{}/incidents/{}.html", config.url, entry.id)),
        // Maintenance starts with its window, not with its announcement.
        started_at: entry.began().map(local),
        page_id: config.page_id.clone(),
        incident_updates: updates,
        components: Vec::new(),
        scheduled_for: entry.window.map(|(from, _)| local(from)),
        scheduled_until: entry.window.map(|(_, until)| local(until)),
        postmortem_body: None,
        translations: entry
            .title_translations
            .iter()
            .map(|(tag, title)| (tag.clone(), Translation { name: Some(title.clone()), body: None }))
            .collect(),
    };
    // A `scheduled` maintenance is judged by its window (the feed crate's phase).
    let window_phase = (status == IncidentStatus::Scheduled).then(|| incident.phase(now));
    match window_phase {
        // Ended: published `completed` at its window's end, as Statuspage completes
        // maintenance on schedule, so no client reads a past window as still to come.
        Some(Phase::Over) => {
            incident.status = IncidentStatus::Completed;
            incident.resolved_at = incident.scheduled_until;
            // Changed then: clients that look for changes by `updated_at` see it (and the
            // page's `updated_at` follows). Its updates stay as posted, the last `scheduled`.
            incident.updated_at = incident.updated_at.max(incident.scheduled_until);
        }
        // Under way: its components are under maintenance, as an `in_progress` one's
        // updates leave them, unless an update gave one a status of its own.
        // Changed at its start, as an ended one at its end (above).
        Some(Phase::InProgress) => {
            put_under_maintenance_by_window(entry, &mut states);
            incident.updated_at = incident.updated_at.max(incident.scheduled_for);
        }
        _ => {}
    }
    // When the window last changed a component no update set: its start, and its end,
    // each if it came while the maintenance was still `scheduled` (an update posted in
    // the window changed it then, counted above). The window is the last one set: the
    // times of one moved after it opened are not known here. (Scheduled just before each:
    // an update posted at that very minute records the same change, at the same time.)
    let scheduled_at = |time: Timestamp| {
        entry
            .updates
            .iter()
            .rev()
            .find(|update| update.at < time)
            .is_some_and(|u| u.status == IncidentStatus::Scheduled)
    };
    let window_change = entry
        .window
        .and_then(|(from, until)| [until, from].into_iter().find(|&time| time <= now && scheduled_at(time)));
    let window_changes: Vec<(&str, Timestamp)> = window_change
        .into_iter()
        .flat_map(|at| {
            entry
                .components
                .iter()
                .filter(|id| !set_by_an_update(entry, id))
                .filter_map(|id| config.component(id))
                .map(move |def| (def.id.as_str(), at))
        })
        .collect();
    incident.components = entry
        .components
        .iter()
        .filter_map(|id| config.component(id))
        .map(|def| {
            let state =
                states.iter().find(|(known, _)| *known == def.id).map_or(ComponentStatus::Operational, |(_, s)| *s);
            let by_window = window_changes.iter().find(|(id, _)| *id == def.id).map(|(_, at)| *at);
            feed_component(def, config, state, last.max(by_window), epoch)
        })
        .collect();
    CompiledEntry { incident, final_states: states, window_changes }
}

/// The window's work under way: the maintenance's components that no update gives a
/// status of their own, and that are operational, are under maintenance. (A component an
/// update names is never one of these, listed by the entry or not.)
fn put_under_maintenance_by_window(entry: &Entry, states: &mut [(String, ComponentStatus)]) {
    for (id, state) in states.iter_mut() {
        if *state == ComponentStatus::Operational && !set_by_an_update(entry, id) {
            *state = ComponentStatus::UnderMaintenance;
        }
    }
}

/// Whether an update of `entry` gives component `id` a status of its own.
fn set_by_an_update(entry: &Entry, id: &str) -> bool {
    entry.updates.iter().any(|update| update.components.iter().any(|(e, _)| e == id))
}

/// A component as the feed shows it: `status` and `updated_at` are derived by the caller.
fn feed_component(
    def: &ComponentDef,
    config: &Config,
    status: ComponentStatus,
    updated_at: Option<Timestamp>,
    epoch: Timestamp,
) -> Component {
    let local = |time: Timestamp| time.with_offset_minutes(offset_minutes_at(&config.time_zone, time));
    // Statuspage always sends both times, and strictly typed clients refuse a null: a
    // component exists since its start_date (midnight, page time), else since the site's
    // first record, and was last changed then unless an update changed it.
    let start = def.start_date.and_then(|day| day.to_zoned(config.time_zone.clone()).ok());
    let created_at = start.map_or(epoch, |start| Timestamp::from_unix_ms(start.timestamp().as_millisecond()));
    Component {
        id: def.id.clone(),
        name: def.name.clone(),
        status,
        created_at: Some(local(created_at)),
        // An incident may predate a component's start_date: never changed before it was created.
        updated_at: Some(local(updated_at.map_or(created_at, |at| at.max(created_at)))),
        position: Some(def.position),
        description: def.description.clone(),
        showcase: true,
        start_date: def.start_date.map(|day| day.to_string()),
        group_id: def.group_id.clone(),
        page_id: config.page_id.clone(),
        group: def.is_group,
        only_show_if_degraded: false,
        components: None,
    }
}
