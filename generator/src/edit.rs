//! The commands that write incident and maintenance files: `new`, `maintenance`,
//! `update` and `resolve`.
//!
//! Files are only ever appended to (a new `[[updates]]` table at the end), so the
//! operator's own text, comments, layout, byte-order mark and line endings survive and
//! every change is a small diff. Each edit is validated in memory before anything is
//! written, and arguments are checked before any file name is chosen.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _, Result};
use status_feed::{ComponentStatus, Impact, IncidentStatus, Timestamp};

use crate::compile::offset_minutes_at;
use crate::compose::{compose, has_template, Message, Subject};
use crate::diag::one_of;
use crate::input::text::{line_ending, with_line_ending};
use crate::input::{self, load_config, parse_entry, parse_time_in, slugify, stages, Config, Entry, Kind};

/// A time given on the command line: a duration from now (`30m`), a time of day
/// (`17:00`) or a date-time, which without an offset is in the page's time zone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TimeArg {
    /// So long after now, in milliseconds.
    In(i64),
    /// A time of day, hour and minute, in the page's time zone: its next occurrence.
    Clock(u8, u8),
    /// A date-time as written (checked when parsed; the zone is the page's).
    At(String),
}

impl TimeArg {
    /// The time this means for the page of `config` at `now`.
    pub fn resolve(&self, config: &Config, now: Timestamp) -> Result<Timestamp> {
        self.resolve_after(config, now, now)
    }

    /// As [`resolve`](Self::resolve), a time of day taken as its first occurrence after
    /// `after` (a window's end after its start: `--from 23:00 --until 01:00`).
    pub fn resolve_after(&self, config: &Config, now: Timestamp, after: Timestamp) -> Result<Timestamp> {
        match self {
            Self::In(ms) => Ok(Timestamp::from_unix_ms(now.unix_ms() + ms)),
            Self::At(text) => parse_time_in(&config.time_zone, text).map_err(anyhow::Error::msg),
            Self::Clock(hour, minute) => {
                // `after` in local time, to the minute: its date is the first day tried, and a
                // day whose time of day is already past is passed over before it is read, so
                // that today's 01:30, gone by, is never refused for happening twice on the
                // night clocks go back.
                let after_local = local(config, after).to_string();
                let after_local = after_local.get(..16).unwrap_or_default();
                let day: jiff::civil::Date = after_local.get(..10).unwrap_or_default().parse()?;
                for day in [day, day.tomorrow()?, day.tomorrow()?.tomorrow()?] {
                    let civil = format!("{day}T{hour:02}:{minute:02}");
                    if civil.as_str() < after_local {
                        continue;
                    }
                    let at = parse_time_in(&config.time_zone, &civil).map_err(anyhow::Error::msg)?;
                    if at > after {
                        return Ok(at);
                    }
                }
                bail!("{hour:02}:{minute:02} does not come within two days of {}", local(config, after))
            }
        }
    }
}

/// A component status change from `--set COMPONENT=STATUS`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// The component, by id or name as typed.
    pub component: String,
    /// Its new status.
    pub status: ComponentStatus,
}

/// What `update` (and `new`, for the first update) posts.
#[derive(Clone, Debug)]
pub struct Post {
    /// The stage.
    pub status: IncidentStatus,
    /// `--set` changes.
    pub changes: Vec<Change>,
    /// Where the text comes from.
    pub message: Message,
    /// `--next-update`.
    pub next_update: Option<TimeArg>,
    /// `--reopen`: an update may reopen an entry that is over.
    pub reopen: bool,
    /// `--from` and `--until`: a maintenance's new window (either end may stay).
    pub window: (Option<TimeArg>, Option<TimeArg>),
    /// `--impact`: an incident's impact from this update on.
    pub impact: Option<Impact>,
}

