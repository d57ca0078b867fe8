//! What the operator reads rather than publishes: `list` (what is open, with ids),
//! `sitrep` (a Markdown situation report for internal channels) and the silence check
//! of `check --max-silence`.

use std::fmt::Write as _;
use std::path::Path;

use status_feed::{Incident, IncidentStatus, Phase, Timestamp};

use crate::compile::{compile, offset_minutes_at, Feed};
use crate::i18n::chrome;
use crate::input::{load_config, load_site, show_duration, Config, Entry, Kind, Site};

/// The error `check --max-silence` returns: the binary exits with 3 for it, so a
/// scheduled CI job can tell "someone must post an update" from "a file is broken".
#[derive(Debug)]
pub struct Silence(pub String);

impl std::fmt::Display for Silence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Silence {}

/// The exit status for a [`Silence`].
pub const SILENCE_EXIT: u8 = 3;

/// Every incident and maintenance id, for "did you mean" when an id is mistyped.
pub fn known_ids(root: &Path) -> Vec<String> {
    let mut ids = Vec::new();
    for kind in [Kind::Incident, Kind::Maintenance] {
        for file in crate::input::list_files(root, kind.folder(), ".toml").unwrap_or_default() {
            if let Some(stem) = file.file_stem().and_then(|s| s.to_str()) {
                ids.push(stem.to_owned());
            }
        }
    }
    ids
}

/// For a maintenance just marked under way more than an hour before its window opens:
/// the warning to print, in case the update was meant for another one. Said once, at the
/// update that started it, not at each note after it.
pub fn early_start(site: &Site, id: &str, now: Timestamp) -> Option<String> {
    let entry = site.entries.iter().find(|entry| entry.id == id && entry.kind == Kind::Maintenance)?;
    let (from, _) = entry.window?;
    let [.., before, last] = entry.updates.as_slice() else {
        return None;
    };
    let started_now = last.status == IncidentStatus::InProgress && before.status != IncidentStatus::InProgress;
    let ahead = from.unix_ms() - now.unix_ms();
    (started_now && ahead > 3_600_000).then(|| {
        format!(
            "{id} is now under way, but its window opens {} (in {}); if this update was meant for another maintenance, remove it from the file and check the id (`statusgen list`)",
            when(&site.config, from),
            show_duration(ahead)
        )
    })
}

/// A time in the page's zone, as the status page writes it in English.
fn when(config: &Config, time: Timestamp) -> String {
    chrome("en").date_time(time, &config.time_zone)
}

/// `HH:MM` in the page's zone, with the date when it is not the day of `now`, and the
/// offset when it is not now's (across a clock change: the footer gives now's).
fn clock(config: &Config, time: Timestamp, now: Timestamp) -> String {
    let offset = |t: Timestamp| offset_minutes_at(&config.time_zone, t);
    let local = |t: Timestamp| t.with_offset_minutes(offset(t)).to_string();
    let (text, today) = (local(time), local(now));
    let mut out =
        if text[..10] == today[..10] { text[11..16].to_owned() } else { format!("{} {}", &text[..10], &text[11..16]) };
    if offset(time) != offset(now) {
        let _ = write!(out, " ({})", crate::i18n::utc_offset(i32::from(offset(time)) * 60));
    }
    out
}

/// "in 20m" / "overdue by 10m" for a promised time.
fn due(time: Timestamp, now: Timestamp) -> String {
    let left = time.unix_ms() - now.unix_ms();
    if left >= 0 {
        format!("in {}", show_duration(left))
    } else {
        format!("overdue by {}", show_duration(-left))
    }
}

/// When the promised next update of `entry` is due, if one was promised by its latest update.
fn next_due(entry: &Entry) -> Option<Timestamp> {
    entry.updates.last().and_then(|u| u.next_update_at)
}

fn phase(feed: &Feed, entry: &Entry) -> Phase {
    incident(feed, entry).map_or(Phase::Over, |i| i.phase(feed.now))
}

fn incident<'a>(feed: &'a Feed, entry: &Entry) -> Option<&'a Incident> {
    feed.incidents.iter().chain(&feed.maintenances).find(|i| i.id == entry.id)
}

