//! Reading a hand-written text file: UTF-8 checked with the place of the first bad
//! byte, a byte-order mark ignored, line endings detected so appends can keep them.

use std::path::Path;

use crate::diag::{line_column, Diagnostic};

/// Reads `root/file` as UTF-8 (a leading BOM is kept: see [`without_bom`]). Invalid
/// UTF-8 is an error at the line and column of the first bad byte.
pub fn read(root: &Path, file: &Path, missing: Option<&str>) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(root.join(file)).map_err(|error| match missing {
        Some(advice) if error.kind() == std::io::ErrorKind::NotFound => Diagnostic::file(file, advice),
        _ => Diagnostic::file(file, format!("cannot read the file: {error}")),
    })?;
    decode(file, bytes)
}

/// `bytes` as UTF-8, or an error at the first invalid byte.
pub fn decode(file: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|error| {
        let valid = error.utf8_error().valid_up_to();
        let bytes = error.as_bytes();
        let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
        let (line, column) = line_column(prefix, prefix.len());
        Diagnostic {
            file: file.to_path_buf(),
            line,
            column,
            message: format!(
                "invalid UTF-8 (byte 0x{:02X}); save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)",
                bytes[valid]
            ),
        }
    })
}

/// The text without a leading byte-order mark: editors on Windows add one, and it must
/// not become part of a title or a published message.
pub fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// The line ending a file uses: CRLF when its first line ends so, else LF.
pub fn line_ending(text: &str) -> &'static str {
    match text.find('\n') {
        Some(newline) if text[..newline].ends_with('\r') => "\r\n",
        _ => "\n",
    }
}

/// `text` (written with `\n`) with the line ending `ending`.
pub fn with_line_ending(text: &str, ending: &str) -> String {
    if ending == "\n" {
        text.to_owned()
    } else {
        text.replace('\n', ending)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_names_its_line_and_column() {
        let error = decode(Path::new("x.toml"), b"a = 1\ntitle = \"caf\xe9\"\n".to_vec()).err();
        assert_eq!(
            error.map(|e| e.to_string()).as_deref(),
            Some("x.toml:2:13: invalid UTF-8 (byte 0xE9); save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)")
        );
    }

    #[test]
    fn line_endings_are_detected() {
        assert_eq!(line_ending("a\r\nb\r\n"), "\r\n");
        assert_eq!(line_ending("a\nb"), "\n");
        assert_eq!(line_ending("a"), "\n");
        assert_eq!(with_line_ending("a\nb\n", "\r\n"), "a\r\nb\r\n");
    }
}
