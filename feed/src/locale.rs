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
/// assert_eq!(status_feed::negotiate(&available, &["pt-BR"]), Some("pt"));
/// assert_eq!(status_feed::negotiate(&available, &["zh-CN"]), Some("zh-Hans"));
/// assert_eq!(status_feed::negotiate(&available, &["xx", "fr-CA"]), Some("fr"));
/// assert_eq!(status_feed::negotiate(&available, &["xx"]), None);
/// // Traditional Chinese is never given Simplified by the language alone.
/// assert_eq!(status_feed::negotiate(&available, &["zh-TW", "en"]), Some("en"));
/// assert_eq!(status_feed::negotiate(&available, &["zh-Hant"]), None);
/// assert_eq!(status_feed::negotiate(&available, &["zh-Hant-TW", "fr"]), Some("fr"));
/// ```
pub fn negotiate<'a, S: AsRef<str>>(available: &[&'a str], preferred: &[S]) -> Option<&'a str> {
    for wanted in preferred {
        let wanted = wanted.as_ref().trim();
        if wanted.is_empty() {
            continue;
        }
        // Tried whole, then with its script inferred, then cut at each `-` (or `_`) from
        // the end: `zh_TW` → `zh_TW`, `zh-Hant`, `zh`. No copies of the tag are made.
        let script = if ["zh-cn", "zh-sg", "zh-my", "zh"].into_iter().any(|tag| same(tag, wanted)) {
            Some("zh-Hans")
        } else if ["zh-tw", "zh-hk", "zh-mo", "zh-hant", "zh-hant-tw", "zh-hant-hk", "zh-hant-mo"]
            .into_iter()
            .any(|tag| same(tag, wanted))
        {
            Some("zh-Hant")
        } else {
            None
        };
        let shorter = wanted.bytes().enumerate().rev().filter(|&(_, b)| is_dash(b)).map(|(at, _)| &wanted[..at]);
        for candidate in core::iter::once(wanted).chain(script).chain(shorter) {
            if let Some(&found) = available.iter().find(|tag| same(tag, candidate)) {
                return Some(found);
            }
        }
        // Traditional Chinese (`zh-TW`, `zh-HK`, `zh-MO`, `zh-Hant`) is not matched to
        // Simplified by its language alone: its reader gets their next preference (or none).
        if script == Some("zh-Hant") {
            continue;
        }
        let language = &wanted[..wanted.bytes().position(is_dash).unwrap_or(wanted.len())];
        if let Some(&found) =
            available.iter().find(|tag| tag.split('-').next().is_some_and(|l| l.eq_ignore_ascii_case(language)))
        {
            return Some(found);
        }
    }
    None
}

/// A subtag separator in a visitor's preference: `-`, or the `_` of `pt_BR`.
fn is_dash(byte: u8) -> bool {
    byte == b'-' || byte == b'_'
}

/// Whether the available `tag` is the wanted one, ignoring ASCII case and reading the
/// wanted one's `_` as `-`.
fn same(tag: &str, wanted: &str) -> bool {
    tag.len() == wanted.len()
        && tag.bytes().zip(wanted.bytes()).all(|(t, w)| t.eq_ignore_ascii_case(&if w == b'_' { b'-' } else { w }))
}

/// The translated text for the visitor and its language tag, or `None` to show the
/// original. The original, in `original` (the feed's language, when it says), is one of
/// the candidates: a French visitor who also reads English gets a French page's own text,
/// not its English translation.
pub fn translated<'a, S: AsRef<str>>(
    translations: &'a Translations,
    original: Option<&'a str>,
    preferred: &[S],
    field: fn(&'a Translation) -> Option<&'a String>,
) -> Option<(&'a str, &'a str)> {
    let with_field = translations.iter().filter(|(_, t)| field(t).is_some()).map(|(tag, _)| tag);
    // A slice, not an iterator: one copy of `negotiate` in the wasm, not one per caller.
    let available: Vec<&str> = original.into_iter().chain(with_field).collect();
    let tag = negotiate(&available, preferred).filter(|&tag| Some(tag) != original)?;
    Some((tag, translations.get(tag).and_then(field)?))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::negotiate;

    /// The negotiation as first written, with a copy of each candidate: what the one
    /// without copies must answer.
    fn by_copies<'a>(available: &[&'a str], preferred: &[String]) -> Option<&'a str> {
        for wanted in preferred {
            let wanted = wanted.trim().replace('_', "-");
            if wanted.is_empty() {
                continue;
            }
            let mut chain = vec![wanted.clone()];
            let script = match wanted.to_ascii_lowercase().as_str() {
                "zh-cn" | "zh-sg" | "zh-my" | "zh" => Some("zh-Hans"),
                "zh-tw" | "zh-hk" | "zh-mo" | "zh-hant" | "zh-hant-tw" | "zh-hant-hk" | "zh-hant-mo" => Some("zh-Hant"),
                _ => None,
            };
            chain.extend(script.map(str::to_owned));
            let mut rest = wanted.as_str();
            while let Some(dash) = rest.rfind('-') {
                rest = &rest[..dash];
                chain.push(rest.to_owned());
            }
            for candidate in chain {
                if let Some(found) = available.iter().find(|tag| tag.eq_ignore_ascii_case(&candidate)) {
                    return Some(found);
                }
            }
            if script == Some("zh-Hant") {
                continue;
            }
            let language = wanted.split('-').next().unwrap_or_default();
            if let Some(found) =
                available.iter().find(|tag| tag.split('-').next().is_some_and(|l| l.eq_ignore_ascii_case(language)))
            {
                return Some(found);
            }
        }
        None
    }

    const TAGS: &[&str] =
        &["en", "fr", "fr-CA", "pt", "pt-BR", "zh-Hans", "zh-Hant", "zh", "ZH-hans", "sr-Latn-RS", "pt_BR", "he", ""];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]
        #[test]
        fn answers_as_the_negotiation_with_copies(
            available in proptest::sample::subsequence(TAGS.to_vec(), 0..TAGS.len()),
            preferred in proptest::collection::vec("[ ]?(zh|ZH|pt|fr|en|sr|xx|he)([-_](cn|TW|Hans|hant|BR|br|CA|Latn|RS|x)){0,3}[ ]?|", 0..4),
        ) {
            prop_assert_eq!(negotiate(&available, &preferred), by_copies(&available, &preferred));
        }
    }
}
