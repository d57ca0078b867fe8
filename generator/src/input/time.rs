//! Times and durations as operators write them.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use status_feed::Timestamp;

/// A time as written: a TOML datetime (`at = 2024-05-10T08:30:00Z`) or a string
/// (`at = "2024-05-10T08:30:00Z"`); both are accepted so nobody has to remember which.
pub struct TimeText(pub String);

impl<'de> Deserialize<'de> for TimeText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TimeVisitor;
        impl<'de> Visitor<'de> for TimeVisitor {
            type Value = TimeText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date-time such as 2024-05-10T08:30:00-04:00")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<TimeText, E> {
                Ok(TimeText(text.to_owned()))
            }
            // toml hands native datetimes over as a one-entry map holding their text.
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TimeText, A::Error> {
                let Some((_, text)) = map.next_entry::<String, String>()? else {
                    return Err(de::Error::custom("expected a date-time"));
                };
                Ok(TimeText(text))
            }
        }
        deserializer.deserialize_any(TimeVisitor)
    }
}

/// A time that cannot be taken as written.
#[derive(Debug)]
pub struct TimeError {
    /// What is wrong and what to write instead.
    pub message: String,
    /// An offset that is not ±HH:MM (not a date-time that is wrong as a whole).
    pub bad_offset: bool,
    /// How statusgen read such a time before it refused them (the offset dropped, the later
    /// reading of a skipped hour, the earlier of a repeated one): what an update already
    /// published in a file says, so that it still builds, with a warning.
    pub as_before: Option<Timestamp>,
}

impl std::fmt::Display for TimeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TimeError {}

/// Reads `2024-05-10T08:30:00-04:00`, or `2024-05-10T08:30` (also with a space) in `zone`.
/// A local time the zone skips (clocks going forward) or repeats (going back) is refused:
/// only the operator knows which instant was meant.
pub fn parse_time_in(zone: &jiff::tz::TimeZone, text: &str) -> Result<Timestamp, TimeError> {
    let text = text.trim();
    if let Ok(time) = Timestamp::parse(text) {
        return Ok(time);
    }
    let refused =
        |message: String, bad_offset: bool, as_before: Option<Timestamp>| TimeError { message, bad_offset, as_before };
    let not_a_time = || {
        refused(
            format!("`{text}` is not a date-time; write e.g. 2024-05-10T08:30:00-04:00, or 2024-05-10T08:30 in the page's time zone"),
            false,
            None,
        )
    };
    // Past the date, a sign, a `Z` or a `[` starts an offset. The feed's grammar refused
    // the whole: when what comes before it is a good date and time, the offset is what is
    // wrong (`+05`, `+24:00`, `-12:60`), and it is never dropped to read the rest as page time.
    let offset_at =
        text.char_indices().skip(10).find(|(_, c)| matches!(c, '+' | '-' | 'Z' | 'z' | '[')).map(|(at, _)| at);
    let local = |civil_text: &str| -> Option<jiff::civil::DateTime> { civil_text.replace(' ', "T").parse().ok() };
    let civil = match offset_at {
        Some(at) => {
            let Some(civil) = local(&text[..at]) else { return Err(not_a_time()) };
            return Err(refused(
                format!(
                    "`{text}` has an offset that is not ±HH:MM (hours 00 to 23, minutes 00 to 59); \
                     write e.g. 2024-05-10T08:30:00+05:00, or leave the offset out for the page's time zone"
                ),
                true,
                zone_time(zone, civil),
            ));
        }
        None => local(text).ok_or_else(not_a_time)?,
    };
    let zone_name = zone.iana_name().unwrap_or("the page's time zone");
    let with_offset = |offset: jiff::tz::Offset| {
        let minutes = offset.seconds() / 60;
        let sign = if minutes < 0 { '-' } else { '+' };
        format!("{}{sign}{:02}:{:02}", civil.strftime("%Y-%m-%dT%H:%M"), minutes.abs() / 60, minutes.abs() % 60)
    };
    let as_before = zone_time(zone, civil);
    match zone.to_ambiguous_zoned(civil).offset() {
        jiff::tz::AmbiguousOffset::Unambiguous { .. } => as_before.ok_or_else(not_a_time),
        jiff::tz::AmbiguousOffset::Gap { before, .. } => {
            let later = as_before.map(|time| time.to_string()).unwrap_or_default();
            Err(refused(
                format!(
                    "`{text}` does not exist in {zone_name}: the clocks go forward then; \
                     write {} (the same instant as {}), or an earlier time",
                    later.get(..16).unwrap_or_default().replace('T', " "),
                    with_offset(before),
                ),
                false,
                as_before,
            ))
        }
        jiff::tz::AmbiguousOffset::Fold { before, after } => Err(refused(
            format!(
                "`{text}` happens twice in {zone_name}: the clocks go back then; \
                 write {} for the first time or {} for the second",
                with_offset(before),
                with_offset(after),
            ),
            false,
            as_before,
        )),
    }
}

/// `civil` in `zone`, as statusgen always read page times: a skipped hour's time an hour
/// later, a repeated hour's its first time.
fn zone_time(zone: &jiff::tz::TimeZone, civil: jiff::civil::DateTime) -> Option<Timestamp> {
    let zoned = civil.to_zoned(zone.clone()).ok()?;
    let offset_minutes = (zoned.offset().seconds() / 60) as i16;
    Some(Timestamp::from_unix_ms(zoned.timestamp().as_millisecond()).with_offset_minutes(offset_minutes))
}