/// `statusgen list`: open incidents, then maintenance in progress and upcoming, with ids.
pub fn list(site: &Site, now: Timestamp, unreadable: usize) -> String {
    let feed = compile(site, now);
    let config = &site.config;
    let mut rows: Vec<[String; 5]> = Vec::new();
    let mut open: Vec<&Entry> = site.entries.iter().filter(|e| phase(&feed, e) == Phase::Open).collect();
    // Most severe first, then oldest first: the one burning longest is read first.
    open.sort_by(|a, b| {
        b.impact.rank().cmp(&a.impact.rank()).then(a.updates[0].at.cmp(&b.updates[0].at)).then(a.id.cmp(&b.id))
    });
    for entry in &open {
        let started = entry.started_at.unwrap_or(entry.updates[0].at);
        let next = match next_due(entry) {
            Some(at) => format!("{} ({})", clock(config, at, now), due(at, now)),
            None => "-".to_owned(),
        };
        rows.push([
            entry.id.clone(),
            entry.status().to_string(),
            entry.impact.to_string(),
            show_duration(now.unix_ms() - started.unix_ms()),
            next,
        ]);
    }
    let mut out = String::new();
    if rows.is_empty() && unreadable > 0 {
        // Never an all-clear that the files left out could contradict.
        let _ = writeln!(
            out,
            "No open incidents in the files that can be read; {} cannot be read, and may hold one (below).",
            plural(unreadable, "file", "files")
        );
    } else if rows.is_empty() {
        out.push_str("No open incidents.\n");
    } else {
        let _ = writeln!(out, "{}:", plural(rows.len(), "open incident", "open incidents"));
        table(&mut out, ["id", "stage", "impact", "age", "next update"], &rows);
    }

    let mut maintenance: Vec<(&Entry, Phase)> = site
        .entries
        .iter()
        .filter(|e| e.kind == Kind::Maintenance)
        .map(|e| (e, phase(&feed, e)))
        .filter(|(_, p)| matches!(p, Phase::InProgress | Phase::Upcoming))
        .collect();
    maintenance.sort_by(|a, b| a.0.window.cmp(&b.0.window).then(a.0.id.cmp(&b.0.id)));
    let rows: Vec<[String; 5]> = maintenance
        .iter()
        .map(|(entry, phase)| {
            let (from, until) = entry.window.unwrap_or((now, now));
            let state = match phase {
                // Maintenance overruns: still under way after its window, said so.
                Phase::InProgress if until < now => {
                    format!("in progress, {} past its end", show_duration(now.unix_ms() - until.unix_ms()))
                }
                Phase::InProgress => "in progress".to_owned(),
                _ => format!("starts {}", due(from, now)),
            };
            [
                entry.id.clone(),
                entry.status().shown_in(*phase).to_string(),
                state,
                format!("{} – {}", clock(config, from, now), clock(config, until, now)),
                next_due(entry)
                    .map_or_else(|| "-".to_owned(), |at| format!("{} ({})", clock(config, at, now), due(at, now))),
            ]
        })
        .collect();
    if rows.is_empty() {
        out.push_str("No maintenance in progress or upcoming.\n");
    } else {
        let _ = writeln!(
            out,
            "\n{}:",
            plural(rows.len(), "maintenance in progress or upcoming", "maintenances in progress or upcoming")
        );
        table(&mut out, ["id", "stage", "when", "window", "next update"], &rows);
    }
    let _ = writeln!(
        out,
        "\nTimes in {} ({}).",
        config.time_zone_name,
        crate::i18n::utc_offset(i32::from(offset_minutes_at(&config.time_zone, now)) * 60)
    );
    out
}

/// `1 incident`, `2 incidents`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Left-aligned columns separated by two spaces, trailing spaces trimmed.
fn table<const N: usize>(out: &mut String, header: [&str; N], rows: &[[String; N]]) {
    let mut widths = header.map(|h| h.chars().count());
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut line = |cells: [&str; N]| {
        let mut text = String::new();
        for (cell, width) in cells.iter().zip(widths) {
            let _ = write!(text, "  {cell:<width$}");
        }
        let _ = writeln!(out, "{}", text.trim_end());
    };
    line(header.map(|h| h));
    for row in rows {
        line(std::array::from_fn(|i| row[i].as_str()));
    }
}

