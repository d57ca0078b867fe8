//! The commands that write input files: `init`, `new`, `update`, `resolve`,
//! `maintenance`, and the synthetic site for benchmarks.
//!
//! Files are only ever appended to (a new `[[updates]]` table at the end), so the
//! operator's own text, comments and layout survive and every change is a small diff.
//! Each edit is validated in memory before anything is written.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _, Result};
use status_feed::{ComponentStatus, Impact, IncidentStatus, Timestamp};

use crate::compile::offset_minutes_at;
use crate::diag::one_of;
use crate::i18n;
use crate::input::{
    self, component_status, incident_stage, load_config, maintenance_stage, parse_entry, slugify, Config, Entry, Kind,
    COMPONENT_STATUSES, STATUS_FILE,
};
use crate::templates::{self, Values};

/// Where an update's text comes from.
#[derive(Clone, Debug, Default)]
pub struct Message {
    /// A named template (`templates/<locale>/<name>.txt`); default: the stage's name.
    pub template: Option<String>,
    /// Literal text instead of a template.
    pub text: Option<String>,
    /// Value of `{eta}`.
    pub eta: Option<String>,
}

/// A TOML string literal for `text`.
fn quote(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// The page-local date of `now`, `YYYY-MM-DD`, for file names.
fn local_date(config: &Config, now: Timestamp) -> String {
    let local = now.with_offset_minutes(offset_minutes_at(&config.time_zone, now));
    local.to_string().chars().take(10).collect()
}

fn local(config: &Config, time: Timestamp) -> Timestamp {
    time.with_offset_minutes(offset_minutes_at(&config.time_zone, time))
}

/// Resolves `--components` (ids or names) to ids.
fn component_ids(config: &Config, wanted: &[String]) -> Result<Vec<String>> {
    let mut ids = Vec::new();
    for name in wanted.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        match config.component_id(name) {
            Some(id) if !ids.iter().any(|known| known == id) => ids.push(id.to_owned()),
            Some(_) => {}
            None => bail!("unknown component `{name}`: use ids from status.toml ({})", config.component_ids()),
        }
    }
    Ok(ids)
}

/// Parses `--set api=major_outage` pairs.
fn component_changes(config: &Config, pairs: &[String]) -> Result<Vec<(String, ComponentStatus)>> {
    pairs
        .iter()
        .map(|pair| {
            let Some((name, state)) = pair.split_once('=') else {
                bail!("--set takes COMPONENT=STATUS, e.g. --set api=major_outage");
            };
            let ids = component_ids(config, &[name.to_owned()])?;
            let Some(status) = component_status(state.trim()) else {
                bail!("unknown component status `{}`: it must be one of {}", state.trim(), one_of(&COMPONENT_STATUSES));
            };
            Ok((ids.into_iter().next().unwrap_or_default(), status))
        })
        .collect()
}

/// The update body in the page's locale, plus translations from the other locales'
/// templates of the same name.
fn compose(
    root: &Path,
    config: &Config,
    message: &Message,
    stage: &str,
    values: impl Fn(&str) -> Values,
) -> Result<(String, Vec<(String, String)>)> {
    if let Some(text) = &message.text {
        if text.trim().is_empty() {
            bail!("--message is empty; write what users should know");
        }
        return Ok((text.trim().to_owned(), Vec::new()));
    }
    let name = message.template.as_deref().unwrap_or(stage);
    if !input::is_slug(&name.replace('_', "-")) {
        bail!("template name `{name}` must be letters, digits, `-` or `_`, e.g. `identified` or `db-failover`");
    }
    let dir = config.templates.join(&config.locale);
    let file = dir.join(format!("{name}.txt"));
    let text = match fs::read_to_string(root.join(&file)) {
        Ok(text) => text,
        Err(_) => {
            let mut available: Vec<String> = fs::read_dir(root.join(&dir))
                .map(|entries| {
                    entries
                        .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".txt").map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            available.sort();
            let available = if available.is_empty() {
                "none: run `statusgen init` to get the defaults".to_owned()
            } else {
                available.join(", ")
            };
            bail!(
                "template {} not found; pass --template NAME (available: {available}) or --message TEXT",
                file.display()
            );
        }
    };
    let body = templates::render(&file, &text, &values(&config.locale))?;
    // Other locales' templates of the same name become the update's translations.
    let mut translations = Vec::new();
    let mut locales: Vec<String> = fs::read_dir(root.join(&config.templates))
        .map(|entries| entries.filter_map(|e| e.ok()?.file_name().to_str().map(str::to_owned)).collect())
        .unwrap_or_default();
    locales.sort();
    for locale in locales.into_iter().filter(|l| *l != config.locale && input::is_language_tag(l)) {
        let file = config.templates.join(&locale).join(format!("{name}.txt"));
        if let Ok(text) = fs::read_to_string(root.join(&file)) {
            let localized = templates::render(&file, &text, &values(&locale))?;
            translations.push((locale, localized));
        }
    }
    Ok((body, translations))
}

fn update_table(
    at: Timestamp,
    status: IncidentStatus,
    body: &str,
    changes: &[(String, ComponentStatus)],
    translations: &[(String, String)],
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "[[updates]]\nat = {at}\nstatus = \"{}\"", status.as_str());
    if !changes.is_empty() {
        let pairs: Vec<String> = changes.iter().map(|(id, s)| format!("{id} = \"{}\"", s.as_str())).collect();
        let _ = writeln!(out, "components = {{ {} }}", pairs.join(", "));
    }
    let _ = writeln!(out, "body = {}", quote(body));
    for (locale, text) in translations {
        let _ = writeln!(out, "\n[updates.translations.{locale}]\nbody = {}", quote(text));
    }
    out
}