/// A length of time: `30m`, `1h`, `1h30m`, `90s`, `2d`. Milliseconds.
pub fn parse_duration(text: &str) -> Result<i64, String> {
    match duration_ms(text) {
        Some(0) => Err(format!("`{text}` is no time at all; write a duration above zero, e.g. 30m, 1h or 1h30m")),
        Some(ms) => Ok(ms),
        None => Err(format!("`{text}` is not a duration; write e.g. 30m, 1h or 1h30m")),
    }
}

/// A duration in milliseconds, zero included; None when `text` is not one.
pub fn duration_ms(text: &str) -> Option<i64> {
    let text = text.trim();
    let mut total: i64 = 0;
    let mut number = String::new();
    let mut any = false;
    for c in text.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit: i64 = match c {
            's' => 1_000,
            'm' => 60_000,
            'h' => 3_600_000,
            'd' => 86_400_000,
            _ => return None,
        };
        let value: i64 = number.parse().ok()?;
        total = total.checked_add(value.checked_mul(unit)?)?;
        number.clear();
        any = true;
    }
    (any && number.is_empty()).then_some(total)
}

/// `1h30m`, `45m`, `2d3h`: a duration the way [`parse_duration`] reads it, minutes at most.
pub fn show_duration(ms: i64) -> String {
    let minutes = ms.max(0) / 60_000;
    let (days, hours, minutes) = (minutes / 1_440, minutes / 60 % 24, minutes % 60);
    let mut out = String::new();
    if days > 0 {
        out.push_str(&format!("{days}d"));
    }
    if hours > 0 {
        out.push_str(&format!("{hours}h"));
    }
    if minutes > 0 || out.is_empty() {
        out.push_str(&format!("{minutes}m"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_and_show() {
        assert_eq!(parse_duration("30m"), Ok(1_800_000));
        assert_eq!(parse_duration("1h30m"), Ok(5_400_000));
        assert_eq!(parse_duration("90s"), Ok(90_000));
        for bad in ["", "30", "m", "1x", "-5m"] {
            assert_eq!(parse_duration(bad), Err(format!("`{bad}` is not a duration; write e.g. 30m, 1h or 1h30m")));
        }
        // A duration, of nothing: said so, not "not a duration".
        for zero in ["0m", "0h0m"] {
            assert!(parse_duration(zero).is_err_and(|e| e.contains("is no time at all")), "{zero}");
        }
        assert_eq!(show_duration(5_400_000), "1h30m");
        assert_eq!(show_duration(86_400_000 + 60_000), "1d1m");
        assert_eq!(show_duration(10_000), "0m");
    }

    #[test]
    fn offsetless_times_are_in_the_zone() {
        let zone = jiff::tz::db().get("Europe/Paris").expect("tzdb");
        let time = parse_time_in(&zone, "2024-06-01 22:00").expect("valid");
        assert_eq!(time.to_string(), "2024-06-01T22:00:00.000+02:00");
    }

    #[test]
    fn offsets_the_feed_cannot_carry_are_refused_not_dropped() {
        let zone = jiff::tz::db().get("America/New_York").expect("tzdb");
        for bad in
            ["2024-03-10T11:00:00+05", "2024-03-10T11:00:00+24:00", "2024-03-10T11:00:00-12:60", "2024-03-10 11:00Z0"]
        {
            let error = parse_time_in(&zone, bad).expect_err(bad);
            assert!(error.bad_offset && error.message.contains("offset"), "{bad}: {error}");
        }
        // A date or a time that is wrong in itself is not blamed on its offset.
        for bad in ["2024-02-30T08:00:00Z", "2024-05-10T25:00:00-04:00", "2024-05-10T8:30:00Z"] {
            let error = parse_time_in(&zone, bad).expect_err(bad);
            assert!(!error.bad_offset && error.message.contains("is not a date-time"), "{bad}: {error}");
        }
        assert_eq!(
            parse_time_in(&zone, "2024-03-10T11:00:00+05:00").expect("valid").to_string(),
            "2024-03-10T11:00:00.000+05:00"
        );
    }

    #[test]
    fn local_times_that_the_zone_skips_or_repeats_are_refused() {
        let zone = jiff::tz::db().get("America/New_York").expect("tzdb");
        let skipped = parse_time_in(&zone, "2024-03-10 02:30").expect_err("skipped hour");
        assert!(skipped.message.contains("does not exist in America/New_York"), "{skipped}");
        assert!(
            skipped.message.contains("write 2024-03-10 03:30 (the same instant as 2024-03-10T02:30-05:00)"),
            "{skipped}"
        );
        let repeated = parse_time_in(&zone, "2024-11-03T01:30").expect_err("repeated hour");
        assert!(
            repeated
                .message
                .contains("2024-11-03T01:30-04:00 for the first time or 2024-11-03T01:30-05:00 for the second"),
            "{repeated}"
        );
        // As they were read before they were refused: what a file already published says.
        let as_before = |error: TimeError| error.as_before.map(|time| time.to_string());
        assert_eq!(as_before(skipped).as_deref(), Some("2024-03-10T03:30:00.000-04:00"));
        assert_eq!(as_before(repeated).as_deref(), Some("2024-11-03T01:30:00.000-04:00"));
        let offset = parse_time_in(&zone, "2024-03-10T11:00:00+05").expect_err("offset");
        assert_eq!(as_before(offset).as_deref(), Some("2024-03-10T11:00:00.000-04:00"));
        // Either side of the change reads as before.
        assert_eq!(
            parse_time_in(&zone, "2024-03-10 03:30").expect("valid").to_string(),
            "2024-03-10T03:30:00.000-04:00"
        );
        assert_eq!(
            parse_time_in(&zone, "2024-03-10 01:59").expect("valid").to_string(),
            "2024-03-10T01:59:00.000-05:00"
        );
    }
}
