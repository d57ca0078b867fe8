//! `cargo xtask demo`: the widget on a realistic company website, and the status page
//! it links to, served on 127.0.0.1.
//!
//! The demo's incident files are dated around a fixed "demo now"
//! (`demo-site/demo-now.txt`); building shifts every timestamp so that moment is
//! the real now, so the ongoing incident is minutes old and the maintenance is
//! upcoming whenever the demo runs. The same site is what the end-to-end tests load.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{bail, Context, Result};
use status_feed::Timestamp;

use crate::{dist, root, serve, step};

/// Builds the served site into `out` for a server at `base_url` (no trailing slash).
pub fn prepare(out: &Path, base_url: &str) -> Result<()> {
    let bundle = dist::build()?;
    let root = root();
    step(&format!("assembling the demo site in {}", out.display()));
    if out.exists() {
        fs::remove_dir_all(out).with_context(|| format!("removing {}", out.display()))?;
    }
    fs::create_dir_all(out)?;
    let demo = root.join("demo-site");
    for entry in fs::read_dir(&demo)? {
        let path = entry?.path();
        let name = path.file_name().unwrap_or_default();
        if path.extension().is_some_and(|e| e == "html") {
            fs::copy(&path, out.join(name))?;
        }
    }
    copy_dir(&demo.join("assets"), &out.join("assets"))?;
    copy_dir(&demo.join("playground"), &out.join("playground"))?;
    fs::copy(root.join("index.html"), out.join("playground.html"))?;
    copy_dir(&bundle.dir, &out.join("widget"))?;

    let now = now();
    let anchor_text = fs::read_to_string(demo.join("demo-now.txt")).context("reading demo-site/demo-now.txt")?;
    let anchor = Timestamp::parse(anchor_text.trim()).context("demo-site/demo-now.txt")?;
    let shift_ms = (now.unix_ms() - anchor.unix_ms()) / 60_000 * 60_000;

    step("building the demo status page with statusgen");
    let source = out.with_extension("status-src");
    if source.exists() {
        fs::remove_dir_all(&source)?;
    }
    copy_dir(&demo.join("status"), &source)?;
    for folder in ["incidents", "maintenance"] {
        for entry in fs::read_dir(source.join(folder))? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "toml") {
                let text = fs::read_to_string(&path)?;
                fs::write(&path, shift_times(&text, shift_ms))?;
            }
        }
    }
    let config = source.join("status.toml");
    let text = fs::read_to_string(&config)?;
    let rewritten: Vec<String> = text
        .lines()
        .map(|line| if line.starts_with("url = ") { format!("url = \"{base_url}/status\"") } else { line.to_owned() })
        .collect();
    fs::write(&config, rewritten.join("\n") + "\n")?;
    // The status page publishes the widget bundle too, as a real one would (`build --widget`).
    let report = status_gen::build_with_widget(&source, &out.join("status"), now, Some(&bundle.dir))?;
    eprintln!(
        "status page: {} incidents, {} maintenances, indicator {}",
        report.incidents, report.maintenances, report.indicator
    );

    // The playground's scenario feeds: the feed crate's fixtures, moved to now.
    let feeds = out.join("playground/feeds");
    fs::create_dir_all(&feeds)?;
    let fixture_now = Timestamp::parse("2024-05-10T12:00:00Z").expect("valid");
    for entry in fs::read_dir(root.join("feed/tests/fixtures"))? {
        let path = entry?.path();
        let text = fs::read_to_string(&path)?;
        let shifted = shift_times(&text, now.unix_ms() - fixture_now.unix_ms());
        if path.file_name().is_some_and(|name| name == "minor_incident.json") {
            // The stale scenario's feed (see serve.rs): a minor incident, then silence.
            fs::write(feeds.join("stale.json"), &shifted)?;
        }
        fs::write(feeds.join(path.file_name().unwrap_or_default()), shifted)?;
    }
    Ok(())
}

pub fn run(args: &[String]) -> Result<()> {
    let port = match args {
        [] => 8080,
        [flag, port] if flag == "--port" => port.parse().context("--port takes a number")?,
        _ => bail!("usage: cargo xtask demo [--port N]"),
    };
    // The site is built before the server starts, so the first request never meets a
    // half-built folder (a 404 for the first minutes). The port is checked first, so a
    // busy port fails at once rather than after the build; port 0 picks a free one.
    let port = free_port(port)?;
    let base = format!("http://127.0.0.1:{port}");
    let site = root().join("target/demo/site");
    prepare(&site, &base)?;
    let server = serve::start(site, port)?;
    let base = format!("http://127.0.0.1:{}", server.port);
    println!("\nThe demo is served on {base}/ (Ctrl-C to stop):");
    for (page, what) in [
        ("", "homepage: the one-line script tag (popup)"),
        ("app.html", "app: banner filtered to API and Dashboard"),
        ("support.html", "support: badges and inline status"),
        ("hostile.html", "hostile CSS"),
        ("dark.html", "dark page"),
        ("fr.html", "French page"),
        ("strict-csp.html", "strict Content-Security-Policy"),
        ("dead-feed.html", "dead feed URL"),
        ("playground.html", "playground: every state and appearance"),
        ("status/", "the full status page (statusgen)"),
    ] {
        println!("  {base}/{page:<18} {what}");
    }
    loop {
        std::thread::park();
    }
}

/// Checks that 127.0.0.1:`port` can be listened on (0: finds a free port) and returns it.
/// The probe is closed again at once; the server binds the same port after the build.
fn free_port(port: u16) -> Result<u16> {
    let probe = std::net::TcpListener::bind(("127.0.0.1", port))
        .with_context(|| format!("cannot listen on 127.0.0.1:{port} (try --port with another number)"))?;
    Ok(probe.local_addr()?.port())
}

/// The current time (or `SOURCE_DATE_EPOCH`, for reproducible demo builds).
pub fn now() -> Timestamp {
    let seconds = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.parse::<i64>().ok());
    let ms = seconds
        .map(|s| s * 1_000)
        .unwrap_or_else(|| SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64));
    Timestamp::from_unix_ms(ms)
}

/// Moves every ISO 8601 date-time in `text` by `shift_ms`, keeping its offset.
pub fn shift_times(text: &str, shift_ms: i64) -> String {
    let is_time_char = |c: char| c.is_ascii_digit() || matches!(c, '-' | ':' | '.' | 'T' | 'Z' | '+');
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        out.push_str(&rest[..start]);
        let token_len = rest[start..].find(|c: char| !is_time_char(c)).unwrap_or(rest.len() - start);
        let token = &rest[start..start + token_len];
        match Timestamp::parse(token) {
            Ok(at) => {
                let moved = Timestamp::from_unix_ms(at.unix_ms() + shift_ms).with_offset_minutes(at.offset_minutes());
                out.push_str(&moved.to_string());
            }
            Err(_) => out.push_str(token),
        }
        rest = &rest[start + token_len..];
    }
    out.push_str(rest);
    out
}

pub fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        let target: PathBuf = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::shift_times;

    #[test]
    fn shifting_moves_date_times_and_leaves_other_numbers() {
        let text =
            "at = 2026-11-24T12:05:00+01:00\nid = \"2026-11-24-api\"\nposition = 3\n\"x\":\"2024-05-10T10:05:00.000Z\"";
        assert_eq!(
            shift_times(text, 3_600_000),
            "at = 2026-11-24T13:05:00.000+01:00\nid = \"2026-11-24-api\"\nposition = 3\n\"x\":\"2024-05-10T11:05:00.000Z\""
        );
    }
}
