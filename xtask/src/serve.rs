//! A small static server for the demo, the end-to-end tests and the bench, behaving like a
//! CDN in front of a static host: correct MIME types (`application/wasm` for
//! streaming compilation), precompressed `.br`/`.gz` siblings, CORS and a short
//! `Cache-Control` on the JSON feed, and the CSP header for the strict-CSP page.
//! It listens on 127.0.0.1 only, and keeps connections open as browsers expect (HTTP/1.1).

use std::collections::HashSet;
use std::fs;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread;

use anyhow::{anyhow, Result};

/// The CSP the strict demo page is served with: what a careful site allows.
pub const STRICT_CSP: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'; img-src 'self'";

/// A running server; it stops when the process ends.
pub struct Running {
    pub port: u16,
}

/// What the server serves, shared by its connections.
struct Site {
    root: PathBuf,
    /// The `?session=` values the stale feed has answered once.
    stale_sessions: Mutex<HashSet<String>>,
}

/// Binds 127.0.0.1:`port` (0 picks a free port) and serves `root`, each connection from a
/// thread of its own for as long as the browser keeps it open. (tiny_http's pool of
/// threads, shared between connections, could leave a new connection unread while every
/// thread waited on a kept-alive one: a request then hung until another connection
/// closed. That was the end-to-end suite's rare "stuck at loading": in 4 of 5 runs with
/// both cores otherwise busy, about one run in ten without.)
pub fn start(root: PathBuf, port: u16) -> Result<Running> {
    let listener = listener(port).map_err(|err| anyhow!("cannot listen on 127.0.0.1:{port}: {err}"))?;
    let port = listener.local_addr().map_or(port, |addr| addr.port());
    let site = Arc::new(Site { root, stale_sessions: Mutex::new(HashSet::new()) });
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let site = site.clone();
            thread::spawn(move || serve_connection(&site, stream));
        }
    });
    Ok(Running { port })
}

/// A listening socket on 127.0.0.1:`port` with TCP_NODELAY, as a CDN's (nginx's
/// `tcp_nodelay on`): with Nagle's algorithm, the body of a second response on a
/// kept-alive connection waited for the client's delayed ACK, 40 ms on Linux (seen with
/// curl and tiny_http, which wrote a response's head and body apart; Chromium reuses
/// connections). Linux copies the option to every connection the listener accepts.
fn listener(port: u16) -> std::io::Result<TcpListener> {
    use socket2::{Domain, Socket, Type};
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None)?;
    socket.set_tcp_nodelay(true)?;
    // As std's `TcpListener::bind` does: a restarted demo gets its port back at once.
    socket.set_reuse_address(true)?;
    socket.bind(&std::net::SocketAddr::from(([127, 0, 0, 1], port)).into())?;
    socket.listen(128)?;
    Ok(socket.into())
}

/// Answers the connection's requests in turn (HTTP/1.1 keep-alive) until the client
/// closes it, asks to, or sends something that is not a request.
fn serve_connection(site: &Site, stream: TcpStream) {
    let Ok(reading) = stream.try_clone() else { return };
    let mut reader = BufReader::new(reading);
    let mut writer = stream;
    while let Some(request) = read_request(&mut reader) {
        let response = site.respond(&request);
        if write_response(&mut writer, &request, &response).is_err() || request.close {
            return;
        }
    }
}

/// One request: what the server reads of it.
#[derive(Debug, PartialEq)]
struct Request {
    method: String,
    url: String,
    accept_encoding: String,
    /// The client will not send another request on this connection.
    close: bool,
}

/// Reads one request's head (and skips its body); `None` at the end of the connection
/// or on anything that is not an HTTP/1 request.
fn read_request(reader: &mut impl BufRead) -> Option<Request> {
    let mut line = String::new();
    if reader.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let (method, url, version) = (parts.next()?.to_owned(), parts.next()?.to_owned(), parts.next()?);
    let mut request = Request { method, url, accept_encoding: String::new(), close: version == "HTTP/1.0" };
    let mut body_length = 0;
    loop {
        line.clear();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':')?;
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "accept-encoding" => request.accept_encoding = value.to_owned(),
            "connection" => request.close = value.eq_ignore_ascii_case("close"),
            "content-length" => body_length = value.parse().ok()?,
            _ => {}
        }
    }
    io::copy(&mut reader.take(body_length), &mut io::sink()).ok()?;
    Some(request)
}

