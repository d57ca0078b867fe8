//! One incident (`incidents/*.toml`) or maintenance (`maintenance/*.toml`) file.
//!
//! Both kinds are read into one [`Header`] (what differs: impact and `started_at`, or
//! the window) and then share the checks of components, translations and updates.
//! Every problem is collected; a file is rejected only after all were looked at.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use status_feed::{ComponentStatus, Impact, IncidentStatus, Timestamp};
use toml::Spanned;

use super::text::{read, without_bom};
use super::time::{parse_time_in, TimeText};
use super::{is_language_tag, is_slug, keys, parse_toml, span_of, stages, Config, Entry, Kind, UpdateDef};
use crate::diag::{one_of, Diagnostic, Diagnostics};
use crate::suggest::did_you_mean;

#[derive(Deserialize)]
struct IncidentFile {
    title: Spanned<String>,
    impact: Spanned<String>,
    #[serde(default)]
    components: Vec<Spanned<String>>,
    started_at: Option<Spanned<TimeText>>,
    #[serde(default)]
    translations: BTreeMap<Spanned<String>, TitleTranslation>,
    #[serde(default)]
    updates: Vec<UpdateInput>,
}

#[derive(Deserialize)]
struct MaintenanceFile {
    title: Spanned<String>,
    from: Spanned<TimeText>,
    until: Spanned<TimeText>,
    #[serde(default)]
    components: Vec<Spanned<String>>,
    #[serde(default)]
    translations: BTreeMap<Spanned<String>, TitleTranslation>,
    #[serde(default)]
    updates: Vec<UpdateInput>,
}

#[derive(Deserialize)]
struct UpdateInput {
    at: Spanned<TimeText>,
    status: Spanned<String>,
    body: Spanned<String>,
    #[serde(default)]
    components: BTreeMap<Spanned<String>, Spanned<String>>,
    next_update_at: Option<Spanned<TimeText>>,
    /// An incident's impact from this update on (`update --impact`).
    impact: Option<Spanned<String>>,
    /// A maintenance's window from this update on (`update --from/--until`).
    from: Option<Spanned<TimeText>>,
    until: Option<Spanned<TimeText>>,
    #[serde(default)]
    translations: BTreeMap<Spanned<String>, BodyTranslation>,
}

#[derive(Deserialize)]
struct TitleTranslation {
    title: String,
}

#[derive(Deserialize)]
struct BodyTranslation {
    body: Spanned<String>,
}

/// What both kinds of file have, once read.
struct Header {
    title: Spanned<String>,
    impact: Impact,
    components: Vec<Spanned<String>>,
    started_at: Option<Timestamp>,
    window: Option<(Timestamp, Timestamp)>,
    translations: BTreeMap<Spanned<String>, TitleTranslation>,
    updates: Vec<UpdateInput>,
}

/// Collects the problems of one file, each at its place.
struct Problems<'a> {
    file: &'a Path,
    source: &'a str,
    found: Vec<Diagnostic>,
    /// What would publish, but not as written: [`Entry::flaws`].
    flaws: Vec<Diagnostic>,
}

impl Problems<'_> {
    fn at(&mut self, span: Option<Range<usize>>, message: String) {
        self.found.push(Diagnostic::at(self.file, self.source, span, message));
    }

    /// Text in angle brackets that every display of `body` would leave out, taken for a
    /// tag: each at its place in the file.
    fn hidden_text(&mut self, body: &Spanned<String>) {
        let (span, text) = (body.span(), body.get_ref());
        // Where the last one was found: the next is searched for after it.
        let mut searched_from = span.start;
        for range in status_feed::hidden_text(text) {
            let hidden = &text[range];
            // Where it is in the file: the string's own text, unless escapes changed it.
            let found = self.source.get(searched_from..span.end).and_then(|written| written.find(hidden));
            let at = found.map_or(span.start, |at| searched_from + at);
            searched_from = found.map_or(searched_from, |_| at + hidden.len());
            self.flaws.push(Diagnostic::at(
                self.file,
                self.source,
                Some(at..at + hidden.len()),
                crate::diag::hidden_text_message(hidden),
            ));
        }
    }

    /// A time, or `None` (with the problem recorded) when it cannot be read. A time that
    /// statusgen used to read one way and now refuses (a wrong offset, an hour the zone
    /// skips or repeats) is read as before, as a flaw: a file already published builds.
    fn time(&mut self, config: &Config, key: &str, text: &Spanned<TimeText>) -> Option<Timestamp> {
        match parse_time_in(&config.time_zone, &text.get_ref().0) {
            Ok(time) => Some(time),
            Err(error) => {
                let problem = Diagnostic::at(self.file, self.source, span_of(text), format!("{key} {error}"));
                match error.as_before {
                    Some(_) => self.flaws.push(problem),
                    None => self.found.push(problem),
                }
                error.as_before
            }
        }
    }
}

