//! The `statusgen` command line: clap derive, with `--help` that teaches by example.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context as _, Result};
use clap::{Args, Parser, Subcommand};
use status_feed::{Impact, IncidentStatus, Timestamp};

use crate::edit::{self, Message};
use crate::input;

const EXAMPLES: &str = "\
Examples:
  statusgen init status-site                 # a site with status.toml and en/fr/it templates
  statusgen new \"Payments failing\" --impact major --components api,payments
  statusgen update 2024-05-10-payments-failing --status identified
  statusgen update 2024-05-10-payments-failing --status monitoring --message \"Fix deployed.\"
  statusgen resolve 2024-05-10-payments-failing
  statusgen maintenance \"Database upgrade\" --from 2024-06-01T22:00Z --until 2024-06-02T00:00Z --components api
  statusgen check                            # validate every file, write nothing
  statusgen build --out public               # feed, status page, badge, Atom -> public/

Then commit the incident file and publish public/ (see USAGE.md for the headers to send).

Exit status: 0 on success, 1 when an input file or argument is invalid (the message
names file:line:column and what to do), 2 on command-line usage errors.";

/// Hand-written incident files in git → a Statuspage-compatible feed and a static status page.
///
/// Incidents live in `incidents/<date>-<slug>.toml`, maintenance in
/// `maintenance/<date>-<slug>.toml`, page settings in `status.toml`, and pre-written
/// messages in `templates/<locale>/<stage>.txt`. `build` turns them into
/// `api/v2/*.json` (Statuspage API v2), `index.html`, one page per incident,
/// `badge.svg` and `history.atom`.
#[derive(Debug, Parser)]
#[command(name = "statusgen", version, after_long_help = EXAMPLES, after_help = "Run `statusgen --help` for examples.")]
pub struct Cli {
    /// The site folder (holding status.toml); relative paths such as --out are taken
    /// from it, as with `make -C`.
    #[arg(short = 'C', long = "dir", global = true, value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,

    /// The current time, RFC 3339 (e.g. 2024-05-10T08:30:00Z), for reproducible output.
    /// Default: SOURCE_DATE_EPOCH (seconds) when set, else the system clock.
    #[arg(long, global = true, value_name = "TIME", value_parser = parse_now)]
    pub now: Option<Timestamp>,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a site: status.toml, incidents/, maintenance/ and default templates (en, fr, it).
    Init {
        /// Where to create it [default: the --dir folder].
        #[arg(value_name = "DIR")]
        target: Option<PathBuf>,
    },
    /// Open a new incident: writes incidents/<date>-<slug>.toml and prints its id.
    #[command(
        after_help = "Example: statusgen new \"API errors\" --impact major --components api,web --template investigating"
    )]
    New {
        /// The title users see, e.g. "Payments failing".
        title: String,
        /// How bad it is.
        #[arg(long, value_parser = ["none", "minor", "major", "critical"], default_value = "major")]
        impact: String,
        /// Affected components, by id or name, comma-separated.
        #[arg(long, value_delimiter = ',', required = true)]
        components: Vec<String>,
        /// The first update's stage.
        #[arg(long, value_parser = input::INCIDENT_STAGES, default_value = "investigating")]
        status: String,
        /// Component status override, e.g. --set api=major_outage (repeatable). Default:
        /// from the impact (minor: degraded_performance, major: partial_outage, critical: major_outage).
        #[arg(long, value_name = "COMPONENT=STATUS")]
        set: Vec<String>,
        #[command(flatten)]
        message: MessageArgs,
    },
    /// Post an update to an incident or maintenance (appends to its file).
    #[command(
        after_help = "Example: statusgen update 2024-05-10-payments-failing --status identified --eta \"14:00 UTC\""
    )]
    Update {
        /// The incident or maintenance id (its file name without .toml).
        id: String,
        /// The new stage.
        #[arg(long, value_parser = ["investigating", "identified", "monitoring", "resolved", "scheduled", "in_progress", "verifying", "completed"])]
        status: String,
        /// Component status change, e.g. --set api=operational (repeatable).
        #[arg(long, value_name = "COMPONENT=STATUS")]
        set: Vec<String>,
        #[command(flatten)]
        message: MessageArgs,
    },
    /// Resolve an incident (or complete a maintenance): appends the final update.
    Resolve {
        /// The incident or maintenance id.
        id: String,
        #[command(flatten)]
        message: MessageArgs,
    },
    /// Schedule maintenance: writes maintenance/<date>-<slug>.toml and prints its id.
    Maintenance {
        /// The title users see, e.g. "Database upgrade".
        title: String,
        /// When the window opens, RFC 3339.
        #[arg(long, value_parser = parse_now)]
        from: Timestamp,
        /// When the window closes, RFC 3339.
        #[arg(long, value_parser = parse_now)]
        until: Timestamp,
        /// Affected components, by id or name, comma-separated.
        #[arg(long, value_delimiter = ',', required = true)]
        components: Vec<String>,
        #[command(flatten)]
        message: MessageArgs,
    },
    /// Write an incident's postmortem from the template: postmortems/<id>.md (Markdown).
    #[command(
        after_help = "Example: statusgen postmortem 2024-05-10-payments-failing\nEdit the file, commit it, and `statusgen build` publishes it."
    )]
    Postmortem {
        /// The resolved incident's id (its file name without .toml).
        id: String,
    },
    /// Validate every input file without writing anything.
    Check,
    /// Write the feed, status page, badge and Atom feed into --out, atomically.
    Build {
        /// Output folder, replaced as a whole only once the build is complete.
        #[arg(long, value_name = "DIR", default_value = "public")]
        out: PathBuf,
        /// The widget bundle (the dist/ folder of `cargo xtask dist`) to publish under
        /// widget/ [default: `widget` in status.toml, else none].
        #[arg(long, value_name = "DIR")]
        widget: Option<PathBuf>,
    },
    /// Write a synthetic site for benchmarks.
    #[command(hide = true)]
    BenchFixture {
        /// Number of incidents.
        #[arg(long, default_value_t = 10_000)]
        incidents: usize,
        /// Updates per incident.
        #[arg(long, default_value_t = 5)]
        updates: usize,
        /// Where to write it.
        #[arg(value_name = "DIR")]
        target: PathBuf,
    },
}

