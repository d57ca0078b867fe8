//! ISO 8601 timestamps as Statuspage writes them, without a date-time crate.
//!
//! The widget ships to every visitor, so this is a few dozen lines of civil-date
//! arithmetic instead of `chrono`. A [`Timestamp`] keeps the UTC instant (for
//! ordering) and the offset it was written with (so re-serializing is faithful).

use core::fmt;

use crate::decimal::push_decimal;

/// An instant with the UTC offset it was written in. Ordered and compared by instant only.
#[derive(Clone, Copy, Debug)]
pub struct Timestamp {
    unix_ms: i64,
    offset_minutes: i16,
}

/// Why a string is not an ISO 8601 timestamp.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimestampError;

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("expected an ISO 8601 timestamp such as 2024-05-10T08:30:00.000Z or 2024-05-10T08:30:00-04:00")
    }
}

impl std::error::Error for TimestampError {}

const MS_PER_MINUTE: i64 = 60_000;
const MS_PER_DAY: i64 = 86_400_000;

impl Timestamp {
    /// The instant `unix_ms` milliseconds after 1970-01-01T00:00:00Z, written in UTC.
    pub const fn from_unix_ms(unix_ms: i64) -> Self {
        Self { unix_ms, offset_minutes: 0 }
    }

    /// The same instant, written with another UTC offset (in minutes east of UTC).
    pub const fn with_offset_minutes(self, offset_minutes: i16) -> Self {
        Self { unix_ms: self.unix_ms, offset_minutes }
    }

    /// Milliseconds since the Unix epoch.
    pub const fn unix_ms(self) -> i64 {
        self.unix_ms
    }

    /// The UTC offset this timestamp was written with, in minutes east of UTC.
    pub const fn offset_minutes(self) -> i16 {
        self.offset_minutes
    }

    /// The date and the time of day where it was written (at its offset): year, month
    /// (1 to 12), day, and the milliseconds since that day's midnight.
    ///
    /// ```
    /// let at = status_feed::Timestamp::parse("2024-05-10T08:30:00-04:00").unwrap();
    /// assert_eq!(at.local(), (2024, 5, 10, 30_600_000));
    /// ```
    pub fn local(self) -> (i64, u32, u32, u32) {
        let local = self.unix_ms + self.offset_minutes as i64 * MS_PER_MINUTE;
        let (year, month, day) = civil_from_days(local.div_euclid(MS_PER_DAY));
        (year, month, day, local.rem_euclid(MS_PER_DAY) as u32)
    }

    /// `2024-05-10T08:30:00.000-04:00`, or `...Z` for UTC, as Statuspage writes it (and
    /// as [`Display`](fmt::Display) does). Built by hand: see [`crate::decimal()`].
    ///
    /// ```
    /// let at = status_feed::Timestamp::parse("2024-05-10T08:30:00-04:00").unwrap();
    /// assert_eq!(at.written(), "2024-05-10T08:30:00.000-04:00");
    /// ```
    pub fn written(self) -> String {
        let offset = self.offset_minutes as i64;
        let (year, month, day, ms_of_day) = self.local();
        let ms_of_day = u64::from(ms_of_day);
        let seconds = ms_of_day / 1_000;
        let mut out = String::with_capacity(29);
        if year < 0 {
            // As `{:04}` pads a negative number: the sign counts towards the width.
            out.push('-');
            push_decimal(&mut out, year.unsigned_abs(), 3);
        } else {
            push_decimal(&mut out, year as u64, 4);
        }
        for (separator, value, width) in [
            ('-', month as u64, 2),
            ('-', day as u64, 2),
            ('T', seconds / 3_600, 2),
            (':', seconds / 60 % 60, 2),
            (':', seconds % 60, 2),
            ('.', ms_of_day % 1_000, 3),
        ] {
            out.push(separator);
            push_decimal(&mut out, value, width);
        }
        if offset == 0 {
            out.push('Z');
        } else {
            out.push(if offset < 0 { '-' } else { '+' });
            push_decimal(&mut out, offset.unsigned_abs() / 60, 2);
            out.push(':');
            push_decimal(&mut out, offset.unsigned_abs() % 60, 2);
        }
        out
    }

