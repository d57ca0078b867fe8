//! Reading and validating the hand-written site: `status.toml`, `incidents/*.toml`,
//! `maintenance/*.toml`.
//!
//! Parsing is strict (unknown keys are errors) because these files are written by
//! people under pressure: a misspelt key silently ignored is a status page that lies.
//! Every value that can be wrong is read with its span, so the error points at it, and
//! every problem of every file is collected, so one `check` lists them all.
//!
//! Modules: `config` reads `status.toml`, `entry` one incident or maintenance file,
//! `keys` checks every key against the file's shape, `time` reads times and durations,
//! `text` reads files (UTF-8, BOM, line endings), `names` holds slugs, tags and stages.

mod config;
mod entry;
mod keys;
mod names;
pub mod text;
mod time;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use status_feed::{ComponentStatus, Impact, IncidentStatus, Timestamp};

use crate::diag::{Diagnostic, Diagnostics};

pub use config::{enclosing_site, load_config, parse_config};
pub use entry::{load_entry, parse_entry};
pub use names::{is_language_tag, is_slug, slugify, stages};
pub use time::{duration_ms, parse_duration, parse_time_in, show_duration};

/// The page settings from `status.toml`.
#[derive(Clone, Debug)]
pub struct Config {
    /// Page name.
    pub name: String,
    /// Public URL of the status page, without a trailing slash.
    pub url: String,
    /// Page id written into every document (`id` in status.toml, default: derived from the name).
    pub page_id: String,
    /// IANA name of the page's time zone.
    pub time_zone_name: String,
    /// The page's time zone, for showing times with their offset.
    pub time_zone: jiff::tz::TimeZone,
    /// Default locale (BCP 47), the page's `lang`.
    pub locale: String,
    /// Directory of message templates, relative to the site root.
    pub templates: PathBuf,
    /// Components and groups in page order.
    pub components: Vec<ComponentDef>,
    /// Where `statusgen notify` posts updates (`[[notify]]`), in file order.
    pub notify: Vec<NotifyTarget>,
    /// What is wrong with `[[notify]]` targets (left out of `notify`): errors for `check`
    /// and `notify`, warnings for `build`, so that a mistyped webhook setting never keeps
    /// the status page from being published mid-outage.
    pub notify_problems: Vec<Diagnostic>,
    /// The widget bundle folder `build` publishes under `widget/` (relative to the site root).
    pub widget: Option<PathBuf>,
    /// Where `widget` is written in status.toml (line, column), for its problems.
    pub widget_at: (usize, usize),
    /// Things worth knowing that do not stop a build (e.g. a locale without page chrome).
    pub warnings: Vec<Diagnostic>,
    /// A stand-in for a `status.toml` that cannot be used ([`Config::stand_in`]): the
    /// components are not known, so no incident's component is called unknown.
    pub components_unknown: bool,
    /// The same, when not even its `time_zone` could be read: a time written without an
    /// offset is read as UTC, so its order against the others is not judged.
    pub time_zone_unknown: bool,
}

/// A component or a group of components.
#[derive(Clone, Debug)]
pub struct ComponentDef {
    /// Stable id, used in incident files and in the feed.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Display name in other locales (`[components.translations.fr] name = …`).
    pub name_translations: BTreeMap<String, String>,
    /// Optional description.
    pub description: Option<String>,
    /// Id of the group it belongs to.
    pub group_id: Option<String>,
    /// Whether this is a group.
    pub is_group: bool,
    /// Position on the page.
    pub position: i64,
    /// The first day of its uptime history (`start_date` in status.toml), if given.
    pub start_date: Option<jiff::civil::Date>,
}

impl ComponentDef {
    /// The name in `locale`: its translation, else the page-locale name.
    pub fn name_in(&self, locale: &str) -> &str {
        let tags: Vec<&str> = self.name_translations.keys().map(String::as_str).collect();
        match status_feed::negotiate(&tags, &[locale]) {
            Some(tag) => self.name_translations.get(tag).map_or(&self.name, |n| n),
            None => &self.name,
        }
    }
}

/// The wire format of a `[[notify]]` target: each service's incoming-webhook JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotifyFormat {
    /// Slack incoming webhook (`{"text": …, "blocks": …}`).
    Slack,
    /// Discord webhook (`{"content": …, "embeds": …}`).
    Discord,
    /// Microsoft Teams incoming webhook (a MessageCard).
    Teams,
    /// The update itself as JSON, for your own receivers.
    Json,
}

