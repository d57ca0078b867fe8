//! The documentation in `docs/` stands on its own: every link points inside the
//! repository, at a file that exists (and a heading that exists, for `#anchors`),
//! and nothing refers readers to files outside the repository.

use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

fn markdown_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap_or_else(|err| panic!("{}: {err}", dir.display())) {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            markdown_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "md") {
            found.push(path);
        }
    }
}

/// The targets of inline Markdown links `[text](target)` outside code.
fn links(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut in_fence = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        // Inline code spans are not links.
        let prose: String = line.split('`').step_by(2).collect::<Vec<_>>().join(" ");
        let mut rest = prose.as_str();
        while let Some(at) = rest.find("](") {
            let after = &rest[at + 2..];
            let end = after.find(')').unwrap_or(after.len());
            found.push(after[..end].trim().to_owned());
            rest = &after[end..];
        }
    }
    found
}

/// GitHub's anchor for a heading: lowercase, spaces to dashes, punctuation dropped.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

fn anchors(text: &str) -> Vec<String> {
    let mut in_fence = false;
    let mut found = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        } else if !in_fence && line.starts_with('#') {
            found.push(slug(line.trim_start_matches('#')));
        }
    }
    found
}

#[test]
fn every_link_in_docs_points_at_a_file_and_heading_inside_the_repository() {
    let root = root();
    let mut files = Vec::new();
    markdown_files(&root.join("docs"), &mut files);
    assert!(files.len() >= 6, "docs/ has its documents: {files:?}");
    let mut problems = Vec::new();
    for file in &files {
        let text = fs::read_to_string(file).expect("readable");
        let name = file.strip_prefix(&root).unwrap_or(file).display().to_string();
        if text.contains("shared/") {
            problems.push(format!("{name}: refers to shared/, which readers of the repository do not have"));
        }
        for link in links(&text) {
            if link.contains("://") || link.starts_with("mailto:") {
                problems.push(format!("{name}: links outside the repository: {link}"));
                continue;
            }
            let (path, anchor) = link.split_once('#').unwrap_or((&link, ""));
            let target = if path.is_empty() { file.clone() } else { file.parent().expect("in a folder").join(path) };
            let Ok(target) = target.canonicalize() else {
                problems.push(format!("{name}: broken link {link}"));
                continue;
            };
            if !target.starts_with(root.canonicalize().expect("root")) {
                problems.push(format!("{name}: links outside the repository: {link}"));
                continue;
            }
            if !anchor.is_empty() {
                let target_text = fs::read_to_string(&target).unwrap_or_default();
                if !anchors(&target_text).iter().any(|a| a == anchor) {
                    problems.push(format!("{name}: no heading #{anchor} in {path}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_readme_points_at_docs_and_not_outside_the_repository() {
    let readme = fs::read_to_string(root().join("README.md")).expect("README.md");
    assert!(!readme.contains("shared/"), "README.md refers to shared/");
    assert!(links(&readme).iter().any(|link| link == "docs/README.md"), "README.md links docs/README.md");
}

#[test]
fn links_and_anchors_are_read_like_github_does() {
    assert_eq!(links("See [a](a.md#x) and `[b](not-a-link)`, [c](../c.md)."), ["a.md#x", "../c.md"]);
    assert_eq!(
        slug(" State: `data-state` and the `status-change` event"),
        "state-data-state-and-the-status-change-event"
    );
}
