//! `maintenance.ics`: every scheduled maintenance as an iCalendar event (RFC 5545), so
//! people can subscribe to the windows in their calendar.
//!
//! Times are UTC (`…Z`), so no event needs a `VTIMEZONE` (UTC's is there only so that a
//! calendar without maintenance is still a valid one). Each event keeps its `UID`
//! (`<id>@<host>`) for ever; every update to the maintenance file bumps `SEQUENCE`
//! and moves `DTSTAMP`/`LAST-MODIFIED` to the update's time, so calendar clients
//! replace the event instead of adding a second one; maintenance completed before its
//! window opened is `CANCELLED`. Nothing depends on the clock:
//! the same input gives the same bytes. Lines end with CRLF and are folded at 75
//! octets, never inside a UTF-8 character.

use status_feed::{Incident, Timestamp};

use crate::compile::Feed;
use crate::i18n::chrome;
use crate::input::Config;

/// The calendar document.
pub fn calendar(config: &Config, feed: &Feed) -> String {
    let chrome = chrome(&config.locale);
    let host = config.url.split("://").nth(1).unwrap_or(&config.url).split('/').next().unwrap_or_default();
    let mut out = String::with_capacity(1024 + feed.maintenances.len() * 512);
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//statusgen//status page//EN");
    line(&mut out, "CALSCALE:GREGORIAN");
    // No `METHOD`: a subscribed calendar is no scheduling message, and `METHOD:PUBLISH`
    // would make `ORGANIZER` required (RFC 5546 §3.2.1), an address a status page does not
    // have. Outlook takes a calendar without one as published anyway.
    property(&mut out, "X-WR-CALNAME", &format!("{} — {}", config.name, chrome.calendar));
    property(&mut out, "NAME", &format!("{} — {}", config.name, chrome.calendar));
    line(&mut out, "REFRESH-INTERVAL;VALUE=DURATION:PT1H");
    line(&mut out, "X-PUBLISHED-TTL:PT1H");
    // A calendar holds at least one component (RFC 5545 §3.6), and a status page has no
    // maintenance most of the time: a reader that validates may refuse an empty calendar,
    // and with it the subscription. UTC's zone, which no event needs, is always there.
    for utc_zone in [
        "BEGIN:VTIMEZONE",
        "TZID:UTC",
        "BEGIN:STANDARD",
        "DTSTART:19700101T000000",
        "TZOFFSETFROM:+0000",
        "TZOFFSETTO:+0000",
        "END:STANDARD",
        "END:VTIMEZONE",
    ] {
        line(&mut out, utc_zone);
    }
    // Oldest window first, ties by id: a stable order for diffs.
    let mut maintenances: Vec<&Incident> = feed.maintenances.iter().collect();
    maintenances.sort_by(|a, b| a.scheduled_for.cmp(&b.scheduled_for).then_with(|| a.id.cmp(&b.id)));
    for maintenance in maintenances {
        event(&mut out, config, host, maintenance);
    }
    line(&mut out, "END:VCALENDAR");
    out
}

fn event(out: &mut String, config: &Config, host: &str, maintenance: &Incident) {
    let (Some(from), Some(until)) = (maintenance.scheduled_for, maintenance.scheduled_until) else {
        return;
    };
    let chrome = chrome(&config.locale);
    let changed = maintenance.updated_at.unwrap_or(from);
    let created = maintenance.created_at.unwrap_or(changed);
    line(out, "BEGIN:VEVENT");
    property(out, "UID", &format!("{}@{host}", maintenance.id));
    line(out, &format!("DTSTAMP:{}", utc(changed)));
    line(out, &format!("CREATED:{}", utc(created)));
    line(out, &format!("LAST-MODIFIED:{}", utc(changed)));
    // Each posted update is one revision of the event.
    line(out, &format!("SEQUENCE:{}", maintenance.incident_updates.len().saturating_sub(1)));
    line(out, &format!("DTSTART:{}", utc(from)));
    line(out, &format!("DTEND:{}", utc(until)));
    property(out, "SUMMARY", &maintenance.name);
    // Calendars strike it out instead of keeping the slot.
    let called_off = crate::compile::called_off(maintenance);
    let mut description = String::new();
    if let Some(latest) = maintenance.incident_updates.first() {
        description.push_str(if called_off { chrome.cancelled } else { chrome.stage(latest.status) });
        description.push_str(chrome.colon());
        description.push_str(&status_feed::plain_text(&latest.body));
    }
    if !maintenance.components.is_empty() {
        let names: Vec<&str> = maintenance.components.iter().map(|c| c.name.as_str()).collect();
        description.push_str(&format!("\n{}{}{}", chrome.affected, chrome.colon(), names.join(", ")));
    }
    if let Some(link) = &maintenance.shortlink {
        description.push('\n');
        description.push_str(link);
    }
    property(out, "DESCRIPTION", description.trim());
    if let Some(link) = &maintenance.shortlink {
        // URI values are not TEXT: no backslash escaping.
        line(out, &format!("URL:{link}"));
    }
    line(out, "CATEGORIES:MAINTENANCE");
    line(out, "TRANSP:TRANSPARENT");
    line(out, if called_off { "STATUS:CANCELLED" } else { "STATUS:CONFIRMED" });
    line(out, "END:VEVENT");
}

/// `20240601T220000Z`.
fn utc(time: Timestamp) -> String {
    let text = time.with_offset_minutes(0).to_string();
    // `2024-06-01T22:00:00.000Z` → `20240601T220000Z`
    let digits: String = text.chars().take(19).filter(|c| c.is_ascii_digit() || *c == 'T').collect();
    format!("{digits}Z")
}

/// A TEXT property: escaped, then folded.
fn property(out: &mut String, name: &str, value: &str) {
    line(out, &format!("{name}:{}", escape(value)));
}

/// RFC 5545 §3.3.11: backslash, semicolon, comma and newline are escaped; a tab is kept;
/// other control characters have no place in a calendar and are dropped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            // TEXT allows a tab (RFC 5545 §3.3.11, WSP); another control character goes.
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Writes one content line, folded so no physical line exceeds 75 octets (RFC 5545
/// §3.1): continuation lines start with a space, and a UTF-8 character is never split.
pub fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        line(&mut out, &format!("DESCRIPTION:{}", "é".repeat(60)));
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{} octets: {physical:?}", physical.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("DESCRIPTION:{}\r\n", "é".repeat(60)));
    }

    #[test]
    fn text_values_escape_separators_and_newlines() {
        assert_eq!(escape("a,b;c\\d\ne\u{7}"), "a\\,b\\;c\\\\d\\ne");
        // A tab is text (WSP), kept: dropping it glued the words either side.
        assert_eq!(escape("Body\twith tab"), "Body\twith tab");
    }

    #[test]
    fn times_are_written_in_utc_basic_format() {
        let time = Timestamp::parse("2024-06-01T00:30:00+02:00").expect("valid");
        assert_eq!(utc(time), "20240531T223000Z");
    }
}
