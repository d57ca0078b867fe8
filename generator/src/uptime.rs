//! Each component's last 90 days: one cell per day coloured by the worst status it
//! had that day, and its uptime percentage. USAGE.md states the rules; in short:
//!
//! - A component's status over time comes from the incident and maintenance
//!   history: each incident's updates set it (the first one from `started_at` on),
//!   an open incident holds it until now, and a maintenance puts it under
//!   maintenance from its start (its window's, or its first `in_progress` update if
//!   earlier) to its end (its `completed` update, else its window's end; until now
//!   while under way). When several overlap, the worst status counts, once.
//! - Days are the page's calendar days; today runs until the build time; days before
//!   the component's `start_date` have no data.
//! - Down time is major outage in full and partial outage at 30 % (Statuspage's
//!   weights); degraded performance is up. Maintenance is counted apart: its time is
//!   left out of both the down time and the observed time, unless an outage is worse
//!   at the same moment.
//! - Uptime = 1 − down / (observed − maintenance), rounded down to hundredths of a
//!   percent, so any outage shows below 100.00 %.
//!
//! The work is linear in the incidents of the window: each one is looked at once per
//! component it touches.

use std::collections::BTreeMap;

use status_feed::{ComponentStatus, Incident, Phase, Timestamp};

use crate::compile::Feed;
use crate::input::Config;

/// Days of history per component.
pub const DAYS: usize = 90;

/// Status ranks, worst last: operational, maintenance, degraded, partial, major.
const RANKS: usize = 5;

fn rank(status: ComponentStatus) -> usize {
    match status {
        ComponentStatus::Operational | ComponentStatus::Unknown => 0,
        ComponentStatus::UnderMaintenance => 1,
        ComponentStatus::DegradedPerformance => 2,
        ComponentStatus::PartialOutage => 3,
        ComponentStatus::MajorOutage => 4,
    }
}

fn status_of(rank: usize) -> ComponentStatus {
    [
        ComponentStatus::Operational,
        ComponentStatus::UnderMaintenance,
        ComponentStatus::DegradedPerformance,
        ComponentStatus::PartialOutage,
        ComponentStatus::MajorOutage,
    ][rank.min(RANKS - 1)]
}

/// One day of one component.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Day {
    /// The page-local date.
    pub date: jiff::civil::Date,
    /// Milliseconds spent in each status (by rank: operational, maintenance, degraded,
    /// partial, major), counting only the worst status at each moment; `None` when
    /// the day is before the component existed.
    pub ms: Option<[i64; RANKS]>,
}

impl Day {
    /// The worst status of the day, and how long it lasted; `None` without data.
    pub fn worst(&self) -> Option<(ComponentStatus, i64)> {
        let ms = self.ms?;
        let worst = (1..RANKS).rev().find(|&r| ms[r] > 0).unwrap_or(0);
        Some((status_of(worst), ms[worst]))
    }

    /// Time under maintenance alone.
    pub fn maintenance_ms(&self) -> i64 {
        self.ms.map_or(0, |ms| ms[1])
    }
}

/// A component's history: its days, oldest first, and its uptime.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct History {
    /// [`DAYS`] days, oldest first, today last.
    pub days: Vec<Day>,
    /// Uptime in hundredths of a percent (`9995` = 99.95 %); `None` without data.
    pub uptime: Option<u32>,
}

/// A stretch of time in one status, from one incident or maintenance.
#[derive(Clone, Copy, Debug)]
struct Segment {
    from: i64,
    to: i64,
    rank: usize,
}

