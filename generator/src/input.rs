//! Reading and validating the hand-written site: `status.toml`, `incidents/*.toml`,
//! `maintenance/*.toml`.
//!
//! Parsing is strict (unknown keys are errors) because these files are written by
//! people under pressure: a misspelt key silently ignored is a status page that lies.
//! Every value that can be wrong is read with its span, so the error points at it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use status_feed::{ComponentStatus, Impact, IncidentStatus, Timestamp};
use toml::Spanned;

use crate::diag::{one_of, Diagnostic, Diagnostics};

/// The incident stages an incident file may use, in order.
pub const INCIDENT_STAGES: [&str; 4] = ["investigating", "identified", "monitoring", "resolved"];
/// The stages a maintenance file may use, in order.
pub const MAINTENANCE_STAGES: [&str; 4] = ["scheduled", "in_progress", "verifying", "completed"];
/// Impacts an incident may declare.
pub const IMPACTS: [&str; 4] = ["none", "minor", "major", "critical"];
/// Component statuses an update may set.
pub const COMPONENT_STATUSES: [&str; 5] =
    ["operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance"];

// ---------------------------------------------------------------------------
// File formats, exactly as written by hand.
// ---------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StatusFile {
    name: String,
    url: Spanned<String>,
    id: Option<String>,
    time_zone: Option<Spanned<String>>,
    locale: Option<Spanned<String>>,
    templates: Option<String>,
    widget: Option<String>,
    #[serde(default)]
    components: Vec<ComponentInput>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ComponentInput {
    id: Spanned<String>,
    name: String,
    description: Option<String>,
    group: Option<String>,
    position: Option<i64>,
    start_date: Option<Spanned<toml::value::Datetime>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IncidentFile {
    title: String,
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
#[serde(deny_unknown_fields)]
struct MaintenanceFile {
    title: String,
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
#[serde(deny_unknown_fields)]
struct UpdateInput {
    at: Spanned<TimeText>,
    status: Spanned<String>,
    body: String,
    #[serde(default)]
    components: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    translations: BTreeMap<Spanned<String>, BodyTranslation>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TitleTranslation {
    title: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BodyTranslation {
    body: String,
}

/// A time as written: a TOML datetime (`at = 2024-05-10T08:30:00Z`) or a string
/// (`at = "2024-05-10T08:30:00Z"`); both are accepted so nobody has to remember which.
struct TimeText(String);

impl<'de> Deserialize<'de> for TimeText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TimeVisitor;
        impl<'de> Visitor<'de> for TimeVisitor {
            type Value = TimeText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date-time such as 2024-05-10T08:30:00-04:00")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<TimeText, E> {
                Ok(TimeText(text.to_owned()))
            }
            // toml hands native datetimes over as a one-entry map holding their text.
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TimeText, A::Error> {
                let Some((_, text)) = map.next_entry::<String, String>()? else {
                    return Err(de::Error::custom("expected a date-time"));
                };
                Ok(TimeText(text))
            }
        }
        deserializer.deserialize_any(TimeVisitor)
    }
}

// ---------------------------------------------------------------------------
// The validated site.
// ---------------------------------------------------------------------------

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
    /// The widget bundle folder `build` publishes under `widget/` (relative to the site root).
    pub widget: Option<PathBuf>,
}

/// A component or a group of components.
#[derive(Clone, Debug)]
pub struct ComponentDef {
    /// Stable id, used in incident files and in the feed.
    pub id: String,
    /// Display name.
    pub name: String,
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

/// Whether an entry is an incident or a scheduled maintenance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// From `incidents/`.
    Incident,
    /// From `maintenance/`.
    Maintenance,
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
    /// Declared impact (maintenance: `maintenance`).
    pub impact: Impact,
    /// Affected component ids, in file order.
    pub components: Vec<String>,
    /// When the problem started, if stated.
    pub started_at: Option<Timestamp>,
    /// Maintenance window.
    pub window: Option<(Timestamp, Timestamp)>,
    /// Updates in time order (oldest first).
    pub updates: Vec<UpdateDef>,
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

/// The site's settings file name.
pub const STATUS_FILE: &str = "status.toml";

/// Reads and validates the site at `root`. All problems in all files are reported together.
pub fn load_site(root: &Path) -> Result<Site, Diagnostics> {
    let config = load_config(root).map_err(|d| Diagnostics(vec![d]))?;
    let mut files = Vec::new();
    for (dir, kind) in [("incidents", Kind::Incident), ("maintenance", Kind::Maintenance)] {
        files.extend(list_toml(root, dir).map_err(|d| Diagnostics(vec![d]))?.into_iter().map(|f| (f, kind)));
    }
    let results = parse_in_parallel(root, &config, &files);
    let mut entries = Vec::with_capacity(results.len());
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok(entry) => entries.push(entry),
            Err(diagnostic) => problems.push(diagnostic),
        }
    }
    // One id names one page (`incidents/<id>.html`), so the two folders share ids.
    let mut seen = BTreeMap::new();
    for entry in &entries {
        if let Some(first) = seen.insert(entry.id.clone(), entry.file.clone()) {
            problems.push(Diagnostic::file(
                &entry.file,
                format!("id `{}` is also used by {}; rename one of the files", entry.id, first.display()),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(Diagnostics(problems));
    }
    entries.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(Site { root: root.to_path_buf(), config, entries })
}

/// Parses files on every core: `check` on 10,000 incidents must stay well under a second.
fn parse_in_parallel(root: &Path, config: &Config, files: &[(PathBuf, Kind)]) -> Vec<Result<Entry, Diagnostic>> {
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

/// `*.toml` files directly in `root/dir`, sorted; a missing folder holds none.
fn list_toml(root: &Path, dir: &str) -> Result<Vec<PathBuf>, Diagnostic> {
    let path = root.join(dir);
    let listing = match std::fs::read_dir(&path) {
        Ok(listing) => listing,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(Diagnostic::file(Path::new(dir), format!("cannot list the folder: {error}"))),
    };
    let mut files = Vec::new();
    for item in listing {
        let item =
            item.map_err(|error| Diagnostic::file(Path::new(dir), format!("cannot list the folder: {error}")))?;
        let name = item.file_name();
        let name = name.to_string_lossy();
        if name.ends_with(".toml") && !name.starts_with('.') {
            files.push(Path::new(dir).join(&*name));
        }
    }
    files.sort();
    Ok(files)
}

fn read(root: &Path, file: &Path) -> Result<String, Diagnostic> {
    std::fs::read_to_string(root.join(file)).map_err(|error| {
        if error.kind() == std::io::ErrorKind::NotFound && file == Path::new(STATUS_FILE) {
            Diagnostic::file(file, "not found; run `statusgen init` to create a site, or pass `-C DIR` to point at one")
        } else {
            Diagnostic::file(file, format!("cannot read the file: {error}"))
        }
    })
}

/// Turns a TOML or schema error into a diagnostic with advice.
fn toml_error(file: &Path, source: &str, error: &toml::de::Error) -> Diagnostic {
    let message = error.message().trim_end_matches('.');
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

fn span_of<T>(value: &Spanned<T>) -> Option<Range<usize>> {
    Some(value.span())
}

/// Loads `status.toml`.
pub fn load_config(root: &Path) -> Result<Config, Diagnostic> {
    let file = Path::new(STATUS_FILE);
    let source = read(root, file)?;
    let parsed: StatusFile = toml::from_str(&source).map_err(|error| toml_error(file, &source, &error))?;
    let at = |span: Range<usize>, message: String| Diagnostic::at(file, &source, Some(span), message);

    let url = parsed.url.get_ref().trim().trim_end_matches('/').to_owned();
    if status_feed::safe_link(&url).is_none() {
        return Err(at(
            parsed.url.span(),
            "url must be an absolute http:// or https:// URL, e.g. https://status.example.com".into(),
        ));
    }
    let (time_zone_name, time_zone) = match &parsed.time_zone {
        None => ("Etc/UTC".to_owned(), jiff::tz::TimeZone::UTC),
        Some(name) => match jiff::tz::db().get(name.get_ref()) {
            Ok(zone) => (name.get_ref().clone(), zone),
            Err(_) => {
                return Err(at(
                    name.span(),
                    format!(
                        "unknown time zone `{}`; use an IANA name such as Europe/Paris, America/New_York or Etc/UTC",
                        name.get_ref()
                    ),
                ))
            }
        },
    };
    let locale = match &parsed.locale {
        None => "en".to_owned(),
        Some(tag) if is_language_tag(tag.get_ref()) => tag.get_ref().clone(),
        Some(tag) => {
            return Err(at(
                tag.span(),
                format!("locale `{}` is not a BCP 47 tag; write e.g. en, fr or pt-BR", tag.get_ref()),
            ))
        }
    };

    let mut components: Vec<ComponentDef> = Vec::new();
    let mut ids = BTreeSet::new();
    let mut groups: Vec<(String, String)> = Vec::new();
    for (index, input) in parsed.components.iter().enumerate() {
        let id = input.id.get_ref();
        if !is_slug(id) {
            return Err(at(
                input.id.span(),
                format!("component id `{id}` must be lowercase letters, digits and `-`, e.g. `api`"),
            ));
        }
        if !ids.insert(id.clone()) {
            return Err(at(
                input.id.span(),
                format!("component id `{id}` is used twice; give each component its own id"),
            ));
        }
        let group_id = input.group.as_ref().map(|group| {
            let group_id = format!("group-{}", slugify(group));
            if !groups.iter().any(|(known, _)| *known == group_id) {
                groups.push((group_id.clone(), group.clone()));
            }
            group_id
        });
        let start_date = match &input.start_date {
            None => None,
            Some(date) => match (date.get_ref().date, date.get_ref().time) {
                (Some(day), None) => jiff::civil::Date::new(day.year as i16, day.month as i8, day.day as i8).ok(),
                _ => {
                    return Err(at(
                        date.span(),
                        "start_date is a day without a time, e.g. start_date = 2024-05-01".into(),
                    ))
                }
            },
        };
        components.push(ComponentDef {
            id: id.clone(),
            name: input.name.clone(),
            description: input.description.clone(),
            group_id,
            is_group: false,
            position: input.position.unwrap_or(index as i64 + 1),
            start_date,
        });
    }
    for (group_id, name) in groups {
        if ids.contains(&group_id) {
            return Err(Diagnostic::file(
                file,
                format!(
                    "component id `{group_id}` clashes with the id generated for group `{name}`; rename the component"
                ),
            ));
        }
        // A group sits where its first member does.
        let position = components
            .iter()
            .filter(|c| c.group_id.as_deref() == Some(&group_id))
            .map(|c| c.position)
            .min()
            .unwrap_or(0);
        components.push(ComponentDef {
            id: group_id,
            name,
            description: None,
            group_id: None,
            is_group: true,
            position,
            start_date: None,
        });
    }
    // Page order: by position, ties by id, so output never depends on hash or file quirks.
    components.sort_by(|a, b| a.position.cmp(&b.position).then(b.is_group.cmp(&a.is_group)).then(a.id.cmp(&b.id)));

    let page_id = parsed.id.unwrap_or_else(|| slugify(&parsed.name));
    Ok(Config {
        name: parsed.name,
        url,
        page_id,
        time_zone_name,
        time_zone,
        locale,
        templates: PathBuf::from(parsed.templates.unwrap_or_else(|| "templates".to_owned())),
        components,
        widget: parsed.widget.map(PathBuf::from),
    })
}

impl Config {
    /// The id of the component named by `text` (its id, or its name ignoring case).
    pub fn component_id(&self, text: &str) -> Option<&str> {
        let text = text.trim();
        self.components
            .iter()
            .find(|c| c.id == text)
            .or_else(|| self.components.iter().find(|c| c.name.eq_ignore_ascii_case(text)))
            .map(|c| c.id.as_str())
    }

    /// The component with this id.
    pub fn component(&self, id: &str) -> Option<&ComponentDef> {
        self.components.iter().find(|c| c.id == id)
    }

    /// Every component id, for "must be one of" messages.
    pub fn component_ids(&self) -> String {
        let ids: Vec<&str> = self.components.iter().filter(|c| !c.is_group).map(|c| c.id.as_str()).collect();
        if ids.is_empty() {
            "(none: add [[components]] to status.toml)".to_owned()
        } else {
            ids.join(", ")
        }
    }
}

/// Loads and validates one incident or maintenance file.
pub fn load_entry(root: &Path, config: &Config, file: &Path, kind: Kind) -> Result<Entry, Diagnostic> {
    let source = read(root, file)?;
    parse_entry(config, file, &source, kind)
}

/// Validates the text `source` of the incident or maintenance file `file`.
pub fn parse_entry(config: &Config, file: &Path, source: &str, kind: Kind) -> Result<Entry, Diagnostic> {
    let at = |span: Option<Range<usize>>, message: String| Diagnostic::at(file, source, span, message);
    let id = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    if !is_slug(&id) {
        return Err(Diagnostic::file(
            file,
            "file names become ids and URLs: use lowercase letters, digits and `-`, e.g. 2024-05-10-payments-down.toml",
        ));
    }

    let (title, impact, components, started_at, window, translations, updates) = match kind {
        Kind::Incident => {
            let parsed: IncidentFile = toml::from_str(source).map_err(|e| toml_error(file, source, &e))?;
            let impact = match parsed.impact.get_ref().as_str() {
                "none" => Impact::None,
                "minor" => Impact::Minor,
                "major" => Impact::Major,
                "critical" => Impact::Critical,
                other => {
                    return Err(at(
                        span_of(&parsed.impact),
                        format!("unknown impact `{other}`: impact must be one of {}", one_of(&IMPACTS)),
                    ))
                }
            };
            let started_at = match &parsed.started_at {
                Some(time) => Some(parse_time(config, time).map_err(|m| at(span_of(time), format!("started_at {m}")))?),
                None => None,
            };
            (parsed.title, impact, parsed.components, started_at, None, parsed.translations, parsed.updates)
        }
        Kind::Maintenance => {
            let parsed: MaintenanceFile = toml::from_str(source).map_err(|e| toml_error(file, source, &e))?;
            let from = parse_time(config, &parsed.from).map_err(|m| at(span_of(&parsed.from), format!("from {m}")))?;
            let until =
                parse_time(config, &parsed.until).map_err(|m| at(span_of(&parsed.until), format!("until {m}")))?;
            if until <= from {
                return Err(at(
                    span_of(&parsed.until),
                    "the window ends before it starts: `until` must be later than `from`".into(),
                ));
            }
            (
                parsed.title,
                Impact::Maintenance,
                parsed.components,
                None,
                Some((from, until)),
                parsed.translations,
                parsed.updates,
            )
        }
    };
    if title.trim().is_empty() {
        return Err(at(
            Some(0..0),
            "title is empty; say in a few words what users see, e.g. \"Payments failing\"".into(),
        ));
    }

    let mut component_ids = Vec::new();
    for component in &components {
        let Some(known) = config.component_id(component.get_ref()) else {
            return Err(at(
                span_of(component),
                format!(
                    "unknown component `{}`: components must be ids from status.toml ({})",
                    component.get_ref(),
                    config.component_ids()
                ),
            ));
        };
        if !component_ids.iter().any(|c| c == known) {
            component_ids.push(known.to_owned());
        }
    }

    let title_translations = check_translations(file, source, translations.into_iter().map(|(k, v)| (k, v.title)))?;

    if updates.is_empty() {
        let example = match kind {
            Kind::Incident => "[[updates]]\nat = 2024-05-10T08:30:00Z\nstatus = \"investigating\"\nbody = \"We are investigating.\"",
            Kind::Maintenance => "[[updates]]\nat = 2024-05-10T08:30:00Z\nstatus = \"scheduled\"\nbody = \"We will upgrade the database.\"",
        };
        return Err(Diagnostic::file(file, format!("has no updates; add at least one, e.g.\n{example}")));
    }
    let (stages, parse_stage): (&[&str], StageParser) = match kind {
        Kind::Incident => (&INCIDENT_STAGES, incident_stage),
        Kind::Maintenance => (&MAINTENANCE_STAGES, maintenance_stage),
    };
    let mut defs: Vec<UpdateDef> = Vec::with_capacity(updates.len());
    for update in updates {
        let time = parse_time(config, &update.at).map_err(|m| at(span_of(&update.at), format!("at {m}")))?;
        if let Some(started) = started_at {
            if time < started {
                return Err(at(
                    span_of(&update.at),
                    format!(
                        "this update ({time}) is before the incident started ({started}); fix `at` or `started_at`"
                    ),
                ));
            }
        }
        if let Some(previous) = defs.last() {
            if time < previous.at {
                return Err(at(
                    span_of(&update.at),
                    format!("this update ({time}) is earlier than the one before it ({}); updates must be in time order, oldest first", previous.at),
                ));
            }
        }
        let Some(status) = parse_stage(update.status.get_ref()) else {
            let hint = match kind {
                Kind::Incident if maintenance_stage(update.status.get_ref()).is_some() => {
                    " (that is a maintenance stage: put maintenance under maintenance/)"
                }
                Kind::Maintenance if incident_stage(update.status.get_ref()).is_some() => {
                    " (that is an incident stage: put incidents under incidents/)"
                }
                _ => "",
            };
            return Err(at(
                span_of(&update.status),
                format!("unknown status `{}`{hint}: status must be one of {}", update.status.get_ref(), one_of(stages)),
            ));
        };
        let mut changes = Vec::new();
        for (component, state) in &update.components {
            let Some(known) = config.component_id(component.get_ref()) else {
                return Err(at(
                    span_of(component),
                    format!(
                        "unknown component `{}`: components must be ids from status.toml ({})",
                        component.get_ref(),
                        config.component_ids()
                    ),
                ));
            };
            let Some(state) = component_status(state.get_ref()) else {
                return Err(at(
                    span_of(state),
                    format!(
                        "unknown component status `{}`: it must be one of {}",
                        state.get_ref(),
                        one_of(&COMPONENT_STATUSES)
                    ),
                ));
            };
            changes.push((known.to_owned(), state));
        }
        if update.body.trim().is_empty() {
            return Err(at(
                span_of(&update.status),
                "this update's body is empty; write what users should know".into(),
            ));
        }
        let body_translations =
            check_translations(file, source, update.translations.into_iter().map(|(k, v)| (k, v.body)))?;
        defs.push(UpdateDef { at: time, status, body: update.body, body_translations, components: changes });
    }

    Ok(Entry {
        id,
        kind,
        file: file.to_path_buf(),
        title,
        title_translations,
        impact,
        components: component_ids,
        started_at,
        window,
        updates: defs,
    })
}

fn check_translations(
    file: &Path,
    source: &str,
    translations: impl Iterator<Item = (Spanned<String>, String)>,
) -> Result<BTreeMap<String, String>, Diagnostic> {
    let mut out = BTreeMap::new();
    for (tag, text) in translations {
        if !is_language_tag(tag.get_ref()) {
            return Err(Diagnostic::at(
                file,
                source,
                Some(tag.span()),
                format!("`{}` is not a BCP 47 language tag; write e.g. fr, it or pt-BR", tag.get_ref()),
            ));
        }
        out.insert(tag.into_inner(), text);
    }
    Ok(out)
}

/// Reads a stage name for one kind of entry.
type StageParser = fn(&str) -> Option<IncidentStatus>;

/// Reads a time; one without an offset is in the page's time zone.
fn parse_time(config: &Config, text: &Spanned<TimeText>) -> Result<Timestamp, String> {
    parse_time_text(config, &text.get_ref().0)
}

/// Reads `2024-05-10T08:30:00-04:00`, or `2024-05-10T08:30` in the page's time zone.
pub fn parse_time_text(config: &Config, text: &str) -> Result<Timestamp, String> {
    if let Ok(time) = Timestamp::parse(text) {
        return Ok(time);
    }
    let problem = || {
        format!("`{text}` is not a date-time; write e.g. 2024-05-10T08:30:00-04:00, or 2024-05-10T08:30 in the page's time zone")
    };
    let civil: jiff::civil::DateTime = text.trim().replace(' ', "T").parse().map_err(|_| problem())?;
    let zoned = civil.to_zoned(config.time_zone.clone()).map_err(|_| problem())?;
    let offset_minutes = (zoned.offset().seconds() / 60) as i16;
    Ok(Timestamp::from_unix_ms(zoned.timestamp().as_millisecond()).with_offset_minutes(offset_minutes))
}

/// An incident stage by its wire name.
pub fn incident_stage(text: &str) -> Option<IncidentStatus> {
    match text {
        "investigating" => Some(IncidentStatus::Investigating),
        "identified" => Some(IncidentStatus::Identified),
        "monitoring" => Some(IncidentStatus::Monitoring),
        "resolved" => Some(IncidentStatus::Resolved),
        _ => None,
    }
}

/// A maintenance stage by its wire name.
pub fn maintenance_stage(text: &str) -> Option<IncidentStatus> {
    match text {
        "scheduled" => Some(IncidentStatus::Scheduled),
        "in_progress" => Some(IncidentStatus::InProgress),
        "verifying" => Some(IncidentStatus::Verifying),
        "completed" => Some(IncidentStatus::Completed),
        _ => None,
    }
}

/// A component status by its wire name.
pub fn component_status(text: &str) -> Option<ComponentStatus> {
    match text {
        "operational" => Some(ComponentStatus::Operational),
        "degraded_performance" => Some(ComponentStatus::DegradedPerformance),
        "partial_outage" => Some(ComponentStatus::PartialOutage),
        "major_outage" => Some(ComponentStatus::MajorOutage),
        "under_maintenance" => Some(ComponentStatus::UnderMaintenance),
        _ => None,
    }
}

/// Lowercase ASCII letters, digits and inner hyphens.
pub fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && !text.starts_with('-')
        && !text.ends_with('-')
        && text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A loose BCP 47 check: `xx`, `xxx`, `xx-YY`, `zh-Hant`, `es-419`.
pub fn is_language_tag(text: &str) -> bool {
    let mut parts = text.split('-');
    let language_ok =
        parts.next().is_some_and(|l| (2..=3).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_alphabetic()));
    language_ok && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// A URL- and file-safe slug of a title: `Payments down!` → `payments-down`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = fold_accent(c);
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() >= 60 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-').to_owned();
    if slug.is_empty() {
        "incident".to_owned()
    } else {
        slug
    }
}

/// Accented Latin letters become their base letter, so French and Italian titles give readable slugs.
fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fold_accents_and_punctuation() {
        assert_eq!(slugify("Paiements en échec !"), "paiements-en-echec");
        assert_eq!(slugify("  API: 5xx errors  "), "api-5xx-errors");
        assert_eq!(slugify("???"), "incident");
    }

    #[test]
    fn language_tags_are_checked_loosely() {
        for good in ["en", "fr", "pt-BR", "zh-Hant", "es-419"] {
            assert!(is_language_tag(good), "{good}");
        }
        for bad in ["", "english", "e", "fr_FR", "fr-"] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }
}
