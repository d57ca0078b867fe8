//! `statusgen notify`: posts every update not yet sent to each `[[notify]]` target
//! (Slack, Discord, Teams incoming webhooks, or plain JSON), so every channel hears
//! the same words as the status page, from the same files.
//!
//! Delivery rules:
//! - an update is posted to a target at most once: each success is recorded at once in
//!   [`STATE_FILE`] in the site folder (commit it, so another clone or CI never posts
//!   again what was sent), with a digest of what it said. Update ids are positions in
//!   their file, so an update deleted by hand gives its id to the next one: what counts
//!   is the digest, and an update whose words changed since they were posted (a
//!   correction in place of a deleted update, a fixed typo) is posted again, marked
//!   "edited" (`"edited": true` in the JSON format);
//! - each post has a timeout and one retry (after a network error, a 429 or a 5xx);
//!   an update that still fails stays unrecorded and is posted by the next run, and the
//!   run exits non-zero; later updates for that target wait, so channels see them in order.
//!   An update the receiver refuses (another 4xx) is not retried and holds nothing back:
//!   it stays unrecorded, named with the receiver's answer, until someone fixes it;
//! - a message stays within what each receiver takes (Slack's section 3,000 characters,
//!   Discord's description 4,096 and title 256): a longer update is cut, with `…`, before
//!   the link to the full text;
//! - updates of incidents that are over are posted only when recent (a day) or when the
//!   incident was already announced there (from the first update it had on), so a first
//!   run on an old site does not replay its history, nor a later run what it left out.
//! - a post says "Next update by …" only while that promise stands, as the status page
//!   does: not once the time has passed, nor for an update a later one superseded;
//! - one run at a time posts from a site folder ([`LOCK_FILE`]).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _, Result};
use serde_json::{json, Value};
use status_feed::{Impact, Incident, IncidentUpdate, Phase, Timestamp};

use crate::compile::{compile, update_id, Feed};
use crate::i18n::chrome;
use crate::input::{NotifyFormat, NotifyTarget, Site};

/// The record of what was sent, in the site folder.
pub const STATE_FILE: &str = "notify-sent.txt";

/// Present while a `notify` run posts, in the site folder.
pub const LOCK_FILE: &str = "notify-sent.txt.lock";

/// One run at a time per site folder: a `notify` from cron and one typed by a person at
/// the same moment would each post what the other is posting. The lock file is removed
/// when the run ends, and a lock left by a run that died is taken over once it is older
/// than any run lasts.
struct RunLock(std::path::PathBuf);

impl RunLock {
    const STALE: Duration = Duration::from_secs(15 * 60);

    fn take(root: &Path) -> Result<Self> {
        let path = root.join(LOCK_FILE);
        for _ in 0..2 {
            match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(_) => return Ok(Self(path)),
                Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                    let age = std::fs::metadata(&path).and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok());
                    match age {
                        Some(age) if age > Self::STALE => {
                            let _ = std::fs::remove_file(&path);
                        }
                        _ => bail!(
                            "another `statusgen notify` is posting from this folder (it holds {LOCK_FILE}); let it finish, or delete {LOCK_FILE} if no run is going on"
                        ),
                    }
                }
                Err(error) => return Err(error).with_context(|| format!("creating {}", path.display())),
            }
        }
        bail!("{LOCK_FILE} keeps coming back; is another `statusgen notify` starting in a loop?")
    }
}

impl Drop for RunLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// How far back a first run looks for updates of incidents that are already over.
const RECENT_MS: i64 = 24 * 3_600_000;

/// How `notify` behaves.
#[derive(Clone, Debug)]
pub struct Options {
    /// Print the payloads instead of posting them.
    pub dry_run: bool,
    /// Time allowed for each attempt.
    pub timeout: Duration,
    /// Pause before the one retry.
    pub retry_after: Duration,
}

/// One post to make.
struct Due<'a> {
    incident: &'a Incident,
    update: &'a IncidentUpdate,
    /// The incident's impact as this update left it (`update --impact` changes it later).
    impact: Impact,
    /// The target had a post of this id that said something else: the file was edited
    /// (a typo fixed, an update deleted or added by hand), and readers are told so.
    edited: bool,
}

