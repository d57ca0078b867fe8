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
//! [`compile`] derives the feed, `output` writes it atomically with `html`, `atom`
//! and `badge`; `edit` appends to incident files and `scaffold` writes new sites;
//! `compose` fills templates; `report` is `list`, `sitrep` and the silence check.

mod atom;
mod badge;
pub mod cli;
pub mod compile;
mod compose;
pub mod diag;
mod edit;
pub mod html;
mod i18n;
pub mod input;
mod notify;
mod output;
mod report;
mod scaffold;
mod serve;
mod suggest;
pub mod templates;

use std::path::Path;

use anyhow::Result;
use status_feed::Timestamp;

pub use cli::{run, Cli};
pub use output::{BuildReport, HEADERS};
pub use report::{Silence, SILENCE_EXIT};
pub use scaffold::{write_bench_fixture, DEFAULT_STATUS};

/// Validates the site at `site`, its templates included, without writing anything.
/// Every problem of every file is in the error.
pub fn check(site: &Path) -> Result<input::Site> {
    match input::load_site(site) {
        Ok(loaded) => {
            let problems = compose::check_templates(site, &loaded.config);
            if problems.is_empty() {
                Ok(loaded)
            } else {
                Err(diag::Diagnostics(problems).into())
            }
        }
        Err(mut problems) => {
            if let Ok(config) = input::load_config(site) {
                problems.0.extend(compose::check_templates(site, &config));
            }
            Err(problems.into())
        }
    }
}

/// Builds the site at `site` into `out` as of `now`. `out` is replaced atomically,
/// and only when the whole build succeeded; on any error it is left untouched.
pub fn build(site: &Path, out: &Path, now: Timestamp) -> Result<BuildReport> {
    let loaded = input::load_site(site)?;
    let feed = compile::compile(&loaded, now);
    let files = output::write_atomically(site, out, &loaded.config, &feed)?;
    Ok(BuildReport {
        out: out.to_path_buf(),
        files,
        incidents: feed.incidents.len(),
        maintenances: feed.maintenances.len(),
        indicator: feed.status.indicator.as_str().to_owned(),
    })
}