/// Loads and validates one incident or maintenance file.
pub fn load_entry(root: &Path, config: &Config, file: &Path, kind: Kind) -> Result<Entry, Diagnostics> {
    let source = read(root, file, None).map_err(|d| Diagnostics(vec![d]))?;
    parse_entry(config, file, &source, kind)
}

/// Validates the text `source` of the incident or maintenance file `file`.
pub fn parse_entry(config: &Config, file: &Path, source: &str, kind: Kind) -> Result<Entry, Diagnostics> {
    let source = without_bom(source);
    let id = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let mut problems = Problems { file, source, found: Vec::new(), flaws: Vec::new() };
    if !is_slug(&id) {
        problems.found.push(Diagnostic::file(
            file,
            "file names become ids and URLs: use lowercase letters, digits and `-`, e.g. 2024-05-10-payments-down.toml",
        ));
    }
    let header = read_header(config, kind, &mut problems);
    if !problems.found.is_empty() {
        if let Some(hint) = in_the_other_folder(file, source, kind) {
            problems.found.insert(0, hint);
        }
    }
    let Some(header) = header else {
        return Err(Diagnostics(problems.found));
    };
    if header.title.get_ref().trim().is_empty() {
        problems.at(
            span_of(&header.title),
            "title is empty; say in a few words what users see, e.g. \"Payments failing\"".into(),
        );
    }

    let mut component_ids: Vec<String> = Vec::new();
    for component in &header.components {
        match config.component_id(component.get_ref()) {
            Some(known) => {
                for id in config.members_or_self(known) {
                    if !component_ids.iter().any(|c| c == id) {
                        component_ids.push(id.to_owned());
                    }
                }
            }
            None if config.components_unknown => {}
            None => problems.at(span_of(component), config.unknown_component(component.get_ref())),
        }
    }
    let title_translations =
        translations(&mut problems, header.translations.into_iter().map(|(tag, t)| (tag, t.title)));

    if header.updates.is_empty() {
        let example = match kind {
            Kind::Incident => "[[updates]]\nat = 2024-05-10T08:30:00Z\nstatus = \"investigating\"\nbody = \"We are investigating.\"",
            Kind::Maintenance => "[[updates]]\nat = 2024-05-10T08:30:00Z\nstatus = \"scheduled\"\nbody = \"We will upgrade the database.\"",
        };
        problems.found.push(Diagnostic::file(file, format!("has no updates; add at least one, e.g.\n{example}")));
    }
    let (updates, window) = read_updates(
        config,
        kind,
        (header.started_at, header.window, header.impact),
        &component_ids,
        header.updates,
        &mut problems,
    );

    if !problems.found.is_empty() {
        // The file's flaws too, which `check` counts as problems: kept apart, they would
        // surface only after the rest was fixed, one more round for the operator.
        problems.found.append(&mut problems.flaws);
        // In reading order: whole-file problems first, then by line and column.
        problems.found.sort_by_key(|d| (d.line, d.column));
        return Err(Diagnostics(problems.found));
    }
    Ok(Entry {
        id,
        kind,
        file: file.to_path_buf(),
        title: header.title.into_inner(),
        title_translations,
        // As the last update that changed it left it.
        impact: updates.last().map_or(header.impact, |update| update.impact),
        components: component_ids,
        started_at: header.started_at,
        window,
        updates,
        flaws: problems.flaws,
    })
}

/// A file of the other kind in this kind's folder (a maintenance, with its `from` and
/// `until`, under incidents/; an incident, with its `impact`, under maintenance/): said
/// first, since its keys are otherwise reported as unknown, with advice to remove them.
fn in_the_other_folder(file: &Path, source: &str, kind: Kind) -> Option<Diagnostic> {
    // The top-level keys: the lines before the first table.
    let top: Vec<&str> = source
        .lines()
        .take_while(|line| !line.trim_start().starts_with('['))
        .filter_map(|line| line.split_once('=').map(|(key, _)| key.trim()))
        .collect();
    let has = |key: &str| top.contains(&key);
    let (other, folder) = match kind {
        Kind::Incident if has("from") && has("until") && !has("impact") => {
            ("a maintenance", Kind::Maintenance.folder())
        }
        Kind::Maintenance if has("impact") && !has("from") => ("an incident", Kind::Incident.folder()),
        _ => return None,
    };
    let name = file.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    Some(Diagnostic::file(file, format!("this is {other} file by its keys; move it to {folder}/{name}")))
}

