// Waiting for the page to be rendered (`include!`d where used): the live regions speak
// only once the page has been rendered with them in it.

/// Resolves after the browser's next rendering of the document: the first report of an
/// `IntersectionObserver`, as the widget itself waits for it.
async fn rendered() {
    use wasm_bindgen::JsValue;
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let report = wasm_bindgen::closure::Closure::once_into_js(
            move |_: JsValue, observer: web_sys::IntersectionObserver| {
                observer.disconnect();
                let _ = resolve.call0(&JsValue::UNDEFINED);
            },
        );
        let observer = web_sys::IntersectionObserver::new(report.unchecked_ref()).expect("IntersectionObserver");
        let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element());
        observer.observe(&root.expect("a document element"));
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.expect("rendered");
}
