//! `cargo xtask test`: every test, in order, stopping at the first failure.
//!
//! 1. installs what is missing (wasm target, pinned wasm-bindgen-cli, Chromium,
//!    npm packages); 2. native tests of the whole workspace; 3. the widget's wasm
//!    tests in headless Chromium; 4. the end-to-end suite: the demo site served on
//!    127.0.0.1 and driven by Playwright in Debian's Chromium; 5. the Leptos example apps
//!    (`cargo xtask examples`).

use std::process::Command;

use anyhow::{Context, Result};

use crate::tools::{self, run as exec};
use crate::{demo, root, serve, step};

pub fn run() -> Result<()> {
    let root = root();
    tools::wasm_target()?;
    tools::wasm_bindgen_cli()?;
    tools::chromium()?;
    tools::npm_packages()?;

    step("native tests (cargo test --workspace)");
    exec(Command::new("cargo").current_dir(&root).args(["test", "--workspace"]).env("INSTA_UPDATE", "no"))
        .context("native tests failed")?;

    step("widget tests in headless Chromium (wasm-bindgen-test)");
    // Not `-q`: the wasm runner rejects `--quiet`.
    exec(Command::new("cargo").current_dir(&root).args([
        "test",
        "--package",
        "status-widget",
        "--target",
        "wasm32-unknown-unknown",
    ]))
    .context("wasm tests failed")?;

    let site = root.join("target/e2e/site");
    let server = serve::start(site.clone(), 0)?;
    let base = format!("http://127.0.0.1:{}", server.port);
    demo::prepare(&site, &base)?;
    step(&format!("end-to-end tests (Playwright + Chromium) against {base}"));
    exec(
        Command::new("node")
            .current_dir(root.join("tests"))
            .args(["--test", "--test-concurrency=1", "e2e/"])
            .env("BASE_URL", &base)
            .env("SITE_DIR", &site)
            .env("SCREENSHOT_DIR", root.join("target/screenshots")),
    )
    .context("end-to-end tests failed")?;
    crate::examples::test()
}