/// An incident's `impact` (the file's, or an update's from then on).
fn read_impact(text: &Spanned<String>, problems: &mut Problems<'_>) -> Impact {
    let wanted = text.get_ref().as_str();
    let choices: Vec<&str> = Impact::ALL.iter().filter(|i| **i != Impact::Maintenance).map(|i| i.as_str()).collect();
    match Impact::from_wire(wanted) {
        Impact::Unknown | Impact::Maintenance => {
            problems.at(
                span_of(text),
                format!(
                    "unknown impact `{wanted}`{}: impact must be one of {}",
                    did_you_mean(wanted, choices.iter().copied()),
                    one_of(&choices)
                ),
            );
            Impact::None
        }
        impact => impact,
    }
}

/// The part of the file that depends on its kind; `None` when it cannot be read at all.
fn read_header(config: &Config, kind: Kind, problems: &mut Problems<'_>) -> Option<Header> {
    let (file, source) = (problems.file, problems.source);
    match kind {
        Kind::Incident => {
            let parsed: IncidentFile = parse_toml(file, source, &keys::INCIDENT, &mut problems.found)?;
            let impact = read_impact(&parsed.impact, problems);
            let started_at = parsed.started_at.as_ref().and_then(|time| problems.time(config, "started_at", time));
            Some(Header {
                title: parsed.title,
                impact,
                components: parsed.components,
                started_at,
                window: None,
                translations: parsed.translations,
                updates: parsed.updates,
            })
        }
        Kind::Maintenance => {
            let parsed: MaintenanceFile = parse_toml(file, source, &keys::MAINTENANCE, &mut problems.found)?;
            let from = problems.time(config, "from", &parsed.from);
            let until = problems.time(config, "until", &parsed.until);
            let window = match (from, until) {
                (Some(from), Some(until)) if until <= from => {
                    problems.at(
                        span_of(&parsed.until),
                        "the window ends before it starts: `until` must be later than `from`".into(),
                    );
                    None
                }
                (Some(from), Some(until)) => Some((from, until)),
                _ => None,
            };
            Some(Header {
                title: parsed.title,
                impact: Impact::Maintenance,
                components: parsed.components,
                started_at: None,
                window,
                translations: parsed.translations,
                updates: parsed.updates,
            })
        }
    }
}