    /// Parses `YYYY-MM-DDTHH:MM[:SS[.fraction]](Z|±HH:MM|±HHMM)`; a space may stand for `T`.
    pub fn parse(text: &str) -> Result<Self, TimestampError> {
        let mut cursor = Cursor { bytes: text.trim().as_bytes(), pos: 0 };
        let year = cursor.digits(4)? as i64;
        cursor.expect(b'-')?;
        let month = cursor.digits(2)?;
        cursor.expect(b'-')?;
        let day = cursor.digits(2)?;
        if !cursor.eat(b'T') && !cursor.eat(b't') && !cursor.eat(b' ') {
            return Err(TimestampError);
        }
        let hour = cursor.digits(2)?;
        cursor.expect(b':')?;
        let minute = cursor.digits(2)?;
        let mut second = 0;
        let mut millis = 0;
        if cursor.eat(b':') {
            second = cursor.digits(2)?;
            if cursor.eat(b'.') || cursor.eat(b',') {
                let mut scale = 100;
                let start = cursor.pos;
                while let Some(digit) = cursor.peek_digit() {
                    millis += digit * scale;
                    scale /= 10;
                    cursor.pos += 1;
                }
                if cursor.pos == start {
                    return Err(TimestampError);
                }
            }
        }
        let offset_minutes: i64 = match cursor.next() {
            Some(b'Z' | b'z') => 0,
            Some(sign @ (b'+' | b'-')) => {
                let hours = cursor.digits(2)? as i64;
                cursor.eat(b':');
                let minutes = cursor.digits(2)? as i64;
                if minutes > 59 {
                    return Err(TimestampError);
                }
                let total = hours * 60 + minutes;
                if sign == b'-' {
                    -total
                } else {
                    total
                }
            }
            _ => return Err(TimestampError),
        };
        if cursor.pos != cursor.bytes.len()
            || !(1..=12).contains(&month)
            || day == 0
            || day > days_in_month(year, month)
            || hour > 23
            || minute > 59
            || second > 60
            || offset_minutes.abs() >= 24 * 60
        {
            return Err(TimestampError);
        }
        let days = days_from_civil(year, month, day);
        let local_ms =
            days * MS_PER_DAY + (hour as i64 * 3_600 + minute as i64 * 60 + second as i64) * 1_000 + millis as i64;
        Ok(Self { unix_ms: local_ms - offset_minutes * MS_PER_MINUTE, offset_minutes: offset_minutes as i16 })
    }
}

impl PartialEq for Timestamp {
    fn eq(&self, other: &Self) -> bool {
        self.unix_ms == other.unix_ms
    }
}

impl Eq for Timestamp {}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<core::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Timestamp {
    fn cmp(&self, other: &Self) -> core::cmp::Ordering {
        self.unix_ms.cmp(&other.unix_ms)
    }
}

