//! `status.toml`: the page, its components and where notifications go.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::text::{read, without_bom};
use super::{
    is_language_tag, is_slug, keys, parse_toml, slugify, ComponentDef, Config, NotifyFormat, NotifyTarget, STATUS_FILE,
};
use crate::diag::{one_of, Diagnostic, Diagnostics};
use crate::suggest::did_you_mean;

#[derive(Deserialize)]
struct StatusFile {
    name: String,
    url: Spanned<String>,
    id: Option<String>,
    time_zone: Option<Spanned<String>>,
    locale: Option<Spanned<String>>,
    templates: Option<String>,
    widget: Option<Spanned<String>>,
    #[serde(default)]
    components: Vec<ComponentInput>,
    #[serde(default)]
    notify: Vec<NotifyInput>,
}

#[derive(Deserialize)]
struct ComponentInput {
    id: Spanned<String>,
    name: String,
    description: Option<String>,
    group: Option<String>,
    position: Option<i64>,
    start_date: Option<Spanned<toml::value::Datetime>>,
    #[serde(default)]
    translations: BTreeMap<Spanned<String>, ComponentTranslation>,
}

#[derive(Deserialize)]
struct ComponentTranslation {
    name: String,
}

#[derive(Deserialize)]
struct NotifyInput {
    url: Spanned<String>,
    format: Spanned<String>,
    name: Option<Spanned<String>>,
}

/// Loads `status.toml`, reporting every problem in it.
pub fn load_config(root: &Path) -> Result<Config, Diagnostics> {
    let file = Path::new(STATUS_FILE);
    // Run from inside a site (its incidents/ folder, say): the hint names the site, so
    // that nobody follows it to `init` a second site inside the first.
    let missing = match (enclosing_site(root), site_below(root)) {
        _ if !root.is_dir() => format!(
            "not found: the folder {} does not exist; pass `-C DIR` with the site's folder, or create a site there with `statusgen -C {} init`",
            root.display(),
            root.display()
        ),
        (Some(site), _) => format!(
            "not found here; this folder is inside the site in {}: run statusgen there, or pass `-C {}`",
            site.display(),
            site.display()
        ),
        (None, Some(site)) => format!(
            "not found here; the site is in {}: `cd {}`, or pass `-C {}`",
            site.display(),
            site.display(),
            site.display()
        ),
        (None, None) => "not found; run `statusgen init` to create a site, or pass `-C DIR` to point at one".to_owned(),
    };
    let raw = read(root, file, Some(&missing)).map_err(|d| Diagnostics(vec![d]))?;
    parse_config(&raw)
}

/// The one folder directly in `dir` that holds a `status.toml` (`statusgen init status-site`
/// run here, and no `cd` after it), if exactly one does.
fn site_below(dir: &Path) -> Option<PathBuf> {
    let mut sites =
        std::fs::read_dir(dir).ok()?.flatten().map(|item| item.path()).filter(|path| path.join(STATUS_FILE).is_file());
    let site = sites.next()?;
    sites.next().is_none().then_some(site)
}

/// The nearest folder above `dir` (not `dir` itself) that holds a `status.toml`: the site
/// `dir` is inside, if any. `dir` need not exist yet.
pub fn enclosing_site(dir: &Path) -> Option<std::path::PathBuf> {
    let absolute = std::path::absolute(dir).ok()?;
    // `..` read as a step up, as the shell's `cd` does.
    let mut path = std::path::PathBuf::new();
    for part in absolute.components() {
        match part {
            std::path::Component::ParentDir => {
                path.pop();
            }
            std::path::Component::CurDir => {}
            part => path.push(part),
        }
    }
    path.ancestors().skip(1).find(|folder| folder.join(STATUS_FILE).is_file()).map(Path::to_path_buf)
}

