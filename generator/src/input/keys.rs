//! Every key of a hand-written file is checked against the file's shape before it is
//! read, so a misspelt key anywhere is reported (all of them at once, each at its place,
//! with the nearest known key), never silently ignored.

use std::borrow::Cow;
use std::path::Path;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::diag::{one_of, Diagnostic};
use crate::suggest::{did_you_mean, nearest};

/// What a TOML value may hold.
pub enum Shape {
    /// A plain value (string, number, date-time, array of values): its type is serde's to check.
    Value,
    /// A table with exactly these keys.
    Table(&'static [(&'static str, Shape)]),
    /// An array of tables with these keys (`[[updates]]`).
    Tables(&'static [(&'static str, Shape)]),
    /// A table with any keys (language tags, component ids), each of this shape.
    Map(&'static Shape),
}

const TITLE_TRANSLATIONS: Shape = Shape::Map(&Shape::Table(&[("title", Shape::Value)]));
/// The keys of an `[[updates]]` table, with `extra` ones before its translations.
macro_rules! update_keys {
    ($($extra:literal),*) => {
        Shape::Tables(&[
            ("at", Shape::Value),
            ("status", Shape::Value),
            ("body", Shape::Value),
            ("components", Shape::Map(&Shape::Value)),
            ("next_update_at", Shape::Value),
            $(($extra, Shape::Value),)*
            ("translations", Shape::Map(&Shape::Table(&[("body", Shape::Value)]))),
        ])
    };
}
/// An incident's update may also change its impact (`update --impact`).
const UPDATES: Shape = update_keys!("impact");
/// A maintenance's update may also move its window (`update --from/--until`).
const MAINTENANCE_UPDATES: Shape = update_keys!("from", "until");

/// `incidents/*.toml`.
pub const INCIDENT: Shape = Shape::Table(&[
    ("title", Shape::Value),
    ("impact", Shape::Value),
    ("components", Shape::Value),
    ("started_at", Shape::Value),
    ("translations", TITLE_TRANSLATIONS),
    ("updates", UPDATES),
]);

/// `maintenance/*.toml`.
pub const MAINTENANCE: Shape = Shape::Table(&[
    ("title", Shape::Value),
    ("from", Shape::Value),
    ("until", Shape::Value),
    ("components", Shape::Value),
    ("translations", TITLE_TRANSLATIONS),
    ("updates", MAINTENANCE_UPDATES),
]);

/// `status.toml`.
pub const STATUS: Shape = Shape::Table(&[
    ("name", Shape::Value),
    ("url", Shape::Value),
    ("id", Shape::Value),
    ("time_zone", Shape::Value),
    ("locale", Shape::Value),
    ("templates", Shape::Value),
    ("widget", Shape::Value),
    (
        "components",
        Shape::Tables(&[
            ("id", Shape::Value),
            ("name", Shape::Value),
            ("description", Shape::Value),
            ("group", Shape::Value),
            ("position", Shape::Value),
            ("start_date", Shape::Value),
            ("translations", Shape::Map(&Shape::Table(&[("name", Shape::Value), ("description", Shape::Value)]))),
        ]),
    ),
    ("notify", Shape::Tables(&[("url", Shape::Value), ("format", Shape::Value), ("name", Shape::Value)])),
]);

/// Every unknown key of `table` (parsed from `source` of `file`), in file order.
pub fn unknown_keys(file: &Path, source: &str, table: &DeTable<'_>, shape: &Shape) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    check_table(file, source, table, shape, "", &mut found);
    found.sort_by_key(|d| (d.line, d.column));
    found
}

