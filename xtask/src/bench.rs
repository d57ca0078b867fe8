//! `cargo xtask bench`: the numbers the project is judged by, in one table, measured
//! on this machine in one run. Never part of `cargo xtask test`.
//!
//! - bytes a visitor downloads: ours (script + wasm) against Atlassian's
//!   `@statuspage/status-widget` (fetched with `npm pack`), raw / gzip / brotli;
//! - time from navigation to visible status, median of 11 loads each, both widgets
//!   served by the same server from the same `summary.json`; JS heap after load;
//! - native parse + select of a 1 MB summary (criterion, `feed/benches`);
//! - `statusgen build` and `check` on 10,000 incidents of 5 updates (time, peak RSS).

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context, Result};

use crate::dist::{self, sizes};
use crate::tools::{self, output, run as exec};
use crate::{demo, root, serve, step};

pub fn run() -> Result<()> {
    let root = root();
    let bench_dir = root.join("target/bench");
    fs::create_dir_all(&bench_dir)?;
    tools::chromium()?;

    // --- sizes ---
    let bundle = dist::build()?;
    let theirs_dir = bench_dir.join("statuspage");
    let theirs_js = theirs_dir.join("package/dist/index.js");
    if !theirs_js.exists() {
        step("fetching @statuspage/status-widget with npm pack");
        fs::create_dir_all(&theirs_dir)?;
        exec(Command::new("npm").args(["pack", "@statuspage/status-widget@1.0.5"]).current_dir(&theirs_dir))?;
        exec(Command::new("tar").args(["xzf", "statuspage-status-widget-1.0.5.tgz"]).current_dir(&theirs_dir))?;
    }
    let ours_js = sizes(&bundle.script)?;
    let ours_wasm = sizes(&bundle.wasm)?;
    let theirs = sizes(&theirs_js)?;
    let ours = (ours_js.raw + ours_wasm.raw, ours_js.gzip + ours_wasm.gzip, ours_js.brotli + ours_wasm.brotli);

    // --- time to status ---
    let site = bench_dir.join("site");
    let server = serve::start(site.clone(), 0)?;
    let base = format!("http://127.0.0.1:{}", server.port);
    demo::prepare(&site, &base)?;
    fs::copy(&theirs_js, site.join("widget/statuspage-widget.js"))?;
    // Atlassian's widget fetches `/api/v2/summary.json` from the origin root whatever its
    // `src` path, so both widgets read the feed from there: same URL, same bytes.
    demo::copy_dir(&site.join("status/api"), &site.join("api"))?;
    fs::write(
        site.join("bench-ours.html"),
        "<!doctype html><html lang=\"en\"><title>ours</title><body>\
         <status-widget feed=\"/\" appearance=\"badge\"></status-widget>\
         <script src=\"/widget/status-widget.js\"></script></body></html>",
    )?;
    fs::write(
        site.join("bench-theirs.html"),
        format!(
            "<!doctype html><html lang=\"en\"><title>theirs</title><body>\
             <statuspage-widget src=\"{base}\" appearance=\"badge\"></statuspage-widget>\
             <script src=\"/widget/statuspage-widget.js\"></script></body></html>"
        ),
    )?;
    step("time to visible status in Chromium (11 loads each)");
    let timing = output(
        Command::new("node").arg("bench/time-to-status.js").current_dir(root.join("tests")).env("BASE_URL", &base),
    )
    .context("the browser timing script failed")?;
    let number = |which: &str, key: &str| -> f64 {
        let section = timing.split(&format!("\"{which}\":{{")).nth(1).unwrap_or("");
        section
            .split(&format!("\"{key}\":"))
            .nth(1)
            .and_then(|rest| rest.split([',', '}']).next())
            .and_then(|value| value.parse().ok())
            .unwrap_or(f64::NAN)
    };

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

    println!("\n| measure | ours | Atlassian status-widget | ours / theirs |");
    println!("|---|---|---|---|");
    for (label, mine, other) in [
        ("bytes downloaded, raw", ours.0, theirs.raw),
        ("bytes downloaded, gzip -9", ours.1, theirs.gzip),
        ("bytes downloaded, brotli", ours.2, theirs.brotli),
    ] {
        println!("| {label} | {mine} | {other} | {:.2} |", mine as f64 / other as f64);
    }
    let (ours_ms, theirs_ms) = (number("ours", "median_ms"), number("theirs", "median_ms"));
    println!(
        "| navigation → status visible, median of 11 (ms) | {ours_ms:.0} | {theirs_ms:.0} | {:.2} |",
        ours_ms / theirs_ms
    );
    let (ours_heap, theirs_heap) = (number("ours", "js_heap_bytes"), number("theirs", "js_heap_bytes"));
    println!("| JS heap after load (bytes) | {ours_heap:.0} | {theirs_heap:.0} | {:.2} |", ours_heap / theirs_heap);
    println!("| wasm linear memory after load (bytes) | {:.0} | — | — |", number("ours", "wasm_memory_bytes"));
    println!("\n| measure | result | target |");
    println!("|---|---|---|");
    println!("| script gzip / wasm gzip | {} / {} | total ≤ 75,000 |", ours_js.gzip, ours_wasm.gzip);
    println!("| native parse + select, 1 MB summary | {parse_select} | < 5 ms |");
    println!("| statusgen build, 10k incidents | {:.2} s, {} MB peak | ≤ 1 s, ≤ 200 MB |", build.0, build.1);
    println!("| statusgen check, 10k incidents | {:.2} s, {} MB peak | ≤ 0.5 s |", check.0, check.1);
    Ok(())
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