/// What was sent, as `(target, update id, digest)`: the digest is empty in records
/// written before digests were kept, which then count by id. Indexed by digest too, so
/// each lookup is a search, not a scan (a site may have 10,000 incidents).
#[derive(Default)]
struct State {
    records: BTreeSet<(String, String, String)>,
    digests: BTreeSet<(String, String)>,
}

/// The prefix of a digest line. Digest lines start as comments, so a statusgen from
/// before digests, which reads `<target> <update id>` lines only, still reads the file.
const DIGEST_LINE: &str = "#=";

impl State {
    fn load(root: &Path) -> Result<Self> {
        let path = root.join(STATE_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(error) => return Err(error).with_context(|| format!("cannot read {STATE_FILE}")),
        };
        let (mut ids, mut sent) = (BTreeSet::new(), BTreeSet::new());
        for (index, line) in text.lines().enumerate() {
            let line = line.trim();
            let (digest_line, record) = match line.strip_prefix(DIGEST_LINE) {
                Some(record) => (true, record),
                None if line.is_empty() || line.starts_with('#') => continue,
                None => (false, line),
            };
            let fields: Vec<&str> = record.split_whitespace().collect();
            match (digest_line, &fields[..]) {
                (false, [target, update]) => {
                    ids.insert((target.to_string(), update.to_string()));
                }
                (true, [target, update, digest]) if digest.len() == 16 && digest.bytes().all(|b| b.is_ascii_hexdigit()) => {
                    sent.insert((target.to_string(), update.to_string(), digest.to_string()));
                }
                _ => bail!(
                    "{STATE_FILE}:{}:1: expected `<target> <update id>` or `{DIGEST_LINE} <target> <update id> <16 hex digits>`; fix the line or delete it (that update would be posted again)",
                    index + 1
                ),
            }
        }
        let mut state = Self::default();
        for (target, update, digest) in sent {
            state.insert(target, update, digest);
        }
        // An id with no digest was recorded before digests were kept: it counts by id.
        for (target, update) in ids {
            if !state.has_id(&target, &update) {
                state.insert(target, update, String::new());
            }
        }
        Ok(state)
    }

    /// Writes the record (sorted, so concurrent runs merge as plain line additions): a
    /// `<target> <update id>` line for each update, and a digest line for each digest.
    fn save(&self, root: &Path) -> Result<()> {
        let mut text = String::from(
            "# statusgen notify: updates already posted, one `<target> <update id>` per line, and the digest of their words on `#=` lines.\n# Commit this file: without it, another clone would post these updates again.\n",
        );
        let ids: BTreeSet<(&str, &str)> =
            self.records.iter().map(|(target, update, _)| (target.as_str(), update.as_str())).collect();
        for (target, update) in ids {
            let _ = writeln!(text, "{target} {update}");
        }
        for (target, update, digest) in self.records.iter().filter(|(_, _, digest)| !digest.is_empty()) {
            let _ = writeln!(text, "{DIGEST_LINE} {target} {update} {digest}");
        }
        crate::edit::replace(root, Path::new(STATE_FILE), &text)
    }

    fn insert(&mut self, target: String, update: String, digest: String) {
        if !digest.is_empty() {
            self.digests.insert((target.clone(), digest.clone()));
        }
        self.records.insert((target, update, digest));
    }

