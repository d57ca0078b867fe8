//! Fetching the feed: no credentials, a timeout, a size cap, and typed errors.
//!
//! The body is parsed by the browser's `JSON.parse`, which keeps a JSON parser out
//! of the wasm, and read into the feed model by [`crate::read`].

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use status_feed::{decimal, Summary};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, RequestCache, RequestCredentials, RequestInit, Response};

use crate::timer::Timer;

/// Requests that take longer are abandoned.
pub const TIMEOUT: Duration = Duration::from_secs(10);
/// Bodies larger than this are ignored: no status feed needs a megabyte.
pub const MAX_BYTES: usize = 1 << 20;

/// Why a feed could not be loaded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FetchError {
    /// No response: offline, DNS, CORS refused, or aborted.
    Network,
    /// The server answered with an error status.
    Http {
        /// The HTTP status code.
        status: u16,
    },
    /// The body is not JSON, or JSON that is not a status feed (CONTRACT §3).
    Decode,
    /// The body is larger than [`MAX_BYTES`].
    TooLarge,
    /// No answer within [`TIMEOUT`].
    Timeout,
    /// The `feed` option is missing or empty: nothing is fetched (never the host's own
    /// `/api/v2/summary.json`).
    NoFeed,
}

impl FetchError {
    /// The cause in words, for the console hint that names the feed's URL (the
    /// loader's `causeOf` says the same; `widget/tests/loader.rs` holds them equal).
    pub fn cause(self) -> String {
        match self {
            Self::Network => "no response (offline, CORS or refused)".into(),
            Self::Http { status } => ["HTTP ", &decimal(status.into())].concat(),
            Self::Decode => status_feed::NOT_A_FEED.into(),
            Self::TooLarge => ["larger than ", &decimal((MAX_BYTES >> 20) as i64), " MiB"].concat(),
            Self::Timeout => ["no answer within ", &decimal(TIMEOUT.as_secs() as i64), " s"].concat(),
            Self::NoFeed => "`feed` is empty: set it to your status page's URL".into(),
        }
    }
}

/// Fetches and reads a summary document. `controller` lets the caller abort it.
pub async fn fetch_summary(url: &str, controller: &AbortController) -> Result<Summary, FetchError> {
    let window = web_sys::window().ok_or(FetchError::Network)?;
    let init = RequestInit::new();
    init.set_credentials(RequestCredentials::Omit);
    // Revalidate on every poll: a CDN's short max-age must not hide a new update from
    // a visitor for longer than one poll (the edge still answers, cheaply, with a 304).
    init.set_cache(RequestCache::NoCache);
    init.set_signal(Some(&controller.signal()));

    let timed_out = Rc::new(Cell::new(false));
    let timer = {
        let (timed_out, controller) = (timed_out.clone(), controller.clone());
        Timer::once(TIMEOUT.as_millis() as f64, move || {
            timed_out.set(true);
            controller.abort();
        })
    };
    let result = fetch_body(&window, url, &init).await;
    drop(timer);
    let text = result.map_err(|err| if timed_out.get() { FetchError::Timeout } else { err })?;
    parse_summary(&text)
}

async fn fetch_body(window: &web_sys::Window, url: &str, init: &RequestInit) -> Result<String, FetchError> {
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(url, init))
        .await
        .and_then(JsCast::dyn_into)
        .map_err(|_| FetchError::Network)?;
    if !response.ok() {
        return Err(FetchError::Http { status: response.status() });
    }
    let declared = response.headers().get("content-length").ok().flatten().and_then(|len| len.parse::<usize>().ok());
    if declared.is_some_and(|len| len > MAX_BYTES) {
        return Err(FetchError::TooLarge);
    }
    let text =
        JsFuture::from(response.text().map_err(|_| FetchError::Network)?).await.map_err(|_| FetchError::Network)?;
    let text = text.as_string().ok_or(FetchError::Decode)?;
    if text.len() > MAX_BYTES {
        return Err(FetchError::TooLarge);
    }
    Ok(text)
}

/// Reads a summary from JSON text with the browser's parser.
pub fn parse_summary(text: &str) -> Result<Summary, FetchError> {
    let value: JsValue = js_sys::JSON::parse(text).map_err(|_| FetchError::Decode)?;
    crate::read::summary(&value).ok_or(FetchError::Decode)
}

thread_local! {
    /// Hints already given, so a dead feed polled every minute logs once.
    static WARNED: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// One console hint per feed URL and cause, naming both: the host page's developer is
/// the one who can fix it.
pub(crate) fn warn_once(url: &str, cause: &str) {
    // Not `{url:?}`: Debug formatting of a str brings escaping tables into the wasm.
    let message = ["status-widget: feed \"", url, "\": ", cause].concat();
    let first = WARNED.with_borrow_mut(|warned| {
        let first = !warned.contains(&message);
        if first {
            warned.push(message.clone());
        }
        first
    });
    if first {
        web_sys::console::warn_1(&message.into());
    }
}