impl NotifyFormat {
    /// Every format, in the documented order.
    pub const ALL: [Self; 4] = [Self::Slack, Self::Discord, Self::Teams, Self::Json];

    /// The name written in `status.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Slack => "slack",
            Self::Discord => "discord",
            Self::Teams => "teams",
            Self::Json => "json",
        }
    }
}

/// One `[[notify]]` target.
#[derive(Clone, Debug)]
pub struct NotifyTarget {
    /// A name for messages and the state file (default: the format, numbered when repeated).
    pub name: String,
    /// The webhook URL (http or https).
    pub url: String,
    /// What JSON it takes.
    pub format: NotifyFormat,
}

/// Whether an entry is an incident or a scheduled maintenance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// From `incidents/`.
    Incident,
    /// From `maintenance/`.
    Maintenance,
}

impl Kind {
    /// The folder its files live in.
    pub fn folder(self) -> &'static str {
        match self {
            Self::Incident => "incidents",
            Self::Maintenance => "maintenance",
        }
    }
}

/// One validated incident or maintenance.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The file stem, e.g. `2024-05-10-payments-down`.
    pub id: String,
    /// Incident or maintenance.
    pub kind: Kind,
    /// Path relative to the site root.
    pub file: PathBuf,
    /// Title in the page's locale.
    pub title: String,
    /// Title in other locales.
    pub title_translations: BTreeMap<String, String>,
    /// Impact now: the file's, or as the last update that changed it left it
    /// (maintenance: `maintenance`).
    pub impact: Impact,
    /// Affected component ids, in file order.
    pub components: Vec<String>,
    /// When the problem started, if stated.
    pub started_at: Option<Timestamp>,
    /// Maintenance window: the file's `from` and `until`, as the last update that moved
    /// them left them.
    pub window: Option<(Timestamp, Timestamp)>,
    /// Updates in time order (oldest first).
    pub updates: Vec<UpdateDef>,
    /// What publishes, but not as written: words in angle brackets that every display
    /// would leave out (taken for tags), a component an update sets that the entry does not
    /// list as affected, a time with a wrong offset or in an hour its zone skips or repeats
    /// (read as statusgen read them before it refused them). Not errors when the site is built (an update already published
    /// must not block the next one), but `check` refuses them, and `update` and `new`
    /// refuse new ones.
    pub flaws: Vec<Diagnostic>,
}

impl Entry {
    /// The stage of its latest update.
    pub fn status(&self) -> IncidentStatus {
        self.updates.last().map_or(IncidentStatus::Investigating, |u| u.status)
    }

    /// When it began: `started_at`, else the window's start, else its first update.
    pub fn began(&self) -> Option<Timestamp> {
        self.started_at.or(self.window.map(|(from, _)| from)).or(self.updates.first().map(|u| u.at))
    }
}

/// One validated update.
#[derive(Clone, Debug)]
pub struct UpdateDef {
    /// When it was posted.
    pub at: Timestamp,
    /// The stage it moves the entry to.
    pub status: IncidentStatus,
    /// Message in the page's locale.
    pub body: String,
    /// Message in other locales.
    pub body_translations: BTreeMap<String, String>,
    /// Explicit component status changes (component id → status).
    pub components: Vec<(String, ComponentStatus)>,
    /// When the operator promised the next update (`next_update_at`).
    pub next_update_at: Option<Timestamp>,
    /// The entry's impact as this update left it: the file's, or the last one an update
    /// set (`impact`, written by `update --impact`). Maintenance: `maintenance`.
    pub impact: Impact,
}

/// A whole validated site.
#[derive(Clone, Debug)]
pub struct Site {
    /// Site root.
    pub root: PathBuf,
    /// `status.toml`.
    pub config: Config,
    /// Incidents and maintenances, sorted by id.
    pub entries: Vec<Entry>,
}

impl Site {
    /// Every entry's [`Entry::flaws`], in file order.
    pub fn flaws(&self) -> Vec<Diagnostic> {
        self.entries.iter().flat_map(|entry| entry.flaws.iter().cloned()).collect()
    }
}

/// The site's settings file name.
pub const STATUS_FILE: &str = "status.toml";

