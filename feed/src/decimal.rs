//! Integers written in decimal digits by hand, for the text the widget builds.
//!
//! The widget's wasm pays for every byte it links, and `format!`, `to_string()` and
//! `write!` on an integer bring in `core::fmt`'s machinery (the formatter, its padding,
//! each integer type's `Display`): 2.7 KB of gzip for a few numbers. These few
//! lines do the same for what the widget and the feed write.

/// `value` in decimal, with a `-` when negative.
///
/// ```
/// assert_eq!(status_feed::decimal(1_715_329_800_000), "1715329800000");
/// assert_eq!(status_feed::decimal(-42), "-42");
/// ```
pub fn decimal(value: i64) -> String {
    let mut out = String::new();
    if value < 0 {
        out.push('-');
    }
    push_decimal(&mut out, value.unsigned_abs(), 1);
    out
}

/// Appends `value` in decimal to `out`, with leading zeros up to `width` digits.
///
/// ```
/// let mut out = String::from("12:");
/// status_feed::push_decimal(&mut out, 5, 2);
/// assert_eq!(out, "12:05");
/// ```
pub fn push_decimal(out: &mut String, value: u64, width: usize) {
    // u64::MAX has 20 digits.
    let mut digits = [b'0'; 20];
    let mut at = digits.len();
    let mut rest = value;
    while rest > 0 || at == digits.len() {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
    let start = at.min(digits.len().saturating_sub(width));
    // Only ASCII digits were written.
    out.extend(digits[start..].iter().map(|&digit| char::from(digit)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_read_as_std_writes_them() {
        for value in [0, 1, 9, 10, 99, 100, 12_345, -1, -10, i64::MAX, i64::MIN, 1_715_329_800_000] {
            assert_eq!(decimal(value), value.to_string());
        }
    }

    #[test]
    fn padded_to_a_width_as_the_format_width_pads() {
        for (value, width) in [(0, 2), (5, 2), (12, 2), (7, 3), (123, 2), (2024, 4), (99, 4), (0, 1)] {
            let mut out = String::new();
            push_decimal(&mut out, value, width);
            assert_eq!(out, format!("{value:0width$}"), "{value} to {width}");
        }
    }
}
