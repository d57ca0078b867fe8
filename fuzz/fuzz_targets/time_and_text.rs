//! Any string through the feed's small text and time functions: none of them panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use status_feed::{negotiate, plain_text, safe_link, summary_url, truncate, ComponentFilter, Timestamp};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(time) = Timestamp::parse(&text) {
        // What Display writes, parse reads back as the same instant.
        let written = time.to_string();
        let again = Timestamp::parse(&written).expect("a displayed timestamp parses");
        assert_eq!(again, time, "{written}");
        let _ = time.with_offset_minutes(-720).to_string();
    }
    let plain = plain_text(&text);
    for max in [0, 1, 2, 10, 140] {
        let short = truncate(&plain, max);
        assert!(short.chars().count() <= max.max(1), "truncate({max}) gave {short:?}");
    }
    let _ = safe_link(&text);
    let _ = summary_url(&text);
    let _ = ComponentFilter::parse(&text).is_all();
    let mut halves = text.splitn(2, '\n');
    let available: Vec<&str> = halves.next().unwrap_or_default().split(',').collect();
    let preferred: Vec<&str> = halves.next().unwrap_or_default().split(',').collect();
    let _ = negotiate(available.iter().copied(), &preferred);
    let _ = negotiate(["en", "fr", "pt", "zh-Hans", "zh-Hant"], &preferred);
});