    /// The records of `target` for update id `update`, with their digests.
    fn of_id<'s>(&'s self, target: &str, update: &str) -> impl Iterator<Item = &'s str> + 's {
        let (target, update) = (target.to_owned(), update.to_owned());
        self.records
            .range((target.clone(), update.clone(), String::new())..)
            .take_while(move |(t, u, _)| *t == target && *u == update)
            .map(|(_, _, digest)| digest.as_str())
    }

    fn has_id(&self, target: &str, update: &str) -> bool {
        self.of_id(target, update).next().is_some()
    }

    /// Whether `target` had this update, as it says now.
    fn has(&self, target: &str, update: &IncidentUpdate) -> bool {
        self.digests.contains(&(target.to_owned(), digest(update))) || self.of_id(target, &update.id).any(str::is_empty)
    }

    /// Whether `target` had an update with this id that said something else.
    fn had_other_words(&self, target: &str, update: &IncidentUpdate) -> bool {
        self.of_id(target, &update.id).any(|digest| !digest.is_empty())
    }

    fn record(&mut self, target: &str, update: &IncidentUpdate) {
        self.insert(target.to_owned(), update.id.clone(), digest(update));
    }
}

/// A digest of what an update says and when (its incident, time, stage, text and
/// translations): 64-bit FNV-1a in hex, the same on every machine and every version.
fn digest(update: &IncidentUpdate) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let created = update.created_at.map(|at| at.unix_ms()).unwrap_or_default().to_string();
    let mut parts = vec![update.incident_id.as_str(), &created, update.status.as_str(), &update.body];
    for (tag, translation) in update.translations.iter() {
        parts.extend([tag, translation.body.as_deref().unwrap_or_default()]);
    }
    for part in parts {
        // A separator no part holds, so ("ab", "c") and ("a", "bc") differ.
        for byte in part.bytes().chain([0xff]) {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// Each update's id → its incident's impact as that update left it.
fn impacts(site: &Site) -> BTreeMap<String, Impact> {
    let mut impacts = BTreeMap::new();
    for entry in &site.entries {
        for (index, update) in entry.updates.iter().enumerate() {
            impacts.insert(update_id(&entry.id, index), update.impact);
        }
    }
    impacts
}

/// The updates `target` has not had, oldest first (`impacts` from [`impacts`]).
fn due<'a>(feed: &'a Feed, impacts: &BTreeMap<String, Impact>, state: &State, target: &str) -> Vec<Due<'a>> {
    let mut due = Vec::new();
    for incident in feed.incidents.iter().chain(&feed.maintenances) {
        let active = !matches!(incident.phase(feed.now), Phase::Over);
        // When the target first heard of it: an old update from before then was left out
        // as history (a first run on a finished maintenance posts only its recent updates),
        // and posting it on a later run would put "scheduled" after "completed".
        let announced_at = incident
            .incident_updates
            .iter()
            .filter(|update| state.has(target, update))
            .map(|update| update.created_at)
            .min();
        for update in &incident.incident_updates {
            if state.has(target, update) {
                continue;
            }
            let recent = update.created_at.is_some_and(|at| feed.now.unix_ms() - at.unix_ms() <= RECENT_MS);
            let since_announced = announced_at.is_some_and(|at| update.created_at >= at);
            let edited = state.had_other_words(target, update);
            // An old update whose words changed (a typo fixed months later) is not news:
            // posted again only while its incident is open or recent.
            if active || recent || (since_announced && !edited) {
                let impact = impacts.get(&update.id).copied().unwrap_or(incident.impact);
                due.push(Due { incident, update, impact, edited });
            }
        }
    }
    due.sort_by(|a, b| a.update.created_at.cmp(&b.update.created_at).then(a.update.id.cmp(&b.update.id)));
    due
}

/// The webhook URL: `env:NAME` reads it from the environment (webhook URLs are secrets).
fn url(target: &NotifyTarget) -> Result<String> {
    match target.url.strip_prefix("env:") {
        Some(name) => std::env::var(name)
            .with_context(|| format!("[[notify]] `{}` takes its URL from ${name}, which is not set; export it (in CI, from a secret) or write the URL in status.toml", target.name)),
        None => Ok(target.url.clone()),
    }
}

