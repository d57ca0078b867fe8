//! A small, safe Markdown renderer for postmortems.
//!
//! Postmortems are written by people but published to everyone, and a status page
//! must never run anyone's script, so nothing in the source reaches the page as
//! markup: every character is escaped, and only the constructs below become HTML
//! that this module writes itself:
//!
//! - ATX headings (`#` … `######`), shifted by a base level so they nest under the page's own;
//! - paragraphs (blank-line separated; single newlines are soft breaks);
//! - bullet lists (`-`, `*`, `+`) and numbered lists (`1.` or `1)`);
//! - fenced code blocks (```` ``` ```` or `~~~`), inline `code`;
//! - `*emphasis*`, `_emphasis_`, `**strong**`, `__strong__`;
//! - `[text](url)` links when `url` is an absolute `http:`/`https:` URL (anything
//!   else, `javascript:` included, keeps its text and loses its link); an image,
//!   `![alt](url)`, is such a link to it, with its alt text (no page loads a stranger's
//!   image for its visitors);
//! - backslash escapes of ASCII punctuation.
//!
//! Raw HTML, entities and everything else are shown as the text they are.

use std::fmt::Write as _;

use crate::html::escape_into;

/// Renders `source` to HTML; `#` becomes `<h{base}>` (capped at `<h6>`).
pub fn to_html(source: &str, base: usize) -> String {
    let mut out = String::with_capacity(source.len() * 5 / 4 + 64);
    let mut paragraph: Vec<&str> = Vec::new();
    // The open list: its tag and the items gathered so far (each item's lines).
    let mut list: Option<(&'static str, Vec<Vec<&str>>)> = None;
    let mut lines = source.lines();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if trimmed.is_empty() {
            flush_paragraph(&mut out, &mut paragraph);
            flush_list(&mut out, &mut list);
            continue;
        }
        if let Some(fence) = fence(trimmed) {
            flush_paragraph(&mut out, &mut paragraph);
            flush_list(&mut out, &mut list);
            out.push_str("<pre><code>");
            for code in lines.by_ref() {
                if code.trim_start().starts_with(fence) && code.trim().chars().all(|c| c == fence.as_bytes()[0] as char)
                {
                    break;
                }
                escape_into(&mut out, code);
                out.push('\n');
            }
            out.push_str("</code></pre>\n");
            continue;
        }
        if indent < 4 {
            if let Some((level, text)) = heading(trimmed) {
                flush_paragraph(&mut out, &mut paragraph);
                flush_list(&mut out, &mut list);
                let level = (level + base.max(1) - 1).min(6);
                let _ = write!(out, "<h{level}>");
                inline(&mut out, text);
                let _ = writeln!(out, "</h{level}>");
                continue;
            }
            if let Some((tag, text)) = list_item(trimmed) {
                flush_paragraph(&mut out, &mut paragraph);
                match &mut list {
                    Some((open, items)) if *open == tag => items.push(vec![text]),
                    _ => {
                        flush_list(&mut out, &mut list);
                        list = Some((tag, vec![vec![text]]));
                    }
                }
                continue;
            }
        }
        // A line that continues the current list item or paragraph.
        match &mut list {
            Some((_, items)) if indent > 0 || paragraph.is_empty() => match items.last_mut() {
                Some(item) => item.push(trimmed),
                None => paragraph.push(trimmed),
            },
            _ => {
                flush_list(&mut out, &mut list);
                paragraph.push(trimmed);
            }
        }
    }
    flush_paragraph(&mut out, &mut paragraph);
    flush_list(&mut out, &mut list);
    out
}

fn flush_paragraph(out: &mut String, paragraph: &mut Vec<&str>) {
    if paragraph.is_empty() {
        return;
    }
    out.push_str("<p>");
    inline(out, &paragraph.join("\n"));
    out.push_str("</p>\n");
    paragraph.clear();
}

