//! Past incidents by day: the front page's last [`RECENT_DAYS`] days (quiet stretches
//! collapsed into one line) and the monthly archive `history/YYYY-MM.html`, one page
//! for every month from the oldest file's to the build's.
//!
//! An incident or maintenance belongs to the page-local day it started on
//! (maintenance: its window). Upcoming maintenance is not history yet.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use jiff::civil::Date;
use status_feed::{Incident, Phase, Timestamp};

use crate::compile::Feed;
use crate::html::{escape, escape_into, page_end, page_start, Ctx};
use crate::input::Config;

/// How many days the front page lists.
pub const RECENT_DAYS: i64 = 14;

/// A month: (year, month 1–12).
pub type Month = (i16, i8);

/// Every past incident and maintenance by local day, newest day first; within a day
/// newest first, ties by id.
pub struct Days<'a> {
    by_day: Vec<(Date, &'a Incident)>,
    today: Date,
}

/// The day `time` falls on in `zone`.
pub fn day_of(zone: &jiff::tz::TimeZone, time: Timestamp) -> Date {
    jiff::Timestamp::from_millisecond(time.unix_ms()).map(|t| t.to_zoned(zone.clone()).date()).unwrap_or_default()
}

impl<'a> Days<'a> {
    /// Groups `feed`'s incidents and started maintenance by the day they started.
    pub fn new(config: &Config, feed: &'a Feed) -> Self {
        let zone = &config.time_zone;
        let mut by_day: Vec<(Date, &Incident)> = feed
            .incidents
            .iter()
            .chain(feed.maintenances.iter().filter(|m| m.phase(feed.now) != Phase::Upcoming))
            .filter_map(|incident| {
                let start = incident.scheduled_for.or(incident.started_at).or(incident.created_at)?;
                Some((day_of(zone, start), incident))
            })
            .collect();
        by_day.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then_with(|| b.1.started_at.or(b.1.created_at).cmp(&a.1.started_at.or(a.1.created_at)))
                .then_with(|| a.1.id.cmp(&b.1.id))
        });
        Self { by_day, today: day_of(zone, feed.now) }
    }

    /// Every month from the oldest item's to today's, newest first.
    pub fn months(&self) -> Vec<Month> {
        let newest = (self.today.year(), self.today.month());
        let oldest = self.by_day.last().map_or(newest, |(d, _)| (d.year(), d.month())).min(newest);
        let mut months = Vec::new();
        let mut month = newest;
        loop {
            months.push(month);
            if month <= oldest {
                break;
            }
            month = if month.1 == 1 { (month.0 - 1, 12) } else { (month.0, month.1 - 1) };
        }
        months
    }

    /// The items of one month, by day, newest day first.
    fn of_month(&self, month: Month) -> Vec<(Date, Vec<&'a Incident>)> {
        // `by_day` is sorted newest first: find the month's stretch by bisection.
        let after = self.by_day.partition_point(|(d, _)| (d.year(), d.month()) > month);
        let end = self.by_day.partition_point(|(d, _)| (d.year(), d.month()) >= month);
        group(&self.by_day[after..end])
    }
}

fn group<'a>(items: &[(Date, &'a Incident)]) -> Vec<(Date, Vec<&'a Incident>)> {
    let mut days: Vec<(Date, Vec<&Incident>)> = Vec::new();
    for (day, incident) in items {
        match days.last_mut() {
            Some((known, list)) if known == day => list.push(incident),
            _ => days.push((*day, vec![incident])),
        }
    }
    days
}

fn date_text(ctx: &Ctx<'_>, day: Date) -> String {
    ctx.chrome.date(day.year(), day.month(), day.day())
}

/// One day with incidents: its date and a linked list of them.
/// `root` is the way to the site root; on the front page days are `h3` (under "Past
/// incidents"), on a month page `h2` (under the month).
fn day_block(out: &mut String, ctx: &Ctx<'_>, day: Date, incidents: &[&Incident], root: &str) {
    let level = if root.is_empty() { 3 } else { 2 };
    let _ = write!(out, "<div class=\"day\"><h{level}>{}</h{level}><ul>", date_text(ctx, day));
    for incident in incidents {
        let _ = write!(out, "<li><a href=\"{root}incidents/{}.html\">", escape(&incident.id));
        escape_into(out, &incident.name);
        let stage = crate::compile::stage_words(ctx.chrome, incident, ctx.now);
        let _ = write!(out, "</a> <span class=\"note\">({stage})</span></li>");
    }
    out.push_str("</ul></div>\n");
}