/// The updates (each with the impact as it left it), and the maintenance window as the
/// last update that moved it left it.
fn read_updates(
    config: &Config,
    kind: Kind,
    (started_at, mut window, mut impact): (Option<Timestamp>, Option<(Timestamp, Timestamp)>, Impact),
    listed: &[String],
    updates: Vec<UpdateInput>,
    problems: &mut Problems<'_>,
) -> (Vec<UpdateDef>, Option<(Timestamp, Timestamp)>) {
    let allowed = stages(kind);
    let names: Vec<&str> = allowed.iter().map(|s| s.as_str()).collect();
    let component_statuses: Vec<&str> =
        ComponentStatus::ALL.iter().map(|s| s.as_str()).filter(|s| *s != "unknown").collect();
    let mut defs: Vec<UpdateDef> = Vec::with_capacity(updates.len());
    let mut previous: Option<Timestamp> = None;
    for update in updates {
        let time = problems.time(config, "at", &update.at);
        // Read as UTC for want of the page's zone, a local time's order proves nothing.
        let time_to_order = time.filter(|_| !config.time_zone_unknown);
        if let (Some(time), Some(started)) = (time_to_order, started_at) {
            if time < started {
                problems.at(
                    span_of(&update.at),
                    format!(
                        "this update ({time}) is before the incident started ({started}); fix `at` or `started_at`"
                    ),
                );
            }
        }
        if let (Some(time), Some(before)) = (time_to_order, previous) {
            if time < before {
                problems.at(
                    span_of(&update.at),
                    format!("this update ({time}) is earlier than the one before it ({before}); updates must be in time order, oldest first"),
                );
            }
        }
        previous = time.or(previous);
        let wanted = update.status.get_ref().as_str();
        let status = IncidentStatus::from_wire(wanted);
        if !allowed.contains(&status) {
            let hint = match kind {
                Kind::Incident if status.is_maintenance() => {
                    " (that is a maintenance stage: put maintenance under maintenance/)"
                }
                Kind::Maintenance if status != IncidentStatus::Unknown && !status.is_maintenance() => {
                    " (that is an incident stage: put incidents under incidents/)"
                }
                _ => "",
            };
            let suggestion = if status == IncidentStatus::Unknown {
                did_you_mean(wanted, names.iter().copied())
            } else {
                String::new()
            };
            problems.at(
                span_of(&update.status),
                format!("unknown status `{wanted}`{hint}{suggestion}: status must be one of {}", one_of(&names)),
            );
        }
        let mut changes = Vec::new();
        for (component, state) in &update.components {
            let known = config.component_id(component.get_ref());
            if known.is_none() && !config.components_unknown {
                problems.at(span_of(component), config.unknown_component(component.get_ref()));
            }
            let new_status = ComponentStatus::from_wire(state.get_ref());
            if new_status == ComponentStatus::Unknown {
                problems.at(
                    span_of(state),
                    format!(
                        "unknown component status `{}`{}: it must be one of {}",
                        state.get_ref(),
                        did_you_mean(state.get_ref(), component_statuses.iter().copied()),
                        one_of(&component_statuses)
                    ),
                );
            }
            for known in known.map(|known| config.members_or_self(known)).unwrap_or_default() {
                if !listed.iter().any(|id| id == known) {
                    // The page would show it changed by an entry that does not name it
                    // among the affected (as `update --set` refuses).
                    let what = match kind {
                        Kind::Incident => "incident",
                        Kind::Maintenance => "maintenance",
                    };
                    let message = format!(
                        "`{known}` is not among this {what}'s components ({}); add it to `components`, so the page lists it as affected",
                        listed.join(", ")
                    );
                    problems.flaws.push(Diagnostic::at(problems.file, problems.source, span_of(component), message));
                }
                changes.push((known.to_owned(), new_status));
            }
        }
        if update.body.get_ref().trim().is_empty() {
            problems.at(span_of(&update.status), "this update's body is empty; write what users should know".into());
        }
        problems.hidden_text(&update.body);
        let next_update_at = update.next_update_at.as_ref().and_then(|t| problems.time(config, "next_update_at", t));
        if let (Some(next), Some(time)) = (next_update_at, time) {
            if next <= time {
                problems.at(
                    update.next_update_at.as_ref().and_then(span_of),
                    format!(
                        "next_update_at ({next}) is not after this update ({time}); promise a later time or remove it"
                    ),
                );
            }
        }
        if let Some(changed) = &update.impact {
            impact = read_impact(changed, problems);
        }
        if kind == Kind::Maintenance {
            let moves = update.from.as_ref().or(update.until.as_ref());
            if let (Some(moves), true) = (moves, status.is_over()) {
                problems.at(
                    span_of(moves),
                    format!("a window moves only while its maintenance is to come or under way, and this update is `{status}`: remove `from` and `until` here"),
                );
            }
            window = moved_window(config, window, (update.from.as_ref(), update.until.as_ref()), problems);
        }
        for translation in update.translations.values() {
            problems.hidden_text(&translation.body);
        }
        let body_translations =
            translations(problems, update.translations.into_iter().map(|(tag, t)| (tag, t.body.into_inner())));
        defs.push(UpdateDef {
            at: time.unwrap_or(Timestamp::from_unix_ms(0)),
            status,
            body: update.body.into_inner(),
            body_translations,
            components: changes,
            next_update_at,
            impact,
        });
    }
    (defs, window)
}

/// The window after an update that sets `from`, `until` or both (the other end stays).
fn moved_window(
    config: &Config,
    window: Option<(Timestamp, Timestamp)>,
    (from, until): (Option<&Spanned<TimeText>>, Option<&Spanned<TimeText>>),
    problems: &mut Problems<'_>,
) -> Option<(Timestamp, Timestamp)> {
    if from.is_none() && until.is_none() {
        return window;
    }
    let new_from = from.and_then(|time| problems.time(config, "from", time));
    let new_until = until.and_then(|time| problems.time(config, "until", time));
    let (old_from, old_until) = window?;
    let (start, end) = (new_from.unwrap_or(old_from), new_until.unwrap_or(old_until));
    if end <= start {
        problems.at(
            until.or(from).and_then(span_of),
            format!("the window this update sets ({start} to {end}) ends before it starts: `until` must be later than `from`"),
        );
        return window;
    }
    Some((start, end))
}

fn translations(
    problems: &mut Problems<'_>,
    translations: impl Iterator<Item = (Spanned<String>, String)>,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (tag, text) in translations {
        if is_language_tag(tag.get_ref()) {
            out.insert(tag.into_inner(), text);
        } else {
            problems.at(
                Some(tag.span()),
                format!("`{}` is not a BCP 47 language tag; write e.g. fr, it or pt-BR", tag.get_ref()),
            );
        }
    }
    out
}
