//! The full status page (`index.html`) and one page per incident (`incidents/<id>.html`).
//!
//! Plain semantic HTML with inline CSS and no JavaScript: it must load when everything
//! else is down, on any static host, in any browser, for screen readers too. Every piece
//! of incident text is untrusted and goes through [`escape`].

use std::fmt::Write as _;

use status_feed::{Component, ComponentStatus, Impact, Incident, Timestamp};

use crate::compile::Feed;
use crate::i18n::{chrome, utc_offset, Chrome};
use crate::input::Config;

/// How many days of history the front page shows.
pub const HISTORY_DAYS: i64 = 90;

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    escape_into(&mut out, text);
    out
}

/// [`escape`], appending to `out`.
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters have no business in a page; drop them (tabs and newlines stay).
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
}

/// Shared styles: light by default, dark when the visitor asks, AA contrast in both.
const CSS: &str = r#"
:root{--bg:#fff;--fg:#1a1d21;--muted:#555d66;--line:#d9dde2;--card:#f6f7f9;--ok:#146c2e;--minor:#8a5a00;--major:#b3360b;--critical:#b00020;--maint:#1f5fbf;--link:#0b57d0}
@media (prefers-color-scheme:dark){:root{--bg:#111418;--fg:#e8eaed;--muted:#a8b0ba;--line:#2e343b;--card:#1a1e23;--ok:#5fd38a;--minor:#f2c14e;--major:#ff8a5c;--critical:#ff6b81;--maint:#7fb0ff;--link:#8ab4f8}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
a{color:var(--link)}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:var(--bg);padding:.5rem}
header,main,footer{max-width:48rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.25rem;margin:2rem 0 .75rem}h3{font-size:1.05rem;margin:0 0 .25rem}
.overall{border-radius:.5rem;padding:1rem 1.25rem;font-size:1.2rem;font-weight:600;color:#fff}
.overall p{margin:0}
.i-none{background:#146c2e}.i-minor{background:#8a5a00}.i-major{background:#b3360b}.i-critical{background:#b00020}.i-maintenance{background:#1f5fbf}
.card{background:var(--card);border:1px solid var(--line);border-left-width:.35rem;border-radius:.5rem;padding:1rem;margin:0 0 1rem}
.card.i-none,.card.i-minor,.card.i-major,.card.i-critical,.card.i-maintenance{background:var(--card)}
.b-none{border-left-color:var(--muted)}.b-minor{border-left-color:var(--minor)}.b-major{border-left-color:var(--major)}.b-critical{border-left-color:var(--critical)}.b-maintenance{border-left-color:var(--maint)}
.meta,time,.note{color:var(--muted);font-size:.9rem}
.timeline{list-style:none;margin:.75rem 0 0;padding:0}
.timeline li{border-top:1px solid var(--line);padding:.6rem 0}
.body{white-space:pre-line;margin:.25rem 0 0;overflow-wrap:anywhere}
.components{list-style:none;margin:0;padding:0;border:1px solid var(--line);border-radius:.5rem}
.components li{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.5rem;padding:.6rem 1rem;border-top:1px solid var(--line)}
.components>li:first-child{border-top:0}
.components ul{list-style:none;margin:.25rem 0 0;padding:0 0 0 1rem;flex-basis:100%}
.components .desc{display:block;color:var(--muted);font-size:.85rem}
.s-operational{color:var(--ok)}.s-degraded_performance{color:var(--minor)}.s-partial_outage{color:var(--major)}.s-major_outage{color:var(--critical)}.s-under_maintenance{color:var(--maint)}
.day{border-top:1px solid var(--line);padding:.6rem 0}
.day h3{font-size:1rem}
.day ul{margin:.25rem 0 0;padding-left:1.25rem}
footer{color:var(--muted);font-size:.9rem;border-top:1px solid var(--line);margin-top:2rem}
@media (max-width:30rem){header,main,footer{padding:.75rem}.overall{font-size:1.05rem}}
"#;

struct Ctx<'a> {
    config: &'a Config,
    chrome: &'static Chrome,
    now: Timestamp,
}

impl Ctx<'_> {
    fn time(&self, out: &mut String, time: Option<Timestamp>) {
        if let Some(time) = time {
            let _ = write!(
                out,
                "<time datetime=\"{time}\">{}</time>",
                escape(&self.chrome.date_time(time, &self.config.time_zone))
            );
        }
    }
}

fn head(out: &mut String, config: &Config, title: &str, root: &str) {
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"color-scheme\" content=\"light dark\">\n<title>{title}</title>\n\
         <link rel=\"alternate\" type=\"application/atom+xml\" href=\"{root}history.atom\" title=\"{name}\">\n\
         <link rel=\"alternate\" type=\"application/json\" href=\"{root}api/v2/summary.json\">\n\
         {style}\n</head>\n<body>\n",
        lang = escape(&config.locale),
        title = escape(title),
        name = escape(&config.name),
        // The front page inlines its styles so it renders from one request; the (up to
        // thousands of) incident pages share the cached `style.css` instead.
        style = if root.is_empty() {
            format!("<style>{}</style>", CSS.trim())
        } else {
            format!("<link rel=\"stylesheet\" href=\"{root}style.css\">")
        },
    );
}

/// `style.css`, shared by the incident pages.
pub fn stylesheet() -> &'static str {
    CSS.trim_start()
}

