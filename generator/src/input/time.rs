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
pub fn parse_time_in(zone: &jiff::tz::TimeZone, text: &str) -> Result<Timestamp, String> {
    if let Ok(time) = Timestamp::parse(text.trim()) {
        return Ok(time);
    }
    let problem = || {
        format!("`{text}` is not a date-time; write e.g. 2024-05-10T08:30:00-04:00, or 2024-05-10T08:30 in the page's time zone")
    };
    let civil: jiff::civil::DateTime = text.trim().replace(' ', "T").parse().map_err(|_| problem())?;
    let zoned = civil.to_zoned(zone.clone()).map_err(|_| problem())?;
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
}
