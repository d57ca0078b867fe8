//! `cargo xtask bench`: the numbers the project is judged by, in one table, measured
//! on this machine in one run, each beside an anchor measured in the same run. Never
//! part of `cargo xtask test`, and nothing here fails on a figure: targets are printed
//! beside the results.
//!
//! - bytes: which widget files Chromium fetches for the one-tag popup on an all-clear
//!   page view (the loader only: no glue, no wasm) and on an incident page view (loader,
//!   glue and wasm), raw / gzip -9 / zopfli / brotli of those files, against Atlassian's
//!   `@statuspage/status-widget` (fetched with `npm pack`, the same bytes on every view);
//! - time from navigation to visible status (badge, incident feed), median of 21 cold
//!   loads each, for ours, Atlassian's and a 20-line plain-JS element
//!   (`tests/bench/plain-element.js`), same server, same `summary.json`, and how much of
//!   it passed before the status was in the DOM (the rest waits for a frame);
//! - the host's main thread under 4x CPU throttling, cold cache, incident shown: long
//!   tasks, total blocking time, main-thread time added over a blank page, and a Chrome
//!   trace of one load of ours (`target/bench/trace-ours.json`) with the top activities;
//! - JS heap and wasm memory after load;
//! - native parse + select of a 1 MB summary (criterion, `feed/benches`);
//! - `statusgen build` and `check` on 10,000 incidents of 5 updates (time, peak RSS).
//!
//! The browser side is `tests/bench/time-to-status.js`; it prints `key value` lines.

use std::collections::HashMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use status_feed::{select, ComponentFilter, Impact, Summary};

use crate::dist::{self, sizes, Sizes};
use crate::tools::{self, output, run as exec};
use crate::{demo, root, serve, step};

/// The all-clear feed of the one-tag popup's page view (the playground's scenario).
const ALL_CLEAR_FEED: &str = "playground/feeds/all_operational.json";

