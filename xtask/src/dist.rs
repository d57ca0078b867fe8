//! `cargo xtask dist`: the release bundle a site owner hosts.
//!
//! cargo build (wasm-release) → wasm-snip (the panicking code) → wasm-bindgen
//! (no-modules) → the imports renamed short, panic locations zeroed and wasm-streams'
//! classes left out of the glue (see [`crate::trim`]), the read-only data and the
//! table's functions that nothing reaches any more zeroed and made traps (see
//! [`crate::unreachable`]), the glue guarded (see
//! [`crate::guard`]), the exports renamed short and those the glue never reads
//! (wasm-streams' among them) left out → wasm-opt -Oz
//! (npm binaryen; Debian's breaks the table section), then the unreachable data and
//! functions again on its output, and the glue's entries for the imports wasm-opt left
//! out (with the exports only they read), and wasm-opt again, until nothing new turns up →
//! the glue wrapped so it hands its bindings to the loader (see [`HAND_OVER`]) and
//! minified with terser → the loader with the hashed names and SRI hashes of the glue
//! and wasm filled in, minified twice (the classic script, and the npm package's module
//! entry, which alone reads its files from the entry) → the glue and the classic script
//! opened with V8's compile hint (see [`EAGER_COMPILE_HINT`]) → `.gz` (zopfli) and `.br`
//! siblings → size table and the script's SRI hash.
//!
//! Three files: `status-widget.js` (the loader, the one URL a site owner writes; short
//! cache, revalidated), and `status-widget.<hash>.js` (the wasm-bindgen glue) and
//! `status-widget.<hash>.wasm`, named by their content so they can be cached forever.
//! An all-clear page view downloads only the loader.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{ensure, Context, Result};

use crate::tools::run as exec;
use crate::tools::{self, npm_bin};
use crate::{before_traps, guard, root, step, trim, unreachable};