fn flush_list(out: &mut String, list: &mut Option<(&'static str, Vec<Vec<&str>>)>) {
    let Some((tag, items)) = list.take() else {
        return;
    };
    let _ = writeln!(out, "<{tag}>");
    for item in items {
        out.push_str("<li>");
        inline(out, &item.join("\n"));
        out.push_str("</li>\n");
    }
    let _ = writeln!(out, "</{tag}>");
}

/// The fence a line opens (three or more backticks or tildes).
fn fence(line: &str) -> Option<&'static str> {
    if line.starts_with("```") {
        Some("```")
    } else if line.starts_with("~~~") {
        Some("~~~")
    } else {
        None
    }
}

/// `## Title` → (2, "Title"); `#hashtag` is not a heading.
fn heading(line: &str) -> Option<(usize, &str)> {
    let level = line.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &line[level..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    let text = rest.trim();
    // A closing run of `#` is decoration.
    let text = text.trim_end_matches('#').trim_end();
    Some((level, text))
}

/// `- item` → ("ul", "item"); `2. item` → ("ol", "item").
fn list_item(line: &str) -> Option<(&'static str, &str)> {
    for marker in ["- ", "* ", "+ "] {
        if let Some(text) = line.strip_prefix(marker) {
            return Some(("ul", text.trim_start()));
        }
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&digits) {
        let rest = &line[digits..];
        for marker in [". ", ") "] {
            if let Some(text) = rest.strip_prefix(marker) {
                return Some(("ol", text.trim_start()));
            }
        }
    }
    None
}

/// Inline Markdown of `text`, escaped, appended to `out`.
fn inline(out: &mut String, text: &str) {
    // Where a search for each delimiter's closer already failed: a closer's validity does
    // not depend on its opener, so every later opener of that delimiter fails too. Without
    // this, `*a *a *a …` rescans the rest of the paragraph for every `*` (quadratic).
    let mut no_closer_from: Vec<(&str, usize)> = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        match c {
            '\\' => {
                let next = rest[1..].chars().next();
                match next.filter(char::is_ascii_punctuation) {
                    Some(escaped) => {
                        escape_into(out, escaped.encode_utf8(&mut [0; 4]));
                        rest = &rest[1 + escaped.len_utf8()..];
                    }
                    None => {
                        out.push('\\');
                        rest = &rest[1..];
                    }
                }
            }
            '`' => {
                let run = rest.bytes().take_while(|&b| b == b'`').count();
                let delimiter = &rest[..run];
                match rest[run..].find(delimiter) {
                    Some(close) => {
                        let code = &rest[run..run + close];
                        out.push_str("<code>");
                        escape_into(out, code.trim());
                        out.push_str("</code>");
                        rest = &rest[run + close + run..];
                    }
                    None => {
                        escape_into(out, delimiter);
                        rest = &rest[run..];
                    }
                }
            }
            '*' | '_' => {
                let strong = rest.len() > 1 && rest.as_bytes()[1] == c as u8;
                let delimiter = if strong { &rest[..2] } else { &rest[..1] };
                let at = text.len() - rest.len();
                let known_to_fail = no_closer_from.iter().any(|(d, from)| *d == delimiter && *from <= at);
                let close = match emphasis_end(text, rest, delimiter, known_to_fail) {
                    Ending::Closes(close) => Some(close),
                    Ending::NoOpener => None,
                    Ending::NoCloser => {
                        no_closer_from.push((delimiter, at));
                        None
                    }
                };
                match close {
                    Some(close) => {
                        let tag = if strong { "strong" } else { "em" };
                        let _ = write!(out, "<{tag}>");
                        inline(out, &rest[delimiter.len()..delimiter.len() + close]);
                        let _ = write!(out, "</{tag}>");
                        rest = &rest[delimiter.len() + close + delimiter.len()..];
                    }
                    None => {
                        escape_into(out, delimiter);
                        rest = &rest[delimiter.len()..];
                    }
                }
            }
            // An image: a link to it, with its alt text (its address when it has none).
            '!' if rest[1..].starts_with('[') && link(&rest[1..]).is_some() => {
                if let Some((label, url, used)) = link(&rest[1..]) {
                    link_into(out, if label.is_empty() { url } else { label }, url);
                    rest = &rest[1 + used..];
                }
            }
            '[' => match link(rest).filter(|(label, ..)| !label.is_empty()) {
                Some((label, url, used)) => {
                    link_into(out, label, url);
                    rest = &rest[used..];
                }
                None => {
                    out.push('[');
                    rest = &rest[1..];
                }
            },
            _ => {
                // Copy up to the next character that may start something.
                let end = rest.find(['\\', '`', '*', '_', '[', '!']).unwrap_or(rest.len()).max(c.len_utf8());
                escape_into(out, &rest[..end]);
                rest = &rest[end..];
            }
        }
    }
}