impl core::str::FromStr for Timestamp {
    type Err = TimestampError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

/// Writes [`Timestamp::written`].
impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.written())
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an ISO 8601 timestamp")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Timestamp, E> {
                Timestamp::parse(text).map_err(|_| E::custom(TimestampError))
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn next(&mut self) -> Option<u8> {
        let byte = self.bytes.get(self.pos).copied();
        self.pos += 1;
        byte
    }

    fn eat(&mut self, expected: u8) -> bool {
        let matched = self.bytes.get(self.pos) == Some(&expected);
        if matched {
            self.pos += 1;
        }
        matched
    }

    fn expect(&mut self, expected: u8) -> Result<(), TimestampError> {
        if self.eat(expected) {
            Ok(())
        } else {
            Err(TimestampError)
        }
    }

    fn peek_digit(&self) -> Option<u32> {
        self.bytes.get(self.pos).filter(|b| b.is_ascii_digit()).map(|b| (b - b'0') as u32)
    }

    fn digits(&mut self, count: usize) -> Result<u32, TimestampError> {
        let mut value = 0;
        for _ in 0..count {
            value = value * 10 + self.peek_digit().ok_or(TimestampError)?;
            self.pos += 1;
        }
        Ok(value)
    }
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub(crate) fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = month as i64;
    let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day as i64 - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The proleptic Gregorian date of a day count since 1970-01-01.
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, unix_ms: i64, written: &str) {
        let parsed = Timestamp::parse(text).unwrap_or_else(|_| panic!("{text} should parse"));
        assert_eq!(parsed.unix_ms(), unix_ms, "{text}");
        assert_eq!(parsed.to_string(), written, "{text}");
    }

    #[test]
    fn utc_with_milliseconds_round_trips() {
        check("2024-05-10T08:30:00.123Z", 1_715_329_800_123, "2024-05-10T08:30:00.123Z");
    }

    #[test]
    fn negative_offset_is_kept_and_instant_is_utc() {
        check("2024-05-10T08:30:00.000-04:00", 1_715_344_200_000, "2024-05-10T08:30:00.000-04:00");
    }

    #[test]
    fn seconds_and_fraction_are_optional_and_microseconds_truncate() {
        check("2024-05-10T08:30Z", 1_715_329_800_000, "2024-05-10T08:30:00.000Z");
        check("2024-05-10T08:30:00.123456+0530", 1_715_310_000_123, "2024-05-10T08:30:00.123+05:30");
    }

    #[test]
    fn epoch_and_leap_day_are_exact() {
        check("1970-01-01T00:00:00Z", 0, "1970-01-01T00:00:00.000Z");
        check("2024-02-29T23:59:59.999Z", 1_709_251_199_999, "2024-02-29T23:59:59.999Z");
    }

    #[test]
    fn malformed_timestamps_are_rejected() {
        for bad in [
            "",
            "2024-05-10",
            "2024-13-01T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2024-05-10T08:30:00",
            "2024-05-10T25:00:00Z",
            "2024-05-10T08:30:00Zjunk",
            // Offsets past ±23:59, or with 60 minutes or more (V8's `Date.parse` refuses both).
            "2024-05-10T08:30:00+24:00",
            "2024-05-10T08:30:00-12:60",
            "2024-05-10T08:30:00+05",
            "yesterday",
        ] {
            assert!(Timestamp::parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    /// What `written` replaced: the same text through `write!`.
    fn formatted(at: Timestamp) -> String {
        let offset = at.offset_minutes() as i64;
        let local = at.unix_ms() + offset * MS_PER_MINUTE;
        let ms_of_day = local.rem_euclid(MS_PER_DAY);
        let (year, month, day) = civil_from_days(local.div_euclid(MS_PER_DAY));
        let seconds = ms_of_day / 1_000;
        let (hours, minutes, rest, millis) = (seconds / 3_600, seconds / 60 % 60, seconds % 60, ms_of_day % 1_000);
        let zone = match offset {
            0 => "Z".to_owned(),
            _ => format!("{}{:02}:{:02}", if offset < 0 { '-' } else { '+' }, offset.abs() / 60, offset.abs() % 60),
        };
        format!("{year:04}-{month:02}-{day:02}T{hours:02}:{minutes:02}:{rest:02}.{millis:03}{zone}")
    }

    #[test]
    fn written_by_hand_as_write_wrote_it_over_centuries_and_offsets() {
        let mut cases = 0;
        for unix_ms in (-70_000_000_000_000_i64..260_000_000_000_000).step_by(29_876_543_211) {
            for offset in [0, 1, -1, 59, 60, -210, 330, 840, -720, 1_439, -1_439] {
                let at = Timestamp::from_unix_ms(unix_ms).with_offset_minutes(offset);
                assert_eq!(at.written(), formatted(at), "{unix_ms} {offset}");
                assert_eq!(at.to_string(), at.written());
                cases += 1;
            }
        }
        assert!(cases > 100_000, "{cases}");
    }

    #[test]
    fn civil_conversion_round_trips_over_centuries() {
        for days in (-200_000..200_000).step_by(97) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