/// The files of a built bundle.
pub struct Bundle {
    pub dir: PathBuf,
    /// The loader: `status-widget.js`.
    pub script: PathBuf,
    /// The loader as the npm package's module entry runs it (not written to `dist/`).
    pub module_entry_loader: PathBuf,
    /// The wasm-bindgen glue, loaded with the wasm.
    pub glue: PathBuf,
    pub wasm: PathBuf,
    /// Each language's words but English's (`status-widget.<hash>.<tag>.txt`): a visitor
    /// who reads one downloads its file; English is in the wasm.
    pub languages: Vec<(&'static str, PathBuf)>,
    /// `sha384-…` of the loader, for the embed snippet's `integrity`.
    pub script_integrity: String,
    /// The sizes of `script`, `glue` and `wasm`, measured as their `.gz` and `.br` were
    /// written.
    pub script_size: Sizes,
    pub glue_size: Sizes,
    pub wasm_size: Sizes,
    /// The largest language file's sizes.
    pub language_size: Sizes,
}

/// The widget's words in every language (the file the widget compiles, `i18n.rs`'s source).
#[path = "../../widget/src/words.rs"]
#[allow(dead_code)]
mod words;

/// What the glue does for the languages' files (feature `fetched-languages`):
/// `window.__statusWidget.words(tag, done)` fetches a language's words once per page
/// view and calls `done` with them, or with nothing on a failure or after 10 s without
/// them (the widget then draws in English; the next call tries again), and
/// the languages the page's widgets will ask for are fetched as the glue runs, beside the
/// wasm's download and compile, so a first drawing seldom waits for them. The choice
/// mirrors `i18n::locale_for` for these languages: the first preference whose language
/// (the subtag before any `-`) is one of them; when it is wrong, the widget asks for the
/// right one itself. Each file is fetched with subresource integrity, as the glue and the
/// wasm are: a file that is not the one built is refused like a missing one. `__WORDS__`
/// is the files' name with `*` for the tag, `__TAGS__` the languages, English first, and
/// `__INTEGRITY__` each one's SRI value in the same order (`-` for English, which has no
/// file).
const LANGUAGES_JS: &str = r#"var files = window.__statusWidgetFiles, here = document.currentScript && document.currentScript.src;
var shared = window.__statusWidget, tags = "__TAGS__".split(" "), integrity = "__INTEGRITY__".split(" "), fetched = {};
function load(tag) {
  var url = files && files.words ? files.words[tag] : new URL("__WORDS__".replace("*", tag), here).href;
  // A file that stalls is a failure too, after the feed's 10 s: else the widget would wait
  // for it, "loading", for good. (Not the host's `setTimeout`, which a test's fake clock
  // holds; Playwright's clock fakes `AbortSignal.timeout` too, and holds this one as well.)
  var request = { credentials: "omit", integrity: integrity[tags.indexOf(tag)], signal: AbortSignal.timeout && AbortSignal.timeout(1e4) };
  return fetched[tag] || (fetched[tag] = fetch(url, request).then(function (response) {
    if (!response.ok) throw new Error("HTTP " + response.status);
    return response.text();
  }).catch(function (error) {
    delete fetched[tag];
    throw error;
  }));
}
shared.words = function (tag, done) {
  load(tag).then(done, function () { done(); });
};
document.querySelectorAll("status-widget").forEach(function (element) {
  var asked = (element.getAttribute("locale") || shared.defaults.locale || "").trim();
  var preferred = asked ? [asked] : navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
  for (var i = 0; i < preferred.length; i++) {
    var language = String(preferred[i]).trim().replace(/_/g, "-").split("-")[0].toLowerCase();
    var tag = tags.find(function (tag) { return tag.split("-")[0].toLowerCase() === language; });
    if (tag) {
      if (tag !== tags[0]) load(tag).catch(function () {});
      return;
    }
  }
});
"#;

/// What the wrapped glue ends with: it hands the loader its bindings, whose `init`
/// resolves to the bindings themselves one task after the wasm is instantiated.
/// Instantiating and mounting each run a share of the wasm for the first time (V8
/// compiles each function as it is first called), and the host's input is handled
/// between the two. A message, not a timer, so a host's fake clock cannot hold the
/// widget back.
const HAND_OVER: &str = r#"var init = wasm_bindgen;
var bindings = Object.assign(function (options) {
  return init(options).then(function () {
    return new Promise(function (resolve) {
      var channel = new MessageChannel();
      channel.port1.onmessage = function () { channel.port1.close(); resolve(bindings); };
      channel.port2.postMessage(0);
    });
  });
}, init);
// Handed over now, and again by the npm entry at each of the loader's attempts (an import
// runs this once).
(window.__statusWidget.hand = function () { window.__statusWidget.glue(bindings); })();
"#;

/// Sizes of one file: raw, gzip -9, zopfli (the `.gz` dist serves), brotli -q 11.
#[derive(Default)]
pub struct Sizes {
    pub raw: usize,
    pub gzip: usize,
    pub zopfli: usize,
    pub brotli: usize,
}

impl Sizes {
    /// The sizes of files downloaded together.
    pub fn sum<'a>(files: impl IntoIterator<Item = &'a Sizes>) -> Sizes {
        files.into_iter().fold(Sizes { raw: 0, gzip: 0, zopfli: 0, brotli: 0 }, |total, size| Sizes {
            raw: total.raw + size.raw,
            gzip: total.gzip + size.gzip,
            zopfli: total.zopfli + size.zopfli,
            brotli: total.brotli + size.brotli,
        })
    }
}

pub fn run() -> Result<Bundle> {
    let bundle = build()?;
    print_sizes(&bundle)?;
    Ok(bundle)
}