/// Quiet days from `newest` back to `oldest`: one line however many there are.
fn quiet(out: &mut String, ctx: &Ctx<'_>, newest: Date, oldest: Date) {
    if newest == oldest {
        let _ = writeln!(
            out,
            "<div class=\"day\"><h3>{}</h3><p class=\"note\">{}</p></div>",
            date_text(ctx, newest),
            ctx.chrome.no_incidents
        );
    } else {
        let [from, to, end] = ctx.chrome.quiet_range;
        let _ = writeln!(
            out,
            "<p class=\"day quiet note\">{}{}{}{}{end}</p>",
            ctx.chrome.before_date(from, oldest.day()),
            date_text(ctx, oldest),
            ctx.chrome.before_date(to, newest.day()),
            date_text(ctx, newest)
        );
    }
}

/// The front page's "Past incidents": the last [`RECENT_DAYS`] days, newest first.
pub fn recent(out: &mut String, ctx: &Ctx<'_>, days: &Days<'_>) {
    let chrome = ctx.chrome;
    let today = days.today;
    let first = today.checked_sub(jiff::Span::new().days(RECENT_DAYS - 1)).unwrap_or(today);
    let start = days.by_day.partition_point(|(d, _)| *d > today);
    let end = days.by_day.partition_point(|(d, _)| *d >= first);
    let with_incidents = group(&days.by_day[start..end]);
    let _ = write!(out, "<section aria-labelledby=\"history\">\n<h2 id=\"history\">{}</h2>\n", chrome.history);
    // Walk the days newest first; a run of quiet days is written when it ends.
    let mut quiet_from: Option<Date> = None;
    let mut day = today;
    let mut listed = with_incidents.iter().peekable();
    loop {
        match listed.next_if(|(d, _)| *d == day) {
            Some((_, incidents)) => {
                if let Some(newest) = quiet_from.take() {
                    quiet(out, ctx, newest, day.tomorrow().unwrap_or(day));
                }
                day_block(out, ctx, day, incidents, "");
            }
            None => {
                quiet_from.get_or_insert(day);
            }
        }
        if day <= first {
            break;
        }
        match day.yesterday() {
            Ok(previous) => day = previous,
            Err(_) => break,
        }
    }
    if let Some(newest) = quiet_from {
        quiet(out, ctx, newest, day);
    }
    let _ = write!(
        out,
        "<p><a href=\"history/{:04}-{:02}.html\">{}</a></p>\n</section>\n",
        today.year(),
        today.month(),
        chrome.incident_history
    );
}

/// `history/YYYY-MM.html` for every month: (path, page).
pub fn month_pages(config: &Config, feed: &Feed, days: &Days<'_>) -> Vec<(String, String)> {
    let months = days.months();
    let chrome = crate::i18n::chrome(&config.locale);
    let ctx = Ctx { config, chrome, now: feed.now };
    let mut by_year: BTreeMap<i16, Vec<i8>> = BTreeMap::new();
    for (year, month) in &months {
        by_year.entry(*year).or_default().push(*month);
    }
    // The archive index is the same on every page: build it once.
    let mut archive = format!(
        "<nav aria-labelledby=\"months\">\n<h2 id=\"months\">{}</h2>\n<ul class=\"months\">\n",
        chrome.all_months
    );
    for (year, list) in by_year.iter().rev() {
        let _ = write!(archive, "<li><strong>{year}</strong> ");
        for (index, month) in list.iter().enumerate() {
            if index > 0 {
                archive.push_str(" · ");
            }
            let _ =
                write!(archive, "<a href=\"{year:04}-{month:02}.html\">{}</a>", chrome.months[(*month - 1) as usize]);
        }
        archive.push_str("</li>\n");
    }
    archive.push_str("</ul>\n</nav>\n");

    months
        .iter()
        .enumerate()
        .map(|(index, &(year, month))| {
            let name = chrome.month(year, month);
            let mut out = String::with_capacity(8 * 1024);
            page_start(&mut out, &ctx, feed, &format!("{} — {name} — {}", chrome.incident_history, config.name), "../");
            let _ = write!(
                out,
                "<h1>{} — {name}</h1>\n<nav class=\"pager\" aria-label=\"{}\">",
                chrome.incident_history, chrome.incident_history
            );
            // `months` is newest first: the next (later) month is before this one.
            if let Some((y, m)) = months.get(index + 1) {
                let _ = write!(out, "<a href=\"{y:04}-{m:02}.html\" rel=\"prev\">{}</a>", chrome.previous_month);
            }
            if let Some((y, m)) = index.checked_sub(1).and_then(|i| months.get(i)) {
                let _ = write!(out, "<a href=\"{y:04}-{m:02}.html\" rel=\"next\">{}</a>", chrome.next_month);
            }
            out.push_str("</nav>\n<section class=\"month\">\n");
            let items = days.of_month((year, month));
            if items.is_empty() {
                let _ = writeln!(out, "<p class=\"note\">{}</p>", chrome.month_empty);
            }
            for (day, incidents) in &items {
                day_block(&mut out, &ctx, *day, incidents, "../");
            }
            out.push_str("</section>\n");
            out.push_str(&archive);
            page_end(&mut out, &ctx, feed, "../");
            (format!("history/{year:04}-{month:02}.html"), out)
        })
        .collect()
}
