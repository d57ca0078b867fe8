//! Pre-written update messages with placeholders, one file per stage per locale
//! (`templates/<locale>/<name>.txt`), so nobody composes prose mid-outage.
//!
//! Placeholders: `{title}`, `{components}` (affected component names in the
//! template's language), `{eta}` (from `--eta`), `{next_update}` (from
//! `--next-update`), `{page}` (the status page URL), `{from}` and `{until}` (a
//! maintenance window). A section `{#eta}…{/eta}` is kept only when `{eta}` has a
//! value, and `{^eta}…{/eta}` only when it has none, so one template serves updates
//! with and without an ETA. `{{` and `}}`
//! write literal braces. Every mistake is an error naming the template's
//! `file:line:column`, found by `statusgen check` before anyone needs the template.

use std::collections::BTreeSet;
use std::path::Path;

use crate::diag::Diagnostic;
use crate::suggest::nearest;

/// Placeholders a template may use.
pub const PLACEHOLDERS: [&str; 7] = ["title", "components", "eta", "next_update", "page", "from", "until"];

/// Values for the placeholders; `None` means "not available for this command".
#[derive(Clone, Debug, Default)]
pub struct Values {
    /// `{title}`.
    pub title: String,
    /// `{components}`.
    pub components: String,
    /// `{eta}`.
    pub eta: Option<String>,
    /// `{next_update}`.
    pub next_update: Option<String>,
    /// `{page}`.
    pub page: String,
    /// `{from}`.
    pub from: Option<String>,
    /// `{until}`.
    pub until: Option<String>,
}

impl Values {
    fn get(&self, name: &str) -> Option<&str> {
        match name {
            "title" => Some(&self.title),
            "components" => Some(&self.components),
            "page" => Some(&self.page),
            "eta" => self.eta.as_deref(),
            "next_update" => self.next_update.as_deref(),
            "from" => self.from.as_deref(),
            "until" => self.until.as_deref(),
            _ => None,
        }
    }
}

/// A piece of a template.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    /// Literal text (braces unescaped).
    Text(String),
    /// `{name}` at a byte offset.
    Value(&'static str, usize),
    /// `{#name}…{/name}` (kept when `name` has a value; `inverted`: `{^name}`, kept when it has none).
    Section { name: &'static str, inverted: bool, inside: Vec<Token> },
}

/// A parsed template: what it says and which placeholders it uses.
#[derive(Clone, Debug)]
pub struct Template<'a> {
    file: &'a Path,
    text: &'a str,
    tokens: Vec<Token>,
}

/// What a rendered template said, and which placeholders it placed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    /// The message.
    pub text: String,
    /// Placeholders whose value is in the message.
    pub placed: BTreeSet<&'static str>,
}

impl<'a> Template<'a> {
    /// Parses the template `text` of `file` (relative to the site root). A leading BOM is
    /// ignored. The error is the first problem: [`Template::parse_all`] has every one.
    pub fn parse(file: &'a Path, text: &'a str) -> Result<Self, Diagnostic> {
        let (template, mut problems) = Self::parse_all(file, text);
        if problems.is_empty() {
            Ok(template)
        } else {
            Err(problems.swap_remove(0))
        }
    }

