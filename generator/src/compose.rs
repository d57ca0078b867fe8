//! An update's text from a template (or `--message`), in the page's locale and, from
//! the other locales' templates of the same name, its translations; and the check of
//! every template that `statusgen check` runs.
//!
//! The rule for optional values: an `--eta` is never dropped. When the chosen template
//! (in any locale) does not place it, the command fails and says which template to fix.

use std::fs;
use std::path::Path;

use anyhow::{bail, Result};
use status_feed::{IncidentStatus, Timestamp};

use crate::diag::Diagnostic;
use crate::i18n;
use crate::input::{self, list_files, Config, Kind};
use crate::templates::{Template, Values};

/// Where an update's text comes from.
#[derive(Clone, Debug, Default)]
pub struct Message {
    /// A named template (`templates/<locale>/<name>.txt`); default: the stage's name.
    pub template: Option<String>,
    /// Literal text instead of a template.
    pub text: Option<String>,
    /// Value of `{eta}`.
    pub eta: Option<String>,
    /// The literal text in other languages, `(tag, text)`.
    pub translations: Vec<(String, String)>,
}

/// What the placeholders of one update are filled from.
pub struct Subject<'a> {
    /// The page.
    pub config: &'a Config,
    /// The title in the page's locale, and its translations.
    pub title: (&'a str, Option<&'a std::collections::BTreeMap<String, String>>),
    /// Affected component ids.
    pub components: &'a [String],
    /// A maintenance window.
    pub window: Option<(Timestamp, Timestamp)>,
    /// The update moves the window: a template's text must say the new one.
    pub window_moved: bool,
    /// The promised next update.
    pub next_update: Option<Timestamp>,
}

impl Subject<'_> {
    /// Placeholder values, with names and dates written the way `locale` writes them.
    fn values(&self, locale: &str, eta: Option<String>) -> Values {
        let config = self.config;
        let format = |time: Timestamp| i18n::chrome(locale).date_time(time, &config.time_zone);
        let title = self.title.1.and_then(|t| t.get(locale)).map_or(self.title.0, String::as_str);
        // Plain text placed into a body, which is read as HTML: a `<` in a title (or
        // `--eta "<ETA>"`) is shown as written, not taken for a tag.
        let text = |value: &str| value.replace('<', "&lt;");
        Values {
            title: text(title),
            components: text(&component_names(config, self.components, locale)),
            eta: eta.as_deref().map(text),
            next_update: self.next_update.map(format),
            page: config.url.clone(),
            from: self.window.map(|(from, _)| format(from)),
            until: self.window.map(|(_, until)| format(until)),
        }
    }
}

/// Component names in `locale` (`[components.translations.<locale>]`, else their name),
/// as a list reads in that language: "Payments and API", "Paiements et API".
pub fn component_names(config: &Config, ids: &[String], locale: &str) -> String {
    let names: Vec<&str> = ids.iter().filter_map(|id| config.component(id)).map(|c| c.name_in(locale)).collect();
    list(&names, locale)
}

/// `items` joined as a list in `locale`: commas, then the language's "and" before the
/// last (what `Intl.ListFormat` does with `type: "conjunction"`, for the languages the
/// templates are written in; others get commas and the English "and").
pub fn list(items: &[&str], locale: &str) -> String {
    let language = locale.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
    let (separator, last) = match language.as_str() {
        "fr" => (", ", " et "),
        "it" | "pt" => (", ", " e "),
        "de" => (", ", " und "),
        "es" => (", ", " y "),
        "nl" => (", ", " en "),
        "pl" => (", ", " i "),
        "sv" => (", ", " och "),
        "ja" | "zh" => ("、", "、"),
        "ko" => (", ", " 및 "),
        "ar" => ("، ", " و"),
        "he" => (", ", " ו"),
        _ => (", ", " and "),
    };
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last_item] => format!("{}{last}{last_item}", rest.join(separator)),
    }
}