/// `[label](url)`: a link when `url` is a web address; otherwise the words, without
/// their target.
fn link_into(out: &mut String, label: &str, url: &str) {
    match status_feed::safe_link(url) {
        Some(url) => {
            out.push_str("<a href=\"");
            escape_into(out, url);
            out.push_str("\" rel=\"nofollow\">");
            inline(out, label);
            out.push_str("</a>");
        }
        None => inline(out, label),
    }
}

/// Where the emphasis opened by `delimiter` at the start of `rest` closes (offset after
/// the opening delimiter), if it does. `_` only counts at word boundaries (snake_case
/// stays as written); the text inside may not start or end with a space.
fn emphasis_end(whole: &str, rest: &str, delimiter: &str, known_to_fail: bool) -> Ending {
    let inner = &rest[delimiter.len()..];
    if inner.starts_with(char::is_whitespace) || inner.is_empty() {
        return Ending::NoOpener;
    }
    let underscore = delimiter.starts_with('_');
    if underscore {
        let before = whole[..whole.len() - rest.len()].chars().next_back();
        if before.is_some_and(char::is_alphanumeric) {
            return Ending::NoOpener;
        }
    }
    if known_to_fail {
        return Ending::NoCloser;
    }
    let mut from = 0;
    while let Some(found) = inner[from..].find(delimiter) {
        let close = from + found;
        let after = inner[close + delimiter.len()..].chars().next();
        let ends_well = close > 0
            && !inner[..close].ends_with(char::is_whitespace)
            && (!underscore || !after.is_some_and(char::is_alphanumeric))
            // `**` inside `*…*` is not its end.
            && (delimiter.len() != 1 || !inner[close + 1..].starts_with(delimiter));
        if ends_well {
            // `***both***`: strong closes at the end of the run, around the emphasis that
            // opens inside it (`**a***` closes at once: `<strong>a</strong>*`).
            let star = delimiter.as_bytes()[0];
            let run = inner[close..].bytes().take_while(|&b| b == star).count();
            let nested = delimiter.len() == 2 && inner.as_bytes()[0] == star;
            return Ending::Closes(if nested { close + run - 2 } else { close });
        }
        from = close + delimiter.len();
    }
    Ending::NoCloser
}

/// What [`emphasis_end`] found.
enum Ending {
    /// The emphasis closes this many bytes after the opening delimiter.
    Closes(usize),
    /// The delimiter opens nothing here (a space after it, or `_` inside a word).
    NoOpener,
    /// Nothing after it closes it (nor any later opener of the same delimiter).
    NoCloser,
}

