//! `cargo xtask fuzz [--seconds N]`: coverage-guided fuzzing (cargo-fuzz, libFuzzer,
//! nightly) of the feed reader and statusgen's input parsing. Never part of
//! `cargo xtask test`.
//!
//! Each target in `fuzz/fuzz_targets/` runs for N seconds (default 60), one after the
//! other, seeded from the repository's fixtures, which are copied at run time into
//! `target/fuzz-corpus/<target>/` (new inputs libFuzzer finds accumulate there).
//! Builds use no sanitizer (the crates forbid `unsafe`; the targets hunt panics) and
//! keep debug assertions and overflow checks on. Any crash fails the command, naming the
//! reproducer under `fuzz/artifacts/<target>/`. Without a nightly toolchain the
//! property tests of the feed run instead, with 100,000 cases each.

use std::fs;
use std::io::{BufRead, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{bail, Context, Result};

use crate::tools::{output, run as exec};
use crate::{root, step};

/// Each target with the folders (relative to the root) and file suffixes of its seeds;
/// `fuzz/seeds/<target>/` is added to every target that has one.
const TARGETS: [(&str, &[&str], &[&str]); 3] = [
    ("feed_summary", &["feed/tests/fixtures"], &[".json"]),
    ("statusgen_input", &["generator/tests/fixtures", "demo-site/status"], &[".toml", ".md", ".txt"]),
    ("time_and_text", &[], &[]),
];

/// Release build with debug assertions and overflow checks, no sanitizer.
const FLAGS: &str = "-O -a -s none";

/// What one target's run came to.
#[derive(Debug, Default, PartialEq, Eq)]
struct Outcome {
    /// Inputs executed (libFuzzer's final `stat::number_of_executed_units`).
    executions: Option<u64>,
    /// Seconds spent fuzzing, as libFuzzer counts them.
    seconds: Option<u64>,
    /// Reproducers written (`crash-…`, `timeout-…`, `oom-…`).
    reproducers: Vec<String>,
}

pub fn run(args: &[String]) -> Result<()> {
    let seconds = match args {
        [] => 60,
        [flag, n] if flag == "--seconds" => n.parse::<u64>().with_context(|| format!("--seconds {n}: not a number"))?,
        _ => bail!("usage: cargo xtask fuzz [--seconds N]"),
    };
    let root = root();
    if output(Command::new("rustc").args(["+nightly", "--version"])).is_none() {
        step(
            "no nightly toolchain: cargo-fuzz needs one; running the feed's property tests with 100,000 cases instead",
        );
        return exec(
            Command::new("cargo")
                .current_dir(&root)
                .args(["test", "-p", "status-feed", "--release", "--test", "parse_never_panics", "--test", "lenient"])
                .env("PROPTEST_CASES", "100000"),
        )
        .context("the property tests found a failure");
    }
    if output(Command::new("cargo").args(["fuzz", "--version"])).is_none() {
        step("installing cargo-fuzz");
        exec(Command::new("cargo").args(["install", "cargo-fuzz"]))?;
    }

    let mut outcomes = Vec::new();
    for (target, dirs, suffixes) in TARGETS {
        let corpus = root.join("target/fuzz-corpus").join(target);
        let seeds = seed(&root, &corpus, target, dirs, suffixes)?;
        step(&format!("fuzzing {target} for {seconds} s ({seeds} seeds in {})", corpus.display()));
        let started = Instant::now();
        let mut outcome = fuzz(&root, target, &corpus, seconds)?;
        outcome.seconds = outcome.seconds.or(Some(started.elapsed().as_secs()));
        outcomes.push((target, outcome));
    }

    step("fuzzing summary");
    let mut crashed = false;
    for (target, outcome) in &outcomes {
        let executions = outcome.executions.map_or("?".to_owned(), |n| n.to_string());
        let seconds = outcome.seconds.unwrap_or_default();
        let verdict = if outcome.reproducers.is_empty() { "0 crashes" } else { "CRASHED" };
        eprintln!("{target:<16} {executions:>12} executions in {seconds:>4} s   {verdict}");
        for reproducer in &outcome.reproducers {
            crashed = true;
            eprintln!("{:<16} reproducer: {reproducer}", "");
            eprintln!(
                "{:<16} replay: cargo +nightly fuzz run {FLAGS} --target-dir target/fuzz {target} {reproducer}",
                ""
            );
        }
    }
    if crashed {
        bail!("fuzzing found crashes; reproducers above");
    }
    Ok(())
}

/// Copies the target's seeds into `corpus`, named by their path, and counts them.
fn seed(root: &Path, corpus: &Path, target: &str, dirs: &[&str], suffixes: &[&str]) -> Result<usize> {
    fs::create_dir_all(corpus).with_context(|| format!("creating {}", corpus.display()))?;
    let mut files = Vec::new();
    for dir in dirs {
        walk(&root.join(dir), &mut files)?;
    }
    files.retain(|file| suffixes.iter().any(|s| file.to_string_lossy().ends_with(s)));
    walk(&root.join("fuzz/seeds").join(target), &mut files)?;
    for file in &files {
        let relative = file.strip_prefix(root).unwrap_or(file);
        let name = relative.to_string_lossy().replace(['/', '\\'], "_");
        fs::copy(file, corpus.join(name)).with_context(|| format!("copying {}", file.display()))?;
    }
    Ok(files.len())
}

/// Every file under `dir`, recursively; a missing `dir` has none.
fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    let Ok(listing) = fs::read_dir(dir) else { return Ok(()) };
    for item in listing {
        let path = item?.path();
        if path.is_dir() {
            walk(&path, files)?;
        } else {
            files.push(path);
        }
    }
    Ok(())
}