/// Reads and validates the site at `root`. All problems in all files are reported together.
pub fn load_site(root: &Path) -> Result<Site, Diagnostics> {
    match load_readable(root)? {
        (site, problems) if problems.is_empty() => Ok(site),
        (_, problems) => Err(Diagnostics(problems)),
    }
}

/// The site as far as it can be read: every entry whose file is valid, and the problems
/// of the others (a broken `status.toml` is still an error). For what must go on
/// mid-incident whatever an unrelated file says: `list`, `notify`.
pub fn load_readable(root: &Path) -> Result<(Site, Vec<Diagnostic>), Diagnostics> {
    Ok(read_entries(root, load_config(root)?))
}

/// The site as far as anything of it can be read: [`load_readable`]'s entries, or with a
/// `status.toml` that cannot be used, those read against [`Config::stand_in`].
pub fn load_what_reads(root: &Path) -> Site {
    match load_readable(root) {
        Ok((site, _)) => site,
        Err(_) => read_entries(root, Config::stand_in(root)).0,
    }
}

/// The incident and maintenance files of the site at `root`, read with `config`: the valid
/// ones, and the problems of the others.
pub fn read_entries(root: &Path, config: Config) -> (Site, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for kind in [Kind::Incident, Kind::Maintenance] {
        match list_files(root, kind.folder(), ".toml") {
            Ok(found) => files.extend(found.into_iter().map(|f| (f, kind))),
            Err(diagnostic) => problems.push(diagnostic),
        }
    }
    let results = parse_in_parallel(root, &config, &files);
    let mut entries = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(entry) => entries.push(entry),
            Err(found) => problems.extend(found.0),
        }
    }
    // One id names one page (`incidents/<id>.html`), so the two folders share ids.
    let mut seen = BTreeMap::new();
    entries.retain(|entry| match seen.insert(entry.id.clone(), entry.file.clone()) {
        Some(first) => {
            problems.push(Diagnostic::file(
                &entry.file,
                format!("id `{}` is also used by {}; rename one of the files", entry.id, first.display()),
            ));
            false
        }
        None => true,
    });
    entries.sort_by(|a, b| a.id.cmp(&b.id));
    (Site { root: root.to_path_buf(), config, entries }, problems)
}

/// What sits in `incidents/`, `maintenance/` or `postmortems/` but is never read: a folder,
/// or a file not named `*.toml` (`*.md` for postmortems): `.TOML`, `.tml`, `.markdown`. Each
/// one a warning: an operator who saved an incident there would otherwise publish nothing
/// and hear nothing.
pub fn unread_files(root: &Path) -> Vec<Diagnostic> {
    const FOLDERS: [(&str, &str, &str); 3] = [
        ("incidents", "toml", "an incident"),
        ("maintenance", "toml", "a maintenance"),
        ("postmortems", "md", "a postmortem"),
    ];
    let mut warnings = Vec::new();
    for (folder, extension, what) in FOLDERS {
        let Ok(listing) = std::fs::read_dir(root.join(folder)) else { continue };
        let suffix = format!(".{extension}");
        let mut names: Vec<(String, bool)> = listing
            .flatten()
            .map(|item| (item.file_name().to_string_lossy().into_owned(), item.path().is_dir()))
            .filter(|(name, is_dir)| !name.starts_with('.') && (*is_dir || !name.ends_with(&suffix)))
            .collect();
        names.sort();
        for (name, is_dir) in names {
            let advice = if is_dir {
                format!("a folder, not read: only the {suffix} files directly in {folder}/ are; move {what} up there")
            } else {
                // `x.TOML`, `x.tml`, `x.toml~`, `x.toml.orig`: the name before the first dot.
                let wanted = format!("{}{suffix}", name.split('.').next().unwrap_or_default());
                if root.join(folder).join(&wanted).exists() {
                    format!(
                        "not read: only files named <id>{suffix} are; a copy of {wanted} (a backup?): move it out of {folder}/"
                    )
                } else {
                    format!("not read: only files named <id>{suffix} are; if it is {what}, rename it to {wanted}")
                }
            };
            warnings.push(Diagnostic::file(&Path::new(folder).join(&name), advice));
        }
    }
    warnings
}