/// A TOML string literal for `text`.
fn quote(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

fn local(config: &Config, time: Timestamp) -> Timestamp {
    time.with_offset_minutes(offset_minutes_at(&config.time_zone, time))
}

/// The page-local date of `time`, `YYYY-MM-DD`, for file names.
fn local_date(config: &Config, time: Timestamp) -> String {
    local(config, time).to_string().chars().take(10).collect()
}

/// Resolves `--components` (ids or names) to ids.
fn component_ids(config: &Config, wanted: &[String]) -> Result<Vec<String>> {
    let mut ids = Vec::new();
    for name in wanted.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        match config.component_id(name) {
            Some(id) if !ids.iter().any(|known| known == id) => ids.push(id.to_owned()),
            Some(_) => {}
            None => bail!("--components: {}", config.unknown_component(name)),
        }
    }
    if ids.is_empty() {
        bail!("--components is empty; name at least one of {}", config.component_ids());
    }
    Ok(ids)
}

/// `--set` changes as component ids. A name that is no component's is matched first
/// against `affected` (the only ones the update may set), then against the page's others.
fn component_changes(
    config: &Config,
    changes: &[Change],
    affected: &[String],
) -> Result<Vec<(String, ComponentStatus)>> {
    changes
        .iter()
        .map(|change| match config.component_id(&change.component) {
            Some(id) => Ok((id.to_owned(), change.status)),
            None => {
                let wanted = change.component.trim();
                let own = config.components.iter().filter(|c| affected.contains(&c.id));
                let hint = crate::suggest::did_you_mean(wanted, own.flat_map(|c| [c.id.as_str(), c.name.as_str()]));
                if !hint.is_empty() {
                    bail!("--set: unknown component `{wanted}`{hint} (the affected ones: {})", affected.join(", "));
                }
                let only = if affected.is_empty() {
                    String::new()
                } else {
                    format!("; only {} can be set here (list others as affected first)", affected.join(", "))
                };
                bail!("--set: {}{only}", config.unknown_component(wanted))
            }
        })
        .collect()
}

fn check_title(title: &str) -> Result<()> {
    if title.trim().is_empty() {
        bail!("the title is empty; say in a few words what users see, e.g. \"Payments failing\"");
    }
    Ok(())
}

/// The promised next update, checked to be after `now`.
fn next_update(config: &Config, now: Timestamp, next: Option<&TimeArg>) -> Result<Option<Timestamp>> {
    let Some(next) = next else {
        return Ok(None);
    };
    let at = next.resolve(config, now).context("--next-update")?;
    if matches!(next, TimeArg::Clock(..)) && at.unix_ms() - now.unix_ms() > 12 * 3_600_000 {
        // Typed for today but already past: the next one is tomorrow, a promise nobody meant.
        let shown = local(config, at).to_string();
        bail!(
            "--next-update {} would be {shown}, more than 12 hours from now ({}): a time of day is taken within the next 12 hours; for a later promise write the date, e.g. --next-update \"{}\", or a duration, e.g. --next-update 30m",
            shown.get(11..16).unwrap_or_default(),
            local(config, now),
            shown.get(..16).unwrap_or_default().replace('T', " ")
        );
    }
    if at <= now {
        bail!(
            "--next-update ({}) is not after now ({}); promise a time in the future, e.g. --next-update 30m",
            local(config, at),
            local(config, now)
        );
    }
    Ok(Some(local(config, at)))
}

/// What an update table says besides its stage and text.
#[derive(Default)]
struct Extras<'a> {
    changes: &'a [(String, ComponentStatus)],
    next_update_at: Option<Timestamp>,
    /// A maintenance window this update moves to.
    window: Option<(Timestamp, Timestamp)>,
    /// An incident's impact from this update on.
    impact: Option<Impact>,
}