/// The locales with a template folder, page locale first, then by tag.
fn template_locales(root: &Path, config: &Config) -> Vec<String> {
    let mut locales: Vec<String> = fs::read_dir(root.join(&config.templates))
        .map(|entries| {
            entries
                .filter_map(|e| {
                    let e = e.ok()?;
                    e.file_type().ok()?.is_dir().then_some(())?;
                    e.file_name().to_str().map(str::to_owned)
                })
                .filter(|l| input::is_language_tag(l))
                .collect()
        })
        .unwrap_or_default();
    locales.sort();
    locales.retain(|l| *l != config.locale);
    locales.insert(0, config.locale.clone());
    locales
}

/// The update body in the page's locale, plus translations from the other locales'
/// templates of the same name.
pub fn compose(
    root: &Path,
    subject: &Subject<'_>,
    message: &Message,
    stage: IncidentStatus,
) -> Result<(String, Vec<(String, String)>)> {
    let config = subject.config;
    if let Some(text) = &message.text {
        if text.trim().is_empty() {
            bail!("--message is empty; write what users should know");
        }
        if message.eta.is_some() {
            bail!("--eta has no place in --message: write the time into the message itself, or use a template that has {{eta}}");
        }
        if let Some((tag, _)) = message.translations.iter().find(|(tag, _)| tag.eq_ignore_ascii_case(&config.locale)) {
            bail!("--translation {tag} is the page's own language: its text is --message");
        }
        for (index, (tag, _)) in message.translations.iter().enumerate() {
            if message.translations[..index].iter().any(|(earlier, _)| earlier.eq_ignore_ascii_case(tag)) {
                bail!("--translation {tag} is given twice; keep one");
            }
        }
        refuse_hidden_text("--message", text)?;
        for (tag, translation) in &message.translations {
            refuse_hidden_text(&format!("--translation {tag}"), translation)?;
        }
        return Ok((text.trim().to_owned(), message.translations.clone()));
    }
    let name = message.template.as_deref().unwrap_or(stage.as_str());
    if !input::is_slug(&name.replace('_', "-")) {
        bail!("template name `{name}` must be letters, digits, `-` or `_`, e.g. `identified` or `db-failover`");
    }
    let mut body = None;
    let mut translations = Vec::new();
    for locale in template_locales(root, config) {
        let file = config.templates.join(&locale).join(format!("{name}.txt"));
        let source = match input::text::read(root, &file, Some("")) {
            Ok(source) => source,
            Err(_) if locale != config.locale => continue,
            Err(_) => bail!(missing_template(root, config, &file)),
        };
        let template = Template::parse(&file, &source)?;
        let rendered = template.render(&subject.values(&locale, message.eta.clone()))?;
        refuse_hidden_text(&format!("the text from {}", show(&file)), &rendered.text)?;
        if subject.window_moved && !rendered.placed.contains("from") && !rendered.placed.contains("until") {
            bail!(
                "{} does not say the new window (it has no `{{from}}` or `{{until}}`): pass a --template that does (`rescheduled`, `extended`), or say it with --message",
                show(&file)
            );
        }
        if message.eta.is_some() && !rendered.placed.contains("eta") {
            bail!(
                "{} does not place --eta (it has no `{{eta}}`): add e.g. `{{#eta}} Fixed by {{eta}}.{{/eta}}` to it, pick a template that has one, or leave out --eta",
                show(&file)
            );
        }
        if locale == config.locale {
            body = Some(rendered.text);
        } else {
            translations.push((locale, rendered.text));
        }
    }
    let Some(body) = body else {
        bail!(missing_template(root, config, &config.templates.join(&config.locale).join(format!("{name}.txt"))));
    };
    Ok((body, translations))
}

/// New text is refused while it holds words every display would leave out (an old file's
/// are a warning: see `input::entry`). `what` names where the text came from.
fn refuse_hidden_text(what: &str, text: &str) -> Result<()> {
    let found: Vec<String> = status_feed::hidden_text(text)
        .map(|range| format!("{what}: {}", crate::diag::hidden_text_message(&text[range])))
        .collect();
    if found.is_empty() {
        return Ok(());
    }
    bail!(found.join("\n"))
}

