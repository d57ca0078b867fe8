//! The `statusgen` command line: clap derive, with `--help` that teaches by example.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context as _, Result};
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand};
use status_feed::{ComponentStatus, Impact, IncidentStatus, Timestamp};

use crate::compose::Message;
use crate::diag::{Diagnostic, Diagnostics};
use crate::edit::{self, Change, Post, TimeArg};
use crate::input::{self, Kind};
use crate::report::{self, plural};
use crate::{notify, scaffold, serve};

const EXAMPLES: &str = "\
Examples:
  statusgen init status-site                 # a site with status.toml and en/fr/it templates
  statusgen new \"Payments failing\" --impact major --components api,payments --next-update 30m
  statusgen list                             # open incidents and upcoming maintenance, with ids
  statusgen update 2024-05-10-payments-failing --status identified --eta \"14:00 UTC\" --next-update 30m
  statusgen update 2024-05-10-payments-failing --status monitoring --message \"Fix deployed.\"
  statusgen notify                           # post new updates to the [[notify]] webhooks
  statusgen sitrep 2024-05-10-payments-failing   # Markdown report for internal channels
  statusgen resolve 2024-05-10-payments-failing
  statusgen postmortem 2024-05-10-payments-failing   # a draft in postmortems/<id>.md; --publish once written
  statusgen maintenance \"Database upgrade\" --from \"2024-06-01 22:00\" --until \"2024-06-02 00:00\" --components api
  statusgen check                            # validate every file and template, write nothing
  statusgen check --max-silence 30m          # exit 3 when an open incident went quiet (cron/CI)
  statusgen build --out public               # feed, status page, badge, Atom -> public/
  statusgen serve                            # preview on http://127.0.0.1:8000, rebuilt on change

Then commit the incident file and publish public/ (see USAGE.md for the headers to send).