fn update_table(
    at: Timestamp,
    status: IncidentStatus,
    body: &str,
    extras: Extras<'_>,
    translations: &[(String, String)],
) -> String {
    let Extras { changes, next_update_at, window, impact } = extras;
    let mut out = String::new();
    let _ = writeln!(out, "[[updates]]\nat = {at}\nstatus = \"{}\"", status.as_str());
    if let Some(impact) = impact {
        let _ = writeln!(out, "impact = \"{}\"", impact.as_str());
    }
    if let Some((from, until)) = window {
        let _ = writeln!(out, "from = {from}\nuntil = {until}");
    }
    if !changes.is_empty() {
        let pairs: Vec<String> = changes.iter().map(|(id, s)| format!("{id} = \"{}\"", s.as_str())).collect();
        let _ = writeln!(out, "components = {{ {} }}", pairs.join(", "));
    }
    if let Some(next) = next_update_at {
        let _ = writeln!(out, "next_update_at = {next}");
    }
    let _ = writeln!(out, "body = {}", quote(body));
    for (locale, text) in translations {
        let _ = writeln!(out, "\n[updates.translations.{locale}]\nbody = {}", quote(text));
    }
    out
}

/// A free file name `<dir>/<date>-<slug>[-N].toml`.
fn free_file(root: &Path, kind: Kind, date: &str, title: &str) -> PathBuf {
    let slug = slugify(title);
    let mut n = 1;
    loop {
        let stem = if n == 1 { format!("{date}-{slug}") } else { format!("{date}-{slug}-{n}") };
        // Ids are shared between incidents/ and maintenance/.
        let taken = [Kind::Incident, Kind::Maintenance]
            .iter()
            .any(|k| root.join(k.folder()).join(format!("{stem}.toml")).exists());
        if !taken {
            return Path::new(kind.folder()).join(format!("{stem}.toml"));
        }
        n += 1;
    }
}

/// Replaces `root/file` with `text`, write-then-rename: a crash mid-write never leaves a
/// truncated file behind.
pub(crate) fn replace(root: &Path, file: &Path, text: &str) -> Result<()> {
    let path = root.join(file);
    let mut temporary = path.clone().into_os_string();
    temporary.push(".tmp");
    let temporary = std::path::PathBuf::from(temporary);
    fs::write(&temporary, text).with_context(|| format!("cannot write {}", temporary.display()))?;
    fs::rename(&temporary, &path).with_context(|| format!("cannot replace {}", path.display()))
}

/// Creates `root/file` (and its folder) with `text`; never overwrites one that exists.
pub(crate) fn write_new(root: &Path, file: &Path, text: &str) -> Result<()> {
    let path = root.join(file);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    // `create_new`: never overwrite an incident someone else just created.
    let mut handle = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    std::io::Write::write_all(&mut handle, text.as_bytes()).with_context(|| format!("cannot write {}", path.display()))
}

/// `statusgen new`: creates `incidents/<date>-<slug>.toml`; returns its path and id.
pub fn new_incident(
    root: &Path,
    now: Timestamp,
    title: &str,
    impact: Impact,
    components: &[String],
    post: &Post,
) -> Result<(PathBuf, String)> {
    check_title(title)?;
    if !stages(Kind::Incident).contains(&post.status) || post.status.is_over() {
        bail!("a new incident starts open: --status must be investigating, identified or monitoring");
    }
    let config = load_config(root)?;
    let ids = component_ids(&config, components)?;
    let changes = component_changes(&config, &post.changes, &ids)?;
    if let Some((id, _)) = changes.iter().find(|(id, _)| !ids.contains(id)) {
        let listed = if ids.is_empty() { "none is listed".to_owned() } else { ids.join(", ") };
        bail!("--set {id}: {id} is not among --components ({listed}); add it there too");
    }
    // The first update states every component's status, the impact's default unless
    // --set says otherwise: a later edit of `impact` or `components` never rewrites
    // what this update said.
    let changes: Vec<(String, ComponentStatus)> = ids
        .iter()
        .map(|id| {
            let set = changes.iter().find(|(changed, _)| changed == id).map(|(_, status)| *status);
            (id.clone(), set.unwrap_or(crate::compile::default_component_status(impact)))
        })
        .collect();
    let next = next_update(&config, now, post.next_update.as_ref())?;
    let subject = Subject {
        config: &config,
        title: (title, None),
        components: &ids,
        window: None,
        window_moved: false,
        next_update: next,
    };
    let (body, translations) = compose(root, &subject, &post.message, post.status)?;
    let file = free_file(root, Kind::Incident, &local_date(&config, now), title);
    let list: Vec<String> = ids.iter().map(|id| quote(id)).collect();
    let mut text =
        format!("title = {}\nimpact = \"{}\"\ncomponents = [{}]\n\n", quote(title), impact.as_str(), list.join(", "));
    let extras = Extras { changes: &changes, next_update_at: next, window: None, impact: None };
    text.push_str(&update_table(local(&config, now), post.status, &body, extras, &translations));
    let entry = parse_entry(&config, &file, &text, Kind::Incident)?;
    write_new(root, &file, &text)?;
    Ok((file, entry.id))
}

