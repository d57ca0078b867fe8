//! What the bundle leaves out of wasm-bindgen's output: wasm-streams' classes, which
//! Leptos's server_fn always links and nothing in the widget uses; the long names
//! of the wasm's imports and exports, which every incident page view would otherwise
//! download twice (in the wasm and in the glue), and the exports the glue never reads;
//! and panic locations (a source file's path, line and column), which nothing reads
//! once the panics' messages are snipped. After wasm-opt, the glue's entries for the
//! imports it left out go too, with the glue's functions and the wasm's exports that
//! only those entries used.
//!
//! Each rewrite checks that the output has the shape it expects and fails the build
//! otherwise: `wasm-bindgen-cli` is pinned, so a mismatch means a new version to read,
//! not a bundle to ship.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{bail, ensure, Context, Result};

/// The module wasm-bindgen (`--out-name status-widget`) gives all the wasm's imports.
const IMPORT_MODULE: &str = "./status-widget_bg.js";
/// What the imports' module is called instead.
const SHORT_MODULE: &str = "w";
/// wasm-streams' exported classes (`IntoUnderlyingSink`, `…Source`, `…ByteSource`).
const STREAM_CLASSES: &str = "IntoUnderlying";

/// (wasm-bindgen's name, the short name) of each import.
pub type Renames = Vec<(String, String)>;

const CUSTOM_SECTION: u8 = 0;
const IMPORT_SECTION: u8 = 2;
const EXPORT_SECTION: u8 = 7;
const CODE_SECTION: u8 = 10;
pub(crate) const DATA_SECTION: u8 = 11;
/// How the glue reads the wasm's exports: `wasm.<name>`.
const EXPORTS: &str = "wasm.";

/// `module` with every import renamed to one or two letters, in a module named
/// [`SHORT_MODULE`], and the (long, short) name pairs for [`short_glue`].
///
/// wasm-bindgen names each import after its binding plus a 16-digit hash
/// (`__wbg_createElement_8c9931a732ee2fea`), which gzip cannot shrink: the widget's 131
/// imports cost 2.9 KB gzip in the wasm and 1.8 KB in the glue.
pub fn short_import_names(module: &[u8]) -> Result<(Vec<u8>, Renames)> {
    let mut renames = Vec::new();
    let rewritten = rewrite_section(module, IMPORT_SECTION, |body| {
        let mut cursor = 0;
        let count = leb(body, &mut cursor)?;
        let mut section = Vec::new();
        push_leb(&mut section, count);
        for index in 0..count {
            let module_name = name(body, &mut cursor)?;
            let field = String::from_utf8(name(body, &mut cursor)?.to_vec()).ok()?;
            // Function imports only (kind 0, then a type index): wasm-bindgen imports
            // no table, memory or global.
            if module_name != IMPORT_MODULE.as_bytes() || body.get(cursor) != Some(&0) {
                return None;
            }
            cursor += 1;
            let type_start = cursor;
            leb(body, &mut cursor)?;
            let short = short_name(index);
            push_name(&mut section, SHORT_MODULE.as_bytes());
            push_name(&mut section, short.as_bytes());
            section.push(0);
            section.extend_from_slice(body.get(type_start..cursor)?);
            renames.push((field, short));
        }
        Some(section)
    })
    .with_context(|| format!("renaming the imports: expected only function imports from {IMPORT_MODULE:?}"))?;
    Ok((rewritten, renames))
}

/// wasm-bindgen's `--target no-modules` glue for a module rewritten by
/// [`short_import_names`]: its import object's keys renamed the same way, and
/// wasm-streams' classes left out (their exports then go in [`short_export_names`],
/// for wasm-opt to drop the code only they reach). Safe for wasm-streams'
/// `IntoUnderlying*` classes: the glue only calls those exports from methods of
/// objects that Rust alone creates (there is no constructor export), and the widget
/// never creates one.
pub fn short_glue(glue: &str, renames: &[(String, String)]) -> Result<String> {
    let mut glue = replace_once(glue, &format!("\"{IMPORT_MODULE}\": import0"), &format!("{SHORT_MODULE}: import0"))?;
    for (long, short) in renames {
        // Each key is a line of the import object: `            __wbg_…: function(…) {`.
        glue = replace_once(
            &glue,
            &format!("\n            {long}: function("),
            &format!("\n            {short}: function("),
        )
        .with_context(|| format!("renaming the glue's import {long}"))?;
    }
    without_stream_classes(&glue)
}