Exit status: 0 on success, 1 when an input file or argument is invalid (the message
names file:line:column and what to do) or a command failed, 2 on command-line usage
errors, 3 when `check --max-silence` finds an open incident without a recent update.";

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

    /// The current time (e.g. 2024-05-10T08:30:00Z; without an offset: in the page's
    /// time zone), for reproducible output. Default: SOURCE_DATE_EPOCH (seconds) when
    /// set, else the system clock.
    #[arg(long, global = true, value_name = "TIME", value_parser = parse_now)]
    pub now: Option<TimeArg>,

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
        after_help = "Example: statusgen new \"API errors\" --impact major --components api,web --next-update 30m"
    )]
    New {
        /// The title users see, e.g. "Payments failing".
        title: String,
        /// How bad it is.
        #[arg(long, value_parser = impact_parser(), default_value = "major")]
        impact: Impact,
        /// Affected components, by id or name, comma-separated.
        #[arg(long, value_delimiter = ',', required = true)]
        components: Vec<String>,
        /// The first update's stage.
        #[arg(long, value_parser = stage_parser(&[Kind::Incident], true), default_value = "investigating")]
        status: IncidentStatus,
        #[command(flatten)]
        post: PostArgs,
    },
    /// Post an update to an incident or maintenance (appends to its file).
    #[command(
        after_help = "Example: statusgen update 2024-05-10-payments-failing --status identified --eta \"14:00 UTC\" --next-update 30m\nMove a maintenance window: statusgen update 2024-06-01-database-upgrade --status scheduled --from \"2024-06-08 22:00\" --until \"2024-06-09 00:00\""
    )]
    Update {
        /// The incident or maintenance id (its file name without .toml; `statusgen list` shows them).
        id: String,
        /// The new stage (incidents: investigating…resolved; maintenance: scheduled…completed).
        #[arg(long, value_parser = stage_parser(&[Kind::Incident, Kind::Maintenance], false))]
        status: IncidentStatus,
        /// Reopen an incident that is resolved (or a maintenance that is completed): without
        /// it, an update to one is refused, as a wrong id would reopen an old incident.
        #[arg(long)]
        reopen: bool,
        /// Move a maintenance's window: its new start, a date-time (in the page's time
        /// zone unless it has an offset), a time of day such as 22:00 (its next one) or a
        /// duration from now such as 2h. Recorded in
        /// this update, so the page, the feeds, the webhooks and subscribed calendars all
        /// hear of the move. The text comes from the `rescheduled` template (with --status
        /// scheduled) or `extended` (a later end while under way) when there is one.
        #[arg(long, value_parser = parse_time_arg, value_name = "TIME")]
        from: Option<TimeArg>,
        /// Move a maintenance's window: its new end (e.g. to extend one that overruns),
        /// written as --from (a time of day: the first one after the start).
        #[arg(long, value_parser = parse_time_arg, value_name = "TIME")]
        until: Option<TimeArg>,
        /// Change an incident's impact from this update on (none, minor, major, critical),
        /// e.g. to escalate it. Recorded in this update: the page, the feed, the badge and
        /// the webhooks show the new impact from here, and earlier updates keep theirs.
        /// Components keep their status: set it too with --set, e.g. --set api=major_outage.
        #[arg(long, value_parser = impact_parser())]
        impact: Option<Impact>,
        #[command(flatten)]
        post: PostArgs,
    },
    /// Resolve an incident (or complete a maintenance): appends the final update.
    ///
    /// Refuses one that is already resolved (reopen it with `update --status … --reopen` first).
    Resolve {
        /// The incident or maintenance id.
        id: String,
        #[command(flatten)]
        message: MessageArgs,
    },
    /// Schedule maintenance: writes maintenance/<date>-<slug>.toml and prints its id.
    #[command(
        after_help = "Example: statusgen maintenance \"Database upgrade\" --from \"2024-06-01 22:00\" --until \"2024-06-02 00:00\" --components api"
    )]
    Maintenance {
        /// The title users see, e.g. "Database upgrade".
        title: String,
        /// When the window opens: a date-time (without an offset: in the page's time
        /// zone), a time of day such as 22:00 (the next one), or a duration from now such as 2h.
        #[arg(long, value_parser = parse_time_arg, value_name = "TIME")]
        from: TimeArg,
        /// When the window closes, written as --from (a time of day: the first one after
        /// the start, so --from 23:00 --until 01:00 spans midnight).
        #[arg(long, value_parser = parse_time_arg, value_name = "TIME")]
        until: TimeArg,
        /// Affected components, by id or name, comma-separated.
        #[arg(long, value_delimiter = ',', required = true)]
        components: Vec<String>,
        #[command(flatten)]
        message: MessageArgs,
    },
    /// Write an incident's postmortem from the template: postmortems/<id>.md (Markdown).
    #[command(
        after_help = "Example: statusgen postmortem 2024-05-10-payments-failing\nWrite the draft (`statusgen check` points at the template's [placeholders] left), then `statusgen postmortem <id> --publish`, commit it, and `statusgen build` shows it."
    )]
    Postmortem {
        /// The resolved incident's id (its file name without .toml).
        id: String,
        /// Publish the written draft: sets its published_at to now. Refused while any of
        /// the template's [placeholders] is left.
        #[arg(long)]
        publish: bool,
    },
    /// Validate every input file and every template without writing anything.
    ///
    /// Every problem of every file is listed at once, with the nearest known name.
    #[command(after_help = "Example (every 10 minutes in CI): statusgen check --max-silence 30m")]
    Check {
        /// Also fail, with exit status 3, when an open incident's latest update is
        /// older than this (e.g. 30m, 1h) or its promised next update is overdue. Without
        /// it, an overdue promise is a warning and the exit status stays 0.
        #[arg(long, value_name = "DURATION", value_parser = parse_duration_arg)]
        max_silence: Option<i64>,
    },
    /// List open incidents, and maintenance in progress or upcoming, with their ids,
    /// stage, age and when the next update is due.
    List,
    /// Print a short Markdown situation report of an incident for internal channels.
    #[command(after_help = "Example: statusgen sitrep 2024-05-10-payments-failing | pbcopy")]
    Sitrep {
        /// The incident or maintenance id.
        id: String,
    },
    /// Post every update not yet sent to each [[notify]] webhook of status.toml.
    ///
    /// Targets are Slack, Discord, Teams or JSON webhooks. Each update is posted once; one that
    /// failed is posted by the next run; any failure exits with 1. What was sent is
    /// recorded in notify-sent.txt in the site folder, with a digest of its words: commit it.
    /// An update whose words changed since they were posted (a correction that took the id of
    /// an update deleted by hand, a fixed typo) is posted again, marked "edited".
    #[command(after_help = "Example: statusgen update <id> --status identified && statusgen notify")]
    Notify {
        /// Print the payloads that would be posted; post nothing, record nothing. Exits 1, as
        /// the real run would, when a target's URL comes from an unset variable.
        #[arg(long)]
        dry_run: bool,
        /// Seconds allowed for each attempt (there is one retry), at least 1.
        #[arg(long, value_name = "SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
        timeout: u64,
    },
    /// Preview the site on http://127.0.0.1, rebuilt whenever an input file changes.
    ///
    /// Builds into --out as `build` does, serves it, and rebuilds on every change of
    /// status.toml, incidents/, maintenance/, postmortems/, the templates or the widget
    /// folder. Runs until Ctrl-C.
    #[command(after_help = "Example: statusgen serve --port 8000   # then open http://127.0.0.1:8000/")]
    Serve {
        /// Port on 127.0.0.1 (0: any free port; the address is printed).
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// Output folder, as for `build`.
        #[arg(long, value_name = "DIR", default_value = "public")]
        out: PathBuf,
    },
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
    /// Use templates/<locale>/<NAME>.txt [default: the stage's name (identified,
    /// resolved, completed…), or the words for what the update does where the site has
    /// them: rescheduled, extended, cancelled].
    #[arg(long, value_name = "NAME", conflicts_with = "message")]
    pub template: Option<String>,
    /// Use this text instead of a template.
    #[arg(long, value_name = "TEXT")]
    pub message: Option<String>,
    /// Value for the {eta} placeholder, e.g. "14:00 UTC". The default identified and
    /// monitoring templates place it; a template that does not is an error.
    #[arg(long, value_name = "TEXT")]
    pub eta: Option<String>,
    /// The --message in another language, e.g. --translation fr="Nous enquêtons."
    /// (repeatable): the feed carries it, and the widget shows it to visitors of that language.
    /// A template's translations come from templates/<locale>/ instead.
    #[arg(long = "translation", value_name = "LOCALE=TEXT", value_parser = parse_translation, requires = "message")]
    pub translations: Vec<(String, String)>,
}

