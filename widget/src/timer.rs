//! Browser timers and event listeners owned by Rust values: dropping a [`Timer`]
//! clears it and dropping a [`Listener`] removes it, so nothing a widget started can
//! outlive the value that owns it.

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
