//! `statusgen serve`: the built site on 127.0.0.1, rebuilt whenever an input file
//! changes, so the operator sees the page before pushing.
//!
//! A small std-only HTTP server (GET and HEAD of files under the output folder) and a
//! polling watcher (every 250 ms: file sizes and modification times of `status.toml`,
//! `incidents/`, `maintenance/`, `postmortems/`, the templates and the `widget` folder).
//! Polling needs no platform API and a site holds few files. A broken input keeps the
//! last good output on disk and serves the error on every page until the file is fixed.

use std::hash::{Hash as _, Hasher as _};
use std::io::{BufRead as _, BufReader, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use status_feed::Timestamp;

use crate::input::STATUS_FILE;

/// How often inputs are looked at.
const POLL: Duration = Duration::from_millis(250);

/// Builds `root` into `out`, serves `out` on 127.0.0.1:`port` (0: any free port), and
/// rebuilds on every change of an input file, forever. `now` gives the build time.
pub fn serve(root: &Path, out: &Path, port: u16, now: &dyn Fn() -> Result<Timestamp>) -> Result<()> {
    let broken: Arc<Mutex<Option<String>>> = Arc::new(Mutex::new(None));
    let rebuild = |reason: &str| {
        let started = Instant::now();
        let result = now().and_then(|now| crate::build(root, out, now));
        let mut slot = broken.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match result {
            Ok(report) => {
                *slot = None;
                for warning in &report.warnings {
                    println!("{reason}: warning: {warning}");
                }
                println!(
                    "{reason}: built {} files in {} ms, status {}",
                    report.files,
                    started.elapsed().as_millis(),
                    report.indicator
                );
            }
            Err(error) => {
                println!("{reason}: build failed, serving the error until it is fixed:\n{error:#}");
                *slot = Some(format!("{error:#}"));
            }
        }
    };
    let mut seen = fingerprint(root);
    rebuild("start");

    let listener =
        TcpListener::bind(("127.0.0.1", port)).with_context(|| format!("cannot listen on 127.0.0.1:{port}"))?;
    let address = listener.local_addr().context("no local address")?;
    println!("serving http://{address}/ from {} (Ctrl-C to stop); reload the page after a change", out.display());
    let (out_dir, errors) = (out.to_path_buf(), broken.clone());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (out_dir, errors) = (out_dir.clone(), errors.clone());
            std::thread::spawn(move || {
                let _ = respond(stream, &out_dir, &errors);
            });
        }
    });
    loop {
        std::thread::sleep(POLL);
        let now_seen = fingerprint(root);
        if now_seen != seen {
            seen = now_seen;
            rebuild("change");
        }
    }
}

/// A hash of the size and modification time of every input file.
fn fingerprint(root: &Path) -> u64 {
    let mut files = Vec::new();
    let (templates, widget) = crate::input::load_config(root)
        .map_or_else(|_| (PathBuf::from("templates"), None), |c| (c.templates, c.widget));
    let inputs = [
        PathBuf::from(STATUS_FILE),
        "incidents".into(),
        "maintenance".into(),
        crate::postmortem::DIR.into(),
        templates,
    ];
    for start in inputs.into_iter().chain(widget) {
        walk(&root.join(start), &mut files);
    }
    files.sort();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    files.hash(&mut hasher);
    hasher.finish()
}

fn walk(path: &Path, files: &mut Vec<(PathBuf, u64, Option<std::time::SystemTime>)>) {
    let Ok(meta) = std::fs::metadata(path) else { return };
    if meta.is_dir() {
        if let Ok(listing) = std::fs::read_dir(path) {
            for item in listing.flatten() {
                walk(&item.path(), files);
            }
        }
    } else {
        files.push((path.to_path_buf(), meta.len(), meta.modified().ok()));
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("atom") => "application/atom+xml; charset=utf-8",
        Some("ics") => "text/calendar; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// Answers one request: a file under `out`, the build error, or 404.
fn respond(stream: TcpStream, out: &Path, broken: &Mutex<Option<String>>) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
    }
    let mut parts = request.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let mut stream = stream;
    let send = |stream: &mut TcpStream, status: &str, kind: &str, body: &[u8], head: bool| {
        write!(
            stream,
            "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nAccess-Control-Allow-Origin: *\r\nConnection: close\r\n\r\n",
            body.len()
        )?;
        if !head {
            stream.write_all(body)?;
        }
        stream.flush()
    };
    if method != "GET" && method != "HEAD" {
        return send(&mut stream, "405 Method Not Allowed", "text/plain; charset=utf-8", b"GET or HEAD only\n", false);
    }
    let head = method == "HEAD";
    if let Some(error) = broken.lock().unwrap_or_else(|p| p.into_inner()).clone() {
        let body = format!("statusgen: the last build failed; fix the file and save it.\n\n{error}\n");
        return send(&mut stream, "500 Build Failed", "text/plain; charset=utf-8", body.as_bytes(), head);
    }
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let relative = Path::new(path.trim_start_matches('/'));
    // Only plain names: no `..`, no absolute paths, nothing outside the output folder.
    if relative.components().any(|c| !matches!(c, Component::Normal(_))) {
        return send(&mut stream, "404 Not Found", "text/plain; charset=utf-8", b"not found\n", head);
    }
    let mut file = out.join(relative);
    if file.is_dir() {
        file = file.join("index.html");
    }
    match std::fs::read(&file) {
        Ok(body) => send(&mut stream, "200 OK", content_type(&file), &body, head),
        Err(_) => send(&mut stream, "404 Not Found", "text/plain; charset=utf-8", b"not found\n", head),
    }
}
