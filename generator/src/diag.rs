//! Errors about hand-written input, pointing at `file:line:column` and saying what to do.
//!
//! Operators fix these mid-outage, so every message names the exact place, what is
//! wrong, and the fix. Paths are shown relative to the site root so messages read the
//! same on every machine (and in snapshots).

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// One problem in one input file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, relative to the site root.
    pub file: PathBuf,
    /// 1-based line, or 0 when the problem is the file as a whole.
    pub line: usize,
    /// 1-based column in characters, or 0 when the problem is the file as a whole.
    pub column: usize,
    /// What is wrong and what to do.
    pub message: String,
}

impl Diagnostic {
    /// A problem at byte offset `span.start` of `source`.
    pub fn at(file: &Path, source: &str, span: Option<Range<usize>>, message: impl Into<String>) -> Self {
        let (line, column) = match span {
            Some(span) => line_column(source, span.start),
            None => (0, 0),
        };
        Self { file: file.to_path_buf(), line, column, message: message.into() }
    }

    /// A problem with a file as a whole (unreadable, missing).
    pub fn file(file: &Path, message: impl Into<String>) -> Self {
        Self { file: file.to_path_buf(), line: 0, column: 0, message: message.into() }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Forward slashes on every platform: messages are compared in snapshots.
        let file = self.file.to_string_lossy().replace('\\', "/");
        if self.line == 0 {
            write!(f, "{file}: {}", self.message)
        } else {
            write!(f, "{file}:{}:{}: {}", self.line, self.column, self.message)
        }
    }
}

impl std::error::Error for Diagnostic {}

/// A path as messages show it: forward slashes, and as given (`-C .`, the default,
/// joined to `../public` reads `./../public`).
pub fn shown(path: &Path) -> String {
    let shown = path.display().to_string().replace('\\', "/");
    match shown.strip_prefix("./") {
        Some(rest) if !rest.is_empty() => rest.to_owned(),
        _ => shown,
    }
}

/// Problems, with the warnings found beside them: a broken file does not hide what
/// `check` has to say about the others. Shown as the problems, then one `warning:` line each.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WithWarnings {
    pub problems: Diagnostics,
    pub warnings: Vec<Diagnostic>,
}

impl fmt::Display for WithWarnings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.problems)?;
        for warning in &self.warnings {
            write!(f, "\nwarning: {warning}")?;
        }
        Ok(())
    }
}

impl std::error::Error for WithWarnings {}

/// Every problem found in a site, in file order, so one `check` run lists them all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, diagnostic) in self.0.iter().enumerate() {
            if index > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{diagnostic}")?;
        }
        if self.0.len() > 1 {
            write!(f, "\n{} problems found", self.0.len())?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// What to do about text that would be taken for a tag and hidden.
pub fn hidden_text_message(hidden: &str) -> String {
    let inner = &hidden[1..hidden.len() - 1];
    let is_address = ["http://", "https://"]
        .iter()
        .any(|scheme| inner.get(..scheme.len()).is_some_and(|s| s.eq_ignore_ascii_case(scheme)));
    let fix = if is_address {
        // A Markdown link would show only its label: every display is plain text.
        "write the address without the angle brackets".to_owned()
    } else if inner.chars().nth(40).is_some() {
        "write its `<` as `&lt;` to show it, or leave the brackets out".to_owned()
    } else {
        format!("write `&lt;{inner}>` to show the brackets, or leave them out")
    };
    // A stray `<` may run on for a paragraph before its `>`.
    let shown = if hidden.chars().nth(60).is_some() { status_feed::truncate(hidden, 50) } else { hidden.to_owned() };
    format!("`{shown}` reads as an HTML tag: the status page, the widget, the feeds and notifications would all leave it out; {fix}")
}

/// 1-based line and column (in characters) of byte `offset` in `source`.
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = source.get(..offset).unwrap_or(source);
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// A list of choices as `a, b, c`, for "must be one of" messages.
pub fn one_of(choices: &[&str]) -> String {
    choices.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters_not_bytes() {
        let source = "a = 1\nété = \"x\"\n";
        assert_eq!(line_column(source, 0), (1, 1));
        assert_eq!(line_column(source, 6), (2, 1));
        let equals = source.find('=').map(|_| source.rfind('=').unwrap_or(0)).unwrap_or(0);
        assert_eq!(line_column(source, equals), (2, 5));
    }

    #[test]
    fn whole_file_problems_have_no_position() {
        let diagnostic = Diagnostic::file(Path::new("status.toml"), "missing");
        assert_eq!(diagnostic.to_string(), "status.toml: missing");
    }
}
