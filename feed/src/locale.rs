//! Language negotiation (BCP 47, lookup with fallback), shared by the widget's
//! chrome strings and by translated incident text.

use crate::model::{Translation, Translations};

/// The best of `available` for a visitor who prefers `preferred` (most wanted first).
///
/// Each preference is tried whole, then with its script inferred (`zh-CN` → `zh-Hans`),
/// then with subtags dropped from the end (`pt-BR` → `pt`); a bare language also
/// matches a regional variant (`fr` → `fr-CA`). Matching ignores ASCII case.
///
/// ```
/// let available = ["en", "fr", "pt", "zh-Hans"];
/// assert_eq!(status_feed::negotiate(available, &["pt-BR"]), Some("pt"));
/// assert_eq!(status_feed::negotiate(available, &["zh-CN"]), Some("zh-Hans"));
/// assert_eq!(status_feed::negotiate(available, &["xx", "fr-CA"]), Some("fr"));
/// assert_eq!(status_feed::negotiate(available, &["xx"]), None);
/// ```
pub fn negotiate<'a, S: AsRef<str>>(
    available: impl IntoIterator<Item = &'a str> + Clone,
    preferred: &[S],
) -> Option<&'a str> {
    for wanted in preferred {
        let wanted = wanted.as_ref().trim().replace('_', "-");
        if wanted.is_empty() {
            continue;
        }
        for candidate in fallback_chain(&wanted) {
            if let Some(found) = available.clone().into_iter().find(|tag| tag.eq_ignore_ascii_case(&candidate)) {
                return Some(found);
            }
        }
        let language = wanted.split('-').next().unwrap_or_default();
        if let Some(found) = available
            .clone()
            .into_iter()
            .find(|tag| tag.split('-').next().is_some_and(|l| l.eq_ignore_ascii_case(language)))
        {
            return Some(found);
        }
    }
    None
}

/// `zh-Hant-TW` → [`zh-Hant-TW`, `zh-Hant`, `zh`]; Chinese gets its script inferred.
fn fallback_chain(tag: &str) -> Vec<String> {
    let mut chain = vec![tag.to_owned()];
    let lower = tag.to_ascii_lowercase();
    let script = match lower.as_str() {
        "zh-cn" | "zh-sg" | "zh-my" | "zh" => Some("zh-Hans"),
        "zh-tw" | "zh-hk" | "zh-mo" => Some("zh-Hant"),
        _ => None,
    };
    chain.extend(script.map(str::to_owned));
    let mut rest = tag;
    while let Some(dash) = rest.rfind('-') {
        rest = &rest[..dash];
        chain.push(rest.to_owned());
    }
    chain
}

/// The translated text for the visitor, or `None` to show the original.
pub fn translated<'a, S: AsRef<str>>(
    translations: &'a Translations,
    preferred: &[S],
    field: impl Fn(&'a Translation) -> Option<&'a String>,
) -> Option<&'a str> {
    let with_field = translations.iter().filter(|(_, t)| field(t).is_some()).map(|(tag, _)| tag);
    let tag = negotiate(with_field, preferred)?;
    translations.get(tag).and_then(field).map(String::as_str)
}