    /// Parses as far as the end whatever it finds, for `check` to report every problem at
    /// once: a stray brace is kept as text, an unknown placeholder is left out, a section
    /// closed out of order or never closed ends where its problem is reported.
    pub fn parse_all(file: &'a Path, text: &'a str) -> (Self, Vec<Diagnostic>) {
        // Sections render recursively: a bound keeps a hostile template from the stack's end.
        const MAX_NESTING: usize = 16;
        // Enough to fix a template in one go; each problem's line and column are counted
        // from the start, so a hostile template's thousands would cost their square.
        const MAX_PROBLEMS: usize = 20;
        let text = crate::input::text::without_bom(text);
        let mut problems = Vec::new();
        let at = |offset: usize, message: String| Diagnostic::at(file, text, Some(offset..offset), message);
        // Open sections: (name, inverted, offset, tokens before it).
        let mut stack: Vec<(&'static str, bool, usize, Vec<Token>)> = Vec::new();
        let mut tokens: Vec<Token> = Vec::new();
        let mut literal = String::new();
        let mut offset = 0;
        // Ends the innermost open section: its tokens become one.
        fn close(
            stack: &mut Vec<(&'static str, bool, usize, Vec<Token>)>,
            tokens: &mut Vec<Token>,
            literal: &mut String,
        ) {
            if let Some((name, inverted, _, before)) = stack.pop() {
                if !literal.is_empty() {
                    tokens.push(Token::Text(std::mem::take(literal)));
                }
                let inside = std::mem::replace(tokens, before);
                tokens.push(Token::Section { name, inverted, inside });
            }
        }
        let mut stopped = false;
        while let Some(brace) = text[offset..].find(['{', '}']) {
            if problems.len() >= MAX_PROBLEMS {
                stopped = true;
                break;
            }
            literal.push_str(&text[offset..offset + brace]);
            let here = offset + brace;
            let tail = &text[here..];
            if tail.starts_with("{{") || tail.starts_with("}}") {
                literal.push_str(&tail[..1]);
                offset = here + 2;
                continue;
            }
            if tail.starts_with('}') {
                problems.push(at(here, "a lone `}`; write `}}` for a literal brace".into()));
                literal.push('}');
                offset = here + 1;
                continue;
            }
            let Some(close_at) = tail.find('}') else {
                problems.push(at(here, "`{` is never closed; write `{{` for a literal brace".into()));
                literal.push_str(tail);
                offset = text.len();
                break;
            };
            offset = here + close_at + 1;
            let inner = &tail[1..close_at];
            let (kind, name) = match inner.as_bytes().first() {
                Some(b'#') => ('#', &inner[1..]),
                Some(b'^') => ('^', &inner[1..]),
                Some(b'/') => ('/', &inner[1..]),
                _ => (' ', inner),
            };
            let Some(known) = PLACEHOLDERS.iter().copied().find(|p| *p == name) else {
                let shown = PLACEHOLDERS.map(|p| format!("{{{p}}}")).join(", ");
                problems.push(at(
                    here,
                    format!(
                        "unknown placeholder `{{{inner}}}`{}: placeholders are {shown}",
                        nearest(name, PLACEHOLDERS).map(|p| format!("; did you mean `{{{p}}}`?")).unwrap_or_default()
                    ),
                ));
                continue;
            };
            if !literal.is_empty() {
                tokens.push(Token::Text(std::mem::take(&mut literal)));
            }
            match kind {
                '#' | '^' if stack.len() >= MAX_NESTING => {
                    problems.push(at(
                        here,
                        format!("sections nest more than {MAX_NESTING} deep here; close some before opening another"),
                    ));
                    stopped = true;
                    break;
                }
                '#' | '^' => stack.push((known, kind == '^', here, std::mem::take(&mut tokens))),
                // An end closes its own section, and any opened inside it and left open
                // (reported once, at the end that closed them).
                '/' => match stack.iter().rposition(|(open, ..)| *open == known) {
                    Some(depth) => {
                        if let Some((inner, ..)) = stack.last().filter(|(inner, ..)| *inner != known) {
                            problems.push(at(
                                here,
                                format!(
                                    "`{{/{known}}}` closes `{{#{inner}}}` too; close `{{#{inner}}}` with `{{/{inner}}}` first"
                                ),
                            ));
                        }
                        while stack.len() > depth {
                            close(&mut stack, &mut tokens, &mut literal);
                        }
                    }
                    None => problems
                        .push(at(here, format!("`{{/{known}}}` closes no section; open it with `{{#{known}}}`"))),
                },
                _ => tokens.push(Token::Value(known, here)),
            }
        }
        literal.push_str(&text[offset..]);
        while let Some((open, _, start, _)) = stack.last() {
            // Where the reading stopped, a section may still be closed further on.
            if !stopped {
                problems.push(at(*start, format!("`{{#{open}}}` is never closed; end the section with `{{/{open}}}`")));
            }
            close(&mut stack, &mut tokens, &mut literal);
        }
        problems.sort_by_key(|problem| (problem.line, problem.column));
        if !literal.is_empty() {
            tokens.push(Token::Text(literal));
        }
        (Self { file, text, tokens }, problems)
    }

    /// Placeholders used outside any section: they must have a value.
    pub fn required(&self) -> Vec<(&'static str, usize)> {
        self.tokens
            .iter()
            .filter_map(|t| if let Token::Value(name, at) = t { Some((*name, *at)) } else { None })
            .collect()
    }

    /// Whether the template can place `name` (in a section or not).
    pub fn mentions(&self, name: &str) -> bool {
        fn walk(tokens: &[Token], name: &str) -> bool {
            tokens.iter().any(|t| match t {
                Token::Text(_) => false,
                Token::Value(n, _) => *n == name,
                Token::Section { inside, .. } => walk(inside, name),
            })
        }
        walk(&self.tokens, name)
    }

    /// A problem at byte `offset` of the template.
    pub fn problem(&self, offset: usize, message: String) -> Diagnostic {
        Diagnostic::at(self.file, self.text, Some(offset..offset), message)
    }

    /// Fills the template.
    pub fn render(&self, values: &Values) -> Result<Rendered, Diagnostic> {
        let mut out = String::with_capacity(self.text.len() + 64);
        let mut placed = BTreeSet::new();
        self.fill(&self.tokens, values, &mut out, &mut placed)?;
        Ok(Rendered { text: out.trim().to_owned(), placed })
    }

    fn fill(
        &self,
        tokens: &[Token],
        values: &Values,
        out: &mut String,
        placed: &mut BTreeSet<&'static str>,
    ) -> Result<(), Diagnostic> {
        for token in tokens {
            match token {
                Token::Text(text) => out.push_str(text),
                Token::Value(name, at) => {
                    let Some(value) = values.get(name) else {
                        let advice = match *name {
                            "eta" => "pass --eta (e.g. --eta \"14:00 UTC\"), put it in a `{#eta}…{/eta}` section, or use --message",
                            "next_update" => "pass --next-update (e.g. --next-update 30m), put it in a `{#next_update}…{/next_update}` section, or use --message",
                            _ => "it only exists for maintenance; use another template or --message",
                        };
                        return Err(self.problem(*at, format!("`{{{name}}}` has no value here: {advice}")));
                    };
                    out.push_str(value);
                    placed.insert(*name);
                }
                Token::Section { name, inverted, inside } => {
                    if values.get(name).is_some() != *inverted {
                        self.fill(inside, values, out, placed)?;
                    }
                }
            }
        }
        Ok(())
    }
}

/// Parses and fills `template` (the text of `file`, relative to the site root).
pub fn render(file: &Path, template: &str, values: &Values) -> Result<Rendered, Diagnostic> {
    Template::parse(file, template)?.render(values)
}

/// The templates `statusgen init` writes: (locale, name, text). `identified` and
/// `monitoring` place `--eta`. None repeats `--next-update`: the widget, the status page,
/// `notify` and `sitrep` show the promise from `next_update_at`, in the reader's language
/// and time zone, and say when it is overdue; the same words in the text would be shown
/// twice (a site's own template may still place `{next_update}`).
pub const DEFAULTS: &[(&str, &str, &str)] = &[
    ("en", "investigating", "We are investigating reports of problems with {components}. We will post an update as soon as we know more."),
    ("en", "identified", "We have identified the cause of the problems with {components} and are working on a fix.{#eta} We expect it to be in place by {eta}.{/eta}"),
    ("en", "monitoring", "A fix has been deployed for {components}. We are monitoring the results.{#eta} We expect to confirm the recovery by {eta}.{/eta}"),
    ("en", "resolved", "This incident has been resolved, and normal service has been restored for {components}. Thank you for your patience."),
    ("en", "scheduled", "{title}: we will perform scheduled maintenance on {components} from {from} until {until}."),
    ("en", "rescheduled", "{title} has been moved: we will now perform the maintenance on {components} from {from} until {until}."),
    ("en", "in_progress", "Scheduled maintenance on {components} is in progress.{#eta} We expect it to be complete by {eta}.{/eta} We will post an update when it is complete."),
    ("en", "verifying", "Maintenance on {components} is finished and we are verifying that everything works as expected."),
    ("en", "completed", "The scheduled maintenance on {components} has been completed."),
    ("en", "extended", "The maintenance on {components} is taking longer than planned: we now expect it to be complete by {until}."),
    ("en", "cancelled", "{title}: the maintenance on {components} planned from {from} until {until} has been called off and will not take place."),
    ("fr", "investigating", "Nous analysons des signalements de problèmes concernant {components}. Nous publierons une mise à jour dès que nous en saurons plus."),
    ("fr", "identified", "Nous avons identifié la cause des problèmes concernant {components} et travaillons à une correction.{#eta} Nous prévoyons de la déployer d’ici {eta}.{/eta}"),
    ("fr", "monitoring", "Une correction a été déployée pour {components}. Nous surveillons les résultats.{#eta} Nous prévoyons de confirmer le rétablissement d’ici {eta}.{/eta}"),
    ("fr", "resolved", "Cet incident est résolu\u{a0}: le service est rétabli pour {components}. Merci de votre patience."),
    ("fr", "scheduled", "{title}\u{a0}: une maintenance concernant {components} est prévue du {from} au {until}."),
    ("fr", "rescheduled", "{title}\u{a0}: la maintenance concernant {components} a été déplacée\u{a0}; elle est désormais prévue du {from} au {until}."),
    ("fr", "in_progress", "La maintenance concernant {components} est en cours.{#eta} Nous prévoyons de la terminer d’ici {eta}.{/eta} Nous publierons une mise à jour dès qu’elle sera terminée."),
    ("fr", "verifying", "La maintenance concernant {components} est terminée\u{a0}; nous vérifions que tout fonctionne comme prévu."),
    ("fr", "completed", "La maintenance concernant {components} est terminée."),
    ("fr", "extended", "La maintenance concernant {components} prend plus de temps que prévu\u{a0}: nous prévoyons désormais de la terminer d’ici le {until}."),
    ("fr", "cancelled", "{title}\u{a0}: la maintenance concernant {components} prévue du {from} au {until} est annulée et n’aura pas lieu."),
    ("it", "investigating", "Stiamo analizzando segnalazioni di problemi con {components}. Pubblicheremo un aggiornamento appena ne sapremo di più."),
    ("it", "identified", "Abbiamo individuato la causa dei problemi con {components} e stiamo lavorando a una correzione.{#eta} Prevediamo di applicarla entro {eta}.{/eta}"),
    ("it", "monitoring", "È stata applicata una correzione per {components}. Stiamo monitorando i risultati.{#eta} Prevediamo di confermare il ripristino entro {eta}.{/eta}"),
    ("it", "resolved", "L’incidente è risolto: il servizio è tornato alla normalità per {components}. Grazie per la pazienza."),
    ("it", "scheduled", "{title}: è prevista una manutenzione di {components}. Inizio: {from}; fine: {until}."),
    ("it", "rescheduled", "{title}: la manutenzione di {components} è stata spostata. Nuovo inizio: {from}; nuova fine: {until}."),
    ("it", "in_progress", "La manutenzione di {components} è in corso.{#eta} Prevediamo di terminarla entro {eta}.{/eta} Pubblicheremo un aggiornamento al termine."),
    ("it", "verifying", "La manutenzione di {components} è terminata; stiamo verificando che tutto funzioni correttamente."),
    ("it", "completed", "La manutenzione programmata di {components} è stata completata."),
    ("it", "extended", "La manutenzione di {components} richiede più tempo del previsto. Nuova fine prevista: {until}."),
    ("it", "cancelled", "{title}: la manutenzione di {components} prevista (inizio: {from}; fine: {until}) è annullata e non avrà luogo."),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> Values {
        Values {
            title: "DB upgrade".into(),
            components: "API, Web".into(),
            page: "https://s.test".into(),
            ..Values::default()
        }
    }

    fn text(template: &str, values: &Values) -> Result<String, String> {
        render(Path::new("templates/en/x.txt"), template, values).map(|r| r.text).map_err(|e| e.to_string())
    }

    #[test]
    fn placeholders_and_escaped_braces_are_filled() {
        assert_eq!(
            text("{title}: {components} {{ok}} at {page}\n", &values()),
            Ok("DB upgrade: API, Web {ok} at https://s.test".to_owned())
        );
    }

    #[test]
    fn unknown_placeholder_names_its_line_and_column_and_the_nearest_one() {
        assert_eq!(
            text("Hello\n  {titel}", &values()),
            Err("templates/en/x.txt:2:3: unknown placeholder `{titel}`; did you mean `{title}`?: placeholders are {title}, {components}, {eta}, {next_update}, {page}, {from}, {until}".to_owned())
        );
    }

    #[test]
    fn missing_eta_says_to_pass_it() {
        assert!(text("by {eta}", &values()).is_err_and(|e| e.contains("pass --eta")));
    }

    #[test]
    fn sections_are_kept_only_with_a_value() {
        let template = "Fixing.{#eta} Done by {eta}.{/eta}{^eta} No ETA yet.{/eta}";
        assert_eq!(text(template, &values()), Ok("Fixing. No ETA yet.".to_owned()));
        let with = Values { eta: Some("14:00".into()), ..values() };
        let rendered = render(Path::new("t"), template, &with).expect("renders");
        assert_eq!(rendered.text, "Fixing. Done by 14:00.");
        assert!(rendered.placed.contains("eta"));
    }

    #[test]
    fn sections_must_be_closed_in_order() {
        assert!(text("{#eta} x", &values()).is_err_and(|e| e.contains("1:1: `{#eta}` is never closed")));
        assert!(text("{#eta}{#from}{/eta}{/from}", &values()).is_err_and(|e| e.contains("`{/eta}` closes `{#from}`")));
        assert!(text("{/eta}", &values()).is_err_and(|e| e.contains("closes no section")));
    }

    #[test]
    fn every_problem_is_found_in_one_reading_in_the_order_of_the_text() {
        let text = "We found it in {componets}.{#eta} By {eta}.\nStray } here, {/from} and {#title}.";
        let (_, problems) = Template::parse_all(Path::new("t.txt"), text);
        let places: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(places.len(), 5, "{places:#?}");
        for (found, expected) in places.iter().zip([
            "t.txt:1:16: unknown placeholder `{componets}`",
            "t.txt:1:28: `{#eta}` is never closed",
            "t.txt:2:7: a lone `}`",
            "t.txt:2:15: `{/from}` closes no section",
            "t.txt:2:27: `{#title}` is never closed",
        ]) {
            assert!(found.starts_with(expected), "{found}");
        }
        // An end closes its own section, and the one left open inside it: one problem.
        let (_, problems) = Template::parse_all(Path::new("t.txt"), "{#eta}By {eta}{#next_update} next.{/eta}");
        let places: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            places,
            ["t.txt:1:35: `{/eta}` closes `{#next_update}` too; close `{#next_update}` with `{/next_update}` first"]
        );
        // A template of nothing but problems: the first twenty.
        let (_, problems) = Template::parse_all(Path::new("t.txt"), &"} ".repeat(500_000));
        assert_eq!(problems.len(), 20);
    }

    #[test]
    fn sections_nested_beyond_the_limit_are_refused_with_their_place() {
        let deep = "{#eta}".repeat(50_000) + &"{/eta}".repeat(50_000);
        assert!(text(&deep, &values()).is_err_and(|e| e.contains("1:97: sections nest more than 16 deep")));
        let fine = "{#eta}".repeat(16) + "x" + &"{/eta}".repeat(16);
        assert_eq!(text(&fine, &values()), Ok(String::new()));
    }

    #[test]
    fn a_bom_is_not_published() {
        assert_eq!(text("\u{feff}Hello", &values()), Ok("Hello".to_owned()));
    }

    #[test]
    fn every_default_template_renders_with_and_without_the_optional_values() {
        let full = Values {
            eta: Some("soon".into()),
            next_update: Some("later".into()),
            from: Some("a".into()),
            until: Some("b".into()),
            ..values()
        };
        let bare = Values { from: Some("a".into()), until: Some("b".into()), ..values() };
        for (locale, name, text) in DEFAULTS {
            assert!(render(Path::new(name), text, &full).is_ok(), "{locale}/{name}");
            assert!(render(Path::new(name), text, &bare).is_ok(), "{locale}/{name}");
        }
        let identified = DEFAULTS.iter().filter(|(_, name, _)| matches!(*name, "identified" | "monitoring"));
        for (locale, name, text) in identified {
            let rendered = render(Path::new(name), text, &full).expect("renders");
            assert!(rendered.placed.contains("eta"), "{locale}/{name}");
        }
        for (locale, name, text) in DEFAULTS {
            let rendered = render(Path::new(name), text, &full).expect("renders");
            assert!(!rendered.placed.contains("next_update"), "{locale}/{name} repeats the promise the widget shows");
        }
    }
}