/// `glue` without wasm-streams' classes and their finalization registries.
fn without_stream_classes(glue: &str) -> Result<String> {
    let mut kept = Vec::new();
    let mut lines = glue.lines();
    let mut removed = 0;
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if let Some(class) = trimmed.strip_prefix("class ").filter(|rest| rest.starts_with(STREAM_CLASSES)) {
            let class = class.trim_end_matches(" {");
            let end = format!("exports.{class} = {class};");
            lines.by_ref().find(|line| line.trim() == end).with_context(|| format!("the end of class {class}"))?;
            removed += 1;
        } else if trimmed.starts_with(&format!("const {STREAM_CLASSES}"))
            && trimmed.ends_with("Finalization = (typeof FinalizationRegistry === 'undefined')")
        {
            // `    ? { register: …, unregister: … }` and `    : new FinalizationRegistry(…);`
            for _ in 0..2 {
                lines.next().context("a finalization registry's last two lines")?;
            }
        } else {
            kept.push(line);
        }
    }
    ensure!(removed == 3, "expected wasm-streams' three classes in the glue, found {removed}");
    ensure!(
        !kept.iter().any(|line| line.contains(STREAM_CLASSES)),
        "the glue still names {STREAM_CLASSES}* after its classes were left out"
    );
    Ok(kept.join("\n") + "\n")
}

/// `module` with every export the glue reads (as `wasm.<name>`) renamed to one or two
/// letters, and every other export but the memory left out; and `glue` reading the
/// short names. Run it on the finished glue (stream classes out, guard in): what the
/// glue does not read then, nothing reads.
///
/// The closures' exports carry hashes (`wasm_bindgen__convert__closures_____invoke__h…`),
/// and the exports the glue never reads (wasm-streams' once [`short_glue`] has left
/// their classes out, `__abort_handler`, `__instance_terminated`, a `wasm_split`
/// marker) only keep their code and globals alive.
pub fn short_export_names(module: &[u8], glue: &str) -> Result<(Vec<u8>, String)> {
    let read = exports_read(glue);
    let mut renames = BTreeMap::new();
    let rewritten = retain_exports(module, |export| {
        read.contains(export).then(|| {
            let short = short_name(renames.len());
            renames.insert(export.to_owned(), short.clone());
            short
        })
    })
    .context("renaming the exports")?;
    // One pass: `wasm.mount` and `wasm.mount2` are different exports.
    let (mut short_glue, mut rest) = (String::with_capacity(glue.len()), glue);
    while let Some(at) = rest.find(EXPORTS) {
        let name = identifier(&rest[at + EXPORTS.len()..]);
        short_glue.push_str(&rest[..at + EXPORTS.len()]);
        match renames.get(name) {
            Some(short) => short_glue.push_str(short),
            None if name == "memory" => short_glue.push_str(name),
            None => bail!("the glue reads wasm.{name}, which the wasm does not export"),
        }
        rest = &rest[at + EXPORTS.len() + name.len()..];
    }
    short_glue.push_str(rest);
    Ok((rewritten, short_glue))
}

/// The exports `glue` reads, as `wasm.<name>`.
fn exports_read(glue: &str) -> BTreeSet<&str> {
    glue.match_indices(EXPORTS).map(|(at, _)| identifier(&glue[at + EXPORTS.len()..])).collect()
}

/// `module` with the memory export and each export `keep` names (by its new name), and
/// no other.
fn retain_exports(module: &[u8], mut keep: impl FnMut(&str) -> Option<String>) -> Result<Vec<u8>> {
    rewrite_section(module, EXPORT_SECTION, |body| {
        let (mut cursor, mut kept, mut entries) = (0, 0, Vec::new());
        for _ in 0..leb(body, &mut cursor)? {
            let export = String::from_utf8(name(body, &mut cursor)?.to_vec()).ok()?;
            let kind_and_index = cursor;
            cursor += 1;
            leb(body, &mut cursor)?;
            let Some(kept_name) = (if export == "memory" { Some(export) } else { keep(&export) }) else { continue };
            push_name(&mut entries, kept_name.as_bytes());
            entries.extend_from_slice(body.get(kind_and_index..cursor)?);
            kept += 1;
        }
        let mut section = Vec::new();
        push_leb(&mut section, kept);
        section.extend(entries);
        Some(section)
    })
}

/// The names the module imports now. wasm-opt leaves out an import that no code calls
/// any more, but the glue that wasm-bindgen wrote before still carries its entry, and
/// the functions and exports that only the entry used.
pub fn imported_names(module: &[u8]) -> Result<BTreeSet<String>> {
    let mut names = BTreeSet::new();
    for payload in wasmparser::Parser::new(0).parse_all(module) {
        if let wasmparser::Payload::ImportSection(reader) = payload.context("reading the imports")? {
            for import in reader.into_imports() {
                names.insert(import.context("reading an import")?.name.to_owned());
            }
        }
    }
    Ok(names)
}