/// Posts what is due; returns a report of what happened. Fails (after trying every
/// target) when any post failed.
pub fn notify(site: &Site, now: Timestamp, options: &Options) -> Result<String> {
    let config = &site.config;
    if !config.notify_problems.is_empty() {
        return Err(crate::diag::Diagnostics(config.notify_problems.clone()).into());
    }
    if config.notify.is_empty() {
        bail!("status.toml has no [[notify]] targets; add one, e.g.\n[[notify]]\nurl = \"env:SLACK_WEBHOOK_URL\"\nformat = \"slack\"");
    }
    // Held until the run ends, before what was sent is read: a second run would post it too.
    let _lock = if options.dry_run { None } else { Some(RunLock::take(&site.root)?) };
    let feed = compile(site, now);
    let impacts = impacts(site);
    let mut state = State::load(&site.root)?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(options.timeout))
        .http_status_as_error(false)
        .user_agent(concat!("statusgen/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut report = String::new();
    let mut failures = Vec::new();
    for target in &config.notify {
        let due = due(&feed, &impacts, &state, &target.name);
        if due.is_empty() {
            let _ = writeln!(report, "{}: nothing new", target.name);
            continue;
        }
        if options.dry_run {
            // A preflight a script can trust: what would fail the real run fails this
            // one too (exit 1, on stderr), after printing the payloads.
            if let Err(error) = url(target) {
                failures.push(format!("{error}; a real run would fail"));
            }
            for item in &due {
                let payload = payload(target.format, &feed, item);
                let _ = writeln!(
                    report,
                    "{} ({}) would get {}:\n{}",
                    target.name,
                    target.format.as_str(),
                    item.update.id,
                    serde_json::to_string_pretty(&payload).unwrap_or_default()
                );
            }
            continue;
        }
        let url = match url(target) {
            Ok(url) => url,
            Err(error) => {
                // Our context says it all; std's "environment variable not found" adds nothing.
                failures.push(format!("{error}"));
                continue;
            }
        };
        for (index, item) in due.iter().enumerate() {
            let body = payload(target.format, &feed, item).to_string();
            match post(&agent, &url, &body, options.retry_after) {
                Ok(elapsed) => {
                    let changed = state.had_other_words(&target.name, item.update);
                    state.record(&target.name, item.update);
                    state.save(&site.root)?;
                    let _ = writeln!(
                        report,
                        "{}: sent {} ({} ms){}",
                        target.name,
                        item.update.id,
                        elapsed.as_millis(),
                        if changed {
                            "; a post with this id said something else (an update deleted, added or edited by hand)"
                        } else {
                            ""
                        }
                    );
                }
                Err(failure) if failure.refused => {
                    // Refused for what it is: trying it again first would hold every later
                    // update back for good. The later ones go on; this one waits for a fix.
                    failures.push(format!(
                        "{}: {} refused ({}); the next run tries it again: fix what the receiver names (the update's text, or the target's url or format)",
                        target.name, item.update.id, failure.cause
                    ));
                }
                Err(failure) => {
                    let retried = if failure.retried { ", also after a retry" } else { "" };
                    let waiting = match due.len() - index - 1 {
                        0 => "it".to_owned(),
                        1 => "it and the one after it".to_owned(),
                        more => format!("it and the {more} after it"),
                    };
                    failures.push(format!(
                        "{}: {} not sent ({}{retried}); {waiting} will be posted by the next run",
                        target.name, item.update.id, failure.cause,
                    ));
                    break;
                }
            }
        }
    }
    if failures.is_empty() {
        Ok(report)
    } else {
        print!("{report}");
        bail!("{}", failures.join("\n"))
    }
}

/// Why a post failed, and whether the same post could still succeed later.
struct PostError {
    /// The last answer (`HTTP 400: invalid_blocks`), or the connection's error.
    cause: String,
    /// A 4xx other than 429: the receiver refused this request itself.
    refused: bool,
    /// Whether it was tried twice.
    retried: bool,
}

/// One POST with one retry; the time the successful attempt took.
fn post(agent: &ureq::Agent, url: &str, body: &str, retry_after: Duration) -> Result<Duration, PostError> {
    let mut failure = PostError { cause: "no response".to_owned(), refused: false, retried: false };
    for attempt in 0..2 {
        if attempt > 0 {
            std::thread::sleep(retry_after);
            failure.retried = true;
        }
        let started = Instant::now();
        match agent.post(url).header("Content-Type", "application/json").send(body) {
            Ok(response) if response.status().is_success() => return Ok(started.elapsed()),
            Ok(mut response) => {
                let status = response.status();
                // What the receiver said, in short: Slack names the problem (`invalid_blocks`).
                let said = response.body_mut().with_config().limit(4_096).read_to_string().unwrap_or_default();
                let said: String = said.split_whitespace().collect::<Vec<_>>().join(" ");
                // Shown in a terminal: no escape sequences from a stranger's server.
                let said: String = said.chars().filter(|c| !c.is_control()).take(200).collect();
                failure.cause = match said.is_empty() {
                    true => format!("HTTP {}", status.as_u16()),
                    false => format!("HTTP {}: {said}", status.as_u16()),
                };
                // Other 4xx say the request itself is wrong: the same one again will not help.
                if status.is_client_error() && status.as_u16() != 429 {
                    failure.refused = true;
                    break;
                }
            }
            // ureq says "timeout: global" for what the operator set with --timeout.
            Err(ureq::Error::Timeout(_)) => failure.cause = "no answer within --timeout".to_owned(),
            Err(error) => failure.cause = error.to_string(),
        }
    }
    Err(failure)
}

/// The message's lines, shared by every format: title line, body, next update, link.
struct Text {
    headline: String,
    body: String,
    next: Option<String>,
    link: String,
}

fn text(feed: &Feed, item: &Due<'_>) -> Text {
    // In the page's language, as the status page and the Atom feed say it (English where
    // statusgen has no words for it); the impact is its wire name, as in the feed.
    let words = chrome(feed.page.locale.as_deref().unwrap_or("en"));
    let zone = &feed_zone(feed);
    let stage = words.stage(item.update.status);
    let headline = match item.edited {
        true => format!("[{stage}, {}] {} ({})", words.edited, item.incident.name, item.impact),
        false => format!("[{stage}] {} ({})", item.incident.name, item.impact),
    };
    let body = status_feed::plain_text(&item.update.body);
    // A promise is said only while it stands, as the status page shows it: a post made
    // late (a retry, a run after the time) must not promise a time already past, nor an
    // update a later one superseded promise what the later one did not.
    let stands = item.update.next_update_at.is_some_and(|at| at > feed.now)
        && status_feed::latest_update(item.incident).is_some_and(|latest| std::ptr::eq(latest, item.update));
    let next = words.promise_unless_said(item.update, &body, zone).filter(|_| stands);
    Text { headline, body, next, link: item.incident.shortlink.clone().unwrap_or_else(|| feed.page.url.clone()) }
}

fn feed_zone(feed: &Feed) -> jiff::tz::TimeZone {
    feed.page.time_zone.as_deref().and_then(|name| jiff::tz::db().get(name).ok()).unwrap_or(jiff::tz::TimeZone::UTC)
}

/// `text` for Slack's mrkdwn, which needs `&`, `<` and `>` escaped (they start links and
/// mentions), in at most `max` characters: cut with `…` when longer, never inside an
/// escape (Slack refuses a section longer than 3,000).
fn slack_escape(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let escaped = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            _ => "",
        };
        let width = escaped.len().max(1);
        // Room for this character, and for the `…` should more follow.
        let needed = if chars.peek().is_some() { width + 1 } else { width };
        if used + needed > max {
            out.push('…');
            break;
        }
        match escaped {
            "" => out.push(c),
            escaped => out.push_str(escaped),
        }
        used += width;
    }
    out
}