fn footer(out: &mut String, ctx: &Ctx<'_>, feed: &Feed, root: &str) {
    let chrome = ctx.chrome;
    out.push_str("<footer>\n<p>");
    out.push_str(chrome.last_updated);
    out.push_str(": ");
    ctx.time(out, feed.page.updated_at);
    let _ = write!(
        out,
        ". {} {} ({}).</p>\n<p><a href=\"{root}api/v2/summary.json\">{}</a> · <a href=\"{root}history.atom\">{}</a></p>\n</footer>\n</body>\n</html>\n",
        chrome.times_in,
        escape(&ctx.config.time_zone_name),
        utc_offset(i32::from(crate::compile::offset_minutes_at(&ctx.config.time_zone, feed.now)) * 60),
        chrome.feed,
        chrome.subscribe,
    );
}

fn impact_class(impact: Impact) -> &'static str {
    match impact {
        Impact::Unknown => "minor",
        other => other.as_str(),
    }
}

/// A titled section of incident cards, each linking to its own page; nothing when empty.
fn card_section(out: &mut String, ctx: &Ctx<'_>, id: &str, heading: &str, incidents: &[&Incident]) {
    if incidents.is_empty() {
        return;
    }
    let _ = write!(out, "<section aria-labelledby=\"{id}\">\n<h2 id=\"{id}\">{heading}</h2>\n");
    for incident in incidents {
        incident_card(out, ctx, incident, "h3", Some(&format!("incidents/{}.html", incident.id)));
    }
    out.push_str("</section>\n");
}

/// An incident or maintenance as a card with its whole timeline.
fn incident_card(out: &mut String, ctx: &Ctx<'_>, incident: &Incident, heading: &str, link: Option<&str>) {
    let chrome = ctx.chrome;
    let _ = write!(out, "<article class=\"card b-{}\">\n<{heading}>", impact_class(incident.impact));
    match link {
        Some(href) => {
            let _ = write!(out, "<a href=\"{}\">{}</a>", escape(href), escape(&incident.name));
        }
        None => escape_into(out, &incident.name),
    }
    let _ = write!(
        out,
        "</{heading}>\n<p class=\"meta\">{} · {}: {}",
        chrome.stage(incident.status),
        chrome.impact_label,
        chrome.impact(incident.impact)
    );
    if !incident.components.is_empty() {
        let names: Vec<&str> = incident.components.iter().map(|c| c.name.as_str()).collect();
        let _ = write!(out, " · {}: {}", chrome.affected, escape(&names.join(", ")));
    }
    out.push_str("</p>\n");
    if let (Some(from), Some(until)) = (incident.scheduled_for, incident.scheduled_until) {
        let _ = write!(out, "<p class=\"meta\">{} ", chrome.scheduled_for);
        ctx.time(out, Some(from));
        let _ = write!(out, " {} ", chrome.until);
        ctx.time(out, Some(until));
        out.push_str("</p>\n");
    }
    next_update(out, ctx, incident);
    out.push_str("<ol class=\"timeline\">\n");
    for update in &incident.incident_updates {
        let _ = write!(out, "<li><strong>{}</strong> · ", chrome.stage(update.status));
        ctx.time(out, update.shown_at());
        out.push_str("<p class=\"body\">");
        // Bodies may carry `<br />`, entities and Markdown (as Statuspage's do): show
        // them as the widget does, as plain text with their line breaks.
        escape_into(out, &status_feed::plain_text(&update.body));
        out.push_str("</p></li>\n");
    }
    out.push_str("</ol>\n</article>\n");
}