/// What an update posts besides its message.
#[derive(Debug, Args)]
pub struct PostArgs {
    /// Component status change, e.g. --set api=major_outage (repeatable), for a component
    /// the incident lists. Default for a new incident: from the impact (minor:
    /// degraded_performance, major: partial_outage, critical: major_outage), written into
    /// its first update, so a later edit of `impact` never rewrites what it said.
    #[arg(long, value_name = "COMPONENT=STATUS", value_parser = parse_change)]
    pub set: Vec<Change>,
    /// Promise the next update: a duration (30m, 1h), a time of day (17:00, within the
    /// next 12 hours) or a date-time (without an offset: in the page's time zone).
    /// Recorded as next_update_at; the status page, the widget,
    /// `notify` and Atom show it (a template of yours may also place it as {next_update}),
    /// and `check --max-silence` flags it when overdue.
    #[arg(long, value_name = "WHEN", value_parser = parse_time_arg)]
    pub next_update: Option<TimeArg>,
    #[command(flatten)]
    pub message: MessageArgs,
}

impl From<MessageArgs> for Message {
    fn from(args: MessageArgs) -> Self {
        Self { template: args.template, text: args.message, eta: args.eta, translations: args.translations }
    }
}

impl PostArgs {
    fn into_post(self, status: IncidentStatus) -> Post {
        Post {
            status,
            changes: self.set,
            message: self.message.into(),
            next_update: self.next_update,
            reopen: false,
            window: (None, None),
            impact: None,
        }
    }
}

/// `--impact`: the feed's impacts an incident may declare.
fn impact_parser() -> impl TypedValueParser<Value = Impact> {
    let names = Impact::ALL.iter().filter(|i| **i != Impact::Maintenance).map(|i| i.as_str());
    PossibleValuesParser::new(names).map(|name| Impact::from_wire(&name))
}

/// `--status`: the stages of these kinds of entry (`open_only`: not the final ones).
fn stage_parser(kinds: &[Kind], open_only: bool) -> impl TypedValueParser<Value = IncidentStatus> {
    let names: Vec<&'static str> = kinds
        .iter()
        .flat_map(|kind| input::stages(*kind))
        .filter(|s| !open_only || !s.is_over())
        .map(|s| s.as_str())
        .collect();
    PossibleValuesParser::new(names).map(|name| IncidentStatus::from_wire(&name))
}

