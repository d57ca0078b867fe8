//! The bundle glue's guard: an exception out of the wasm stops the widgets, and never
//! reaches the host page.
//!
//! The browser calls into the wasm from many places: the clock's timer, Leptos's effects
//! (microtasks queued by wasm-bindgen-futures), the view's event listeners, the steps
//! of the first draw, and the loader's calls (`mount`, `feed`, `configure`, `unmount`).
//! Every one goes through wasm-bindgen's glue: a closure through `makeMutClosure`, an
//! export through its wrapper. An exception there (a trap is a bug; a host script may
//! also have broken a DOM method the wasm calls) would reach the host as an uncaught
//! error, and it leaves the wasm's own state half-updated. So the guard catches it at
//! those few places and stops: one console warning, every mounted widget emptied and
//! reported as `"error"` (so `data-state` and `status-change` say "unavailable", never
//! a stale status), and nothing calls into the wasm again: a widget mounted after that
//! is inert and reported as `"error"`, with no second warning. The loader goes on
//! polling and reporting.
//!
//! One more edit keeps a host's fake clock from holding the widget back: Leptos's effects
//! run as microtasks that wasm-bindgen-futures queues with `queueMicrotask`, which
//! @sinonjs/fake-timers and Jest fake by default (a host's tests would see the widget
//! drawn but `data-state` stuck on `loading` until they tick the clock). The glue queues
//! them as a resolved promise's reactions instead: the same microtasks, in the same
//! order, which those clocks do not hold (a test zone that holds promises too, such as
//! Angular's `fakeAsync`, still does).
//!
//! Each edit must match wasm-bindgen's output exactly once, or the build fails:
//! `wasm-bindgen-cli` is pinned, and a new version's glue is to be read first.

use anyhow::{bail, Result};

/// Declared right after the glue's `wasm` variable.
const STOP: &str = r#"
    // Added by `cargo xtask dist` (xtask/src/guard.rs): an exception out of the wasm
    // stops every widget of the page, and never reaches the page itself.
    const mounted = new Map();
    let stopped = false;
    // What `mount` returns once stopped: a widget that does nothing, so that the loader
    // neither calls into the wasm nor gives a second warning.
    const INERT = { configure() {}, feed() {}, unmount() {} };
    function stop(error) {
        if (stopped) return;
        stopped = true;
        // Nothing calls into the broken instance again: every export is now a no-op.
        wasm = new Proxy({}, { get: () => () => {} });
        console.warn("status-widget: stopped by an error inside the widget (please report it); the page is unaffected:", error);
        mounted.forEach(([host, report]) => {
            if (host.shadowRoot) host.shadowRoot.replaceChildren();
            report("error");
        });
        mounted.clear();
    }
"#;

/// (what wasm-bindgen writes, what the bundle's glue has instead)
const EDITS: &[(&str, &str)] = &[
    ("    let wasmModule, wasmInstance, wasm;\n", concat!("    let wasmModule, wasmInstance, wasm;\n", "__STOP__")),
    // Every closure the browser calls: timers, listeners, microtasks, promise callbacks.
    (
        "                return f(a, state.b, ...args);\n            } finally {",
        "                return f(a, state.b, ...args);\n            } catch (error) {\n                stop(error);\n            } finally {",
    ),
    (
        "            wasm.widget_configure(this.__wbg_ptr, attributes);",
        "            try { wasm.widget_configure(this.__wbg_ptr, attributes); } catch (error) { stop(error); }",
    ),
    (
        "            wasm.widget_feed(this.__wbg_ptr, result);",
        "            try { wasm.widget_feed(this.__wbg_ptr, result); } catch (error) { stop(error); }",
    ),
    (
        "            const ptr = this.__destroy_into_raw();\n            wasm.widget_unmount(ptr);",
        "            mounted.delete(this);\n            const ptr = this.__destroy_into_raw();\n            try { wasm.widget_unmount(ptr); } catch (error) { stop(error); }",
    ),
    (
        "        const ret = wasm.mount(host, attributes, result, report);",
        "        if (stopped) { report(\"error\"); return INERT; }\n        let ret;\n        try { ret = wasm.mount(host, attributes, result, report); } catch (error) { stop(error); report(\"error\"); return INERT; }",
    ),
    (
        "        return Widget.__wrap(ret[0]);\n    }\n    exports.mount = mount;",
        "        const widget = Widget.__wrap(ret[0]);\n        mounted.set(widget, [host, report]);\n        return widget;\n    }\n    exports.mount = mount;",
    ),
    ("                queueMicrotask(arg0);", "                Promise.resolve().then(arg0);"),
];

/// wasm-bindgen's `--target no-modules` glue with the guard added.
pub fn guarded_glue(glue: &str) -> Result<String> {
    let mut glue = glue.to_owned();
    for (from, to) in EDITS {
        let count = glue.matches(from).count();
        if count != 1 {
            bail!("the glue's guard: expected {from:?} once in wasm-bindgen's glue, found it {count} times");
        }
        glue = glue.replacen(from, &to.replace("__STOP__", STOP), 1);
    }
    Ok(glue)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parts of wasm-bindgen 0.2's glue that the guard edits, as it writes them.
    const GLUE: &str = r#"
    class Widget {
        configure(attributes) {
            wasm.widget_configure(this.__wbg_ptr, attributes);
        }
        feed(result) {
            wasm.widget_feed(this.__wbg_ptr, result);
        }
        unmount() {
            const ptr = this.__destroy_into_raw();
            wasm.widget_unmount(ptr);
        }
    }
    function mount(host, attributes, result, report) {
        const ret = wasm.mount(host, attributes, result, report);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return Widget.__wrap(ret[0]);
    }
    exports.mount = mount;
            bk: function(arg0) {
                queueMicrotask(arg0);
            },
    function makeMutClosure(arg0, arg1, f) {
        const real = (...args) => {
            try {
                return f(a, state.b, ...args);
            } finally {
                state.a = a;
            }
        };
    }
    let wasmModule, wasmInstance, wasm;
"#;

    #[test]
    fn every_way_into_the_wasm_is_guarded() {
        let glue = guarded_glue(GLUE).expect("the guard fits the glue");
        assert_eq!(glue.matches("stop(error)").count(), 6, "{glue}");
        assert!(glue.contains("function stop(error)"), "{glue}");
        assert!(glue.contains("mounted.set(widget, [host, report]);"), "{glue}");
        assert!(glue.contains("Promise.resolve().then(arg0);") && !glue.contains("queueMicrotask("), "{glue}");
    }

    #[test]
    fn a_glue_of_another_shape_fails_the_build() {
        let error = guarded_glue(&GLUE.replace("wasm.widget_feed(", "wasm.widget_feed2(")).expect_err("another shape");
        assert!(format!("{error:#}").contains("widget_feed"), "{error:#}");
    }
}
