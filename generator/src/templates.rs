//! Pre-written update messages with placeholders, one file per stage per locale
//! (`templates/<locale>/<name>.txt`), so nobody composes prose mid-outage.
//!
//! Placeholders: `{title}`, `{components}` (affected component names), `{eta}`
//! (from `--eta`), `{page}` (the status page URL), `{from}` and `{until}` (a
//! maintenance window). `{{` and `}}` write literal braces. An unknown placeholder
//! is an error naming the template's `file:line:column`.

use std::path::Path;

use crate::diag::Diagnostic;

/// Placeholders a template may use.
pub const PLACEHOLDERS: [&str; 6] = ["title", "components", "eta", "page", "from", "until"];

/// Values for the placeholders; `None` means "not available for this command".
#[derive(Clone, Debug, Default)]
pub struct Values {
    /// `{title}`.
    pub title: String,
    /// `{components}`.
    pub components: String,
    /// `{eta}`.
    pub eta: Option<String>,
    /// `{page}`.
    pub page: String,
    /// `{from}`.
    pub from: Option<String>,
    /// `{until}`.
    pub until: Option<String>,
}

/// Fills `template` (the text of `file`, relative to the site root).
pub fn render(file: &Path, template: &str, values: &Values) -> Result<String, Diagnostic> {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    let mut offset = 0;
    while let Some(brace) = rest.find(['{', '}']) {
        out.push_str(&rest[..brace]);
        let tail = &rest[brace..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
            offset += brace + 2;
            continue;
        }
        if tail.starts_with('}') {
            return Err(Diagnostic::at(
                file,
                template,
                Some(offset + brace..offset + brace),
                "a lone `}`; write `}}` for a literal brace",
            ));
        }
        let Some(close) = tail.find('}') else {
            return Err(Diagnostic::at(
                file,
                template,
                Some(offset + brace..offset + brace),
                "`{` is never closed; write `{{` for a literal brace",
            ));
        };
        let name = &tail[1..close];
        let value = match name {
            "title" => Some(values.title.as_str()),
            "components" => Some(values.components.as_str()),
            "page" => Some(values.page.as_str()),
            "eta" => values.eta.as_deref(),
            "from" => values.from.as_deref(),
            "until" => values.until.as_deref(),
            _ => {
                return Err(Diagnostic::at(
                    file,
                    template,
                    Some(offset + brace..offset + brace),
                    format!(
                        "unknown placeholder `{{{name}}}`: placeholders are {}",
                        PLACEHOLDERS.map(|p| format!("{{{p}}}")).join(", ")
                    ),
                ))
            }
        };
        let Some(value) = value else {
            let advice = match name {
                "eta" => "pass --eta (e.g. --eta \"14:00 UTC\") or use --message",
                _ => "it only exists for maintenance; use another template or --message",
            };
            return Err(Diagnostic::at(
                file,
                template,
                Some(offset + brace..offset + brace),
                format!("`{{{name}}}` has no value here: {advice}"),
            ));
        };
        out.push_str(value);
        rest = &tail[close + 1..];
        offset += brace + close + 1;
    }
    out.push_str(rest);
    Ok(out.trim().to_owned())
}

/// The templates `statusgen init` writes: (locale, name, text).
pub const DEFAULTS: &[(&str, &str, &str)] = &[
    ("en", "investigating", "We are investigating reports of problems with {components}. We will post an update as soon as we know more."),
    ("en", "identified", "We have identified the cause of the problems with {components} and are working on a fix."),
    ("en", "monitoring", "A fix has been deployed for {components}. We are monitoring the results."),
    ("en", "resolved", "This incident has been resolved: {components} are working normally again. Thank you for your patience."),
    ("en", "scheduled", "{title}: we will perform scheduled maintenance on {components} from {from} until {until}."),
    ("en", "in_progress", "Scheduled maintenance on {components} is in progress. We will post an update when it is complete."),
    ("en", "verifying", "Maintenance on {components} is finished and we are verifying that everything works as expected."),
    ("en", "completed", "The scheduled maintenance on {components} has been completed."),
    ("fr", "investigating", "Nous analysons des signalements de problèmes concernant {components}. Nous publierons une mise à jour dès que nous en saurons plus."),
    ("fr", "identified", "Nous avons identifié la cause des problèmes concernant {components} et travaillons à une correction."),
    ("fr", "monitoring", "Une correction a été déployée pour {components}. Nous surveillons les résultats."),
    ("fr", "resolved", "Cet incident est résolu : {components} fonctionnent de nouveau normalement. Merci de votre patience."),
    ("fr", "scheduled", "{title} : une maintenance de {components} est prévue du {from} au {until}."),
    ("fr", "in_progress", "La maintenance de {components} est en cours. Nous publierons une mise à jour une fois terminée."),
    ("fr", "verifying", "La maintenance de {components} est terminée ; nous vérifions que tout fonctionne comme prévu."),
    ("fr", "completed", "La maintenance de {components} est terminée."),
    ("it", "investigating", "Stiamo analizzando segnalazioni di problemi con {components}. Pubblicheremo un aggiornamento appena ne sapremo di più."),
    ("it", "identified", "Abbiamo individuato la causa dei problemi con {components} e stiamo lavorando a una correzione."),
    ("it", "monitoring", "È stata distribuita una correzione per {components}. Stiamo monitorando i risultati."),
    ("it", "resolved", "L’incidente è risolto: {components} funzionano di nuovo normalmente. Grazie per la pazienza."),
    ("it", "scheduled", "{title}: è prevista una manutenzione di {components} dal {from} al {until}."),
    ("it", "in_progress", "La manutenzione di {components} è in corso. Pubblicheremo un aggiornamento al termine."),
    ("it", "verifying", "La manutenzione di {components} è terminata; stiamo verificando che tutto funzioni correttamente."),
    ("it", "completed", "La manutenzione programmata di {components} è stata completata."),
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

    #[test]
    fn placeholders_and_escaped_braces_are_filled() {
        let text = render(Path::new("t.txt"), "{title}: {components} {{ok}} at {page}\n", &values());
        assert_eq!(text, Ok("DB upgrade: API, Web {ok} at https://s.test".to_owned()));
    }

    #[test]
    fn unknown_placeholder_names_its_line_and_column() {
        let error = render(Path::new("templates/en/x.txt"), "Hello\n  {titel}", &values()).err().map(|e| e.to_string());
        assert_eq!(
            error.as_deref(),
            Some("templates/en/x.txt:2:3: unknown placeholder `{titel}`: placeholders are {title}, {components}, {eta}, {page}, {from}, {until}")
        );
    }

    #[test]
    fn missing_eta_says_to_pass_it() {
        let error = render(Path::new("t.txt"), "by {eta}", &values()).err().map(|e| e.to_string());
        assert!(error.is_some_and(|e| e.contains("pass --eta")));
    }

    #[test]
    fn every_default_template_renders_for_maintenance() {
        let values = Values { eta: Some("soon".into()), from: Some("a".into()), until: Some("b".into()), ..values() };
        for (locale, name, text) in DEFAULTS {
            assert!(render(Path::new(name), text, &values).is_ok(), "{locale}/{name}");
        }
    }
}
