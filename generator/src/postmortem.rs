//! Postmortems: `postmortems/<id>.md`, Markdown written after an incident is resolved.
//!
//! `statusgen postmortem <id>` writes the file from a template in the page's locale
//! (the structure that rebuilds trust: apologise, what went wrong and why, what was
//! done and what will prevent it, apologise again), as a draft; `statusgen postmortem
//! <id> --publish` publishes it once none of the template's bracketed instructions is left
//! in it. `build` publishes every published file: the incident's status becomes
//! `postmortem`, the Markdown goes into `postmortem_body`, rendered (safely, see
//! [`crate::markdown`]) on the incident page and as an Atom entry.
//!
//! The file opens with a small TOML front matter: `draft = true` while it is written,
//! then when it was published:
//!
//! ```text
//! +++
//! published_at = 2024-05-11T10:00:00Z
//! +++
//! ```

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _, Result};
use serde::Deserialize;
use status_feed::Timestamp;

use crate::diag::{Diagnostic, Diagnostics, WithWarnings};
use crate::i18n;
use crate::input::{self, Kind, Site};
use crate::templates::{self, Values};

/// The folder of postmortem files, next to `incidents/`.
pub const DIR: &str = "postmortems";

/// One published postmortem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Postmortem {
    /// When it was published (from the front matter).
    pub published_at: Timestamp,
    /// The Markdown after the front matter.
    pub body: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    published_at: Option<toml::Spanned<toml::Value>>,
    #[serde(default)]
    draft: bool,
}

/// The front matter `statusgen postmortem` writes: a draft until `--publish`.
const DRAFT_FRONT_MATTER: &str =
    "# A draft, not published: once it is written, `statusgen postmortem <id> --publish` publishes it.\ndraft = true\n";

/// Reads every published `postmortems/*.md` of `site`, keyed by incident id, with a
/// warning for each draft and for each of the template's placeholders still in a file
/// (see [`placeholders`]). Each must name a resolved incident; all problems are reported
/// together.
pub fn load(site: &Site) -> Result<(BTreeMap<String, Postmortem>, Vec<Diagnostic>), WithWarnings> {
    let dir = site.root.join(DIR);
    let mut files: Vec<String> = match fs::read_dir(&dir) {
        Ok(listing) => listing
            .filter_map(|item| item.ok()?.file_name().to_str().map(str::to_owned))
            .filter(|name| name.ends_with(".md") && !name.starts_with('.'))
            .collect(),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(error) => {
            let problem = Diagnostic::file(Path::new(DIR), format!("cannot list the folder: {error}"));
            return Err(WithWarnings { problems: Diagnostics(vec![problem]), warnings: Vec::new() });
        }
    };
    files.sort();
    let mut found = BTreeMap::new();
    let (mut problems, mut unfinished) = (Vec::new(), Vec::new());
    for name in files {
        let file = Path::new(DIR).join(&name);
        let id = name.trim_end_matches(".md");
        match read_one(site, &file, id) {
            Ok((postmortem, left)) => {
                if let Some(postmortem) = postmortem {
                    found.insert(id.to_owned(), postmortem);
                }
                unfinished.extend(left);
            }
            Err(problem) => problems.push(problem),
        }
    }
    if problems.is_empty() {
        Ok((found, unfinished))
    } else {
        // The other files' drafts and placeholders are still worth saying beside the problem.
        Err(WithWarnings { problems: Diagnostics(problems), warnings: unfinished })
    }
}

/// "; did you mean `…`?" with the nearest incident id, if one is near.
fn incident_like(site: &Site, id: &str) -> String {
    let incidents = site.entries.iter().filter(|e| e.kind == Kind::Incident).map(|e| e.id.as_str());
    crate::suggest::did_you_mean_id(id, incidents)
}

