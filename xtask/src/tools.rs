//! Installing the tools the build and tests need, each only when missing:
//! the wasm target, the `wasm-bindgen-cli` pinned to Cargo.lock, a pinned `wasm-snip`, Chromium and
//! ChromeDriver (Debian's packages when none is found), and the npm packages under `tests/`.

use std::path::{Path, PathBuf};
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

/// The `wasm-snip` that `cargo xtask dist` runs on cargo's wasm.
const WASM_SNIP_VERSION: &str = "0.4.0";

/// Installs `wasm-snip` with `cargo install` unless that version is on `PATH`.
pub fn wasm_snip() -> Result<()> {
    let have = output(Command::new("wasm-snip").arg("--version")).unwrap_or_default();
    if have.split_whitespace().nth(1) == Some(WASM_SNIP_VERSION) {
        return Ok(());
    }
    step(&format!("installing wasm-snip {WASM_SNIP_VERSION} (about a minute)"));
    run(Command::new("cargo").args(["install", "wasm-snip", "--version", WASM_SNIP_VERSION]))
}

/// Where the browser tests find Chromium and ChromeDriver.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Browser {
    /// The Chromium binary (Playwright's `executablePath`).
    pub chromium: PathBuf,
    /// The ChromeDriver binary (wasm-bindgen-test-runner).
    pub chromedriver: PathBuf,
}

/// Finds Chromium and ChromeDriver, installing Debian's `chromium` and `chromium-driver`
/// only when one of them is missing, and exports `CHROMIUM` and `CHROMEDRIVER` so that
/// the wasm test runner and the end-to-end suite use the binaries found here.
///
/// Looked for, in order: the path in `CHROMIUM` / `CHROMEDRIVER`, then `chromium`
/// (or `chromium-browser`) and `chromedriver` on `PATH`. Installation runs `apt-get`
/// directly as root, through `sudo` otherwise (when `sudo` exists); when neither works
/// the error says what to install.
pub fn chromium() -> Result<Browser> {
    if let Some(browser) = find_browser() {
        export(&browser);
        return Ok(browser);
    }
    let root = output(Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() == "0");
    let apt_get = find_on_path("apt-get");
    let sudo = find_on_path("sudo");
    let prefix = match (&apt_get, root, &sudo) {
        (None, _, _) => bail!("{}", missing_browser("apt-get is not available to install them")),
        (Some(_), true, _) => None,
        (Some(_), false, Some(sudo)) => Some(sudo.clone()),
        (Some(_), false, None) => bail!("{}", missing_browser("not running as root, and sudo is not installed")),
    };
    step(&format!("installing chromium and chromium-driver ({}apt-get)", if prefix.is_some() { "sudo " } else { "" }));
    let apt = |args: &[&str]| {
        let mut command = match &prefix {
            Some(sudo) => {
                let mut command = Command::new(sudo);
                // `sudo` drops most of the environment; `env` passes the one apt needs.
                command.args(["env", "DEBIAN_FRONTEND=noninteractive", "apt-get"]);
                command
            }
            None => {
                let mut command = Command::new("apt-get");
                command.env("DEBIAN_FRONTEND", "noninteractive");
                command
            }
        };
        command.args(args);
        run(&mut command)
    };
    apt(&["update", "-qq"])
        .and_then(|()| apt(&["install", "-y", "-qq", "chromium", "chromium-driver"]))
        .map_err(|err| anyhow::anyhow!("{} ({err:#})", missing_browser("apt-get could not install them")))?;
    let browser = find_browser()
        .with_context(|| missing_browser("apt-get installed chromium and chromium-driver, yet they are not on PATH"))?;
    export(&browser);
    Ok(browser)
}

/// Chromium and ChromeDriver from the environment variables, else from `PATH`.
fn find_browser() -> Option<Browser> {
    let chromium =
        from_env("CHROMIUM").or_else(|| find_on_path("chromium")).or_else(|| find_on_path("chromium-browser"));
    let chromedriver = from_env("CHROMEDRIVER").or_else(|| find_on_path("chromedriver"));
    Some(Browser { chromium: chromium?, chromedriver: chromedriver? })
}

/// The file named by the environment variable `name`, if it exists.
fn from_env(name: &str) -> Option<PathBuf> {
    let path = PathBuf::from(std::env::var_os(name).filter(|value| !value.is_empty())?);
    // `.cargo/config.toml` sets CHROMEDRIVER to Debian's path: a machine without it
    // falls back to PATH rather than failing.
    path.is_file().then_some(path)
}

/// The first file called `name` in a `PATH` folder.
fn find_on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?).map(|dir| dir.join(name)).find(|path| path.is_file())
}

/// Makes the tools started later (cargo's wasm test runner, node) use `browser`.
fn export(browser: &Browser) {
    // Called before any thread is started (no server runs yet), so changing the
    // process environment cannot race a reader.
    std::env::set_var("CHROMIUM", &browser.chromium);
    std::env::set_var("CHROMEDRIVER", &browser.chromedriver);
}

/// The error for a machine without a usable Chromium: why, and exactly what to install.
fn missing_browser(why: &str) -> String {
    format!(
        "Chromium and ChromeDriver are needed for the browser tests and were not found \
         (looked at $CHROMIUM and $CHROMEDRIVER, then for chromium, chromium-browser and chromedriver on PATH); \
         {why}. Install both, of the same major version: on Debian or Ubuntu \
         `apt-get install chromium chromium-driver` as root; elsewhere your system's Chromium and \
         ChromeDriver packages. Or set CHROMIUM and CHROMEDRIVER to the paths of existing binaries."
    )
}

/// `npm ci` in `tests/` unless `node_modules` is already up to date with the lock file.
/// Without install scripts: none of ours needs one (Parcel's native parts come as npm
/// packages of prebuilt binaries), and a script that builds from source would fetch Node's
/// headers from the internet, which a build here must not. npm 11 skips them by default.
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
        run(Command::new("npm").args(["ci", "--no-audit", "--no-fund", "--ignore-scripts"]).current_dir(&tests))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tools_are_found_on_path_and_missing_ones_are_not() {
        assert!(find_on_path("sh").is_some_and(|path| path.is_file()));
        assert_eq!(find_on_path("no-such-tool-for-status-widget"), None);
    }

    #[test]
    fn the_missing_browser_error_says_what_to_install() {
        let message = missing_browser("apt-get is not available to install them");
        assert!(message.contains("apt-get install chromium chromium-driver"), "{message}");
        assert!(message.contains("CHROMIUM and CHROMEDRIVER"), "{message}");
        assert!(message.contains("apt-get is not available"), "{message}");
    }
}