/// `glue` without the import object's entries for imports the wasm no longer has
/// (see [`imported_names`]), and then without the glue functions that nothing names any
/// more; and how many entries went. The exports only those functions read are then
/// left out of the wasm by [`without_unread_exports`]. Every import the wasm has must
/// keep its entry, or the build fails.
pub fn without_unimported(glue: &str, imported: &BTreeSet<String>) -> Result<(String, usize)> {
    const OBJECT_START: &str = "        const import0 = {";
    const OBJECT_END: &str = "        };";
    const ENTRY_INDENT: &str = "            ";
    let lines: Vec<&str> = glue.lines().collect();
    let start = lines.iter().position(|line| *line == OBJECT_START).context("the glue's import object")?;
    let end = start + lines[start..].iter().position(|line| *line == OBJECT_END).context("the import object's end")?;
    let (mut kept, mut removed, mut entries) = (Vec::with_capacity(lines.len()), 0, BTreeSet::new());
    let mut at = 0;
    while at < lines.len() {
        let line = lines[at];
        let key = line
            .strip_prefix(ENTRY_INDENT)
            .filter(|_| start < at && at < end)
            .and_then(|rest| rest.split_once(": function("))
            .map(|(key, _)| key)
            .filter(|key| !key.is_empty() && identifier(key) == *key);
        let Some(key) = key else {
            kept.push(line);
            at += 1;
            continue;
        };
        // The entry ends at the first line back at its indentation that closes it.
        let closes = |line: &&str| line.strip_prefix(ENTRY_INDENT).is_some_and(|rest| rest.starts_with('}'));
        let last = if line.ends_with("},") {
            at
        } else {
            at + lines[at..end].iter().position(closes).with_context(|| format!("the end of import {key}"))?
        };
        if imported.contains(key) {
            kept.extend_from_slice(&lines[at..=last]);
            entries.insert(key);
        } else {
            removed += 1;
        }
        at = last + 1;
    }
    if let Some(missing) = imported.iter().find(|name| !entries.contains(name.as_str())) {
        bail!("the wasm imports {missing}, which the glue's import object lacks");
    }
    Ok((without_unused_functions(kept.join("\n") + "\n"), removed))
}

/// `glue` without its top-level functions (`    function name(…) {` to `    }`) that
/// nothing else names, until none is left.
fn without_unused_functions(mut glue: String) -> String {
    const START: &str = "    function ";
    const END: &str = "    }";
    loop {
        let lines: Vec<&str> = glue.lines().collect();
        let unused = lines.iter().enumerate().find_map(|(at, line)| {
            let name = identifier(line.strip_prefix(START)?);
            let end = at + lines[at..].iter().position(|line| *line == END)?;
            // Named outside its own body (which may call it: `debugString` does).
            let named = |line: &&str| line.match_indices(name).any(|(i, _)| is_whole_identifier(line, i, name.len()));
            let named_elsewhere = lines[..at].iter().chain(&lines[end + 1..]).any(named);
            (!name.is_empty() && !named_elsewhere).then_some(at..=end)
        });
        let Some(unused) = unused else { return glue };
        let mut kept = lines[..*unused.start()].to_vec();
        kept.extend_from_slice(&lines[unused.end() + 1..]);
        glue = kept.join("\n") + "\n";
    }
}

/// Whether `text[at..at + len]` is a whole identifier, not part of a longer one.
fn is_whole_identifier(text: &str, at: usize, len: usize) -> bool {
    let part = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    !text[..at].ends_with(part) && !text[at + len..].starts_with(part)
}

/// `module` without the exports `glue` no longer reads (the memory stays).
pub fn without_unread_exports(module: &[u8], glue: &str) -> Result<Vec<u8>> {
    let read = exports_read(glue);
    retain_exports(module, |export| read.contains(export).then(|| export.to_owned())).context("leaving exports out")
}

