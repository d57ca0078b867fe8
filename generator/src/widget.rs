//! `build --widget DIR`: the widget bundle (`cargo xtask dist` output) published under
//! `widget/` of the status site, so other sites load it from the status host.
//!
//! The build replaces the output folder as a whole, so a bundle copied in by hand
//! would be wiped by the next build: it is copied on every build instead. The files
//! are read before anything is written, so a missing bundle fails the build and
//! leaves the previous output as it was.
//!
//! `_headers` gets one rule per file: CORS for all (other origins fetch the wasm with
//! subresource integrity, which needs CORS), the files named by their content (the
//! wasm, the glue, each language's words) and their `.br` and `.gz` cacheable for
//! ever, everything else (the script, whose URL never changes) revalidated after five
//! minutes so a new release reaches every site.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use anyhow::{bail, Context as _, Result};

/// The script every host page references: `widget/status-widget.js`.
pub const SCRIPT: &str = "status-widget.js";

/// The bundle's files, by name, sorted.
#[derive(Clone, Debug, Default)]
pub struct Bundle {
    /// (file name, contents).
    pub files: Vec<(String, Vec<u8>)>,
}

/// Reads the bundle in `dir` (`shown` is how messages name it): every file named
/// `status-widget.*` directly in it. It must hold the script and one hashed wasm.
pub fn load(dir: &Path, shown: &str) -> Result<Bundle> {
    let listing = fs::read_dir(dir).map_err(|error| {
        anyhow::anyhow!(
            "cannot read the widget folder {shown} ({error}); pass the dist/ folder that `cargo xtask dist` writes"
        )
    })?;
    let mut files = Vec::new();
    for item in listing {
        let item = item.with_context(|| format!("cannot read the widget folder {shown}"))?;
        let name = item.file_name().to_string_lossy().into_owned();
        if !name.starts_with("status-widget.") || !item.path().is_file() {
            continue;
        }
        let bytes = fs::read(item.path()).with_context(|| format!("cannot read {shown}/{name}"))?;
        files.push((name, bytes));
    }
    files.sort();
    if !files.iter().any(|(name, _)| name == SCRIPT) {
        bail!("the widget folder {shown} has no {SCRIPT}; pass the dist/ folder that `cargo xtask dist` writes");
    }
    if !files.iter().any(|(name, _)| hashed_wasm(name) == Some("")) {
        bail!("the widget folder {shown} has no status-widget.<hash>.wasm; run `cargo xtask dist` and pass its dist/ folder");
    }
    Ok(Bundle { files })
}

/// For `status-widget.<hash>.wasm[.br|.gz]`, the compression suffix (`""`, `".br"`, `".gz"`).
pub fn hashed_wasm(name: &str) -> Option<&str> {
    content_named(name).filter(|(content_type, _)| *content_type == "application/wasm").map(|(_, suffix)| suffix)
}

/// For a file named by a hash of its content, with an optional `.br`/`.gz`: the type
/// of its uncompressed form and the compression suffix (`""`, `".br"`, `".gz"`). These
/// are the wasm (`status-widget.<hash>.wasm`), its glue (`status-widget.<hash>.js`) and
/// a language's words (`status-widget.<hash>.<tag>.txt`).
pub fn content_named(name: &str) -> Option<(&'static str, &'static str)> {
    let (name, suffix) = [".br", ".gz"]
        .into_iter()
        .find_map(|suffix| name.strip_suffix(suffix).map(|name| (name, suffix)))
        .unwrap_or((name, ""));
    let (hash, kind) = name.strip_prefix("status-widget.")?.split_once('.')?;
    let word =
        |text: &str| !text.is_empty() && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !word(hash) {
        return None;
    }
    let content_type = match kind {
        "wasm" => "application/wasm",
        "js" => "text/javascript; charset=utf-8",
        _ => kind.strip_suffix(".txt").filter(|tag| word(tag)).map(|_| "text/plain; charset=utf-8")?,
    };
    Some((content_type, suffix))
}

/// The `_headers` rules of the bundle.
pub fn headers(bundle: &Bundle) -> String {
    let mut out =
        String::from("/widget/*\n  Access-Control-Allow-Origin: *\n  Cross-Origin-Resource-Policy: cross-origin\n");
    for (name, _) in &bundle.files {
        let _ = writeln!(out, "/widget/{name}");
        match content_named(name) {
            Some((content_type, suffix)) => {
                out.push_str("  Cache-Control: public, max-age=31536000, immutable\n");
                if suffix.is_empty() {
                    let _ = writeln!(out, "  Content-Type: {content_type}");
                }
            }
            None => {
                out.push_str("  Cache-Control: public, max-age=300, must-revalidate\n");
                if name.ends_with(".js") {
                    out.push_str("  Content-Type: text/javascript; charset=utf-8\n");
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_content_hashed_wasm_files_count_as_hashed() {
        assert_eq!(hashed_wasm("status-widget.3f2a9c.wasm"), Some(""));
        assert_eq!(hashed_wasm("status-widget.3f2a9c.wasm.br"), Some(".br"));
        assert_eq!(hashed_wasm("status-widget.3f2a9c.wasm.gz"), Some(".gz"));
        assert_eq!(hashed_wasm("status-widget.wasm"), None);
        assert_eq!(hashed_wasm("status-widget.js"), None);
        assert_eq!(hashed_wasm("status-widget.3f2a9c.wasm.map"), None);
    }

    #[test]
    fn the_wasm_the_glue_and_the_languages_are_named_by_their_content() {
        assert_eq!(content_named("status-widget.3f2a9c.wasm"), Some(("application/wasm", "")));
        assert_eq!(content_named("status-widget.3f2a9c.wasm.br"), Some(("application/wasm", ".br")));
        assert_eq!(content_named("status-widget.77ab01.js"), Some(("text/javascript; charset=utf-8", "")));
        assert_eq!(content_named("status-widget.77ab01.js.gz"), Some(("text/javascript; charset=utf-8", ".gz")));
        assert_eq!(content_named("status-widget.c0ffee.zh-Hans.txt"), Some(("text/plain; charset=utf-8", "")));
        assert_eq!(content_named("status-widget.c0ffee.fr.txt.br"), Some(("text/plain; charset=utf-8", ".br")));
        for other in [
            "status-widget.js",
            "status-widget.js.br",
            "status-widget.3f2a9c.wasm.map",
            "status-widget..txt",
            "other.3f.wasm",
        ] {
            assert_eq!(content_named(other), None, "{other}");
        }
    }
}