fn component_names(config: &Config, ids: &[String]) -> String {
    ids.iter().filter_map(|id| config.component(id)).map(|c| c.name.as_str()).collect::<Vec<_>>().join(", ")
}

/// Placeholder values, with dates written the way `locale` writes them.
fn values_for(
    config: &Config,
    locale: &str,
    title: &str,
    ids: &[String],
    eta: Option<String>,
    window: Option<(Timestamp, Timestamp)>,
) -> Values {
    let format = |time: Timestamp| i18n::chrome(locale).date_time(time, &config.time_zone);
    Values {
        title: title.to_owned(),
        components: component_names(config, ids),
        eta,
        page: config.url.clone(),
        from: window.map(|(from, _)| format(from)),
        until: window.map(|(_, until)| format(until)),
    }
}

/// A free file name `<dir>/<date>-<slug>[-N].toml`.
fn free_file(root: &Path, dir: &str, date: &str, title: &str) -> PathBuf {
    let slug = slugify(title);
    let mut n = 1;
    loop {
        let stem = if n == 1 { format!("{date}-{slug}") } else { format!("{date}-{slug}-{n}") };
        let file = Path::new(dir).join(format!("{stem}.toml"));
        // Ids are shared between incidents/ and maintenance/.
        let taken = ["incidents", "maintenance"].iter().any(|d| root.join(d).join(format!("{stem}.toml")).exists());
        if !taken {
            return file;
        }
        n += 1;
    }
}