/// `glue` initialising only the way the loader does: with `{ module_or_path }`, a
/// promise of the compiled module (the loader compiles it as it downloads). wasm-bindgen's
/// other ways in (a URL or a `Response` to fetch and compile, `initSync`, the glue's own
/// script URL to find the wasm beside) are never taken, and were 0.6 KB (gzip) of
/// every incident page view.
pub fn loader_init(glue: &str) -> Result<String> {
    const SCRIPT_SRC: &str = "    let script_src;\n    if (typeof document !== 'undefined' && document.currentScript !== null) {\n        script_src = new URL(document.currentScript.src, location.href).toString();\n    }\n";
    const FIRST: &str = "    async function __wbg_load(module, imports) {\n";
    const LAST: &str = "    return Object.assign(__wbg_init, { initSync }, exports);\n";
    const INIT: &str = "    // Written by `cargo xtask dist` (xtask/src/trim.rs): the loader hands over a\n    // promise of the compiled module, once per attempt (a new one after a failed or\n    // stalled attempt, whose late instance, should it come, is left unused).\n    let __wbg_init_module, __wbg_init_promise;\n    function __wbg_init({ module_or_path }) {\n        if (__wbg_init_module !== module_or_path) {\n            __wbg_init_module = module_or_path;\n            __wbg_init_promise = Promise.resolve(module_or_path).then((module) =>\n                WebAssembly.instantiate(module, __wbg_get_imports()).then((instance) => {\n                    if (__wbg_init_module !== module_or_path) throw \"superseded\";\n                    return __wbg_finalize_init(instance, module);\n                }));\n        }\n        return __wbg_init_promise;\n    }\n    return Object.assign(__wbg_init, exports);\n";
    let glue = replace_once(glue, SCRIPT_SRC, "")?;
    let (Some(first), Some(last)) = (glue.find(FIRST), glue.find(LAST)) else {
        bail!("expected wasm-bindgen's init functions, from __wbg_load to its last return, in the glue");
    };
    ensure!(first < last && glue.matches(FIRST).count() == 1, "wasm-bindgen's init functions in another order");
    Ok([&glue[..first], INIT, &glue[last + LAST.len()..]].concat())
}

/// The JavaScript identifier `text` begins with.
fn identifier(text: &str) -> &str {
    let end = text.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$')).unwrap_or(text.len());
    &text[..end]
}

fn replace_once(text: &str, from: &str, to: &str) -> Result<String> {
    match text.matches(from).count() {
        1 => Ok(text.replacen(from, to, 1)),
        count => bail!("expected {from:?} once in the glue, found it {count} times"),
    }
}

/// `a` to `Z`, then `aa`, `ab`, …: valid object keys, and never a glue name (those are
/// longer). Two letters cover 2,756 imports.
fn short_name(index: usize) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let n = LETTERS.len();
    if index < n {
        (LETTERS[index] as char).to_string()
    } else {
        let index = index - n;
        format!("{}{}", LETTERS[index / n % n] as char, LETTERS[index % n] as char)
    }
}

/// `module` with every panic location (`core::panic::Location`, in the read-only data)
/// and the source path it names overwritten with zeros, which wasm-opt then leaves out
/// of the data segments; and how many (locations, paths) that was. This goes a step
/// past nightly's `-Zlocation-detail=none`, on stable: a location (the path
/// `/rustc/<commit>/library/…` or `hashbrown-0.16.1/src/raw/mod.rs`, a line, a column) is
/// only read to format a panic's message, and `wasm-snip --snip-rust-panicking-code`
/// has already made every panic a bare trap.
///
/// A location is 16 bytes: the path's address and length, its line and its column. It
/// is recognised by its shape (an address inside the data, a plausible line and column)
/// and by what it points to: a path that ends in `.rs`. Finding none fails the build:
/// a new Rust that lays locations out otherwise is a change to read.
pub fn without_panic_locations(module: &[u8]) -> Result<(Vec<u8>, usize, usize)> {
    let (mut locations, mut paths) = (0, 0);
    let rewritten = rewrite_section(module, DATA_SECTION, |body| {
        let segments = data_segments(body)?;
        let at_address = |address: usize, len: usize| {
            segments.iter().find_map(|&(start, at, size)| {
                (start <= address && address + len <= start + size).then(|| at + address - start)
            })
        };
        let word = |at: usize| Some(u32::from_le_bytes(body.get(at..at + 4)?.try_into().ok()?) as usize);
        let (mut spans, mut records) = (Vec::new(), Vec::new());
        for &(start, at, size) in &segments {
            for address in (start.next_multiple_of(4)..(start + size).saturating_sub(15)).step_by(4) {
                let at = at + address - start;
                let (pointer, len, line, column) = (word(at)?, word(at + 4)?, word(at + 8)?, word(at + 12)?);
                if !(4..=300).contains(&len) || !(1..=200_000).contains(&line) || !(1..=1_000).contains(&column) {
                    continue;
                }
                let Some(path_at) = at_address(pointer, len) else { continue };
                let path = &body[path_at..path_at + len];
                let path_like = |byte: &u8| byte.is_ascii_alphanumeric() || b"_./-".contains(byte);
                if path.ends_with(b".rs") && path.contains(&b'/') && path.iter().all(path_like) {
                    spans.push(path_at..path_at + len);
                    records.push(at..at + 16);
                }
            }
        }
        spans.sort_by_key(|span| span.start);
        spans.dedup();
        paths = spans.len();
        locations = records.len();
        let mut body = body.to_vec();
        for span in spans.into_iter().chain(records) {
            body[span].fill(0);
        }
        Some(body)
    })
    .context("rewriting the data section")?;
    ensure!(paths > 0, "found no panic location in the data section (has Rust changed how it lays them out?)");
    Ok((rewritten, locations, paths))
}