/// One file: the postmortem (`None` for a draft), and its warnings.
fn read_one(site: &Site, file: &Path, id: &str) -> Result<(Option<Postmortem>, Vec<Diagnostic>), Diagnostic> {
    let source = input::text::read(&site.root, file, None)?;
    let entry = site.entries.iter().find(|e| e.id == id);
    let Some(entry) = entry.filter(|e| e.kind == Kind::Incident) else {
        return Err(Diagnostic::at(
            file,
            &source,
            Some(0..0),
            format!(
                "there is no incident `{id}`{}: name the file after an incident file, e.g. postmortems/<id>.md for incidents/<id>.toml",
                incident_like(site, id)
            ),
        ));
    };
    // Read and checked whatever the incident's stage: its problems are found now, not at
    // the resolution, the build an operator needs most.
    let postmortem = parse(&site.config, file, &source)?;
    let mut warnings = Vec::new();
    if !entry.updates.last().is_some_and(|u| u.status.is_over()) {
        // Written after a resolution, then the incident reopened (it flapped): the page
        // is rebuilt for the live incident meanwhile, without the postmortem.
        let warning = format!(
            "incident `{id}` is open (reopened, or not yet resolved): this postmortem is not published until it is resolved again (`statusgen resolve {id}`)"
        );
        warnings.push(Diagnostic::at(file, &source, Some(0..0), warning));
        warnings.extend(placeholders(file, &source, postmortem.is_some()));
        return Ok((None, warnings));
    }
    if postmortem.is_none() {
        warnings.push(Diagnostic::at(
            file,
            &source,
            Some(0..0),
            format!("a draft, not published; once it is written, publish it: `statusgen postmortem {id} --publish`"),
        ));
    }
    warnings.extend(placeholders(file, &source, postmortem.is_some()));
    Ok((postmortem, warnings))
}

/// The template's bracketed instructions still in a postmortem ("[Say in one or two
/// sentences who was affected and how.]"), one warning each: bracketed text of more
/// than one word outside code, not a link's `[text](url)`. The renderer
/// ([`crate::markdown`]) has no other bracket syntax, so a `published` file shows them
/// brackets and all. `check` and `build` warn and do not fail, as a postmortem may quote
/// brackets on purpose; `--publish` refuses a draft that has any.
fn placeholders(file: &Path, source: &str, published: bool) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut in_fence = false;
    let mut line_start = 0;
    for line in source.split_inclusive('\n') {
        let start = line_start;
        line_start += line.len();
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        let mut from = 0;
        while let Some(open) = line[from..].find('[').map(|at| from + at) {
            let Some(close) = line[open..].find(']').map(|at| open + at) else { break };
            let inside = &line[open + 1..close];
            let in_code = line[..open].matches('`').count() % 2 == 1;
            let linked = line[close + 1..].starts_with('(');
            if inside.trim().contains(' ') && !in_code && !linked {
                found.push(Diagnostic::at(
                    file,
                    source,
                    Some(start + open..start + open),
                    format!(
                        "`[{inside}]` is still the template's placeholder; write it or delete it{}",
                        if published { " (the page shows it as written)" } else { "" }
                    ),
                ));
            }
            from = close + 1;
        }
    }
    found
}

/// Why a file has no front matter to read.
enum Unframed {
    NotOpened,
    NotClosed,
}

/// The front matter's lines in `source` (with no byte-order mark): from after the opening
/// `+++` line to the start of the closing one, which the Markdown follows.
fn front_matter_lines(source: &str) -> Result<std::ops::Range<usize>, Unframed> {
    let after_open =
        source.strip_prefix("+++\n").or_else(|| source.strip_prefix("+++\r\n")).ok_or(Unframed::NotOpened)?;
    let start = source.len() - after_open.len();
    let close = after_open
        .find("\n+++")
        .filter(|&c| {
            let rest = &after_open[c + 4..];
            rest.is_empty() || rest.starts_with('\n') || rest.starts_with("\r\n")
        })
        .ok_or(Unframed::NotClosed)?;
    Ok(start..start + close + 1)
}

