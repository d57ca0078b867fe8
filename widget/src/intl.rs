//! Times in the visitor's language, region and time zone, through the browser's `Intl`,
//! but for English as America writes it.
//!
//! The browser already carries every locale's plural rules and time-zone data, so
//! the wasm carries none. Bindings are declared here with `catch`, so an engine
//! that rejects an option degrades to plain text instead of throwing.
//!
//! That English (the language alone, or `en-US`) is written here, as Chromium's `Intl`
//! writes it (a browser test holds the two equal, an end-to-end test in six time zones):
//! the first `Intl` formatter of a page view is ICU's set-up, 35 to 55 ms at 4× CPU in
//! one task, a long task on the host's main thread, and English, the bundle's own
//! language, needs only the local time zone's offset (`Date`'s, which sets up nothing)
//! to do without it. Other English readers (`en-GB`: "14:30") pay for `Intl`'s set-up.

use wasm_bindgen::prelude::*;

use crate::i18n::{times_preference, Locale};

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

    #[wasm_bindgen(js_namespace = Intl, js_name = getCanonicalLocales, catch)]
    fn canonical_locales(tag: &str) -> Result<js_sys::Array, JsValue>;
}

fn options(entries: &[(&str, &str)]) -> JsValue {
    let object = js_sys::Object::new();
    for (key, value) in entries {
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    object.into()
}

/// The language whose times are written here rather than by `Intl`.
const ENGLISH: &str = "en";

/// Whether `locale`'s times need `Intl` (and so its set-up, see [`prepare`]): all but
/// English's and American English's, which `Intl` writes alike.
pub fn needs_intl(locale: &str) -> bool {
    !(locale == ENGLISH || locale.eq_ignore_ascii_case("en-US"))
}

/// The tag `locale`'s times are written for: the visitor's own region's
/// ([`times_preference`]), or the locale's when that is not a tag `Intl` takes
/// (`en_GB.UTF-8`), which would leave the times empty.
pub fn times_locale<S: AsRef<str>>(locale: &Locale, preferred: &[S]) -> String {
    times_preference(locale, preferred)
        .and_then(|tag| if needs_intl(&tag) { canonical_locales(&tag).ok()?.get(0).as_string() } else { Some(tag) })
        .unwrap_or_else(|| locale.tag.to_owned())
}

/// "5 minutes ago", "il y a 5 minutes", "in 3 hours", and "now" under a minute (not
/// "this minute"): `at_ms` relative to `now_ms`. What was `posted` is never in the
/// future: a visitor's clock behind the server's would read "in 2 minutes".
pub fn relative_time(locale: &str, at_ms: f64, now_ms: f64, posted: bool) -> String {
    let seconds = (at_ms - now_ms) / 1_000.0;
    let seconds = if posted { seconds.min(0.0) } else { seconds };
    let (value, unit) = [(86_400.0, "day"), (3_600.0, "hour"), (60.0, "minute")]
        .into_iter()
        .find(|(size, _)| seconds.abs() >= *size)
        // What was posted counts whole units gone ("1 hour ago" until two have passed);
        // what is to come, the nearest: maintenance 2 h 55 min away starts "in 3 hours",
        // not "in 2 hours", which would tell a visitor they have longer than they do.
        .map_or((0.0, "second"), |(size, unit)| {
            let units = seconds / size;
            (if posted { units.trunc() } else { units.round() }, unit)
        });
    if needs_intl(locale) {
        intl_relative(locale, value, unit)
    } else {
        english::relative(value, unit)
    }
}

/// "May 10, 2024, 2:30 PM GMT+2": the absolute time in the visitor's own time zone, with its offset.
pub fn absolute_time(locale: &str, at_ms: f64) -> String {
    if needs_intl(locale) {
        intl_date(locale, at_ms, &ABSOLUTE)
    } else {
        english::local(at_ms).map(english::absolute).unwrap_or_default()
    }
}

/// "14:30" or "2:30 PM": the clock time of `at_ms` in the visitor's own time zone.
pub fn clock_time(locale: &str, at_ms: f64) -> String {
    if needs_intl(locale) {
        intl_date(locale, at_ms, &CLOCK)
    } else {
        english::local(at_ms).map(|at| english::clock(at.local().3)).unwrap_or_default()
    }
}

/// `Intl.DateTimeFormat`'s options for [`absolute_time`] and [`clock_time`].
const ABSOLUTE: [(&str, &str); 6] = [
    ("year", "numeric"),
    ("month", "short"),
    ("day", "numeric"),
    ("hour", "numeric"),
    ("minute", "2-digit"),
    ("timeZoneName", "shortOffset"),
];
const CLOCK: [(&str, &str); 2] = [("hour", "numeric"), ("minute", "2-digit")];

fn intl_relative(locale: &str, value: f64, unit: &str) -> String {
    RelativeTimeFormat::new(locale, &options(&[("numeric", "auto")]))
        .and_then(|format| format.format(value, unit))
        .unwrap_or_default()
}

fn intl_date(locale: &str, at_ms: f64, fields: &[(&str, &str)]) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(at_ms));
    DateTimeFormat::new(locale, &options(fields)).and_then(|format| format.format_date(&date)).unwrap_or_default()
}