fn show(file: &Path) -> String {
    file.display().to_string().replace('\\', "/")
}

fn missing_template(root: &Path, config: &Config, file: &Path) -> String {
    let dir = config.templates.join(&config.locale);
    let available: Vec<String> = list_files(root, &dir.to_string_lossy(), ".txt")
        .unwrap_or_default()
        .iter()
        .filter_map(|f| f.file_stem()?.to_str().map(str::to_owned))
        .collect();
    if available.is_empty() {
        return format!("template {} not found: {}", show(file), no_templates_advice(root, config));
    }
    format!(
        "template {} not found; pass --template NAME (available: {}) or --message TEXT",
        show(file),
        available.join(", ")
    )
}

/// What to do when the page's language has no templates at all: start from another
/// language's, else from the defaults `statusgen init` writes.
pub fn no_templates_advice(root: &Path, config: &Config) -> String {
    let dir = show(&config.templates.join(&config.locale));
    let with_templates = template_locales(root, config).into_iter().find(|locale| {
        *locale != config.locale
            && list_files(root, &config.templates.join(locale).to_string_lossy(), ".txt").is_ok_and(|f| !f.is_empty())
    });
    match with_templates {
        Some(other) => format!(
            "{dir}/ has no templates (the page's locale is `{}`): copy {}/ there and translate its files, or pass --message TEXT",
            config.locale,
            show(&config.templates.join(other))
        ),
        None => format!(
            "{dir}/ has no templates: `statusgen init` in an empty folder writes the defaults (en, fr, it) to copy from, or pass --message TEXT"
        ),
    }
}

/// Whether the page's own language has at least one template.
pub fn has_templates(root: &Path, config: &Config) -> bool {
    list_files(root, &config.templates.join(&config.locale).to_string_lossy(), ".txt").is_ok_and(|f| !f.is_empty())
}

/// A warning naming the stages the page's own language has no template for, when it has
/// others: an update to `identified` would otherwise be refused mid-outage for want of
/// `identified.txt`, with nothing said by `check` before.
pub fn missing_stage_templates(root: &Path, config: &Config) -> Option<Diagnostic> {
    if !has_templates(root, config) {
        return None;
    }
    let missing: Vec<&str> = [Kind::Incident, Kind::Maintenance]
        .into_iter()
        .flat_map(input::stages)
        .map(IncidentStatus::as_str)
        .filter(|stage| !has_template(root, config, stage))
        .collect();
    let dir = show(&config.templates.join(&config.locale));
    (!missing.is_empty()).then(|| {
        Diagnostic::file(
            Path::new(&dir),
            format!(
                "no template for {}: an update to {} will need --message or --template; write {}, or copy {} from the defaults `statusgen init` writes in an empty folder",
                missing.join(", "),
                if missing.len() == 1 { "it" } else { "those" },
                missing.iter().map(|stage| format!("{stage}.txt")).collect::<Vec<_>>().join(", "),
                if missing.len() == 1 { "it" } else { "them" },
            ),
        )
    })
}

/// Whether the page's own language has the template `name`.
pub fn has_template(root: &Path, config: &Config, name: &str) -> bool {
    root.join(&config.templates).join(&config.locale).join(format!("{name}.txt")).is_file()
}