struct Response {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Response {
    fn text(status: u16, body: &str) -> Self {
        let headers = vec![("Content-Type", "text/plain; charset=utf-8".to_owned())];
        Response { status, headers, body: body.as_bytes().to_vec() }
    }
}

/// Writes the whole response at once (a `HEAD` gets the head alone).
fn write_response(writer: &mut impl Write, request: &Request, response: &Response) -> io::Result<()> {
    let reason = match response.status {
        200 => "OK",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Service Unavailable",
    };
    let mut head = format!("HTTP/1.1 {} {reason}\r\n", response.status);
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n", response.body.len()));
    if request.close {
        head.push_str("Connection: close\r\n");
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    if request.method != "HEAD" {
        bytes.extend_from_slice(&response.body);
    }
    writer.write_all(&bytes)?;
    writer.flush()
}

/// The playground's "stale" scenario: this feed answers once per `?session=` and then
/// fails, as a status host that went down would. The widget keeps the last notices and,
/// after 10 minutes without fresh data, says its status may be out of date.
const STALE_FEED: &str = "/playground/feeds/stale.json";

impl Site {
    fn first_visit(&self, url: &str) -> bool {
        self.stale_sessions.lock().map_or(true, |mut seen| seen.insert(url.to_owned()))
    }

    fn respond(&self, request: &Request) -> Response {
        if request.method != "GET" && request.method != "HEAD" {
            return Response::text(405, "only GET and HEAD");
        }
        if request.url.starts_with(STALE_FEED) && !self.first_visit(&request.url) {
            return Response::text(503, "feed down");
        }
        let url_path = request.url.split(['?', '#']).next().unwrap_or("/");
        let Some(mut file) = resolve(&self.root, url_path) else {
            return Response::text(404, "not found");
        };
        if file.is_dir() {
            file = file.join("index.html");
        }
        let accepts = |encoding: &str| request.accept_encoding.split(',').any(|e| e.trim().starts_with(encoding));
        let mut headers =
            vec![("Content-Type", mime(&file).to_owned()), ("X-Content-Type-Options", "nosniff".to_owned())];
        let mut body_file = file.clone();
        for (encoding, suffix) in [("br", "br"), ("gzip", "gz")] {
            let compressed = PathBuf::from(format!("{}.{suffix}", file.display()));
            if accepts(encoding) && compressed.is_file() {
                body_file = compressed;
                headers.push(("Content-Encoding", encoding.to_owned()));
                break;
            }
        }
        headers.push(("Vary", "Accept-Encoding".to_owned()));
        let extension = file.extension().and_then(|e| e.to_str()).unwrap_or("");
        match extension {
            // The feed: readable from any site, cached briefly at the edge so an update shows within a poll.
            "json" => {
                headers.push(("Access-Control-Allow-Origin", "*".to_owned()));
                headers.push(("Cache-Control", "public, max-age=10, stale-while-revalidate=30".to_owned()));
            }
            "js" | "wasm" => {
                headers.push(("Access-Control-Allow-Origin", "*".to_owned()));
                headers.push(("Cache-Control", "public, max-age=300".to_owned()));
            }
            _ => headers.push(("Cache-Control", "no-cache".to_owned())),
        }
        if url_path.contains("strict-csp") {
            headers.push(("Content-Security-Policy", STRICT_CSP.to_owned()));
        }
        match fs::read(&body_file) {
            Ok(body) => Response { status: 200, headers, body },
            Err(_) => Response::text(404, "not found"),
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
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpStream;
    use std::time::Duration;

    use super::{listener, read_request, start, Request};

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

    #[test]
    fn requests_are_read_one_after_another_from_one_connection() {
        let bytes = "POST /hook HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello\
                     GET /a.wasm?x=1 HTTP/1.1\r\nAccept-Encoding: gzip, br\r\nConnection: close\r\n\r\n";
        let mut reader = BufReader::new(bytes.as_bytes());
        let first = read_request(&mut reader).expect("the first request");
        assert_eq!((first.method.as_str(), first.url.as_str(), first.close), ("POST", "/hook", false));
        let second = read_request(&mut reader).expect("the second request, after the first one's body");
        let expected = Request {
            method: "GET".into(),
            url: "/a.wasm?x=1".into(),
            accept_encoding: "gzip, br".into(),
            close: true,
        };
        assert_eq!(second, expected);
        assert_eq!(read_request(&mut reader), None, "the end of the connection");
        assert_eq!(read_request(&mut BufReader::new(&b"not http\r\n\r\n"[..])), None);
    }

    /// Sends a GET for `path` on `stream` and reads the response's status line and body.
    fn get(stream: &mut TcpStream, path: &str) -> (String, String) {
        write!(stream, "GET {path} HTTP/1.1\r\nHost: test\r\n\r\n").expect("the request sent");
        let mut reader = BufReader::new(stream.try_clone().expect("a reading handle"));
        let (mut status, mut line, mut length) = (String::new(), String::new(), 0);
        reader.read_line(&mut status).expect("a status line");
        while reader.read_line(&mut line).expect("a header") > 2 {
            if let Some(value) = line.strip_prefix("Content-Length: ") {
                length = value.trim().parse().expect("a length");
            }
            line.clear();
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).expect("the body");
        (status.trim_end().to_owned(), String::from_utf8(body).expect("text"))
    }

    /// A browser keeps its connections open between requests: a new connection is answered
    /// however many others are open and idle.
    #[test]
    fn a_new_connection_is_answered_while_others_are_kept_open() {
        let root = std::env::temp_dir().join(format!("xtask-serve-test-{}", std::process::id()));
        std::fs::create_dir_all(&root).expect("a folder");
        std::fs::write(root.join("feed.json"), "{}").expect("a file");
        let port = start(root.clone(), 0).expect("a server").port;
        let connect = || {
            let stream = TcpStream::connect(("127.0.0.1", port)).expect("a connection");
            stream.set_read_timeout(Some(Duration::from_secs(5))).expect("a timeout");
            stream
        };
        let mut kept: Vec<TcpStream> = (0..12).map(|_| connect()).collect();
        for stream in &mut kept {
            assert_eq!(get(stream, "/feed.json"), ("HTTP/1.1 200 OK".to_owned(), "{}".to_owned()));
        }
        assert_eq!(get(&mut connect(), "/missing.json").0, "HTTP/1.1 404 Not Found");
        assert_eq!(get(&mut kept[0], "/feed.json").1, "{}", "a kept connection serves again");
        std::fs::remove_dir_all(root).expect("the folder removed");
    }
}