/// Creates a first relative-time and date-time formatter for `locale` (one that
/// [`needs_intl`]) before anything is shown: the first formatter of a page view is ICU's
/// set-up (35 to 55 ms at 4× CPU throttling in Chromium on the bench's machine), which
/// the element spends in a task of its own rather than in the draw's. The draw's
/// formatters, with their options, still cost a little there.
#[cfg(feature = "embed")]
pub fn prepare(locale: &str) {
    let _ = RelativeTimeFormat::new(locale, &JsValue::UNDEFINED);
    let _ = DateTimeFormat::new(locale, &JsValue::UNDEFINED);
}

/// English times as Chromium's `Intl` writes them for `en`.
mod english {
    use status_feed::{decimal, push_decimal, Timestamp};

    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// `value` `unit`s from now (`value` a whole number): "3 minutes ago", "in 1 hour",
    /// "yesterday", "now".
    pub fn relative(value: f64, unit: &str) -> String {
        let count = value as i64;
        let mut out = String::new();
        match (count, unit) {
            (0, _) => out.push_str("now"),
            (-1, "day") => out.push_str("yesterday"),
            (1, "day") => out.push_str("tomorrow"),
            _ => {
                if count > 0 {
                    out.push_str("in ");
                }
                // Thousands grouped by commas: "1,234".
                let digits = decimal(count.abs());
                for (i, digit) in digits.chars().enumerate() {
                    if i > 0 && (digits.len() - i).is_multiple_of(3) {
                        out.push(',');
                    }
                    out.push(digit);
                }
                out.push(' ');
                out.push_str(unit);
                if count.abs() != 1 {
                    out.push('s');
                }
                if count < 0 {
                    out.push_str(" ago");
                }
            }
        }
        out
    }

    /// `at_ms` in the visitor's time zone (`Date`'s offset at that instant), or `None`
    /// for an instant `Date` cannot hold (which `Intl` refuses too).
    pub fn local(at_ms: f64) -> Option<Timestamp> {
        if at_ms.is_nan() || at_ms.abs() > 8.64e15 {
            return None;
        }
        let offset = -js_sys::Date::new(&at_ms.into()).get_timezone_offset();
        Some(Timestamp::from_unix_ms(at_ms as i64).with_offset_minutes(offset as i16))
    }

    /// "May 10, 2024, 2:30 PM GMT+2", "… GMT-3:30", "… GMT+0".
    pub fn absolute(at: Timestamp) -> String {
        let (year, month, day, ms_of_day) = at.local();
        let offset = at.offset_minutes();
        let mut out = String::from(MONTHS[month as usize - 1]);
        out.push(' ');
        push_decimal(&mut out, day.into(), 1);
        out.push_str(", ");
        push_decimal(&mut out, year.unsigned_abs(), 1);
        out.push_str(", ");
        push_clock(&mut out, ms_of_day);
        out.push_str(if offset < 0 { " GMT-" } else { " GMT+" });
        let (hours, minutes) = (offset.unsigned_abs() / 60, offset.unsigned_abs() % 60);
        push_decimal(&mut out, hours.into(), 1);
        if minutes > 0 {
            out.push(':');
            push_decimal(&mut out, minutes.into(), 2);
        }
        out
    }

    /// "2:30 PM", "12:05 AM": the time of day, `ms_of_day` after midnight.
    pub fn clock(ms_of_day: u32) -> String {
        let mut out = String::new();
        push_clock(&mut out, ms_of_day);
        out
    }

