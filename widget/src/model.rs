//! What the widget renders, derived from the loaded feed, the options and the clock.
//!
//! Everything the view shows is computed here as plain data (already localized and
//! cleaned), so the view is a thin mapping and each state is easy to test.

use std::sync::Arc;

use status_feed::{
    plain_text, safe_link, select, summary_url, translated, truncate, ComponentFilter, Impact, IncidentStatus,
    NoticeKind, Summary, Timestamp,
};

use crate::config::{Appearance, Position, Theme};
use crate::fetch::FetchError;
use crate::i18n::{Locale, Strings};
use crate::intl;

/// After this long without fresh data, while refreshes fail, the widget says its status
/// may be out of date. (Not while they succeed: a `poll` of an hour is an hour old.)
pub const STALE_AFTER_MS: f64 = 10.0 * 60_000.0;
/// Longest update text shown; the rest is on the status page.
pub const MAX_MESSAGE_CHARS: usize = 280;
/// A promised update at most this far off is said by its time of day alone.
const PROMISE_WITHOUT_DATE_MS: f64 = 12.0 * 3_600_000.0;

/// Everything loaded so far: the last good feed survives failed refreshes.
#[derive(Clone, Debug, Default)]
pub struct FeedState {
    /// The last feed that loaded, and when (ms since epoch).
    pub last_good: Option<(Arc<Summary>, f64)>,
    /// The last refresh's error, cleared by a success.
    pub error: Option<FetchError>,
}

impl PartialEq for FeedState {
    fn eq(&self, other: &Self) -> bool {
        self.error == other.error
            && match (&self.last_good, &other.last_good) {
                (Some((a, at_a)), Some((b, at_b))) => Arc::ptr_eq(a, b) && at_a == at_b,
                (None, None) => true,
                _ => false,
            }
    }
}

impl FeedState {
    /// Records a fetch outcome at `now_ms`, keeping the last good feed on failure.
    pub fn record(&mut self, result: Result<Summary, FetchError>, now_ms: f64) {
        match result {
            Ok(summary) => {
                self.last_good = Some((Arc::new(summary), now_ms));
                self.error = None;
            }
            Err(error) => self.error = Some(error),
        }
    }
}

/// The widget's options, as set by props or attributes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Options {
    /// `feed`: base URL of a status page or URL of a `.json` summary.
    pub feed: String,
    /// `appearance`.
    pub appearance: Appearance,
    /// `position` of a popup.
    pub position: Position,
    /// `theme`.
    pub theme: Theme,
    /// `components`: comma-separated names or ids; empty for all.
    pub components: String,
    /// `link`: overrides every link to the status page.
    pub link: Option<String>,
    /// `dismissible`: defaults to true for popup and banner.
    pub dismissible: Option<bool>,
}

/// The host's `data-state` (CONTRACT §2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostState {
    /// The first fetch is under way.
    Loading,
    /// Nothing was ever loaded.
    Error,
    /// The effective indicator of the loaded feed.
    Loaded(Impact),
}

impl HostState {
    /// The `data-state` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Loading => "loading",
            Self::Error => "error",
            // An impact this widget does not know is ranked like minor (docs/feed.md), and
            // reported so: never as all clear while an incident is open.
            Self::Loaded(Impact::Unknown) => "minor",
            Self::Loaded(impact) => impact.as_str(),
        }
    }

    /// This state in `strings`' words: the badge's text, and (in English) the
    /// `status-change` event's `description`.
    pub fn words(self, strings: &Strings) -> &'static str {
        match self {
            Self::Loading => strings.loading,
            Self::Error => strings.unavailable,
            Self::Loaded(impact) => strings.overall(impact),
        }
    }
}