/// Where an update's message comes from.
#[derive(Debug, Args)]
pub struct MessageArgs {
    /// Use templates/<locale>/<NAME>.txt [default: the stage's name, e.g. identified].
    #[arg(long, value_name = "NAME", conflicts_with = "message")]
    pub template: Option<String>,
    /// Use this text instead of a template.
    #[arg(long, value_name = "TEXT")]
    pub message: Option<String>,
    /// Value for the {eta} placeholder, e.g. "14:00 UTC".
    #[arg(long, value_name = "TEXT")]
    pub eta: Option<String>,
}

impl From<MessageArgs> for Message {
    fn from(args: MessageArgs) -> Self {
        Self { template: args.template, text: args.message, eta: args.eta }
    }
}

fn parse_now(text: &str) -> Result<Timestamp, String> {
    Timestamp::parse(text).map_err(|_| format!("`{text}` is not an RFC 3339 time; write e.g. 2024-05-10T08:30:00Z"))
}

/// `--now`, else `SOURCE_DATE_EPOCH`, else the clock.
fn now(cli_now: Option<Timestamp>) -> Result<Timestamp> {
    if let Some(now) = cli_now {
        return Ok(now);
    }
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        let seconds: i64 = epoch
            .trim()
            .parse()
            .map_err(|_| anyhow!("SOURCE_DATE_EPOCH=`{epoch}` is not a number of seconds; unset it or fix it"))?;
        return Ok(Timestamp::from_unix_ms(seconds.saturating_mul(1_000)));
    }
    let elapsed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .context("the system clock is before 1970")?;
    Ok(Timestamp::from_unix_ms(elapsed.as_millis() as i64))
}

fn impact(text: &str) -> Impact {
    match text {
        "minor" => Impact::Minor,
        "major" => Impact::Major,
        "critical" => Impact::Critical,
        _ => Impact::None,
    }
}

/// Runs a parsed command line, printing what it did to stdout.
pub fn run(cli: Cli) -> Result<()> {
    let root = cli.dir.as_path();
    let show = |file: &Path| file.display().to_string().replace('\\', "/");
    match cli.command {
        Command::Init { target } => {
            let dir = target.map_or_else(|| root.to_path_buf(), |d| root.join(d));
            let written = edit::init(&dir)?;
            println!("created a status site in {} ({} files)", dir.display(), written.len());
            println!(
                "next: edit status.toml, then `statusgen new \"<title>\" --components <ids>` and `statusgen build`"
            );
        }
        Command::New { title, impact: level, components, status, set, message } => {
            let stage = input::incident_stage(&status).unwrap_or(IncidentStatus::Investigating);
            let (file, id) = edit::new_incident(
                root,
                now(cli.now)?,
                &title,
                impact(&level),
                &components,
                stage,
                &set,
                &message.into(),
            )?;
            println!("created {}", show(&file));
            println!("id: {id}");
        }
        Command::Update { id, status, set, message } => {
            let file = edit::append_update(root, now(cli.now)?, &id, &status, &set, &message.into())?;
            println!("updated {} ({status})", show(&file));
        }
        Command::Resolve { id, message } => {
            let stage = edit::resolved_stage(root, &id)?;
            let file = edit::append_update(root, now(cli.now)?, &id, stage, &[], &message.into())?;
            println!("updated {} ({stage})", show(&file));
        }
        Command::Maintenance { title, from, until, components, message } => {
            let (file, id) =
                edit::new_maintenance(root, now(cli.now)?, &title, (from, until), &components, &message.into())?;
            println!("created {}", show(&file));
            println!("id: {id}");
        }
        Command::Postmortem { id } => {
            let file = crate::postmortem::write_template(root, now(cli.now)?, &id)?;
            println!("created {}", show(&file));
            println!("next: write it, commit it, then `statusgen build` publishes it");
        }
        Command::Check => {
            let site = crate::check(root)?;
            let incidents = site.entries.iter().filter(|e| e.kind == input::Kind::Incident).count();
            println!(
                "ok: {incidents} incidents, {} maintenances, {} components",
                site.entries.len() - incidents,
                site.config.components.iter().filter(|c| !c.is_group).count()
            );
        }
        Command::Build { out, widget } => {
            let out = root.join(out);
            let widget = widget.map(|dir| root.join(dir));
            let report = crate::build_with_widget(root, &out, now(cli.now)?, widget.as_deref())?;
            println!(
                "built {}: {} files, {} incidents, {} maintenances, status {}",
                show(&out),
                report.files,
                report.incidents,
                report.maintenances,
                report.indicator
            );
        }
        Command::BenchFixture { incidents, updates, target } => {
            let dir = root.join(target);
            edit::write_bench_fixture(&dir, incidents, updates)?;
            println!("wrote {incidents} incidents with {updates} updates each into {}", dir.display());
        }
    }
    Ok(())
}
