//! "Did you mean …?" for misspelt names: components, keys, placeholders, stages.
//!
//! Operators type these under pressure; the nearest known name turns a lookup in
//! USAGE.md into a one-character fix.

/// The known name closest to `wanted`, when it is close enough to be a likely typo:
/// at most a third of its length away (at least one edit), ignoring case.
pub fn nearest<'a>(wanted: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted_lower = wanted.to_lowercase();
    let limit = (wanted.chars().count() / 3).max(1);
    known
        .into_iter()
        .map(|name| (distance(&wanted_lower, &name.to_lowercase()), name))
        .filter(|(d, _)| *d <= limit)
        // Ties keep the first known name: the order callers list them in is the documented one.
        .min_by_key(|(d, _)| *d)
        .map(|(_, name)| name)
}

/// `; did you mean `x`?` when there is a near name, else nothing.
pub fn did_you_mean<'a>(wanted: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    match nearest(wanted, known) {
        Some(name) if name != wanted => format!("; did you mean `{name}`?"),
        _ => String::new(),
    }
}

/// `; did you mean `x`?` for a mistyped incident or maintenance id: a near id, else the
/// newest whose name after its date (`2024-05-10-`) is, or is near, the one typed: an
/// operator under pressure leaves the date off (`login-slow`).
pub fn did_you_mean_id<'a>(wanted: &str, ids: impl IntoIterator<Item = &'a str>) -> String {
    let mut ids: Vec<&str> = ids.into_iter().collect();
    // Newest first (ids begin with their date): the one to suggest of two with one name.
    ids.sort_unstable_by(|a, b| b.cmp(a));
    let undated = |id: &'a str| {
        let (date, name) = id.split_at_checked(11)?;
        let is_date =
            date.bytes().enumerate().all(|(i, b)| if matches!(i, 4 | 7 | 10) { b == b'-' } else { b.is_ascii_digit() });
        is_date.then_some(name)
    };
    let meant = nearest(wanted, ids.iter().copied()).or_else(|| {
        let names: Vec<(&str, &str)> = ids.iter().filter_map(|id| Some((undated(id)?, *id))).collect();
        let name = nearest(wanted, names.iter().map(|(name, _)| *name))?;
        names.iter().find(|(known, _)| *known == name).map(|(_, id)| *id)
    });
    meant.filter(|id| *id != wanted).map_or_else(String::new, |id| format!("; did you mean `{id}`?"))
}

/// Levenshtein distance in characters, with a transposition counting as one edit.
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut before: Vec<usize> = (0..=b.len()).collect();
    let mut previous = before.clone();
    let mut current = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        current[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (previous[j] + 1).min(current[j - 1] + 1).min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(before[j - 2] + 1);
            }
            current[j] = best;
        }
        before = std::mem::replace(&mut previous, std::mem::take(&mut current));
        current = vec![0; b.len() + 1];
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_typed_without_its_date_is_found() {
        let ids = ["2026-12-01-login-slow", "2026-12-07-login-slow", "2026-12-07-payments-failing"];
        assert_eq!(did_you_mean_id("login-slow", ids), "; did you mean `2026-12-07-login-slow`?");
        assert_eq!(did_you_mean_id("payments-faling", ids), "; did you mean `2026-12-07-payments-failing`?");
        assert_eq!(did_you_mean_id("2026-12-07-login-slwo", ids), "; did you mean `2026-12-07-login-slow`?");
        assert_eq!(did_you_mean_id("database", ids), "");
    }

    #[test]
    fn typos_find_the_intended_name() {
        assert_eq!(nearest("paymnets", ["api", "web", "payments"]), Some("payments"));
        assert_eq!(nearest("componets", ["title", "components", "eta"]), Some("components"));
        assert_eq!(nearest("investigatin", ["investigating", "identified"]), Some("investigating"));
        assert_eq!(nearest("Payments", ["payments"]), Some("payments"));
    }

    #[test]
    fn unrelated_names_find_nothing() {
        assert_eq!(nearest("severity", ["at", "status", "body"]), None);
        assert_eq!(nearest("checkout", ["api", "web", "payments"]), None);
    }

    #[test]
    fn transpositions_count_once() {
        assert_eq!(distance("teh", "the"), 1);
        assert_eq!(distance("", "abc"), 3);
    }
}