    fn push_clock(out: &mut String, ms_of_day: u32) {
        let (hour, minute) = (ms_of_day / 3_600_000, ms_of_day / 60_000 % 60);
        push_decimal(out, if hour % 12 == 0 { 12 } else { (hour % 12).into() }, 1);
        out.push(':');
        push_decimal(out, minute.into(), 2);
        out.push_str(if hour < 12 { " AM" } else { " PM" });
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn relative_times_read_as_english_does() {
            for (value, unit, text) in [
                (0.0, "second", "now"),
                (-1.0, "minute", "1 minute ago"),
                (1.0, "minute", "in 1 minute"),
                (-5.0, "hour", "5 hours ago"),
                (-1.0, "day", "yesterday"),
                (1.0, "day", "tomorrow"),
                (-1_234.0, "day", "1,234 days ago"),
                (123_456.0, "day", "in 123,456 days"),
            ] {
                assert_eq!(relative(value, unit), text);
            }
        }

        #[test]
        fn absolute_times_carry_the_offset_in_hours_and_minutes() {
            let at = |text: &str, offset| absolute(Timestamp::parse(text).expect("a time").with_offset_minutes(offset));
            assert_eq!(at("2026-12-06T00:05:00Z", 0), "Dec 6, 2026, 12:05 AM GMT+0");
            assert_eq!(at("2026-07-01T12:00:00Z", 330), "Jul 1, 2026, 5:30 PM GMT+5:30");
            assert_eq!(at("2026-07-01T12:00:00Z", -150), "Jul 1, 2026, 9:30 AM GMT-2:30");
            assert_eq!(at("2026-01-01T23:59:00Z", -300), "Jan 1, 2026, 6:59 PM GMT-5");
            assert_eq!(at("2026-12-06T00:05:00Z", 825), "Dec 6, 2026, 1:50 PM GMT+13:45");
            assert_eq!(at("2026-03-01T12:00:00Z", 5), "Mar 1, 2026, 12:05 PM GMT+0:05");
        }
    }
}

/// English as written here against Chromium's `Intl`, in the browser's own time zone
/// (the end-to-end tests hold it in others).
#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn what_was_posted_counts_whole_units_gone_and_what_is_to_come_the_nearest() {
        let minutes = |n: f64| n * 60_000.0;
        let now = 1_715_342_400_000.0;
        assert_eq!(relative_time(ENGLISH, now - minutes(115.0), now, true), "1 hour ago");
        assert_eq!(relative_time(ENGLISH, now + minutes(175.0), now, false), "in 3 hours");
        assert_eq!(relative_time(ENGLISH, now + minutes(140.0), now, false), "in 2 hours");
        assert_eq!(relative_time("fr", now + minutes(175.0), now, false), "dans 3 heures");
    }

    #[wasm_bindgen_test]
    fn english_relative_times_are_what_intl_writes() {
        let mut cases = vec![(0.0, "second")];
        for (unit, most) in [("minute", 59), ("hour", 23), ("day", 40)] {
            for value in 1..=most {
                cases.extend([(f64::from(value), unit), (-f64::from(value), unit)]);
            }
        }
        cases.extend(
            [999.0, 1_000.0, 1_234.0, 99_999.0, 1_000_000.0].into_iter().flat_map(|v| [(v, "day"), (-v, "day")]),
        );
        for (value, unit) in cases {
            assert_eq!(english::relative(value, unit), intl_relative(ENGLISH, value, unit), "{value} {unit}");
        }
    }

    #[wasm_bindgen_test]
    fn english_absolute_and_clock_times_are_what_intl_writes() {
        // Every 97 minutes over two years (every hour of the day, both halves of it, every
        // month), then a day in each of two centuries.
        let start = 1_767_225_600_000.0; // 2026-01-01T00:00:00Z
        let instants = (0..10_900).map(|i| start + f64::from(i) * 97.0 * 60_000.0);
        for at_ms in instants.chain([0.0, 946_684_800_000.0, 4_102_444_800_000.0, -86_400_000.0 * 365.0]) {
            assert_eq!(absolute_time(ENGLISH, at_ms), intl_date(ENGLISH, at_ms, &ABSOLUTE), "{at_ms}");
            assert_eq!(clock_time(ENGLISH, at_ms), intl_date(ENGLISH, at_ms, &CLOCK), "{at_ms}");
        }
        assert_eq!(absolute_time(ENGLISH, f64::NAN), intl_date(ENGLISH, f64::NAN, &ABSOLUTE));
    }
}