pub fn run() -> Result<()> {
    let root = root();
    let bench_dir = root.join("target/bench");
    fs::create_dir_all(&bench_dir)?;
    tools::chromium()?;

    // --- sizes of the files, measured before the demo build rewrites dist/ ---
    let bundle = dist::build()?;
    let theirs_dir = bench_dir.join("statuspage");
    let theirs_js = theirs_dir.join("package/dist/index.js");
    if !theirs_js.exists() {
        step("fetching @statuspage/status-widget with npm pack");
        fs::create_dir_all(&theirs_dir)?;
        exec(Command::new("npm").args(["pack", "@statuspage/status-widget@1.0.5"]).current_dir(&theirs_dir))?;
        exec(Command::new("tar").args(["xzf", "statuspage-status-widget-1.0.5.tgz"]).current_dir(&theirs_dir))?;
    }
    let (script, glue, wasm) = (&bundle.script_size, &bundle.glue_size, &bundle.wasm_size);
    let theirs = sizes(&theirs_js)?;

    // --- the site: the demo (incident feed), the three widgets, a blank page ---
    let site = bench_dir.join("site");
    let server = serve::start(site.clone(), 0)?;
    let base = format!("http://127.0.0.1:{}", server.port);
    demo::prepare(&site, &base)?;
    all_clear(&site.join(ALL_CLEAR_FEED))?;
    fs::copy(&theirs_js, site.join("widget/statuspage-widget.js"))?;
    fs::create_dir_all(site.join("bench"))?;
    fs::copy(root.join("tests/bench/plain-element.js"), site.join("bench/plain-element.js"))?;
    // Atlassian's widget fetches `/api/v2/summary.json` from the origin root whatever its
    // `src` path, so every widget reads the incident feed from there: same URL, same bytes.
    demo::copy_dir(&site.join("status/api"), &site.join("api"))?;
    let page = |name: &str, body: &str| {
        fs::write(
            site.join(format!("bench-{name}.html")),
            format!(
                "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>{name}</title>\
                 <body><h1>Host page</h1><p>Some host content.</p>{body}</body></html>"
            ),
        )
    };
    page("blank", "")?;
    page("ours", "<status-widget feed=\"/\" appearance=\"badge\"></status-widget><script src=\"/widget/status-widget.js\"></script>")?;
    page("ours-popup", "<script src=\"/widget/status-widget.js\" data-feed=\"/\" async></script>")?;
    page(
        "allclear",
        &format!("<script src=\"/widget/status-widget.js\" data-feed=\"/{ALL_CLEAR_FEED}\" async></script>"),
    )?;
    page("plain", "<plain-status feed=\"/\"></plain-status><script src=\"/bench/plain-element.js\"></script>")?;
    page("theirs", &format!("<statuspage-widget src=\"{base}\" appearance=\"badge\"></statuspage-widget><script src=\"/widget/statuspage-widget.js\"></script>"),
    )?;

    step("Chromium: requests, time to visible status (21 cold loads each, 15 at 4x), main thread at 4x CPU throttling, trace");
    let browser = output(
        Command::new("node")
            .arg("bench/time-to-status.js")
            .current_dir(root.join("tests"))
            .env("BASE_URL", &base)
            .env("TRACE_PATH", bench_dir.join("trace-ours.json"))
            // Its errors and warnings (a widget that never showed a status) go to the terminal.
            .stderr(Stdio::inherit()),
    )
    .context("the browser bench script failed")?;
    let b: HashMap<&str, &str> =
        browser.lines().filter_map(|line| line.split_once(' ')).map(|(k, v)| (k, v.trim())).collect();
    let text = |key: &str| b.get(key).copied().unwrap_or("n/a");
    let number = |key: &str| b.get(key).and_then(|v| v.parse::<f64>().ok()).unwrap_or(f64::NAN);

    // --- native parse + select ---
    step("native parse + select of a 1 MB summary (criterion)");
    let criterion = output(Command::new("cargo").current_dir(&root).args([
        "bench",
        "--package",
        "status-feed",
        "--bench",
        "parse_select",
        "--",
        "--noplot",
    ]))
    .unwrap_or_default();
    let parse_select = criterion
        .lines()
        .find(|line| line.trim_start().starts_with("time:"))
        .and_then(|line| line.split('[').nth(1))
        .and_then(|inner| inner.split_whitespace().nth(2).zip(inner.split_whitespace().nth(3)))
        .map_or("n/a".to_owned(), |(value, unit)| format!("{value} {unit}"));

    // --- statusgen ---
    step("statusgen on 10,000 incidents × 5 updates (release build)");
    exec(Command::new("cargo").current_dir(&root).args(["build", "--release", "--package", "status-gen"]))?;
    let statusgen = root.join("target/release/statusgen");
    let fixture = bench_dir.join("statusgen-10k");
    if !fixture.join("status.toml").exists() {
        exec(Command::new(&statusgen).args(["bench-fixture", "--incidents", "10000", "--updates", "5"]).arg(&fixture))?;
    }
    let out = bench_dir.join("statusgen-10k-out");
    let now = "--now=2024-06-01T12:00:00Z";
    let build = measure(&statusgen, &fixture, &["build", "--out", out.to_str().unwrap_or("out"), now])?;
    let check = measure(&statusgen, &fixture, &["check", now])?;

    // --- the table ---
    let files_sizes = |files: &str| -> Sizes {
        Sizes::sum(files.split(',').filter(|name| !name.is_empty() && *name != "-").map(|name| {
            if name.ends_with(".wasm") {
                wasm
            } else if name == "status-widget.js" {
                script
            } else {
                glue
            }
        }))
    };
    let allclear = files_sizes(text("allclear.files"));
    let incident = files_sizes(text("incident.files"));
    let ratio = |a: f64, b: f64| if b > 0.0 { format!("{:.2}", a / b) } else { "—".to_owned() };
    let n = |value: f64| group(value.round() as i64);

    println!("\n| measure | ours | Atlassian status-widget | ours / theirs | target |");
    println!("|---|---|---|---|---|");
    println!(
        "| all-clear page view, one-tag popup: widget files requested | {} (glue requests: {}, wasm requests: {}) | index.js | — | loader only, no wasm |",
        text("allclear.files"),
        text("allclear.requests.glue"),
        text("allclear.requests.wasm")
    );
    for (label, mine, other, target) in [
        ("all-clear page view, bytes raw", allclear.raw, theirs.raw, ""),
        ("all-clear page view, bytes gzip -9", allclear.gzip, theirs.gzip, "≤ 3,000"),
        ("incident page view (script + glue + wasm), raw", incident.raw, theirs.raw, ""),
        ("incident page view, gzip -9", incident.gzip, theirs.gzip, "≤ 80,000"),
        ("incident page view, zopfli (gzip's format: the .gz dist serves)", incident.zopfli, theirs.zopfli, ""),
        ("incident page view, brotli", incident.brotli, theirs.brotli, ""),
    ] {
        println!(
            "| {label} | {} | {} | {} | {target} |",
            n(mine as f64),
            n(other as f64),
            ratio(mine as f64, other as f64)
        );
    }
    println!(
        "| bytes on the wire (Chromium, served .br/.gz): all clear / incident | {} / {} | — | — | |",
        n(number("allclear.transferred")),
        n(number("incident.transferred"))
    );
    let (ours_ms, theirs_ms, plain_ms) =
        (number("ours.median_ms"), number("theirs.median_ms"), number("plain.median_ms"));
    println!(
        "| navigation → status visible, badge, incident, median of {} cold loads (ms) | {ours_ms:.0} | {theirs_ms:.0} | {} | ≤ 1.1 × plain element |",
        text("runs"),
        ratio(ours_ms, theirs_ms)
    );
    println!(
        "| … the 20-line plain-JS element (ms); ours / plain | {plain_ms:.0} | — | **{}** | ≤ 1.10 |",
        ratio(ours_ms, plain_ms)
    );
    let in_dom = |which: &str| number(&format!("{which}.in_dom_median_ms"));
    println!(
        "| … of which the status was first in the DOM (ms; the rest is the wait for the frame that shows it); ours / plain | {:.0} (plain {:.0}) | {:.0} | {} | |",
        in_dom("ours"),
        in_dom("plain"),
        in_dom("theirs"),
        ratio(in_dom("ours"), in_dom("plain"))
    );
    let added = |which: &str, key: &str| number(&format!("cpu4.{which}.{key}")) - number(&format!("cpu4.blank.{key}"));
    let plain_added = added("plain", "task_ms");
    for (label, which) in [("badge", "ours"), ("one-tag popup", "ours_popup")] {
        println!(
            "| 4× CPU, cold, incident, {label}: long tasks (> 50 ms), worst of {} loads | {} | {} | — | 0 |",
            text("throttled_runs"),
            text(&format!("cpu4.{which}.longtasks_max")),
            if which == "ours" { text("cpu4.theirs.longtasks_max") } else { "—" }
        );
        println!(
            "| 4× CPU, {label}: total blocking time (ms), worst load | {} | {} | — | 0 |",
            text(&format!("cpu4.{which}.blocking_ms_max")),
            if which == "ours" { text("cpu4.theirs.blocking_ms_max") } else { "—" }
        );
        let theirs_added = added("theirs", "task_ms");
        println!(
            "| 4× CPU, {label}: main-thread time added over a blank page (TaskDuration, ms, median); ours / plain | {:.0} (script {:.0}) | {} | **{}** | ≤ 2 × plain ({plain_added:.0}) |",
            added(which, "task_ms"),
            added(which, "script_ms"),
            if which == "ours" { format!("{theirs_added:.0} (script {:.0})", added("theirs", "script_ms")) } else { "—".to_owned() },
            ratio(added(which, "task_ms"), plain_added)
        );
    }
    println!(
        "| 4× CPU, plain element: long tasks / blocking (ms) / main-thread time added (ms) | {} / {} / {plain_added:.0} | — | — | |",
        text("cpu4.plain.longtasks_max"),
        text("cpu4.plain.blocking_ms_max")
    );
    let (ours_heap, theirs_heap) = (number("ours.js_heap_bytes"), number("theirs.js_heap_bytes"));
    println!(
        "| JS heap after load (bytes); plain element {} | {} | {} | {} | |",
        n(number("plain.js_heap_bytes")),
        n(ours_heap),
        n(theirs_heap),
        ratio(ours_heap, theirs_heap)
    );
    println!("| wasm linear memory after load (bytes) | {} | — | — | |", n(number("ours.wasm_memory_bytes")));

    println!(
        "\nWhere ours spends the host's main thread: one traced load of the badge page at 4× CPU \
         (target/bench/trace-ours.json), {} ms of trace slices on the page's renderer main thread against {} ms \
         for the blank page; top 5 by self time:\n",
        text("trace.main_thread_ms"),
        text("trace.blank_main_thread_ms")
    );
    println!("| activity (trace event, script) | self time, ours (ms) | same event, blank page (ms) |");
    println!("|---|---|---|");
    for i in 1..=5 {
        let row = b.get(format!("trace.top.{i}").as_str()).map(|v| v.split('\t').collect::<Vec<_>>());
        if let Some([ms, blank, name]) = row.as_deref() {
            println!("| {name} | {ms} | {blank} |");
        }
    }

    let compiles = |key: &str| {
        let (ms, count) = text(key).split_once('\t').unwrap_or((text(key), "?"));
        format!("{ms} ms in {count} functions")
    };
    println!(
        "\nCompiling on the main thread in that load: JavaScript {} (`V8.CompileCode`: the loader and the \
         glue ask V8 to compile theirs in the background), wasm {} (`wasm.CompileLazy`: V8 compiles each \
         wasm function at its first call).",
        compiles("trace.compile_js"),
        compiles("trace.compile_wasm")
    );

    println!("\n| measure | result | target |");
    println!("|---|---|---|");
    println!(
        "| loader / glue / wasm, gzip -9 | {} / {} / {} | |",
        group(script.gzip as i64),
        group(glue.gzip as i64),
        group(wasm.gzip as i64)
    );
    println!("| native parse + select, 1 MB summary | {parse_select} | < 5 ms |");
    println!("| statusgen build, 10k incidents | {:.2} s, {} MB peak | ≤ 1 s, ≤ 200 MB |", build.0, build.1);
    println!("| statusgen check, 10k incidents | {:.2} s, {} MB peak | ≤ 0.5 s |", check.0, check.1);
    println!(
        "\nincident feed state: {}; all-clear page: {}; loads that never showed a status: ours {}, theirs {}, plain {}; \
         raw times (ms): ours {}; theirs {}; plain {}",
        text("ours.indicator"),
        text("allclear.state"),
        text("ours.failed"),
        text("theirs.failed"),
        text("plain.failed"),
        text("ours.all_ms"),
        text("theirs.all_ms"),
        text("plain.all_ms")
    );
    Ok(())
}