fn write_new(root: &Path, file: &Path, text: &str) -> Result<()> {
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
#[allow(clippy::too_many_arguments)]
pub fn new_incident(
    root: &Path,
    now: Timestamp,
    title: &str,
    impact: Impact,
    components: &[String],
    status: IncidentStatus,
    changes: &[String],
    message: &Message,
) -> Result<(PathBuf, String)> {
    let config = load_config(root)?;
    let ids = component_ids(&config, components)?;
    let changes = component_changes(&config, changes)?;
    let values = |locale: &str| values_for(&config, locale, title, &ids, message.eta.clone(), None);
    let (body, translations) = compose(root, &config, message, status.as_str(), values)?;
    let file = free_file(root, "incidents", &local_date(&config, now), title);
    let list: Vec<String> = ids.iter().map(|id| quote(id)).collect();
    let mut text =
        format!("title = {}\nimpact = \"{}\"\ncomponents = [{}]\n\n", quote(title), impact.as_str(), list.join(", "));
    text.push_str(&update_table(local(&config, now), status, &body, &changes, &translations));
    let entry = parse_entry(&config, &file, &text, Kind::Incident)?;
    write_new(root, &file, &text)?;
    Ok((file, entry.id))
}

/// `statusgen maintenance`: creates `maintenance/<date>-<slug>.toml`; returns its path and id.
pub fn new_maintenance(
    root: &Path,
    now: Timestamp,
    title: &str,
    window: (Timestamp, Timestamp),
    components: &[String],
    message: &Message,
) -> Result<(PathBuf, String)> {
    let config = load_config(root)?;
    let ids = component_ids(&config, components)?;
    let (from, until) = (local(&config, window.0), local(&config, window.1));
    let values = |locale: &str| values_for(&config, locale, title, &ids, message.eta.clone(), Some((from, until)));
    let (body, translations) = compose(root, &config, message, "scheduled", values)?;
    let file = free_file(root, "maintenance", &local_date(&config, from), title);
    let list: Vec<String> = ids.iter().map(|id| quote(id)).collect();
    let mut text =
        format!("title = {}\nfrom = {from}\nuntil = {until}\ncomponents = [{}]\n\n", quote(title), list.join(", "));
    text.push_str(&update_table(local(&config, now), IncidentStatus::Scheduled, &body, &[], &translations));
    let entry = parse_entry(&config, &file, &text, Kind::Maintenance)?;
    write_new(root, &file, &text)?;
    Ok((file, entry.id))
}

/// Finds the file of incident or maintenance `id`.
fn find(root: &Path, config: &Config, id: &str) -> Result<(PathBuf, String, Entry)> {
    let id = id.trim().trim_end_matches(".toml");
    let id = id.rsplit('/').next().unwrap_or(id);
    for (dir, kind) in [("incidents", Kind::Incident), ("maintenance", Kind::Maintenance)] {
        let file = Path::new(dir).join(format!("{id}.toml"));
        if let Ok(source) = fs::read_to_string(root.join(&file)) {
            let entry = parse_entry(config, &file, &source, kind)?;
            return Ok((file, source, entry));
        }
    }
    bail!("no incident or maintenance `{id}`: ids are file names without .toml under incidents/ or maintenance/ (`statusgen check` lists problems)")
}

/// `statusgen update` and `resolve`: appends an update to `id`; returns the file.
pub fn append_update(
    root: &Path,
    now: Timestamp,
    id: &str,
    status: &str,
    changes: &[String],
    message: &Message,
) -> Result<PathBuf> {
    let config = load_config(root)?;
    let (file, source, entry) = find(root, &config, id)?;
    let stage = match entry.kind {
        Kind::Incident => incident_stage(status),
        Kind::Maintenance => maintenance_stage(status),
    };
    let Some(stage) = stage else {
        let choices = match entry.kind {
            Kind::Incident => one_of(&input::INCIDENT_STAGES),
            Kind::Maintenance => one_of(&input::MAINTENANCE_STAGES),
        };
        bail!(
            "{} is a{} and its status must be one of {choices}",
            file.display(),
            if entry.kind == Kind::Incident { "n incident" } else { " maintenance" }
        );
    };
    if let Some(last) = entry.updates.last() {
        if now < last.at {
            bail!(
                "the new update ({now}) would be earlier than the last one in {} ({}); check --now or the clock",
                file.display(),
                last.at
            );
        }
    }
    let changes = component_changes(&config, changes)?;
    let values = |locale: &str| {
        let title = entry.title_translations.get(locale).unwrap_or(&entry.title);
        values_for(&config, locale, title, &entry.components, message.eta.clone(), entry.window)
    };
    let (body, translations) = compose(root, &config, message, status, values)?;
    let mut text = source;
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text.push('\n');
    text.push_str(&update_table(local(&config, now), stage, &body, &changes, &translations));
    parse_entry(&config, &file, &text, entry.kind)?;
    // Write-then-rename: a crash mid-write must not truncate an incident file.
    let path = root.join(&file);
    let temporary = path.with_extension("toml.tmp");
    fs::write(&temporary, &text).with_context(|| format!("cannot write {}", temporary.display()))?;
    fs::rename(&temporary, &path).with_context(|| format!("cannot replace {}", path.display()))?;
    Ok(file)
}

/// The stage `resolve` moves an entry to: `resolved`, or `completed` for maintenance.
pub fn resolved_stage(root: &Path, id: &str) -> Result<&'static str> {
    let config = load_config(root)?;
    let (_, _, entry) = find(root, &config, id)?;
    Ok(match entry.kind {
        Kind::Incident => "resolved",
        Kind::Maintenance => "completed",
    })
}

