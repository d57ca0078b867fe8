//! `build`: the feed documents, the status page, badge, Atom feed and `_headers`,
//! written atomically.
//!
//! Everything is written into a sibling temporary folder that replaces the output
//! folder only once complete, so a static host never serves half a build and a bad
//! input file leaves the previous output byte-identical.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _, Result};
use serde::Serialize;
use status_feed::{ComponentsDocument, Incident, IncidentsDocument, MaintenancesDocument, StatusDocument, Summary};

use crate::compile::{Feed, RECENT_LIMIT};
use crate::input::Config;
use crate::{atom, badge, history, html, i18n, ics, widget};

/// What a build wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildReport {
    /// Where the output now is.
    pub out: PathBuf,
    /// How many files were written.
    pub files: usize,
    /// How many incidents the site has.
    pub incidents: usize,
    /// How many maintenances the site has.
    pub maintenances: usize,
    /// The overall indicator, e.g. `none` or `major`.
    pub indicator: String,
    /// What was published but looks unfinished (a postmortem's template placeholders).
    pub warnings: Vec<crate::diag::Diagnostic>,
    /// What was published but looks wrong, by file: an update dated after now (a typo in
    /// its `at`), which the page shows as the latest.
    pub suspicious: Vec<String>,
}

/// The `_headers` file (Netlify, Cloudflare Pages) with the headers any host must send.
///
/// Each path gets each header from one rule only: Cloudflare Pages sends the values of
/// every matching rule joined by commas, so a `Cache-Control` under `/*` would be sent
/// twice (and contradict itself) for `/api/*`. Hence no catch-all `Cache-Control`.
pub const HEADERS: &str = "\
# Headers for the status page. Netlify and Cloudflare Pages read this file as is;
# on other hosts or CDNs, configure the same headers (docs/hosting.md lists them all).
/*
  X-Content-Type-Options: nosniff
  Referrer-Policy: strict-origin-when-cross-origin
  Content-Security-Policy: default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'
/
  Cache-Control: public, max-age=60
/index.html
  Cache-Control: public, max-age=60
/incidents/*
  Cache-Control: public, max-age=60
/history/*
  Cache-Control: public, max-age=60
/style.css
  Cache-Control: public, max-age=60
/api/*
  Access-Control-Allow-Origin: *
  Cache-Control: public, max-age=10, stale-while-revalidate=30
  Content-Type: application/json; charset=utf-8
/history.atom
  Access-Control-Allow-Origin: *
  Cache-Control: public, max-age=60
  Content-Type: application/atom+xml; charset=utf-8
/components/*
  Access-Control-Allow-Origin: *
  Cache-Control: public, max-age=60
  Content-Type: application/atom+xml; charset=utf-8
/maintenance.ics
  Access-Control-Allow-Origin: *
  Cache-Control: public, max-age=300
  Content-Type: text/calendar; charset=utf-8
/badge.svg
  Cache-Control: public, max-age=60
  Content-Type: image/svg+xml
";

fn json<T: Serialize>(value: &T) -> Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(value).context("cannot serialize a feed document")?;
    bytes.push(b'\n');
    Ok(bytes)
}

fn write(dir: &Path, relative: &str, bytes: &[u8]) -> Result<()> {
    let path = dir.join(relative);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))
}

/// Writes every output file of `feed` (and the widget bundle, if any) into the empty
/// folder `dir`; returns how many.
pub fn write_all(dir: &Path, config: &Config, feed: &Feed, bundle: Option<&widget::Bundle>) -> Result<usize> {
    let page = feed.page.clone();
    let unresolved: Vec<Incident> = feed.unresolved().cloned().collect();
    let active: Vec<Incident> = feed.active_maintenances().cloned().collect();
    let upcoming: Vec<Incident> = feed.upcoming_maintenances().into_iter().cloned().collect();
    let mut in_summary = active.clone();
    in_summary.extend(upcoming.iter().cloned());
    let recent: Vec<Incident> = feed.incidents.iter().take(RECENT_LIMIT).cloned().collect();
    let recent_maintenance: Vec<Incident> = feed.maintenances.iter().take(RECENT_LIMIT).cloned().collect();

    let summary = Summary {
        page: page.clone(),
        components: feed.components.clone(),
        incidents: unresolved.clone(),
        scheduled_maintenances: in_summary,
        status: feed.status.clone(),
    };
    let incidents_doc = |incidents: Vec<Incident>| IncidentsDocument { page: page.clone(), incidents };
    let maintenances_doc =
        |scheduled_maintenances: Vec<Incident>| MaintenancesDocument { page: page.clone(), scheduled_maintenances };
    let chrome = i18n::chrome(&config.locale);
    let items = atom::items(feed);
    let days = history::Days::new(config, feed);
    let mut headers = HEADERS.to_owned();
    if let Some(bundle) = bundle {
        headers.push_str(&widget::headers(bundle));
    }

    let mut documents: Vec<(String, Vec<u8>)> = vec![
        ("api/v2/summary.json", json(&summary)?),
        ("api/v2/status.json", json(&StatusDocument { page: page.clone(), status: feed.status.clone() })?),
        (
            "api/v2/components.json",
            json(&ComponentsDocument { page: page.clone(), components: feed.components.clone() })?,
        ),
        ("api/v2/incidents.json", json(&incidents_doc(recent))?),
        ("api/v2/incidents/unresolved.json", json(&incidents_doc(unresolved))?),
        ("api/v2/scheduled-maintenances.json", json(&maintenances_doc(recent_maintenance))?),
        ("api/v2/scheduled-maintenances/upcoming.json", json(&maintenances_doc(upcoming))?),
        ("api/v2/scheduled-maintenances/active.json", json(&maintenances_doc(active))?),
        ("index.html", html::index_page(config, feed, &days).into_bytes()),
        (
            "badge.svg",
            badge::badge(chrome.status, chrome.overall(feed.status.indicator), feed.status.indicator).into_bytes(),
        ),
        ("history.atom", atom::atom(config, feed, &items).into_bytes()),
        ("maintenance.ics", ics::calendar(config, feed).into_bytes()),
        ("style.css", html::stylesheet().as_bytes().to_vec()),
        ("_headers", headers.into_bytes()),
    ]
    .into_iter()
    .map(|(name, bytes)| (name.to_owned(), bytes))
    .collect();
    for component in feed.components.iter().filter(|c| !c.group) {
        let atom = atom::component_atom(config, feed, &items, &component.id, &component.name);
        documents.push((format!("components/{}.atom", component.id), atom.into_bytes()));
    }
    for (path, page) in history::month_pages(config, feed, &days) {
        documents.push((path, page.into_bytes()));
    }
    for (name, bytes) in bundle.map_or(&[][..], |b| &b.files[..]) {
        documents.push((format!("widget/{name}"), bytes.clone()));
    }
    for (relative, bytes) in &documents {
        write(dir, relative, bytes)?;
    }

    // One page per incident and maintenance: the bulk of a big build, so split over cores.
    let pages: Vec<&Incident> = feed.incidents.iter().chain(&feed.maintenances).collect();
    let incidents_dir = dir.join("incidents");
    fs::create_dir_all(&incidents_dir).with_context(|| format!("cannot create {}", incidents_dir.display()))?;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    let chunk = pages.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = pages
            .chunks(chunk)
            .map(|part| {
                let incidents_dir = &incidents_dir;
                scope.spawn(move || -> Result<()> {
                    for incident in part {
                        let path = incidents_dir.join(format!("{}.html", incident.id));
                        fs::write(&path, html::incident_page(config, feed, incident))
                            .with_context(|| format!("cannot write {}", path.display()))?;
                    }
                    Ok(())
                })
            })
            .collect();
        workers.into_iter().try_for_each(|worker| match worker.join() {
            Ok(result) => result,
            Err(panic) => std::panic::resume_unwind(panic),
        })
    })?;
    Ok(documents.len() + pages.len())
}

/// Refuses output folders whose replacement would destroy something that is not ours.
fn check_out_dir(site: &Path, out: &Path) -> Result<()> {
    let site = fs::canonicalize(site).unwrap_or_else(|_| site.to_path_buf());
    if let Ok(out_abs) = fs::canonicalize(out) {
        if site.starts_with(&out_abs) {
            bail!(
                "refusing to build into {}: it contains the site itself; choose another --out such as public/",
                out.display()
            );
        }
        if !out_abs.is_dir() {
            bail!("{} exists and is not a folder; choose another --out", out.display());
        }
        let empty = fs::read_dir(&out_abs).map(|mut entries| entries.next().is_none()).unwrap_or(false);
        if !empty && !out_abs.join("api/v2/summary.json").is_file() {
            bail!(
                "refusing to replace {}: it is not empty and holds no api/v2/summary.json from an earlier build; empty it or choose another --out",
                out.display()
            );
        }
    }
    Ok(())
}

/// A sibling path of `out` with `tag` and this process's id, so concurrent builds never collide.
fn sibling(out: &Path, tag: &str) -> PathBuf {
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".to_owned());
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    out.with_file_name(format!(".{name}.{tag}-{}-{nanos}", std::process::id()))
}

/// Writes `feed` into `out` atomically: into a temporary sibling first, then swapped in.
pub fn write_atomically(
    site: &Path,
    out: &Path,
    config: &Config,
    feed: &Feed,
    bundle: Option<&widget::Bundle>,
) -> Result<usize> {
    check_out_dir(site, out)?;
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    let temporary = sibling(out, "tmp");
    fs::create_dir(&temporary).with_context(|| format!("cannot create {}", temporary.display()))?;
    let files = match write_all(&temporary, config, feed, bundle) {
        Ok(files) => files,
        Err(error) => {
            let _ = fs::remove_dir_all(&temporary);
            return Err(error);
        }
    };
    // Two renames: the old output moves aside, the new one takes its name. Between them
    // the folder is briefly absent; a rename never exposes a half-written tree.
    let old = sibling(out, "old");
    let had_old = out.exists();
    if had_old {
        if let Err(error) = fs::rename(out, &old) {
            let _ = fs::remove_dir_all(&temporary);
            return Err(error).with_context(|| format!("cannot move the previous {} aside", out.display()));
        }
    }
    if let Err(error) = fs::rename(&temporary, out) {
        if had_old {
            let _ = fs::rename(&old, out);
        }
        let _ = fs::remove_dir_all(&temporary);
        return Err(error).with_context(|| format!("cannot move the new build into {}", out.display()));
    }
    if had_old {
        fs::remove_dir_all(&old).with_context(|| {
            format!("built {}, but cannot remove the previous output at {}", out.display(), old.display())
        })?;
    }
    Ok(files)
}