/// Splits and checks the front matter and the Markdown of one postmortem file: the
/// postmortem, or `None` for a draft.
pub fn parse(config: &input::Config, file: &Path, source: &str) -> Result<Option<Postmortem>, Diagnostic> {
    // Editors on Windows may start the file with a byte-order mark; it is not front matter.
    let source = input::text::without_bom(source);
    let at = |offset: usize, message: String| Diagnostic::at(file, source, Some(offset..offset), message);
    let lines = match front_matter_lines(source) {
        Ok(lines) => lines,
        Err(Unframed::NotOpened) => return Err(at(
            0,
            "a postmortem starts with its front matter: `+++`, `published_at = 2024-05-11T10:00:00Z`, `+++`; add it"
                .into(),
        )),
        Err(Unframed::NotClosed) => {
            return Err(at(0, "the front matter is never closed: did you forget the closing `+++` line?".into()))
        }
    };
    let start = lines.start;
    let front = &source[lines.clone()];
    let parsed: FrontMatter = toml::from_str(front).map_err(|error| {
        let offset = start + error.span().map_or(0, |s| s.start);
        at(
            offset,
            format!(
                "{}; fix the front matter (only `published_at` and `draft` are allowed)",
                error.message().trim_end_matches('.')
            ),
        )
    })?;
    let body = source[lines.end + 3..].trim().to_owned();
    if body.is_empty() {
        return Err(at(source.len(), "the postmortem is empty; write it below the front matter".into()));
    }
    if parsed.draft {
        return Ok(None);
    }
    let Some(published_at) = parsed.published_at else {
        return Err(at(
            start,
            "the front matter says neither `draft = true` nor `published_at`; add one (`statusgen postmortem <id> --publish` sets published_at)".into(),
        ));
    };
    let span = published_at.span();
    let text = match published_at.get_ref() {
        toml::Value::Datetime(time) => time.to_string(),
        toml::Value::String(text) => text.clone(),
        _ => String::new(),
    };
    let published_at = input::parse_time_in(&config.time_zone, &text)
        .map_err(|problem| at(start + span.start, format!("published_at {problem}")))?;
    Ok(Some(Postmortem { published_at, body }))
}

/// The built-in templates: (locale, text). Placeholders as in update templates:
/// `{title}`, `{components}`, `{page}`, `{from}` (when it started), `{until}` (when it was resolved).
pub const TEMPLATES: [(&str, &str); 3] = [
    (
        "en",
        "# Postmortem: {title}

We are sorry. From {from} to {until}, you could not rely on {components} as you should be able to.
[Say in one or two sentences who was affected and how.]

## What went wrong and why

[The cause in plain words: what failed, why it failed, and why our safeguards did not catch it sooner.]

## What we did

[How we noticed, what we did to restore service, and when. Link to the incident: {page}]

## What will prevent it from happening again

- [A concrete change, and when it will be in place]
- [Another one]

We apologise again for the disruption. [Where to reach us with questions.]",
    ),
    (
        "fr",
        "# Post-mortem : {title}

Nous vous présentons nos excuses. Du {from} au {until}, vous n’avez pas pu compter sur {components} comme vous êtes en droit de l’attendre.
[Dites en une ou deux phrases qui a été touché et comment.]

## Ce qui s’est mal passé, et pourquoi

[La cause en termes simples : ce qui a échoué, pourquoi, et pourquoi nos garde-fous ne l’ont pas détecté plus tôt.]

## Ce que nous avons fait

[Comment nous l’avons remarqué, ce que nous avons fait pour rétablir le service, et quand. Page de l’incident : {page}]

## Ce qui empêchera que cela se reproduise

- [Une mesure concrète, et quand elle sera en place]
- [Une autre mesure]

Nous vous prions à nouveau de nous excuser pour la gêne occasionnée. [Où nous joindre pour toute question.]",
    ),
    (
        "it",
        "# Post-mortem: {title}

Ci scusiamo. Dal {from} al {until} non avete potuto contare su {components} come dovreste poter fare.
[Dite in una o due frasi chi è stato colpito e come.]

## Cosa è andato storto e perché

[La causa in parole semplici: cosa si è guastato, perché, e perché le nostre protezioni non l’hanno rilevato prima.]

## Cosa abbiamo fatto

[Come ce ne siamo accorti, cosa abbiamo fatto per ripristinare il servizio, e quando. Pagina dell’incidente: {page}]

## Cosa eviterà che si ripeta

- [Una modifica concreta, e quando sarà attiva]
- [Un’altra modifica]

Ci scusiamo ancora per il disagio. [Dove contattarci per domande.]",
    ),
];

