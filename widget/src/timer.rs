//! Browser timers, tasks and event listeners owned by Rust values: dropping a [`Timer`]
//! clears it, dropping [`Tasks`] cancels them and dropping a [`Listener`] removes it,
//! so nothing a widget started can outlive the value that owns it.

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

/// Callbacks run in order, each in a task of its own, queued behind the tasks already
/// waiting (the host's input among them): a long piece of work split in steps blocks the
/// page for shorter stretches. Each step is a `MessageChannel` message, not a timer, so a
/// host's fake clock cannot hold it back. The steps not yet run are cancelled on drop.
#[cfg(feature = "embed")]
#[must_use = "Tasks are cancelled as soon as they are dropped"]
pub struct Tasks {
    channel: web_sys::MessageChannel,
    // Kept alive as long as the browser may call them.
    _on_message: Closure<dyn FnMut()>,
    _run_next: Closure<dyn FnMut()>,
}

#[cfg(feature = "embed")]
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    // A promise whose `then` and `catch` take plain JS functions (js-sys's take Rust
    // closures, and the failure handlers must be JS: see `Tasks::queue`).
    #[wasm_bindgen(js_name = Promise)]
    type Settling;
    #[wasm_bindgen(static_method_of = Settling, js_class = "Promise", js_name = resolve)]
    fn resolved() -> Settling;
    #[wasm_bindgen(method, js_class = "Promise", js_name = then)]
    fn then(this: &Settling, on_fulfilled: &js_sys::Function) -> Settling;
    #[wasm_bindgen(method, js_class = "Promise", js_name = catch)]
    fn catch(this: &Settling, on_rejected: &js_sys::Function) -> Settling;
}

#[cfg(feature = "embed")]
impl Tasks {
    /// Queues the first of `steps`; each posts the next when it has run. A step that
    /// throws (a trap: a bug) ends the queue, and each of `failed` is called with the
    /// error: a step runs as a promise's callback, so its exception rejects that promise
    /// rather than reaching the host page as an uncaught error. `failed` are JS functions
    /// because after a trap the wasm's own state cannot be trusted. `None` when the
    /// browser has no `MessageChannel`.
    pub fn queue(steps: Vec<Box<dyn FnOnce()>>, failed: Vec<js_sys::Function>) -> Option<Self> {
        let channel = web_sys::MessageChannel::new().ok()?;
        let port = channel.port2();
        let mut steps = steps.into_iter();
        let run_next = Closure::<dyn FnMut()>::new(move || {
            if let Some(step) = steps.next() {
                step();
                if steps.len() > 0 {
                    let _ = port.post_message(&wasm_bindgen::JsValue::UNDEFINED);
                } else {
                    port.close();
                }
            }
        });
        let run: js_sys::Function = run_next.as_ref().clone().unchecked_into();
        // The promise's callback runs in this message's task, right after this returns:
        // before any other task, so never after the value is dropped.
        let on_message = Closure::<dyn FnMut()>::new(move || {
            let ran = Settling::resolved().then(&run);
            for handler in &failed {
                let _ = ran.catch(handler);
            }
        });
        channel.port1().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        channel.port2().post_message(&wasm_bindgen::JsValue::UNDEFINED).ok()?;
        Some(Self { channel, _on_message: on_message, _run_next: run_next })
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

/// An event listener on a target, removed on drop.
#[must_use = "a Listener is removed as soon as it is dropped"]
pub struct Listener {
    target: EventTarget,
    event: &'static str,
    callback: Closure<dyn FnMut()>,
}

impl Listener {
    /// Calls `callback` on every `event` at `target`.
    pub fn new(target: &EventTarget, event: &'static str, callback: impl FnMut() + 'static) -> Option<Self> {
        let callback = Closure::<dyn FnMut()>::new(callback);
        target.add_event_listener_with_callback(event, callback.as_ref().unchecked_ref()).ok()?;
        Some(Self { target: target.clone(), event, callback })
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.target.remove_event_listener_with_callback(self.event, self.callback.as_ref().unchecked_ref());
    }
}

#[cfg(all(test, target_arch = "wasm32", feature = "embed"))]
mod tests {
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;

    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::{Listener, Tasks};

    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

    async fn sleep(ms: i32) {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            let window = web_sys::window().expect("window");
            window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).expect("timer");
        });
        wasm_bindgen_futures::JsFuture::from(promise).await.expect("slept");
    }

    /// A bug in a step, as the page sees it: an exception out of the wasm (a trap is one).
    fn buggy_step() {
        wasm_bindgen::throw_str("a bug in a step")
    }

    #[wasm_bindgen_test]
    async fn a_step_that_throws_ends_the_queue_and_reaches_the_failure_handlers_not_the_page() {
        let window = web_sys::window().expect("window");
        let uncaught = Rc::new(Cell::new(0));
        let count = uncaught.clone();
        let _listener = Listener::new(&window, "error", move || count.set(count.get() + 1));
        let ran = Rc::new(RefCell::new(Vec::new()));
        let (first, after) = (ran.clone(), ran.clone());
        let errors = js_sys::Array::new();
        let push = js_sys::Reflect::get(&errors, &JsValue::from_str("push")).expect("push");
        let push: js_sys::Function = js_sys::Function::from(push).bind0(&errors).unchecked_into();
        let tasks = Tasks::queue(
            vec![
                Box::new(move || first.borrow_mut().push("first")),
                Box::new(buggy_step),
                Box::new(move || after.borrow_mut().push("after")),
            ],
            vec![push],
        )
        .expect("a MessageChannel");
        sleep(200).await;
        assert_eq!(ran.borrow().as_slice(), ["first"], "the steps after the one that threw never run");
        assert_eq!(errors.length(), 1, "the failure handler heard of it once");
        assert_eq!(errors.get(0).as_string(), None, "with the error, not a string: {:?}", errors.get(0));
        assert_eq!(uncaught.get(), 0, "no uncaught error on the host page");
        drop(tasks);
    }
}
