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

/// Reads `2024-05-10T08:30:00-04:00`, or `2024-05-10T08:30` (also with a space) in `zone`.
/// A local time the zone skips (clocks going forward) or repeats (going back) is refused:
/// only the operator knows which instant was meant.
pub fn parse_time_in(zone: &jiff::tz::TimeZone, text: &str) -> Result<Timestamp, String> {
    let text = text.trim();
    if let Ok(time) = Timestamp::parse(text) {
        return Ok(time);
    }
    // Past the date, a sign or a `Z` starts an offset the feed's grammar refused (`+05`,
    // `+24:00`, `-12:60`): never read the rest as page time and drop it.
    if text.get(10..).is_some_and(|rest| rest.contains(['+', '-', 'Z', 'z', '['])) {
        return Err(format!(
            "`{text}` has an offset that is not ±HH:MM (hours 00 to 23, minutes 00 to 59); \
             write e.g. 2024-05-10T08:30:00+05:00, or leave the offset out for the page's time zone"
        ));
    }
    let problem = || {
        format!("`{text}` is not a date-time; write e.g. 2024-05-10T08:30:00-04:00, or 2024-05-10T08:30 in the page's time zone")
    };
    let civil: jiff::civil::DateTime = text.replace(' ', "T").parse().map_err(|_| problem())?;
    let zone_name = zone.iana_name().unwrap_or("the page's time zone");
    let with_offset = |offset: jiff::tz::Offset| {
        let minutes = offset.seconds() / 60;
        let sign = if minutes < 0 { '-' } else { '+' };
        format!("{}{sign}{:02}:{:02}", civil.strftime("%Y-%m-%dT%H:%M"), minutes.abs() / 60, minutes.abs() % 60)
    };
    let ambiguous = zone.to_ambiguous_zoned(civil);
    match ambiguous.offset() {
        jiff::tz::AmbiguousOffset::Unambiguous { .. } => {}
        jiff::tz::AmbiguousOffset::Gap { before, .. } => {
            let later = civil.to_zoned(zone.clone()).map_err(|_| problem())?;
            return Err(format!(
                "`{text}` does not exist in {zone_name}: the clocks go forward then; \
                 write {} (the same instant as {}), or an earlier time",
                later.strftime("%Y-%m-%d %H:%M"),
                with_offset(before),
            ));
        }
        jiff::tz::AmbiguousOffset::Fold { before, after } => {
            return Err(format!(
                "`{text}` happens twice in {zone_name}: the clocks go back then; \
                 write {} for the first time or {} for the second",
                with_offset(before),
                with_offset(after),
            ));
        }
    }
    let zoned = ambiguous.compatible().map_err(|_| problem())?;
    let offset_minutes = (zoned.offset().seconds() / 60) as i16;
    Ok(Timestamp::from_unix_ms(zoned.timestamp().as_millisecond()).with_offset_minutes(offset_minutes))
}

/// A length of time: `30m`, `1h`, `1h30m`, `90s`, `2d`. Milliseconds.
pub fn parse_duration(text: &str) -> Result<i64, String> {
    let problem = || format!("`{text}` is not a duration; write e.g. 30m, 1h or 1h30m");
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
            _ => return Err(problem()),
        };
        let value: i64 = number.parse().map_err(|_| problem())?;
        total = total.checked_add(value.checked_mul(unit).ok_or_else(problem)?).ok_or_else(problem)?;
        number.clear();
        any = true;
    }
    if !any || !number.is_empty() || total == 0 {
        return Err(problem());
    }
    Ok(total)
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
        for bad in ["", "30", "m", "0m", "1x", "-5m"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
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
            assert!(error.contains("offset"), "{bad}: {error}");
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
        assert!(skipped.contains("does not exist in America/New_York"), "{skipped}");
        assert!(skipped.contains("write 2024-03-10 03:30 (the same instant as 2024-03-10T02:30-05:00)"), "{skipped}");
        let repeated = parse_time_in(&zone, "2024-11-03T01:30").expect_err("repeated hour");
        assert!(
            repeated.contains("2024-11-03T01:30-04:00 for the first time or 2024-11-03T01:30-05:00 for the second"),
            "{repeated}"
        );
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