/// Runs one target; libFuzzer's progress lines go to `target/fuzz-logs/<target>.log` only.
fn fuzz(root: &Path, target: &str, corpus: &Path, seconds: u64) -> Result<Outcome> {
    let logs = root.join("target/fuzz-logs");
    fs::create_dir_all(&logs)?;
    let log_path = logs.join(format!("{target}.log"));
    let mut log = fs::File::create(&log_path).with_context(|| format!("creating {}", log_path.display()))?;
    let mut child = Command::new("cargo")
        .current_dir(root)
        .args(["+nightly", "fuzz", "run"])
        .args(FLAGS.split(' '))
        .arg("--target-dir")
        .arg(root.join("target/fuzz"))
        .arg(target)
        .arg(corpus)
        .args(["--", &format!("-max_total_time={seconds}"), "-timeout=10", "-print_final_stats=1"])
        .stdout(Stdio::inherit())
        .stderr(Stdio::piped())
        .spawn()
        .context("could not start cargo +nightly fuzz")?;
    let stderr = child.stderr.take().context("no stderr")?;
    let mut text = String::new();
    for line in BufReader::new(stderr).lines() {
        let line = line?;
        writeln!(log, "{line}")?;
        let progress = line.starts_with('#')
            || line.contains("# Uses:")
            || line.contains("dictionary. ######")
            || line.trim_start().starts_with("NEW_FUNC");
        if !progress {
            eprintln!("{line}");
        }
        text.push_str(&line);
        text.push('\n');
    }
    let status = child.wait()?;
    let outcome = parse(&text);
    if !status.success() && outcome.reproducers.is_empty() {
        bail!("cargo fuzz run {target} failed with {status} and wrote no reproducer; see {}", log_path.display());
    }
    Ok(outcome)
}

/// Reads libFuzzer's output: the final statistics, or else the `#N DONE` and
/// `Done N runs in S second(s)` lines, and the reproducers it wrote.
fn parse(text: &str) -> Outcome {
    let mut outcome = Outcome::default();
    for line in text.lines() {
        let line = line.trim();
        if let Some(n) = line.strip_prefix("stat::number_of_executed_units:") {
            outcome.executions = n.trim().parse().ok();
        } else if let Some(rest) = line.strip_prefix("Done ") {
            let mut words = rest.split_whitespace();
            let runs = words.next().and_then(|n| n.parse().ok());
            outcome.executions = outcome.executions.or(runs);
            outcome.seconds = words.nth(2).and_then(|s| s.parse().ok());
        } else if let Some(rest) = line.strip_prefix('#').filter(|l| l.contains("DONE")) {
            let runs = rest.split_whitespace().next().and_then(|n| n.parse().ok());
            outcome.executions = outcome.executions.or(runs);
        } else if let Some(at) = line.find("Test unit written to ") {
            let path = line[at + "Test unit written to ".len()..].trim().to_owned();
            if !outcome.reproducers.contains(&path) {
                outcome.reproducers.push(path);
            }
        }
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn final_statistics_give_executions_and_done_gives_seconds() {
        let text = "#999134\tDONE   cov: 915 ft: 4388 corp: 1806/114Kb\n\
                    Done 999134 runs in 21 second(s)\n\
                    stat::number_of_executed_units: 999134\n\
                    stat::average_exec_per_sec:     47577\n";
        assert_eq!(parse(text), Outcome { executions: Some(999_134), seconds: Some(21), reproducers: vec![] });
    }

    #[test]
    fn a_crash_names_its_reproducer_and_the_runs_so_far() {
        let text = "#2048\tpulse  cov: 10\n\
                    thread '<unnamed>' panicked at feed/src/time.rs:1:1:\n\
                    artifact_prefix='/w/fuzz/artifacts/time_and_text/'; Test unit written to /w/fuzz/artifacts/time_and_text/crash-da39a3ee\n\
                    stat::number_of_executed_units: 2101\n";
        let outcome = parse(text);
        assert_eq!(outcome.executions, Some(2101));
        assert_eq!(outcome.reproducers, ["/w/fuzz/artifacts/time_and_text/crash-da39a3ee"]);
    }

    #[test]
    fn without_final_statistics_the_done_line_counts() {
        assert_eq!(parse("#131709\tDONE   cov: 5186\n").executions, Some(131_709));
    }
}