pub fn build() -> Result<Bundle> {
    tools::wasm_target()?;
    tools::wasm_bindgen_cli()?;
    tools::wasm_snip()?;
    tools::npm_packages()?;
    let root = root();
    // Honour CARGO_TARGET_DIR so a second build can run beside another one
    // without waiting on the cargo lock of `target/`.
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .filter(|dir| !dir.is_empty())
        .map(|dir| root.join(dir))
        .unwrap_or_else(|| root.join("target"));

    without_event_delegation(&root)?;
    step("building the widget (wasm32, profile wasm-release)");
    let link_map = target.join("status_widget.map");
    exec(Command::new("cargo").current_dir(&root).env("CARGO_ENCODED_RUSTFLAGS", wasm_rustflags(&link_map)).args([
        "build",
        "--package",
        "status-widget",
        "--lib",
        // The element's wasm side, in client-side rendering (see widget/Cargo.toml).
        "--features",
        "embed,fetched-languages",
        "--target",
        "wasm32-unknown-unknown",
        "--profile",
        "wasm-release",
    ]))?;

    // A panic already ends in a trap (panic = "abort"); snipping the code that formats
    // its message first makes it the same trap without `core::fmt`'s share of the panic
    // paths (-2.2 KB gzip). wasm-snip 0.4 cannot parse wasm-bindgen's output: it runs
    // on cargo's.
    step("wasm-snip --snip-rust-panicking-code");
    let linked_wasm = target.join("wasm32-unknown-unknown/wasm-release/status_widget.wasm");
    let snipped = target.join("status_widget.snipped.wasm");
    exec(
        Command::new("wasm-snip")
            .arg("--snip-rust-panicking-code")
            .arg(&linked_wasm)
            .arg("-o")
            .arg(&snipped)
            // Last: `--pattern` takes every argument after it.
            .args(["--pattern", FAILING_PATHS, WITHOUT_DELEGATION]),
    )?;

    step("wasm-bindgen --target no-modules");
    let bindgen_dir = target.join("widget-bindgen");
    exec(
        Command::new("wasm-bindgen")
            .args(["--target", "no-modules", "--no-typescript", "--out-name", "status-widget", "--out-dir"])
            .arg(&bindgen_dir)
            .arg(&snipped),
    )?;

    // wasm-bindgen's import and export names carry hashes that gzip cannot shrink;
    // panic locations (source paths, lines, columns) are data nothing reads; and
    // nothing in the widget streams, but Leptos's server_fn always brings
    // wasm-streams, whose `#[wasm_bindgen]` classes are exports and so keep their code
    // alive until the glue no longer reads them (see `trim`).
    let bindgen_wasm = bindgen_dir.join("status-widget_bg.wasm");
    let module = fs::read(&bindgen_wasm).context("reading wasm-bindgen output")?;
    let (module, import_renames) = trim::short_import_names(&module)?;
    let (module, locations, paths) = trim::without_panic_locations(&module)?;
    step(&format!("panic locations: {locations} zeroed, and the {paths} source paths they name"));
    let linked = fs::read(&linked_wasm).context("reading cargo's wasm")?;
    let link_map = fs::read_to_string(&link_map).context("reading the linker's map")?;
    ensure!(
        unreachable::first_slot(&linked)?.is_none_or(|slot| slot >= TABLE_BASE),
        "the wasm's function table starts below slot {TABLE_BASE}: was `--table-base` dropped from its link?"
    );
    let sections = unreachable::Sections::of(&linked, &link_map)?;
    let removed = sections.without_unreachable(&module)?;
    step(&removed.summary("unreachable after snipping"));
    let module = removed.module;
    let glue_source = fs::read_to_string(bindgen_dir.join("status-widget.js")).context("reading wasm-bindgen glue")?;
    let glue_source = guard::guarded_glue(&trim::loader_init(&trim::short_glue(&glue_source, &import_renames)?)?)?;
    let (module, mut glue_source) = trim::short_export_names(&module, &glue_source)?;
    fs::write(&bindgen_wasm, module)?;

    let dir = root.join("dist");
    if dir.exists() {
        // Old hashed files would otherwise pile up beside the new ones.
        fs::remove_dir_all(&dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    fs::create_dir_all(&dir)?;
    let optimized = bindgen_dir.join("status-widget.opt.wasm");
    step("wasm-opt -Oz (binaryen from npm)");
    wasm_opt(&bindgen_wasm, &optimized)?;
    // wasm-opt inlines the snipped traps into their callers and drops what the calls
    // were handed (messages, vtables, format arguments): more data and more functions
    // in the table that nothing reaches now. It also drops the imports nothing calls,
    // whose entries the glue still has, with functions and exports only they used. But
    // it keeps what the callers stored before the trap (a panic message's arguments):
    // `before_traps` leaves that out, and the next wasm-opt drops the constants it was
    // handed. The passes run again on its output, then wasm-opt again, until a round
    // finds nothing new.
    let again = bindgen_dir.join("status-widget.opt.again.wasm");
    for round in 1.. {
        ensure!(round <= 8, "unreachable data and functions still turning up after 8 rounds of wasm-opt");
        let optimized_module = fs::read(&optimized)?;
        let (without_work, instructions) = before_traps::without_work_before_traps(&optimized_module)?;
        let removed = sections.without_unreachable(&without_work)?;
        let (glue, entries) = trim::without_unimported(&glue_source, &trim::imported_names(&optimized_module)?)?;
        let module = trim::without_unread_exports(&removed.module, &glue)?;
        glue_source = glue;
        if module == optimized_module {
            break;
        }
        step(&format!(
            "{instructions} instructions before a trap left out; {}; {entries} import entries left out of the glue; wasm-opt again",
            removed.summary("unreachable")
        ));
        fs::write(&again, module)?;
        wasm_opt(&again, &optimized)?;
    }
    let wasm_bytes = trim::without_custom_sections(&fs::read(&optimized)?)?;
    let wasm = dir.join(format!("status-widget.{}.wasm", content_hash(&wasm_bytes)));
    fs::write(&wasm, &wasm_bytes)?;

    step("languages: each but English in a file of its own, fetched by the glue");
    let texts: Vec<(&'static str, String)> =
        words::LANGUAGES[1..].iter().map(|(tag, _, words)| (*tag, words.text())).collect();
    // One hash for all: the glue names them by it and the tag.
    let languages_hash =
        content_hash(texts.iter().map(|(tag, text)| [*tag, text.as_str()].concat()).collect::<String>().as_bytes());
    let mut languages = Vec::new();
    for (tag, text) in &texts {
        let file = dir.join(format!("status-widget.{languages_hash}.{tag}.txt"));
        fs::write(&file, text)?;
        languages.push((*tag, file));
    }
    let tags = words::LANGUAGES.iter().map(|(tag, _, _)| *tag).collect::<Vec<_>>().join(" ");
    let words_integrity = ["-".to_owned()]
        .into_iter()
        .chain(texts.iter().map(|(_, text)| integrity_sha256(text.as_bytes())))
        .collect::<Vec<_>>()
        .join(" ");
    let languages_js = LANGUAGES_JS
        .replace("__TAGS__", &tags)
        .replace("__INTEGRITY__", &words_integrity)
        .replace("__WORDS__", &format!("status-widget.{languages_hash}.*.txt"));

    step("glue: wrapped to hand its bindings to the loader, minified (terser)");
    let wrapped_glue = bindgen_dir.join("status-widget.glue.wrapped.js");
    // No global: the bindings go straight to the loader's namespace.
    fs::write(
        &wrapped_glue,
        format!("(function(){{\"use strict\";\n{glue_source}\n{languages_js}{HAND_OVER}}})();\n"),
    )?;
    let minified_glue = bindgen_dir.join("status-widget.glue.min.js");
    minify(&wrapped_glue, &minified_glue, Script::Glue)?;
    let glue_bytes = eager(&fs::read(&minified_glue)?);
    let glue = dir.join(format!("status-widget.{}.js", content_hash(&glue_bytes)));
    fs::write(&glue, &glue_bytes)?;

    step("loader: hashed names and SRI filled in, minified (terser)");
    let loader = fs::read_to_string(root.join("widget/js/loader.js")).context("reading widget/js/loader.js")?;
    let file_name = |path: &Path| path.file_name().unwrap_or_default().to_string_lossy().into_owned();
    let loader = loader
        .lines()
        .map(|line| line.strip_prefix("export ").unwrap_or(line))
        .collect::<Vec<_>>()
        .join("\n")
        .replace("__GLUE_FILE__", &file_name(&glue))
        .replace("__GLUE_SRI__", &integrity_sha256(&glue_bytes))
        .replace("__WASM_FILE__", &file_name(&wasm))
        .replace("__WASM_SRI__", &integrity(&wasm_bytes));
    // Twice: the npm package's module entry reads its files from the entry, and the
    // classic script leaves those branches out. One name cache for both, so the loader's
    // shortened members are the same wherever the two meet (`window.__statusWidget`).
    let name_cache = bindgen_dir.join("status-widget.names.json");
    let _ = fs::remove_file(&name_cache);
    let module_entry_loader = bindgen_dir.join("status-widget.module.min.js");
    let minified = bindgen_dir.join("status-widget.min.js");
    for (entry, to) in [("1", &module_entry_loader), ("0", &minified)] {
        let wrapped = bindgen_dir.join("status-widget.wrapped.js");
        let loader = loader.replace("__MODULE_ENTRY__", entry);
        fs::write(&wrapped, format!("(function(){{\"use strict\";\n{loader}\n}})();\n"))?;
        minify(&wrapped, to, Script::Loader { name_cache: &name_cache })?;
    }
    let reads_entry_files = |path: &Path| fs::read_to_string(path).map(|text| text.contains("__statusWidgetFiles"));
    ensure!(
        reads_entry_files(&module_entry_loader)? && !reads_entry_files(&minified)?,
        "the module entry's branches are not where they belong: did terser stop folding \"__MODULE_ENTRY__\"?"
    );
    let script = dir.join("status-widget.js");
    let script_bytes = eager(&fs::read(&minified)?);
    fs::write(&script, &script_bytes)?;
    let script_integrity = integrity(&script_bytes);

    let (script_size, glue_size, wasm_size) = (compress(&script)?, compress(&glue)?, compress(&wasm)?);
    let mut language_size = Sizes::default();
    for (_, file) in &languages {
        let size = compress(file)?;
        if size.gzip > language_size.gzip {
            language_size = size;
        }
    }
    let bundle = Bundle {
        dir,
        script,
        module_entry_loader,
        glue,
        wasm,
        languages,
        script_integrity,
        script_size,
        glue_size,
        wasm_size,
        language_size,
    };
    crate::npm::write_package(&bundle)?;
    Ok(bundle)
}

/// wasm-opt -Oz on `from`, written to `to`.
fn wasm_opt(from: &Path, to: &Path) -> Result<()> {
    // `--converge` reruns the passes until the module stops shrinking (-0.5 KB gz);
    // `--low-memory-unused` lets binaryen fold constant addresses into load/store
    // offsets (-1.5 KB gz): rustc's wasm32 layout puts the 1 MiB stack first, growing
    // down from 1 MiB, so the low 1 KiB is only touched by a stack that overflowed anyway.
    exec(
        Command::new(npm_bin("wasm-opt"))
            .args(["-Oz", "--converge", "--low-memory-unused", "--strip-debug", "--strip-producers"])
            .arg(from)
            .arg("-o")
            .arg(to),
    )
}

/// V8's explicit compile hint (Chrome 136 and later; other engines read a comment): every
/// function of the file is compiled as the file streams in, on a background thread,
/// not on the host's main thread at its first call. Nearly every function of the loader
/// and the glue runs as the page loads: a trace at 4× CPU showed 14 to 30 ms of the
/// host's main thread compiling them, 1 to 4 ms with the hint. It must open the file,
/// so it is written after terser, which drops comments.
const EAGER_COMPILE_HINT: &[u8] = b"//# allFunctionsCalledOnLoad\n";

fn eager(script: &[u8]) -> Vec<u8> {
    [EAGER_COMPILE_HINT, script].concat()
}

/// Which of the two scripts [`minify`] is given.
#[derive(Clone, Copy)]
enum Script<'a> {
    /// With the file that keeps its shortened member names the same from run to run.
    Loader {
        name_cache: &'a Path,
    },
    Glue,
}

/// Minifies with terser. The loader's own `_`-prefixed members are shortened too (never
/// the glue's, whose names the bindings rely on; `__statusWidget`, the one name the two
/// files share, has two underscores and is kept).
fn minify(from: &Path, to: &Path, script: Script<'_>) -> Result<()> {
    // `unsafe_arrows`: function expressions that use no `this` become arrows (ES2015,
    // which the loader's class needs anyway). `booleans_as_integers`, for the loader
    // only: its `true` and `false` are all read as booleans (conditions, event and
    // listener options), so 1 and 0 do.
    let compress = match script {
        Script::Loader { .. } => "passes=3,unsafe_arrows=true,booleans_as_integers=true",
        Script::Glue => "passes=3,unsafe_arrows=true",
    };
    let mut terser = Command::new(npm_bin("terser"));
    terser.arg(from).args(["--compress", compress, "--mangle", "--ecma", "2020"]);
    if let Script::Loader { name_cache } = script {
        terser.args(["--mangle-props", "regex=/^_[a-z]/", "--name-cache"]).arg(name_cache);
    }
    exec(terser.arg("--output").arg(to))
}

/// The first 16 hex digits of the SHA-256 of `data`: a file name that changes with
/// every content change.
fn content_hash(data: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(data)[..8].iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The subresource-integrity value of `data`: sha384, for the loader (the embed
/// snippet's `integrity`) and the wasm.
pub fn integrity(data: &[u8]) -> String {
    use sha2::Digest;
    sri("sha384", &sha2::Sha384::digest(data))
}

/// The subresource-integrity value of the glue and of a language's words: sha256, whose
/// 44 characters of base64 (sha384's are 64) the loader carries on every page view and
/// the glue for 13 files on every incident page view.
fn integrity_sha256(data: &[u8]) -> String {
    use sha2::Digest;
    sri("sha256", &sha2::Sha256::digest(data))
}

/// `algorithm-<base64 of digest>`, as the `integrity` attribute and option take it.
fn sri(algorithm: &str, digest: &[u8]) -> String {
    use base64::Engine;
    [algorithm, "-", &base64::engine::general_purpose::STANDARD.encode(digest)].concat()
}

/// Functions whose only job is to build a panic's message before panicking (a string
/// sliced off a character boundary, an index out of range, `unwrap` on an `Err`),
/// which `--snip-rust-panicking-code` does not match: snipped, each is the same trap
/// without the code that formats its message (and the `Debug` of its arguments).
/// And `char`'s `Debug`, whose one caller is the message of a string sliced off a
/// character boundary: snipped, it no longer keeps core's Unicode tables for escaping
/// (see `unreachable`) alive through the function table, which holds it only because that
/// message once took its address. (A `{:?}` of a `char` in the widget would now trap
/// like a panic; nothing shows a visitor Rust's escaping, so none is written.)
/// The names are matched as the wasm's name section spells them, in Rust's v0 mangling
/// (`_RNvNtCs…_4core3str16slice_error_fail`).
const FAILING_PATHS: &str = r"_4core(3str\d+slice_error_fail(_rt)?|5slice5index\d+slice_index_fail|5slice\d+copy_from_slice_impl\d+len_mismatch_fail|6(result|option)\d+unwrap_failed|6option\d+expect_failed|3fmtcNtB\w+_5Debug3fmt)$";

/// tachys's delegated event listener, which only its `delegation` feature reaches:
/// without it `On::attach` always passes no delegation key, but through a function
/// whose other branch calls this one, so the linker keeps it and all it alone calls
/// (4.3 KB before wasm-opt); and its closures, the page-wide handler that the function
/// table keeps. Snipped, they would trap if that feature were ever on, so
/// [`without_event_delegation`] fails the build first.
const WITHOUT_DELEGATION: &str =
    r"^_ZN6tachys8renderer3dom3Dom28add_event_listener_delegated(17h|28_\$u7b\$\$u7b\$closure).*E$";

/// Fails unless the widget's wasm build leaves tachys's `delegation` feature off
/// (a dependency could turn it on through cargo's feature unification).
fn without_event_delegation(root: &Path) -> Result<()> {
    let mut tree = Command::new("cargo");
    tree.current_dir(root).args(["tree", "--package", "status-widget", "--features", "embed"]);
    tree.args(["--target", "wasm32-unknown-unknown", "--edges", "features", "--invert", "tachys", "--prefix", "none"]);
    let features = tools::output(&mut tree).context("`cargo tree` for the widget's features")?;
    ensure!(
        features.contains("tachys feature \"default\""),
        "`cargo tree` did not list tachys's features:\n{features}"
    );
    ensure!(
        !features.contains("tachys feature \"delegation\""),
        "tachys's `delegation` feature is on in the widget's build, and dist snips its delegated listener \
         ({WITHOUT_DELEGATION}): find what turns it on (`cargo tree -e features -i tachys`)"
    );
    Ok(())
}

/// The first slot of the wasm's function table (see [`wasm_rustflags`]).
const TABLE_BASE: u32 = 4097;

/// The caller's rustflags plus `--remap-path-prefix` for each registry source
/// folder: panic locations otherwise carry `/root/.cargo/registry/src/index.crates.io-…/`
/// in front of every dependency's path in the wasm's data. And the linker writes its
/// map to `link_map`: where each piece of read-only data went, which `unreachable` reads to
/// find data that only snipped code read. Only the wasm target sees these flags
/// (`--target` keeps them off build scripts and proc macros).
fn wasm_rustflags(link_map: &Path) -> String {
    let mut flags: Vec<String> = match std::env::var("CARGO_ENCODED_RUSTFLAGS") {
        Ok(encoded) if !encoded.is_empty() => encoded.split('\x1f').map(str::to_owned).collect(),
        _ => std::env::var("RUSTFLAGS").unwrap_or_default().split_whitespace().map(str::to_owned).collect(),
    };
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")));
    if let Some(Ok(entries)) = cargo_home.map(|home| fs::read_dir(home.join("registry/src"))) {
        for entry in entries.flatten() {
            flags.push(format!("--remap-path-prefix={}/=", entry.path().display()));
        }
    }
    flags.push(format!("-Clink-arg=--Map={}", link_map.display()));
    // LLVM inlines a call at `opt-level = "z"` when it costs under 5; under 10 the wasm
    // came out 821 B (gzip) smaller: fewer copies of the small generic glue between
    // Leptos and the widget. 0, 12 to 20, 40 and 60 were measured too: larger, or less
    // small (see the lever table in docs/performance.md).
    flags.push("-Cllvm-args=-inline-threshold=10".to_owned());
    // The function table's slots from 4097, not 1: `unreachable` keeps a slot's function
    // alive for every constant equal to its index, and from 1 up the indices were sizes,
    // offsets and counts of live code (`i32.const 24`) as often as function pointers; by
    // chance of the layout, one build kept `core::fmt` alive that way and the next did
    // not (±2.5 KB gzip). Cargo's wasm had no constant between 4,096 and 5,760. The
    // table's empty slots below 4097 cost the browser a few KB of memory, not a byte of
    // download.
    flags.push(format!("-Clink-arg=--table-base={TABLE_BASE}"));
    flags.join("\x1f")
}

/// Writes `file.gz` (zopfli) and `file.br` (brotli -q 11) beside `file`, and returns
/// the file's sizes.
fn compress(file: &Path) -> Result<Sizes> {
    let data = fs::read(file)?;
    let (served_gzip, served_brotli) = (zopfli(&data), brotli(&data));
    fs::write(with_suffix(file, "gz"), &served_gzip)?;
    fs::write(with_suffix(file, "br"), &served_brotli)?;
    Ok(Sizes { raw: data.len(), gzip: gzip(&data).len(), zopfli: served_gzip.len(), brotli: served_brotli.len() })
}

fn with_suffix(file: &Path, suffix: &str) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(data).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

/// gzip's format, found by a slower search than gzip -9's: any gzip decoder reads it,
/// and a host that serves precompressed `.gz` files (nginx's `gzip_static`) sends less.
pub fn zopfli(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    zopfli::compress(zopfli::Options::default(), zopfli::Format::Gzip, data, &mut out).expect("writing to memory");
    out
}

pub fn brotli(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    brotli::BrotliCompress(&mut &data[..], &mut out, &params).expect("writing to memory");
    out
}

pub fn sizes(file: &Path) -> Result<Sizes> {
    let data = fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    Ok(Sizes { raw: data.len(), gzip: gzip(&data).len(), zopfli: zopfli(&data).len(), brotli: brotli(&data).len() })
}

fn print_sizes(bundle: &Bundle) -> Result<()> {
    let (script, glue, wasm) = (&bundle.script_size, &bundle.glue_size, &bundle.wasm_size);
    let name = |path: &Path| path.file_name().unwrap_or_default().to_string_lossy().into_owned();
    let row = |label: &str, size: &Sizes| {
        println!("{label:<40} {:>10} {:>10} {:>10} {:>10}", size.raw, size.gzip, size.zopfli, size.brotli);
    };
    println!("\n{:<40} {:>10} {:>10} {:>10} {:>10}", "file", "raw", "gzip -9", ".gz", ".br");
    for (path, size) in [(&bundle.script, script), (&bundle.glue, glue), (&bundle.wasm, wasm)] {
        row(&name(path), size);
    }
    row("all-clear page view (loader only)", script);
    row("one language's words (the largest)", &bundle.language_size);
    row("page view with something to show", &Sizes::sum([script, glue, wasm]));
    row("… in another language than English", &Sizes::sum([script, glue, wasm, &bundle.language_size]));
    println!("\nbundle: {}", bundle.dir.display());
    println!("script integrity: {}", bundle.script_integrity);
    // A cross-origin script is checked against `integrity` only when fetched with CORS.
    println!(
        "pinned tag (your status host's URL in place of status.example.com): <script src=\"https://status.example.com/widget/status-widget.js\" integrity=\"{}\" crossorigin=\"anonymous\" data-feed=\"https://status.example.com\" async></script>",
        bundle.script_integrity
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{gzip, zopfli, FAILING_PATHS, WITHOUT_DELEGATION};
    use std::io::Read;

    #[test]
    fn the_served_gz_is_gzip_that_any_decoder_reads_and_smaller_than_gzip_9() {
        let data: Vec<u8> =
            (0..2_000u32).flat_map(|n| format!("{{\"id\":{},\"status\":\"ok\"}},", n % 977).into_bytes()).collect();
        let served = zopfli(&data);
        let mut decoded = Vec::new();
        flate2::read::GzDecoder::new(&served[..]).read_to_end(&mut decoded).expect("a gzip stream");
        assert_eq!(decoded, data);
        assert!(served.len() < gzip(&data).len(), "{} ≥ {}", served.len(), gzip(&data).len());
    }

    /// wasm-snip matches its patterns with the `regex` crate, against these names as
    /// rustc 1.95 spells them for wasm32 (`strings` on cargo's wasm).
    #[test]
    fn the_failing_paths_match_the_mangled_names_of_core_s_message_builders() {
        let pattern = regex::Regex::new(FAILING_PATHS).expect("FAILING_PATHS is a regex");
        for name in [
            "_RNvNtCsgXGp5Oqx2Ny_4core3str16slice_error_fail",
            "_RNvNtCsgXGp5Oqx2Ny_4core3str19slice_error_fail_rt",
            "_RNvNtCsgXGp5Oqx2Ny_4core6option13expect_failed",
            "_RNvNtCsgXGp5Oqx2Ny_4core6option13unwrap_failed",
            "_RNvNtCsgXGp5Oqx2Ny_4core6result13unwrap_failed",
            "_RNvNtNtCsgXGp5Oqx2Ny_4core5slice5index16slice_index_fail",
            "_RNvNvNtCsgXGp5Oqx2Ny_4core5slice20copy_from_slice_impl17len_mismatch_fail",
            "_RNvXsj_NtCsgXGp5Oqx2Ny_4core3fmtcNtB5_5Debug3fmt",
        ] {
            assert!(pattern.is_match(name), "{name} is not snipped");
        }
    }

    #[test]
    fn only_tachys_s_delegated_listener_is_snipped_for_want_of_delegation() {
        let pattern = regex::Regex::new(WITHOUT_DELEGATION).expect("WITHOUT_DELEGATION is a regex");
        for name in [
            "_ZN6tachys8renderer3dom3Dom28add_event_listener_delegated17hfbc8a106353c2eb5E",
            "_ZN6tachys8renderer3dom3Dom28add_event_listener_delegated28_$u7b$$u7b$closure$u7d$$u7d$28_$u7b$$u7b$closure$u7d$$u7d$17h885d1b6e73fdf287E",
        ] {
            assert!(pattern.is_match(name), "{name} is not snipped");
        }
        for name in [
            "_ZN6tachys8renderer3dom3Dom18add_event_listener17h927461ecb3fc2109E",
            "_ZN6tachys8renderer3dom3Dom35add_event_listener_delegated_helper17h927461ecb3fc2109E",
        ] {
            assert!(!pattern.is_match(name), "{name} would be snipped");
        }
    }

    #[test]
    fn the_failing_paths_leave_everything_else_alone() {
        let pattern = regex::Regex::new(FAILING_PATHS).expect("FAILING_PATHS is a regex");
        for name in [
            // The same words, in the widget's own code or in another crate.
            "_RNvNtCsabc_13status_widget4read16slice_error_fail",
            "_RNvNtCsabc_7hashbrown3raw13unwrap_failed",
            // core's code that the widget runs when nothing fails.
            "_RNvNtCsgXGp5Oqx2Ny_4core3str8from_utf8",
            "_RNvNtNtCsgXGp5Oqx2Ny_4core5slice5index16slice_index_fail_hint",
            // `str`'s `Debug`, and `char`'s `Display`.
            "_RNvXsk_NtCsgXGp5Oqx2Ny_4core3fmteNtB5_5Debug3fmt",
            "_RNvXsl_NtCsgXGp5Oqx2Ny_4core3fmtcNtB5_7Display3fmt",
        ] {
            assert!(!pattern.is_match(name), "{name} would be snipped");
        }
    }
}