/// Each of a data section's segments as (its address in memory, where its bytes start
/// in `body`, how many there are). Only active segments at a constant address, which
/// is what rustc writes.
pub(crate) fn data_segments(body: &[u8]) -> Option<Vec<(usize, usize, usize)>> {
    let mut at = 0;
    let mut segments = Vec::new();
    for _ in 0..leb(body, &mut at)? {
        // Active, in memory 0, at `i32.const address` then `end`.
        if leb(body, &mut at)? != 0 || *body.get(at)? != 0x41 {
            return None;
        }
        at += 1;
        // A signed LEB128, read as unsigned: the same value for an address below 2 GiB.
        let address = leb(body, &mut at)?;
        if *body.get(at)? != 0x0b {
            return None;
        }
        at += 1;
        let size = leb(body, &mut at)?;
        body.get(at..at + size)?;
        segments.push((address, at, size));
        at += size;
    }
    Some(segments)
}

/// A section: its id, its bytes as they stand (id and size included) and its body.
type Section<'a> = (u8, &'a [u8], &'a [u8]);

/// The module's sections, in order.
fn sections(module: &[u8]) -> Result<Vec<Section<'_>>> {
    ensure!(module.starts_with(b"\0asm") && module.len() >= 8, "not a wasm module");
    let (mut found, mut at) = (Vec::new(), 8);
    while at < module.len() {
        let start = at;
        let id = module[at];
        at += 1;
        let size = leb(module, &mut at).context("a section's size")?;
        let end = at.checked_add(size).filter(|end| *end <= module.len()).context("a section past the end")?;
        found.push((id, &module[start..end], &module[at..end]));
        at = end;
    }
    Ok(found)
}

/// `module` with the body of its section `id` replaced by `rewrite`'s result (`None`:
/// not the shape expected).
pub(crate) fn rewrite_section(
    module: &[u8],
    id: u8,
    rewrite: impl FnOnce(&[u8]) -> Option<Vec<u8>>,
) -> Result<Vec<u8>> {
    let mut rewrite = Some(rewrite);
    let found = sections(module)?;
    let mut out = module[..8].to_vec();
    for (section, _, body) in found {
        let body = match (section == id).then(|| rewrite.take()).flatten() {
            Some(rewrite) => rewrite(body).context("a section not as expected")?,
            None => body.to_vec(),
        };
        out.push(section);
        push_leb(&mut out, body.len());
        out.extend(body);
    }
    ensure!(rewrite.is_none(), "the module has no section {id}");
    Ok(out)
}

/// `module` without its custom sections: after the last wasm-opt, `target_features` (the
/// features wasm-opt itself reads: 148 B) and rustc's `__wasm_split_unstable` marker are
/// all that is left, and no browser reads either.
pub fn without_custom_sections(module: &[u8]) -> Result<Vec<u8>> {
    let found = sections(module)?;
    let mut out = module[..8].to_vec();
    for (_, bytes, _) in found.into_iter().filter(|(id, ..)| *id != CUSTOM_SECTION) {
        out.extend_from_slice(bytes);
    }
    Ok(out)
}

/// `module` with each defined function's body (its locals and code) replaced by
/// `rewrite`'s result, which is given the function's position among the defined ones
/// (`None`: not the shape expected).
pub(crate) fn rewrite_functions(
    module: &[u8],
    mut rewrite: impl FnMut(usize, &[u8]) -> Option<Vec<u8>>,
) -> Result<Vec<u8>> {
    rewrite_section(module, CODE_SECTION, |section| {
        let mut at = 0;
        let count = leb(section, &mut at)?;
        let mut out = Vec::with_capacity(section.len());
        push_leb(&mut out, count);
        for position in 0..count {
            let size = leb(section, &mut at)?;
            let body = section.get(at..at + size)?;
            at += size;
            let body = rewrite(position, body)?;
            push_leb(&mut out, body.len());
            out.extend(body);
        }
        (at == section.len()).then_some(out)
    })
    .context("rewriting the code section")
}

