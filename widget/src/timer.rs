//! Browser timers, tasks, observers and event listeners owned by Rust values: dropping a
//! [`Timer`] clears it, dropping [`Tasks`] or an [`AfterRender`] cancels them and
//! dropping a [`Listener`] removes it, so nothing a widget started can outlive the value
//! that owns it.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::EventTarget;

/// A pending `setTimeout` or a running `setInterval`, cleared on drop.
#[must_use = "a Timer is cleared as soon as it is dropped"]
pub struct Timer {
    id: i32,
    repeats: bool,
    // Kept alive as long as the browser may call it.
    _callback: Closure<dyn FnMut()>,
}

impl Timer {
    /// Calls `callback` once after `ms` milliseconds.
    pub fn once(ms: f64, callback: impl FnOnce() + 'static) -> Option<Self> {
        // An `FnMut` that runs its `FnOnce` the first time: `Closure::once` would throw
        // if a host's fake clock called it a second time.
        let mut callback = Some(callback);
        Self::start(Closure::new(move || callback.take().map_or((), |callback| callback())), ms, false)
    }

    /// Calls `callback` every `ms` milliseconds.
    pub fn every(ms: f64, callback: impl FnMut() + 'static) -> Option<Self> {
        Self::start(Closure::new(callback), ms, true)
    }

    fn start(callback: Closure<dyn FnMut()>, ms: f64, repeats: bool) -> Option<Self> {
        let window = web_sys::window()?;
        let function = callback.as_ref().unchecked_ref();
        // Browsers clamp delays above 2^31-1 ms to 1 ms; no widget delay comes near that.
        let ms = ms.clamp(0.0, f64::from(i32::MAX)) as i32;
        let id = if repeats {
            window.set_interval_with_callback_and_timeout_and_arguments_0(function, ms)
        } else {
            window.set_timeout_with_callback_and_timeout_and_arguments_0(function, ms)
        };
        Some(Self { id: id.ok()?, repeats, _callback: callback })
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            if self.repeats {
                window.clear_interval_with_handle(self.id);
            } else {
                window.clear_timeout_with_handle(self.id);
            }
        }
    }
}

/// How long a task of [`Tasks`] goes on to its next step: past this, the next step waits
/// its turn behind the tasks already queued. Each step takes 10 to 15 ms at 4× CPU
/// throttling, so there every step has a task of its own and none is long; a fast
/// machine runs them together, without a task's turn (and perhaps a frame) between each.
#[cfg(feature = "embed")]
const STEP_BUDGET_MS: f64 = 8.0;

/// Callbacks run in order, in tasks queued behind the tasks already waiting (the host's
/// input among them): a long piece of work split in steps blocks the page for shorter
/// stretches. A task goes on to the next step while it has run for less than
/// [`STEP_BUDGET_MS`]. Each task is a `MessageChannel` message, not a timer, so a host's
/// fake clock cannot hold it back (a fake `Date` at most runs more steps in one task).
/// The steps not yet run are cancelled on drop.
///
/// A step that throws (a trap: a bug) ends the queue where it is; the bundle's glue
/// catches the exception on its way out of the wasm and stops the widgets
/// (`xtask/src/guard.rs`), so it never reaches the host page.
#[cfg(feature = "embed")]
#[must_use = "Tasks are cancelled as soon as they are dropped"]
pub struct Tasks {
    channel: web_sys::MessageChannel,
    // Kept alive as long as the browser may call it.
    _run_next: Closure<dyn FnMut()>,
}

#[cfg(feature = "embed")]
impl Tasks {
    /// Queues the first of `steps`; each posts the next when it has run. `None` when the
    /// browser has no `MessageChannel`.
    pub fn queue(steps: Vec<Box<dyn FnOnce()>>) -> Option<Self> {
        let channel = web_sys::MessageChannel::new().ok()?;
        let port = channel.port2();
        let mut steps = steps.into_iter();
        let run_next = Closure::<dyn FnMut()>::new(move || {
            let started = js_sys::Date::now();
            while let Some(step) = steps.next() {
                step();
                if steps.len() == 0 {
                    port.close();
                } else if js_sys::Date::now() - started >= STEP_BUDGET_MS {
                    let _ = port.post_message(&wasm_bindgen::JsValue::UNDEFINED);
                    return;
                }
            }
        });
        channel.port1().set_onmessage(Some(run_next.as_ref().unchecked_ref()));
        channel.port2().post_message(&wasm_bindgen::JsValue::UNDEFINED).ok()?;
        Some(Self { channel, _run_next: run_next })
    }
}

#[cfg(feature = "embed")]
impl Drop for Tasks {
    fn drop(&mut self) {
        self.channel.port1().set_onmessage(None);
        self.channel.port1().close();
        self.channel.port2().close();
    }
}

/// Calls back once, in a task after the browser has next rendered the page that holds a
/// target: the first report of an `IntersectionObserver`, which follows the frame's
/// layout. By then what the page held is drawn, and in its accessibility tree. Neither a
/// timer nor an animation frame, which a host's fake clock would hold back; a hidden tab
/// renders nothing, so it waits until the tab is shown. Cancelled on drop.
#[must_use = "an AfterRender is cancelled as soon as it is dropped"]
pub struct AfterRender {
    observer: web_sys::IntersectionObserver,
    // Kept alive as long as the browser may call it.
    _callback: Closure<dyn FnMut(wasm_bindgen::JsValue, web_sys::IntersectionObserver)>,
}