/// `statusgen maintenance`: creates `maintenance/<date>-<slug>.toml`; returns its path and id.
pub fn new_maintenance(
    root: &Path,
    now: Timestamp,
    title: &str,
    window: (&TimeArg, &TimeArg),
    components: &[String],
    message: &Message,
) -> Result<(PathBuf, String)> {
    check_title(title)?;
    let config = load_config(root)?;
    let from = local(&config, window.0.resolve(&config, now).context("--from")?);
    let until = local(&config, window.1.resolve_after(&config, now, from).context("--until")?);
    if until <= from {
        bail!("--until ({until}) is not after --from ({from}); the window must end after it starts");
    }
    if until <= now {
        // Its template announces work to come; a window already over is no announcement.
        bail!(
            "--until ({until}) has passed (now: {}); announce maintenance before it ends, with --until later than now",
            local(&config, now)
        );
    }
    let ids = component_ids(&config, components)?;
    let subject = Subject {
        config: &config,
        title: (title, None),
        components: &ids,
        window: Some((from, until)),
        window_moved: false,
        next_update: None,
    };
    let (body, translations) = compose(root, &subject, message, IncidentStatus::Scheduled)?;
    let file = free_file(root, Kind::Maintenance, &local_date(&config, from), title);
    let list: Vec<String> = ids.iter().map(|id| quote(id)).collect();
    let mut text =
        format!("title = {}\nfrom = {from}\nuntil = {until}\ncomponents = [{}]\n\n", quote(title), list.join(", "));
    text.push_str(&update_table(
        local(&config, now),
        IncidentStatus::Scheduled,
        &body,
        Extras::default(),
        &translations,
    ));
    let entry = parse_entry(&config, &file, &text, Kind::Maintenance)?;
    write_new(root, &file, &text)?;
    Ok((file, entry.id))
}

/// Finds the file of incident or maintenance `id`: its path, its text as stored, and the entry.
pub fn find(root: &Path, config: &Config, id: &str) -> Result<(PathBuf, String, Entry)> {
    let id = id.trim().trim_end_matches(".toml");
    let id = id.rsplit('/').next().unwrap_or(id);
    for kind in [Kind::Incident, Kind::Maintenance] {
        let file = Path::new(kind.folder()).join(format!("{id}.toml"));
        if !root.join(&file).exists() {
            continue;
        }
        let source = input::text::read(root, &file, None)?;
        let entry = parse_entry(config, &file, &source, kind)?;
        return Ok((file, source, entry));
    }
    let known = crate::report::known_ids(root);
    let suggestion = crate::suggest::did_you_mean_id(id, known.iter().map(String::as_str));
    bail!("no incident or maintenance `{id}`{suggestion}: ids are file names without .toml under incidents/ or maintenance/ (`statusgen list` shows the open ones)")
}

