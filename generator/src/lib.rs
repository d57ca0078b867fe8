//! `statusgen`: hand-written incident files in git → a static, Statuspage-compatible
//! feed (`api/v2/*.json`) and a full static status page.
//!
//! The binary is a thin shell over this library, so `cargo xtask` and tests can call
//! the same code:
//!
//! ```no_run
//! use std::path::Path;
//! use status_feed::Timestamp;
//!
//! let now = Timestamp::parse("2024-05-10T12:00:00Z").unwrap();
//! status_gen::write_bench_fixture(Path::new("/tmp/bench-site"), 10_000, 5).unwrap();
//! let report = status_gen::build(Path::new("/tmp/bench-site"), Path::new("/tmp/bench-out"), now).unwrap();
//! println!("{} files", report.files);
//! ```
//!
//! Codemap: [`input`] reads and validates files (errors with `file:line:column`),
//! [`postmortem`] reads and starts `postmortems/<id>.md`, [`compile`] derives the feed,
//! `output` writes it atomically with `html` (pages), `uptime` (90-day history per
//! component), `history` (past incidents by day and month), `markdown` (safe
//! postmortem rendering), `atom`, `ics` (maintenance calendar), `badge` and `widget`
//! (the published widget bundle); `edit` appends to incident files and `scaffold`
//! writes new sites; `compose` fills templates; `report` is `list`, `sitrep` and the
//! silence check.

mod atom;
mod badge;
pub mod cli;
pub mod compile;
mod compose;
pub mod diag;
mod edit;
mod history;
pub mod html;
mod i18n;
mod ics;
pub mod input;
pub mod markdown;
mod notify;
mod output;
pub mod postmortem;
mod report;
mod scaffold;
mod serve;
mod suggest;
pub mod templates;
mod uptime;
mod widget;

use std::path::Path;

use anyhow::Result;
use status_feed::Timestamp;

pub use cli::{run, Cli};
pub use output::{BuildReport, HEADERS};
pub use report::{Silence, SILENCE_EXIT};
pub use scaffold::{default_status, write_bench_fixture};

/// Validates the site at `site`, its templates, postmortems and widget bundle included,
/// without writing anything. Every problem of every file is in the error, and the
/// warnings about the site's settings beside them.
pub fn check(site: &Path) -> Result<input::Site> {
    match input::load_site(site) {
        Ok(mut loaded) => {
            let mut problems = compose::check_templates(site, &loaded.config);
            problems.extend(loaded.config.notify_problems.iter().cloned());
            problems.extend(loaded.flaws());
            if !compose::has_templates(site, &loaded.config) {
                let advice = compose::no_templates_advice(site, &loaded.config);
                loaded.config.warnings.push(diag::Diagnostic::file(Path::new(input::STATUS_FILE), advice));
            }
            loaded.config.warnings.extend(compose::missing_stage_templates(site, &loaded.config));
            match postmortem::load(&loaded) {
                Ok((_, unfinished)) => loaded.config.warnings.extend(unfinished),
                Err(found) => {
                    problems.extend(found.problems.0);
                    loaded.config.warnings.extend(found.warnings);
                }
            }
            if !problems.is_empty() {
                let warnings = loaded.config.warnings;
                return Err(diag::WithWarnings { problems: diag::Diagnostics(problems), warnings }.into());
            }
            configured_widget(site, &loaded.config)?;
            Ok(loaded)
        }
        Err(mut problems) => {
            match input::load_config(site) {
                Ok(config) => {
                    problems.0.extend(config.notify_problems.iter().cloned());
                    problems.0.extend(compose::check_templates(site, &config));
                }
                // `status.toml` is among the problems; the other files are still read, with
                // a stand-in for it, so that one run names everything to fix.
                Err(_) => {
                    let config = input::Config::stand_in(site);
                    problems.0.extend(compose::check_templates(site, &config));
                    let (_, entry_problems) = input::read_entries(site, config);
                    problems.0.extend(entry_problems);
                }
            }
            Err(problems.into())
        }
    }
}

/// The widget bundle `status.toml`'s `widget` names, if it names one: a problem with it
/// is placed at that key (`status.toml:9:10: cannot read the widget folder …`).
fn configured_widget(site: &Path, config: &input::Config) -> Result<Option<widget::Bundle>> {
    let Some(dir) = &config.widget else { return Ok(None) };
    widget::load(&site.join(dir), &diag::shown(dir)).map(Some).map_err(|error| {
        let (line, column) = config.widget_at;
        diag::Diagnostic { file: input::STATUS_FILE.into(), line, column, message: format!("{error:#}") }.into()
    })
}

/// Builds the site at `site` into `out` as of `now`. `out` is replaced atomically,
/// and only when the whole build succeeded; on any error it is left untouched.
/// The widget bundle comes from `status.toml`'s `widget` key, if set.
pub fn build(site: &Path, out: &Path, now: Timestamp) -> Result<BuildReport> {
    build_with_widget(site, out, now, None)
}

/// [`build`], publishing the widget bundle found in `widget` (instead of the one
/// `status.toml` names) under `widget/`.
pub fn build_with_widget(site: &Path, out: &Path, now: Timestamp, widget: Option<&Path>) -> Result<BuildReport> {
    let loaded = input::load_site(site)?;
    let (postmortems, mut warnings) = postmortem::load(&loaded)?;
    warnings.extend(loaded.config.notify_problems.iter().cloned());
    warnings.extend(loaded.flaws());
    warnings.extend(input::unread_files(site));
    let bundle = match widget {
        Some(dir) => Some(widget::load(dir, &diag::shown(dir))?),
        None => configured_widget(site, &loaded.config)?,
    };
    let mut feed = compile::compile(&loaded, now);
    compile::apply_postmortems(&mut feed, &postmortems, &loaded.config.time_zone);
    let files = output::write_atomically(site, out, &loaded.config, &feed, bundle.as_ref())?;
    Ok(BuildReport {
        out: out.to_path_buf(),
        files,
        incidents: feed.incidents.len(),
        maintenances: feed.maintenances.len(),
        indicator: feed.status.indicator.as_str().to_owned(),
        warnings,
        suspicious: report::future_updates(&loaded, now),
    })
}
