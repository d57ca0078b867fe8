//! `cargo xtask test`: every test, in order, stopping at the first failure.
//!
//! 0. prints the free disk and, under `CI`, turns incremental compilation off (a clean
//!    clone builds everything once); 1. installs what is missing (wasm target, pinned
//!    wasm-bindgen-cli, Chromium, npm packages); 2. the fast gates: `cargo fmt --check`
//!    and `cargo clippy -D warnings` (native and wasm); 3. native tests of the whole
//!    workspace; 4. the widget's wasm tests in headless Chromium; 5. the end-to-end
//!    suite: the demo site served on 127.0.0.1 and driven by Playwright in Debian's
//!    Chromium; 6. the npm package (tsc, Vite) and the Leptos example apps
//!    (`cargo xtask examples`).

use std::process::Command;

use anyhow::{Context, Result};

use crate::tools::{self, run as exec};
use crate::{demo, root, serve, step};

pub fn run() -> Result<()> {
    let root = root();
    if std::env::var_os("CI").is_some() {
        // A CI run builds everything once, from a clean clone: incremental caches would only
        // take disk (0.8 GB of the target directory), never time.
        std::env::set_var("CARGO_INCREMENTAL", "0");
    }
    // A full disk kills a linker with SIGBUS or an opaque I/O error; say what was free first.
    if let Some(free) = tools::output(Command::new("df").args(["-h", "--output=avail"]).arg(&root)) {
        step(&format!(
            "free disk where the repository (and target/) is: {}",
            free.lines().last().unwrap_or("?").trim()
        ));
    }
    tools::wasm_target()?;
    tools::wasm_bindgen_cli()?;
    tools::chromium()?;
    tools::npm_packages()?;

    // The fast gates first: a formatting slip or a lint fails in seconds, not after the browsers.
    step("formatting (cargo fmt --check)");
    exec(Command::new("cargo").current_dir(&root).args(["fmt", "--all", "--check"]))
        .context("cargo fmt found unformatted code: run `cargo fmt --all`")?;
    step("lints (cargo clippy -D warnings)");
    let clippy = |target: &[&str]| {
        let mut command = Command::new("cargo");
        command.current_dir(&root).arg("clippy").args(target).args(["--all-targets", "--", "-D", "warnings"]);
        exec(&mut command)
    };
    clippy(&["--workspace"]).context("clippy found problems")?;
    clippy(&["--package", "status-widget", "--features", "embed", "--target", "wasm32-unknown-unknown"])
        .context("clippy found problems in the wasm build")?;

    step("native tests (cargo test --workspace)");
    exec(Command::new("cargo").current_dir(&root).args(["test", "--workspace"]).env("INSTA_UPDATE", "no"))
        .context("native tests failed")?;

    step("widget tests in headless Chromium (wasm-bindgen-test)");
    // Not `-q`: the wasm runner rejects `--quiet`.
    exec(Command::new("cargo").current_dir(&root).args([
        "test",
        "--package",
        "status-widget",
        "--features",
        "embed",
        "--target",
        "wasm32-unknown-unknown",
    ]))
    .context("wasm tests failed")?;
    end_to_end()?;
    crate::npm::test_package(&root.join("dist/npm"))?;
    crate::examples::test()
}

/// The end-to-end suite alone: the demo site, built with the release bundle, served on
/// 127.0.0.1 and driven by Playwright in Debian's Chromium.
pub fn end_to_end() -> Result<()> {
    let root = root();
    tools::chromium()?;
    tools::npm_packages()?;
    let site = root.join("target/e2e/site");
    let server = serve::start(site.clone(), 0)?;
    let base = format!("http://127.0.0.1:{}", server.port);
    demo::prepare(&site, &base)?;
    step(&format!("end-to-end tests (Playwright + Chromium) against {base}"));
    exec(
        Command::new("node")
            .current_dir(root.join("tests"))
            .args(["--test", "--test-concurrency=1"])
            // `E2E_FILTER=regex` runs only the tests whose names match (while working on one).
            .args(std::env::var("E2E_FILTER").map(|filter| format!("--test-name-pattern={filter}")))
            .arg("e2e/")
            .env("BASE_URL", &base)
            .env("SITE_DIR", &site)
            .env("SCREENSHOT_DIR", root.join("target/screenshots")),
    )
    .context("end-to-end tests failed")
}