/// `statusgen update` and `resolve`: appends an update to `id`; returns the file and the stage.
pub fn append_update(root: &Path, now: Timestamp, id: &str, post: &Post) -> Result<PathBuf> {
    let config = load_config(root)?;
    let (file, source, entry) = find(root, &config, id)?;
    let allowed = stages(entry.kind);
    if !allowed.contains(&post.status) {
        let names: Vec<&str> = allowed.iter().map(|s| s.as_str()).collect();
        bail!(
            "{} is {} and its status must be one of {}",
            file.display(),
            if entry.kind == Kind::Incident { "an incident" } else { "a maintenance" },
            one_of(&names)
        );
    }
    let last = entry.updates.last();
    if let Some(last) = last {
        if post.status.is_over() && last.status.is_over() {
            bail!(
                "{} is already {} (since {}); to add to it, reopen it first with `statusgen update {} --status {} --reopen`",
                file.display(),
                last.status,
                local(&config, last.at),
                entry.id,
                if entry.kind == Kind::Incident { "monitoring" } else { "in_progress" }
            );
        }
        if last.status.is_over() && !post.status.is_over() && !post.reopen {
            bail!(
                "{} is {} (since {}): this update would reopen it; add --reopen if that is meant, or check the id (`statusgen list` shows the open ones)",
                file.display(),
                last.status,
                local(&config, last.at)
            );
        }
        if now < last.at {
            bail!(
                "the new update ({now}) would be earlier than the last one in {} ({}); if that date is a typo, correct its `at`; else check --now or the clock",
                file.display(),
                last.at
            );
        }
    }
    if post.impact.is_some() && entry.kind == Kind::Maintenance {
        bail!("{} is a maintenance, whose impact is always `maintenance`: leave --impact out", file.display());
    }
    // The impact it already has is no change: nothing to record.
    let impact = post.impact.filter(|impact| *impact != entry.impact);
    let changes = component_changes(&config, &post.changes, &entry.components)?;
    if let Some((id, _)) = changes.iter().find(|(id, _)| !entry.components.contains(id)) {
        bail!(
            "--set {id}: {id} is not among the components of {} ({}); add it to `components` there first, so the page lists it as affected",
            file.display(),
            entry.components.join(", ")
        );
    }
    let next = next_update(&config, now, post.next_update.as_ref())?;
    if next.is_some() && post.status.is_over() {
        bail!("--next-update promises another update, but {} ends {}; leave it out", post.status, entry.id);
    }
    let moved = requested_window(&config, now, &file, &entry, post)?;
    let subject = Subject {
        config: &config,
        title: (&entry.title, Some(&entry.title_translations)),
        components: &entry.components,
        window: moved.or(entry.window),
        window_moved: moved.is_some(),
        next_update: next,
    };
    // Appending a `[[updates]]` table to a file that lists its updates inline
    // (`updates = [ … ]`, valid TOML written by hand) would define the key twice.
    let is_update_table = |line: &str| {
        // `[[updates]]`, also written `[[ updates ]]` or `[["updates"]]`.
        let bare: String = line.chars().filter(|c| !c.is_whitespace() && !matches!(c, '"' | '\'')).collect();
        bare.starts_with("[[updates]]")
    };
    if !source.lines().any(is_update_table) {
        bail!(
            "{} lists its updates inline (`updates = [ … ]`), and `update` adds a `[[updates]]` table after the last one: rewrite them as `[[updates]]` tables first (USAGE.md shows the form), then run this again",
            file.display()
        );
    }
    let mut message = post.message.clone();
    if message.template.is_none() && message.text.is_none() {
        // The words for what this update does, where the site has them (a site made before
        // these templates keeps the stage's).
        let fitting = fitting_template(&entry, post.status, moved, now);
        message.template = fitting.filter(|name| has_template(root, &config, name)).map(str::to_owned);
    }
    let (body, translations) = compose(root, &subject, &message, post.status)?;
    // Keep the file's own line endings (and its BOM, which stays at the start).
    let ending = line_ending(&source);
    let mut text = source;
    if !text.ends_with('\n') {
        text.push_str(ending);
    }
    text.push_str(ending);
    let extras = Extras { changes: &changes, next_update_at: next, window: moved, impact };
    let table = update_table(local(&config, now), post.status, &body, extras, &translations);
    text.push_str(&with_line_ending(&table, ending));
    parse_entry(&config, &file, &text, entry.kind)?;
    replace(root, &file, &text)?;
    Ok(file)
}