/// `statusgen sitrep <id>`: a short Markdown report for internal channels.
pub fn sitrep(site: &Site, entry: &Entry, now: Timestamp) -> String {
    let feed = compile(site, now);
    let config = &site.config;
    let en = chrome("en");
    let incident = incident(&feed, entry);
    let phase = incident.map_or(Phase::Over, |i| i.phase(now));
    let Some(last) = entry.updates.last() else {
        return String::new();
    };
    // The stage as published (a window that ended reads completed, as in the feed), and
    // as the page shows it (a window under way while `scheduled` is in progress).
    let published = incident.map_or(last.status, |incident| incident.status);
    let stage = published.shown_in(phase);
    let mut out = String::new();
    let _ = writeln!(out, "### {} — {}", entry.title, en.stage(stage));
    let _ = writeln!(out);
    // A maintenance's impact is always `maintenance`: said once.
    match entry.kind {
        Kind::Incident => _ = writeln!(out, "- **Severity:** {} (incident)", entry.impact),
        Kind::Maintenance => _ = writeln!(out, "- **Kind:** planned maintenance"),
    }
    let started = entry.began().unwrap_or(last.at);
    let _ = writeln!(out, "- **{}:** {}", if started > now { "Starts" } else { "Since" }, when(config, started));
    let end = match phase {
        // A window that ended without `completed` ended with the window.
        Phase::Over => Some(incident.and_then(|incident| incident.resolved_at).unwrap_or(last.at)),
        _ => None,
    };
    let duration = show_duration(end.unwrap_or(now).unix_ms() - started.unix_ms());
    match end {
        Some(_) => {
            let _ = writeln!(out, "- **Duration:** {duration} (over)");
        }
        None if started > now => {
            let _ = writeln!(out, "- **Duration:** starts {}", due(started, now));
        }
        None => {
            let _ = writeln!(out, "- **Duration:** {duration} so far");
        }
    }
    if let Some((from, until)) = entry.window {
        let _ = writeln!(out, "- **Window:** {} – {}", when(config, from), when(config, until));
    }
    let affected: Vec<String> = match incident {
        Some(incident) => {
            incident.components.iter().map(|c| format!("{} ({})", c.name, en.component(c.status))).collect()
        }
        None => entry.components.clone(),
    };
    let _ = writeln!(
        out,
        "- **Affected:** {}",
        if affected.is_empty() { "none listed".to_owned() } else { affected.join(", ") }
    );
    let since = match entry.window {
        Some((from, _)) if stage != published => from,
        _ => end.unwrap_or(last.at).max(last.at),
    };
    let _ = writeln!(out, "- **Stage:** {} since {}", en.stage(stage), when(config, since));
    let next = match (last.next_update_at, phase) {
        (_, Phase::Over) => "none (over)".to_owned(),
        (Some(at), _) => format!("{} ({})", when(config, at), due(at, now)),
        (None, _) => "not promised (post one with `--next-update 30m`)".to_owned(),
    };
    let _ = writeln!(out, "- **Next update due:** {next}");
    let _ = writeln!(out, "- **Updates:** {}", entry.updates.len());
    let _ = writeln!(out, "- **Status page:** {}/incidents/{}.html", config.url, entry.id);
    let _ = writeln!(out);
    let _ = writeln!(out, "**Latest update** ({}):", when(config, last.at));
    let _ = writeln!(out);
    for line in status_feed::plain_text(&last.body).lines() {
        let _ = writeln!(out, "> {line}");
    }
    out
}

/// `check --max-silence`: every open incident whose latest update is older than
/// `max_ms`, or whose promised next update is overdue; `None` when all are fresh.
pub fn silent(site: &Site, now: Timestamp, max_ms: i64) -> Option<Silence> {
    let lines = silences(site, now, Some(max_ms));
    if lines.is_empty() {
        return None;
    }
    let count = plural(lines.len(), "open incident needs", "open incidents need");
    Some(Silence(format!("{}\n{count} an update", lines.join("\n"))))
}

/// One line for each open incident whose latest update is older than `max_ms` (when
/// given), or whose promised next update is overdue, saying what to run.
pub fn silences(site: &Site, now: Timestamp, max_ms: Option<i64>) -> Vec<String> {
    let config = &site.config;
    let dir = dir_option(site);
    let mut lines = Vec::new();
    for entry in site.entries.iter().filter(|e| e.kind == Kind::Incident) {
        // An incident file's stages are checked when it is read, so it is open exactly
        // while its last stage is not one that ends it: no need to compile the feed (which
        // `check` on 10,000 incidents would pay for at every run).
        let Some(latest) = entry.updates.last().filter(|last| !last.status.is_over()) else { continue };
        // Silence counts from the last update posted by now: one dated after it (a mistyped
        // month) has not been heard, and must not mute the alarm until that date.
        let Some(last) = entry.updates.iter().rev().find(|update| !is_after(update.at, now)) else { continue };
        let quiet = now.unix_ms() - last.at.unix_ms();
        let overdue = last.next_update_at.filter(|at| *at < now);
        let too_quiet = max_ms.filter(|max| quiet > *max);
        if too_quiet.is_none() && overdue.is_none() {
            continue;
        }
        let mut line = format!(
            "{}: no update for {} (last: {} at {})",
            entry.file.display().to_string().replace('\\', "/"),
            show_duration(quiet),
            last.status,
            when(config, last.at)
        );
        if let Some(max) = too_quiet {
            let _ = write!(line, ", longer than --max-silence {}", show_duration(max));
        }
        if let Some(at) = overdue {
            let _ = write!(line, "; the next update was promised by {}", when(config, at));
        }
        if !std::ptr::eq(last, latest) {
            let _ =
                write!(line, "; an update dated {} is after now, a typo? correct its `at`", when(config, latest.at));
        }
        let _ =
            write!(line, "; post one: statusgen {dir}update {} --status {} --next-update 30m", entry.id, last.status);
        lines.push(line);
    }
    lines
}