/// `statusgen postmortem <id>`: writes `postmortems/<id>.md` from
/// `templates/<locale>/postmortem.md` (or the built-in template of the page's locale).
pub fn write_template(root: &Path, id: &str) -> Result<PathBuf> {
    let site = input::load_site(root)?;
    let config = &site.config;
    let Some(entry) = site.entries.iter().find(|e| e.id == id) else {
        bail!(
            "there is no incident `{id}`{}: use the file name of an incident without .toml (see incidents/)",
            incident_like(&site, id)
        );
    };
    if entry.kind == Kind::Maintenance {
        bail!("`{id}` is a maintenance; postmortems are written for incidents");
    }
    let Some(resolved) = entry.updates.last().filter(|u| u.status.is_over()) else {
        bail!("incident `{id}` is not resolved yet; resolve it first (`statusgen resolve {id}`), then write its postmortem");
    };
    let file = Path::new(DIR).join(format!("{id}.md"));
    let path = root.join(&file);
    if path.exists() {
        let published = input::text::read(root, &file, None)
            .is_ok_and(|source| matches!(parse(config, &file, &source), Ok(Some(_))));
        if published {
            bail!(
                "{} already exists and is published; edit it, and `statusgen build` shows the change",
                file.display()
            );
        }
        bail!("{} already exists; edit it, then publish it: `statusgen postmortem {id} --publish`", file.display());
    }
    let custom = config.templates.join(&config.locale).join("postmortem.md");
    let chrome = i18n::chrome(&config.locale);
    let (template_file, template) = match fs::read_to_string(root.join(&custom)) {
        Ok(text) => (custom, text),
        Err(_) => {
            let text = TEMPLATES.iter().find(|(tag, _)| *tag == chrome.tag).map_or(TEMPLATES[0].1, |(_, t)| *t);
            (PathBuf::from("(built-in postmortem template)"), text.to_owned())
        }
    };
    let started = entry.started_at.or(entry.updates.first().map(|u| u.at)).unwrap_or(resolved.at);
    let format = |time: Timestamp| chrome.date_time(time, &config.time_zone);
    let values = Values {
        title: entry.title.clone(),
        // As the updates name them: "API and Payments", in the page's language.
        components: crate::compose::component_names(config, &entry.components, &config.locale),
        eta: None,
        next_update: None,
        page: format!("{}/incidents/{id}.html", config.url),
        from: Some(format(started)),
        until: Some(format(resolved.at)),
    };
    let body = templates::render(&template_file, &template, &values)?.text;
    let text = format!("+++\n{}+++\n\n{body}\n", DRAFT_FRONT_MATTER.replace("<id>", id));
    crate::edit::write_new(root, &file, &text)?;
    Ok(file)
}

