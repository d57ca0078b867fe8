//! Atom 1.0 feeds (RFC 4287) for feed readers and chat integrations that subscribe
//! instead of polling JSON: `history.atom` (every incident and maintenance) and
//! `components/<id>.atom` (what touched one component). A published postmortem is an
//! entry of its own, so subscribers hear about it.

use std::fmt::Write as _;

use status_feed::{Incident, Timestamp};

use crate::compile::Feed;
use crate::html::escape;
use crate::i18n::{chrome, Chrome};
use crate::input::Config;

/// How many entries a feed carries, most recently updated first.
pub const ATOM_ENTRIES: usize = 50;

/// One entry: an incident's or maintenance's timeline, or its postmortem.
#[derive(Clone, Copy)]
pub enum Item<'a> {
    /// The incident or maintenance and its updates.
    Timeline(&'a Incident),
    /// The incident's postmortem, published at the time given.
    Postmortem(&'a Incident, Timestamp),
}

impl<'a> Item<'a> {
    fn incident(self) -> &'a Incident {
        match self {
            Self::Timeline(incident) | Self::Postmortem(incident, _) => incident,
        }
    }

    fn updated(self, now: Timestamp) -> Timestamp {
        match self {
            Self::Timeline(incident) => incident.updated_at.or(incident.created_at).unwrap_or(now),
            Self::Postmortem(_, published) => published,
        }
    }
}

/// Every entry of the site, most recently updated first (ties by id, postmortem first).
pub fn items(feed: &Feed) -> Vec<Item<'_>> {
    let mut items: Vec<Item<'_>> = feed.incidents.iter().chain(&feed.maintenances).map(Item::Timeline).collect();
    for incident in &feed.incidents {
        if let Some(published) = feed.postmortems.get(&incident.id) {
            items.push(Item::Postmortem(incident, *published));
        }
    }
    let key = |item: &Item<'_>| (item.updated(feed.now), matches!(item, Item::Postmortem(..)));
    items.sort_by(|a, b| key(b).cmp(&key(a)).then_with(|| b.incident().id.cmp(&a.incident().id)));
    items
}

/// `history.atom`.
pub fn atom(config: &Config, feed: &Feed, items: &[Item<'_>]) -> String {
    let chrome = chrome(&config.locale);
    let entries = items.iter().copied().take(ATOM_ENTRIES);
    document(config, feed, chrome, "history.atom", &format!("{} — {}", config.name, chrome.history), entries)
}

/// `components/<id>.atom`: the entries whose incident affects component `id`.
pub fn component_atom(config: &Config, feed: &Feed, items: &[Item<'_>], id: &str, name: &str) -> String {
    let chrome = chrome(&config.locale);
    let entries =
        items.iter().copied().filter(|item| item.incident().components.iter().any(|c| c.id == id)).take(ATOM_ENTRIES);
    let path = format!("components/{id}.atom");
    document(config, feed, chrome, &path, &format!("{} — {name} — {}", config.name, chrome.history), entries)
}

fn document<'a>(
    config: &Config,
    feed: &Feed,
    chrome: &Chrome,
    path: &str,
    title: &str,
    entries: impl Iterator<Item = Item<'a>>,
) -> String {
    let url = escape(&config.url);
    let mut entries = entries.peekable();
    // A feed is as new as its newest entry (the page's time when it has none).
    let updated = entries.peek().map_or(feed.page.updated_at.unwrap_or(feed.now), |item| item.updated(feed.now));
    let mut out = String::with_capacity(16 * 1024);
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n\
         <title>{title}</title>\n<id>{url}/{path}</id>\n\
         <link rel=\"self\" type=\"application/atom+xml\" href=\"{url}/{path}\"/>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{url}/\"/>\n<updated>{updated}</updated>\n\
         <author><name>{name}</name></author>\n<generator>statusgen</generator>\n",
        lang = escape(&config.locale),
        title = escape(title),
        name = escape(&config.name),
    );
    for item in entries {
        let incident = item.incident();
        let page = incident.shortlink.as_deref().unwrap_or(&config.url);
        let updated = item.updated(feed.now);
        let mut html = String::new();
        let (id, link, title, published) = match item {
            Item::Timeline(_) => {
                // The timeline as HTML, escaped once more below because Atom carries it as text.
                for update in &incident.incident_updates {
                    let when = update.shown_at().map(|t| chrome.date_time(t, &config.time_zone)).unwrap_or_default();
                    let body = status_feed::plain_text(&update.body);
                    // The promise as the update made it.
                    let promise = chrome
                        .promise_unless_said(update, &body, &config.time_zone)
                        .map(|promise| ["<br>", &escape(&promise)].concat())
                        .unwrap_or_default();
                    let _ = write!(
                        html,
                        "<p><strong>{}</strong> · {}<br>{}{promise}</p>",
                        chrome.stage(update.status),
                        escape(&when),
                        escape(&body).replace('\n', "<br>")
                    );
                }
                let stage = crate::compile::stage_words(chrome, incident, feed.now);
                let title = format!("{} ({stage})", incident.name);
                (page.to_owned(), page.to_owned(), title, incident.created_at.unwrap_or(updated))
            }
            Item::Postmortem(_, published) => {
                html = crate::markdown::to_html(incident.postmortem_body.as_deref().unwrap_or_default(), 1);
                let link = format!("{page}#postmortem");
                (link.clone(), link, format!("{}{}{}", chrome.postmortem, chrome.colon(), incident.name), published)
            }
        };
        let _ = write!(
            out,
            "<entry>\n<title>{title}</title>\n<id>{id}</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"{link}\"/>\n\
             <published>{published}</published>\n<updated>{updated}</updated>\n<content type=\"html\">{}</content>\n</entry>\n",
            escape(&html),
            title = escape(&title),
            id = escape(&id),
            link = escape(&link),
        );
    }
    out.push_str("</feed>\n");
    out
}