impl AfterRender {
    /// Calls `callback` after the next rendering of `target`'s page. `None` when the
    /// browser has no `IntersectionObserver`.
    pub fn new(target: &web_sys::Element, callback: impl FnOnce() + 'static) -> Option<Self> {
        let mut callback = Some(callback);
        let callback = Closure::new(move |_entries, observer: web_sys::IntersectionObserver| {
            observer.disconnect();
            if let Some(callback) = callback.take() {
                callback();
            }
        });
        let observer = web_sys::IntersectionObserver::new(callback.as_ref().unchecked_ref()).ok()?;
        observer.observe(target);
        Some(Self { observer, _callback: callback })
    }
}

impl Drop for AfterRender {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// An event listener on a target, removed on drop.
#[must_use = "a Listener is removed as soon as it is dropped"]
pub struct Listener {
    target: EventTarget,
    event: &'static str,
    callback: Closure<dyn FnMut()>,
}

impl Listener {
    /// Calls `callback` on every `event` at `target` or inside it. In the capture phase, so
    /// that events that do not bubble are heard too: on the document, the `scroll` of any
    /// scroller in the page, not only the page's own.
    pub fn new(target: &EventTarget, event: &'static str, callback: impl FnMut() + 'static) -> Option<Self> {
        let callback = Closure::<dyn FnMut()>::new(callback);
        target.add_event_listener_with_callback_and_bool(event, callback.as_ref().unchecked_ref(), true).ok()?;
        Some(Self { target: target.clone(), event, callback })
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let callback = self.callback.as_ref().unchecked_ref();
        let _ = self.target.remove_event_listener_with_callback_and_bool(self.event, callback, true);
    }
}

#[cfg(all(test, target_arch = "wasm32", feature = "embed"))]
mod tests {
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;

    use wasm_bindgen_test::wasm_bindgen_test;

    use super::Tasks;

    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

    async fn sleep(ms: i32) {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            let window = web_sys::window().expect("window");
            window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).expect("timer");
        });
        wasm_bindgen_futures::JsFuture::from(promise).await.expect("slept");
    }

    /// A first step that logs "first", queues a microtask (which logs "microtask" when
    /// the task ends) and then keeps its task busy for `busy_ms`.
    fn first_step(ran: &Rc<RefCell<Vec<&'static str>>>, busy_ms: f64) -> Box<dyn FnOnce()> {
        let ran = ran.clone();
        Box::new(move || {
            ran.borrow_mut().push("first");
            let microtask = ran.clone();
            wasm_bindgen_futures::spawn_local(async move { microtask.borrow_mut().push("microtask") });
            let until = js_sys::Date::now() + busy_ms;
            while js_sys::Date::now() < until {}
        })
    }

    fn log(ran: &Rc<RefCell<Vec<&'static str>>>, name: &'static str) -> Box<dyn FnOnce()> {
        let ran = ran.clone();
        Box::new(move || ran.borrow_mut().push(name))
    }

    #[wasm_bindgen_test]
    async fn quick_steps_run_in_order_in_one_later_task() {
        let ran = Rc::new(RefCell::new(Vec::new()));
        let steps = vec![first_step(&ran, 0.0), log(&ran, "second"), log(&ran, "third")];
        let tasks = Tasks::queue(steps).expect("a MessageChannel");
        assert!(ran.borrow().is_empty(), "nothing runs before `queue` returns");
        sleep(200).await;
        // The microtask waited for the end of the task, after all three steps.
        assert_eq!(ran.borrow().as_slice(), ["first", "second", "third", "microtask"]);
        drop(tasks);
    }

    #[wasm_bindgen_test]
    async fn a_step_that_uses_up_the_budget_hands_the_next_one_to_a_later_task() {
        let ran = Rc::new(RefCell::new(Vec::new()));
        let steps = vec![first_step(&ran, super::STEP_BUDGET_MS + 2.0), log(&ran, "second"), log(&ran, "third")];
        let tasks = Tasks::queue(steps).expect("a MessageChannel");
        sleep(200).await;
        // The task ended after the first step: its microtask ran before the second.
        assert_eq!(ran.borrow().as_slice(), ["first", "microtask", "second", "third"]);
        drop(tasks);
    }

    #[wasm_bindgen_test]
    async fn steps_not_yet_run_are_cancelled_when_the_tasks_are_dropped() {
        let ran = Rc::new(Cell::new(0));
        let steps: Vec<Box<dyn FnOnce()>> = (0..3)
            .map(|_| {
                let ran = ran.clone();
                Box::new(move || ran.set(ran.get() + 1)) as Box<dyn FnOnce()>
            })
            .collect();
        drop(Tasks::queue(steps).expect("a MessageChannel"));
        sleep(200).await;
        assert_eq!(ran.get(), 0, "no step runs after the drop");
    }
}