/// One line for each maintenance still `scheduled` whose window has ended: the page
/// shows it completed (the feed crate's phase calls it over), but nobody said so. And one
/// for each still under way past its window: it overran, and nobody said until when.
pub fn ended_maintenances(site: &Site, now: Timestamp) -> Vec<String> {
    let dir = dir_option(site);
    let mut lines = Vec::new();
    for entry in site.entries.iter().filter(|e| e.kind == Kind::Maintenance) {
        let Some((from, until)) = entry.window else { continue };
        let item = Incident {
            status: entry.status(),
            scheduled_for: Some(from),
            scheduled_until: Some(until),
            ..Incident::default()
        };
        let file = entry.file.display().to_string().replace('\\', "/");
        if item.status.is_under_way() && until < now {
            // The page shows it in progress, as it is: but nobody said the window moved.
            lines.push(format!(
                "{file}: its window ended at {} and it is still `{}`; say it is done (statusgen {dir}update {} --status completed) or when it will be (--status {} --until TIME)",
                when(&site.config, until),
                item.status,
                entry.id,
                item.status
            ));
            continue;
        }
        if item.status != status_feed::IncidentStatus::Scheduled || item.phase(now) != Phase::Over {
            continue;
        }
        lines.push(format!(
            "{file}: its window ended at {} but its last update is `scheduled` (the page shows it completed); say how it went: statusgen {dir}update {} --status completed",
            when(&site.config, until),
            entry.id
        ));
    }
    lines
}

/// Whether an update dated `at` is after `now` by more than a few minutes of clock skew.
fn is_after(at: Timestamp, now: Timestamp) -> bool {
    const SKEW_MS: i64 = 5 * 60_000;
    at.unix_ms() > now.unix_ms() + SKEW_MS
}

/// One line for each entry with an update dated after `now` (by more than a few minutes of
/// clock skew): a typo of a month or a day, which the feed would publish as its latest
/// change and the page would show as still to come.
pub fn future_updates(site: &Site, now: Timestamp) -> Vec<String> {
    let mut lines = Vec::new();
    for entry in &site.entries {
        let Some(update) = entry.updates.iter().find(|u| is_after(u.at, now)) else { continue };
        lines.push(format!(
            "{}: an update is dated {}, after now ({}): a typo? Correct its `at`",
            entry.file.display().to_string().replace('\\', "/"),
            when(&site.config, update.at),
            when(&site.config, now)
        ));
    }
    lines
}

/// One line for each component that an incident or maintenance touched before the
/// component's `start_date`: its uptime history starts later, so those days read "no
/// data" (history imported after `init`, which dates components the day it ran).
pub fn before_start_dates(site: &Site) -> Vec<String> {
    let config = &site.config;
    let mut lines = Vec::new();
    for component in &config.components {
        let Some(start) = component.start_date else { continue };
        let touches = |entry: &&Entry| entry.components.contains(&component.id);
        let earlier =
            site.entries.iter().filter(touches).find(|entry| {
                entry.began().is_some_and(|began| crate::history::day_of(&config.time_zone, began) < start)
            });
        if let Some(entry) = earlier {
            lines.push(format!(
                "{}: {} ({}) begins its uptime history on {start}, after {} touched it: set an earlier start_date to count that",
                crate::input::STATUS_FILE,
                component.id,
                component.name,
                crate::diag::shown(&entry.file)
            ));
        }
    }
    lines
}

/// The `-C` option of a command to run from where this one ran, when it had one.
fn dir_option(site: &Site) -> String {
    match site.root.to_string_lossy().replace('\\', "/") {
        root if root.is_empty() || root == "." => String::new(),
        root if root.contains(char::is_whitespace) => format!("-C '{root}' "),
        root => format!("-C {root} "),
    }
}

/// Loads the site and finds `id` in it, with the same advice as `update` when it is unknown.
pub fn load_with(root: &Path, id: &str) -> anyhow::Result<(Site, Entry)> {
    let config = load_config(root)?;
    let (_, _, entry) = crate::edit::find(root, &config, id)?;
    let site = load_site(root)?;
    Ok((site, entry))
}