/// The template that says what an update of `entry` to `status` does, beyond its stage:
/// a window to come moved (`rescheduled`), one under way extended (`extended`), or
/// maintenance completed before it began, which calls it off (`cancelled`).
fn fitting_template(
    entry: &Entry,
    status: IncidentStatus,
    moved: Option<(Timestamp, Timestamp)>,
    now: Timestamp,
) -> Option<&'static str> {
    let (from, until) = entry.window?;
    match moved {
        Some(_) if status == IncidentStatus::Scheduled => Some("rescheduled"),
        Some((_, new_until)) if new_until > until => Some("extended"),
        Some(_) => None,
        // Nothing under way was ever posted: it did not take place (maintenance.ics says
        // CANCELLED by the same reading).
        None if status == IncidentStatus::Completed
            && now < from
            && !entry.updates.iter().any(|update| update.status.is_under_way()) =>
        {
            Some("cancelled")
        }
        None => None,
    }
}

/// The window `post` moves maintenance `entry` to (`update --from/--until`), in the
/// page's offset; `None` when it moves none. What a file may say is checked when it is
/// read (`input::entry`); these are the command's own refusals.
fn requested_window(
    config: &Config,
    now: Timestamp,
    file: &Path,
    entry: &Entry,
    post: &Post,
) -> Result<Option<(Timestamp, Timestamp)>> {
    let (from, until) = &post.window;
    if from.is_none() && until.is_none() {
        return Ok(None);
    }
    let (Kind::Maintenance, Some((old_from, old_until))) = (entry.kind, entry.window) else {
        bail!("--from and --until move a maintenance's window, and {} is an incident; leave them out", file.display());
    };
    if post.status.is_over() {
        bail!(
            "{} would be {}, and a window moves only while its maintenance is to come or under way: leave out --from and --until",
            entry.id,
            post.status
        );
    }
    if entry.status() == IncidentStatus::Scheduled && old_until <= now && !post.reopen {
        // Still `scheduled` after its window, the page shows it completed at the window's
        // end: a mistyped id must not reopen it. (Work under way past its window is not
        // over: that is the overrun a later --until extends.)
        bail!(
            "{}'s window ended at {old_until}, and the page shows it completed: add --reopen if moving it is meant, or check the id (`statusgen list` shows the open ones)",
            entry.id
        );
    }
    let start = match from {
        Some(time) => time.resolve(config, now).context("--from")?,
        None => old_from,
    };
    let end = match until {
        Some(time) => time.resolve_after(config, now, start).context("--until")?,
        None => old_until,
    };
    let (start, end) = (local(config, start), local(config, end));
    if end <= start {
        bail!("the new window would end ({end}) before it starts ({start}): --until must be later than --from");
    }
    if end <= now {
        bail!(
            "the new window would end at {end}, which has passed (now: {}): give an --until later than now",
            local(config, now)
        );
    }
    if (start, end) == (old_from, old_until) {
        bail!("{} already runs from {start} to {end}: give the new --from, --until or both", entry.id);
    }
    Ok(Some((start, end)))
}

/// The stage `resolve` moves an entry to: `resolved`, or `completed` for maintenance.
pub fn resolved_stage(root: &Path, id: &str) -> Result<IncidentStatus> {
    let config = load_config(root)?;
    let (_, _, entry) = find(root, &config, id)?;
    Ok(match entry.kind {
        Kind::Incident => IncidentStatus::Resolved,
        Kind::Maintenance => IncidentStatus::Completed,
    })
}