pub(crate) fn leb(bytes: &[u8], at: &mut usize) -> Option<usize> {
    let (mut value, mut shift) = (0usize, 0);
    loop {
        let byte = *bytes.get(*at)?;
        *at += 1;
        value |= usize::from(byte & 0x7f) << shift;
        shift += 7;
        if byte < 0x80 {
            return Some(value);
        }
    }
}

pub(crate) fn push_leb(out: &mut Vec<u8>, mut value: usize) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// A length-prefixed name.
fn name<'a>(bytes: &'a [u8], at: &mut usize) -> Option<&'a [u8]> {
    let len = leb(bytes, at)?;
    let name = bytes.get(*at..*at + len)?;
    *at += len;
    Some(name)
}

fn push_name(out: &mut Vec<u8>, name: &[u8]) {
    push_leb(out, name.len());
    out.extend_from_slice(name);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module with one function import from `module_name` per name in `imports`, and one
    /// export per name in `exports`.
    fn module(module_name: &str, imports: &[&str], exports: &[&str]) -> Vec<u8> {
        let mut out = b"\0asm\x01\0\0\0".to_vec();
        let mut section = Vec::new();
        push_leb(&mut section, imports.len());
        for import in imports {
            push_name(&mut section, module_name.as_bytes());
            push_name(&mut section, import.as_bytes());
            section.extend([0, 0]);
        }
        out.push(IMPORT_SECTION);
        push_leb(&mut out, section.len());
        out.extend(section);
        let mut section = Vec::new();
        push_leb(&mut section, exports.len());
        for export in exports {
            push_name(&mut section, export.as_bytes());
            section.extend([0, 0]);
        }
        out.push(EXPORT_SECTION);
        push_leb(&mut out, section.len());
        out.extend(section);
        out
    }

    #[test]
    fn custom_sections_are_left_out_and_nothing_else() {
        let custom = |name: &str, payload: &[u8]| {
            let mut body = Vec::new();
            push_name(&mut body, name.as_bytes());
            body.extend_from_slice(payload);
            let mut section = vec![CUSTOM_SECTION];
            push_leb(&mut section, body.len());
            section.extend(body);
            section
        };
        let bare = module(IMPORT_MODULE, &["__wbg_a_0123456789abcdef"], &["main"]);
        let mut with_custom = bare[..8].to_vec();
        with_custom.extend(custom("target_features", b"\x01+\x08sign-ext"));
        with_custom.extend_from_slice(&bare[8..]);
        with_custom.extend(custom("__wasm_split_unstable", &[1, 1, 1]));
        assert_eq!(without_custom_sections(&with_custom).expect("a module"), bare);
        assert_eq!(without_custom_sections(&bare).expect("a module"), bare);
        assert!(without_custom_sections(&with_custom[..with_custom.len() - 1]).is_err(), "a cut section");
    }

    #[test]
    fn imports_get_short_names() {
        let long = ["__wbg_createElement_8c9931a732ee2fea", "__wbindgen_init_externref_table"];
        let original = module(IMPORT_MODULE, &long, &["mount"]);
        let (renamed, renames) = short_import_names(&original).expect("renamed");
        assert_eq!(renamed, module("w", &["a", "b"], &["mount"]));
        assert_eq!(renames, [(long[0].to_owned(), "a".to_owned()), (long[1].to_owned(), "b".to_owned())]);
    }

    #[test]
    fn an_import_from_another_module_fails_the_build() {
        let error = short_import_names(&module("env", &["f"], &[])).expect_err("another module");
        assert!(format!("{error:#}").contains("expected only function imports"), "{error:#}");
    }

    /// A module whose one data segment, at 1 MiB, holds `bytes`.
    fn module_with_data(bytes: &[u8]) -> Vec<u8> {
        // One active segment at `i32.const 0x100000` (a signed LEB128), then `end`.
        let mut section = vec![1, 0, 0x41, 0x80, 0x80, 0xc0, 0x00, 0x0b];
        push_leb(&mut section, bytes.len());
        section.extend_from_slice(bytes);
        let mut out = b"\0asm\x01\0\0\0".to_vec();
        out.push(DATA_SECTION);
        push_leb(&mut out, section.len());
        out.extend(section);
        out
    }

    /// A panic location: the address and length of its path, its line and column.
    fn location(address: u32, len: u32, line: u32, column: u32) -> Vec<u8> {
        [address, len, line, column].iter().flat_map(|word| word.to_le_bytes()).collect()
    }

    #[test]
    fn panic_locations_and_their_paths_become_zeros_and_their_neighbours_stay() {
        // "Sure" (a translation, say), the path, "Update" (another), two locations in the
        // file; and a record of the same shape pointing at text that is not a path.
        let mut data = b"Surewidget/src/view.rsUpdate\0\0\0\0".to_vec();
        data.extend(location(0x10_0004, 18, 120, 9));
        data.extend(location(0x10_0016, 6, 3, 4));
        data.extend(location(0x10_0004, 18, 7, 31));
        let (rewritten, locations, paths) = without_panic_locations(&module_with_data(&data)).expect("rewritten");
        assert_eq!((locations, paths), (2, 1));
        let mut expected = b"Sure\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0Update\0\0\0\0".to_vec();
        expected.extend([0; 16]);
        expected.extend(location(0x10_0016, 6, 3, 4));
        expected.extend([0; 16]);
        assert_eq!(rewritten, module_with_data(&expected));
    }

    #[test]
    fn data_without_a_panic_location_fails_the_build() {
        let error = without_panic_locations(&module_with_data(b"widget/src/view.rs, unreferenced")).expect_err("none");
        assert!(format!("{error:#}").contains("found no panic location"), "{error:#}");
    }

    #[test]
    fn short_names_are_distinct_and_short() {
        let names: std::collections::HashSet<_> = (0..300).map(short_name).collect();
        assert_eq!(names.len(), 300);
        assert!(names.iter().all(|name| name.len() <= 2));
        assert_eq!(
            (short_name(0), short_name(51), short_name(52), short_name(53)),
            ("a".into(), "Z".into(), "aa".into(), "ab".into())
        );
    }

    const GLUE: &str = r#"(function() {
    class IntoUnderlyingSink {
        free() { wasm.__wbg_intounderlyingsink_free(ptr, 0); }
    }
    exports.IntoUnderlyingSink = IntoUnderlyingSink;
    class IntoUnderlyingSource {
    }
    exports.IntoUnderlyingSource = IntoUnderlyingSource;
    class IntoUnderlyingByteSource {
    }
    exports.IntoUnderlyingByteSource = IntoUnderlyingByteSource;
    function __wbg_get_imports() {
        const import0 = {
            __proto__: null,
            __wbg_createElement_8c9931a732ee2fea: function(arg0) {
                return document.createElement(arg0);
            },
        };
        return {
            __proto__: null,
            "./status-widget_bg.js": import0,
        };
    }
    const IntoUnderlyingSinkFinalization = (typeof FinalizationRegistry === 'undefined')
        ? { register: () => {}, unregister: () => {} }
        : new FinalizationRegistry(ptr => wasm.__wbg_intounderlyingsink_free(ptr, 1));
    const WidgetFinalization = (typeof FinalizationRegistry === 'undefined')
})();"#;

    #[test]
    fn the_glue_is_renamed_to_match_and_loses_the_stream_classes() {
        let renames = [("__wbg_createElement_8c9931a732ee2fea".to_owned(), "a".to_owned())];
        let glue = short_glue(GLUE, &renames).expect("the glue renamed");
        assert!(glue.contains("\n            a: function(arg0) {"), "{glue}");
        assert!(glue.contains("\n            w: import0,"), "{glue}");
        assert!(!glue.contains("IntoUnderlying") && !glue.contains("createElement_"), "{glue}");
        assert!(glue.contains("const WidgetFinalization"), "{glue}");
    }

    #[test]
    fn exports_the_glue_reads_get_short_names_and_the_others_go() {
        let exports = [
            "memory",
            "mount",
            "invoke__h6063cc0e548481e0",
            "intounderlyingsink_write",
            "invoke__h6063cc0e548481e0_17",
            "__abort_handler",
        ];
        let original = module(IMPORT_MODULE, &[], &exports);
        let glue = "wasm.mount(a); wasm.invoke__h6063cc0e548481e0_17(b); wasm.invoke__h6063cc0e548481e0(c); wasm.memory.buffer; wasm.mount(d)";
        let (renamed, glue) = short_export_names(&original, glue).expect("renamed");
        assert_eq!(renamed, module(IMPORT_MODULE, &[], &["memory", "a", "b", "c"]));
        assert_eq!(glue, "wasm.a(a); wasm.c(b); wasm.b(c); wasm.memory.buffer; wasm.a(d)");
    }

    #[test]
    fn a_glue_reading_an_export_the_wasm_lacks_fails_the_build() {
        let original = module(IMPORT_MODULE, &[], &["memory", "mount"]);
        let error = short_export_names(&original, "wasm.mount(); wasm.widget_feed()").expect_err("an unknown export");
        assert!(error.to_string().contains("wasm.widget_feed"), "{error}");
    }

    #[test]
    fn a_glue_of_another_shape_fails_the_build() {
        let renames = [("__wbg_removed_0000000000000000".to_owned(), "a".to_owned())];
        assert!(short_glue(GLUE, &renames).is_err());
        assert!(short_glue(&GLUE.replace("class IntoUnderlyingSource", "class Other"), &[]).is_err());
    }

    const IMPORTING_GLUE: &str = r#"    function __wbg_get_imports() {
        const import0 = {
            __proto__: null,
            a: function(arg0) {
                return getObject(arg0);
            },
            b: function() { return handleError(function (arg0, arg1) {
                invoke_abc(arg0, arg1);
            }, arguments); },
            c: function(arg0) {
                const ret = debugString(arg0);
            },
        };
        return {
            __proto__: null,
            w: import0,
        };
    }
    function getObject(idx) {
        return wasm.g(idx);
    }
    function invoke_abc(arg0, arg1) {
        wasm.f(arg0, arg1);
    }
    function handleError(f, args) {
        return f.apply(this, args);
    }
    function debugString(val) {
        return val.map(debugString);
    }
    const imports = __wbg_get_imports();
    exports.initSync = initSync;