/// Parses files on every core: `check` on 10,000 incidents must stay well under a second.
fn parse_in_parallel(root: &Path, config: &Config, files: &[(PathBuf, Kind)]) -> Vec<Result<Entry, Diagnostics>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    if threads <= 1 || files.len() < 64 {
        return files.iter().map(|(file, kind)| load_entry(root, config, file, *kind)).collect();
    }
    let chunk = files.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter().map(|(file, kind)| load_entry(root, config, file, *kind)).collect::<Vec<_>>()
                })
            })
            .collect();
        // Joining in spawn order keeps results in file order, so output stays deterministic.
        handles
            .into_iter()
            .flat_map(|handle| match handle.join() {
                Ok(results) => results,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    })
}

/// Files named `*<suffix>` directly in `root/dir`, sorted; a missing folder holds none.
pub fn list_files(root: &Path, dir: &str, suffix: &str) -> Result<Vec<PathBuf>, Diagnostic> {
    let dir = Path::new(dir);
    let listing = match std::fs::read_dir(root.join(dir)) {
        Ok(listing) => listing,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(Diagnostic::file(dir, format!("cannot list the folder: {error}"))),
    };
    let mut files = Vec::new();
    for item in listing {
        let item = item.map_err(|error| Diagnostic::file(dir, format!("cannot list the folder: {error}")))?;
        let name = item.file_name();
        let name = name.to_string_lossy();
        if name.ends_with(suffix) && !name.starts_with('.') {
            files.push(dir.join(&*name));
        }
    }
    files.sort();
    Ok(files)
}

/// Turns a TOML or schema error into a diagnostic with advice.
fn toml_error(file: &Path, source: &str, error: &toml::de::Error) -> Diagnostic {
    let message = error.message().trim_end_matches('.');
    if message.starts_with("duplicate key") {
        // toml names no key: the span holds it.
        let key = error.span().and_then(|span| source.get(span)).unwrap_or_default().trim().trim_matches(['"', '\'']);
        let advice = match key {
            // `[updates]` written for `[[updates]]`: a second update then defines the table again.
            "updates" => "each update is a table of its own, written `[[updates]]` with two brackets; fix the brackets"
                .to_owned(),
            "" => "a key is set twice in one table; keep one".to_owned(),
            key => format!(
                "`{key}` is set twice in this table; keep one (a new update starts with its own `[[updates]]` line)"
            ),
        };
        let message = if key.is_empty() { "duplicate key".to_owned() } else { format!("duplicate key `{key}`") };
        return Diagnostic::at(file, source, error.span(), format!("{message}: {advice}"));
    }
    let advice = if message.starts_with("unknown field") {
        "; remove it or fix its spelling (see USAGE.md for every key)"
    } else if message.starts_with("missing field") {
        "; add it"
    } else if message.starts_with("invalid type") {
        "; fix the value's type"
    } else {
        "; fix the TOML syntax"
    };
    Diagnostic::at(file, source, error.span(), format!("{message}{advice}"))
}

/// Parses `source` as the TOML of `file`: syntax, then every key against `shape`, then
/// the types. Unknown keys do not stop the reading, so the rest is still checked: one near
/// a missing known key is read as that key ([`keys::read_as_meant`]).
fn parse_toml<T: serde::de::DeserializeOwned>(
    file: &Path,
    source: &str,
    shape: &keys::Shape,
    problems: &mut Vec<Diagnostic>,
) -> Option<T> {
    let mut table = match toml::de::DeTable::parse(source) {
        Ok(table) => table,
        Err(error) => {
            problems.push(toml_error(file, source, &error));
            return None;
        }
    };
    problems.extend(keys::unknown_keys(file, source, table.get_ref(), shape));
    keys::read_as_meant(table.get_mut(), shape);
    match T::deserialize(toml::de::Deserializer::from(table)) {
        Ok(parsed) => Some(parsed),
        Err(error) => {
            problems.push(toml_error(file, source, &error));
            None
        }
    }
}

fn span_of<T>(value: &toml::Spanned<T>) -> Option<Range<usize>> {
    Some(value.span())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn component_names_fall_back_to_the_page_locale() {
        let def = ComponentDef {
            id: "payments".into(),
            name: "Payments".into(),
            name_translations: BTreeMap::from([("fr".to_owned(), "Paiements".to_owned())]),
            description: None,
            group_id: None,
            is_group: false,
            position: 1,
            start_date: None,
        };
        assert_eq!(def.name_in("fr"), "Paiements");
        assert_eq!(def.name_in("fr-CA"), "Paiements");
        assert_eq!(def.name_in("it"), "Payments");
    }
}
