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
use crate::uptime::{self, Day, History};

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
.skip{position:absolute;top:-10rem;inset-inline-start:1rem;background:var(--bg);padding:.5rem}.skip:focus{top:1rem}
header,main,footer{max-width:48rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.25rem;margin:2rem 0 .75rem}h3{font-size:1.05rem;margin:0 0 .25rem}
.overall{border-radius:.5rem;padding:1rem 1.25rem;font-size:1.2rem;font-weight:600;color:#fff}
.overall p{margin:0}
.i-none{background:#146c2e}.i-minor{background:#8a5a00}.i-major{background:#b3360b}.i-critical{background:#b00020}.i-maintenance{background:#1f5fbf}
.card{background:var(--card);border:1px solid var(--line);border-inline-start-width:.35rem;border-radius:.5rem;padding:1rem;margin:0 0 1rem}
.card.i-none,.card.i-minor,.card.i-major,.card.i-critical,.card.i-maintenance{background:var(--card)}
.b-none{border-inline-start-color:var(--muted)}.b-minor{border-inline-start-color:var(--minor)}.b-major{border-inline-start-color:var(--major)}.b-critical{border-inline-start-color:var(--critical)}.b-maintenance{border-inline-start-color:var(--maint)}
.meta,time,.note{color:var(--muted);font-size:.9rem}
.timeline{list-style:none;margin:.75rem 0 0;padding:0}
.timeline li{border-top:1px solid var(--line);padding:.6rem 0}
.body{white-space:pre-line;margin:.25rem 0 0;overflow-wrap:anywhere}
.components{list-style:none;margin:0;padding:0;border:1px solid var(--line);border-radius:.5rem}
.components li{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.5rem;padding:.6rem 1rem;border-top:1px solid var(--line)}
.components>li:first-child{border-top:0}
.components ul{list-style:none;margin:.25rem 0 0;padding:0;padding-inline-start:1rem;flex-basis:100%}
.components .desc{display:block;color:var(--muted);font-size:.85rem}
.s-operational{color:var(--ok)}.s-degraded_performance{color:var(--minor)}.s-partial_outage{color:var(--major)}.s-major_outage{color:var(--critical)}.s-under_maintenance{color:var(--maint)}
.postmortem{border-inline-start-color:var(--line)}.postmortem h2{margin-top:0}.postmortem h3{margin-top:1rem}.postmortem pre{overflow-x:auto;padding:.5rem;background:var(--bg)}
.subscribe{margin:0;padding-inline-start:1.25rem}.subscribe li{margin:.25rem 0}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.uptime{flex-basis:100%}
.bar{display:flex;gap:1px;list-style:none;margin:.4rem 0 0;padding:0;height:1.6rem}
.components .bar li{display:block;flex:1 1 0;min-width:0;padding:0;border:0;border-radius:1px;background:var(--ok)}
.components .bar li.d-none{background:var(--line)}.components .bar li.d-maint{background:var(--maint)}.components .bar li.d-minor{background:var(--minor)}.components .bar li.d-major{background:var(--major)}.components .bar li.d-critical{background:var(--critical)}
.range{display:flex;justify-content:space-between;gap:.5rem;margin:.2rem 0 0;color:var(--muted);font-size:.8rem}
.pager{display:flex;justify-content:space-between;gap:1rem;margin:.5rem 0 1rem}
.months{list-style:none;margin:0;padding:0}.months li{margin:.25rem 0}
.quiet{margin:0}
.day{border-top:1px solid var(--line);padding:.6rem 0}
.day h2,.day h3{font-size:1rem;margin:0 0 .25rem}
.day ul{margin:.25rem 0 0;padding-inline-start:1.25rem}
footer{color:var(--muted);font-size:.9rem;border-top:1px solid var(--line);margin-top:2rem}
@media (max-width:30rem){header,main,footer{padding:.75rem}.overall{font-size:1.05rem}.bar{gap:0}}
"#;

/// What every piece of a page needs: the settings, the words, the build time.
pub(crate) struct Ctx<'a> {
    pub(crate) config: &'a Config,
    pub(crate) chrome: &'static Chrome,
    pub(crate) now: Timestamp,
}

impl Ctx<'_> {
    pub(crate) fn time(&self, out: &mut String, time: Option<Timestamp>) {
        if let Some(time) = time {
            let _ = write!(
                out,
                "<time datetime=\"{time}\">{}</time>",
                escape(&self.chrome.date_time(time, &self.config.time_zone))
            );
        }
    }
}