/// Validates the text `raw` of `status.toml` (a leading BOM is ignored), reporting every problem in it.
pub fn parse_config(raw: &str) -> Result<Config, Diagnostics> {
    let file = Path::new(STATUS_FILE);
    let source = without_bom(raw);
    let mut problems = Vec::new();
    let Some(parsed) = parse_toml::<StatusFile>(file, source, &keys::STATUS, &mut problems) else {
        return Err(Diagnostics(problems));
    };
    let at = |span: std::ops::Range<usize>, message: String| Diagnostic::at(file, source, Some(span), message);

    let url = parsed.url.get_ref().trim().trim_end_matches('/').to_owned();
    if status_feed::safe_link(&url).is_none() {
        problems.push(at(
            parsed.url.span(),
            "url must be an absolute http:// or https:// URL, e.g. https://status.example.com".into(),
        ));
    }
    let (time_zone_name, time_zone) = match &parsed.time_zone {
        None => ("Etc/UTC".to_owned(), jiff::tz::TimeZone::UTC),
        Some(name) => match jiff::tz::db().get(name.get_ref()) {
            Ok(zone) => (name.get_ref().clone(), zone),
            Err(_) => {
                let zone_names: Vec<String> = jiff::tz::db().available().map(|zone| zone.to_string()).collect();
                problems.push(at(
                    name.span(),
                    format!(
                        "unknown time zone `{}`{}; use an IANA name such as Europe/Paris, America/New_York or Etc/UTC",
                        name.get_ref(),
                        crate::suggest::did_you_mean(name.get_ref(), zone_names.iter().map(String::as_str)),
                    ),
                ));
                ("Etc/UTC".to_owned(), jiff::tz::TimeZone::UTC)
            }
        },
    };
    let mut warnings = Vec::new();
    let locale = match &parsed.locale {
        None => "en".to_owned(),
        Some(tag) if is_language_tag(tag.get_ref()) => {
            if status_feed::negotiate(&crate::i18n::LOCALES, &[tag.get_ref()]).is_none() {
                warnings.push(at(
                    tag.span(),
                    format!(
                        "statusgen has no page labels in `{}` (it has {}): the status page's own words will be English; write your incidents in `{}` as usual, or set locale to one of those",
                        tag.get_ref(),
                        one_of(&crate::i18n::LOCALES),
                        tag.get_ref()
                    ),
                ));
            }
            tag.get_ref().clone()
        }
        Some(tag) => {
            problems.push(at(
                tag.span(),
                format!("locale `{}` is not a BCP 47 tag; write e.g. en, fr or pt-BR", tag.get_ref()),
            ));
            "en".to_owned()
        }
    };

    let mut components: Vec<ComponentDef> = Vec::new();
    let mut ids = BTreeSet::new();
    let mut groups: Vec<(String, String)> = Vec::new();
    for (index, input) in parsed.components.iter().enumerate() {
        let id = input.id.get_ref();
        if !is_slug(id) {
            problems.push(at(
                input.id.span(),
                format!("component id `{id}` must be lowercase letters, digits and `-`, e.g. `api`"),
            ));
        }
        if !ids.insert(id.clone()) {
            problems.push(at(
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
        let mut name_translations = BTreeMap::new();
        for (tag, translation) in &input.translations {
            if is_language_tag(tag.get_ref()) {
                name_translations.insert(tag.get_ref().clone(), translation.name.clone());
            } else {
                problems.push(at(
                    tag.span(),
                    format!("`{}` is not a BCP 47 language tag; write e.g. fr, it or pt-BR", tag.get_ref()),
                ));
            }
        }
        let start_date = input.start_date.as_ref().and_then(|date| match (date.get_ref().date, date.get_ref().time) {
            (Some(day), None) => jiff::civil::Date::new(day.year as i16, day.month as i8, day.day as i8).ok(),
            _ => {
                problems
                    .push(at(date.span(), "start_date is a day without a time, e.g. start_date = 2024-05-01".into()));
                None
            }
        });
        components.push(ComponentDef {
            id: id.clone(),
            name: input.name.clone(),
            name_translations,
            description: input.description.clone(),
            group_id,
            is_group: false,
            position: input.position.unwrap_or(index as i64 + 1),
            start_date,
        });
    }
    // The page shows names in its own locale: a translation for it beats `name`.
    for component in &mut components {
        let localized = component.name_in(&locale).to_owned();
        component.name = localized;
    }
    for (group_id, name) in groups {
        if ids.contains(&group_id) {
            problems.push(Diagnostic::file(
                file,
                format!(
                    "component id `{group_id}` clashes with the id generated for group `{name}`; rename the component"
                ),
            ));
            continue;
        }
        // A group sits where its first member does, and began with its first member (when
        // every member says when it began).
        let members = || components.iter().filter(|c| c.group_id.as_deref() == Some(&group_id));
        let position = members().map(|c| c.position).min().unwrap_or(0);
        let start_date = members().map(|c| c.start_date).collect::<Option<Vec<_>>>().and_then(|d| d.into_iter().min());
        components.push(ComponentDef {
            id: group_id,
            name,
            name_translations: BTreeMap::new(),
            description: None,
            group_id: None,
            is_group: true,
            position,
            start_date,
        });
    }
    // Page order: by position, ties by id, so output never depends on hash or file quirks.
    components.sort_by(|a, b| a.position.cmp(&b.position).then(b.is_group.cmp(&a.is_group)).then(a.id.cmp(&b.id)));

    let mut notify: Vec<NotifyTarget> = Vec::new();
    let mut notify_problems = Vec::new();
    for target in &parsed.notify {
        let url = target.url.get_ref().trim().to_owned();
        let from_env = url.strip_prefix("env:");
        if let Some(name) = from_env {
            if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                notify_problems.push(at(
                    target.url.span(),
                    "`env:` must be followed by an environment variable name, e.g. env:SLACK_WEBHOOK_URL".into(),
                ));
            }
        } else if status_feed::safe_link(&url).is_none() {
            notify_problems.push(at(
                target.url.span(),
                "a [[notify]] url must be an absolute http:// or https:// URL (the webhook URL the service gave you), or env:NAME to read it from the environment"
                    .into(),
            ));
        }
        let names = NotifyFormat::ALL.map(NotifyFormat::as_str);
        let Some(format) = NotifyFormat::ALL.into_iter().find(|f| f.as_str() == target.format.get_ref()) else {
            notify_problems.push(at(
                target.format.span(),
                format!(
                    "unknown notify format `{}`{}: format must be one of {}",
                    target.format.get_ref(),
                    did_you_mean(target.format.get_ref(), names),
                    one_of(&names)
                ),
            ));
            continue;
        };
        let name = match &target.name {
            Some(name) if is_slug(name.get_ref()) => name.get_ref().clone(),
            Some(name) => {
                notify_problems.push(at(
                    name.span(),
                    format!("notify name `{}` must be lowercase letters, digits and `-`", name.get_ref()),
                ));
                continue;
            }
            None => {
                let same = notify.iter().filter(|t| t.format == format).count();
                if same == 0 {
                    format.as_str().to_owned()
                } else {
                    format!("{}-{}", format.as_str(), same + 1)
                }
            }
        };
        if notify.iter().any(|t| t.name == name) {
            notify_problems.push(Diagnostic::file(
                file,
                format!("two [[notify]] targets are named `{name}`; give each its own `name`"),
            ));
        }
        notify.push(NotifyTarget { name, url, format });
    }

    if !problems.is_empty() {
        return Err(Diagnostics(problems));
    }
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
        widget_at: parsed.widget.as_ref().map_or((0, 0), |dir| crate::diag::line_column(source, dir.span().start)),
        widget: parsed.widget.map(|dir| PathBuf::from(dir.into_inner())),
        notify,
        notify_problems,
        warnings,
        components_unknown: false,
        time_zone_unknown: false,
    })
}