/// `statusgen init`: a ready-to-edit site with default templates in every shipped locale.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>> {
    if dir.join(STATUS_FILE).exists() {
        bail!("{} already exists; edit it, or run init in an empty folder", dir.join(STATUS_FILE).display());
    }
    let mut written = Vec::new();
    let mut put = |relative: PathBuf, text: &str| -> Result<()> {
        let path = dir.join(&relative);
        if path.exists() {
            return Ok(());
        }
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        }
        fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
        written.push(relative);
        Ok(())
    };
    put(PathBuf::from(STATUS_FILE), DEFAULT_STATUS)?;
    for (locale, name, text) in templates::DEFAULTS {
        put(Path::new("templates").join(locale).join(format!("{name}.txt")), &format!("{text}\n"))?;
    }
    put(PathBuf::from("incidents/.gitkeep"), "")?;
    put(PathBuf::from("maintenance/.gitkeep"), "")?;
    put(PathBuf::from(".gitignore"), "/public/\n")?;
    Ok(written)
}

/// The `status.toml` that `init` writes.
pub const DEFAULT_STATUS: &str = r#"# statusgen site settings (reference: USAGE.md).
name = "Example"
# The public URL of this status page; incident links are built from it.
url = "https://status.example.com"
# IANA time zone the page shows times in (with their offset).
time_zone = "Etc/UTC"
# Language of the page and of the default templates (en, fr, it ship with statusgen).
locale = "en"
# Where message templates live: templates/<locale>/<stage>.txt
templates = "templates"

# Components, in page order. `id` is what incident files and --components use.
[[components]]
id = "api"
name = "API"
description = "Public REST API"
group = "Platform"

[[components]]
id = "web"
name = "Website"
group = "Platform"

[[components]]
id = "payments"
name = "Payments"
"#;

/// Writes a synthetic site of `incidents` incidents with `updates` updates each into
/// `dir` (created if needed), for benchmarks. The newest three incidents stay open.
pub fn write_bench_fixture(dir: &Path, incidents: usize, updates: usize) -> Result<()> {
    fs::create_dir_all(dir.join("incidents")).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut status = String::from(
        "name = \"Bench\"\nurl = \"https://status.bench.test\"\ntime_zone = \"Europe/Paris\"\nlocale = \"en\"\n",
    );
    for n in 0..10 {
        let _ =
            write!(status, "\n[[components]]\nid = \"c{n}\"\nname = \"Component {n}\"\ngroup = \"Group {}\"\n", n / 4);
    }
    fs::write(dir.join(STATUS_FILE), status).with_context(|| format!("cannot write {}", dir.display()))?;
    // Newest incident at 2024-06-01, one every six hours before it.
    let newest = Timestamp::parse("2024-06-01T00:00:00Z").map_err(|e| anyhow::anyhow!("{e}"))?.unix_ms();
    let stages = [IncidentStatus::Investigating, IncidentStatus::Identified, IncidentStatus::Monitoring];
    let impacts = ["minor", "major", "critical"];
    let updates = updates.max(1);
    for i in 0..incidents {
        let start = Timestamp::from_unix_ms(newest - i as i64 * 6 * 3_600_000);
        let date: String = start.to_string().chars().take(10).collect();
        let mut text = format!(
            "title = \"Synthetic incident {i}: elevated error rates\"\nimpact = \"{}\"\ncomponents = [\"c{}\", \"c{}\"]\n\n[translations.fr]\ntitle = \"Incident synthétique {i}\"\n",
            impacts[i % 3],
            i % 10,
            (i + 3) % 10
        );
        for u in 0..updates {
            let at = Timestamp::from_unix_ms(start.unix_ms() + u as i64 * 15 * 60_000);
            let last = u + 1 == updates;
            let stage = if last && i >= 3 { IncidentStatus::Resolved } else { stages[u % stages.len()] };
            let _ = write!(
                text,
                "\n[[updates]]\nat = {at}\nstatus = \"{}\"\nbody = \"Update {u} for incident {i}: we are looking into elevated error rates affecting some requests. Next update in 30 minutes.\"\n",
                stage.as_str()
            );
        }
        fs::write(dir.join("incidents").join(format!("{date}-bench-{i:05}.toml")), text)
            .with_context(|| format!("cannot write into {}", dir.display()))?;
    }
    Ok(())
}
