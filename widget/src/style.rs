//! The widget's stylesheet, and the shadow root that isolates it.
//!
//! Constructable stylesheets (`adoptedStyleSheets`) pass a page's `style-src 'self'`
//! CSP, and one sheet is shared by every widget on the page. A `<style>` element is
//! the fallback for browsers without them.

use std::cell::OnceCell;

use wasm_bindgen::JsValue;
use web_sys::{CssStyleSheet, Element, ShadowRoot, ShadowRootInit, ShadowRootMode};

/// `style.css`, minified at build time (`build.rs`): no comments, indentation or
/// spaces the grammar does not need.
pub const CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/style.min.css"));

thread_local! {
    static SHARED: OnceCell<Option<CssStyleSheet>> = const { OnceCell::new() };
}

fn shared_sheet() -> Option<CssStyleSheet> {
    SHARED.with(|cell| {
        cell.get_or_init(|| {
            let sheet = CssStyleSheet::new().ok()?;
            sheet.replace_sync(CSS).ok()?;
            Some(sheet)
        })
        .clone()
    })
}

/// Gives `root` the widget's styles.
pub fn adopt(root: &ShadowRoot) {
    if let Some(sheet) = shared_sheet() {
        root.set_adopted_style_sheets(&js_sys::Array::of1(&sheet));
        return;
    }
    let style = root.owner_document().and_then(|document| document.create_element("style").ok());
    if let Some(style) = style {
        style.set_text_content(Some(CSS));
        let _ = root.append_child(&style);
    }
}

/// Gives `host` an open shadow root (reusing one it already has) holding the widget's
/// styles and one empty element, which is returned for the widget to draw into.
pub fn shadow_root(host: &Element) -> Result<Element, JsValue> {
    let shadow = match host.shadow_root() {
        Some(shadow) => shadow,
        None => host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?,
    };
    // A re-connected element keeps its shadow root: start from an empty one.
    shadow.set_text_content(None);
    adopt(&shadow);
    let document = host.owner_document().ok_or_else(|| JsValue::from_str("element has no document"))?;
    let root = document.create_element("div")?;
    // `display: contents` (style.css): the view's own root is what lays out.
    root.set_class_name("mount");
    shadow.append_child(&root)?;
    Ok(root)
}

/// A `display: contents` `<div>` whose open shadow root holds the widget's styles and
/// the view `content` mounts, from the moment the `<div>` is in the document until the
/// component is cleaned up. How the Leptos components get the element's isolation: a
/// Leptos view cannot be mounted on a shadow root itself, only on an element inside one.
///
/// The `<div>` is all a server renders (Leptos `ssr`): a stable placeholder that takes no
/// room, so nothing shifts when the widget appears. The directive runs in the browser only,
/// as the `<div>` is built (`csr`) or hydrated (`hydrate`); the shadow root is no child of
/// the `<div>`, so hydration, which walks the light DOM, finds exactly what the server sent.
pub(crate) fn in_shadow_root<V: leptos::prelude::IntoView + 'static>(
    content: impl FnOnce(Element) -> V + 'static,
) -> impl leptos::prelude::IntoView {
    use leptos::prelude::*;

    let mounted = StoredValue::new_local(None::<Box<dyn std::any::Any>>);
    // Off wasm (a native server) nothing is ever mounted: `content` is dropped here, on the
    // thread that made it, rather than wrapped in a value a server may drop on another thread.
    let content = cfg!(target_arch = "wasm32")
        .then(|| send_wrapper::SendWrapper::new(std::rc::Rc::new(std::cell::Cell::new(Some(content)))));
    // A directive runs as the `<div>` is built, so the first state shows with the mount.
    let attach = move |div: web_sys::Element| {
        let Some(content) = content.as_ref().and_then(|content| (***content).take()) else { return };
        let Ok(root) = shadow_root(&div) else { return };
        // `mount_to_renderer` and not `mount_to`, which in a debug `hydrate` build warns that
        // the `csr` feature is off: this is a client-side mount inside a hydrated page. The
        // app's own mount (or hydration) has started the executor already.
        let handle = leptos::mount::mount_to_renderer(&root, move || content(div));
        mounted.set_value(Some(Box::new(handle)));
    };
    // Unmounting the inner view stops its effects, timers and listeners.
    on_cleanup(move || mounted.set_value(None));
    view! { <div style="display: contents" use:attach></div> }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::wasm_bindgen_test;
    use web_sys::CssStyleSheet;

    use super::CSS;

    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

    /// The rules as the browser reads them, each serialized by the browser. Custom
    /// properties keep their value's text as written, so a space after a comma in one
    /// (`var(--x, #fff)`), which means nothing, is not compared.
    fn rules_as_read(css: &str) -> Vec<String> {
        let sheet = CssStyleSheet::new().expect("a constructable stylesheet");
        sheet.replace_sync(css).expect("the stylesheet parses");
        let rules = sheet.css_rules().expect("the sheet's rules");
        (0..rules.length())
            .map(|index| {
                rules.item(index).expect("a rule").unchecked_into::<web_sys::CssRule>().css_text().replace(", ", ",")
            })
            .collect()
    }

    /// `build.rs` removes spaces the grammar does not need; one it needs (`and (`, the
    /// spaces around `-` in `calc`) would change what a rule means, or drop it.
    #[wasm_bindgen_test]
    fn the_minified_stylesheet_reads_as_the_source_does() {
        let source = include_str!("style.css");
        let read = rules_as_read(CSS);
        assert!(read.len() > 20, "{} rules", read.len());
        assert_eq!(read, rules_as_read(source));
        assert!(CSS.len() * 10 < source.len() * 7, "minified {} of {} bytes", CSS.len(), source.len());
    }
}
