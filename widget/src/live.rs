//! A live widget: polls its feed and keeps a [`Display`] up to date.
//!
//! [`Live`] is the whole widget without a framework: the `<status-widget>` element
//! drives it from attributes, and the Leptos [`StatusWidget`](crate::StatusWidget)
//! from props. The poller restarts only when the feed URL or the interval changes.

use std::cell::RefCell;
use std::rc::Rc;

use status_feed::summary_url;
use web_sys::Element;

use crate::display::{Display, Input, OnChange};
use crate::fetch::FetchError;
use crate::model::{FeedState, Options};
use crate::poller::Poller;
use crate::timer::Timer;

/// How often relative times ("5 minutes ago") are refreshed between polls.
const CLOCK_TICK_MS: f64 = 30_000.0;

/// What a live widget is told by its owner.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Appearance, feed and the other options.
    pub options: Options,
    /// The visitor's languages, most wanted first.
    pub languages: Vec<String>,
    /// Seconds between polls; 0 fetches once.
    pub poll: u32,
}

/// A running widget; [`Live::stop`] ends it and leaves nothing running.
#[derive(Clone)]
pub struct Live {
    shared: Rc<Shared>,
}

struct Shared {
    display: Display,
    config: RefCell<Config>,
    state: RefCell<FeedState>,
    poller: RefCell<Option<Poller>>,
    clock: RefCell<Option<Timer>>,
}

impl Live {
    /// Starts fetching and drawing into `root`.
    pub fn start(root: Element, config: Config, on_change: Option<OnChange>) -> Self {
        let live = Self {
            shared: Rc::new(Shared {
                display: Display::new(root, on_change),
                config: RefCell::new(config),
                state: RefCell::default(),
                poller: RefCell::default(),
                clock: RefCell::default(),
            }),
        };
        let weak = Rc::downgrade(&live.shared);
        let clock = Timer::every(CLOCK_TICK_MS, move || {
            if let Some(shared) = weak.upgrade() {
                Live { shared }.draw();
            }
        });
        live.shared.clock.replace(clock);
        live.draw();
        live.restart_poller();
        live
    }

    /// Applies new options; refetches only when the URL or the interval changed.
    pub fn configure(&self, config: Config) {
        let old = self.shared.config.replace(config.clone());
        if old == config {
            return;
        }
        let feed_changed = summary_url(&old.options.feed) != summary_url(&config.options.feed);
        if feed_changed {
            // Nothing of the old feed may be shown for the new one: loading, then its state.
            self.shared.state.take();
        }
        if feed_changed || old.poll != config.poll {
            self.restart_poller();
        }
        self.draw();
    }

    /// Stops polling and the clock, and removes what was drawn.
    pub fn stop(&self) {
        if let Some(poller) = self.shared.poller.take() {
            poller.stop();
        }
        self.shared.clock.take();
        self.shared.display.stop();
    }

    fn restart_poller(&self) {
        if let Some(poller) = self.shared.poller.take() {
            poller.stop();
        }
        let (feed, poll) = {
            let config = self.shared.config.borrow();
            (config.options.feed.trim().to_owned(), config.poll)
        };
        if feed.is_empty() {
            // Never the host's own `/api/v2/summary.json`: a missing feed is a mistake to report.
            warn_once(&feed, FetchError::NoFeed);
            self.shared.state.borrow_mut().record(Err(FetchError::NoFeed), js_sys::Date::now());
            self.draw();
            return;
        }
        let url = summary_url(&feed);
        let weak = Rc::downgrade(&self.shared);
        let poller = Poller::start(
            url.clone(),
            poll,
            Box::new(move |result| {
                let Some(shared) = weak.upgrade() else { return };
                if let Err(error) = &result {
                    warn_once(&url, *error);
                }
                shared.state.borrow_mut().record(result, js_sys::Date::now());
                Live { shared }.draw();
            }),
        );
        self.shared.poller.replace(Some(poller));
    }

    fn draw(&self) {
        let shared = &self.shared;
        let input = {
            let config = shared.config.borrow();
            Input {
                state: shared.state.borrow().clone(),
                options: config.options.clone(),
                languages: config.languages.clone(),
                now: js_sys::Date::now(),
            }
        };
        // No borrow is held here: a `status-change` listener may reconfigure the widget.
        shared.display.show(input);
    }
}

thread_local! {
    /// Feed URLs and causes already reported, so a dead feed polled every minute logs once.
    static WARNED: RefCell<Vec<(String, FetchError)>> = const { RefCell::new(Vec::new()) };
}

/// One console hint per feed URL and cause, naming both (the host page's developer
/// is the one who can fix it).
fn warn_once(url: &str, error: FetchError) {
    let first = WARNED.with_borrow_mut(|warned| {
        let key = (url.to_owned(), error);
        let first = !warned.contains(&key);
        if first {
            warned.push(key);
        }
        first
    });
    if first {
        let message = format!("status-widget: feed {:?}: {}", url, error.cause());
        web_sys::console::warn_1(&message.into());
    }
}