/// One notice, ready to render.
#[derive(Clone, Debug, PartialEq)]
pub struct NoticeView {
    /// Stable id of the incident (for dismissal).
    pub id: String,
    /// Changes with each new update (for dismissal).
    pub revision: String,
    /// Incident, maintenance in progress, or upcoming maintenance.
    pub kind: NoticeKind,
    /// Severity, for the icon and colour.
    pub impact: Impact,
    /// Severity in words.
    pub severity: &'static str,
    /// Stage of the latest update (or of the incident), for events.
    pub status: IncidentStatus,
    /// The incident's title, translated when the feed carries the visitor's language.
    pub title: String,
    /// The title's language when it is a translation; `None`: the feed's own text.
    pub title_lang: Option<String>,
    /// Stage label of the latest update ("Identified").
    pub stage: &'static str,
    /// Latest update as plain text, truncated.
    pub message: String,
    /// The message's language when it is a translation; `None`: the feed's own text.
    pub message_lang: Option<String>,
    /// "5 minutes ago" or "Starts in 3 hours".
    pub time_text: String,
    /// The absolute time in the visitor's zone, for the tooltip.
    pub time_title: String,
    /// ISO 8601, for `<time datetime>`.
    pub time_iso: String,
    /// Where "View status page" goes.
    pub link: Option<String>,
    /// "Next update by 14:30" when the operator promised one (`next_update_at`), or
    /// "Update overdue" once that time has passed; empty otherwise.
    pub next_update: String,
    /// Whether the promised update is overdue.
    pub overdue: bool,
    /// A notice the visitor was shown that has since left the feed: shown as "Resolved".
    pub resolved: bool,
}

/// The whole rendered state.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    /// The host's `data-state`.
    pub state: HostState,
    /// Active notices in display order (dismissals are applied by the view).
    pub notices: Vec<NoticeView>,
    /// No fresh data for [`STALE_AFTER_MS`], and the last refresh failed.
    pub stale: bool,
    /// The status page, for badges and "+N more".
    pub page_link: Option<String>,
    /// The language the feed says its own text is in (statusgen's `page.locale`).
    pub feed_lang: Option<String>,
    /// The `components` filter named nothing in the feed and was set aside.
    pub filter_set_aside: bool,
}

/// Derives the model. `preferred` are the visitor's languages, for translated feed text.
pub fn build(state: &FeedState, options: &Options, locale: &Locale, preferred: &[String], now_ms: f64) -> Model {
    let strings = locale.strings();
    let link_override = options.link.as_deref().and_then(resolve_link);
    let refresh_failed = state.error.is_some();
    let Some((summary, loaded_at)) = &state.last_good else {
        let state = if state.error.is_some() { HostState::Error } else { HostState::Loading };
        return Model {
            state,
            notices: Vec::new(),
            stale: false,
            // Unavailable here, the status page may still answer: a badge links to it as it
            // would with the feed read.
            page_link: link_override.or_else(|| feed_page(&options.feed)),
            feed_lang: None,
            filter_set_aside: false,
        };
    };

    let now = Timestamp::from_unix_ms(now_ms as i64);
    let selection = select(summary, now, &ComponentFilter::parse_with(&options.components, lowercase));
    let page_link = link_override.clone().or_else(|| page_url(summary, &options.feed));
    // A badge or inline status never pays for the first `Intl` formatter.
    let shows_times = options.appearance.shows_times();
    let times = if shows_times { intl::times_locale(locale, preferred) } else { String::new() };
    let notices = selection
        .notices
        .iter()
        .map(|notice| {
            let incident = notice.incident;
            let update = notice.latest_update;
            let original = summary.page.locale.as_deref();
            let (title_lang, title) = translated(&incident.translations, original, preferred, |t| t.name.as_ref())
                .map_or((None, incident.name.as_str()), |(tag, title)| (Some(tag), title));
            let (message_lang, body) = update.map_or((None, ""), |update| {
                translated(&update.translations, original, preferred, |t| t.body.as_ref())
                    .map_or((None, update.body.as_str()), |(tag, body)| (Some(tag), body))
            });
            let upcoming = notice.kind == NoticeKind::MaintenanceUpcoming;
            let (status, since) = notice.stage();
            let at = if upcoming { incident.scheduled_for } else { since };
            let promised = update.and_then(|update| update.next_update_at).filter(|_| !upcoming);
            let overdue = promised.is_some_and(|at| (at.unix_ms() as f64) < now_ms);
            let next_update = match promised {
                Some(_) if overdue => strings.overdue.to_owned(),
                Some(at) if shows_times => {
                    // A time of day alone is read as the next one to come: further off than
                    // 12 hours, "by 9:59 AM" at 2 PM would read as overdue, so the date is said.
                    let at_ms = at.unix_ms() as f64;
                    let when = if at_ms - now_ms > PROMISE_WITHOUT_DATE_MS {
                        intl::absolute_time(&times, at_ms)
                    } else {
                        intl::clock_time(&times, at_ms)
                    };
                    crate::i18n::fill(strings.next_update, &when)
                }
                _ => String::new(),
            };
            let (time_text, time_title, time_iso) = at.filter(|_| shows_times).map_or_else(Default::default, |at| {
                let at_ms = at.unix_ms() as f64;
                let relative = intl::relative_time(&times, at_ms, now_ms, !upcoming);
                let text = if upcoming { crate::i18n::fill(strings.starts, &relative) } else { relative };
                (text, intl::absolute_time(&times, at_ms), at.written())
            });
            NoticeView {
                id: notice_id(incident).to_owned(),
                revision: notice.revision(),
                kind: notice.kind,
                impact: notice.impact,
                severity: strings.severity(notice.kind, notice.impact),
                title: title.to_owned(),
                title_lang: title_lang.map(str::to_owned),
                status,
                // Upcoming maintenance already says "Scheduled maintenance".
                stage: if upcoming { "" } else { strings.stage(status) },
                message: truncate(&plain_text(body), MAX_MESSAGE_CHARS),
                message_lang: message_lang.map(str::to_owned),
                time_text,
                time_title,
                time_iso,
                link: link_override
                    .clone()
                    .or_else(|| incident.shortlink.as_deref().and_then(safe_link).map(str::to_owned))
                    .or_else(|| page_link.clone()),
                next_update,
                overdue,
                resolved: false,
            }
        })
        .collect();
    let state = HostState::Loaded(selection.indicator);
    let feed_lang = summary.page.locale.clone();
    let stale = refresh_failed && now_ms - loaded_at > STALE_AFTER_MS;
    Model { state, notices, stale, page_link, feed_lang, filter_set_aside: selection.filter_set_aside }
}