/// "Next update by 11:30 (UTC−04:00)" while the incident is open and its latest
/// update promised one; "— overdue" once that time has passed.
fn next_update(out: &mut String, ctx: &Ctx<'_>, incident: &Incident) {
    if !incident.is_active(ctx.now) {
        return;
    }
    let Some(at) = status_feed::latest_update(incident).and_then(|u| u.next_update_at) else {
        return;
    };
    let shown = ctx.chrome.short_time(at, ctx.now, &ctx.config.time_zone);
    let overdue = at < ctx.now;
    let _ = writeln!(
        out,
        "<p class=\"meta next{}\">{} <time datetime=\"{at}\">{}</time>{}</p>",
        if overdue { " overdue" } else { "" },
        ctx.chrome.next_update,
        escape(&shown),
        if overdue { format!(" — {}", ctx.chrome.overdue) } else { String::new() }
    );
}

fn component_item(out: &mut String, chrome: &Chrome, component: &Component) {
    let status = match component.status {
        ComponentStatus::Unknown => ComponentStatus::Operational,
        other => other,
    };
    out.push_str("<li><span>");
    escape_into(out, &component.name);
    if let Some(description) = component.description.as_deref().filter(|d| !d.is_empty()) {
        out.push_str("<span class=\"desc\">");
        escape_into(out, description);
        out.push_str("</span>");
    }
    let _ = write!(out, "</span><span class=\"s-{}\">{}</span>", status.as_str(), chrome.component(status));
}