/// The histories of every (non-group) component, in `feed.components` order.
pub fn histories(config: &Config, feed: &Feed) -> Vec<(String, History)> {
    let zone = &config.time_zone;
    let now = feed.now.unix_ms();
    let bounds = day_bounds(zone, feed.now);
    let window_start = bounds.first().map_or(now, |(_, from, _)| *from);
    // One pass over the feed: each segment goes to the component it is about.
    let ids: Vec<&str> = feed.components.iter().filter(|c| !c.group).map(|c| c.id.as_str()).collect();
    let mut segments: Vec<Vec<Segment>> = vec![Vec::new(); ids.len()];
    let index: BTreeMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let slot = |code: &str| index.get(code).copied();
    for incident in &feed.incidents {
        incident_segments(incident, now, window_start, |code, segment| {
            if let Some(index) = slot(code) {
                segments[index].push(segment);
            }
        });
    }
    for maintenance in &feed.maintenances {
        if let Some((from, to)) = maintenance_span(maintenance, feed.now) {
            if to > window_start {
                for component in &maintenance.components {
                    if let Some(index) = slot(&component.id) {
                        segments[index].push(Segment { from, to, rank: 1 });
                    }
                }
            }
        }
    }
    ids.iter()
        .zip(segments)
        .map(|(id, segments)| {
            let since = config
                .component(id)
                .and_then(|c| c.start_date)
                .and_then(|day| day.to_zoned(zone.clone()).ok())
                .map(|start| start.timestamp().as_millisecond());
            ((*id).to_owned(), history(&bounds, since, now, segments))
        })
        .collect()
}

/// The last [`DAYS`] page-local days up to `now`: (date, start ms, end ms), oldest first.
pub fn day_bounds(zone: &jiff::tz::TimeZone, now: Timestamp) -> Vec<(jiff::civil::Date, i64, i64)> {
    let Ok(instant) = jiff::Timestamp::from_millisecond(now.unix_ms()) else {
        return Vec::new();
    };
    let today = instant.to_zoned(zone.clone()).date();
    let start_of =
        |day: jiff::civil::Date| day.to_zoned(zone.clone()).map(|z| z.timestamp().as_millisecond()).unwrap_or(i64::MIN);
    let mut days = Vec::with_capacity(DAYS);
    let mut day = today;
    for _ in 0..DAYS {
        let end = day.tomorrow().map_or(i64::MAX, start_of);
        days.push((day, start_of(day), end));
        match day.yesterday() {
            Ok(previous) => day = previous,
            Err(_) => break,
        }
    }
    days.reverse();
    days
}

/// Feeds `sink` the stretches of status each component of `incident` went through.
fn incident_segments(incident: &Incident, now: i64, window_start: i64, mut sink: impl FnMut(&str, Segment)) {
    // Updates are stored newest first; walk them oldest first.
    let updates = &incident.incident_updates;
    let Some(first) = updates.last().and_then(|u| u.created_at) else {
        return;
    };
    let end = if incident.status.is_over() {
        updates.first().and_then(|u| u.created_at).map_or(now, Timestamp::unix_ms)
    } else {
        now
    };
    if end <= window_start {
        return;
    }
    let start = incident.started_at.map_or(first, |s| s.min(first)).unix_ms();
    // (component, status, since) for each component as the updates go.
    let mut open: Vec<(&str, usize, i64)> = Vec::new();
    for (index, update) in updates.iter().rev().enumerate() {
        let at = update.created_at.map_or(start, Timestamp::unix_ms);
        for change in update.affected_components.iter().flatten() {
            let new_rank = rank(change.new_status);
            let since = if index == 0 { start } else { at };
            match open.iter_mut().find(|(code, _, _)| *code == change.code) {
                Some((code, old_rank, from)) => {
                    if *old_rank != new_rank {
                        if *old_rank > 0 && since > *from {
                            sink(code, Segment { from: *from, to: since, rank: *old_rank });
                        }
                        *old_rank = new_rank;
                        *from = since;
                    }
                }
                None => open.push((change.code.as_str(), new_rank, since)),
            }
        }
    }
    for (code, rank, from) in open {
        let to = end.min(now);
        if rank > 0 && to > from {
            sink(code, Segment { from, to, rank });
        }
    }
}

