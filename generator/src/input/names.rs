//! Names in hand-written files: slugs (file names, ids), language tags, stages.

use status_feed::IncidentStatus;

use super::Kind;

/// The stages a file of `kind` may use, in order (wire names from the feed crate).
pub fn stages(kind: Kind) -> Vec<IncidentStatus> {
    IncidentStatus::ALL
        .iter()
        .copied()
        // `postmortem` is published by `statusgen postmortem`, not typed into an update.
        .filter(|s| *s != IncidentStatus::Postmortem && s.is_maintenance() == (kind == Kind::Maintenance))
        .collect()
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

    #[test]
    fn stages_come_from_the_feed_in_order() {
        let names = |kind| stages(kind).iter().map(|s| s.as_str()).collect::<Vec<_>>();
        assert_eq!(names(Kind::Incident), ["investigating", "identified", "monitoring", "resolved"]);
        assert_eq!(names(Kind::Maintenance), ["scheduled", "in_progress", "verifying", "completed"]);
    }
}
