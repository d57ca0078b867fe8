//! Installing the tools the build and tests need, each only when missing:
//! the wasm target, the `wasm-bindgen-cli` pinned to Cargo.lock, Debian's
//! Chromium and ChromeDriver, and the npm packages under `tests/`.

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::{root, step};

/// Runs a command, failing with its name when it fails.
pub fn run(command: &mut Command) -> Result<()> {
    let status = command.status().with_context(|| format!("could not start {command:?}"))?;
    if !status.success() {
        bail!("{command:?} failed with {status}");
    }
    Ok(())
}

/// Runs a command and returns its standard output, or `None` if it cannot run.
pub fn output(command: &mut Command) -> Option<String> {
    let out = command.output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The `wasm-bindgen` version in Cargo.lock: the CLI must be exactly this one.
pub fn wasm_bindgen_version() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).context("reading Cargo.lock")?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(version.trim_end_matches('"').to_owned());
            }
        }
    }
    bail!("wasm-bindgen is not in Cargo.lock")
}

pub fn wasm_target() -> Result<()> {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if !installed.lines().any(|line| line.trim() == "wasm32-unknown-unknown") {
        step("installing the wasm32-unknown-unknown target");
        run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    Ok(())
}

pub fn wasm_bindgen_cli() -> Result<()> {
    let wanted = wasm_bindgen_version()?;
    let have = output(Command::new("wasm-bindgen").arg("--version")).unwrap_or_default();
    if have.split_whitespace().nth(1) == Some(wanted.as_str()) {
        return Ok(());
    }
    step(&format!("installing wasm-bindgen-cli {wanted} (about 3 minutes)"));
    // No `--locked`: one of its locked dependencies is missing from the registry mirror here.
    run(Command::new("cargo").args(["install", "wasm-bindgen-cli", "--version", &wanted]))
}

pub fn chromium() -> Result<()> {
    if Path::new("/usr/bin/chromium").exists() && Path::new("/usr/bin/chromedriver").exists() {
        return Ok(());
    }
    step("installing chromium and chromium-driver (apt)");
    let sudo = output(Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() != "0");
    let apt = |args: &[&str]| {
        let mut command = if sudo { Command::new("sudo") } else { Command::new("apt-get") };
        if sudo {
            command.arg("apt-get");
        }
        command.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        run(&mut command)
    };
    apt(&["update", "-qq"])?;
    apt(&["install", "-y", "-qq", "chromium", "chromium-driver"])
}

/// `npm ci` in `tests/` unless `node_modules` is already up to date with the lock file.
pub fn npm_packages() -> Result<()> {
    let tests = root().join("tests");
    let lock = tests.join("package-lock.json");
    let installed = tests.join("node_modules/.package-lock.json");
    let fresh = match (modified(&lock), modified(&installed)) {
        (Some(lock), Some(installed)) => installed >= lock,
        _ => false,
    };
    if !fresh {
        step("installing npm packages (tests/package-lock.json)");
        run(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(&tests))?;
    }
    Ok(())
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).and_then(|meta| meta.modified()).ok()
}

/// A tool installed by `npm_packages`.
pub fn npm_bin(name: &str) -> std::path::PathBuf {
    root().join("tests/node_modules/.bin").join(name)
}
