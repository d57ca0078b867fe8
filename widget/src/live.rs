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
        let source_changed =
            summary_url(&old.options.feed) != summary_url(&config.options.feed) || old.poll != config.poll;
        if source_changed {
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
        let (url, poll) = {
            let config = self.shared.config.borrow();
            (summary_url(&config.options.feed), config.poll)
        };
        let weak = Rc::downgrade(&self.shared);
        let poller = Poller::start(
            url,
            poll,
            Box::new(move |result| {
                let Some(shared) = weak.upgrade() else { return };
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