/// `index.html`.
pub fn index_page(config: &Config, feed: &Feed) -> String {
    let chrome = chrome(&config.locale);
    let ctx = Ctx { config, chrome, now: feed.now };
    let mut out = String::with_capacity(64 * 1024);
    let overall = chrome.overall(feed.status.indicator);
    head(&mut out, config, &format!("{} — {overall}", config.name), "");
    let _ = write!(out, "<a class=\"skip\" href=\"#main\">{}</a>\n<header>\n<h1>", chrome.skip);
    escape_into(&mut out, &config.name);
    let _ = write!(
        out,
        "</h1>\n</header>\n<main id=\"main\">\n<section class=\"overall i-{}\" aria-label=\"{}\"><p>{overall}</p></section>\n",
        impact_class(feed.status.indicator),
        chrome.status
    );

    let unresolved: Vec<&Incident> = feed.unresolved().collect();
    card_section(&mut out, &ctx, "active", chrome.active_incidents, &unresolved);
    let active: Vec<&Incident> = feed.active_maintenances().collect();
    card_section(&mut out, &ctx, "maint-now", chrome.maintenance_in_progress, &active);

    let _ = write!(
        out,
        "<section aria-labelledby=\"components\">\n<h2 id=\"components\">{}</h2>\n<ul class=\"components\">\n",
        chrome.components
    );
    for component in feed.components.iter().filter(|c| c.group_id.is_none()) {
        component_item(&mut out, chrome, component);
        if component.group {
            out.push_str("<ul>\n");
            for member in feed.components.iter().filter(|m| m.group_id.as_deref() == Some(component.id.as_str())) {
                component_item(&mut out, chrome, member);
                out.push_str("</li>\n");
            }
            out.push_str("</ul>");
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n</section>\n");

    card_section(&mut out, &ctx, "upcoming", chrome.upcoming_maintenance, &feed.upcoming_maintenances());

    history(&mut out, &ctx, feed);
    out.push_str("</main>\n");
    footer(&mut out, &ctx, feed, "");
    out
}

/// The last [`HISTORY_DAYS`] days, newest first, each with its incidents or "No incidents reported."
fn history(out: &mut String, ctx: &Ctx<'_>, feed: &Feed) {
    let zone = &ctx.config.time_zone;
    let day_of = |time: Timestamp| {
        jiff::Timestamp::from_millisecond(time.unix_ms()).map(|t| t.to_zoned(zone.clone()).date()).unwrap_or_default()
    };
    let today = day_of(feed.now);
    let first = today.checked_sub(jiff::Span::new().days(HISTORY_DAYS - 1)).unwrap_or(today);
    // Incidents and maintenance of the window, by local day of their start.
    let mut by_day: Vec<(jiff::civil::Date, &Incident)> = feed
        .incidents
        .iter()
        .chain(feed.maintenances.iter().filter(|m| m.status.is_over()))
        .filter_map(|incident| {
            let start = incident.scheduled_for.or(incident.created_at)?;
            let day = day_of(start);
            (first <= day && day <= today).then_some((day, incident))
        })
        .collect();
    by_day.sort_by(|a, b| {
        b.0.cmp(&a.0).then_with(|| b.1.created_at.cmp(&a.1.created_at)).then_with(|| a.1.id.cmp(&b.1.id))
    });

    let chrome = ctx.chrome;
    let _ = write!(out, "<section aria-labelledby=\"history\">\n<h2 id=\"history\">{}</h2>\n", chrome.history);
    let mut day = today;
    let mut items = by_day.iter().peekable();
    loop {
        let _ = write!(out, "<div class=\"day\"><h3>{}</h3>", chrome.date(day.year(), day.month(), day.day()));
        let mut any = false;
        while let Some((_, incident)) = items.next_if(|(d, _)| *d == day) {
            if !any {
                out.push_str("<ul>");
                any = true;
            }
            let _ = write!(out, "<li><a href=\"incidents/{}.html\">", escape(&incident.id));
            escape_into(out, &incident.name);
            let _ = write!(out, "</a> <span class=\"note\">({})</span></li>", chrome.stage(incident.status));
        }
        if any {
            out.push_str("</ul>");
        } else {
            let _ = write!(out, "<p class=\"note\">{}</p>", chrome.no_incidents);
        }
        out.push_str("</div>\n");
        if day <= first {
            break;
        }
        match day.yesterday() {
            Ok(previous) => day = previous,
            Err(_) => break,
        }
    }
    out.push_str("</section>\n");
}

/// `incidents/<id>.html`.
pub fn incident_page(config: &Config, feed: &Feed, incident: &Incident) -> String {
    let chrome = chrome(&config.locale);
    let ctx = Ctx { config, chrome, now: feed.now };
    let mut out = String::with_capacity(8 * 1024);
    head(&mut out, config, &format!("{} — {}", incident.name, config.name), "../");
    let _ = write!(out, "<a class=\"skip\" href=\"#main\">{}</a>\n<header>\n<p><a href=\"../index.html\">← {}</a></p>\n<p class=\"meta\">", chrome.skip, chrome.back);
    escape_into(&mut out, &config.name);
    out.push_str("</p>\n</header>\n<main id=\"main\">\n");
    incident_card(&mut out, &ctx, incident, "h1", None);
    out.push_str("</main>\n");
    footer(&mut out, &ctx, feed, "../");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_neutralizes_markup_in_text_and_attributes() {
        assert_eq!(escape("<script>alert('x')</script>"), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        assert_eq!(escape("a \"b\" & c"), "a &quot;b&quot; &amp; c");
        assert_eq!(escape("&amp;"), "&amp;amp;");
    }

    #[test]
    fn escape_keeps_text_and_newlines_but_drops_controls() {
        assert_eq!(escape("Paiements\u{0}\n«ok» ✓\t"), "Paiements\n«ok» ✓\t");
    }
}
