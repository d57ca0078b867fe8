//! `cargo xtask examples`: the `StatusWidget` component in the two kinds of Leptos app,
//! built as their developers build them, and tested in Chromium.
//!
//! - `examples/leptos-csr`: client-side rendering, without trunk: `cargo build --target
//!   wasm32-unknown-unknown`, `wasm-bindgen --target web`, served with its `index.html` by
//!   the static server (`serve.rs`).
//! - `examples/leptos-ssr`: axum + leptos_axum, without cargo-leptos: the server binary
//!   (feature `ssr`, native) and the hydrate bundle (feature `hydrate`, wasm), run as a
//!   child process on a free port of 127.0.0.1 and killed afterwards.
//!
//! Each site gets a `summary.json` beside the app: the feed crate's minor-incident
//! fixture moved to now. Both are built in the dev profile, as a developer runs them:
//! it compiles fastest, and only debug builds of Leptos report hydration mismatches.
//! `--release` builds them in the release profile instead (to measure sizes).

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use status_feed::Timestamp;

use crate::tools::{self, run as exec};
use crate::{demo, dist, root, serve, step};

/// `cargo xtask examples [--release]`: installs what is missing, then [`test`].
pub fn run(args: &[String]) -> Result<()> {
    let release = match args {
        [] => false,
        [flag] if flag == "--release" => true,
        _ => bail!("usage: cargo xtask examples [--release]"),
    };
    tools::wasm_target()?;
    tools::wasm_bindgen_cli()?;
    tools::chromium()?;
    tools::npm_packages()?;
    build_and_test(release)
}

/// Builds both examples, serves them on 127.0.0.1 and runs `tests/e2e-examples/`
/// (the tools must be installed: `cargo xtask test` has done it).
pub fn test() -> Result<()> {
    build_and_test(false)
}

fn build_and_test(release: bool) -> Result<()> {
    let root = root();
    let out = root.join("target/examples");
    let started = Instant::now();

    let csr = out.join("leptos-csr");
    fresh_dir(&csr)?;
    step("building examples/leptos-csr (wasm32, csr)");
    cargo_build(&["--package", "leptos-csr-example", "--lib", "--target", "wasm32-unknown-unknown"], release)?;
    bindgen("leptos_csr_example", release, &csr.join("pkg"))?;
    fs::copy(root.join("examples/leptos-csr/index.html"), csr.join("index.html"))?;
    write_feed(&csr)?;

    let ssr = out.join("leptos-ssr");
    fresh_dir(&ssr)?;
    step("building examples/leptos-ssr (wasm32 hydrate bundle, native ssr server)");
    cargo_build(
        &[
            "--package",
            "leptos-ssr-example",
            "--lib",
            "--target",
            "wasm32-unknown-unknown",
            "--no-default-features",
            "--features",
            "hydrate",
        ],
        release,
    )?;
    bindgen("leptos_ssr_example", release, &ssr.join("pkg"))?;
    cargo_build(&["--package", "leptos-ssr-example", "--bin", "leptos-ssr-example"], release)?;
    write_feed(&ssr)?;
    let built = started.elapsed();

    let csr_server = serve::start(csr.clone(), 0)?;
    let csr_url = format!("http://127.0.0.1:{}", csr_server.port);
    let server = root.join("target").join(profile_dir(release)).join("leptos-ssr-example");
    let ssr_server = Server::start(&server, &ssr)?;

    step(&format!("example apps end to end (Playwright + Chromium): CSR {csr_url}, SSR {}", ssr_server.url));
    let tested = Instant::now();
    let result = exec(
        Command::new("node")
            .current_dir(root.join("tests"))
            .args(["--test", "--test-concurrency=1", "e2e-examples/"])
            .env("CSR_URL", &csr_url)
            .env("SSR_URL", &ssr_server.url)
            .env("SCREENSHOT_DIR", root.join("target/screenshots")),
    )
    .context("example end-to-end tests failed");
    let tested = tested.elapsed();
    drop(ssr_server);
    result?;

    println!("\n{:<40} {:>12} {:>12}", "example wasm (after wasm-bindgen)", "raw", "gzip -9");
    for (dir, name) in [(&csr, "leptos_csr_example"), (&ssr, "leptos_ssr_example")] {
        let wasm = dir.join("pkg").join(format!("{name}_bg.wasm"));
        let data = fs::read(&wasm).with_context(|| format!("reading {}", wasm.display()))?;
        let label = format!("{name}_bg.wasm ({})", profile_dir(release));
        println!("{label:<40} {:>12} {:>12}", data.len(), dist::gzip(&data).len());
    }
    println!("examples: built in {:.0} s, tested in {:.0} s", built.as_secs_f64(), tested.as_secs_f64());
    Ok(())
}

fn profile_dir(release: bool) -> &'static str {
    if release {
        "release"
    } else {
        "debug"
    }
}

fn fresh_dir(dir: &Path) -> Result<()> {
    if dir.exists() {
        fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))
}

fn cargo_build(args: &[&str], release: bool) -> Result<()> {
    let mut command = Command::new("cargo");
    command.current_dir(root()).arg("build").args(args);
    if release {
        command.arg("--release");
    }
    exec(&mut command)
}

/// `wasm-bindgen --target web`: `pkg/NAME.js` and `pkg/NAME_bg.wasm`, the names both
/// `index.html` and Leptos's `HydrationScripts` load.
fn bindgen(name: &str, release: bool, pkg: &Path) -> Result<()> {
    let wasm = root().join("target/wasm32-unknown-unknown").join(profile_dir(release)).join(format!("{name}.wasm"));
    exec(Command::new("wasm-bindgen").arg("--target").arg("web").arg("--out-dir").arg(pkg).arg(&wasm))
}

/// The feed served beside each app: a minor incident on the API, updated minutes ago.
fn write_feed(site: &Path) -> Result<()> {
    let fixture = root().join("feed/tests/fixtures/minor_incident.json");
    let text = fs::read_to_string(&fixture).with_context(|| format!("reading {}", fixture.display()))?;
    let fixture_now = Timestamp::parse("2024-05-10T12:00:00Z").expect("valid");
    let shifted = demo::shift_times(&text, demo::now().unix_ms() - fixture_now.unix_ms());
    fs::write(site.join("summary.json"), shifted).context("writing summary.json")
}

/// The SSR example's server, killed when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    /// Starts `binary` on a free port serving `site`, and waits for the line naming its URL.
    fn start(binary: &Path, site: &Path) -> Result<Self> {
        let mut child = Command::new(binary)
            .env("SITE_ROOT", site)
            .env("PORT", "0")
            .stdout(Stdio::piped())
            .spawn()
            .with_context(|| format!("starting {}", binary.display()))?;
        let mut line = String::new();
        if let Some(stdout) = child.stdout.take() {
            let mut stdout = BufReader::new(stdout);
            stdout.read_line(&mut line).context("reading the server's first line")?;
            // Anything the server prints later is passed on rather than left to fill the pipe.
            std::thread::spawn(move || stdout.lines().map_while(Result::ok).for_each(|line| eprintln!("{line}")));
        }
        let Some(url) = line.trim().strip_prefix("listening on ").map(str::to_owned) else {
            let _ = child.kill();
            let _ = child.wait();
            bail!("the SSR example server did not start (its first line: {line:?})");
        };
        Ok(Self { child, url })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
