//! Polling the feed: jittered interval, paused while the tab is hidden, refreshed
//! on return, exponential back-off on errors, and a clean stop.
//!
//! Stopping clears the timer, aborts the request in flight and removes the
//! visibility listener, so an unmounted widget leaves nothing running.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use status_feed::Summary;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::AbortController;

use crate::fetch::{fetch_summary, FetchError};
use crate::timer::Timer;

/// The longest wait between attempts after repeated errors.
pub const MAX_BACKOFF: Duration = Duration::from_secs(600);
/// Retry base after an error when polling is off (`poll=0`).
const RETRY_BASE_MS: f64 = 30_000.0;

/// Receives each fetch's outcome.
pub type OnResult = Box<dyn Fn(Result<Summary, FetchError>)>;

/// A running poll loop; [`Poller::stop`] (or dropping the last clone) ends it.
#[derive(Clone)]
pub struct Poller {
    inner: Rc<Inner>,
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
    stopped: Cell<bool>,
    visibility: RefCell<Option<Closure<dyn FnMut()>>>,
}

impl Poller {
    /// Starts polling `url` every `interval_secs` (0: fetch once), reporting to `on_result`.
    pub fn start(url: String, interval_secs: u32, on_result: OnResult) -> Self {
        let poller = Self {
            inner: Rc::new(Inner {
                url,
                interval_ms: f64::from(interval_secs) * 1_000.0,
                on_result,
                timer: RefCell::new(None),
                controller: RefCell::new(None),
                failures: Cell::new(0),
                attempt: Cell::new(0),
                stopped: Cell::new(false),
                visibility: RefCell::new(None),
            }),
        };
        poller.listen_for_visibility();
        poller.fetch_now();
        poller
    }

    /// Ends the loop: no timer, no request, no listener is left behind.
    pub fn stop(&self) {
        let inner = &self.inner;
        inner.stopped.set(true);
        inner.timer.take();
        if let Some(controller) = inner.controller.take() {
            controller.abort();
        }
        if let (Some(listener), Some(document)) = (inner.visibility.take(), document()) {
            let _ = document.remove_event_listener_with_callback("visibilitychange", listener.as_ref().unchecked_ref());
        }
    }

    fn fetch_now(&self) {
        let inner = &self.inner;
        if inner.stopped.get() {
            return;
        }
        inner.timer.take();
        let Ok(controller) = AbortController::new() else { return };
        if let Some(previous) = inner.controller.replace(Some(controller.clone())) {
            previous.abort();
        }
        let attempt = inner.attempt.get().wrapping_add(1);
        inner.attempt.set(attempt);
        let this = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let result = fetch_summary(&this.inner.url, &controller).await;
            // Only a stop or a newer attempt ends this one's line: a timeout, a network
            // error, an HTTP error or a body that is not a feed all schedule the next try.
            if this.inner.stopped.get() || this.inner.attempt.get() != attempt {
                return;
            }
            this.inner.controller.replace(None);
            let succeeded = result.is_ok();
            (this.inner.on_result)(result);
            this.after_attempt(succeeded);
        });
    }

    fn after_attempt(&self, succeeded: bool) {
        let inner = &self.inner;
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
        self.schedule(jittered(delay_ms));
    }

    fn schedule(&self, delay_ms: f64) {
        if self.inner.stopped.get() || is_hidden() {
            // Hidden tabs do not poll; the visibility listener fetches on return.
            return;
        }
        let this = self.clone();
        let timer = Timer::once(delay_ms, move || this.fetch_now());
        self.inner.timer.replace(timer);
    }

    fn listen_for_visibility(&self) {
        let Some(document) = document() else { return };
        let weak = Rc::downgrade(&self.inner);
        let listener = Closure::<dyn FnMut()>::new(move || {
            let Some(inner) = weak.upgrade() else { return };
            let poller = Poller { inner };
            if is_hidden() {
                poller.inner.timer.take();
            } else if poller.inner.controller.borrow().is_none() {
                poller.fetch_now();
            }
        });
        if document.add_event_listener_with_callback("visibilitychange", listener.as_ref().unchecked_ref()).is_ok() {
            self.inner.visibility.replace(Some(listener));
        }
    }
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
