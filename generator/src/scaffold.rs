//! The files statusgen writes from nothing: a new site (`init`) and a synthetic site
//! for benchmarks. Kept apart from `edit`, which only ever appends to the operator's files.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _, Result};
use status_feed::{IncidentStatus, Timestamp};

use crate::input::STATUS_FILE;
use crate::templates;

/// `statusgen init`: a ready-to-edit site with default templates in every shipped locale.
/// `today` (`YYYY-MM-DD`) starts each component's uptime history: a page created today
/// has not observed the 90 days before it.
pub fn init(dir: &Path, today: &str) -> Result<Vec<PathBuf>> {
    if dir.join(STATUS_FILE).exists() {
        bail!("{} already exists; edit it, or run init in an empty folder", dir.join(STATUS_FILE).display());
    }
    // A site inside a site: the outer one would read the inner one's files as its own
    // (an incidents/status.toml is no incident) and stop building.
    if let Some(site) = crate::input::enclosing_site(dir) {
        bail!(
            "{} is inside the site in {}; run statusgen there (`-C {}`), or init a new site in a folder outside it",
            dir.display(),
            site.display(),
            site.display()
        );
    }
    let mut written = Vec::new();
    let mut put = |relative: PathBuf, text: &str| -> Result<()> {
        let path = dir.join(&relative);
        if path.exists() {
            return Ok(());
        }
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        }
        fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
        written.push(relative);
        Ok(())
    };
    put(PathBuf::from(STATUS_FILE), &default_status(today))?;
    for (locale, name, text) in templates::DEFAULTS {
        put(Path::new("templates").join(locale).join(format!("{name}.txt")), &format!("{text}\n"))?;
    }
    put(PathBuf::from("incidents/.gitkeep"), "")?;
    put(PathBuf::from("maintenance/.gitkeep"), "")?;
    put(PathBuf::from(".gitignore"), &format!("/public/\n/{}\n", crate::notify::LOCK_FILE))?;
    Ok(written)
}

/// The `status.toml` that `init` writes on `today` (`YYYY-MM-DD`).
pub fn default_status(today: &str) -> String {
    DEFAULT_STATUS.replace("START_DATE", today)
}

const DEFAULT_STATUS: &str = r#"# statusgen site settings (reference: USAGE.md).
name = "Example"
# The public URL of this status page; incident links are built from it.
url = "https://status.example.com"
# IANA time zone the page shows times in (with their offset).
time_zone = "Etc/UTC"
# Language of the page and of the default templates (en, fr, it ship with statusgen).
locale = "en"
# Where message templates live: templates/<locale>/<stage>.txt
templates = "templates"
# The widget bundle that `build` publishes under widget/ (the folder `cargo xtask dist`
# writes); keep it here, above the first [[components]], as a top-level setting.
# widget = "../dist"

# Components, in page order. `id` is what incident files and --components use.
# `start_date`: the first day of a component's uptime history (the day `init` ran), so
# the page never claims days it did not observe.
[[components]]
id = "api"
name = "API"
description = "Public REST API"
group = "Platform"
start_date = START_DATE

[[components]]
id = "web"
name = "Website"
group = "Platform"
start_date = START_DATE

[[components]]
id = "payments"
name = "Payments"
start_date = START_DATE
# Names in the other template languages (optional; default: `name`).
[components.translations.fr]
name = "Paiements"
[components.translations.it]
name = "Pagamenti"

# Where `statusgen notify` posts each update (format: slack, discord, teams or json).
# [[notify]]
# url = "https://hooks.slack.com/services/..."
# format = "slack"
"#;

/// Writes a synthetic site of `incidents` incidents with `updates` updates each into
/// `dir` (created if needed), for benchmarks. The newest three incidents stay open.
pub fn write_bench_fixture(dir: &Path, incidents: usize, updates: usize) -> Result<()> {
    fs::create_dir_all(dir.join("incidents")).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut status = String::from(
        "name = \"Bench\"\nurl = \"https://status.bench.test\"\ntime_zone = \"Europe/Paris\"\nlocale = \"en\"\n",
    );
    for n in 0..10 {
        let _ =
            write!(status, "\n[[components]]\nid = \"c{n}\"\nname = \"Component {n}\"\ngroup = \"Group {}\"\n", n / 4);
    }
    fs::write(dir.join(STATUS_FILE), status).with_context(|| format!("cannot write {}", dir.display()))?;
    // Newest incident at 2024-06-01, one every six hours before it.
    let newest = Timestamp::parse("2024-06-01T00:00:00Z").map_err(|e| anyhow::anyhow!("{e}"))?.unix_ms();
    let stages = [IncidentStatus::Investigating, IncidentStatus::Identified, IncidentStatus::Monitoring];
    let impacts = ["minor", "major", "critical"];
    let updates = updates.max(1);
    for i in 0..incidents {
        let start = Timestamp::from_unix_ms(newest - i as i64 * 6 * 3_600_000);
        let date: String = start.to_string().chars().take(10).collect();
        let mut text = format!(
            "title = \"Synthetic incident {i}: elevated error rates\"\nimpact = \"{}\"\ncomponents = [\"c{}\", \"c{}\"]\n\n[translations.fr]\ntitle = \"Incident synthétique {i}\"\n",
            impacts[i % 3],
            i % 10,
            (i + 3) % 10
        );
        for u in 0..updates {
            let at = Timestamp::from_unix_ms(start.unix_ms() + u as i64 * 15 * 60_000);
            let last = u + 1 == updates;
            let stage = if last && i >= 3 { IncidentStatus::Resolved } else { stages[u % stages.len()] };
            let _ = write!(
                text,
                "\n[[updates]]\nat = {at}\nstatus = \"{}\"\nbody = \"Update {u} for incident {i}: we are looking into elevated error rates affecting some requests. Next update in 30 minutes.\"\n",
                stage.as_str()
            );
        }
        fs::write(dir.join("incidents").join(format!("{date}-bench-{i:05}.toml")), text)
            .with_context(|| format!("cannot write into {}", dir.display()))?;
    }
    Ok(())
}
