//! Polling the feed from Rust (the Leptos `StatusWidget`; the element's loader script
//! polls in JS by the same rules): jittered interval, paused while the tab is hidden,
//! refreshed on return, exponential back-off on errors.
//!
//! Every attempt ends in the next one, whatever happened: a timeout, a network error,
//! an HTTP error or a body that is not a feed. Only dropping the [`Poller`] ends the
//! loop: it clears the timer, aborts the request in flight and removes the visibility
//! listener. Callbacks hold only weak references, so no poller keeps itself alive.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use std::time::Duration;

use status_feed::Summary;
use web_sys::AbortController;

use crate::fetch::{fetch_summary, FetchError};
use crate::timer::{Listener, Timer};

/// The longest wait between attempts after repeated errors.
pub const MAX_BACKOFF: Duration = Duration::from_secs(600);
/// Retry base after an error when polling is off (`poll=0`).
const RETRY_BASE_MS: f64 = 30_000.0;

/// Receives each fetch's outcome.
pub type OnResult = Box<dyn Fn(Result<Summary, FetchError>)>;

/// A running poll loop, stopped when dropped.
#[must_use = "a Poller stops as soon as it is dropped"]
pub struct Poller {
    /// The only strong reference: dropping it ends the loop.
    _inner: Rc<Inner>,
}

struct Inner {
    url: String,
    interval_ms: f64,
    on_result: OnResult,
    timer: RefCell<Option<Timer>>,
    controller: RefCell<Option<AbortController>>,
    failures: Cell<u32>,
    /// Counts attempts: an answer to an attempt that was superseded is dropped.
    attempt: Cell<u32>,
    visibility: RefCell<Option<Listener>>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        if let Some(controller) = self.controller.take() {
            controller.abort();
        }
    }
}

impl Poller {
    /// Starts polling `url` every `interval_secs` (0: fetch once), reporting to `on_result`.
    pub fn start(url: String, interval_secs: u32, on_result: OnResult) -> Self {
        let inner = Rc::new(Inner {
            url,
            interval_ms: f64::from(interval_secs) * 1_000.0,
            on_result,
            timer: RefCell::new(None),
            controller: RefCell::new(None),
            failures: Cell::new(0),
            attempt: Cell::new(0),
            visibility: RefCell::new(None),
        });
        if let Some(document) = document() {
            let weak = Rc::downgrade(&inner);
            let listener = Listener::new(&document, "visibilitychange", move || {
                let Some(inner) = weak.upgrade() else { return };
                if is_hidden() {
                    inner.timer.take();
                } else if inner.controller.borrow().is_none() {
                    fetch_now(&inner);
                }
            });
            inner.visibility.replace(listener);
        }
        fetch_now(&inner);
        Self { _inner: inner }
    }
}

fn fetch_now(inner: &Rc<Inner>) {
    let Ok(controller) = AbortController::new() else { return };
    if let Some(previous) = inner.controller.replace(Some(controller.clone())) {
        previous.abort();
    }
    let attempt = inner.attempt.get().wrapping_add(1);
    inner.attempt.set(attempt);
    let weak = Rc::downgrade(inner);
    wasm_bindgen_futures::spawn_local(async move {
        let url = match weak.upgrade() {
            Some(inner) => inner.url.clone(),
            None => return,
        };
        let result = fetch_summary(&url, &controller).await;
        // Dropped meanwhile, or superseded by a newer attempt: this one's line ends here.
        let Some(inner) = weak.upgrade().filter(|inner| inner.attempt.get() == attempt) else { return };
        inner.controller.replace(None);
        let succeeded = result.is_ok();
        (inner.on_result)(result);
        after_attempt(&inner, succeeded);
    });
}

fn after_attempt(inner: &Rc<Inner>, succeeded: bool) {
    let failures = if succeeded { 0 } else { inner.failures.get().saturating_add(1) };
    inner.failures.set(failures);
    let delay_ms = if succeeded {
        if inner.interval_ms <= 0.0 {
            return;
        }
        inner.interval_ms
    } else {
        let base = if inner.interval_ms > 0.0 { inner.interval_ms } else { RETRY_BASE_MS };
        (base * 2f64.powi(failures.min(16) as i32 - 1)).min(MAX_BACKOFF.as_millis() as f64)
    };
    if is_hidden() {
        // Hidden tabs do not poll; the visibility listener fetches on return.
        return;
    }
    let weak: Weak<Inner> = Rc::downgrade(inner);
    let timer = Timer::once(jittered(delay_ms), move || {
        if let Some(inner) = weak.upgrade() {
            fetch_now(&inner);
        }
    });
    inner.timer.replace(timer);
}

/// ±10 %, so a million widgets opened by one incident e-mail do not poll in lockstep.
fn jittered(delay_ms: f64) -> f64 {
    delay_ms * (0.9 + 0.2 * js_sys::Math::random())
}

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

fn is_hidden() -> bool {
    document().is_some_and(|document| document.hidden())
}