/// `text` in at most `max` characters, cut with `…` when longer.
fn within(text: &str, max: usize) -> String {
    match text.char_indices().nth(max.saturating_sub(1)) {
        Some((end, _)) if text.chars().nth(max).is_some() => [&text[..end], "…"].concat(),
        _ => text.to_owned(),
    }
}

fn colour(impact: Impact) -> u32 {
    match impact.as_str() {
        "critical" => 0xB0_00_20,
        "major" => 0xB3_36_0B,
        "minor" => 0x8A_5A_00,
        "maintenance" => 0x1F_5F_BF,
        _ => 0x14_6C_2E,
    }
}

/// The JSON body for `format`.
fn payload(format: NotifyFormat, feed: &Feed, item: &Due<'_>) -> Value {
    let text = text(feed, item);
    match format {
        NotifyFormat::Slack => {
            // A section takes 3,000 characters: the headline and the link first, then as
            // much of the update as fits.
            const SECTION: usize = 3_000;
            let headline = slack_escape(&text.headline, 300);
            // The promise is kept whole: only the update's own text is cut.
            let next = text.next.as_deref().map(|next| ["\n", &slack_escape(next, 300)].concat()).unwrap_or_default();
            let link = format!("\n<{}|{}>", text.link, slack_escape(&feed.page.name, 200));
            let taken = headline.chars().count() + next.chars().count() + link.chars().count() + 3;
            let body = slack_escape(&text.body, SECTION.saturating_sub(taken));
            let mrkdwn = format!("*{headline}*\n{body}{next}{link}");
            json!({
                // The notification's text: escaped too, or `<@U123>` or `<!channel>` in an
                // update would ping people.
                "text": slack_escape(&format!("{}: {}", text.headline, text.body), SECTION),
                "blocks": [{ "type": "section", "text": { "type": "mrkdwn", "text": mrkdwn } }],
            })
        }
        NotifyFormat::Discord => json!({
            "username": feed.page.name,
            // Text from incident files must never ping @everyone.
            "allowed_mentions": { "parse": [] },
            "embeds": [{
                "title": within(&text.headline, 256),
                "description": match &text.next {
                    Some(next) => [within(&text.body, 4_096 - 1 - next.chars().count().min(300)), within(next, 300)].join("\n"),
                    None => within(&text.body, 4_096),
                },
                "url": text.link,
                "color": colour(item.impact),
                "timestamp": item.update.created_at.map(|t| t.to_string()),
                "footer": { "text": feed.page.name },
            }],
        }),
        NotifyFormat::Teams => {
            let teams_text = match &text.next {
                Some(next) => [text.body.as_str(), next].join("\n\n"),
                None => text.body.clone(),
            };
            json!({
            "@type": "MessageCard",
            "@context": "https://schema.org/extensions",
            "summary": text.headline,
            "themeColor": format!("{:06X}", colour(item.impact)),
            "title": text.headline,
            "text": teams_text,
            "potentialAction": [{
                "@type": "OpenUri",
                "name": feed.page.name,
                "targets": [{ "os": "default", "uri": text.link }],
            }],
            })
        }
        NotifyFormat::Json => json!({
            "page": { "id": feed.page.id, "name": feed.page.name, "url": feed.page.url },
            "incident": {
                "id": item.incident.id,
                "name": item.incident.name,
                // As it was when this update was posted (the update's stage), not as it is
                // when notify runs: a receiver that files by status files it where it was.
                "status": item.update.status,
                // As the incident's status: as it was when this update was posted.
                "impact": item.impact,
                "shortlink": item.incident.shortlink,
            },
            "update": item.update,
            // A post of this id said something else: the incident's file was edited.
            "edited": item.edited,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_with_an_ellipsis_within_the_limit_and_never_inside_an_escape() {
        assert_eq!(slack_escape("a <b> & c", 100), "a &lt;b&gt; &amp; c");
        assert_eq!(slack_escape("abcdef", 6), "abcdef");
        assert_eq!(slack_escape("abcdefg", 6), "abcde…");
        // `&amp;` does not fit after "ab" with the ellipsis: cut before it.
        assert_eq!(slack_escape("ab&cdef", 6), "ab…");
        let long = "word ".repeat(800);
        let cut = slack_escape(&long, 3_000);
        assert_eq!(cut.chars().count(), 3_000);
        assert!(cut.ends_with('…'));
        assert_eq!(within("héllo wörld", 5), "héll…");
        assert_eq!(within("héllo", 5), "héllo");
    }
}