/// Every problem in every template of every locale: syntax, unknown placeholders, a stage
/// template that uses a value its stage never has (`{from}` in `identified.txt`), and a
/// translation that needs `--eta` where the page's own template does not.
pub fn check_templates(root: &Path, config: &Config) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let locales = template_locales(root, config);
    // The page's templates (its locale comes first) that need `{eta}` outside a section.
    let mut page_needs_eta: Vec<String> = Vec::new();
    for locale in &locales {
        let dir = config.templates.join(locale);
        let files = match list_files(root, &dir.to_string_lossy(), ".txt") {
            Ok(files) => files,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        for file in files {
            let source = match input::text::read(root, &file, None) {
                Ok(source) => source,
                Err(problem) => {
                    problems.push(problem);
                    continue;
                }
            };
            // Before the syntax, which a broken template fails first; without the BOM, as
            // the template's other problems are placed.
            let text = input::text::without_bom(&source);
            for range in status_feed::hidden_text(text) {
                let message = crate::diag::hidden_text_message(&text[range.clone()]);
                problems.push(Diagnostic::at(&file, text, Some(range), message));
            }
            let (template, syntax) = Template::parse_all(&file, &source);
            problems.extend(syntax);
            let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
            let eta = template.required().into_iter().find(|(name, _)| *name == "eta");
            if *locale == config.locale {
                if eta.is_some() {
                    page_needs_eta.push(stem.to_owned());
                }
            } else if let Some((_, at)) = eta.filter(|_| !page_needs_eta.iter().any(|page| page == stem)) {
                // Every update is written in every language at once: this translation would
                // refuse each update of its stage written without an ETA, which the page's
                // own template accepts.
                let page = config.templates.join(&config.locale).join(format!("{stem}.txt"));
                if root.join(&page).is_file() {
                    problems.push(template.problem(
                        at,
                        format!(
                            "`{{eta}}` needs --eta here but not in {}: an update without an ETA would fail for this translation alone; put it in a `{{#eta}}…{{/eta}}` section, as there",
                            crate::diag::shown(&page)
                        ),
                    ));
                }
            }
            let stage = IncidentStatus::from_wire(stem);
            if stage != IncidentStatus::Unknown && !stage.is_maintenance() {
                // At most twenty, as the template's other problems: each is placed by
                // counting lines from the start.
                let windowed = template.required().into_iter().filter(|(name, _)| matches!(*name, "from" | "until"));
                for (name, at) in windowed.take(20) {
                    problems.push(template.problem(
                        at,
                        format!("`{{{name}}}` has no value in an incident update (only maintenance has a window); remove it"),
                    ));
                }
            }
        }
        problems.extend(check_postmortem_template(root, &dir.join("postmortem.md")));
    }
    problems
}

/// The problems of a site's postmortem template (`<locale>/postmortem.md`), if it has
/// one: syntax, unknown placeholders, and `{eta}` or `{next_update}`, which a postmortem
/// never has (it is written after the incident).
fn check_postmortem_template(root: &Path, file: &Path) -> Vec<Diagnostic> {
    if !root.join(file).is_file() {
        return Vec::new();
    }
    let source = match input::text::read(root, file, None) {
        Ok(source) => source,
        Err(problem) => return vec![problem],
    };
    let (template, mut problems) = Template::parse_all(file, &source);
    let timed = template.required().into_iter().filter(|(name, _)| matches!(*name, "eta" | "next_update"));
    problems.extend(timed.take(20).map(|(name, at)| {
        template.problem(
            at,
            format!("`{{{name}}}` has no value in a postmortem (it is written after the incident); remove it"),
        )
    }));
    problems
}

/// How many templates the site has, in every locale.
pub fn template_count(root: &Path, config: &Config) -> usize {
    template_locales(root, config)
        .iter()
        .map(|locale| list_files(root, &config.templates.join(locale).to_string_lossy(), ".txt").map_or(0, |f| f.len()))
        .sum()
}

#[cfg(test)]
mod list_tests {
    use super::list;

    #[test]
    fn lists_read_as_sentences_in_each_language() {
        assert_eq!(list(&[], "en"), "");
        assert_eq!(list(&["API"], "en"), "API");
        assert_eq!(list(&["Payments", "API"], "en"), "Payments and API");
        assert_eq!(list(&["Paiements", "API", "Site"], "fr"), "Paiements, API et Site");
        assert_eq!(list(&["Pagamenti", "API"], "it-IT"), "Pagamenti e API");
        assert_eq!(list(&["決済", "API"], "ja"), "決済、API");
    }
}