fn parse_translation(text: &str) -> Result<(String, String), String> {
    let Some((tag, words)) = text.split_once('=') else {
        return Err("write LOCALE=TEXT, e.g. --translation fr=\"Nous enquêtons.\"".into());
    };
    let tag = tag.trim();
    if !crate::input::is_language_tag(tag) {
        return Err(format!("`{tag}` is not a BCP 47 language tag; write e.g. fr, it or pt-BR"));
    }
    if words.trim().is_empty() {
        return Err(format!("the {tag} text is empty; write what users should know"));
    }
    Ok((tag.to_owned(), words.trim().to_owned()))
}

fn parse_change(text: &str) -> Result<Change, String> {
    let Some((component, state)) = text.split_once('=') else {
        return Err("write COMPONENT=STATUS, e.g. --set api=major_outage".into());
    };
    let names: Vec<&str> = ComponentStatus::ALL.iter().map(|s| s.as_str()).collect();
    match ComponentStatus::from_wire(state.trim()) {
        ComponentStatus::Unknown => Err(format!(
            "unknown component status `{}`{}: it must be one of {}",
            state.trim(),
            crate::suggest::did_you_mean(state.trim(), names.iter().copied()),
            names.join(", ")
        )),
        status => Ok(Change { component: component.trim().to_owned(), status }),
    }
}

fn parse_time_arg(text: &str) -> Result<TimeArg, String> {
    // `0m` is a duration, of nothing: its own advice, not "neither a duration nor …".
    if input::duration_ms(text).is_some() {
        return input::parse_duration(text).map(TimeArg::In);
    }
    // A time of day, as typed under stress: `17:00`, `9:30`.
    if let Some((hour, minute)) = text.trim().split_once(':') {
        let number = |part: &str, below: u8| {
            (part.len() <= 2 && part.bytes().all(|b| b.is_ascii_digit()))
                .then(|| part.parse::<u8>().ok())
                .flatten()
                .filter(|n| *n < below)
        };
        if let (Some(hour), Some(minute), 2) = (number(hour, 24), number(minute, 60), minute.len()) {
            return Ok(TimeArg::Clock(hour, minute));
        }
    }
    // The zone only matters for the value, resolved once status.toml is read; here the syntax is checked.
    input::parse_time_in(&jiff::tz::TimeZone::UTC, text).map(|_| TimeArg::At(text.trim().to_owned())).map_err(|error| {
        // A date-time with a wrong offset gets the offset's own advice.
        if error.bad_offset {
            return error.message;
        }
        format!("`{text}` is neither a duration (30m, 1h30m), a time of day (17:00) nor a date-time (2024-05-10T14:00, 2024-05-10T14:00:00Z)")
    })
}

fn parse_duration_arg(text: &str) -> Result<i64, String> {
    input::parse_duration(text)
}

fn parse_now(text: &str) -> Result<TimeArg, String> {
    input::parse_time_in(&jiff::tz::TimeZone::UTC, text).map(|_| TimeArg::At(text.trim().to_owned())).map_err(|error| {
        if error.bad_offset {
            return error.message;
        }
        format!("`{text}` is not a date-time; write e.g. 2024-05-10T08:30:00Z")
    })
}

