//! A small static server for the demo and the end-to-end tests, behaving like a
//! CDN in front of a static host: correct MIME types (`application/wasm` for
//! streaming compilation), precompressed `.br`/`.gz` siblings, CORS and a short
//! `Cache-Control` on the JSON feed, and the CSP header for the strict-CSP page.
//! It listens on 127.0.0.1 only.

use std::collections::HashSet;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread;

use anyhow::{anyhow, Result};
use tiny_http::{Header, Request, Response, Server};

/// The CSP the strict demo page is served with: what a careful site allows.
pub const STRICT_CSP: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'; img-src 'self'";

/// A running server; it stops when the process ends.
pub struct Running {
    pub port: u16,
}

/// Binds 127.0.0.1:`port` (0 picks a free port) and serves `root` from worker threads.
pub fn start(root: PathBuf, port: u16) -> Result<Running> {
    let listener = listener(port).map_err(|err| anyhow!("cannot listen on 127.0.0.1:{port}: {err}"))?;
    let server =
        Server::from_listener(listener, None).map_err(|err| anyhow!("cannot serve on 127.0.0.1:{port}: {err}"))?;
    let port = server.server_addr().to_ip().map_or(port, |addr| addr.port());
    let server = Arc::new(server);
    let root = Arc::new(root);
    let stale_sessions = Arc::new(Mutex::new(HashSet::new()));
    for _ in 0..4 {
        let (server, root, stale_sessions) = (server.clone(), root.clone(), stale_sessions.clone());
        thread::spawn(move || {
            while let Ok(request) = server.recv() {
                if request.url().starts_with(STALE_FEED) && !first_visit(&stale_sessions, request.url()) {
                    let _ = request.respond(Response::from_string("feed down").with_status_code(503));
                    continue;
                }
                respond(&root, request);
            }
        });
    }
    Ok(Running { port })
}

/// A listening socket on 127.0.0.1:`port` with TCP_NODELAY, as a CDN's (nginx's
/// `tcp_nodelay on`): tiny_http writes a response's head and body apart, and with Nagle's
/// algorithm the body of a second response on a kept-alive connection waited for the
/// client's delayed ACK, 40 ms on Linux (seen with curl; Chromium reuses connections).
/// Linux copies the option to every connection the listener accepts.
fn listener(port: u16) -> std::io::Result<std::net::TcpListener> {
    use socket2::{Domain, Socket, Type};
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None)?;
    socket.set_tcp_nodelay(true)?;
    // As std's `TcpListener::bind` does: a restarted demo gets its port back at once.
    socket.set_reuse_address(true)?;
    socket.bind(&std::net::SocketAddr::from(([127, 0, 0, 1], port)).into())?;
    socket.listen(128)?;
    Ok(socket.into())
}

/// The playground's "stale" scenario: this feed answers once per `?session=` and then
/// fails, as a status host that went down would. The widget keeps the last notices and,
/// after 10 minutes without fresh data, says its status may be out of date.
const STALE_FEED: &str = "/playground/feeds/stale.json";

fn first_visit(sessions: &Mutex<HashSet<String>>, url: &str) -> bool {
    sessions.lock().map_or(true, |mut seen| seen.insert(url.to_owned()))
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

fn respond(root: &Path, request: Request) {
    let url_path = request.url().split(['?', '#']).next().unwrap_or("/").to_owned();
    let Some(mut file) = resolve(root, &url_path) else {
        let _ = request.respond(Response::from_string("not found").with_status_code(404));
        return;
    };
    if file.is_dir() {
        file = file.join("index.html");
    }
    let accepts = |encoding: &str| {
        request.headers().iter().any(|h| {
            h.field.equiv("Accept-Encoding") && h.value.as_str().split(',').any(|e| e.trim().starts_with(encoding))
        })
    };
    let mut headers = vec![header("Content-Type", mime(&file)), header("X-Content-Type-Options", "nosniff")];
    let mut body_file = file.clone();
    for (encoding, suffix) in [("br", "br"), ("gzip", "gz")] {
        let compressed = PathBuf::from(format!("{}.{suffix}", file.display()));
        if accepts(encoding) && compressed.is_file() {
            body_file = compressed;
            headers.push(header("Content-Encoding", encoding));
            break;
        }
    }
    headers.push(header("Vary", "Accept-Encoding"));
    let extension = file.extension().and_then(|e| e.to_str()).unwrap_or("");
    match extension {
        // The feed: readable from any site, cached briefly at the edge so an update shows within a poll.
        "json" => {
            headers.push(header("Access-Control-Allow-Origin", "*"));
            headers.push(header("Cache-Control", "public, max-age=10, stale-while-revalidate=30"));
        }
        "js" | "wasm" => {
            headers.push(header("Access-Control-Allow-Origin", "*"));
            headers.push(header("Cache-Control", "public, max-age=300"));
        }
        _ => headers.push(header("Cache-Control", "no-cache")),
    }
    if url_path.contains("strict-csp") {
        headers.push(header("Content-Security-Policy", STRICT_CSP));
    }
    match fs::read(&body_file) {
        Ok(body) => {
            let mut response = Response::from_data(body);
            for h in headers {
                response.add_header(h);
            }
            let _ = request.respond(response);
        }
        Err(_) => {
            let _ = request.respond(Response::from_string("not found").with_status_code(404));
        }
    }
}

/// Maps a URL path into `root`, refusing anything that would leave it.
fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = url_path.replace("%20", " ");
    let relative = Path::new(decoded.trim_start_matches('/'));
    if relative.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let path = root.join(relative);
    (path.exists()).then_some(path)
}

fn mime(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "atom" => "application/atom+xml",
        "png" => "image/png",
        "txt" | "_headers" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::listener;

    /// With Nagle's algorithm on, the body of a second response on a kept-alive
    /// connection waited 40 ms for the client's delayed ACK: the server's connections
    /// have it off, as they inherit the listener's option.
    #[test]
    fn accepted_connections_send_without_waiting_for_an_ack() {
        let listener = listener(0).expect("a free port on 127.0.0.1");
        let address = listener.local_addr().expect("a bound address");
        let _client = std::net::TcpStream::connect(address).expect("a connection");
        let (accepted, _) = listener.accept().expect("the connection accepted");
        assert!(accepted.nodelay().expect("the option read back"), "TCP_NODELAY is off");
    }
}
