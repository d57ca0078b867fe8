//! Times in the visitor's language and time zone, through the browser's `Intl`.
//!
//! The browser already carries every locale's plural rules and time-zone data, so
//! the wasm carries none. Bindings are declared here with `catch`, so an engine
//! that rejects an option degrades to plain text instead of throwing.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Intl, js_name = RelativeTimeFormat)]
    type RelativeTimeFormat;

    #[wasm_bindgen(constructor, js_namespace = Intl, js_class = "RelativeTimeFormat", catch)]
    fn new(locale: &str, options: &JsValue) -> Result<RelativeTimeFormat, JsValue>;

    #[wasm_bindgen(method, catch)]
    fn format(this: &RelativeTimeFormat, value: f64, unit: &str) -> Result<String, JsValue>;

    #[wasm_bindgen(js_namespace = Intl, js_name = DateTimeFormat)]
    type DateTimeFormat;

    #[wasm_bindgen(constructor, js_namespace = Intl, js_class = "DateTimeFormat", catch)]
    fn new(locale: &str, options: &JsValue) -> Result<DateTimeFormat, JsValue>;

    #[wasm_bindgen(method, js_name = format, catch)]
    fn format_date(this: &DateTimeFormat, date: &js_sys::Date) -> Result<String, JsValue>;
}

fn options(entries: &[(&str, &str)]) -> JsValue {
    let object = js_sys::Object::new();
    for (key, value) in entries {
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    object.into()
}

/// "5 minutes ago", "il y a 5 minutes", "in 3 hours", and "now" under a minute (not
/// "this minute"): `at_ms` relative to `now_ms`.
pub fn relative_time(locale: &str, at_ms: f64, now_ms: f64) -> String {
    let seconds = (at_ms - now_ms) / 1_000.0;
    let (value, unit) = [(86_400.0, "day"), (3_600.0, "hour"), (60.0, "minute")]
        .into_iter()
        .find(|(size, _)| seconds.abs() >= *size)
        .map_or((0.0, "second"), |(size, unit)| ((seconds / size).trunc(), unit));
    RelativeTimeFormat::new(locale, &options(&[("numeric", "auto")]))
        .and_then(|format| format.format(value, unit))
        .unwrap_or_default()
}

/// "May 10, 2024, 2:30 PM GMT+2": the absolute time in the visitor's own time zone, with its offset.
pub fn absolute_time(locale: &str, at_ms: f64) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(at_ms));
    let fields = [
        ("year", "numeric"),
        ("month", "short"),
        ("day", "numeric"),
        ("hour", "numeric"),
        ("minute", "2-digit"),
        ("timeZoneName", "shortOffset"),
    ];
    DateTimeFormat::new(locale, &options(&fields)).and_then(|format| format.format_date(&date)).unwrap_or_default()
}

/// "14:30" or "2:30 PM": the clock time of `at_ms` in the visitor's own time zone.
pub fn clock_time(locale: &str, at_ms: f64) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(at_ms));
    DateTimeFormat::new(locale, &options(&[("hour", "numeric"), ("minute", "2-digit")]))
        .and_then(|format| format.format_date(&date))
        .unwrap_or_default()
}

/// Creates a first relative-time and date-time formatter for `locale` before anything is
/// shown: the first formatter of a page view is ICU's set-up (120 to 175 ms at 4× CPU
/// throttling in Chromium), which the element spends in a task of its own rather than in
/// the draw's. The draw's formatters, with their options, still cost a little there.
#[cfg(feature = "embed")]
pub fn prepare(locale: &str) {
    let _ = RelativeTimeFormat::new(locale, &JsValue::UNDEFINED);
    let _ = DateTimeFormat::new(locale, &JsValue::UNDEFINED);
}