/// What a notice is known by (dismissals, the notices last on screen): its item's id, or its
/// name when the feed gives no id.
pub(crate) fn notice_id(incident: &status_feed::Incident) -> &str {
    if incident.id.is_empty() {
        &incident.name
    } else {
        &incident.id
    }
}

/// The `link` option as an absolute `http(s)` URL: a relative one is resolved against
/// the page, as a link in the page itself would be.
fn resolve_link(link: &str) -> Option<String> {
    let base = web_sys::window()?.document()?.base_uri().ok().flatten()?;
    let absolute = web_sys::Url::new_with_base(link.trim(), &base).ok()?.href();
    safe_link(&absolute).map(str::to_owned)
}

/// Unicode lowercasing by the browser, which already has the tables.
fn lowercase(text: &str) -> String {
    js_sys::JsString::from(text).to_lower_case().into()
}

/// The status page: the feed's own `page.url`, else the base URL the feed came from.
fn page_url(summary: &Summary, feed: &str) -> Option<String> {
    safe_link(&summary.page.url).map(str::to_owned).or_else(|| feed_page(feed))
}

/// The status page a `feed` value names: its URL without the API's path. None for no feed
/// (never the host's own root) or a feed at another path.
fn feed_page(feed: &str) -> Option<String> {
    if feed.trim().is_empty() {
        return None;
    }
    let summary_url = summary_url(feed);
    let base = summary_url.strip_suffix(status_feed::SUMMARY_PATH)?;
    // A feed on the host's own site (`feed="/status"`) is resolved as `fetch` resolved it;
    // `feed="/"` leaves no path, and the status page is the site's root.
    resolve_link(if base.is_empty() { "/" } else { base })
}

/// The overall severity class of a model, for badge and inline.
pub fn overall_class(model: &Model) -> &'static str {
    match model.state {
        // An impact this widget does not know is ranked like minor: drawn so too.
        HostState::Loaded(Impact::Unknown) => severity_class(Impact::Minor),
        HostState::Loaded(impact) if !(model.stale && impact == Impact::None) => severity_class(impact),
        _ => "sev-unknown",
    }
}

/// The CSS class for a severity.
pub fn severity_class(impact: Impact) -> &'static str {
    match impact {
        Impact::None => "sev-none",
        Impact::Minor => "sev-minor",
        Impact::Major => "sev-major",
        Impact::Critical => "sev-critical",
        Impact::Maintenance => "sev-maintenance",
        Impact::Unknown => "sev-unknown",
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn the_browser_lowercases_as_rust_does() {
        for text in ["API", "Zahlungs-API", "ÉTAT", "ΟΔΟΣ ΣΑΣ", "İstanbul", "ǅ", "ß", "日本"] {
            assert_eq!(super::lowercase(text), text.to_lowercase(), "{text}");
        }
    }
}
