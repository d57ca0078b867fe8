//! `history.atom`: the page's incidents and maintenance as an Atom 1.0 feed (RFC 4287),
//! for feed readers and chat integrations that subscribe instead of polling JSON.

use std::fmt::Write as _;

use status_feed::Incident;

use crate::compile::Feed;
use crate::html::escape;
use crate::i18n::chrome;
use crate::input::Config;

/// How many entries the feed carries, most recently updated first.
pub const ATOM_ENTRIES: usize = 50;

/// The Atom document.
pub fn atom(config: &Config, feed: &Feed) -> String {
    let chrome = chrome(&config.locale);
    let mut entries: Vec<&Incident> = feed.incidents.iter().chain(&feed.maintenances).collect();
    entries.sort_by(|a, b| b.updated_at.cmp(&a.updated_at).then_with(|| b.id.cmp(&a.id)));
    entries.truncate(ATOM_ENTRIES);
    let url = escape(&config.url);
    let updated = feed.page.updated_at.unwrap_or(feed.now);
    let mut out = String::with_capacity(16 * 1024);
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n\
         <title>{name} — {history}</title>\n<id>{url}/history.atom</id>\n\
         <link rel=\"self\" type=\"application/atom+xml\" href=\"{url}/history.atom\"/>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{url}/\"/>\n<updated>{updated}</updated>\n\
         <author><name>{name}</name></author>\n<generator>statusgen</generator>\n",
        lang = escape(&config.locale),
        name = escape(&config.name),
        history = chrome.history,
    );
    for incident in entries {
        let link = escape(incident.shortlink.as_deref().unwrap_or(&config.url));
        let updated = incident.updated_at.or(incident.created_at).unwrap_or(feed.now);
        let published = incident.created_at.unwrap_or(updated);
        let _ = write!(
            out,
            "<entry>\n<title>{title}</title>\n<id>{link}</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"{link}\"/>\n\
             <published>{published}</published>\n<updated>{updated}</updated>\n",
            title = escape(&format!("{} ({})", incident.name, chrome.stage(incident.status))),
        );
        // The timeline as HTML, escaped once more because Atom carries it as text.
        let mut html = String::new();
        for update in &incident.incident_updates {
            let when = update.shown_at().map(|t| chrome.date_time(t, &config.time_zone)).unwrap_or_default();
            let _ = write!(
                html,
                "<p><strong>{}</strong> · {}<br>{}</p>",
                chrome.stage(update.status),
                escape(&when),
                escape(&status_feed::plain_text(&update.body)).replace('\n', "<br>")
            );
        }
        let _ = write!(out, "<content type=\"html\">{}</content>\n</entry>\n", escape(&html));
    }
    out.push_str("</feed>\n");
    out
}