fn check_table(file: &Path, source: &str, table: &DeTable<'_>, shape: &Shape, path: &str, found: &mut Vec<Diagnostic>) {
    let keys = match shape {
        Shape::Table(keys) | Shape::Tables(keys) => *keys,
        Shape::Map(inner) => {
            for (key, value) in table {
                check_value(file, source, value.get_ref(), inner, &format!("{path}.{}", key.get_ref()), found);
            }
            return;
        }
        Shape::Value => return,
    };
    for (key, value) in table {
        let name: &str = key.get_ref();
        let here = if path.is_empty() { name.to_owned() } else { format!("{path}.{name}") };
        match keys.iter().find(|(known, _)| *known == name) {
            Some((_, inner)) => check_value(file, source, value.get_ref(), inner, &here, found),
            None => {
                let place = if path.is_empty() { "at the top level".to_owned() } else { format!("in `{path}`") };
                let names: Vec<&str> = keys.iter().map(|(k, _)| *k).collect();
                found.push(Diagnostic::at(
                    file,
                    source,
                    Some(key.span()),
                    format!(
                        "unknown key `{name}` {place}{}: the keys here are {}; remove it or fix its spelling (USAGE.md lists every key)",
                        did_you_mean(name, names.iter().copied()),
                        one_of(&names)
                    ),
                ));
            }
        }
    }
}

/// Reads each unknown key of `table` as the known key of its table it is nearest to, when
/// that key is missing: `impakt = "major"` is then read as the impact it was meant to be,
/// so that serde does not stop at "missing field `impact`" and the file's other problems
/// (a mistyped status further down) are reported in the same run. The unknown key itself
/// stays reported ([`unknown_keys`] runs first).
pub fn read_as_meant(table: &mut DeTable<'_>, shape: &Shape) {
    let keys = match shape {
        Shape::Table(keys) | Shape::Tables(keys) => *keys,
        Shape::Map(inner) => {
            for (_, value) in table.iter_mut() {
                value_as_meant(value.get_mut(), inner);
            }
            return;
        }
        Shape::Value => return,
    };
    let is_known = |name: &str| keys.iter().any(|(known, _)| *known == name);
    let unknown: Vec<_> = table.keys().filter(|key| !is_known(key.get_ref())).cloned().collect();
    for key in unknown {
        let Some(meant) = nearest(key.get_ref(), keys.iter().map(|(known, _)| *known)) else { continue };
        if table.keys().any(|present| present.get_ref() == meant) {
            continue;
        }
        if let Some(value) = table.remove(&key) {
            table.insert(Spanned::new(key.span(), Cow::Borrowed(meant)), value);
        }
    }
    for (key, value) in table.iter_mut() {
        if let Some((_, inner)) = keys.iter().find(|(known, _)| *known == key.get_ref()) {
            value_as_meant(value.get_mut(), inner);
        }
    }
}

fn value_as_meant(value: &mut DeValue<'_>, shape: &Shape) {
    match (value, shape) {
        (DeValue::Table(table), Shape::Table(_) | Shape::Map(_)) => read_as_meant(table, shape),
        (DeValue::Array(items), Shape::Tables(_)) => {
            for item in items.iter_mut() {
                if let DeValue::Table(table) = item.get_mut() {
                    read_as_meant(table, shape);
                }
            }
        }
        _ => {}
    }
}

fn check_value(file: &Path, source: &str, value: &DeValue<'_>, shape: &Shape, path: &str, found: &mut Vec<Diagnostic>) {
    match (value, shape) {
        (DeValue::Table(table), Shape::Table(_) | Shape::Map(_)) => {
            check_table(file, source, table, shape, path, found)
        }
        (DeValue::Array(items), Shape::Tables(_)) => {
            for item in items {
                if let DeValue::Table(table) = item.get_ref() {
                    check_table(file, source, table, shape, path, found);
                }
            }
        }
        // A value of another type is serde's to report, with its expected type.
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(shape: &Shape) -> Vec<&'static str> {
        match shape {
            Shape::Table(keys) | Shape::Tables(keys) => keys.iter().map(|(key, _)| *key).collect(),
            _ => Vec::new(),
        }
    }

    #[test]
    fn the_two_kinds_of_update_share_every_key_but_an_incident_s_impact_and_a_maintenance_s_window() {
        let (incident, maintenance) = (keys(&UPDATES), keys(&MAINTENANCE_UPDATES));
        let only = |these: &[&'static str], those: &[&'static str]| -> Vec<&'static str> {
            these.iter().copied().filter(|key| !those.contains(key)).collect()
        };
        assert_eq!(only(&incident, &maintenance), ["impact"]);
        assert_eq!(only(&maintenance, &incident), ["from", "until"]);
    }
}