/// The tab's icon: the overall status in the widget's shapes and the page's colours
/// (circle: operational, diamond: minor or unknown, triangle: major, square: critical,
/// ring: maintenance), inline, so no page view asks for a `/favicon.ico` the site has not.
fn favicon(indicator: Impact) -> String {
    let shape = match indicator {
        Impact::None => "<circle cx='8' cy='8' r='7' fill='%23146c2e'/>",
        Impact::Maintenance => "<circle cx='8' cy='8' r='5.5' fill='none' stroke='%231f5fbf' stroke-width='3'/>",
        Impact::Minor => "<path d='M8 0 16 8 8 16 0 8z' fill='%238a5a00'/>",
        Impact::Major => "<path d='M8 1 16 15H0z' fill='%23b3360b'/>",
        Impact::Critical => "<rect x='1' y='1' width='14' height='14' fill='%23b00020'/>",
        Impact::Unknown => "<path d='M8 0 16 8 8 16 0 8z' fill='%23555d66'/>",
    };
    [
        "<link rel=\"icon\" href=\"data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'>",
        shape,
        "</svg>\">",
    ]
    .concat()
}

fn head(out: &mut String, config: &Config, indicator: Impact, title: &str, root: &str) {
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"{lang}\"{dir}>\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"color-scheme\" content=\"light dark\">\n<title>{title}</title>\n{icon}\n\
         <link rel=\"alternate\" type=\"application/atom+xml\" href=\"{root}history.atom\" title=\"{name}\">\n\
         <link rel=\"alternate\" type=\"application/json\" href=\"{root}api/v2/summary.json\">\n\
         <link rel=\"alternate\" type=\"text/calendar\" href=\"{root}maintenance.ics\">\n\
         {style}\n</head>\n<body>\n",
        lang = escape(&config.locale),
        dir = if crate::i18n::is_right_to_left(&config.locale) { " dir=\"rtl\"" } else { "" },
        title = escape(title),
        icon = favicon(indicator),
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

/// Everything before a page's own content: the head, the skip link, the header (the
/// page's name, the way back on sub-pages, and when the status last changed: at the
/// top, where visitors look first) and the opening of `<main>`.
pub(crate) fn page_start(out: &mut String, ctx: &Ctx<'_>, feed: &Feed, title: &str, root: &str) {
    let chrome = ctx.chrome;
    head(out, ctx.config, feed.status.indicator, title, root);
    let _ = write!(out, "<a class=\"skip\" href=\"#main\">{}</a>\n<header>\n", chrome.skip);
    if root.is_empty() {
        out.push_str("<h1>");
        escape_into(out, &ctx.config.name);
        out.push_str("</h1>\n");
    } else {
        let _ = write!(out, "<p><a href=\"{root}index.html\">← {}</a></p>\n<p class=\"meta\">", chrome.back);
        escape_into(out, &ctx.config.name);
        out.push_str("</p>\n");
    }
    // A site with no record yet has no last update (the feed says the Unix epoch): the
    // page does not say 1970.
    if feed.page.updated_at.is_some_and(|at| at.unix_ms() > 0) {
        let _ = write!(out, "<p class=\"meta\">{}{}", chrome.last_updated, chrome.colon());
        ctx.time(out, feed.page.updated_at);
        out.push_str("</p>\n");
    }
    out.push_str("</header>\n<main id=\"main\">\n");
}

/// The end of `<main>`, the footer and the end of the page.
pub(crate) fn page_end(out: &mut String, ctx: &Ctx<'_>, feed: &Feed, root: &str) {
    let chrome = ctx.chrome;
    let _ = write!(
        out,
        "</main>\n<footer>\n<p>{} {} ({}).</p>\n<p><a href=\"{root}api/v2/summary.json\">{}</a> · <a href=\"{root}history.atom\">{}</a> · <a href=\"{root}history/{}.html\">{}</a></p>\n</footer>\n</body>\n</html>\n",
        chrome.times_in,
        escape(&ctx.config.time_zone_name),
        utc_offset(i32::from(crate::compile::offset_minutes_at(&ctx.config.time_zone, feed.now)) * 60),
        chrome.feed,
        chrome.subscribe,
        current_month(ctx, feed.now),
        chrome.incident_history,
    );
}

/// `YYYY-MM` of `now` in the page's time zone: the newest archive page.
fn current_month(ctx: &Ctx<'_>, now: Timestamp) -> String {
    let zone = &ctx.config.time_zone;
    let date =
        jiff::Timestamp::from_millisecond(now.unix_ms()).map(|t| t.to_zoned(zone.clone()).date()).unwrap_or_default();
    format!("{:04}-{:02}", date.year(), date.month())
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
        "</{heading}>\n<p class=\"meta\">{} · {}{}{}",
        crate::compile::stage_words(chrome, incident, ctx.now),
        chrome.impact_label,
        chrome.colon(),
        chrome.impact(incident.impact)
    );
    if !incident.components.is_empty() {
        let names: Vec<&str> = incident.components.iter().map(|c| c.name.as_str()).collect();
        let _ = write!(out, " · {}{}{}", chrome.affected, chrome.colon(), escape(&names.join(", ")));
    }
    if let Some((length, ongoing)) = incident_duration(incident, ctx.now) {
        let _ = write!(out, " · {}{}{}", chrome.duration_label, chrome.colon(), chrome.duration(length));
        if ongoing {
            let _ = write!(out, " ({})", chrome.ongoing);
        }
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

fn component_item(out: &mut String, chrome: &Chrome, component: &Component, history: Option<&History>) {
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
    if let Some(history) = history {
        uptime_bar(out, chrome, &component.name, history);
    }
}

/// What one day's cell says: `12 Nov: partial outage, 42 min`.
pub fn day_label(chrome: &Chrome, day: &Day) -> String {
    let date = chrome.short_date(day.date.month(), day.date.day());
    let colon = chrome.colon();
    match day.worst() {
        None => format!("{date}{colon}{}", chrome.no_data),
        Some((ComponentStatus::Operational, _)) => format!("{date}{colon}{}", chrome.no_downtime),
        Some((worst, ms)) => {
            let mut label = format!("{date}{colon}{}, {}", chrome.component(worst).to_lowercase(), chrome.duration(ms));
            if worst != ComponentStatus::UnderMaintenance && day.maintenance_ms() > 0 {
                let _ = write!(label, "; {}, {}", chrome.maintenance_word, chrome.duration(day.maintenance_ms()));
            }
            label
        }
    }
}

/// The 90 day cells of one component, oldest first, and its uptime. Each cell's text
/// is in the page (visually hidden) for screen readers and in `title` for pointers.
fn uptime_bar(out: &mut String, chrome: &Chrome, name: &str, history: &History) {
    out.push_str("<div class=\"uptime\"><ol class=\"bar\" aria-label=\"");
    escape_into(out, name);
    let _ = write!(out, "{}{}\">", chrome.colon(), chrome.uptime_heading);
    for day in &history.days {
        let class = match day.worst() {
            None => "none",
            Some((status, _)) => match status {
                ComponentStatus::Operational | ComponentStatus::Unknown => "ok",
                ComponentStatus::UnderMaintenance => "maint",
                ComponentStatus::DegradedPerformance => "minor",
                ComponentStatus::PartialOutage => "major",
                ComponentStatus::MajorOutage => "critical",
            },
        };
        let label = escape(&day_label(chrome, day));
        let _ = write!(out, "<li class=\"d-{class}\" title=\"{label}\"><span class=\"sr\">{label}</span></li>");
    }
    let _ = write!(out, "</ol>\n<p class=\"range\"><span>{}</span><span>", chrome.days_ago);
    match history.uptime {
        Some(uptime) => {
            let _ = write!(out, "{} {}", chrome.percent(uptime), chrome.uptime);
        }
        None => out.push_str(chrome.no_data),
    }
    let _ = write!(out, "</span><span>{}</span></p></div>", chrome.today);
}

/// `index.html`.
pub fn index_page(config: &Config, feed: &Feed, days: &crate::history::Days<'_>) -> String {
    let chrome = chrome(&config.locale);
    let ctx = Ctx { config, chrome, now: feed.now };
    let mut out = String::with_capacity(64 * 1024);
    let overall = chrome.overall(feed.status.indicator);
    page_start(&mut out, &ctx, feed, &format!("{} — {overall}", config.name), "");
    let _ = writeln!(
        out,
        "<section class=\"overall i-{}\" aria-label=\"{}\"><p>{overall}</p></section>",
        impact_class(feed.status.indicator),
        chrome.status
    );

    let unresolved: Vec<&Incident> = feed.unresolved().collect();
    card_section(&mut out, &ctx, "active", chrome.active_incidents, &unresolved);
    let active: Vec<&Incident> = feed.active_maintenances().collect();
    card_section(&mut out, &ctx, "maint-now", chrome.maintenance_in_progress, &active);

    let _ = write!(
        out,
        "<section aria-labelledby=\"components\">\n<h2 id=\"components\">{}</h2>\n<p class=\"note\">{}</p>\n<ul class=\"components\">\n",
        chrome.components, chrome.uptime_heading
    );
    let histories = uptime::histories(config, feed);
    let history_of = |id: &str| histories.iter().find(|(known, _)| known == id).map(|(_, h)| h);
    for component in feed.components.iter().filter(|c| c.group_id.is_none()) {
        component_item(&mut out, chrome, component, history_of(&component.id));
        if component.group {
            out.push_str("<ul>\n");
            for member in feed.components.iter().filter(|m| m.group_id.as_deref() == Some(component.id.as_str())) {
                component_item(&mut out, chrome, member, history_of(&member.id));
                out.push_str("</li>\n");
            }
            out.push_str("</ul>");
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n</section>\n");

    card_section(&mut out, &ctx, "upcoming", chrome.upcoming_maintenance, &feed.upcoming_maintenances());

    crate::history::recent(&mut out, &ctx, days);
    subscribe(&mut out, &ctx, feed);
    page_end(&mut out, &ctx, feed, "");
    out
}

/// How long an incident lasted (from its start to its resolution), or has lasted so
/// far, and whether it is still going on. Maintenance has its window instead.
pub fn incident_duration(incident: &Incident, now: Timestamp) -> Option<(i64, bool)> {
    if incident.scheduled_for.is_some() {
        return None;
    }
    let start = incident.started_at.or(incident.created_at)?;
    match incident.resolved_at {
        Some(end) if incident.status.is_over() => Some((end.unix_ms() - start.unix_ms(), false)),
        _ => Some((now.unix_ms() - start.unix_ms(), true)),
    }
}

/// The published postmortem of an incident, rendered from its Markdown.
fn postmortem_section(out: &mut String, ctx: &Ctx<'_>, feed: &Feed, incident: &Incident) {
    let Some(body) = incident.postmortem_body.as_deref() else {
        return;
    };
    let chrome = ctx.chrome;
    let _ = write!(
        out,
        "<section class=\"card postmortem\" aria-labelledby=\"postmortem\">\n<h2 id=\"postmortem\">{}</h2>\n<p class=\"meta\">{} ",
        chrome.postmortem, chrome.published
    );
    ctx.time(out, feed.postmortems.get(&incident.id).copied());
    out.push_str("</p>\n");
    out.push_str(&crate::markdown::to_html(body, 3));
    out.push_str("</section>\n");
}

/// Links to every feed a visitor can follow: Atom (all, or one component), the
/// maintenance calendar, the JSON feed.
fn subscribe(out: &mut String, ctx: &Ctx<'_>, feed: &Feed) {
    let chrome = ctx.chrome;
    let _ = write!(
        out,
        "<section aria-labelledby=\"subscribe\">\n<h2 id=\"subscribe\">{}</h2>\n<ul class=\"subscribe\">\n\
         <li><a href=\"history.atom\" type=\"application/atom+xml\">{}</a></li>\n<li>{}{}",
        chrome.subscribe_heading,
        chrome.all_atom,
        chrome.calendar,
        chrome.colon()
    );
    // A `webcal:` link subscribes (calendar apps then follow each move and cancellation);
    // an `https:` one imports the file once, in most browsers.
    if let Some(address) = ["https://", "http://"].iter().find_map(|scheme| ctx.config.url.strip_prefix(scheme)) {
        let _ = write!(
            out,
            "<a href=\"webcal://{}/maintenance.ics\">{}</a> · ",
            escape(address.trim_end_matches('/')),
            chrome.calendar_subscribe
        );
    }
    let _ = writeln!(out, "<a href=\"maintenance.ics\" type=\"text/calendar\">{}</a></li>", chrome.calendar_file);
    let mut components = feed.components.iter().filter(|c| !c.group).peekable();
    if components.peek().is_some() {
        let _ = write!(out, "<li>{}{}", chrome.component_atom, chrome.colon());
        for (index, component) in components.enumerate() {
            if index > 0 {
                out.push_str(", ");
            }
            let _ = write!(out, "<a href=\"components/{}.atom\" type=\"application/atom+xml\">", escape(&component.id));
            escape_into(out, &component.name);
            out.push_str("</a>");
        }
        out.push_str("</li>\n");
    }
    let _ = write!(
        out,
        "<li><a href=\"api/v2/summary.json\" type=\"application/json\">{}</a></li>\n</ul>\n</section>\n",
        chrome.feed
    );
}

/// `incidents/<id>.html`.
pub fn incident_page(config: &Config, feed: &Feed, incident: &Incident) -> String {
    let chrome = chrome(&config.locale);
    let ctx = Ctx { config, chrome, now: feed.now };
    let mut out = String::with_capacity(8 * 1024);
    page_start(&mut out, &ctx, feed, &format!("{} — {}", incident.name, config.name), "../");
    incident_card(&mut out, &ctx, incident, "h1", None);
    postmortem_section(&mut out, &ctx, feed, incident);
    page_end(&mut out, &ctx, feed, "../");
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
    fn a_day_cell_says_its_date_worst_status_and_how_long() {
        let date = jiff::civil::date(2024, 11, 12);
        let day = |ms: Option<[i64; 5]>| Day { date, ms };
        let en = chrome("en");
        assert_eq!(day_label(en, &day(Some([0, 0, 0, 42 * 60_000, 0]))), "12 Nov: partial outage, 42 min");
        assert_eq!(
            day_label(en, &day(Some([0, 120 * 60_000, 0, 0, 65 * 60_000]))),
            "12 Nov: major outage, 1 h 05 min; maintenance, 2 h 00 min"
        );
        assert_eq!(day_label(en, &day(Some([86_400_000, 0, 0, 0, 0]))), "12 Nov: no downtime");
        assert_eq!(day_label(en, &day(None)), "12 Nov: no data");
        assert_eq!(
            day_label(chrome("fr"), &day(Some([0, 0, 5 * 60_000, 0, 0]))),
            "12 nov.\u{a0}: performances dégradées, 5 min"
        );
    }

    #[test]
    fn escape_keeps_text_and_newlines_but_drops_controls() {
        assert_eq!(escape("Paiements\u{0}\n«ok» ✓\t"), "Paiements\n«ok» ✓\t");
    }
}