"#;

    #[test]
    fn the_imports_are_read_from_the_module() {
        let names = imported_names(&module("w", &["a", "c", "aB"], &["memory"])).expect("read");
        assert_eq!(names, BTreeSet::from(["a".to_owned(), "c".to_owned(), "aB".to_owned()]));
    }

    #[test]
    fn entries_of_imports_the_wasm_lost_go_with_what_only_they_used() {
        let (glue, removed) = without_unimported(IMPORTING_GLUE, &BTreeSet::from(["a".to_owned()])).expect("pruned");
        assert_eq!(removed, 2);
        assert!(glue.contains(
            "            a: function(arg0) {\n                return getObject(arg0);\n            },\n        };"
        ));
        for gone in ["b: function", "c: function", "invoke_abc", "debugString", "handleError", "wasm.f"] {
            assert!(!glue.contains(gone), "{gone} left in\n{glue}");
        }
        assert!(glue.contains("function getObject(idx)") && glue.contains("exports.initSync"), "{glue}");
        let exports = module("w", &["a"], &["memory", "f", "g", "h"]);
        assert_eq!(without_unread_exports(&exports, &glue).expect("pruned"), module("w", &["a"], &["memory", "g"]));
    }

    #[test]
    fn a_glue_keeps_every_entry_the_wasm_imports() {
        let all = BTreeSet::from(["a".to_owned(), "b".to_owned(), "c".to_owned()]);
        let (glue, removed) = without_unimported(IMPORTING_GLUE, &all).expect("kept");
        assert_eq!((glue.as_str(), removed), (IMPORTING_GLUE, 0));
        let error = without_unimported(IMPORTING_GLUE, &BTreeSet::from(["d".to_owned()])).expect_err("no entry for d");
        assert!(error.to_string().contains("imports d"), "{error}");
    }

    #[test]
    fn the_glue_initialises_only_from_the_module_the_loader_compiled() {
        let glue = "let wasm_bindgen = (function(exports) {\n    let script_src;\n    if (typeof document !== 'undefined' && document.currentScript !== null) {\n        script_src = new URL(document.currentScript.src, location.href).toString();\n    }\n    function __wbg_finalize_init(instance, module) {}\n    async function __wbg_load(module, imports) {\n        return fetch(module);\n    }\n    function initSync(module) {}\n    return Object.assign(__wbg_init, { initSync }, exports);\n})({ __proto__: null });\n";
        let init = loader_init(glue).expect("rewritten");
        assert!(!init.contains("script_src") && !init.contains("initSync") && !init.contains("fetch"), "{init}");
        assert!(
            init.starts_with("let wasm_bindgen = (function(exports) {\n    function __wbg_finalize_init"),
            "{init}"
        );
        assert!(init.contains("function __wbg_init({ module_or_path })"), "{init}");
        assert!(init.ends_with("    return Object.assign(__wbg_init, exports);\n})({ __proto__: null });\n"), "{init}");
        assert!(loader_init(&glue.replace("async function __wbg_load", "function __wbg_load")).is_err());
        assert!(loader_init(&glue.replace("    let script_src;\n", "")).is_err());
    }
}