/// `statusgen postmortem <id> --publish`: the draft's front matter becomes its
/// publication time, `now`. Refused while any of the template's placeholders is left.
pub fn publish(root: &Path, now: Timestamp, id: &str) -> Result<PathBuf> {
    let config = input::load_config(root)?;
    let file = Path::new(DIR).join(format!("{id}.md"));
    let path = root.join(&file);
    if !path.exists() {
        bail!("{} does not exist; write it first: `statusgen postmortem {id}`", file.display());
    }
    let source = input::text::read(root, &file, None)?;
    let (_, _, entry) = crate::edit::find(root, &config, id)?;
    if !entry.updates.last().is_some_and(|u| u.status.is_over()) {
        // A postmortem is of an incident that is over: one published now would be dated
        // before the resolution it is about.
        bail!("incident `{id}` is open (reopened); resolve it first (`statusgen resolve {id}`), then publish its postmortem");
    }
    if parse(&config, &file, &source)?.is_some() {
        bail!(
            "{} is already published (its front matter has published_at); `statusgen build` shows it",
            file.display()
        );
    }
    let left: Vec<String> = placeholders(&file, &source, false).iter().map(ToString::to_string).collect();
    if !left.is_empty() {
        bail!(
            "{}\n{} is still a draft: write or delete what is left of the template, then publish it",
            left.join("\n"),
            file.display()
        );
    }
    // The draft's front matter lines give way to the publication time; the byte-order
    // mark, the line endings and the Markdown stay as they are.
    let rest = input::text::without_bom(&source);
    let bom = &source[..source.len() - rest.len()];
    let Ok(lines) = front_matter_lines(rest) else { bail!("{} has no front matter", file.display()) };
    let ending = if rest.starts_with("+++\r\n") { "\r\n" } else { "\n" };
    let local = now.with_offset_minutes(crate::compile::offset_minutes_at(&config.time_zone, now));
    let front = format!("# When the postmortem counts as published (the incident page and Atom show it).{ending}published_at = {local}{ending}");
    let text = format!("{bom}{}{front}{}", &rest[..lines.start], &rest[lines.end..]);
    parse(&config, &file, &text)?.context("the published file still reads as a draft")?;
    crate::edit::replace(root, &file, &text)?;
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A real `status.toml` read by `load_config`, so new settings never break these tests.
    fn config() -> input::Config {
        let dir = tempfile::TempDir::new().expect("temp dir");
        std::fs::write(dir.path().join("status.toml"), "name = \"Acme\"\nurl = \"https://status.acme.test\"\n")
            .expect("write");
        input::load_config(dir.path()).expect("valid")
    }

    fn problem(source: &str) -> String {
        parse(&config(), Path::new("postmortems/x.md"), source).err().map(|e| e.to_string()).unwrap_or_default()
    }

    #[test]
    fn every_instruction_of_the_built_in_templates_is_a_placeholder() {
        // A one-word instruction (`[Un’altra]`) would pass as a footnote mark and be published.
        for (locale, template) in TEMPLATES {
            let brackets = template.matches('[').count();
            let found = placeholders(Path::new("postmortems/x.md"), template, false).len();
            assert_eq!(found, brackets, "{locale}: every [instruction] is found");
        }
    }

    #[test]
    fn placeholders_are_bracketed_words_outside_code_and_links() {
        let source = "+++\npublished_at = 2024-05-11T10:00:00Z\n+++\n\n# Hi\n[Say who was affected.]\n\
            See [the incident](https://status.acme.test/x) and note [1].\n\
            - [A concrete change] and `[not one]`\n```\n[in a fence]\n```\n";
        let found: Vec<String> =
            placeholders(Path::new("postmortems/x.md"), source, true).iter().map(|d| d.to_string()).collect();
        assert_eq!(
            found,
            [
                "postmortems/x.md:6:1: `[Say who was affected.]` is still the template's placeholder; write it or delete it (the page shows it as written)",
                "postmortems/x.md:8:3: `[A concrete change]` is still the template's placeholder; write it or delete it (the page shows it as written)",
            ]
        );
    }

    #[test]
    fn front_matter_gives_the_publication_time_and_the_rest_is_the_body() {
        let parsed = parse(&config(), Path::new("p.md"), "+++\npublished_at = 2024-05-11T10:00:00Z\n+++\n\n# Hi\n");
        assert_eq!(
            parsed,
            Ok(Some(Postmortem {
                published_at: Timestamp::parse("2024-05-11T10:00:00Z").expect("valid"),
                body: "# Hi".into()
            }))
        );
    }

    #[test]
    fn a_draft_is_no_postmortem_yet_and_a_file_must_say_which_it_is() {
        assert_eq!(parse(&config(), Path::new("p.md"), "+++\ndraft = true\n+++\n\n# Hi\n"), Ok(None));
        assert!(problem("+++\n# Said nothing.\n+++\n\n# Hi\n").contains("neither `draft = true` nor `published_at`"));
    }

    #[test]
    fn a_byte_order_mark_before_the_front_matter_is_ignored() {
        let parsed =
            parse(&config(), Path::new("p.md"), "\u{feff}+++\npublished_at = 2024-05-11T10:00:00Z\n+++\n\n# Hi\n");
        assert_eq!(parsed.map(|p| p.map(|p| p.body)), Ok(Some("# Hi".to_owned())));
    }

    #[test]
    fn a_missing_or_unclosed_front_matter_says_what_to_add() {
        assert!(problem("# Hi").starts_with("postmortems/x.md:1:1: a postmortem starts with its front matter"));
        assert!(problem("+++\npublished_at = 2024-05-11T10:00:00Z\n# Hi").contains("forget the closing `+++`"));
    }

    #[test]
    fn a_bad_time_points_at_its_line_and_column() {
        let message = problem("+++\npublished_at = \"yesterday\"\n+++\nText");
        assert!(message.starts_with("postmortems/x.md:2:16: published_at `yesterday` is not a date-time"), "{message}");
    }

    #[test]
    fn every_built_in_template_renders() {
        let values = Values {
            title: "T".into(),
            components: "API".into(),
            page: "https://s.test".into(),
            from: Some("a".into()),
            until: Some("b".into()),
            eta: None,
            next_update: None,
        };
        for (locale, text) in TEMPLATES {
            assert!(templates::render(Path::new(locale), text, &values).is_ok(), "{locale}");
        }
    }
}
