//! `cargo xtask`: the project's automation, in Rust so it runs wherever cargo does.
//!
//! Every command installs what it needs first (idempotently), so a fresh clone on a
//! fresh machine needs nothing but the Rust toolchain, Node/npm and apt.

mod before_traps;
mod bench;
mod demo;
mod dist;
mod examples;
mod fuzz;
mod guard;
mod npm;
mod serve;
mod test;
mod tools;
mod trim;
mod unreachable;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  test            every test: native, wasm in headless Chromium, browser end-to-end
  e2e             only the browser end-to-end suite (builds the bundle and the demo site)
  dist            release bundle into dist/ (status-widget.js + .wasm, .gz, .br) and sizes
  demo [--port N] build the widget, the demo feed and site, and serve it on 127.0.0.1 (default 8080)
  npm-test        build dist/npm, pack it, type-check and bundle it (tsc, Vite, webpack, Parcel), check it in Chromium
  examples        build the Leptos CSR and SSR example apps and test them in Chromium
  bench           benchmarks (sizes, time to status, parse/select, generator); not a test
  fuzz [--seconds N]  fuzz the feed reader and statusgen's inputs, N s per target (default 60); not a test
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("test") => test::run(),
        Some("e2e") => test::end_to_end(),
        Some("dist") => dist::run().map(|_| ()),
        Some("demo") => demo::run(&args[1..]),
        Some("bench") => bench::run(),
        Some("npm-test") => npm::run_test(),
        Some("fuzz") => fuzz::run(&args[1..]),
        Some("examples") => examples::run(&args[1..]),
        Some("-h" | "--help" | "help") => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("xtask: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

/// Prints a step header, so long runs say what they are doing.
pub fn step(what: &str) {
    eprintln!("\n==> {what}");
}