impl Config {
    /// What `check` reads the other files with when `status.toml` (at `root`) has problems,
    /// so that one run still reports every problem of every file: its `time_zone`,
    /// `templates` and `locale` where they can still be read (TOML that parses), else the
    /// defaults, and components it cannot know (see `components_unknown`).
    pub fn stand_in(root: &Path) -> Config {
        let table = std::fs::read_to_string(root.join(STATUS_FILE))
            .ok()
            .and_then(|raw| without_bom(&raw).parse::<toml::Table>().ok());
        let text = |key: &str| table.as_ref().and_then(|table| table.get(key)?.as_str().map(str::to_owned));
        let (time_zone_name, time_zone, time_zone_unknown) = match (&table, text("time_zone")) {
            (None, _) => ("Etc/UTC".to_owned(), jiff::tz::TimeZone::UTC, true),
            (Some(_), None) => ("Etc/UTC".to_owned(), jiff::tz::TimeZone::UTC, false),
            (Some(_), Some(name)) => match jiff::tz::db().get(&name) {
                Ok(zone) => (name, zone, false),
                Err(_) => ("Etc/UTC".to_owned(), jiff::tz::TimeZone::UTC, true),
            },
        };
        Config {
            name: String::new(),
            url: String::new(),
            page_id: String::new(),
            time_zone_name,
            time_zone,
            locale: text("locale").filter(|tag| is_language_tag(tag)).unwrap_or_else(|| "en".to_owned()),
            templates: PathBuf::from(text("templates").unwrap_or_else(|| "templates".to_owned())),
            components: Vec::new(),
            notify: Vec::new(),
            notify_problems: Vec::new(),
            widget: None,
            widget_at: (0, 0),
            warnings: Vec::new(),
            components_unknown: true,
            time_zone_unknown,
        }
    }

    /// The id of the component named by `text` (its id, or its name ignoring case).
    pub fn component_id(&self, text: &str) -> Option<&str> {
        let text = text.trim();
        self.components
            .iter()
            .find(|c| c.id == text)
            .or_else(|| self.components.iter().find(|c| c.name.eq_ignore_ascii_case(text)))
            .map(|c| c.id.as_str())
    }

    /// What an incident on component `id` is on: a group's members (as Statuspage applies
    /// an incident on a group to its components; the group's status is then its worst
    /// member's), else the component itself.
    pub fn members_or_self<'a>(&'a self, id: &'a str) -> Vec<&'a str> {
        let members: Vec<&str> =
            self.components.iter().filter(|c| c.group_id.as_deref() == Some(id)).map(|c| c.id.as_str()).collect();
        if members.is_empty() {
            vec![id]
        } else {
            members
        }
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

    /// "unknown component `x`[; did you mean `y`?]: …" for a name that is neither an id nor a name.
    pub fn unknown_component(&self, wanted: &str) -> String {
        let known = self.components.iter().filter(|c| !c.is_group).flat_map(|c| [c.id.as_str(), c.name.as_str()]);
        format!(
            "unknown component `{wanted}`{}: components must be ids from status.toml ({})",
            did_you_mean(wanted, known),
            self.component_ids()
        )
    }
}