/// `--now` (an offset-less time is in the page's zone), else `SOURCE_DATE_EPOCH`, else the clock.
fn now(cli_now: Option<&TimeArg>, root: &Path) -> Result<Timestamp> {
    if let Some(TimeArg::At(text)) = cli_now {
        let zone = input::load_config(root).map_or(jiff::tz::TimeZone::UTC, |c| c.time_zone);
        return input::parse_time_in(&zone, text).map_err(anyhow::Error::msg).context("--now");
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

fn show(file: &Path) -> String {
    crate::diag::shown(file)
}

/// Prints warnings (a loaded site's, a build's) to stderr.
fn warn(warnings: &[Diagnostic]) {
    for warning in warnings {
        eprintln!("warning: {warning}");
    }
}

/// After an edit, the site as far as it can be read, with a warning for each file that
/// cannot be: `build` and `check` stop at it, and `list` and `notify` go on without it, so
/// the operator hears of it now, mid-incident, rather than when the page fails to deploy.
fn readable_after_edit(root: &Path) -> Option<input::Site> {
    let (site, broken) = input::load_readable(root).ok()?;
    if !broken.is_empty() {
        warn(&broken);
        eprintln!("note: until that is fixed, `build` and `check` fail, and `list` and `notify` leave it out");
    }
    Some(site)
}

/// Runs a parsed command line, printing what it did to stdout.
pub fn run(cli: Cli) -> Result<()> {
    let root = cli.dir.as_path();
    match cli.command {
        Command::Init { target } => {
            let dir = target.map_or_else(|| root.to_path_buf(), |d| root.join(d));
            // The day in UTC: the page's zone is not chosen yet (status.toml says Etc/UTC).
            let today = now(cli.now.as_ref(), &dir)?.with_offset_minutes(0).to_string();
            let written = scaffold::init(&dir, &today[..10])?;
            println!("created a status site in {} ({} files)", dir.display(), written.len());
            println!(
                "next: edit status.toml, then `statusgen new \"<title>\" --components <ids>` and `statusgen build`"
            );
        }
        Command::New { title, impact, components, status, post } => {
            let (file, id) = edit::new_incident(
                root,
                now(cli.now.as_ref(), root)?,
                &title,
                impact,
                &components,
                &post.into_post(status),
            )?;
            println!("created {}", show(&file));
            println!("id: {id}");
            // Two people opening the same outage at once, or a `new` meant as an update:
            // said, not refused (two incidents may share a title).
            if let Some(site) = readable_after_edit(root) {
                let open_twin = |entry: &&input::Entry| {
                    entry.id != id
                        && entry.kind == Kind::Incident
                        && entry.title.trim().eq_ignore_ascii_case(title.trim())
                        && entry.updates.last().is_some_and(|update| !update.status.is_over())
                };
                for twin in site.entries.iter().filter(open_twin) {
                    eprintln!(
                        "warning: {} is open with the same title; if this was meant as an update to it, delete {} and run `statusgen update {} --status …`",
                        twin.id,
                        show(&file),
                        twin.id
                    );
                }
            }
        }
        Command::Update { id, status, reopen, from, until, impact, post } => {
            let post = Post { reopen, window: (from, until), impact, ..post.into_post(status) };
            let now = now(cli.now.as_ref(), root)?;
            let file = edit::append_update(root, now, &id, &post)?;
            println!("updated {} ({status})", show(&file));
            let written = file.file_stem().and_then(|stem| stem.to_str()).unwrap_or_default();
            if let Some(early) = readable_after_edit(root).and_then(|site| report::early_start(&site, written, now)) {
                eprintln!("warning: {early}");
            }
        }
        Command::Resolve { id, message } => {
            let status = edit::resolved_stage(root, &id)?;
            let post = Post {
                status,
                changes: Vec::new(),
                message: message.into(),
                next_update: None,
                reopen: false,
                window: (None, None),
                impact: None,
            };
            let file = edit::append_update(root, now(cli.now.as_ref(), root)?, &id, &post)?;
            println!("updated {} ({status})", show(&file));
            readable_after_edit(root);
        }
        Command::Maintenance { title, from, until, components, message } => {
            let (file, id) = edit::new_maintenance(
                root,
                now(cli.now.as_ref(), root)?,
                &title,
                (&from, &until),
                &components,
                &message.into(),
            )?;
            println!("created {}", show(&file));
            println!("id: {id}");
            readable_after_edit(root);
        }
        Command::Postmortem { id, publish: true } => {
            let file = crate::postmortem::publish(root, now(cli.now.as_ref(), root)?, &id)?;
            println!("published {}", show(&file));
            println!("next: commit it; `statusgen build` shows it on the incident page and in the Atom feeds");
        }
        Command::Postmortem { id, publish: false } => {
            let file = crate::postmortem::write_template(root, &id)?;
            println!("created {} (a draft)", show(&file));
            println!("next: write it (`statusgen check` points at what is left of the template), then publish it: `statusgen postmortem {id} --publish`");
        }
        Command::Check { max_silence } => {
            // Before the check, which stops at its errors: a file never read is often why.
            warn(&input::unread_files(root));
            let site = match (crate::check(root), max_silence) {
                (Ok(site), _) => site,
                // A broken file never hides the alarm: the incidents that can be read are
                // still judged, and a quiet one exits 3, its problems printed first.
                (Err(problems), Some(max)) => {
                    let silence = report::silent(&input::load_what_reads(root), now(cli.now.as_ref(), root)?, max);
                    if let Some(silence) = silence {
                        eprintln!("error: {problems:#}");
                        return Err(silence.into());
                    }
                    return Err(problems);
                }
                (Err(problems), None) => return Err(problems),
            };
            warn(&site.config.warnings);
            let incidents = site.entries.iter().filter(|e| e.kind == Kind::Incident).count();
            let components = site.config.components.iter().filter(|c| !c.is_group).count();
            let templates = crate::compose::template_count(root, &site.config);
            let now = now(cli.now.as_ref(), root)?;
            let lines = report::future_updates(&site, now).into_iter().chain(report::ended_maintenances(&site, now));
            for line in lines.chain(report::before_start_dates(&site)) {
                eprintln!("warning: {line}");
            }
            match max_silence {
                Some(max) => {
                    if let Some(silence) = report::silent(&site, now, max) {
                        return Err(silence.into());
                    }
                }
                // Without the option, a broken promise is a warning: the files are valid.
                None => {
                    for line in report::silences(&site, now, None) {
                        eprintln!("warning: {line}");
                    }
                }
            }
            println!(
                "ok: {}, {}, {}, {}",
                plural(incidents, "incident", "incidents"),
                plural(site.entries.len() - incidents, "maintenance", "maintenances"),
                plural(components, "component", "components"),
                plural(templates, "template", "templates"),
            );
        }
        Command::List => {
            // What can be read is listed, mid-incident, whatever an unrelated file says.
            let (site, broken) = input::load_readable(root)?;
            warn(&site.config.warnings);
            warn(&site.flaws());
            warn(&input::unread_files(root));
            let unreadable = broken.iter().map(|problem| &problem.file).collect::<std::collections::BTreeSet<_>>();
            print!("{}", report::list(&site, now(cli.now.as_ref(), root)?, unreadable.len()));
            if !broken.is_empty() {
                eprintln!("note: listed without these files, which cannot be read:");
                return Err(Diagnostics(broken).into());
            }
        }
        Command::Sitrep { id } => {
            let (site, entry) = report::load_with(root, &id)?;
            print!("{}", report::sitrep(&site, &entry, now(cli.now.as_ref(), root)?));
        }
        Command::Notify { dry_run, timeout } => {
            // A broken file (an old maintenance's typo) must not silence every channel
            // mid-incident: the others' updates are posted, and the run still fails.
            let (site, broken) = input::load_readable(root)?;
            warn(&site.config.warnings);
            warn(&site.flaws());
            let options = notify::Options {
                dry_run,
                timeout: std::time::Duration::from_secs(timeout),
                retry_after: std::time::Duration::from_secs(1),
            };
            let posted = notify::notify(&site, now(cli.now.as_ref(), root)?, &options);
            if broken.is_empty() {
                print!("{}", posted?);
            } else {
                // What was posted (or why not) first, then the files that held updates back.
                match posted {
                    Ok(report) => print!("{report}"),
                    Err(error) => eprintln!("error: {error:#}"),
                }
                eprintln!("note: these files cannot be read: their updates are posted once they are fixed");
                return Err(Diagnostics(broken).into());
            }
        }
        Command::Serve { port, out } => {
            let fixed = cli.now.clone();
            serve::serve(root, &root.join(out), port, &|| now(fixed.as_ref(), root))?;
        }
        Command::Build { out, widget } => {
            let out = root.join(out);
            let widget = widget.map(|dir| root.join(dir));
            let report = crate::build_with_widget(root, &out, now(cli.now.as_ref(), root)?, widget.as_deref())?;
            if let Ok(config) = input::load_config(root) {
                warn(&config.warnings);
            }
            warn(&report.warnings);
            for line in &report.suspicious {
                eprintln!("warning: {line}");
            }
            println!(
                "built {}: {} files, {}, {}, status {}",
                show(&out),
                report.files,
                plural(report.incidents, "incident", "incidents"),
                plural(report.maintenances, "maintenance", "maintenances"),
                report.indicator
            );
        }
        Command::BenchFixture { incidents, updates, target } => {
            let dir = root.join(target);
            scaffold::write_bench_fixture(&dir, incidents, updates)?;
            println!("wrote {incidents} incidents with {updates} updates each into {}", dir.display());
        }
    }
    Ok(())
}