/// When a maintenance had its components under maintenance, if it has started.
fn maintenance_span(maintenance: &Incident, now: Timestamp) -> Option<(i64, i64)> {
    let phase = maintenance.phase(now);
    let window_from = maintenance.scheduled_for?;
    let window_until = maintenance.scheduled_until?;
    let first_under_way =
        maintenance.incident_updates.iter().filter(|u| u.status.is_under_way()).filter_map(|u| u.created_at).min();
    let from = first_under_way.map_or(window_from, |t| t.min(window_from));
    let to = match phase {
        Phase::Upcoming => return None,
        Phase::InProgress | Phase::Open => now,
        Phase::Over => maintenance.resolved_at.unwrap_or(window_until),
    };
    let (from, to) = (from.unix_ms(), to.min(now).unix_ms());
    (to > from).then_some((from, to))
}

/// Sweeps `segments` over the days: at each moment only the worst status counts.
fn history(bounds: &[(jiff::civil::Date, i64, i64)], since: Option<i64>, now: i64, segments: Vec<Segment>) -> History {
    let first_day_start = bounds.first().map_or(now, |(_, from, _)| *from);
    let observed_from = since.map_or(first_day_start, |s| s.max(first_day_start));
    let mut events: Vec<(i64, usize, i32)> = Vec::with_capacity(segments.len() * 2);
    for segment in segments {
        let (from, to) = (segment.from.max(observed_from), segment.to.min(now));
        if to > from {
            events.push((from, segment.rank, 1));
            events.push((to, segment.rank, -1));
        }
    }
    events.sort_unstable();
    let mut days: Vec<Day> = bounds
        .iter()
        .map(|(date, _, end)| Day { date: *date, ms: (*end > observed_from).then_some([0; RANKS]) })
        .collect();
    // Milliseconds of `rank` from `from` to `to`, spread over the days they cross.
    let mut add = |from: i64, to: i64, rank: usize| {
        let first = bounds.partition_point(|(_, _, end)| *end <= from);
        for (index, (_, day_from, day_to)) in bounds.iter().enumerate().skip(first) {
            if *day_from >= to {
                break;
            }
            let length = to.min(*day_to) - from.max(*day_from);
            if let Some(ms) = days[index].ms.as_mut() {
                ms[rank] += length.max(0);
            }
        }
    };
    let mut active = [0i32; RANKS];
    let mut cursor = observed_from;
    for (time, rank, delta) in events {
        if time > cursor {
            let worst = (0..RANKS).rev().find(|&r| active[r] > 0).unwrap_or(0);
            add(cursor, time, worst);
            cursor = time;
        }
        active[rank] += delta;
    }
    if now > cursor {
        add(cursor, now, 0);
    }
    let totals = days.iter().filter_map(|d| d.ms).fold([0i64; RANKS], |mut sum, ms| {
        for (total, part) in sum.iter_mut().zip(ms) {
            *total += part;
        }
        sum
    });
    let counted: i64 = totals.iter().sum::<i64>() - totals[1];
    // Tenths of a millisecond of weighted down time: major in full, partial at 30 %.
    let down = totals[4] * 10 + totals[3] * 3;
    let uptime = (counted > 0).then(|| ((counted * 10 - down).max(0) * 10_000 / (counted * 10)) as u32);
    History { days, uptime }
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    const NOW: &str = "2024-05-10T12:00:00Z";

    const STATUS: &str =
        "name = \"T\"\nurl = \"https://status.t.test\"\n\n[[components]]\nid = \"api\"\nname = \"API\"\n";

    /// The API's history for a site with these incident (`incidents/…`) and
    /// maintenance (`maintenance/…`) files, as of [`NOW`] in UTC.
    fn api_history(status: &str, files: &[(&str, &str)]) -> History {
        let dir = tempfile::TempDir::new().expect("temp dir");
        fs::write(dir.path().join("status.toml"), status).expect("write");
        for (name, text) in files {
            let path = dir.path().join(name);
            fs::create_dir_all(path.parent().expect("folder")).expect("mkdir");
            fs::write(path, text).expect("write");
        }
        let site = crate::input::load_site(dir.path()).expect("valid site");
        let feed = crate::compile::compile(&site, Timestamp::parse(NOW).expect("now"));
        histories(&site.config, &feed).into_iter().find(|(id, _)| id == "api").expect("api").1
    }

    fn incident(impact: &str, updates: &[(&str, &str)]) -> String {
        let mut text = format!("title = \"X\"\nimpact = \"{impact}\"\ncomponents = [\"api\"]\n");
        for (at, status) in updates {
            text.push_str(&format!("\n[[updates]]\nat = {at}\nstatus = \"{status}\"\nbody = \"b\"\n"));
        }
        text
    }

    /// Checks the days that were not plain operational, as (date, worst status,
    /// minutes of it), and the uptime in hundredths of a percent.
    fn check(history: &History, bad_days: &[(&str, &str, i64)], uptime: Option<u32>) {
        let seen: Vec<(String, &str, i64)> = history
            .days
            .iter()
            .filter_map(|day| {
                let (status, ms) = day.worst()?;
                (status != ComponentStatus::Operational).then(|| (day.date.to_string(), status.as_str(), ms / 60_000))
            })
            .collect();
        let expected: Vec<(String, &str, i64)> =
            bad_days.iter().map(|(date, status, minutes)| ((*date).to_owned(), *status, *minutes)).collect();
        assert_eq!(seen, expected);
        assert_eq!(history.uptime, uptime);
        assert_eq!(history.days.len(), DAYS);
        assert_eq!(history.days.last().map(|d| d.date.to_string()).as_deref(), Some("2024-05-10"));
    }

    /// The expected uptime: `down_tenths` tenths of minutes down out of `minutes` counted.
    fn percent(minutes: i64, down_tenths: i64) -> u32 {
        ((minutes * 10 - down_tenths) * 10_000 / (minutes * 10)) as u32
    }

    // The window: 89 whole days and today until 12:00, i.e. 128,880 minutes.

    #[test]
    fn a_quiet_component_is_up_every_day() {
        check(&api_history(STATUS, &[]), &[], Some(10_000));
    }

    #[test]
    fn an_outage_across_midnight_counts_on_both_days() {
        let file =
            incident("critical", &[("2024-05-05T23:30:00Z", "investigating"), ("2024-05-06T00:30:00Z", "resolved")]);
        let history = api_history(STATUS, &[("incidents/2024-05-05-a.toml", &file)]);
        // 60 of 128,880 minutes down: 99.953 %.
        check(&history, &[("2024-05-05", "major_outage", 30), ("2024-05-06", "major_outage", 30)], Some(9995));
    }

    #[test]
    fn overlapping_incidents_count_the_worst_status_once() {
        let partial =
            incident("major", &[("2024-05-08T10:00:00Z", "investigating"), ("2024-05-08T12:00:00Z", "resolved")]);
        let major =
            incident("critical", &[("2024-05-08T11:00:00Z", "investigating"), ("2024-05-08T11:30:00Z", "resolved")]);
        let history =
            api_history(STATUS, &[("incidents/2024-05-08-a.toml", &partial), ("incidents/2024-05-08-b.toml", &major)]);
        check(&history, &[("2024-05-08", "major_outage", 30)], Some(9995));
        let day = history.days.iter().find(|d| d.date.to_string() == "2024-05-08").and_then(|d| d.ms).expect("data");
        assert_eq!(day[3] / 60_000, 90, "partial outage before and after the major one");
        // Down: 30 + 0.3 × 90 = 57 of 128,880 minutes.
        assert_eq!(history.uptime, Some(percent(128_880, 570)));
    }

    #[test]
    fn maintenance_is_shown_apart_and_is_not_downtime() {
        let maintenance =
            "title = \"M\"\nfrom = 2024-05-07T02:00:00Z\nuntil = 2024-05-07T04:00:00Z\ncomponents = [\"api\"]\n\n\
            [[updates]]\nat = 2024-05-01T00:00:00Z\nstatus = \"scheduled\"\nbody = \"b\"\n\n\
            [[updates]]\nat = 2024-05-07T02:00:00Z\nstatus = \"in_progress\"\nbody = \"b\"\n\n\
            [[updates]]\nat = 2024-05-07T03:30:00Z\nstatus = \"completed\"\nbody = \"b\"\n";
        let history = api_history(STATUS, &[("maintenance/2024-05-07-m.toml", maintenance)]);
        check(&history, &[("2024-05-07", "under_maintenance", 90)], Some(10_000));
    }

    #[test]
    fn an_outage_during_maintenance_still_counts() {
        let maintenance =
            "title = \"M\"\nfrom = 2024-05-07T02:00:00Z\nuntil = 2024-05-07T04:00:00Z\ncomponents = [\"api\"]\n\n\
            [[updates]]\nat = 2024-05-01T00:00:00Z\nstatus = \"scheduled\"\nbody = \"b\"\n";
        let outage =
            incident("critical", &[("2024-05-07T03:00:00Z", "investigating"), ("2024-05-07T03:30:00Z", "resolved")]);
        let history = api_history(
            STATUS,
            &[("maintenance/2024-05-07-m.toml", maintenance), ("incidents/2024-05-07-a.toml", &outage)],
        );
        check(&history, &[("2024-05-07", "major_outage", 30)], Some(percent(128_790, 300)));
    }

    #[test]
    fn a_component_added_mid_period_has_no_data_before_it_existed() {
        let status = format!("{STATUS}start_date = 2024-05-01\n");
        let file =
            incident("critical", &[("2024-05-03T10:00:00Z", "investigating"), ("2024-05-03T11:00:00Z", "resolved")]);
        let history = api_history(&status, &[("incidents/2024-05-03-a.toml", &file)]);
        let without_data = history.days.iter().filter(|d| d.ms.is_none()).count();
        assert_eq!(without_data, DAYS - 10, "data from May 1 to May 10");
        // 60 of 9.5 days (13,680 minutes) down: 99.56 %.
        check(&history, &[("2024-05-03", "major_outage", 60)], Some(9956));
    }

    #[test]
    fn an_open_incident_counts_until_now_and_degraded_performance_is_up() {
        let degraded =
            incident("minor", &[("2024-05-09T00:00:00Z", "investigating"), ("2024-05-09T06:00:00Z", "resolved")]);
        let open = incident("major", &[("2024-05-10T11:00:00Z", "investigating")]);
        let history =
            api_history(STATUS, &[("incidents/2024-05-09-a.toml", &degraded), ("incidents/2024-05-10-b.toml", &open)]);
        // Down: 0.3 × 60 = 18 of 128,880 minutes.
        check(
            &history,
            &[("2024-05-09", "degraded_performance", 360), ("2024-05-10", "partial_outage", 60)],
            Some(percent(128_880, 180)),
        );
    }

    #[test]
    fn status_changes_within_an_incident_split_its_time() {
        let mut file = incident("minor", &[("2024-05-04T10:00:00Z", "investigating")]);
        file.push_str("\n[[updates]]\nat = 2024-05-04T10:20:00Z\nstatus = \"identified\"\nbody = \"b\"\ncomponents = { api = \"major_outage\" }\n");
        file.push_str("\n[[updates]]\nat = 2024-05-04T11:00:00Z\nstatus = \"resolved\"\nbody = \"b\"\n");
        let history = api_history(STATUS, &[("incidents/2024-05-04-a.toml", &file)]);
        check(&history, &[("2024-05-04", "major_outage", 40)], Some(percent(128_880, 400)));
    }

    #[test]
    fn started_at_before_the_first_update_counts_from_the_start() {
        let mut file =
            incident("critical", &[("2024-05-04T10:30:00Z", "investigating"), ("2024-05-04T11:00:00Z", "resolved")]);
        file = file.replace("components = [\"api\"]\n", "components = [\"api\"]\nstarted_at = 2024-05-04T10:00:00Z\n");
        let history = api_history(STATUS, &[("incidents/2024-05-04-a.toml", &file)]);
        check(&history, &[("2024-05-04", "major_outage", 60)], Some(percent(128_880, 600)));
    }
}