/// Fails unless the feed at `path` shows nothing at all now: the page view it stands for
/// must be an all-clear one, or the byte count measures the wrong thing.
fn all_clear(path: &Path) -> Result<()> {
    let text = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let summary: Summary = serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    let selection = select(&summary, demo::now(), &ComponentFilter::parse(""));
    if selection.indicator != Impact::None || !selection.notices.is_empty() {
        bail!(
            "{} is not all clear ({} notices): the all-clear bench needs a feed with nothing to show",
            path.display(),
            selection.notices.len()
        );
    }
    Ok(())
}

/// `12345` as `12,345`.
fn group(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if value < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// Best of three runs of `statusgen -C site args…`: seconds and peak RSS in MB (GNU time).
fn measure(statusgen: &Path, site: &Path, args: &[&str]) -> Result<(f64, String)> {
    let mut best = f64::INFINITY;
    let mut peak = "n/a".to_owned();
    for _ in 0..3 {
        let gnu_time = Path::new("/usr/bin/time").exists();
        let mut command = if gnu_time { Command::new("/usr/bin/time") } else { Command::new(statusgen) };
        if gnu_time {
            command.arg("-v").arg(statusgen);
        }
        command.arg("-C").arg(site).args(args);
        let started = Instant::now();
        let result = command.output().context("running statusgen")?;
        let seconds = started.elapsed().as_secs_f64();
        if !result.status.success() {
            bail!("statusgen {args:?} failed: {}", String::from_utf8_lossy(&result.stderr));
        }
        if seconds < best {
            best = seconds;
            let stderr = String::from_utf8_lossy(&result.stderr);
            if let Some(kb) = stderr.lines().find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes): "))
            {
                peak = format!("{}", kb.trim().parse::<u64>().unwrap_or(0) / 1024);
            }
        }
    }
    Ok((best, peak))
}