/// `[label](url)` at the start of `text`: the label, the url and the bytes used.
fn link(text: &str) -> Option<(&str, &str, usize)> {
    // The label ends at the first bracket after the opening one that no backslash escapes:
    // it must be `](`. (Looking further, for every `[` of a long paragraph, would read it
    // again and again.)
    let bytes = text.as_bytes();
    let mut close = 1;
    loop {
        match bytes.get(close)? {
            b'\\' => close += 2,
            b'[' | b']' => break,
            _ => close += 1,
        }
    }
    if !text[close..].starts_with("](") {
        return None;
    }
    let label = &text[1..close];
    let after = &text[close + 2..];
    // The target ends at the `)` that balances the opening one, so `(1)` inside stays in it.
    // It has no whitespace inside (around it, some): the search stops at a word after one.
    let mut depth = 0usize;
    let (mut end, mut started, mut spaced) = (None, false, false);
    for (index, c) in after.char_indices() {
        match c {
            ')' if depth == 0 => {
                end = Some(index);
                break;
            }
            c if c.is_whitespace() => spaced = started,
            _ if spaced => return None,
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        started |= !c.is_whitespace();
    }
    let end = end?;
    let url = after[..end].trim();
    if url.is_empty() {
        return None;
    }
    Some((label, url, close + 2 + end + 1))
}

#[cfg(test)]
mod tests {
    use super::to_html;

    fn check(markdown: &str, html: &str) {
        assert_eq!(to_html(markdown, 2), html, "for {markdown:?}");
    }

    #[test]
    fn an_opener_followed_by_a_space_does_not_stop_a_later_emphasis() {
        check("x * a *b* and _c_", "<p>x * a <em>b</em> and <em>c</em></p>\n");
    }

    #[test]
    fn a_long_paragraph_of_unclosed_markers_is_written_as_it_is() {
        // This took minutes (a rescan per marker) before failed searches were remembered.
        // No timing: a quadratic regression shows as a test run that never ends.
        let text = "*a ".repeat(100_000);
        assert_eq!(to_html(&text, 2).matches('*').count(), 100_000);
    }

    #[test]
    fn headings_paragraphs_and_lists_become_html() {
        check(
            "# What happened\n\nCard payments failed\nfor 42 minutes.\n\n- one\n- two *now*\n\n1. first\n2. second\n",
            "<h2>What happened</h2>\n<p>Card payments failed\nfor 42 minutes.</p>\n<ul>\n<li>one</li>\n<li>two <em>now</em></li>\n</ul>\n<ol>\n<li>first</li>\n<li>second</li>\n</ol>\n",
        );
    }

    #[test]
    fn an_image_is_a_link_to_it_with_its_alt_text() {
        check(
            "See ![the graph](https://example.com/g.png)! Wow!",
            "<p>See <a href=\"https://example.com/g.png\" rel=\"nofollow\">the graph</a>! Wow!</p>\n",
        );
        // Without alt text, its address is the link's text.
        check(
            "![](https://example.com/g.png)",
            "<p><a href=\"https://example.com/g.png\" rel=\"nofollow\">https://example.com/g.png</a></p>\n",
        );
    }

    #[test]
    fn a_long_paragraph_of_unfinished_links_is_read_in_linear_time() {
        // Each `[` or `![` once looked for `](` to the paragraph's end.
        let source = "![a ".repeat(100_000) + "](https://x.test)";
        let html = to_html(&source, 2);
        // Only the last one is an image: a link to it.
        assert!(
            html.ends_with("![a <a href=\"https://x.test\" rel=\"nofollow\">a </a></p>\n"),
            "{}",
            &html[html.len() - 60..]
        );
    }

    #[test]
    fn emphasis_strong_code_and_links_are_supported() {
        check(
            "**Sorry.** The `db-1` node _failed_; see [the report](https://example.com/r?a=1&b=2).",
            "<p><strong>Sorry.</strong> The <code>db-1</code> node <em>failed</em>; see <a href=\"https://example.com/r?a=1&amp;b=2\" rel=\"nofollow\">the report</a>.</p>\n",
        );
    }

    #[test]
    fn code_blocks_keep_their_text_escaped() {
        check("```\n<b>x</b>\n  y\n```\nafter", "<pre><code>&lt;b&gt;x&lt;/b&gt;\n  y\n</code></pre>\n<p>after</p>\n");
    }

    #[test]
    fn snake_case_and_lone_stars_stay_as_written() {
        check("max_conn_count is 2 * 3 * 4", "<p>max_conn_count is 2 * 3 * 4</p>\n");
    }

    #[test]
    fn script_tags_are_shown_as_text() {
        check("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n");
        check("# <img src=x onerror=alert(1)>", "<h2>&lt;img src=x onerror=alert(1)&gt;</h2>\n");
    }

    #[test]
    fn javascript_and_other_non_web_links_lose_their_target() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "&#106;avascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:x",
            "//evil.example",
            "/relative",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
        ] {
            let html = to_html(&format!("[click]({url})"), 2);
            assert!(!html.contains("href"), "{url} gave {html}");
            assert!(html.contains("click"), "{url} lost its text: {html}");
            if !url.contains(char::is_whitespace) {
                assert_eq!(html, "<p>click</p>\n", "{url}");
            }
        }
    }

    #[test]
    fn quotes_in_links_cannot_break_out_of_the_attribute() {
        let html = to_html("[x](https://a.example/\"onmouseover=\"alert(1))", 2);
        assert_eq!(
            html,
            "<p><a href=\"https://a.example/&quot;onmouseover=&quot;alert(1)\" rel=\"nofollow\">x</a></p>\n"
        );
        let html = to_html("[x](https://a.example/'><script>)", 2);
        assert!(!html.contains("<script"), "{html}");
        assert!(html.contains("&#39;&gt;&lt;script&gt;"), "{html}");
    }

    #[test]
    fn entities_are_shown_literally_not_decoded() {
        check("&lt;script&gt; &#60;b&#62; &amp;", "<p>&amp;lt;script&amp;gt; &amp;#60;b&amp;#62; &amp;amp;</p>\n");
    }

    #[test]
    fn markup_inside_emphasis_and_link_labels_is_escaped() {
        check(
            "*<i>x</i>* [<b>y</b>](https://a.example)",
            "<p><em>&lt;i&gt;x&lt;/i&gt;</em> <a href=\"https://a.example\" rel=\"nofollow\">&lt;b&gt;y&lt;/b&gt;</a></p>\n",
        );
    }

    #[test]
    fn backslash_escapes_punctuation() {
        check(r"\*not em\* \<b>", "<p>*not em* &lt;b&gt;</p>\n");
    }

    #[test]
    fn strong_and_emphasis_together_and_escaped_brackets_in_a_label() {
        check("***Both*** at once", "<p><strong><em>Both</em></strong> at once</p>\n");
        check("**a*** b", "<p><strong>a</strong>* b</p>\n");
        check(
            r"see [RFC \[5545\]](https://example.com/rfc)",
            "<p>see <a href=\"https://example.com/rfc\" rel=\"nofollow\">RFC [5545]</a></p>\n",
        );
        check(r"[a\", "<p>[a\\</p>\n");
    }

    #[test]
    fn headings_are_shifted_and_capped() {
        assert_eq!(to_html("# a\n###### b", 3), "<h3>a</h3>\n<h6>b</h6>\n");
        check("#hashtag", "<p>#hashtag</p>\n");
    }

    #[test]
    fn no_element_but_the_supported_ones_is_ever_written() {
        let nasty = "<iframe src=x></iframe>\n<a href=\"javascript:x\">y</a>\n<svg onload=alert(1)>\n\
                     [a](javascript:alert(1)) *<style>* `</code><script>` ~~~\n\"'&\n";
        let html = to_html(nasty, 2);
        let mut rest = html.as_str();
        while let Some(open) = rest.find('<') {
            let tag: String = rest[open + 1..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '/').collect();
            assert!(
                ["p", "/p", "em", "/em", "code", "/code", "pre", "/pre"].contains(&tag.as_str()),
                "unexpected <{tag}> in {html}"
            );
            rest = &rest[open + 1..];
        }
    }
}
