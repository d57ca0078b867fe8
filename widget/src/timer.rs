//! Browser timers owned by Rust values: dropping a [`Timer`] clears it, so a
//! stopped widget cannot leave a timeout or interval behind.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// A pending `setTimeout` or a running `setInterval`.
pub struct Timer {
    id: i32,
    repeats: bool,
    // Kept alive as long as the browser may call it.
    _callback: Closure<dyn FnMut()>,
}

impl Timer {
    /// Calls `callback` once after `ms` milliseconds.
    pub fn once(ms: f64, callback: impl FnOnce() + 'static) -> Option<Self> {
        Self::start(Closure::once(callback), ms, false)
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
