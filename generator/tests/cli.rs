//! The one integration-test binary: fixture sites under `tests/fixtures/`, the real
//! `statusgen` binary, and insta snapshots of every output and every error message.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use clap::CommandFactory as _;
use status_feed::{select, ComponentFilter, Impact, NoticeKind, Summary, Timestamp};
use tempfile::TempDir;

/// The time every fixture build is taken at: 11:00 in New York.
const NOW: &str = "2024-05-10T15:00:00Z";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// Runs `statusgen` with `args`, with no SOURCE_DATE_EPOCH from the environment.
fn statusgen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_statusgen"))
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("statusgen runs")
}

/// Runs `statusgen -C dir --now NOW args…`: a command on a fixture site at the fixed time.
fn in_site(dir: &str, args: &[&str]) -> Output {
    statusgen(&[&["-C", dir, "--now", NOW], args].concat())
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Copies a folder tree (fixtures are small).
fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create");
    for entry in fs::read_dir(from).expect("read fixture") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Every file under `dir`, relative path (with `/`) → contents.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in fs::read_dir(dir).expect("read output") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let relative = path.strip_prefix(base).expect("inside").to_string_lossy().replace('\\', "/");
                out.insert(relative, fs::read(&path).expect("read file"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Builds fixture `name` into a fresh temporary folder; returns it and the output path.
fn build_fixture(name: &str) -> (TempDir, PathBuf) {
    let temp = TempDir::new().expect("temp dir");
    let out = temp.path().join("public");
    let site = fixture(name);
    let result = in_site(site.to_str().expect("utf-8"), &["build", "--out", out.to_str().expect("utf-8")]);
    assert!(result.status.success(), "build failed: {}", text(&result.stderr));
    (temp, out)
}

/// A copy of the acme site with one broken incident file added; returns the error output.
fn error_for(broken: &str) -> (i32, String) {
    let temp = TempDir::new().expect("temp dir");
    copy_tree(&fixture("acme"), temp.path());
    fs::copy(
        fixture("broken").join(format!("{broken}.toml")),
        temp.path().join("incidents").join(format!("2024-05-10-{broken}.toml")),
    )
    .expect("copy");
    let result = statusgen(&["-C", temp.path().to_str().expect("utf-8"), "check"]);
    (result.status.code().unwrap_or(-1), text(&result.stderr))
}

#[test]
fn verify_cli() {
    status_gen::Cli::command().debug_assert();
}

#[test]
fn build_snapshots_every_output_of_the_acme_site() {
    let (_temp, out) = build_fixture("acme");
    let files = tree(&out);
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    insta::assert_debug_snapshot!("acme_files", names);
    for (name, bytes) in &files {
        let snapshot = format!("acme__{}", name.replace('/', "__"));
        insta::assert_snapshot!(snapshot, text(bytes));
    }
}

#[test]
fn italian_site_has_localized_chrome_and_rome_times() {
    let (_temp, out) = build_fixture("italia");
    let index = fs::read_to_string(out.join("index.html")).expect("index");
    assert!(index.contains("<html lang=\"it\">"));
    assert!(index.contains("Disservizio grave"), "overall status in Italian");
    // 22:30Z on 9 May is 00:30 on 10 May in Rome (UTC+02:00 in summer).
    assert!(index.contains("10 maggio 2024 00:30 (UTC+02:00)"), "{index}");
    insta::assert_snapshot!("italia__index.html", index);
    insta::assert_snapshot!("italia__badge.svg", fs::read_to_string(out.join("badge.svg")).expect("badge"));
}

#[test]
fn same_input_and_now_give_byte_identical_output() {
    let (_a, first) = build_fixture("acme");
    let (_b, second) = build_fixture("acme");
    assert_eq!(tree(&first), tree(&second));
}

#[test]
fn summary_parses_back_with_the_feed_crate_and_gives_the_expected_notices() {
    let (_temp, out) = build_fixture("acme");
    let json = fs::read_to_string(out.join("api/v2/summary.json")).expect("summary");
    let summary: Summary = serde_json::from_str(&json).expect("valid Statuspage v2 summary");
    assert_eq!(summary.page.url, "https://status.acme.test");
    let now = Timestamp::parse(NOW).expect("now");
    let shown = select(&summary, now, &ComponentFilter::default());
    let notices: Vec<(NoticeKind, &str)> = shown.notices.iter().map(|n| (n.kind, n.incident.name.as_str())).collect();
    assert_eq!(
        notices,
        [
            (NoticeKind::Incident, "Payments failing"),
            (NoticeKind::MaintenanceInProgress, "CDN migration"),
            (NoticeKind::MaintenanceUpcoming, "Database upgrade"),
        ]
    );
    // Payments is in major outage: the page indicator is critical, as Statuspage rolls it up.
    assert_eq!(shown.indicator, Impact::Critical);
    // Statuspage always sends a component's times; strictly typed clients refuse a null.
    let components = summary.components.iter().chain(summary.incidents.iter().flat_map(|i| &i.components));
    for component in components {
        assert!(component.created_at.is_some() && component.updated_at.is_some(), "{} has both times", component.id);
        assert!(component.created_at <= component.updated_at, "{} was changed after it was created", component.id);
    }
    let incident = &summary.incidents[0];
    assert_eq!(
        incident.shortlink.as_deref(),
        Some("https://status.acme.test/incidents/2024-05-10-payments-failing.html")
    );
    assert_eq!(incident.translations.get("fr").expect("a French title").name.as_deref(), Some("Échec des paiements"));
    let first_update = incident.incident_updates.last().expect("updates");
    assert_eq!(
        first_update.translations.get("fr").expect("a French body").body.as_deref(),
        Some("Les paiements par carte échouent.")
    );
    // Only the payments component is filtered in: the maintenance of the website drops out.
    let filtered = select(&summary, now, &ComponentFilter::parse("payments"));
    assert_eq!(filtered.notices.len(), 2);

    let incidents: status_feed::IncidentsDocument =
        serde_json::from_str(&fs::read_to_string(out.join("api/v2/incidents.json")).expect("incidents"))
            .expect("valid");
    let resolved = incidents.incidents.iter().find(|i| i.id == "2024-05-02-slow-website").expect("listed");
    assert_eq!(resolved.resolved_at, Timestamp::parse("2024-05-02T15:30:00Z").ok());
    assert_eq!(resolved.monitoring_at, Timestamp::parse("2024-05-02T14:40:00Z").ok());
}

/// The summary a site's `build` wrote into its `public/`.
fn built_summary(site: &TempDir) -> Summary {
    let json = fs::read_to_string(site.path().join("public/api/v2/summary.json")).expect("summary");
    serde_json::from_str(&json).expect("a valid summary")
}

#[test]
fn monitoring_at_is_when_the_incident_entered_monitoring() {
    let (temp, run) = init_site();
    let id = "2024-05-10-outage";
    ok(run(&["--now", "2024-05-10T08:00:00Z", "new", "Outage", "--components", "api"]));
    ok(run(&update_at("2024-05-10T08:30:00Z", id, "monitoring", &["--message", "Fixed; watching."])));
    ok(run(&update_at("2024-05-10T08:50:00Z", id, "monitoring", &["--message", "Still fine."])));
    ok(run(&["--now", "2024-05-10T09:00:00Z", "build"]));
    let summary = built_summary(&temp);
    let incident = summary.incidents.iter().find(|i| i.id == id).expect("open");
    assert_eq!(incident.monitoring_at, Timestamp::parse("2024-05-10T08:30:00Z").ok(), "the first of the two");
}

#[test]
fn the_first_update_keeps_what_it_said_when_impact_is_raised_by_hand() {
    let (temp, run) = init_site();
    let id = "2024-05-10-outage";
    ok(run(&["--now", "2024-05-10T08:00:00Z", "new", "Outage", "--components", "api", "--impact", "major"]));
    // Raised by hand mid-incident, then an update that says what it changes.
    let file = temp.path().join(format!("incidents/{id}.toml"));
    let text = fs::read_to_string(&file).expect("incident");
    fs::write(&file, text.replace("impact = \"major\"", "impact = \"critical\"")).expect("write");
    ok(run(&["--now", "2024-05-10T08:30:00Z", "update", id, "--status", "identified", "--set", "api=major_outage"]));
    ok(run(&["--now", "2024-05-10T09:00:00Z", "build"]));
    let summary = built_summary(&temp);
    let updates = &summary.incidents.iter().find(|i| i.id == id).expect("open").incident_updates;
    let change = |update: &status_feed::IncidentUpdate| {
        let affected = update.affected_components.as_deref().unwrap_or_default();
        affected.iter().map(|c| (c.code.clone(), c.old_status, c.new_status)).collect::<Vec<_>>()
    };
    use status_feed::ComponentStatus::{MajorOutage, Operational, PartialOutage};
    assert_eq!(change(&updates[1]), [("api".to_owned(), Operational, PartialOutage)], "the first update, as posted");
    assert_eq!(change(&updates[0]), [("api".to_owned(), PartialOutage, MajorOutage)]);

    // A component the incident does not list: refused, so the page never shows it
    // changed without listing it as affected.
    let before = fs::read_to_string(&file).expect("incident");
    let (code, _, stderr) =
        run(&update_at("2024-05-10T09:10:00Z", id, "identified", &["--set", "payments=major_outage"]));
    assert_eq!(code, 1);
    assert!(
        stderr.contains("--set payments: payments is not among the components of incidents/2024-05-10-outage.toml (api); add it to `components` there first"),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(&file).expect("incident"), before);
    let (code, _, stderr) = run(&["new", "Other", "--components", "api", "--set", "payments=major_outage"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("--set payments: payments is not among --components (api); add it there too"), "{stderr}");
    // Mistyped: the nearest of the incident's own components is suggested first, and one
    // of the page's others only with the word that it must be listed as affected first.
    let (code, _, stderr) = run(&update_at("2024-05-10T09:12:00Z", id, "identified", &["--set", "apj=major_outage"]));
    assert_eq!(code, 1);
    assert!(
        stderr.contains("--set: unknown component `apj`; did you mean `api`? (the affected ones: api)"),
        "{stderr}"
    );
    let (code, _, stderr) =
        run(&update_at("2024-05-10T09:12:00Z", id, "identified", &["--set", "paymnts=major_outage"]));
    assert_eq!(code, 1);
    assert!(
        stderr.contains("did you mean `payments`?")
            && stderr.contains("; only api can be set here (list others as affected first)"),
        "{stderr}"
    );

    // As the error says: listed by hand, then set. The first update still says what it said.
    fs::write(&file, before.replace("components = [\"api\"]", "components = [\"api\", \"payments\"]")).expect("write");
    ok(run(&update_at("2024-05-10T09:20:00Z", id, "identified", &["--set", "payments=major_outage"])));
    ok(run(&["--now", "2024-05-10T09:30:00Z", "build"]));
    let summary = built_summary(&temp);
    let updates = &summary.incidents.iter().find(|i| i.id == id).expect("open").incident_updates;
    assert_eq!(change(&updates[2]), [("api".to_owned(), Operational, PartialOutage)], "the first update, as posted");
    assert_eq!(change(&updates[0]), [("payments".to_owned(), Operational, MajorOutage)]);
}

#[test]
fn a_site_without_incidents_gives_the_same_component_times_on_every_build() {
    let (temp, run) = init_site();
    let components = |now: &str| -> serde_json::Value {
        ok(run(&["--now", now, "build"]));
        let json = fs::read_to_string(temp.path().join("public/api/v2/components.json")).expect("components");
        serde_json::from_str::<serde_json::Value>(&json).expect("json")["components"].clone()
    };
    let first = components("2024-05-10T08:00:00Z");
    assert!(first[0]["created_at"].is_string(), "{first}");
    assert_eq!(components("2024-05-11T09:00:00Z"), first, "a later build changes no component");
}

#[test]
fn a_message_of_ones_own_carries_its_translations_to_the_feed() {
    let (temp, run) = init_site();
    let id = "2024-05-10-outage";
    ok(run(&["--now", "2024-05-10T08:00:00Z", "new", "Outage", "--components", "api"]));
    let update = |extra: &[&str]| run(&update_at("2024-05-10T08:30:00Z", id, "identified", extra));
    ok(update(&[
        "--message",
        "A bad deploy; rolling back.",
        "--translation",
        "fr=Un mauvais déploiement ; retour arrière.",
        "--translation",
        "it=Un rilascio difettoso; torniamo indietro.",
    ]));
    ok(run(&["--now", "2024-05-10T09:00:00Z", "build"]));
    let summary = built_summary(&temp);
    let latest = &summary.incidents.iter().find(|i| i.id == id).expect("open").incident_updates[0];
    assert_eq!(latest.body, "A bad deploy; rolling back.");
    let said = |tag: &str| latest.translations.get(tag).and_then(|t| t.body.clone());
    assert_eq!(said("fr").as_deref(), Some("Un mauvais déploiement ; retour arrière."));
    assert_eq!(said("it").as_deref(), Some("Un rilascio difettoso; torniamo indietro."));

    // Mistakes leave the file as it was.
    let file = temp.path().join(format!("incidents/{id}.toml"));
    let before = fs::read_to_string(&file).expect("incident");
    let (code, _, stderr) = update(&["--translation", "fr=Texte"]);
    assert_eq!(code, 2, "a translation of no --message: {stderr}");
    let (code, _, stderr) = update(&["--message", "Fixed.", "--translation", "french=Réparé."]);
    assert_eq!(code, 2);
    assert!(stderr.contains("`french` is not a BCP 47 language tag"), "{stderr}");
    let (code, _, stderr) = update(&["--message", "Fixed.", "--translation", "en=Fixed."]);
    assert_eq!(code, 1);
    assert!(stderr.contains("--translation en is the page's own language"), "{stderr}");
    let (code, _, stderr) =
        update(&["--message", "Fixed.", "--translation", "fr=Réparé.", "--translation", "fr=Corrigé."]);
    assert_eq!(code, 1);
    assert!(stderr.contains("--translation fr is given twice"), "{stderr}");
    assert_eq!(fs::read_to_string(&file).expect("incident"), before);
}

#[test]
fn words_in_angle_brackets_that_every_display_would_hide_are_refused_where_they_are() {
    let (temp, run) = init_site();
    let id = "2024-05-10-outage";
    ok(run(&["--now", "2024-05-10T08:00:00Z", "new", "Outage", "--components", "api"]));
    let update = |extra: &[&str]| run(&update_at("2024-05-10T08:30:00Z", id, "identified", extra));
    let file = temp.path().join(format!("incidents/{id}.toml"));
    let before = fs::read_to_string(&file).expect("incident");
    let (code, _, stderr) = update(&["--message", "Only <region> sees errors. Next update <ETA>."]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("--message: `<region>` reads as an HTML tag"), "{stderr}");
    assert!(stderr.contains("write `&lt;region>` to show the brackets"), "{stderr}");
    assert!(stderr.contains("--message: `<ETA>` reads as an HTML tag"), "each one at once: {stderr}");
    let (code, _, stderr) = update(&["--message", "Fixed.", "--translation", "fr=Réparé à <heure>."]);
    assert_eq!(code, 1);
    assert!(stderr.contains("--translation fr: `<heure>` reads as an HTML tag"), "{stderr}");
    let (code, _, stderr) = update(&["--message", "Details: <HTTPS://example.com/x>"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("write the address without the angle brackets"), "{stderr}");
    assert_eq!(fs::read_to_string(&file).expect("incident"), before, "nothing written");

    // Written as the message says, the brackets reach the page; HTML stays allowed.
    ok(update(&["--message", "Only &lt;region> sees errors.<br>Next: <b>retry</b>."]));
    ok(run(&["--now", "2024-05-10T09:00:00Z", "build"]));
    let page = fs::read_to_string(temp.path().join(format!("public/incidents/{id}.html"))).expect("page");
    assert!(page.contains("Only &lt;region&gt; sees errors.\nNext: retry."), "{page}");

    // Written into the file by hand: `check` refuses it, at each place; `build` publishes
    // with a warning, so an update already out never blocks the next one.
    let text = fs::read_to_string(&file).expect("incident");
    fs::write(&file, text.replace("Only &lt;region> sees", "Only <region> and <region> see")).expect("edit");
    let (code, _, stderr) = run(&["check"]);
    assert_eq!(code, 1);
    let found: Vec<&str> = stderr.lines().filter(|line| line.contains("`<region>` reads as an HTML tag")).collect();
    assert_eq!(found.len(), 2, "{stderr}");
    assert!(found[0].contains(":14: ") && found[1].contains(":27: "), "each at its own column: {stderr}");
    let (code, _, stderr) = run(&["--now", "2024-05-10T09:00:00Z", "build"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.starts_with(&format!("warning: incidents/{id}.toml:")), "{stderr}");

    // A template that would place such words in every update it writes.
    fs::write(&file, text).expect("restore");
    let template = temp.path().join("templates/en/investigating.txt");
    fs::write(&template, "\u{feff}We are looking into <service>.\n").expect("template");
    let (code, _, stderr) = run(&["check"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("templates/en/investigating.txt:1:21: `<service>` reads as an HTML tag"), "{stderr}");
    let (code, _, stderr) = update(&["--template", "investigating"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("the text from templates/en/investigating.txt: `<service>`"), "{stderr}");

    // A title or an --eta is plain text: a template places it as written.
    fs::write(&template, "We are looking into it.\n").expect("template");
    fs::write(temp.path().join("templates/en/slow.txt"), "{title} is slow.{#eta} Fixed by {eta}.{/eta}\n")
        .expect("template");
    let other = "2024-05-10-slow-in-region";
    ok(run(&["--now", "2024-05-10T08:00:00Z", "new", "Slow in <region>", "--components", "api", "--template", "slow"]));
    ok(run(&update_at("2024-05-10T08:40:00Z", other, "identified", &["--template", "slow", "--eta", "<ETA>"])));
    ok(run(&["--now", "2024-05-10T09:00:00Z", "build"]));
    let page = fs::read_to_string(temp.path().join(format!("public/incidents/{other}.html"))).expect("page");
    assert!(page.contains("Slow in &lt;region&gt; is slow. Fixed by &lt;ETA&gt;."), "{page}");
}

#[test]
fn untrusted_text_is_escaped_on_the_status_page() {
    let (_temp, out) = build_fixture("acme");
    let page = fs::read_to_string(out.join("incidents/2024-05-10-payments-failing.html")).expect("page");
    assert!(!page.contains("<script>") && !page.contains("&lt;script"));
    // Bodies are shown as plain text, as in the widget: tags dropped, line breaks kept.
    assert!(page.contains("Card payments fail with alert(&#39;502&#39;) &amp; retries.\nWe are on it."));
}

#[test]
fn broken_files_are_reported_with_file_line_column_and_advice() {
    for broken in [
        "bad-toml",
        "unknown-key",
        "unknown-status",
        "update-before-start",
        "unknown-component",
        "unknown-impact",
        "out-of-order",
        "unknown-component-status",
        "bad-time",
        "single-brackets",
        "repeated-key",
    ] {
        let (code, stderr) = error_for(broken);
        assert_eq!(code, 1, "{broken}: {stderr}");
        insta::assert_snapshot!(format!("error__{broken}"), stderr);
    }
}

#[test]
fn check_reports_every_broken_file_at_once() {
    let temp = TempDir::new().expect("temp dir");
    copy_tree(&fixture("acme"), temp.path());
    for broken in ["unknown-key", "unknown-status"] {
        fs::copy(
            fixture("broken").join(format!("{broken}.toml")),
            temp.path().join("incidents").join(format!("2024-05-10-{broken}.toml")),
        )
        .expect("copy");
    }
    let result = statusgen(&["-C", temp.path().to_str().expect("utf-8"), "check"]);
    assert_eq!(result.status.code(), Some(1));
    insta::assert_snapshot!("error__two_files", text(&result.stderr));
}

#[test]
fn check_reads_a_mistyped_key_as_the_one_meant_and_goes_on_to_the_file_s_other_problems() {
    // `impakt` for `impact` (a required key) stopped the reading at "missing field": the
    // misspelt status below it waited for the next run.
    let temp = TempDir::new().expect("temp dir");
    copy_tree(&fixture("acme"), temp.path());
    let file = temp.path().join("incidents/2024-05-10-payments-failing.toml");
    let incident = fs::read_to_string(&file)
        .expect("incident")
        .replacen("impact = \"major\"", "impakt = \"major\"", 1)
        .replacen("status = \"investigating\"", "status = \"investigatin\"", 1)
        .replacen("status = \"identified\"", "stauts = \"identified\"", 1);
    fs::write(&file, incident).expect("write");
    let result = statusgen(&["-C", temp.path().to_str().expect("utf-8"), "check"]);
    assert_eq!(result.status.code(), Some(1));
    let stderr = text(&result.stderr);
    for expected in [
        "payments-failing.toml:2:1: unknown key `impakt` at the top level; did you mean `impact`?",
        "unknown status `investigatin`; did you mean `investigating`?",
        "unknown key `stauts` in `updates`; did you mean `status`?",
    ] {
        assert!(stderr.contains(expected), "{expected}: {stderr}");
    }
    assert!(!stderr.contains("missing field"), "read as meant, nothing is missing: {stderr}");
}

#[test]
fn check_reports_a_file_s_flaws_beside_its_errors() {
    // An offset `statusgen` once read (`+05`) is a flaw `check` refuses; in a file with an
    // error too, it was left for the next run.
    let temp = TempDir::new().expect("temp dir");
    copy_tree(&fixture("acme"), temp.path());
    let file = temp.path().join("incidents/2024-05-10-payments-failing.toml");
    let incident = fs::read_to_string(&file).expect("incident").replacen(
        "at = \"2024-05-10T09:15\"",
        "at = \"2024-05-10T09:15+05\"",
        1,
    );
    fs::write(&file, format!("next_update = 1\n{incident}")).expect("write");
    let result = statusgen(&["-C", temp.path().to_str().expect("utf-8"), "check"]);
    assert_eq!(result.status.code(), Some(1));
    let stderr = text(&result.stderr);
    assert!(stderr.contains("2024-05-10-payments-failing.toml:1:1: unknown key `next_update`"), "{stderr}");
    assert!(
        stderr.contains("2024-05-10-payments-failing.toml:20:6: at `2024-05-10T09:15+05` has an offset"),
        "{stderr}"
    );
}

#[test]
fn check_reads_every_other_file_when_status_toml_is_broken() {
    // A key where none belongs (the TOML still parses), and TOML that does not.
    for (name, broken) in [("unknown_key", "url = \"https://twice.example\"\n"), ("syntax", "oops =\n")] {
        let temp = TempDir::new().expect("temp dir");
        copy_tree(&fixture("acme"), temp.path());
        let settings = temp.path().join("status.toml");
        let before = fs::read_to_string(&settings).expect("status.toml");
        fs::write(&settings, format!("{before}\n{broken}")).expect("write");
        fs::copy(fixture("broken/unknown-impact.toml"), temp.path().join("incidents/2024-05-10-impact.toml"))
            .expect("copy");
        fs::write(temp.path().join("templates/en/resolved.txt"), "Over; the window was {from}.\n").expect("write");
        let result = statusgen(&["-C", temp.path().to_str().expect("utf-8"), "check"]);
        assert_eq!(result.status.code(), Some(1), "{name}");
        let stderr = text(&result.stderr);
        assert!(stderr.contains("status.toml:"), "{name}: {stderr}");
        assert!(
            stderr.contains("incidents/2024-05-10-impact.toml:2:10"),
            "{name}: the incident's problem too: {stderr}"
        );
        assert!(stderr.contains("templates/en/resolved.txt:1:22"), "{name}: and the template's: {stderr}");
        // What only status.toml can settle is not judged without it: the components, and
        // (when not even its time zone can be read) the order of times written without an
        // offset. The fixture's are in order in its America/New_York, not in UTC.
        assert!(!stderr.contains("unknown component"), "{name}: {stderr}");
        assert!(!stderr.contains("before the incident started"), "{name}: {stderr}");
        insta::assert_snapshot!(format!("error__status_toml_{name}_and_the_other_files"), stderr);
    }
}

#[test]
fn a_failing_build_leaves_the_previous_output_byte_identical() {
    let temp = TempDir::new().expect("temp dir");
    let site = temp.path().join("site");
    copy_tree(&fixture("acme"), &site);
    let out = temp.path().join("public");
    let args = |now: &'static str| {
        [
            "-C".to_owned(),
            site.display().to_string(),
            "--now".into(),
            now.into(),
            "build".into(),
            "--out".into(),
            out.display().to_string(),
        ]
    };
    let first = statusgen(&args(NOW).iter().map(String::as_str).collect::<Vec<_>>());
    assert!(first.status.success(), "{}", text(&first.stderr));
    let before = tree(&out);

    fs::copy(fixture("broken/unknown-status.toml"), site.join("incidents/2024-05-10-oops.toml")).expect("copy");
    let second = statusgen(&args("2024-05-10T16:00:00Z").iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(second.status.code(), Some(1));
    assert!(text(&second.stderr).contains("incidents/2024-05-10-oops.toml:7:10"), "{}", text(&second.stderr));
    assert_eq!(tree(&out), before);
    // No temporary folder is left behind next to the output.
    let siblings: Vec<String> = fs::read_dir(temp.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(siblings.len(), 2, "{siblings:?}");
}

#[test]
fn a_successful_rebuild_replaces_stale_files() {
    let temp = TempDir::new().expect("temp dir");
    let out = temp.path().join("public");
    fs::create_dir_all(out.join("api/v2")).expect("create");
    fs::write(out.join("api/v2/summary.json"), "{}").expect("write");
    fs::write(out.join("stale.html"), "old").expect("write");
    let site = fixture("acme");
    let result = in_site(site.to_str().expect("utf-8"), &["build", "--out", out.to_str().expect("utf-8")]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    assert!(!out.join("stale.html").exists());
}

#[test]
fn build_refuses_to_replace_a_folder_it_did_not_write() {
    let temp = TempDir::new().expect("temp dir");
    fs::write(temp.path().join("precious.txt"), "keep me").expect("write");
    let site = fixture("acme");
    let result = in_site(site.to_str().expect("utf-8"), &["build", "--out", temp.path().to_str().expect("utf-8")]);
    assert_eq!(result.status.code(), Some(1));
    assert!(text(&result.stderr).contains("refusing to replace"), "{}", text(&result.stderr));
    assert!(temp.path().join("precious.txt").exists());
}

#[test]
fn usage_errors_exit_with_2() {
    let result = statusgen(&["new", "Outage", "--impact", "catastrophic", "--components", "api"]);
    assert_eq!(result.status.code(), Some(2));
    let result = statusgen(&["--now", "tomorrow", "check"]);
    assert_eq!(result.status.code(), Some(2));
}

#[test]
fn help_teaches_with_examples() {
    let result = statusgen(&["--help"]);
    assert!(result.status.success());
    insta::assert_snapshot!("help", text(&result.stdout));
}

/// The mid-outage workflow: init, new, update, resolve, maintenance, check, build.
#[test]
fn commands_write_diff_friendly_files_that_build() {
    let temp = TempDir::new().expect("temp dir");
    let dir = temp.path().to_str().expect("utf-8");
    let run = |args: &[&str]| {
        let mut all = vec!["-C", dir];
        all.extend_from_slice(args);
        let result = statusgen(&all);
        assert!(result.status.success(), "{args:?}: {}", text(&result.stderr));
        text(&result.stdout)
    };
    run(&["init"]);
    let created = run(&[
        "--now",
        "2024-05-10T08:30:00Z",
        "new",
        "Paiements en échec",
        "--impact",
        "critical",
        "--components",
        "payments,API",
    ]);
    insta::assert_snapshot!("workflow__new_stdout", created);
    let id = "2024-05-10-paiements-en-echec";
    run(&["--now", "2024-05-10T09:00:00Z", "update", id, "--status", "identified", "--set", "payments=major_outage"]);
    run(&[
        "--now",
        "2024-05-10T09:30:00Z",
        "update",
        id,
        "--status",
        "monitoring",
        "--message",
        "Fix deployed; watching error rates.",
    ]);
    run(&["--now", "2024-05-10T10:00:00Z", "resolve", id]);
    run(&[
        "--now",
        "2024-05-10T10:05:00Z",
        "maintenance",
        "Database upgrade",
        "--from",
        "2024-05-12T22:00:00Z",
        "--until",
        "2024-05-13T00:00:00Z",
        "--components",
        "api",
    ]);
    insta::assert_snapshot!(
        "workflow__incident_file",
        fs::read_to_string(temp.path().join(format!("incidents/{id}.toml"))).expect("file")
    );
    insta::assert_snapshot!(
        "workflow__maintenance_file",
        fs::read_to_string(temp.path().join("maintenance/2024-05-12-database-upgrade.toml")).expect("file")
    );
    insta::assert_snapshot!("workflow__check", run(&["check"]));
    run(&["--now", "2024-05-10T11:00:00Z", "build"]);
    let summary = built_summary(&temp);
    assert!(summary.incidents.is_empty(), "resolved incidents leave the summary");
    assert_eq!(summary.scheduled_maintenances.len(), 1);
    assert_eq!(summary.status.indicator, Impact::None);
}

#[test]
fn template_errors_name_the_template_file() {
    let temp = TempDir::new().expect("temp dir");
    copy_tree(&fixture("acme"), temp.path());
    let dir = temp.path().to_str().expect("utf-8");
    fs::copy(fixture("broken/templates/broken.txt"), temp.path().join("templates/en/broken.txt")).expect("copy");
    let id = "2024-05-10-payments-failing";
    let result = in_site(dir, &["update", id, "--status", "identified", "--template", "broken"]);
    assert_eq!(result.status.code(), Some(1));
    insta::assert_snapshot!("error__template_placeholder", text(&result.stderr));
    let result = in_site(dir, &["update", id, "--status", "identified"]);
    assert_eq!(result.status.code(), Some(1));
    insta::assert_snapshot!("error__template_needs_eta", text(&result.stderr));
    // With --eta the template fills, and the French template becomes the translation.
    let before = fs::read_to_string(temp.path().join(format!("incidents/{id}.toml"))).expect("file");
    let result = in_site(dir, &["update", id, "--status", "identified", "--eta", "13:00"]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    let after = fs::read_to_string(temp.path().join(format!("incidents/{id}.toml"))).expect("file");
    assert!(after.starts_with(&before), "the operator's text is kept as is");
    insta::assert_snapshot!("workflow__appended_update", &after[before.len()..]);
    // An update for a maintenance must use maintenance stages.
    let result = in_site(dir, &["update", "2024-05-10-cdn-migration", "--status", "resolved"]);
    assert_eq!(result.status.code(), Some(1));
    insta::assert_snapshot!("error__maintenance_stage", text(&result.stderr));
}

#[test]
fn source_date_epoch_sets_now() {
    let temp = TempDir::new().expect("temp dir");
    let dir = temp.path().to_str().expect("utf-8");
    assert!(statusgen(&["-C", dir, "init"]).status.success());
    let result = Command::new(env!("CARGO_BIN_EXE_statusgen"))
        .args(["-C", dir, "new", "Outage", "--components", "api", "--message", "Down."])
        .env("SOURCE_DATE_EPOCH", "1715329800")
        .output()
        .expect("runs");
    assert!(result.status.success(), "{}", text(&result.stderr));
    let file =
        fs::read_to_string(temp.path().join("incidents/2024-05-10-outage.toml")).expect("named after the epoch's date");
    assert!(file.contains("at = 2024-05-10T08:30:00.000Z"), "{file}");
}

#[test]
fn bench_fixture_builds() {
    let temp = TempDir::new().expect("temp dir");
    let site = temp.path().join("site");
    status_gen::write_bench_fixture(&site, 40, 5).expect("fixture");
    let report =
        status_gen::build(&site, &temp.path().join("out"), Timestamp::parse(NOW).expect("now")).expect("builds");
    assert_eq!(report.incidents, 40);
    // 14 documents, one Atom feed per component (10), the months since the oldest
    // incident (40 incidents six hours apart: May 2024 only), one page per incident.
    assert_eq!(report.files, 14 + 10 + 1 + 40);
    let checked = status_gen::check(&site).expect("valid");
    assert_eq!(checked.entries.len(), 40);
}

#[test]
fn postmortem_writes_the_template_and_build_publishes_it() {
    let temp = TempDir::new().expect("temp dir");
    copy_tree(&fixture("acme"), temp.path());
    fs::remove_dir_all(temp.path().join("postmortems")).expect("start without postmortems");
    let site = temp.path().to_str().expect("utf-8");

    let open = in_site(site, &["postmortem", "2024-05-10-payments-failing"]);
    assert_eq!(open.status.code(), Some(1));
    insta::assert_snapshot!("postmortem__not_resolved", text(&open.stderr));

    let written = in_site(site, &["postmortem", "2024-05-02-slow-website"]);
    assert!(written.status.success(), "{}", text(&written.stderr));
    insta::assert_snapshot!("postmortem__stdout", text(&written.stdout));
    let file = fs::read_to_string(temp.path().join("postmortems/2024-05-02-slow-website.md")).expect("written");
    insta::assert_snapshot!("postmortem__template_en", file);
    let again = in_site(site, &["postmortem", "2024-05-02-slow-website"]);
    assert_eq!(again.status.code(), Some(1), "never overwrites");

    // As written by the command, it is a draft: the build publishes the rest of the site,
    // and both it and `check` say so, and where the template's instructions are left.
    let slow_incident = |temp: &TempDir| -> serde_json::Value {
        let incidents = fs::read_to_string(temp.path().join("public/api/v2/incidents.json")).expect("incidents");
        let document: serde_json::Value = serde_json::from_str(&incidents).expect("json");
        let all = document["incidents"].as_array().cloned().unwrap_or_default();
        all.into_iter().find(|i| i["id"] == "2024-05-02-slow-website").expect("listed")
    };
    let built = in_site(site, &["build", "--out", "public"]);
    assert!(built.status.success(), "{}", text(&built.stderr));
    insta::assert_snapshot!("postmortem__unfinished", text(&built.stderr));
    assert_eq!(slow_incident(&temp)["status"], "resolved", "a draft is not published");
    let page = fs::read_to_string(temp.path().join("public/incidents/2024-05-02-slow-website.html")).expect("page");
    assert!(!page.contains("Say in one or two sentences"), "{page}");
    let checked = in_site(site, &["check"]);
    assert!(checked.status.success(), "a warning, not an error: {}", text(&checked.stderr));
    // The same warnings, and `check`'s own about the fixture's one template (identified).
    let (templates, rest): (Vec<&str>, Vec<&str>) = text(&checked.stderr)
        .leak()
        .lines()
        .partition(|line| line.starts_with("warning: templates/en: no template for"));
    assert_eq!(templates.len(), 1, "{templates:?}");
    assert_eq!(rest.iter().map(|line| format!("{line}\n")).collect::<String>(), text(&built.stderr));

    // Publishing is refused while the template's instructions are left, and the file kept.
    let refused = in_site(site, &["postmortem", "2024-05-02-slow-website", "--publish"]);
    assert_eq!(refused.status.code(), Some(1));
    insta::assert_snapshot!("postmortem__publish_refused", text(&refused.stderr));
    let path = temp.path().join("postmortems/2024-05-02-slow-website.md");
    assert_eq!(fs::read_to_string(&path).expect("draft"), file);

    // Written, then published: the time is the publication's, and build shows it.
    let body = file.split("+++").nth(2).expect("body");
    let finished: String = body.lines().filter(|line| !line.contains('[')).collect::<Vec<_>>().join("\n");
    fs::write(&path, file.replace(body, &finished)).expect("write");
    let published = in_site(site, &["postmortem", "2024-05-02-slow-website", "--publish"]);
    assert!(published.status.success(), "{}", text(&published.stderr));
    let file = fs::read_to_string(&path).expect("published");
    insta::assert_snapshot!("postmortem__published_front_matter", file.split("+++").nth(1).expect("front matter"));
    let again = in_site(site, &["postmortem", "2024-05-02-slow-website", "--publish"]);
    assert_eq!(again.status.code(), Some(1), "already published");
    // Asked for the template again: told it is published, not sent to --publish.
    let rewrite = in_site(site, &["postmortem", "2024-05-02-slow-website"]);
    assert_eq!(rewrite.status.code(), Some(1));
    assert!(text(&rewrite.stderr).contains("already exists and is published; edit it, and `statusgen build`"));
    let checked = in_site(site, &["check"]);
    // Nothing but the fixture's missing templates (it has one).
    let said = text(&checked.stderr);
    assert!(checked.status.success() && said.lines().all(|line| line.starts_with("warning: templates/en:")), "{said}");
    let built = in_site(site, &["build", "--out", "public"]);
    assert!(built.status.success() && built.stderr.is_empty(), "{}", text(&built.stderr));
    let slow = slow_incident(&temp);
    assert_eq!(slow["status"], "postmortem");
    assert_eq!(slow["postmortem_body"].as_str(), Some(file.split("+++").nth(2).expect("body").trim()));
    let page = fs::read_to_string(temp.path().join("public/incidents/2024-05-02-slow-website.html")).expect("page");
    assert!(page.contains("<h2 id=\"postmortem\">Postmortem</h2>"), "{page}");
    let atom = fs::read_to_string(temp.path().join("public/history.atom")).expect("atom");
    assert!(atom.contains("<title>Postmortem: Slow website</title>"), "{atom}");

    // A published postmortem that later gains bracketed words stays published, with a warning.
    fs::write(&path, format!("{file}\n[All times UTC, as on the page.]\n")).expect("write");
    let built = in_site(site, &["build", "--out", "public"]);
    assert!(text(&built.stderr).contains("(the page shows it as written)"), "{}", text(&built.stderr));
    assert_eq!(slow_incident(&temp)["status"], "postmortem");
}

#[test]
fn postmortem_templates_exist_in_french_and_italian() {
    for locale in ["fr", "it"] {
        let temp = TempDir::new().expect("temp dir");
        copy_tree(&fixture("acme"), temp.path());
        fs::remove_dir_all(temp.path().join("postmortems")).expect("start without postmortems");
        let settings = temp.path().join("status.toml");
        let text = fs::read_to_string(&settings).expect("status.toml");
        fs::write(&settings, text.replace("locale = \"en\"", &format!("locale = \"{locale}\""))).expect("write");
        let result = in_site(temp.path().to_str().expect("utf-8"), &["postmortem", "2024-05-02-slow-website"]);
        assert!(result.status.success(), "{}", text_of(&result));
        let file = fs::read_to_string(temp.path().join("postmortems/2024-05-02-slow-website.md")).expect("written");
        insta::assert_snapshot!(format!("postmortem__template_{locale}"), file);
    }
}

fn text_of(output: &Output) -> String {
    format!("{}{}", text(&output.stdout), text(&output.stderr))
}

#[test]
fn a_postmortem_for_no_incident_is_an_error_and_one_for_an_open_incident_is_not() {
    let temp = TempDir::new().expect("temp dir");
    copy_tree(&fixture("acme"), temp.path());
    fs::write(
        temp.path().join("postmortems/2024-05-01-nothing.md"),
        "+++\npublished_at = 2024-05-03T16:00:00Z\n+++\nText\n",
    )
    .expect("write");
    // The incident is still open: a warning (it waits for the resolution), not an error.
    fs::write(temp.path().join("postmortems/2024-05-10-payments-failing.md"), "+++\ndraft = true\n+++\n# Too early\n")
        .expect("write");
    let result = statusgen(&["-C", temp.path().to_str().expect("utf-8"), "check"]);
    assert_eq!(result.status.code(), Some(1));
    insta::assert_snapshot!("error__postmortems", text(&result.stderr));
}

/// The events of an iCalendar document, parsed by the `icalendar` crate, keyed by UID.
fn calendar_events(ics: &str) -> BTreeMap<String, icalendar::Event> {
    use icalendar::{CalendarComponent, Component as _};
    let calendar: icalendar::Calendar = ics.parse().expect("a valid iCalendar document");
    calendar
        .components
        .into_iter()
        .filter_map(|component| match component {
            CalendarComponent::Event(event) => {
                Some((event.get_uid().expect("every event has a UID").to_owned(), event))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn maintenance_ics_parses_back_with_one_event_per_maintenance() {
    use icalendar::{CalendarDateTime, Component as _, DatePerhapsTime};
    let (_temp, out) = build_fixture("acme");
    let ics = fs::read_to_string(out.join("maintenance.ics")).expect("ics");
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"), "{ics}");
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    for line in ics.split_terminator("\r\n") {
        assert!(line.len() <= 75, "a line longer than 75 octets: {line:?}");
        assert!(!line.contains('\n') && !line.contains('\r'), "a bare line break in {line:?}");
    }
    let events = calendar_events(&ics);
    let uids: Vec<&str> = events.keys().map(String::as_str).collect();
    assert_eq!(
        uids,
        [
            "2024-04-20-network-work@status.acme.test",
            "2024-05-10-cdn-migration@status.acme.test",
            "2024-05-11-database-upgrade@status.acme.test"
        ]
    );
    let upgrade = &events["2024-05-11-database-upgrade@status.acme.test"];
    assert_eq!(upgrade.get_summary(), Some("Database upgrade"));
    // The parser's own reading of the times: UTC date-times, not floating or dates.
    let utc = |time: Option<DatePerhapsTime>| match time {
        Some(DatePerhapsTime::DateTime(CalendarDateTime::Utc(instant))) => instant.to_rfc3339(),
        other => panic!("not a UTC date-time: {other:?}"),
    };
    assert_eq!(utc(upgrade.get_start()), "2024-05-11T02:00:00+00:00");
    assert_eq!(utc(upgrade.get_end()), "2024-05-11T04:00:00+00:00");
    assert_eq!(upgrade.get_sequence(), Some(0));
    let description = upgrade.get_description().expect("description");
    assert!(
        description.contains("Scheduled: We will upgrade the main database; the API may be read-only."),
        "{description}"
    );
    assert!(description.contains("Affected: API, Payments"), "{description}");
    assert_eq!(upgrade.get_url(), Some("https://status.acme.test/incidents/2024-05-11-database-upgrade.html"));
    let network = &events["2024-04-20-network-work@status.acme.test"];
    assert_eq!(network.get_sequence(), Some(2), "three updates: two revisions after the first");
    assert_eq!(network.property_value("DTSTAMP"), Some("20240420T014500Z"));
    assert_eq!(network.property_value("LAST-MODIFIED"), Some("20240420T014500Z"));
}

#[test]
fn a_site_without_maintenance_publishes_a_valid_calendar_to_subscribe_to() {
    let (temp, run) = init_site();
    let (code, _, stderr) = run(&["--now", "2024-01-02T00:00:00Z", "build", "--out", "public"]);
    assert_eq!(code, 0, "{stderr}");
    let ics = fs::read_to_string(temp.path().join("public/maintenance.ics")).expect("ics");
    assert!(calendar_events(&ics).is_empty(), "no maintenance yet: {ics}");
    // RFC 5545 §3.6: at least one component, or strict readers refuse the subscription.
    let calendar: icalendar::Calendar = ics.parse().expect("a valid iCalendar document");
    assert!(!calendar.components.is_empty(), "a calendar with no component: {ics}");
    assert!(ics.contains("BEGIN:VTIMEZONE\r\nTZID:UTC\r\n"), "{ics}");
    // `METHOD:PUBLISH` would require an `ORGANIZER` in every event (RFC 5546 §3.2.1).
    assert!(!ics.contains("METHOD:"), "{ics}");
}

#[test]
fn a_changed_maintenance_keeps_its_uid_and_bumps_sequence_and_dtstamp() {
    use icalendar::Component as _;
    let temp = TempDir::new().expect("temp dir");
    copy_tree(&fixture("acme"), temp.path());
    let site = temp.path().to_str().expect("utf-8");
    let uid = "2024-05-11-database-upgrade@status.acme.test";
    let before = in_site(site, &["build", "--out", "public"]);
    assert!(before.status.success(), "{}", text(&before.stderr));
    let first = calendar_events(&fs::read_to_string(temp.path().join("public/maintenance.ics")).expect("ics"));

    let file = temp.path().join("maintenance/2024-05-11-database-upgrade.toml");
    let source = fs::read_to_string(&file).expect("file");
    fs::write(
        &file,
        source
            .replace("2024-05-11T02:00:00Z", "2024-05-11T03:00:00Z")
            .replace("2024-05-11T04:00:00Z", "2024-05-11T05:00:00Z"),
    )
    .expect("move the window");
    let update = in_site(
        site,
        &[
            "update",
            "2024-05-11-database-upgrade",
            "--status",
            "scheduled",
            "--message",
            "Moved one hour later, sorry.",
        ],
    );
    assert!(update.status.success(), "{}", text(&update.stderr));
    let after = in_site(site, &["build", "--out", "public"]);
    assert!(after.status.success(), "{}", text(&after.stderr));
    let second = calendar_events(&fs::read_to_string(temp.path().join("public/maintenance.ics")).expect("ics"));

    let (old, new) = (&first[uid], &second[uid]);
    assert_eq!(new.get_sequence(), Some(old.get_sequence().expect("sequence") + 1));
    assert!(new.property_value("DTSTAMP") > old.property_value("DTSTAMP"));
    assert_eq!(new.property_value("DTSTAMP"), Some("20240510T150000Z"));
    assert_eq!(new.property_value("LAST-MODIFIED"), new.property_value("DTSTAMP"));
    assert_eq!(new.property_value("DTSTART"), Some("20240511T030000Z"));
    assert!(new.get_description().is_some_and(|d| d.contains("Moved one hour later, sorry.")));
    // The other events did not change at all.
    let unchanged = "2024-04-20-network-work@status.acme.test";
    assert_eq!(first[unchanged].property_value("SEQUENCE"), second[unchanged].property_value("SEQUENCE"));
}

/// `_headers` as (pattern, [(name, value)]) rules, in file order.
fn header_rules(text: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut rules: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        if let Some(header) = line.strip_prefix("  ") {
            let (name, value) = header.split_once(": ").expect("`Name: value`");
            rules.last_mut().expect("a rule").1.push((name.to_owned(), value.to_owned()));
        } else {
            rules.push((line.to_owned(), Vec::new()));
        }
    }
    rules
}

/// The headers a host that applies every matching rule (Cloudflare Pages) sends for `path`.
fn headers_for<'a>(rules: &'a [(String, Vec<(String, String)>)], path: &str) -> Vec<(&'a str, &'a str)> {
    rules
        .iter()
        .filter(|(pattern, _)| match pattern.strip_suffix('*') {
            Some(prefix) => path.starts_with(prefix),
            None => path == pattern,
        })
        .flat_map(|(_, headers)| headers.iter().map(|(n, v)| (n.as_str(), v.as_str())))
        .collect()
}

#[test]
fn build_with_widget_publishes_the_bundle_with_cors_and_cache_headers() {
    let temp = TempDir::new().expect("temp dir");
    let out = temp.path().join("public");
    let site = fixture("acme");
    let widget = fixture("widget-dist");
    let args = ["build", "--out", out.to_str().expect("utf-8"), "--widget", widget.to_str().expect("utf-8")];
    let result = in_site(site.to_str().expect("utf-8"), &args);
    assert!(result.status.success(), "{}", text(&result.stderr));
    let files = tree(&out);
    let published: Vec<&str> = files.keys().filter(|k| k.starts_with("widget/")).map(String::as_str).collect();
    assert_eq!(
        published,
        [
            "widget/status-widget.0f3c9a21.wasm",
            "widget/status-widget.0f3c9a21.wasm.br",
            "widget/status-widget.0f3c9a21.wasm.gz",
            "widget/status-widget.js"
        ],
        "the bundle's files, and nothing else from the folder"
    );
    for name in &published {
        let source = fs::read(widget.join(name.trim_start_matches("widget/"))).expect("source");
        assert_eq!(files[*name], source, "{name} is copied byte for byte");
    }
    let headers = text(&files["_headers"]);
    insta::assert_snapshot!("widget___headers", headers);

    let rules = header_rules(&headers);
    let wasm = headers_for(&rules, "/widget/status-widget.0f3c9a21.wasm");
    assert!(wasm.contains(&("Access-Control-Allow-Origin", "*")), "{wasm:?}");
    assert!(wasm.contains(&("Cache-Control", "public, max-age=31536000, immutable")), "{wasm:?}");
    assert!(wasm.contains(&("Content-Type", "application/wasm")), "{wasm:?}");
    let brotli = headers_for(&rules, "/widget/status-widget.0f3c9a21.wasm.br");
    assert!(brotli.contains(&("Cache-Control", "public, max-age=31536000, immutable")), "{brotli:?}");
    let script = headers_for(&rules, "/widget/status-widget.js");
    assert!(script.contains(&("Access-Control-Allow-Origin", "*")), "{script:?}");
    assert!(script.contains(&("Cache-Control", "public, max-age=300, must-revalidate")), "{script:?}");
    // Every file gets each header once: Cloudflare Pages would join two values into one.
    for name in files.keys() {
        let path = if name == "index.html" { "/".to_owned() } else { format!("/{name}") };
        let sent = headers_for(&rules, &path);
        let mut names: Vec<&str> = sent.iter().map(|(n, _)| *n).collect();
        names.sort_unstable();
        let count = names.len();
        names.dedup();
        assert_eq!(names.len(), count, "{path} gets a header twice: {sent:?}");
        if name != "_headers" {
            assert!(names.contains(&"Cache-Control"), "{path} has no Cache-Control: {sent:?}");
        }
    }
}

#[test]
fn the_widget_key_in_status_toml_publishes_the_bundle_on_every_build() {
    let temp = TempDir::new().expect("temp dir");
    copy_tree(&fixture("acme"), temp.path());
    copy_tree(&fixture("widget-dist"), &temp.path().join("dist"));
    let settings = temp.path().join("status.toml");
    let text_before = fs::read_to_string(&settings).expect("status.toml");
    fs::write(&settings, text_before.replace("locale = \"en\"\n", "locale = \"en\"\nwidget = \"dist\"\n"))
        .expect("write");
    let site = temp.path().to_str().expect("utf-8");
    for _ in 0..2 {
        // The build replaces the whole output folder, so the bundle must come back each time.
        let result = in_site(site, &["build", "--out", "public"]);
        assert!(result.status.success(), "{}", text(&result.stderr));
        assert!(temp.path().join("public/widget/status-widget.js").is_file());
        assert!(temp.path().join("public/widget/status-widget.0f3c9a21.wasm").is_file());
    }
    // A missing bundle fails the build and leaves the previous output alone.
    let before = tree(&temp.path().join("public"));
    fs::remove_file(temp.path().join("dist/status-widget.js")).expect("remove");
    let result = in_site(site, &["build", "--out", "public"]);
    assert_eq!(result.status.code(), Some(1));
    // Placed at the key, whose line is the one after `locale`'s.
    let line = text_before.lines().position(|line| line == "locale = \"en\"").expect("locale") + 2;
    let placed =
        format!("status.toml:{line}:10: the widget folder dist has no status-widget.js; pass the dist/ folder");
    assert!(text(&result.stderr).contains(&placed), "{}", text(&result.stderr));
    assert_eq!(tree(&temp.path().join("public")), before);
    let check = in_site(site, &["check"]);
    assert_eq!(check.status.code(), Some(1), "check validates the widget key too");
    assert!(text(&check.stderr).contains(&placed), "{}", text(&check.stderr));
    fs::remove_dir_all(temp.path().join("dist")).expect("remove");
    let check = in_site(site, &["check"]);
    assert!(
        text(&check.stderr).contains(&format!("status.toml:{line}:10: cannot read the widget folder dist (")),
        "{}",
        text(&check.stderr)
    );
}

#[test]
fn check_reports_every_problem_of_a_site_postmortem_template() {
    let temp = TempDir::new().expect("temp dir");
    copy_tree(&fixture("acme"), temp.path());
    let template = temp.path().join("templates/en/postmortem.md");
    fs::write(&template, "# {title}\n\nBack by {eta}. Sorry, {compnents}.\n").expect("write");
    let site = temp.path().to_str().expect("utf-8");
    let result = in_site(site, &["check"]);
    assert_eq!(result.status.code(), Some(1));
    let stderr = text(&result.stderr);
    assert!(stderr.contains("templates/en/postmortem.md:3:23: unknown placeholder `{compnents}`"), "{stderr}");

    fs::write(&template, "# {title}\n\nBack by {eta}.\n").expect("write");
    let stderr = text(&in_site(site, &["check"]).stderr);
    assert!(
        stderr.contains("templates/en/postmortem.md:3:9: `{eta}` has no value in a postmortem (it is written after the incident); remove it"),
        "{stderr}"
    );
}

#[test]
fn check_shows_the_site_s_warnings_beside_its_problems() {
    let temp = TempDir::new().expect("temp dir");
    copy_tree(&fixture("acme"), temp.path());
    let status = temp.path().join("status.toml");
    let settings = fs::read_to_string(&status).expect("status.toml");
    fs::write(&status, settings.replace("locale = \"en\"", "locale = \"de\"")).expect("write");
    fs::write(temp.path().join("templates/en/postmortem.md"), "# {title}\n\nSorry, {compnents}.\n").expect("write");
    let result = in_site(temp.path().to_str().expect("utf-8"), &["check"]);
    assert_eq!(result.status.code(), Some(1));
    let stderr = text(&result.stderr);
    assert!(stderr.starts_with("error: templates/en/postmortem.md:3:8: unknown placeholder `{compnents}`"), "{stderr}");
    assert!(stderr.contains("\nwarning: status.toml:7:10: statusgen has no page labels in `de`"), "{stderr}");
}

#[test]
fn docs_hosting_md_lists_every_header_build_writes() {
    let hosting = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/hosting.md");
    let hosting = fs::read_to_string(hosting).expect("docs/hosting.md");
    let start = hosting.find("## Netlify and Cloudflare Pages: `_headers`").expect("the _headers section");
    let block = &hosting[start..];
    let block = &block[block.find("```\n").expect("its block") + 4..];
    let documented = header_rules(&block[..block.find("```").expect("end of the block")]);
    for (path, headers) in header_rules(status_gen::HEADERS) {
        let found = documented.iter().find(|(known, _)| *known == path);
        assert_eq!(found.map(|(_, h)| h), Some(&headers), "docs/hosting.md's `_headers` block differs for {path}");
    }
    assert!(
        hosting.contains("| `/api/*` | `Cache-Control` | `public, max-age=10, stale-while-revalidate=30` |"),
        "docs/hosting.md's table gives /api/* another Cache-Control"
    );
}

#[test]
fn usage_md_points_at_docs_hosting_md_for_the_headers() {
    let usage = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("USAGE.md")).expect("USAGE.md");
    assert!(usage.contains("[docs/hosting.md](../docs/hosting.md) is the one place that lists every header"));
    assert!(usage.contains("`Cache-Control: public, max-age=10,\nstale-while-revalidate=30` on `/api/*`"));
}

#[test]
fn the_front_page_lists_two_weeks_with_quiet_days_collapsed_and_the_archive_has_every_month() {
    let (_temp, out) = build_fixture("acme");
    let index = fs::read_to_string(out.join("index.html")).expect("index");
    let history = &index[index.find("<h2 id=\"history\">").expect("history section")..];
    let history = &history[..history.find("</section>").expect("end")];
    assert!(history.contains("No incidents reported from May 3, 2024 to May 9, 2024."), "{history}");
    assert!(history.contains("No incidents reported from April 27, 2024 to May 1, 2024."), "{history}");
    assert!(!history.contains("April 26"), "only the last 14 days: {history}");
    assert!(history.contains("<a href=\"history/2024-05.html\">Incident history</a>"), "{history}");
    // "Last updated" is at the top, before the overall status.
    let updated = index.find("Last updated:").expect("last updated");
    assert!(updated < index.find("class=\"overall").expect("overall"));
    // Every month from the oldest file (the April maintenance) to now has a page.
    let months: Vec<String> = fs::read_dir(out.join("history"))
        .expect("history/")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(months, ["2024-04.html", "2024-05.html"]);
    let april = fs::read_to_string(out.join("history/2024-04.html")).expect("april");
    assert!(april.contains("<a href=\"../incidents/2024-04-20-network-work.html\">Network maintenance</a>"), "{april}");
    assert!(april.contains("<a href=\"2024-05.html\" rel=\"next\">Next month</a>"), "{april}");
}

#[test]
fn a_site_postmortem_template_is_used_and_its_errors_name_the_file() {
    let temp = TempDir::new().expect("temp dir");
    copy_tree(&fixture("acme"), temp.path());
    fs::remove_dir_all(temp.path().join("postmortems")).expect("start without postmortems");
    let template = temp.path().join("templates/en/postmortem.md");
    fs::write(&template, "# {title}\n\nSorry about {components}.\n").expect("write");
    let site = temp.path().to_str().expect("utf-8");
    let result = in_site(site, &["postmortem", "2024-05-02-slow-website"]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    let file = fs::read_to_string(temp.path().join("postmortems/2024-05-02-slow-website.md")).expect("written");
    assert!(file.ends_with("+++\n\n# Slow website\n\nSorry about Website.\n"), "{file}");

    fs::remove_file(temp.path().join("postmortems/2024-05-02-slow-website.md")).expect("remove");
    fs::write(&template, "# {title}\n\nSorry, {compnents}.\n").expect("write");
    let result = in_site(site, &["postmortem", "2024-05-02-slow-website"]);
    assert_eq!(result.status.code(), Some(1));
    assert!(
        text(&result.stderr).starts_with("error: templates/en/postmortem.md:3:8: unknown placeholder `{compnents}`"),
        "{}",
        text(&result.stderr)
    );
}

#[test]
fn run_from_inside_a_site_the_error_names_the_site_and_init_refuses_to_nest_one() {
    let (temp, run) = init_site();
    ok(run(&api_errors_at_0830(&[])));
    let inside = temp.path().join("incidents");
    let inside = inside.to_str().expect("utf-8");
    let site = temp.path().display().to_string();
    let result = statusgen(&["-C", inside, "list"]);
    assert_eq!(result.status.code(), Some(1));
    let said = text(&result.stderr);
    assert!(
        said.contains(&format!("this folder is inside the site in {site}")) && said.contains(&format!("-C {site}")),
        "{said}"
    );
    assert!(!said.contains("statusgen init"), "no advice to create a second site: {said}");
    let result = statusgen(&["-C", inside, "init"]);
    assert_eq!(result.status.code(), Some(1));
    let said = text(&result.stderr);
    assert!(said.contains(&format!("is inside the site in {site}")), "{said}");
    assert!(!temp.path().join("incidents/status.toml").exists(), "nothing written");
    let out = temp.path().join("public");
    ok(run(&["--now", "2024-05-10T08:31:00Z", "build", "--out", out.to_str().expect("utf-8")]));
    // `..` counts as a step up: a new folder beside the site is outside it.
    let name = format!("{}-beside", temp.path().file_name().and_then(|name| name.to_str()).expect("named"));
    let beside = temp.path().join("incidents/../..").join(&name);
    let result = statusgen(&["-C", beside.to_str().expect("utf-8"), "init"]);
    let _ = fs::remove_dir_all(temp.path().join("..").join(&name));
    assert!(result.status.success(), "{}", text(&result.stderr));
}

#[test]
fn new_with_the_title_of_an_open_incident_says_so_and_how_to_update_it_instead() {
    let (_temp, run) = init_site();
    ok(run(&api_errors_at_0830(&[])));
    let (code, stdout, stderr) = run(&api_errors_at_0830(&[]));
    assert_eq!(code, 0, "two incidents may share a title: {stderr}");
    assert!(stdout.contains("id: 2024-05-10-api-errors-2"), "{stdout}");
    assert!(
        stderr.contains("warning: 2024-05-10-api-errors is open with the same title; if this was meant as an update to it, delete incidents/2024-05-10-api-errors-2.toml and run `statusgen update 2024-05-10-api-errors --status …`"),
        "{stderr}"
    );
    // Once it is resolved, a new one with its title is news, not a twin.
    ok(run(&["--now", "2024-05-10T09:00:00Z", "resolve", "2024-05-10-api-errors"]));
    ok(run(&["--now", "2024-05-10T09:00:00Z", "resolve", "2024-05-10-api-errors-2"]));
    let (_, _, stderr) = run(&["--now", "2024-05-10T10:00:00Z", "new", "API errors", "--components", "api"]);
    assert!(!stderr.contains("warning"), "{stderr}");
}

#[test]
fn a_time_of_day_is_its_next_occurrence_a_window_s_end_the_first_after_its_start() {
    let (temp, run) = init_site();
    ok(run(&api_errors_at_0830(&[])));
    let id = "2024-05-10-api-errors";
    ok(run(&update_at("2024-05-10T08:40:00Z", id, "identified", &["--next-update", "9:15"])));
    let file = fs::read_to_string(temp.path().join(format!("incidents/{id}.toml"))).expect("incident file");
    assert!(file.contains("next_update_at = 2024-05-10T09:15:00.000Z"), "{file}");
    // Typed for today but already past: tomorrow's would be a promise nobody meant.
    let (code, _, stderr) = run(&update_at("2024-05-10T08:45:00Z", id, "identified", &["--next-update", "08:00"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("--next-update 08:00 would be 2024-05-11T08:00:00.000Z, more than 12 hours from now")
            && stderr.contains("write the date, e.g. --next-update \"2024-05-11 08:00\""),
        "{stderr}"
    );
    let (code, _, stderr) = run(&update_at("2024-05-10T08:45:00Z", id, "identified", &["--next-update", "25:00"]));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("a time of day (17:00)"), "{stderr}");
    // Tonight, across midnight.
    let window = ["--from", "23:00", "--until", "01:00", "--components", "api"];
    ok(run(&[&["--now", "2024-05-10T08:50:00Z", "maintenance", "Network work"][..], &window].concat()));
    let file =
        fs::read_to_string(temp.path().join("maintenance/2024-05-10-network-work.toml")).expect("maintenance file");
    assert!(file.contains("from = 2024-05-10T23:00:00.000Z\nuntil = 2024-05-11T01:00:00.000Z"), "{file}");
    // In New York, at 05:10 on the night clocks went back: today's 01:30, which came twice,
    // is gone by; the next is tomorrow's, refused for being more than 12 hours away.
    let status = fs::read_to_string(temp.path().join("status.toml")).expect("status.toml");
    fs::write(temp.path().join("status.toml"), status.replace("Etc/UTC", "America/New_York")).expect("write");
    ok(run(&["--now", "2024-11-03T10:00:00Z", "new", "Late errors", "--components", "api"]));
    let late = "2024-11-03-late-errors";
    let (code, _, stderr) = run(&update_at("2024-11-03T10:10:00Z", late, "identified", &["--next-update", "01:30"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("more than 12 hours from now") && !stderr.contains("twice"), "{stderr}");
}

#[test]
fn build_warns_of_an_update_dated_after_now_as_check_does() {
    let (temp, run) = init_site();
    ok(run(&api_errors_at_0830(&[])));
    let out = temp.path().join("public");
    let (code, _, stderr) = run(&["--now", "2024-05-10T08:00:00Z", "build", "--out", out.to_str().expect("utf-8")]);
    assert_eq!(code, 0, "published all the same: {stderr}");
    assert!(
        stderr.contains(
            "warning: incidents/2024-05-10-api-errors.toml: an update is dated May 10, 2024 08:30 (UTC), after now"
        ),
        "{stderr}"
    );
    let (_, _, stderr) = run(&["--now", "2024-05-10T08:31:00Z", "build", "--out", out.to_str().expect("utf-8")]);
    assert!(!stderr.contains("warning"), "{stderr}");
}

#[test]
fn an_update_dated_after_now_never_mutes_the_silence_alarm() {
    let (temp, run) = init_site();
    ok(run(&api_errors_at_0830(&[])));
    ok(run(&update_at("2024-05-10T08:40:00Z", "2024-05-10-api-errors", "identified", &[])));
    // The second update's month mistyped by hand: June for May.
    let file = temp.path().join("incidents/2024-05-10-api-errors.toml");
    let toml = fs::read_to_string(&file).expect("incident file");
    fs::write(&file, toml.replace("at = 2024-05-10T08:40:00", "at = 2024-06-10T08:40:00")).expect("write");
    let (code, _, stderr) = run(&["--now", "2024-05-10T10:00:00Z", "check", "--max-silence", "30m"]);
    assert_eq!(code, 3, "silent since 08:30, whatever the June update says: {stderr}");
    assert!(
        stderr.contains("no update for 1h30m (last: investigating at May 10, 2024 08:30 (UTC))")
            && stderr.contains("an update dated June 10, 2024 08:40 (UTC) is after now, a typo? correct its `at`"),
        "{stderr}"
    );
    // The next update is refused, pointing at the file rather than only at the clock.
    let (code, _, stderr) = run(&update_at("2024-05-10T10:00:00Z", "2024-05-10-api-errors", "identified", &[]));
    assert_eq!(code, 1);
    assert!(stderr.contains("if that date is a typo, correct its `at`; else check --now or the clock"), "{stderr}");
}

#[test]
fn an_incident_on_a_group_is_on_its_members_and_the_feed_agrees_with_itself() {
    let (temp, run) = init_site();
    // `init`'s Platform group holds api and web.
    ok(run(&[
        "--now",
        "2024-05-10T08:30:00Z",
        "new",
        "Platform down",
        "--components",
        "Platform",
        "--impact",
        "major",
    ]));
    let out = temp.path().join("public");
    ok(run(&["--now", "2024-05-10T08:35:00Z", "build", "--out", out.to_str().expect("utf-8")]));
    let summary: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("api/v2/summary.json")).expect("summary")).expect("json");
    let status_of = |list: &serde_json::Value| -> Vec<(String, String)> {
        let items = list.as_array().expect("a list").iter();
        items
            .map(|c| (c["id"].as_str().unwrap_or("").to_owned(), c["status"].as_str().unwrap_or("").to_owned()))
            .collect()
    };
    let pairs = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs.iter().map(|(id, status)| (id.to_string(), status.to_string())).collect()
    };
    assert_eq!(
        status_of(&summary["incidents"][0]["components"]),
        pairs(&[("api", "partial_outage"), ("web", "partial_outage")]),
        "the incident names the group's components, as Statuspage's do"
    );
    assert_eq!(
        status_of(&summary["components"]),
        pairs(&[
            ("group-platform", "partial_outage"),
            ("api", "partial_outage"),
            ("web", "partial_outage"),
            ("payments", "operational")
        ]),
        "not operational beside a major incident on them"
    );
}

#[test]
fn maintenance_under_way_past_its_window_is_said_to_have_overrun() {
    let (_temp, run) = init_site();
    let window = ["--from", "2024-05-10 22:00", "--until", "2024-05-10 23:00", "--components", "api"];
    ok(run(&[&["--now", "2024-05-10T08:00:00Z", "maintenance", "DB upgrade"][..], &window].concat()));
    let id = "2024-05-10-db-upgrade";
    ok(run(&update_at("2024-05-10T22:00:00Z", id, "in_progress", &[])));
    let stdout = ok(run(&["--now", "2024-05-10T23:30:00Z", "list"]));
    assert!(stdout.contains("in progress, 30m past its end"), "{stdout}");
    let (code, _, stderr) = run(&["--now", "2024-05-10T23:30:00Z", "check"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("its window ended at May 10, 2024 23:00 (UTC) and it is still `in_progress`; say it is done"),
        "{stderr}"
    );
}

/// A fresh site from `statusgen init` in a temporary folder, and a runner for commands in
/// it that returns (exit status, stdout, stderr).
fn init_site() -> (TempDir, impl Fn(&[&str]) -> (i32, String, String)) {
    let temp = TempDir::new().expect("temp dir");
    let dir = temp.path().to_str().expect("utf-8").to_owned();
    // Made before every time the tests use: its components' uptime history starts then.
    assert!(statusgen(&["-C", &dir, "--now", "2024-01-01T00:00:00Z", "init"]).status.success());
    let run = move |args: &[&str]| {
        let result = statusgen(&[&["-C", dir.as_str()], args].concat());
        (result.status.code().unwrap_or(-1), text(&result.stdout), text(&result.stderr))
    };
    (temp, run)
}

#[test]
fn check_warns_of_a_stage_without_a_template_before_an_update_needs_it() {
    let (temp, run) = init_site();
    let (code, _, said) = run(&["check"]);
    assert_eq!(code, 0, "{said}");
    assert!(!said.contains("no template"), "init writes every stage's: {said}");
    fs::remove_file(temp.path().join("templates/en/identified.txt")).expect("remove");
    let (code, _, said) = run(&["check"]);
    assert_eq!(code, 0, "a warning, not an error: {said}");
    assert!(
        said.contains(
            "warning: templates/en: no template for identified: an update to it will need --message or --template"
        ),
        "{said}"
    );
    // What it warns of: the update that needs it is refused.
    assert_eq!(run(&["--now", "2024-05-10T08:30:00Z", "new", "API errors", "--components", "api"]).0, 0);
    let (code, _, said) =
        run(&["--now", "2024-05-10T08:40:00Z", "update", "2024-05-10-api-errors", "--status", "identified"]);
    assert_eq!(code, 1, "{said}");
    assert!(said.contains("templates/en/identified.txt not found"), "{said}");
}

#[test]
fn run_from_the_wrong_folder_or_without_the_date_the_error_says_where_and_which() {
    let temp = TempDir::new().expect("temp dir");
    let parent = temp.path().to_str().expect("utf-8");
    let site = temp.path().join("status-site");
    assert!(statusgen(&["-C", parent, "--now", "2024-01-01T00:00:00Z", "init", "status-site"]).status.success());
    // `init status-site` and no `cd` after it.
    let listed = statusgen(&["-C", parent, "list"]);
    assert_eq!(listed.status.code(), Some(1));
    let said = text(&listed.stderr);
    assert!(said.contains("not found here; the site is in ") && said.contains("status-site"), "{said}");
    let nowhere = temp.path().join("no-such-folder");
    let said = text(&statusgen(&["-C", nowhere.to_str().expect("utf-8"), "check"]).stderr);
    assert!(said.contains("no-such-folder does not exist"), "{said}");
    // An id typed without its date.
    let dir = site.to_str().expect("utf-8");
    let new = ["--now", "2024-05-10T08:30:00Z", "new", "Login slow", "--components", "api"];
    assert!(statusgen(&[&["-C", dir][..], &new].concat()).status.success());
    let update = statusgen(&["-C", dir, "update", "login-slow", "--status", "identified", "--message", "Found it."]);
    assert_eq!(update.status.code(), Some(1));
    assert!(text(&update.stderr).contains("did you mean `2024-05-10-login-slow`?"), "{}", text(&update.stderr));
}

/// The arguments of `statusgen --now 08:30 new "API errors" --components api <extra…>`.
fn api_errors_at_0830<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    [&["--now", "2024-05-10T08:30:00Z", "new", "API errors", "--components", "api"][..], extra].concat()
}

/// The arguments of `statusgen --now <now> update <id> --status <status> <extra…>`.
fn update_at<'a>(now: &'a str, id: &'a str, status: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    [&["--now", now, "update", id, "--status", status][..], extra].concat()
}

/// Asserts success and returns stdout.
fn ok((code, stdout, stderr): (i32, String, String)) -> String {
    assert_eq!(code, 0, "{stderr}");
    stdout
}

#[test]
fn next_update_is_recorded_shown_on_the_page_and_in_atom_not_repeated_in_the_text() {
    let (temp, run) = init_site();
    let at = |now: &'static str, args: &[&'static str]| [&["--now", now][..], args].concat();
    ok(run(&at(
        "2024-05-10T08:30:00Z",
        &["new", "Payments failing", "--components", "payments", "--next-update", "30m"],
    )));
    let id = "2024-05-10-payments-failing";
    ok(run(&at(
        "2024-05-10T08:50:00Z",
        &["update", id, "--status", "identified", "--eta", "14:00 UTC", "--next-update", "2024-05-10T10:00"],
    )));
    let file = fs::read_to_string(temp.path().join(format!("incidents/{id}.toml"))).expect("file");
    insta::assert_snapshot!("next_update__incident_file", file);
    assert!(!file.contains("Next update"), "the widget and the page show it from next_update_at: {file}");

    let sitrep = ok(run(&at("2024-05-10T09:00:00Z", &["sitrep", id])));
    assert!(sitrep.contains("- **Next update due:** May 10, 2024 10:00 (UTC) (in 1h)\n"), "{sitrep}");
    let list = ok(run(&at("2024-05-10T09:00:00Z", &["list"])));
    assert!(list.contains("identified  major   30m  10:00 (in 1h)"), "{list}");

    ok(run(&at("2024-05-10T09:00:00Z", &["build"])));
    let summary = built_summary(&temp);
    let latest = status_feed::latest_update(&summary.incidents[0]).expect("updates");
    assert_eq!(latest.next_update_at, Timestamp::parse("2024-05-10T10:00:00Z").ok());
    let page = fs::read_to_string(temp.path().join(format!("public/incidents/{id}.html"))).expect("page");
    assert!(
        page.contains("Next update by <time datetime=\"2024-05-10T10:00:00.000Z\">10:00 (UTC)</time></p>"),
        "{page}"
    );

    let atom = fs::read_to_string(temp.path().join("public/history.atom")).expect("atom");
    assert!(atom.contains("14:00 UTC.&lt;br&gt;Next update by May 10, 2024 10:00 (UTC)&lt;/p&gt;"), "{atom}");

    // Past the promise, the page says so.
    ok(run(&at("2024-05-10T10:20:00Z", &["build"])));
    let index = fs::read_to_string(temp.path().join("public/index.html")).expect("index");
    assert!(index.contains("10:00 (UTC)</time> — overdue</p>"), "{index}");
}

#[test]
fn an_eta_is_placed_by_the_default_templates_and_never_dropped() {
    let (temp, run) = init_site();
    ok(run(&api_errors_at_0830(&[])));
    let id = "2024-05-10-api-errors";
    let now = ["--now", "2024-05-10T09:00:00Z"];
    ok(run(&[&now[..], &["update", id, "--status", "identified", "--eta", "14:00 UTC"]].concat()));
    let file = fs::read_to_string(temp.path().join(format!("incidents/{id}.toml"))).expect("file");
    assert!(file.contains("We expect it to be in place by 14:00 UTC."), "{file}");
    assert!(file.contains("Nous prévoyons de la déployer d’ici 14:00 UTC."), "{file}");
    let before = file;
    // The investigating template has no {eta}: the ETA would be lost, so nothing is written.
    let (code, _, stderr) = run(&[&now[..], &["update", id, "--status", "investigating", "--eta", "15:00"]].concat());
    assert_eq!(code, 1);
    insta::assert_snapshot!("error__eta_not_placed", stderr);
    let (code, _, stderr) =
        run(&[&now[..], &["update", id, "--status", "monitoring", "--message", "Fixed.", "--eta", "15:00"]].concat());
    assert_eq!(code, 1);
    insta::assert_snapshot!("error__eta_with_message", stderr);
    assert_eq!(fs::read_to_string(temp.path().join(format!("incidents/{id}.toml"))).expect("file"), before);
}

#[test]
fn check_finds_a_translation_that_needs_an_eta_where_the_page_s_template_does_not() {
    // Every update is written in every language: a French monitoring template with a bare
    // {eta} would refuse each English `update --status monitoring` without one, mid-outage.
    let (temp, run) = init_site();
    let french = temp.path().join("templates/fr/monitoring.txt");
    fs::write(&french, "Une correction a été déployée pour {components}. Rétablissement prévu vers {eta}.\n")
        .expect("write");
    let (code, _, stderr) = run(&["--now", "2024-05-10T08:31:00Z", "check"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(
            "templates/fr/monitoring.txt:1:76: `{eta}` needs --eta here but not in templates/en/monitoring.txt"
        ),
        "{stderr}"
    );
    // Needed in the page's language too, it is the site's choice: every update passes --eta.
    let english = temp.path().join("templates/en/monitoring.txt");
    fs::write(&english, "A fix has been deployed for {components}. Recovery expected by {eta}.\n").expect("write");
    let (code, _, stderr) = run(&["--now", "2024-05-10T08:31:00Z", "check"]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn a_postmortem_names_the_components_as_the_updates_do() {
    let (temp, run) = init_site();
    ok(run(&["--now", "2024-05-10T08:30:00Z", "new", "API errors", "--components", "api,web"]));
    let id = "2024-05-10-api-errors";
    ok(run(&["--now", "2024-05-10T09:00:00Z", "resolve", id]));
    ok(run(&["--now", "2024-05-10T10:00:00Z", "postmortem", id]));
    let draft = fs::read_to_string(temp.path().join(format!("postmortems/{id}.md"))).expect("draft");
    assert!(draft.contains("you could not rely on API and Website as"), "not \"API, Website\": {draft}");
}

#[test]
fn check_max_silence_exits_3_naming_each_quiet_incident() {
    let site = fixture("acme");
    let dir = site.to_str().expect("utf-8");
    // The payments incident was last updated at 09:15 New York time, 1h45m before NOW.
    let result = in_site(dir, &["check", "--max-silence", "30m"]);
    assert_eq!(result.status.code(), Some(3), "{}", text(&result.stderr));
    // The command to run names the site folder, as this one did (`-C`).
    insta::assert_snapshot!("check__max_silence", text(&result.stderr).replace(dir, "<site>"));
    let result = in_site(dir, &["check", "--max-silence", "2h"]);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
    let result = in_site(dir, &["check", "--max-silence", "soon"]);
    assert_eq!(result.status.code(), Some(2));
}

#[test]
fn check_max_silence_still_names_a_quiet_incident_when_another_file_is_broken() {
    let temp = TempDir::new().expect("temp dir");
    copy_tree(&fixture("acme"), temp.path());
    fs::copy(fixture("broken/unknown-impact.toml"), temp.path().join("incidents/2024-05-10-impact.toml"))
        .expect("copy");
    let dir = temp.path().to_str().expect("utf-8");
    let result = in_site(dir, &["check", "--max-silence", "30m"]);
    assert_eq!(result.status.code(), Some(3), "the alarm, not only the broken file: {}", text(&result.stderr));
    let stderr = text(&result.stderr);
    assert!(stderr.contains("incidents/2024-05-10-impact.toml:2:10: unknown impact"), "{stderr}");
    assert!(stderr.contains("silent: incidents/2024-05-10-payments-failing.toml: no update for 1h45m"), "{stderr}");
    // Nothing quiet: the broken file's exit status.
    assert_eq!(in_site(dir, &["check", "--max-silence", "2h"]).status.code(), Some(1));
    // Nor when status.toml itself is broken: its files are read against a stand-in.
    let settings = temp.path().join("status.toml");
    let before = fs::read_to_string(&settings).expect("status.toml");
    fs::write(&settings, format!("{before}\noops =\n")).expect("write");
    let result = in_site(dir, &["check", "--max-silence", "30m"]);
    assert_eq!(result.status.code(), Some(3), "{}", text(&result.stderr));
}

#[test]
fn a_new_site_claims_no_history_before_the_day_it_was_made() {
    let temp = TempDir::new().expect("temp dir");
    let dir = temp.path().to_str().expect("utf-8");
    assert!(statusgen(&["-C", dir, "--now", "2024-06-01T15:00:00Z", "init"]).status.success());
    let settings = fs::read_to_string(temp.path().join("status.toml")).expect("status.toml");
    assert_eq!(settings.matches("\nstart_date = 2024-06-01\n").count(), 3, "{settings}");
    let out = temp.path().join("public");
    let build =
        statusgen(&["-C", dir, "--now", "2024-06-03T12:00:00Z", "build", "--out", out.to_str().expect("utf-8")]);
    assert!(build.status.success(), "{}", text(&build.stderr));
    let summary: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("api/v2/summary.json")).expect("summary")).expect("json");
    assert_eq!(summary["page"]["updated_at"], "2024-06-01T00:00:00.000Z", "not 1970");
    for component in summary["components"].as_array().expect("components") {
        assert_eq!(component["created_at"], "2024-06-01T00:00:00.000Z", "{component}: groups too");
    }
    let atom = fs::read_to_string(out.join("history.atom")).expect("atom");
    assert!(atom.contains("<updated>2024-06-01T00:00:00.000Z</updated>"), "{atom}");
    let page = fs::read_to_string(out.join("index.html")).expect("page");
    assert!(
        page.contains("31 May: no data") && page.contains("1 Jun: no downtime"),
        "observed from the first day only"
    );

    // History imported afterwards: check says where its uptime begins.
    let new = ["--now", "2024-06-03T12:00:00Z", "new", "Old outage", "--components", "api"];
    assert!(statusgen(&[&["-C", dir][..], &new].concat()).status.success());
    let incident = fs::read_dir(temp.path().join("incidents"))
        .expect("incidents")
        .flatten()
        .find(|e| e.path().extension().is_some_and(|x| x == "toml"))
        .expect("file")
        .path();
    let source = fs::read_to_string(&incident)
        .expect("incident")
        .replace("at = 2024-06-03T12:00:00.000Z", "at = 2024-05-20T12:00:00.000Z");
    fs::write(&incident, source).expect("write");
    let check = statusgen(&["-C", dir, "--now", "2024-06-03T12:00:00Z", "check"]);
    assert!(check.status.success(), "a warning: {}", text(&check.stderr));
    assert!(
        text(&check.stderr)
            .contains("status.toml: api (API) begins its uptime history on 2024-06-01, after incidents/"),
        "{}",
        text(&check.stderr)
    );
}

#[test]
fn check_without_max_silence_warns_of_a_broken_promise() {
    let (temp, run) = init_site();
    ok(run(&["--now", "2024-05-10T08:00:00Z", "new", "Outage", "--components", "api", "--next-update", "30m"]));
    let (code, _, stderr) = run(&["--now", "2024-05-10T08:20:00Z", "check"]);
    assert_eq!((code, stderr.as_str()), (0, ""), "kept so far");
    let (code, stdout, stderr) = run(&["--now", "2024-05-10T08:40:00Z", "check"]);
    assert_eq!(code, 0, "the files are valid: {stderr}");
    assert!(stdout.starts_with("ok: 1 incident"), "{stdout}");
    assert_eq!(
        stderr.replace(temp.path().to_str().expect("utf-8"), "<site>"),
        "warning: incidents/2024-05-10-outage.toml: no update for 40m (last: investigating at May 10, 2024 08:00 (UTC)); the next update was promised by May 10, 2024 08:30 (UTC); post one: statusgen -C <site> update 2024-05-10-outage --status investigating --next-update 30m\n"
    );
}

#[test]
fn check_reports_every_problem_of_every_file_and_template_with_suggestions() {
    let temp = TempDir::new().expect("temp dir");
    copy_tree(&fixture("acme"), temp.path());
    fs::copy(fixture("broken/many-problems.toml"), temp.path().join("incidents/2024-05-10-many.toml")).expect("copy");
    fs::copy(fixture("broken/unknown-impact.toml"), temp.path().join("incidents/2024-05-10-impact.toml"))
        .expect("copy");
    fs::copy(fixture("broken/templates/broken.txt"), temp.path().join("templates/en/broken.txt")).expect("copy");
    fs::write(temp.path().join("templates/fr/monitoring.txt"), "Corrigé {#eta}d’ici {eta}.\n").expect("write");
    fs::write(temp.path().join("templates/en/resolved.txt"), "Over; the window was {from}.\n").expect("write");
    let result = statusgen(&["-C", temp.path().to_str().expect("utf-8"), "check"]);
    assert_eq!(result.status.code(), Some(1));
    insta::assert_snapshot!("error__every_problem", text(&result.stderr));
}

#[test]
fn list_shows_open_incidents_and_maintenance_with_ids() {
    let result = in_site(fixture("acme").to_str().expect("utf-8"), &["list"]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    insta::assert_snapshot!("list", text(&result.stdout));
    let (_temp, run) = init_site();
    insta::assert_snapshot!("list_empty", ok(run(&["--now", NOW, "list"])));
}

#[test]
fn sitrep_is_a_short_markdown_report() {
    let dir = fixture("acme");
    let dir = dir.to_str().expect("utf-8");
    let result = in_site(dir, &["sitrep", "2024-05-10-payments-failing"]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    insta::assert_snapshot!("sitrep", text(&result.stdout));
    let result = in_site(dir, &["sitrep", "2024-05-10-payments-fialing"]);
    assert_eq!(result.status.code(), Some(1));
    insta::assert_snapshot!("error__sitrep_unknown_id", text(&result.stderr));
}

/// A real webhook receiver on 127.0.0.1: records every request (path, JSON body) and
/// answers each with the next scripted status (200 once the script is used up).
struct Hook {
    base: String,
    received: std::sync::Arc<std::sync::Mutex<Vec<(String, serde_json::Value)>>>,
    script: std::sync::Arc<std::sync::Mutex<std::collections::VecDeque<u16>>>,
}

impl Hook {
    fn start(script: &[u16]) -> Self {
        use std::io::{BufRead as _, Read as _, Write as _};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        let received = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let script = std::sync::Arc::new(std::sync::Mutex::new(
            script.iter().copied().collect::<std::collections::VecDeque<u16>>(),
        ));
        let (log, plan) = (received.clone(), script.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut reader = std::io::BufReader::new(stream.try_clone().expect("clone"));
                let mut request_line = String::new();
                if reader.read_line(&mut request_line).is_err() {
                    continue;
                }
                let path = request_line.split_whitespace().nth(1).unwrap_or("").to_owned();
                let mut length = 0;
                loop {
                    let mut header = String::new();
                    if reader.read_line(&mut header).is_err() || header.trim().is_empty() {
                        break;
                    }
                    if let Some((name, value)) = header.split_once(':') {
                        if name.eq_ignore_ascii_case("content-length") {
                            length = value.trim().parse().unwrap_or(0);
                        }
                    }
                }
                let mut body = vec![0; length];
                let _ = reader.read_exact(&mut body);
                let json = serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null);
                log.lock().expect("lock").push((path, json));
                let status = plan.lock().expect("lock").pop_front().unwrap_or(200);
                // As Slack answers: `ok`, or what was wrong.
                let said = match status {
                    200..=299 => "ok",
                    400 => "invalid_blocks",
                    _ => "",
                };
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} Scripted\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{said}",
                    said.len()
                );
            }
        });
        Self { base, received, script }
    }

    fn take(&self) -> Vec<(String, serde_json::Value)> {
        std::mem::take(&mut *self.received.lock().expect("lock"))
    }
}

/// A fresh site whose status.toml posts to `hook` as Slack (`/slack`) and JSON (`/json`).
fn site_with_hooks(hook: &Hook) -> (TempDir, impl Fn(&[&str]) -> (i32, String, String)) {
    let (temp, run) = init_site();
    let mut status = fs::read_to_string(temp.path().join("status.toml")).expect("status.toml");
    status.push_str(&format!(
        "\n[[notify]]\nurl = \"{0}/slack\"\nformat = \"slack\"\n\n[[notify]]\nname = \"ops-feed\"\nurl = \"{0}/json\"\nformat = \"json\"\n",
        hook.base
    ));
    fs::write(temp.path().join("status.toml"), status).expect("write");
    (temp, run)
}

#[test]
fn notify_end_to_end_posts_each_update_once_to_every_target() {
    let hook = Hook::start(&[]);
    let (temp, run) = site_with_hooks(&hook);
    let at = |now: &'static str, args: &[&'static str]| [&["--now", now][..], args].concat();
    ok(run(&at(
        "2024-05-10T08:30:00Z",
        &["new", "Payments failing", "--components", "payments", "--impact", "critical"],
    )));
    let id = "2024-05-10-payments-failing";
    ok(run(&at("2024-05-10T08:45:00Z", &["update", id, "--status", "identified", "--next-update", "30m"])));

    let started = std::time::Instant::now();
    let stdout = ok(run(&at("2024-05-10T08:46:00Z", &["notify", "--timeout", "5"])));
    eprintln!("notify: 4 posts to the loopback hook in {} ms (whole process)\n{stdout}", started.elapsed().as_millis());
    assert!(
        stdout.contains("slack: sent 2024-05-10-payments-failing-1")
            && stdout.contains("ops-feed: sent 2024-05-10-payments-failing-2"),
        "{stdout}"
    );
    let first = hook.take();
    let paths: Vec<&str> = first.iter().map(|(path, _)| path.as_str()).collect();
    assert_eq!(paths, ["/slack", "/slack", "/json", "/json"], "oldest first, per target");
    insta::assert_snapshot!("notify__slack_identified", serde_json::to_string_pretty(&first[1].1).expect("json"));
    insta::assert_snapshot!("notify__json_identified", serde_json::to_string_pretty(&first[3].1).expect("json"));
    assert_eq!(first[3].1["update"]["next_update_at"], "2024-05-10T09:15:00.000Z");

    // Nothing new: nothing posted, however often it runs.
    let stdout = ok(run(&at("2024-05-10T08:50:00Z", &["notify"])));
    assert_eq!(stdout, "slack: nothing new\nops-feed: nothing new\n");
    assert!(hook.take().is_empty(), "never posted twice");

    ok(run(&at("2024-05-10T09:30:00Z", &["resolve", id])));
    ok(run(&at("2024-05-10T09:31:00Z", &["notify"])));
    let second = hook.take();
    assert_eq!(second.len(), 2, "only the resolution, to both targets");
    assert_eq!(second[1].1["update"]["status"], "resolved");
    let slack = second[0].1["text"].as_str().unwrap_or_default();
    assert!(slack.starts_with("[Resolved] Payments failing (critical): This incident has been resolved"), "{slack}");
    insta::assert_snapshot!(
        "notify__state_file",
        fs::read_to_string(temp.path().join("notify-sent.txt")).expect("state")
    );
}

#[test]
fn a_json_post_gives_the_incident_s_status_as_it_was_when_that_update_was_posted() {
    let hook = Hook::start(&[]);
    let (_temp, run) = site_with_hooks(&hook);
    ok(run(&api_errors_at_0830(&[])));
    let id = "2024-05-10-api-errors";
    ok(run(&update_at("2024-05-10T08:40:00Z", id, "identified", &[])));
    ok(run(&["--now", "2024-05-10T08:50:00Z", "resolve", id]));
    // One run after the incident is over posts all three.
    ok(run(&["--now", "2024-05-10T08:51:00Z", "notify"]));
    let statuses: Vec<(String, String)> = hook
        .take()
        .into_iter()
        .filter(|(path, _)| path == "/json")
        .map(|(_, post)| (post["incident"]["status"].to_string(), post["update"]["status"].to_string()))
        .collect();
    let expected = [("investigating", "investigating"), ("identified", "identified"), ("resolved", "resolved")]
        .map(|(incident, update)| (format!("\"{incident}\""), format!("\"{update}\"")));
    assert_eq!(statuses, expected, "not `resolved` for every one");
}

#[test]
fn a_post_never_promises_a_time_already_past_nor_what_a_later_update_superseded() {
    let hook = Hook::start(&[]);
    let (_temp, run) = site_with_hooks(&hook);
    let id = "2024-05-10-api-errors";
    let promises = |posts: Vec<(String, serde_json::Value)>| -> Vec<bool> {
        let slack = posts.iter().filter(|(path, _)| path == "/slack");
        slack.map(|(_, post)| post["blocks"][0]["text"]["text"].to_string().contains("Next update by")).collect()
    };
    // Promised for 09:00, posted at 09:10 (notify did not run in time).
    ok(run(&api_errors_at_0830(&["--next-update", "30m"])));
    ok(run(&["--now", "2024-05-10T09:10:00Z", "notify"]));
    let posts = hook.take();
    assert_eq!(posts[1].1["update"]["next_update_at"], "2024-05-10T09:00:00.000Z", "the record keeps it");
    assert_eq!(promises(posts), [false]);
    // Two updates in one run: the first one's promise was superseded by the second.
    ok(run(&update_at("2024-05-10T09:12:00Z", id, "identified", &["--next-update", "30m"])));
    ok(run(&update_at("2024-05-10T09:14:00Z", id, "identified", &["--message", "Rolling back."])));
    ok(run(&["--now", "2024-05-10T09:15:00Z", "notify"]));
    assert_eq!(promises(hook.take()), [false, false]);
    // A promise that stands is said.
    ok(run(&update_at("2024-05-10T09:20:00Z", id, "identified", &["--next-update", "30m"])));
    ok(run(&["--now", "2024-05-10T09:21:00Z", "notify"]));
    let posts = hook.take();
    let section = posts[0].1["blocks"][0]["text"]["text"].as_str().unwrap_or_default();
    assert!(section.contains("Next update by May 10, 2024 09:50 (UTC)"), "{section}");
}

#[test]
fn an_unrelated_broken_file_never_silences_notify_or_list_mid_incident() {
    let hook = Hook::start(&[]);
    let (temp, run) = site_with_hooks(&hook);
    let window = ["--from", "2024-05-02 10:00", "--until", "2024-05-02 11:00", "--components", "api"];
    ok(run(&[&["--now", "2024-05-01T10:00:00Z", "maintenance", "Old work"][..], &window].concat()));
    let old = temp.path().join("maintenance/2024-05-02-old-work.toml");
    let text = fs::read_to_string(&old).expect("maintenance file");
    fs::write(&old, text.replace("status = \"scheduled\"", "status = \"complete\"")).expect("write");
    // The update is written, and the operator hears of the broken file at once.
    let (code, _, stderr) = run(&api_errors_at_0830(&[]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("warning: maintenance/2024-05-02-old-work.toml:8:10: unknown status `complete`")
            && stderr.contains("until that is fixed, `build` and `check` fail"),
        "{stderr}"
    );
    let (code, stdout, stderr) = run(&["--now", "2024-05-10T08:31:00Z", "notify"]);
    assert_eq!(code, 1, "a script still hears of the broken file: {stderr}");
    assert!(stdout.contains("slack: sent 2024-05-10-api-errors-1"), "{stdout}");
    assert!(stderr.contains("maintenance/2024-05-02-old-work.toml:8:10: unknown status `complete`"), "{stderr}");
    assert_eq!(hook.take().len(), 2, "the incident's update, to both targets");
    let (code, stdout, _) = run(&["--now", "2024-05-10T08:32:00Z", "list"]);
    assert_eq!(code, 1);
    assert!(stdout.contains("2024-05-10-api-errors  investigating"), "{stdout}");
    // Resolved, the readable files hold no open incident; the broken one might: no all-clear.
    ok(run(&["--now", "2024-05-10T08:40:00Z", "resolve", "2024-05-10-api-errors", "--message", "Fixed."]));
    let (code, stdout, stderr) = run(&["--now", "2024-05-10T08:41:00Z", "list"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stdout.starts_with(
            "No open incidents in the files that can be read; 1 file cannot be read, and may hold one (below).\n"
        ),
        "{stdout}"
    );
}

#[test]
fn one_notify_run_at_a_time_posts_from_a_site_folder() {
    let hook = Hook::start(&[]);
    let (temp, run) = site_with_hooks(&hook);
    ok(run(&api_errors_at_0830(&[])));
    // Another run is posting (cron, while a person types `notify` too).
    let lock = temp.path().join("notify-sent.txt.lock");
    fs::write(&lock, "").expect("lock");
    let (code, _, stderr) = run(&["--now", "2024-05-10T08:31:00Z", "notify"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("another `statusgen notify` is posting from this folder"), "{stderr}");
    assert!(hook.take().is_empty(), "nothing posted twice");
    // A lock left by a run that died long ago is taken over; a finished run leaves none.
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3_600);
    fs::File::options().write(true).open(&lock).and_then(|file| file.set_modified(old)).expect("aged");
    ok(run(&["--now", "2024-05-10T08:32:00Z", "notify"]));
    assert_eq!(hook.take().len(), 2);
    assert!(!lock.exists(), "removed when the run ends");
    let ignored = fs::read_to_string(temp.path().join(".gitignore")).expect(".gitignore");
    assert!(ignored.contains("/notify-sent.txt.lock"), "{ignored}");
}

#[test]
fn a_receiver_that_never_answers_is_named_as_such_and_the_timeout_is_at_least_a_second() {
    // Accepts, reads nothing, answers nothing.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let url = format!("http://{}/hook", listener.local_addr().expect("address"));
    let held = std::thread::spawn(move || listener.incoming().take(2).flatten().collect::<Vec<_>>());
    let (temp, run) = init_site();
    let mut status = fs::read_to_string(temp.path().join("status.toml")).expect("status.toml");
    status.push_str(&format!("\n[[notify]]\nurl = \"{url}\"\nformat = \"json\"\n"));
    fs::write(temp.path().join("status.toml"), status).expect("write");
    ok(run(&api_errors_at_0830(&[])));
    let (code, _, stderr) = run(&["--now", "2024-05-10T08:31:00Z", "notify", "--timeout", "1"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("no answer within --timeout") && !stderr.contains("global"), "{stderr}");
    drop(held);
    let (code, _, stderr) = run(&["notify", "--timeout", "0"]);
    assert_eq!(code, 2, "{stderr}");
}

#[test]
fn notify_never_posts_an_old_update_it_left_out_after_the_later_ones() {
    // A maintenance announced days ago and over by the first run: its recent updates are
    // posted, the old announcement is history, on this run and every later one.
    let hook = Hook::start(&[]);
    let (_temp, run) = site_with_hooks(&hook);
    let window = ["--from", "2024-05-05 22:00", "--until", "2024-05-05 23:00", "--components", "api"];
    ok(run(&[&["--now", "2024-05-02T10:00:00Z", "maintenance", "DB upgrade"][..], &window].concat()));
    let id = "2024-05-05-db-upgrade";
    ok(run(&update_at("2024-05-05T22:00:00Z", id, "in_progress", &[])));
    ok(run(&["--now", "2024-05-05T22:50:00Z", "resolve", id]));
    let first = ok(run(&["--now", "2024-05-05T23:00:00Z", "notify"]));
    assert!(
        first.contains(&format!("slack: sent {id}-2")) && first.contains(&format!("slack: sent {id}-3")),
        "{first}"
    );
    assert!(!first.contains(&format!("{id}-1 ")), "the three-day-old announcement is history: {first}");
    hook.take();
    let second = ok(run(&["--now", "2024-05-05T23:05:00Z", "notify"]));
    assert_eq!(second, "slack: nothing new\nops-feed: nothing new\n", "nothing posted after `completed`");
    assert!(hook.take().is_empty());
}

#[test]
fn a_mistyped_notify_target_fails_check_and_notify_but_never_keeps_the_page_from_being_built() {
    let hook = Hook::start(&[]);
    let (temp, run) = init_site();
    let status = fs::read_to_string(temp.path().join("status.toml")).expect("status.toml");
    let line = status.lines().count() + 4;
    let typo = format!("\n[[notify]]\nurl = \"{}/slack\"\nformat = \"slak\"\n", hook.base);
    fs::write(temp.path().join("status.toml"), status + &typo).expect("write");
    ok(run(&api_errors_at_0830(&[])));
    let problem = format!("status.toml:{line}:10: unknown notify format `slak`; did you mean `slack`?");
    let (code, _, stderr) = run(&["--now", "2024-05-10T08:31:00Z", "check"]);
    assert_eq!(code, 1, "check fails: {stderr}");
    assert!(stderr.contains(&problem), "{stderr}");
    let (code, _, stderr) = run(&["--now", "2024-05-10T08:31:00Z", "notify"]);
    assert_eq!(code, 1, "notify fails: {stderr}");
    assert!(stderr.contains(&problem), "{stderr}");
    assert!(hook.take().is_empty(), "nothing posted");
    // Mid-outage, the page is what matters: built, with the problem as a warning.
    let out = temp.path().join("public");
    let (code, stdout, stderr) =
        run(&["--now", "2024-05-10T08:31:00Z", "build", "--out", out.to_str().expect("utf-8")]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("status major"), "{stdout}");
    assert!(stderr.contains(&format!("warning: {problem}")), "{stderr}");
    let summary = fs::read_to_string(out.join("api/v2/summary.json")).expect("summary");
    assert!(summary.contains("API errors"), "the incident is published");
}

#[test]
fn update_impact_escalates_an_incident_from_that_update_on_and_earlier_posts_keep_theirs() {
    let hook = Hook::start(&[]);
    let (temp, run) = site_with_hooks(&hook);
    ok(run(&api_errors_at_0830(&["--impact", "major"])));
    let id = "2024-05-10-api-errors";
    ok(run(&update_at("2024-05-10T08:40:00Z", id, "identified", &[])));
    ok(run(&update_at(
        "2024-05-10T08:50:00Z",
        id,
        "identified",
        &["--impact", "critical", "--set", "api=major_outage"],
    )));
    let file = fs::read_to_string(temp.path().join(format!("incidents/{id}.toml"))).expect("incident file");
    assert!(file.starts_with("title = \"API errors\"\nimpact = \"major\"\n"), "the file's own impact stays: {file}");
    assert_eq!(file.matches("impact = \"critical\"").count(), 1, "recorded in the update: {file}");
    // The same impact again is no change: nothing more is written.
    ok(run(&update_at("2024-05-10T08:55:00Z", id, "identified", &["--impact", "critical"])));
    let again = fs::read_to_string(temp.path().join(format!("incidents/{id}.toml"))).expect("incident file");
    assert_eq!(again.matches("impact = ").count(), 2, "{again}");

    let out = temp.path().join("public");
    let stdout = ok(run(&["--now", "2024-05-10T08:56:00Z", "build", "--out", out.to_str().expect("utf-8")]));
    assert!(stdout.contains("status critical"), "{stdout}");
    let summary: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("api/v2/summary.json")).expect("summary")).expect("json");
    assert_eq!(summary["incidents"][0]["impact"], "critical");
    let list = ok(run(&["--now", "2024-05-10T08:56:00Z", "list"]));
    assert!(list.contains("critical"), "{list}");

    ok(run(&["--now", "2024-05-10T08:56:00Z", "notify"]));
    let posted = hook.take();
    let slack: Vec<&str> = posted
        .iter()
        .filter(|(path, _)| path == "/slack")
        .map(|(_, post)| post["text"].as_str().unwrap_or(""))
        .collect();
    let headlines: Vec<bool> = slack.iter().map(|text| text.contains("API errors (critical)")).collect();
    assert_eq!(headlines, [false, false, true, true], "{slack:?}");
    let impacts: Vec<String> = posted
        .iter()
        .filter(|(path, _)| path == "/json")
        .map(|(_, post)| post["incident"]["impact"].to_string())
        .collect();
    assert_eq!(impacts, ["\"major\"", "\"major\"", "\"critical\"", "\"critical\""]);

    // A maintenance has no impact to change; a mistyped one is placed and named.
    let window = ["--from", "2024-05-12 22:00", "--until", "2024-05-12 23:00", "--components", "api"];
    ok(run(&[&["--now", "2024-05-10T09:00:00Z", "maintenance", "DB upgrade"][..], &window].concat()));
    let (code, _, stderr) =
        run(&update_at("2024-05-10T09:01:00Z", "2024-05-12-db-upgrade", "scheduled", &["--impact", "minor"]));
    assert_eq!(code, 1);
    assert!(stderr.contains("is a maintenance, whose impact is always `maintenance`: leave --impact out"), "{stderr}");
    fs::write(
        temp.path().join(format!("incidents/{id}.toml")),
        again.replace("impact = \"critical\"", "impact = \"critcal\""),
    )
    .expect("write");
    let (code, _, stderr) = run(&["--now", "2024-05-10T09:02:00Z", "check"]);
    assert_eq!(code, 1);
    let line = again.lines().position(|line| line == "impact = \"critical\"").expect("the line") + 1;
    assert!(
        stderr.contains(&format!("incidents/{id}.toml:{line}:10: unknown impact `critcal`; did you mean `critical`?")),
        "{stderr}"
    );
}

#[test]
fn notify_retries_once_and_posts_what_failed_on_the_next_run() {
    // The Slack hook fails twice (first attempt and its retry), then works.
    let hook = Hook::start(&[500, 503]);
    let (_temp, run) = site_with_hooks(&hook);
    ok(run(&api_errors_at_0830(&[])));
    let (code, stdout, stderr) = run(&["--now", "2024-05-10T08:31:00Z", "notify"]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(
        stderr.contains(
            "slack: 2024-05-10-api-errors-1 not sent (HTTP 503, also after a retry); it will be posted by the next run"
        ),
        "{stderr}"
    );
    assert!(stdout.contains("ops-feed: sent 2024-05-10-api-errors-1"), "other targets still get it: {stdout}");
    let attempts: Vec<String> = hook.take().into_iter().map(|(path, _)| path).collect();
    assert_eq!(attempts, ["/slack", "/slack", "/json"]);
    assert!(hook.script.lock().expect("lock").is_empty());

    let stdout = ok(run(&["--now", "2024-05-10T08:40:00Z", "notify"]));
    assert!(stdout.contains("slack: sent 2024-05-10-api-errors-1"), "{stdout}");
    assert!(stdout.contains("ops-feed: nothing new"), "{stdout}");
    let retried: Vec<String> = hook.take().into_iter().map(|(path, _)| path).collect();
    assert_eq!(retried, ["/slack"]);
}

#[test]
fn notify_posts_a_correction_that_took_a_deleted_update_s_id() {
    let hook = Hook::start(&[]);
    let (temp, run) = site_with_hooks(&hook);
    let id = "2024-05-10-api-errors";
    ok(run(&api_errors_at_0830(&[])));
    ok(run(&update_at("2024-05-10T08:40:00Z", id, "identified", &["--message", "Payments are down."])));
    ok(run(&["--now", "2024-05-10T08:41:00Z", "notify"]));
    assert_eq!(hook.take().len(), 4);

    // Posted to the wrong incident: deleted by hand, and the right words posted. Update
    // ids are positions in the file, so the correction takes the deleted update's id.
    let file = temp.path().join(format!("incidents/{id}.toml"));
    let text = fs::read_to_string(&file).expect("incident");
    fs::write(&file, &text[..text.rfind("[[updates]]").expect("an update")]).expect("write");
    let correction = "The API is slow; payments are fine.";
    ok(run(&["--now", "2024-05-10T08:45:00Z", "update", id, "--status", "identified", "--message", correction]));
    let stdout = ok(run(&["--now", "2024-05-10T08:46:00Z", "notify"]));
    assert!(
        stdout.contains(&format!("slack: sent {id}-2")) && stdout.contains("a post with this id said something else"),
        "{stdout}"
    );
    let posted = hook.take();
    assert_eq!(posted.len(), 2, "the correction, to both targets");
    assert_eq!(posted[1].1["update"]["body"], correction);
    let slack = posted[0].1["text"].as_str().unwrap_or_default();
    assert!(slack.starts_with("[Identified, edited] API errors (major): The API is slow"), "{slack}");
    assert_eq!(posted[1].1["edited"], true);
    assert_eq!(ok(run(&["--now", "2024-05-10T08:47:00Z", "notify"])), "slack: nothing new\nops-feed: nothing new\n");

    // An update added by hand before the correction moves it to the next id: only the
    // added one is posted, as an update is known by what it says, not by its id.
    let text = fs::read_to_string(&file).expect("incident");
    let at = text.rfind("[[updates]]").expect("the correction");
    let added =
        "[[updates]]\nat = 2024-05-10T08:35:00Z\nstatus = \"investigating\"\nbody = \"Errors since 08:25.\"\n\n";
    fs::write(&file, format!("{}{added}{}", &text[..at], &text[at..])).expect("write");
    let stdout = ok(run(&["--now", "2024-05-10T08:49:00Z", "notify"]));
    assert!(stdout.contains(&format!("slack: sent {id}-2")) && !stdout.contains(&format!("{id}-3")), "{stdout}");
    let posted = hook.take();
    assert_eq!(posted.len(), 2, "the added update, to both targets");
    assert_eq!(posted[1].1["update"]["body"], "Errors since 08:25.");
    let slack = posted[0].1["text"].as_str().unwrap_or_default();
    assert!(slack.starts_with("[Investigating, edited] API errors"), "added by hand, after later ones: {slack}");

    // Months later, a typo fixed in an update of the resolved incident is not news.
    ok(run(&["--now", "2024-05-10T09:00:00Z", "resolve", id]));
    ok(run(&["--now", "2024-05-10T09:01:00Z", "notify"]));
    assert_eq!(hook.take().len(), 2, "the resolution");
    let text = fs::read_to_string(&file).expect("incident");
    fs::write(&file, text.replace("Errors since 08:25.", "Errors since 08:20.")).expect("write");
    assert_eq!(ok(run(&["--now", "2024-08-01T09:00:00Z", "notify"])), "slack: nothing new\nops-feed: nothing new\n");
    let state = fs::read_to_string(temp.path().join("notify-sent.txt")).expect("state");
    assert!(state.contains(&format!("\nslack {id}-2\n")), "a statusgen from before digests reads its ids: {state}");

    // A record written before digests were kept (ids only) still counts by id.
    let legacy = ["slack", "ops-feed"]
        .map(|target| format!("{target} {id}-1\n{target} {id}-2\n{target} {id}-3\n{target} {id}-4\n"))
        .concat();
    fs::write(temp.path().join("notify-sent.txt"), legacy).expect("write");
    assert_eq!(ok(run(&["--now", "2024-05-10T09:50:00Z", "notify"])), "slack: nothing new\nops-feed: nothing new\n");
    assert!(hook.take().is_empty());
}

#[test]
fn slack_notifications_never_ping_people_named_in_an_update() {
    let hook = Hook::start(&[]);
    let (_temp, run) = site_with_hooks(&hook);
    ok(run(&api_errors_at_0830(&["--message", "Ask <@U123> & co."])));
    ok(run(&["--now", "2024-05-10T08:31:00Z", "notify"]));
    let posted = hook.take();
    let slack = &posted.iter().find(|(path, _)| path == "/slack").expect("posted to Slack").1;
    // The notification's text and the message's alike: a mention is shown, not made.
    assert_eq!(slack["text"], "[Investigating] API errors (major): Ask &lt;@U123&gt; &amp; co.");
    let blocks = slack["blocks"][0]["text"]["text"].as_str().unwrap_or_default();
    assert!(blocks.contains("Ask &lt;@U123&gt; &amp; co.") && !blocks.contains("<@"), "{blocks}");
}

#[test]
fn a_webhook_url_from_an_unset_variable_is_named_by_the_dry_run_and_the_real_run() {
    let (temp, run) = init_site();
    let mut status = fs::read_to_string(temp.path().join("status.toml")).expect("status.toml");
    status.push_str("\n[[notify]]\nurl = \"env:STATUSGEN_TEST_NEVER_SET\"\nformat = \"slack\"\n");
    fs::write(temp.path().join("status.toml"), status).expect("write");
    ok(run(&api_errors_at_0830(&[])));
    let unset = "[[notify]] `slack` takes its URL from $STATUSGEN_TEST_NEVER_SET, which is not set; export it (in CI, from a secret) or write the URL in status.toml";
    let (code, dry, stderr) = run(&["--now", "2024-05-10T08:31:00Z", "notify", "--dry-run"]);
    assert_eq!(code, 1, "a preflight fails as the real run would");
    assert!(dry.starts_with("slack (slack) would get "), "the payloads alone on stdout: {dry}");
    assert!(stderr.contains(&format!("{unset}; a real run would fail")), "{stderr}");
    let (code, _, stderr) = run(&["--now", "2024-05-10T08:31:00Z", "notify"]);
    assert_eq!(code, 1);
    assert!(stderr.contains(unset), "{stderr}");
}

#[test]
fn notify_dry_run_prints_payloads_and_posts_nothing() {
    let hook = Hook::start(&[]);
    let (temp, run) = site_with_hooks(&hook);
    let mut status = fs::read_to_string(temp.path().join("status.toml")).expect("status.toml");
    status.push_str(&format!(
        "\n[[notify]]\nurl = \"{0}/discord\"\nformat = \"discord\"\n\n[[notify]]\nurl = \"{0}/teams\"\nformat = \"teams\"\n",
        hook.base
    ));
    fs::write(temp.path().join("status.toml"), status).expect("write");
    ok(run(&api_errors_at_0830(&["--impact", "minor"])));
    let stdout = ok(run(&["--now", "2024-05-10T08:31:00Z", "notify", "--dry-run"]));
    insta::assert_snapshot!("notify__dry_run", stdout);
    assert!(hook.take().is_empty());
    assert!(!temp.path().join("notify-sent.txt").exists());
}

#[test]
fn a_bom_is_ignored_in_input_and_kept_in_the_file() {
    let (temp, run) = init_site();
    let file = temp.path().join("incidents/2024-05-10-outage.toml");
    let text = "\u{feff}title = \"Outage\"\nimpact = \"minor\"\ncomponents = [\"api\"]\n\n[[updates]]\nat = 2024-05-10T08:00:00Z\nstatus = \"investigating\"\nbody = \"Looking.\"\n";
    fs::write(&file, text).expect("write");
    fs::write(temp.path().join("templates/en/identified.txt"), "\u{feff}Found it: {components}.\n").expect("write");
    ok(run(&["--now", "2024-05-10T09:00:00Z", "update", "2024-05-10-outage", "--status", "identified"]));
    let after = fs::read_to_string(&file).expect("file");
    assert!(after.starts_with(text), "the operator's bytes, BOM included, are kept");
    assert!(after.contains("body = \"Found it: API.\""), "no U+FEFF in the message: {after:?}");
    ok(run(&["--now", "2024-05-10T09:00:00Z", "build"]));
    let summary = fs::read_to_string(temp.path().join("public/api/v2/summary.json")).expect("summary");
    assert!(summary.contains("\"Outage\"") && !summary.contains('\u{feff}'), "{summary}");
}

#[test]
fn an_update_keeps_the_files_crlf_line_endings() {
    let (temp, run) = init_site();
    let file = temp.path().join("incidents/2024-05-10-outage.toml");
    let text = "title = \"Outage\"\r\nimpact = \"minor\"\r\ncomponents = [\"api\"]\r\n\r\n[[updates]]\r\nat = 2024-05-10T08:00:00Z\r\nstatus = \"investigating\"\r\nbody = \"Looking.\"\r\n";
    fs::write(&file, text).expect("write");
    ok(run(&[
        "--now",
        "2024-05-10T09:00:00Z",
        "update",
        "2024-05-10-outage",
        "--status",
        "monitoring",
        "--message",
        "Fixed.",
    ]));
    let after = fs::read_to_string(&file).expect("file");
    assert!(after.starts_with(text));
    assert!(after.len() > text.len());
    assert_eq!(after.matches('\n').count(), after.matches("\r\n").count(), "no bare LF: {after:?}");
}

#[test]
fn invalid_utf8_is_reported_at_its_line_and_column() {
    let (temp, run) = init_site();
    fs::write(
        temp.path().join("incidents/2024-05-10-cafe.toml"),
        b"title = \"Caf\xe9 down\"\nimpact = \"minor\"\ncomponents = [\"api\"]\n".as_slice(),
    )
    .expect("write");
    let (code, _, stderr) = run(&["check"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("error__invalid_utf8", stderr);
}

#[test]
fn arguments_are_checked_before_any_file_is_named() {
    let (temp, run) = init_site();
    let (code, _, stderr) = run(&[
        "--now",
        "2024-05-10T08:00:00Z",
        "maintenance",
        "Database upgrade",
        "--from",
        "2024-06-02 00:00",
        "--until",
        "2024-06-01 22:00",
        "--components",
        "api",
    ]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("error__until_before_from", stderr);
    let (code, _, stderr) = run(&["--now", "2024-05-10T08:00:00Z", "new", "  ", "--components", "api"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("error__empty_title", stderr);
    let (code, _, stderr) = run(&["--now", "2024-05-10T08:00:00Z", "new", "Down", "--components", "paymnts"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("error__new_unknown_component", stderr);
    let (code, _, stderr) = run(&["new", "Down", "--components", "api", "--set", "api=broken"]);
    assert_eq!(code, 2, "a bad --set value is a usage error: {stderr}");
    for dir in ["incidents", "maintenance"] {
        let files: Vec<_> = fs::read_dir(temp.path().join(dir)).expect("list").filter_map(Result::ok).collect();
        assert_eq!(files.len(), 1, "only .gitkeep in {dir}");
    }
}

#[test]
fn times_without_an_offset_are_in_the_page_zone_everywhere() {
    let temp = TempDir::new().expect("temp dir");
    copy_tree(&fixture("acme"), temp.path());
    let dir = temp.path().to_str().expect("utf-8");
    // New York: UTC−04:00 in June.
    let result = statusgen(&[
        "-C",
        dir,
        "--now",
        "2024-05-28 10:00",
        "maintenance",
        "Network upgrade",
        "--from",
        "2024-06-01 22:00",
        "--until",
        "2024-06-02T00:00",
        "--components",
        "web",
        "--message",
        "Short interruptions.",
    ]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    let file = fs::read_to_string(temp.path().join("maintenance/2024-06-01-network-upgrade.toml")).expect("file");
    assert!(file.contains("from = 2024-06-01T22:00:00.000-04:00\nuntil = 2024-06-02T00:00:00.000-04:00"), "{file}");
    assert!(file.contains("at = 2024-05-28T10:00:00.000-04:00"), "{file}");
}

#[test]
fn resolving_a_resolved_incident_is_refused() {
    let (temp, run) = init_site();
    ok(run(&["--now", "2024-05-10T08:00:00Z", "new", "Outage", "--components", "api"]));
    ok(run(&["--now", "2024-05-10T09:00:00Z", "resolve", "2024-05-10-outage"]));
    let before = fs::read_to_string(temp.path().join("incidents/2024-05-10-outage.toml")).expect("file");
    let (code, _, stderr) = run(&["--now", "2024-05-10T09:05:00Z", "resolve", "2024-05-10-outage"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("error__resolve_twice", stderr);
    assert_eq!(fs::read_to_string(temp.path().join("incidents/2024-05-10-outage.toml")).expect("file"), before);

    // An update to it would reopen it: refused, as a wrong id (yesterday's incident of
    // the same name) would reopen an old incident without a word.
    let (code, _, stderr) =
        run(&["--now", "2024-05-10T09:06:00Z", "update", "2024-05-10-outage", "--status", "monitoring"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("error__update_reopens", stderr);
    assert_eq!(fs::read_to_string(temp.path().join("incidents/2024-05-10-outage.toml")).expect("file"), before);
    // As the first error says: with --reopen it is reopened.
    ok(run(&["--now", "2024-05-10T09:07:00Z", "update", "2024-05-10-outage", "--status", "monitoring", "--reopen"]));
    assert!(ok(run(&["--now", "2024-05-10T09:08:00Z", "list"])).contains("2024-05-10-outage"));
}

#[test]
fn a_page_locale_without_chrome_is_a_warning() {
    let (temp, run) = init_site();
    let status = fs::read_to_string(temp.path().join("status.toml")).expect("status");
    fs::write(temp.path().join("status.toml"), status.replace("locale = \"en\"", "locale = \"de\"")).expect("write");
    let (code, stdout, stderr) = run(&["check"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "ok: 0 incidents, 0 maintenances, 3 components, 33 templates\n");
    insta::assert_snapshot!("warning__locale_without_chrome", stderr);
}

#[test]
fn templates_use_component_names_of_their_locale() {
    let (temp, run) = init_site();
    ok(run(&["--now", "2024-05-10T08:00:00Z", "new", "Outage", "--components", "payments,api"]));
    let file = fs::read_to_string(temp.path().join("incidents/2024-05-10-outage.toml")).expect("file");
    assert!(file.contains("problems with Payments and API."), "{file}");
    assert!(file.contains("concernant Paiements et API."), "{file}");
    assert!(file.contains("problemi con Pagamenti e API."), "{file}");
    // A French page shows the French name too, in the page and the feed.
    let status = fs::read_to_string(temp.path().join("status.toml")).expect("status");
    fs::write(temp.path().join("status.toml"), status.replace("locale = \"en\"", "locale = \"fr\"")).expect("write");
    ok(run(&["--now", "2024-05-10T09:00:00Z", "build"]));
    let index = fs::read_to_string(temp.path().join("public/index.html")).expect("index");
    assert!(index.contains("<li><span>Paiements</span>"), "{index}");
}

/// `GET path` from `base` (http://127.0.0.1:port): status line and body.
fn get(base: &str, path: &str) -> (String, String) {
    use std::io::{Read as _, Write as _};
    let address = base.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = std::net::TcpStream::connect(address).expect("connect");
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n").expect("send");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    (head.lines().next().unwrap_or_default().to_owned(), body.to_owned())
}

#[test]
fn serve_previews_on_loopback_and_rebuilds_on_change() {
    use std::io::BufRead as _;
    let temp = TempDir::new().expect("temp dir");
    let site = temp.path().join("site");
    copy_tree(&fixture("acme"), &site);
    let out = temp.path().join("public");
    let mut child = Command::new(env!("CARGO_BIN_EXE_statusgen"))
        .args(["-C", site.to_str().expect("utf-8"), "--now", NOW, "serve", "--port", "0", "--out"])
        .arg(&out)
        .env_remove("SOURCE_DATE_EPOCH")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("serve starts");
    let stdout = child.stdout.take().expect("stdout");
    let (lines, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    let next = |what: &str| {
        receive.recv_timeout(std::time::Duration::from_secs(20)).unwrap_or_else(|_| panic!("no {what} line"))
    };
    let started = next("start");
    assert!(started.starts_with("start: built"), "{started}");
    let serving = next("serving");
    let base = serving.split_whitespace().nth(1).expect("address").to_owned();
    assert!(base.starts_with("http://127.0.0.1:"), "{serving}");

    let (status, index) = get(&base, "/");
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(index.contains("Payments failing"));
    let (status, _) = get(&base, "/api/v2/summary.json");
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert_eq!(get(&base, "/../site/status.toml").0, "HTTP/1.1 404 Not Found");

    let file = site.join("incidents/2024-05-10-payments-failing.toml");
    let mut text = fs::read_to_string(&file).expect("file");
    text.push_str(
        "\n[[updates]]\nat = 2024-05-10T10:30:00-04:00\nstatus = \"monitoring\"\nbody = \"Rollback done; watching.\"\n",
    );
    let changed = std::time::Instant::now();
    fs::write(&file, &text).expect("write");
    let rebuilt = next("change");
    let seen_after = changed.elapsed();
    eprintln!("serve: change seen and rebuilt {} ms after the write ({rebuilt})", seen_after.as_millis());
    assert!(rebuilt.starts_with("change: built"), "{rebuilt}");
    assert!(get(&base, "/").1.contains("Rollback done; watching."));

    // A postmortem is an input too.
    let postmortem = site.join("postmortems/2024-05-02-slow-website.md");
    let mut written = fs::read_to_string(&postmortem).expect("postmortem");
    written.push_str("\nEdited while serving.\n");
    fs::write(&postmortem, written).expect("write");
    assert!(next("change").starts_with("change: built"));
    assert!(get(&base, "/incidents/2024-05-02-slow-website.html").1.contains("Edited while serving."));

    // A broken file: the error is served until it is fixed.
    fs::write(&file, text.replace("status = \"monitoring\"", "status = \"monitorin\"")).expect("write");
    assert!(next("change").starts_with("change: build failed"));
    let (status, body) = get(&base, "/");
    assert_eq!(status, "HTTP/1.1 500 Build Failed");
    assert!(body.contains("unknown status `monitorin`; did you mean `monitoring`?"), "{body}");
    child.kill().expect("stop serve");
    let _ = child.wait();
}

#[test]
fn a_maintenance_started_hours_before_its_window_is_said_to_be_early() {
    // Allowed (work may start early), but said: the id may have been another maintenance's.
    let (_temp, run) = init_site();
    let id = db_upgrade(&run);
    let (code, _, stderr) = run(&update_at("2024-06-01T12:00:00Z", id, "in_progress", &["--message", "Starting."]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "warning: {id} is now under way, but its window opens June 1, 2024 22:00 (UTC) (in 10h); if this update was meant for another maintenance"
        )),
        "{stderr}"
    );
    // Said once: a second note while under way is no new start.
    let (code, _, stderr) = run(&update_at("2024-06-01T12:30:00Z", id, "in_progress", &["--message", "Still going."]));
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    // Within the hour before its window: as planned, nothing to say.
    let (_temp, run) = init_site();
    let id = db_upgrade(&run);
    let (code, _, stderr) = run(&update_at("2024-06-01T21:30:00Z", id, "in_progress", &["--message", "Starting."]));
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
}

#[test]
fn a_maintenance_window_s_start_and_end_are_when_its_components_last_changed() {
    // Clients that look for changes by `updated_at` (the components', the maintenance's,
    // the page's) see the ones the window made, with no update posted at either end.
    let (temp, run) = init_site();
    db_upgrade(&run);
    let times = |now: &str| {
        let summary = summary_built_at(temp.path(), &run, now);
        let maintenance = &summary["scheduled_maintenances"][0];
        [
            api_component(&summary)["updated_at"].clone(),
            maintenance["components"][0]["updated_at"].clone(),
            maintenance["updated_at"].clone(),
            summary["page"]["updated_at"].clone(),
        ]
        .map(|time| time.as_str().unwrap_or("none").to_owned())
    };
    // Before: api unchanged since it was created (its start_date); the maintenance as announced.
    let announced = "2024-06-01T10:00:00.000Z";
    assert_eq!(times("2024-06-01T21:00:00Z"), ["2024-01-01T00:00:00.000Z", announced, announced, announced]);
    assert_eq!(times("2024-06-01T23:00:00Z"), ["2024-06-01T22:00:00.000Z"; 4]);
    // After: completed at the window's end, and no longer in the summary's maintenance.
    let end = "2024-06-02T00:00:00.000Z";
    assert_eq!(times("2024-06-02T01:00:00Z"), [end, "none", "none", end]);
    let all = fs::read(temp.path().join("public-01/api/v2/scheduled-maintenances.json")).expect("maintenances");
    let all: serde_json::Value = serde_json::from_slice(&all).expect("json");
    let maintenance = &all["scheduled_maintenances"][0];
    assert_eq!(
        (maintenance["updated_at"].as_str(), maintenance["components"][0]["updated_at"].as_str()),
        (Some(end), Some(end))
    );
}

#[test]
fn an_update_posted_inside_the_window_changes_the_components_from_under_maintenance() {
    // Started by hand five minutes after the window opened it: no change (the window made
    // it at 22:00). Completed early, at 23:15: a change then, never back to the older time.
    let (temp, run) = init_site();
    let id = db_upgrade(&run);
    ok(run(&update_at("2024-06-01T22:05:00Z", id, "in_progress", &["--message", "Under way."])));
    let summary = summary_built_at(temp.path(), &run, "2024-06-01T23:00:00Z");
    assert_eq!(api_component(&summary)["updated_at"], "2024-06-01T22:00:00.000Z");
    let started = &summary["scheduled_maintenances"][0]["incident_updates"][0]["affected_components"][0];
    assert_eq!(
        (&started["old_status"], &started["new_status"]),
        (&"under_maintenance".into(), &"under_maintenance".into())
    );
    ok(run(&update_at("2024-06-01T23:15:00Z", id, "completed", &["--message", "Done early."])));
    let summary = summary_built_at(temp.path(), &run, "2024-06-01T23:30:00Z");
    assert_eq!(api_component(&summary)["updated_at"], "2024-06-01T23:15:00.000Z");
    assert_eq!(summary["page"]["updated_at"], "2024-06-01T23:15:00.000Z");

    // Never started by hand, completed early: the same change, from under maintenance.
    let (temp, run) = init_site();
    let id = db_upgrade(&run);
    ok(run(&update_at("2024-06-01T23:15:00Z", id, "completed", &["--message", "Done early."])));
    let summary = summary_built_at(temp.path(), &run, "2024-06-01T23:30:00Z");
    assert_eq!(api_component(&summary)["updated_at"], "2024-06-01T23:15:00.000Z");
    let all = fs::read(temp.path().join("public-23/api/v2/scheduled-maintenances.json")).expect("maintenances");
    let all: serde_json::Value = serde_json::from_slice(&all).expect("json");
    let completed = &all["scheduled_maintenances"][0]["incident_updates"][0]["affected_components"][0];
    assert_eq!(
        (&completed["old_status"], &completed["new_status"]),
        (&"under_maintenance".into(), &"operational".into())
    );
}

/// Builds the site in `site` at `now` into `public-<its hour>` and reads its summary.
fn summary_built_at(site: &Path, run: &impl Fn(&[&str]) -> (i32, String, String), now: &str) -> serde_json::Value {
    let out = site.join(format!("public-{}", &now[11..13]));
    ok(run(&["--now", now, "build", "--out", out.to_str().expect("utf-8")]));
    serde_json::from_slice(&fs::read(out.join("api/v2/summary.json")).expect("summary")).expect("json")
}

/// The `api` component of a summary.
fn api_component(summary: &serde_json::Value) -> &serde_json::Value {
    summary["components"].as_array().expect("components").iter().find(|c| c["id"] == "api").expect("api")
}

/// An incident file as an operator writes it by hand: "Slow", minor, on `api`, with one
/// update `at`, under the table header `header` (`[[updates]]`), and `extra` lines after
/// its body.
fn slow_incident(header: &str, at: &str, extra: &str) -> String {
    format!(
        "title = \"Slow\"\nimpact = \"minor\"\ncomponents = [\"api\"]\n\n{header}\nat = {at}\nstatus = \"investigating\"\nbody = \"Looking.\"\n{extra}"
    )
}

#[test]
fn a_scheduled_maintenance_puts_its_components_under_maintenance_during_its_window() {
    let (temp, run) = init_site();
    db_upgrade(&run);
    let api_status = |now: &str| {
        let summary = summary_built_at(temp.path(), &run, now);
        let in_maintenance = summary["scheduled_maintenances"][0]["components"][0]["status"].clone();
        (api_component(&summary)["status"].clone(), in_maintenance, summary["status"]["indicator"].clone())
    };
    // Before the window, inside it, and after it (never completed by hand).
    assert_eq!(api_status("2024-06-01T21:00:00Z"), ("operational".into(), "operational".into(), "none".into()));
    assert_eq!(
        api_status("2024-06-01T23:00:00Z"),
        ("under_maintenance".into(), "under_maintenance".into(), "maintenance".into())
    );
    // The page calls it in progress, as the widget does, not by its announcement's stage.
    let page = fs::read_to_string(temp.path().join("public-23/index.html")).expect("page");
    assert!(page.contains("<p class=\"meta\">In progress · Impact: Maintenance"), "{page}");
    // The tab's icon says it too: maintenance's ring, not the all-clear's circle of before.
    assert!(page.contains("<circle cx='8' cy='8' r='5.5' fill='none' stroke='%231f5fbf'"), "{page}");
    let before = fs::read_to_string(temp.path().join("public-21/index.html")).expect("page");
    assert!(before.contains("<circle cx='8' cy='8' r='7' fill='%23146c2e'/>"), "{before}");
    assert!(page.contains("DB upgrade</a> <span class=\"note\">(In progress)</span>"), "the day's list too");
    let atom = fs::read_to_string(temp.path().join("public-23/history.atom")).expect("atom");
    assert!(atom.contains("<title>DB upgrade (In progress)</title>"), "{atom}");
    let after = api_status("2024-06-02T01:00:00Z");
    assert_eq!((after.0, after.2), ("operational".into(), "none".into()));
}

#[test]
fn list_gives_the_offset_of_a_time_across_a_clock_change() {
    let (temp, run) = init_site();
    let config = temp.path().join("status.toml");
    let text = fs::read_to_string(&config).expect("config");
    fs::write(&config, text.replacen("time_zone = \"Etc/UTC\"", "time_zone = \"America/New_York\"", 1)).expect("write");
    // Announced in winter time (UTC−05:00) for a week after clocks go forward (UTC−04:00).
    let maintenance =
        ["maintenance", "DB", "--from", "2024-03-12 22:00", "--until", "2024-03-12 23:00", "--components", "api"];
    ok(run(&[&["--now", "2024-03-05T15:00:00Z"][..], &maintenance].concat()));
    let list = ok(run(&["--now", "2024-03-05T15:00:00Z", "list"]));
    assert!(list.contains("2024-03-12 22:00 (UTC−04:00) – 2024-03-12 23:00 (UTC−04:00)"), "{list}");
    assert!(list.ends_with("Times in America/New_York (UTC−05:00).\n"), "{list}");
    // On the day itself, the offset is now's: said once, in the footer.
    let list = ok(run(&["--now", "2024-03-12T15:00:00Z", "list"]));
    assert!(list.contains("22:00 – 23:00 "), "{list}");
}

#[test]
fn times_with_unreadable_offsets_or_that_the_zone_skips_are_refused() {
    let (temp, run) = init_site();
    let config = temp.path().join("status.toml");
    let text = fs::read_to_string(&config).expect("config");
    fs::write(&config, text.replacen("time_zone = \"Etc/UTC\"", "time_zone = \"America/New_York\"", 1)).expect("write");
    let new_at = |next: &str| {
        run(&[
            "--now",
            "2024-03-10T01:50:00",
            "new",
            "Slow",
            "--components",
            "api",
            "--message",
            "Looking.",
            "--next-update",
            next,
        ])
    };
    // The command line cannot be read: exit 2, as for any other value clap refuses.
    let (code, _, stderr) = new_at("2024-03-10T13:00:00+25:00");
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("has an offset that is not ±HH:MM"), "{stderr}");
    // Readable, but not a time in the page's zone (known once status.toml is read): an
    // invalid argument, exit 1, named by its flag.
    let (code, _, stderr) = new_at("2024-03-10 02:30");
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("error: --next-update: `2024-03-10 02:30` does not exist in America/New_York"), "{stderr}");
    let (code, _, stderr) = run(&["--now", "2024-03-10T02:30", "list"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("error: --now: `2024-03-10T02:30` does not exist in America/New_York"), "{stderr}");
    let written = fs::read_dir(temp.path().join("incidents")).expect("incidents").flatten();
    assert_eq!(written.filter(|file| file.path().extension().is_some_and(|e| e == "toml")).count(), 0);
    // In a file: the same error at the value's place.
    fs::write(
        temp.path().join("incidents/2024-03-10-slow.toml"),
        slow_incident("[[updates]]", "\"2024-03-10T11:00:00+05\"", ""),
    )
    .expect("write");
    let (code, _, stderr) = run(&["--now", "2024-03-10T12:00:00Z", "check"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("2024-03-10-slow.toml:6:6: at `2024-03-10T11:00:00+05` has an offset"), "{stderr}");
    // A file already published still builds, read as before, with the same words as a warning.
    let (code, _, stderr) = run(&["--now", "2024-03-10T12:00:00Z", "build"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("warning: incidents/2024-03-10-slow.toml:6:6: at `2024-03-10T11:00:00+05` has an offset"),
        "{stderr}"
    );
}

#[test]
fn an_update_that_sets_a_component_the_incident_does_not_list_is_refused_by_check_and_built_with_a_warning() {
    let (temp, run) = init_site();
    fs::write(
        temp.path().join("incidents/2024-05-10-slow.toml"),
        slow_incident(
            "[[updates]]",
            "2024-05-10T08:00:00Z",
            "components = { api = \"degraded_performance\", web = \"major_outage\" }\n",
        ),
    )
    .expect("write");
    let (code, _, stderr) = run(&["--now", NOW, "check"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(
            "2024-05-10-slow.toml:9:46: `web` is not among this incident's components (api); add it to `components`"
        ),
        "{stderr}"
    );
    let (code, _, stderr) = run(&["--now", NOW, "build"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("`web` is not among this incident's components"), "{stderr}");
}

/// `statusgen --now 10:00 maintenance "DB upgrade"` from 22:00 to midnight on June 1st; its id.
fn db_upgrade(run: &impl Fn(&[&str]) -> (i32, String, String)) -> &'static str {
    ok(run(&[
        "--now",
        "2024-06-01T10:00:00Z",
        "maintenance",
        "DB upgrade",
        "--from",
        "2024-06-01T22:00:00Z",
        "--until",
        "2024-06-02T00:00:00Z",
        "--components",
        "api",
    ]));
    "2024-06-01-db-upgrade"
}

#[test]
fn update_moves_a_maintenance_window_for_the_page_the_feeds_and_calendars() {
    use icalendar::Component as _;
    let (temp, run) = init_site();
    let id = db_upgrade(&run);
    let file = temp.path().join(format!("maintenance/{id}.toml"));
    // Postponed by a week, from the `rescheduled` template (and its translations).
    ok(run(&update_at(
        "2024-06-01T12:00:00Z",
        id,
        "scheduled",
        &["--from", "2024-06-08 22:00", "--until", "2024-06-09 00:00"],
    )));
    let text = fs::read_to_string(&file).expect("file");
    assert!(
        text.starts_with("title = \"DB upgrade\"\nfrom = 2024-06-01T22:00:00.000Z\n"),
        "the first window stays as announced:\n{text}"
    );
    assert!(
        text.contains("status = \"scheduled\"\nfrom = 2024-06-08T22:00:00.000Z\nuntil = 2024-06-09T00:00:00.000Z\nbody = \"DB upgrade has been moved: we will now perform the maintenance on API from June 8, 2024 22:00 (UTC) until June 9, 2024 00:00 (UTC).\""),
        "{text}"
    );
    assert!(
        text.contains(
            "la maintenance concernant API a été déplacée\u{a0}; elle est désormais prévue du 8 juin 2024 22:00 (UTC)"
        ),
        "{text}"
    );
    let sitrep = ok(run(&["--now", "2024-06-01T12:00:00Z", "sitrep", id]));
    assert!(sitrep.contains("- **Starts:** June 8, 2024 22:00 (UTC)\n"), "{sitrep}");
    assert!(sitrep.contains("- **Kind:** planned maintenance\n") && !sitrep.contains("Severity"), "{sitrep}");
    // Overrunning: only the end moves, while it is under way, in the `extended` words. A
    // move in words that do not say the new window (the stage's template) is refused.
    let (code, _, stderr) = run(&update_at("2024-06-08T23:30:00Z", id, "in_progress", &["--from", "2024-06-08 21:00"]));
    assert!(code == 1 && stderr.contains("in_progress.txt does not say the new window"), "{stderr}");
    // In a file written with CRLF line endings, which stay.
    fs::write(&file, fs::read_to_string(&file).expect("file").replace('\n', "\r\n")).expect("crlf");
    ok(run(&update_at("2024-06-08T23:30:00Z", id, "in_progress", &["--until", "2024-06-09 01:00"])));
    let text = fs::read_to_string(&file).expect("file");
    assert!(text.contains("from = 2024-06-08T22:00:00.000Z\r\nuntil = 2024-06-09T01:00:00.000Z\r\nbody = \"The maintenance on API is taking longer than planned: we now expect it to be complete by June 9, 2024 01:00 (UTC).\"\r\n"), "{text}");
    assert!(!text.replace("\r\n", "").contains('\n'), "CRLF kept");
    ok(run(&["--now", "2024-06-09T00:30:00Z", "check"]));

    let out = temp.path().join("public");
    ok(run(&["--now", "2024-06-09T00:30:00Z", "build", "--out", out.to_str().expect("utf-8")]));
    let summary: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("api/v2/summary.json")).expect("summary")).expect("json");
    let maintenance = &summary["scheduled_maintenances"][0];
    assert_eq!(maintenance["scheduled_for"], "2024-06-08T22:00:00.000Z");
    assert_eq!(maintenance["scheduled_until"], "2024-06-09T01:00:00.000Z");
    assert_eq!(maintenance["incident_updates"].as_array().map(Vec::len), Some(3));
    let events = calendar_events(&fs::read_to_string(out.join("maintenance.ics")).expect("ics"));
    let event = &events["2024-06-01-db-upgrade@status.example.com"];
    assert_eq!(event.get_sequence(), Some(2), "each move is a revision");
    assert_eq!(event.property_value("DTSTART"), Some("20240608T220000Z"));
    assert_eq!(event.property_value("DTEND"), Some("20240609T010000Z"));
    let page = fs::read_to_string(out.join(format!("incidents/{id}.html"))).expect("page");
    assert!(page.contains("DB upgrade has been moved"), "the move is on the maintenance's timeline");
    // Still under way after that end: extended again, without --reopen (it is not over).
    ok(run(&update_at("2024-06-09T01:10:00Z", id, "in_progress", &["--until", "2024-06-09 01:30"])));
}

#[test]
fn a_maintenance_resolved_before_its_window_is_cancelled_in_calendars_which_can_subscribe() {
    use icalendar::Component as _;
    let (temp, run) = init_site();
    let id = db_upgrade(&run);
    let out = temp.path().join("public");
    let build = |now: &str| {
        ok(run(&["--now", now, "build", "--out", out.to_str().expect("utf-8")]));
        let events = calendar_events(&fs::read_to_string(out.join("maintenance.ics")).expect("ics"));
        events["2024-06-01-db-upgrade@status.example.com"].property_value("STATUS").map(str::to_owned)
    };
    assert_eq!(build("2024-06-01T11:00:00Z").as_deref(), Some("CONFIRMED"));
    ok(run(&["--now", "2024-06-01T12:00:00Z", "resolve", id]));
    assert_eq!(build("2024-06-01T12:00:00Z").as_deref(), Some("CANCELLED"), "called off before it began");
    let ics = fs::read_to_string(out.join("maintenance.ics")).expect("ics");
    assert!(ics.contains("DESCRIPTION:Cancelled: DB upgrade: the maintenance"), "{ics}");
    let card = fs::read_to_string(out.join(format!("incidents/{id}.html"))).expect("page");
    assert!(card.contains("<p class=\"meta\">Cancelled · Impact: Maintenance"), "the page says so too: {card}");
    let atom = fs::read_to_string(out.join("history.atom")).expect("atom");
    assert!(atom.contains("<title>DB upgrade (Cancelled)</title>"), "{atom}");
    let text = fs::read_to_string(temp.path().join(format!("maintenance/{id}.toml"))).expect("file");
    assert!(text.contains("body = \"DB upgrade: the maintenance on API planned from June 1, 2024 22:00 (UTC) until June 2, 2024 00:00 (UTC) has been called off and will not take place.\""), "{text}");

    // Begun early, then completed before the window's start: it took place.
    let (temp, run) = init_site();
    let id = db_upgrade(&run);
    ok(run(&update_at("2024-06-01T21:00:00Z", id, "in_progress", &[])));
    ok(run(&["--now", "2024-06-01T21:50:00Z", "resolve", id]));
    let text = fs::read_to_string(temp.path().join(format!("maintenance/{id}.toml"))).expect("file");
    assert!(text.contains("has been completed"), "the `completed` words, not `cancelled`: {text}");
    let out = temp.path().join("public");
    ok(run(&["--now", "2024-06-01T21:50:00Z", "build", "--out", out.to_str().expect("utf-8")]));
    assert!(fs::read_to_string(out.join("maintenance.ics")).expect("ics").contains("STATUS:CONFIRMED\r\n"));

    // Completed after its window opened: it took place.
    let (temp, run) = init_site();
    let id = db_upgrade(&run);
    ok(run(&["--now", "2024-06-01T23:30:00Z", "resolve", id]));
    let out = temp.path().join("public");
    ok(run(&["--now", "2024-06-01T23:30:00Z", "build", "--out", out.to_str().expect("utf-8")]));
    let ics = fs::read_to_string(out.join("maintenance.ics")).expect("ics");
    assert!(
        ics.contains("STATUS:CONFIRMED\r\n") && ics.contains("X-WR-CALNAME:Example — Maintenance calendar\r\n"),
        "{ics}"
    );
    let index = fs::read_to_string(out.join("index.html")).expect("index");
    assert!(
        index.contains("<li>Maintenance calendar: <a href=\"webcal://status.example.com/maintenance.ics\">subscribe</a> · <a href=\"maintenance.ics\" type=\"text/calendar\">iCalendar file</a></li>"),
        "a webcal: link subscribes; the file imports once"
    );
}

#[test]
fn a_site_without_the_rescheduled_template_moves_a_window_in_its_scheduled_words() {
    let (temp, run) = init_site();
    let id = db_upgrade(&run);
    for locale in ["en", "fr", "it"] {
        fs::remove_file(temp.path().join(format!("templates/{locale}/rescheduled.txt"))).expect("remove");
    }
    ok(run(&update_at(
        "2024-06-01T12:00:00Z",
        id,
        "scheduled",
        &["--from", "2024-06-08 22:00", "--until", "2024-06-09 00:00"],
    )));
    let text = fs::read_to_string(temp.path().join(format!("maintenance/{id}.toml"))).expect("file");
    assert!(text.ends_with("body = \"DB upgrade: we will perform scheduled maintenance on API from June 8, 2024 22:00 (UTC) until June 9, 2024 00:00 (UTC).\"\n\n[updates.translations.fr]\nbody = \"DB upgrade\u{a0}: une maintenance concernant API est prévue du 8 juin 2024 22:00 (UTC) au 9 juin 2024 00:00 (UTC).\"\n\n[updates.translations.it]\nbody = \"DB upgrade: è prevista una manutenzione di API. Inizio: 8 giugno 2024 22:00 (UTC); fine: 9 giugno 2024 00:00 (UTC).\"\n"), "{text}");
}

#[test]
fn a_window_move_is_refused_for_an_incident_a_completion_a_past_window_or_no_change() {
    let (temp, run) = init_site();
    let id = db_upgrade(&run);
    ok(run(&api_errors_at_0830(&[])));
    let file = temp.path().join(format!("maintenance/{id}.toml"));
    let before = fs::read(&file).expect("file");
    let refused = |args: Vec<&str>, says: &str| {
        let (code, _, stderr) = run(&args);
        assert_eq!(code, 1, "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    };
    let at = "2024-06-01T12:00:00Z";
    refused(update_at(at, "2024-05-10-api-errors", "identified", &["--from", "2h"]), "is an incident; leave them out");
    refused(
        update_at(at, id, "completed", &["--until", "2024-06-02 01:00"]),
        "would be completed, and a window moves only while",
    );
    refused(
        update_at(at, id, "scheduled", &["--until", "2024-06-01 11:00"]),
        "would end (2024-06-01T11:00:00.000Z) before it starts",
    );
    // Its window has ended (the page shows it completed): a move reopens it, so it takes
    // --reopen, as a mistyped id must not; and a window already over is no move.
    let later = "2024-06-03T12:00:00Z";
    refused(
        update_at(later, id, "scheduled", &["--from", "2024-06-08 22:00"]),
        "the page shows it completed: add --reopen",
    );
    refused(
        update_at(later, id, "scheduled", &["--reopen", "--from", "2024-06-02 22:00", "--until", "2024-06-03 00:00"]),
        "has passed",
    );
    refused(
        update_at(at, id, "scheduled", &["--from", "2024-06-01 22:00"]),
        "already runs from 2024-06-01T22:00:00.000Z",
    );
    assert_eq!(fs::read(&file).expect("file"), before, "a refused move writes nothing");

    // Written by hand: a move that ends before it starts, and a window in an incident's update.
    let mut text = String::from_utf8(before).expect("utf-8");
    text.push_str("\n[[updates]]\nat = 2024-06-01T12:00:00Z\nstatus = \"scheduled\"\nuntil = 2024-06-01T21:00:00Z\nbody = \"Moved.\"\n");
    fs::write(&file, &text).expect("write");
    let incident = temp.path().join("incidents/2024-05-10-api-errors.toml");
    let mut incident_text = fs::read_to_string(&incident).expect("incident");
    incident_text.push_str("\n[[updates]]\nat = 2024-05-10T09:00:00Z\nstatus = \"identified\"\nfrom = 2024-05-10T10:00:00Z\nbody = \"Found it.\"\n");
    fs::write(&incident, &incident_text).expect("write");
    let line = text.lines().count() - 1;
    let completed = text.replace(
        "status = \"scheduled\"\nuntil = 2024-06-01T21:00:00Z",
        "status = \"completed\"\nuntil = 2024-06-02T01:00:00Z",
    );
    fs::write(&file, &completed).expect("write");
    let (_, _, moved_when_over) = run(&["--now", at, "check"]);
    assert!(
        moved_when_over.contains(&format!("maintenance/{id}.toml:{line}:9: a window moves only while its maintenance is to come or under way, and this update is `completed`")),
        "{moved_when_over}"
    );
    fs::write(&file, &text).expect("write");
    let (code, _, stderr) = run(&["--now", at, "check"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(&format!("maintenance/{id}.toml:{line}:9: the window this update sets (2024-06-01T22:00:00.000Z to 2024-06-01T21:00:00.000Z) ends before it starts")),
        "{stderr}"
    );
    assert!(
        stderr.contains("incidents/2024-05-10-api-errors.toml:") && stderr.contains("unknown key `from` in `updates`"),
        "{stderr}"
    );
}

#[test]
fn a_maintenance_window_that_ended_without_completed_reads_completed_and_check_says_so() {
    let (temp, run) = init_site();
    let window = |from: &'static str, until: &'static str| {
        run(&[
            "--now",
            "2024-06-01T10:00:00Z",
            "maintenance",
            "DB upgrade",
            "--from",
            from,
            "--until",
            until,
            "--components",
            "api",
        ])
    };
    // A window already over is no announcement.
    let (code, _, stderr) = window("2024-05-31T20:00:00Z", "2024-05-31T22:00:00Z");
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("--until (2024-05-31T22:00:00.000Z) has passed"), "{stderr}");
    ok(window("2024-06-01T22:00:00Z", "2024-06-02T00:00:00Z"));
    let (code, _, stderr) = run(&["--now", "2024-06-02T01:00:00Z", "check"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("its window ended at June 2, 2024 00:00 (UTC) but its last update is `scheduled`")
            && stderr.contains("statusgen -C "),
        "{stderr}"
    );
    let out = temp.path().join("public");
    ok(run(&["--now", "2024-06-02T01:00:00Z", "build", "--out", out.to_str().expect("utf-8")]));
    let page = fs::read_to_string(out.join("index.html")).expect("index");
    assert!(page.contains("DB upgrade</a> <span class=\"note\">(Completed)"), "{page}");
    let card = fs::read_to_string(out.join("incidents/2024-06-01-db-upgrade.html")).expect("incident page");
    assert!(card.contains("Completed ·") && !card.contains("Scheduled ·"), "{card}");
    // And in the feed, for every other client: completed at its window's end.
    let feed: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("api/v2/scheduled-maintenances.json")).expect("feed")).expect("json");
    let maintenance = &feed["scheduled_maintenances"][0];
    assert_eq!(
        (maintenance["status"].as_str(), maintenance["resolved_at"].as_str(), maintenance["updated_at"].as_str()),
        (Some("completed"), Some("2024-06-02T00:00:00.000Z"), Some("2024-06-02T00:00:00.000Z"))
    );
}

#[test]
fn files_in_the_incident_folders_that_are_never_read_are_named_by_check_and_build() {
    let (temp, run) = init_site();
    fs::create_dir(temp.path().join("incidents/2024")).expect("folder");
    fs::write(temp.path().join("incidents/2024-03-02-upper.TOML"), "").expect("write");
    fs::write(temp.path().join("maintenance/2024-03-04-typo.tml"), "").expect("write");
    // An editor's backup of a file that is read: never advice to rename it over it.
    let incident = slow_incident("[[updates]]", "2024-05-10T08:00:00Z", "");
    fs::write(temp.path().join("incidents/2024-05-10-slow.toml"), &incident).expect("write");
    fs::write(temp.path().join("incidents/2024-05-10-slow.toml~"), incident).expect("write");
    for command in ["check", "build"] {
        let (code, _, stderr) = run(&["--now", NOW, command]);
        assert_eq!(code, 0, "{stderr}");
        for expected in [
            "warning: incidents/2024: a folder, not read: only the .toml files directly in incidents/ are",
            "warning: incidents/2024-03-02-upper.TOML: not read: only files named <id>.toml are; if it is an incident, rename it to 2024-03-02-upper.toml",
            "warning: maintenance/2024-03-04-typo.tml: not read: only files named <id>.toml are; if it is a maintenance, rename it to 2024-03-04-typo.toml",
            "warning: incidents/2024-05-10-slow.toml~: not read: only files named <id>.toml are; a copy of 2024-05-10-slow.toml (a backup?): move it out of incidents/",
        ] {
            assert!(stderr.contains(expected), "{command}: {stderr}");
        }
        // The folders' own placeholders are not mentioned.
        assert!(!stderr.contains(".gitkeep"), "{stderr}");
    }
    // A postmortem saved as .markdown; and check names unread files even when another file
    // has errors (an unread file is often why).
    fs::create_dir(temp.path().join("postmortems")).expect("folder");
    fs::write(temp.path().join("postmortems/2024-05-10-slow.markdown"), "").expect("write");
    fs::write(temp.path().join("incidents/2024-05-10-broken.toml"), "title = ").expect("write");
    let (code, _, stderr) = run(&["--now", NOW, "check"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("warning: postmortems/2024-05-10-slow.markdown: not read: only files named <id>.md are; if it is a postmortem, rename it to 2024-05-10-slow.md")
            && stderr.contains("warning: incidents/2024-03-02-upper.TOML"),
        "{stderr}"
    );
}

#[test]
fn notify_goes_on_past_an_update_the_receiver_refuses_and_keeps_long_updates_within_its_limits() {
    // Slack refuses the first update (400, not retried), then takes the next one.
    let hook = Hook::start(&[400]);
    let (_temp, run) = site_with_hooks(&hook);
    let long = "word ".repeat(800);
    ok(run(&api_errors_at_0830(&[])));
    ok(run(&update_at(
        "2024-05-10T08:35:00Z",
        "2024-05-10-api-errors",
        "identified",
        &["--message", &long, "--next-update", "30m"],
    )));
    let (code, stdout, stderr) = run(&["--now", "2024-05-10T08:36:00Z", "notify"]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(
        stderr
            .contains("slack: 2024-05-10-api-errors-1 refused (HTTP 400: invalid_blocks); the next run tries it again"),
        "{stderr}"
    );
    assert!(!stderr.contains("after a retry"), "a refusal is not retried: {stderr}");
    assert!(stdout.contains("slack: sent 2024-05-10-api-errors-2"), "the next update is not held back: {stdout}");
    let posts = hook.take();
    let paths: Vec<&str> = posts.iter().map(|(path, _)| path.as_str()).collect();
    assert_eq!(paths, ["/slack", "/slack", "/json", "/json"]);
    let section = posts[1].1["blocks"][0]["text"]["text"].as_str().unwrap_or_default();
    assert_eq!(section.chars().count(), 3_000, "{section}");
    assert!(
        section.contains("…\nNext update by ")
            && section.contains("\n<https://status.example.com/incidents/2024-05-10-api-errors.html|"),
        "the text cut, the promise and the link kept: {section}"
    );
    assert!(posts[1].1["text"].as_str().unwrap_or_default().chars().count() <= 3_000);
    // The refused one is posted by the next run.
    let stdout = ok(run(&["--now", "2024-05-10T08:40:00Z", "notify"]));
    assert!(stdout.contains("slack: sent 2024-05-10-api-errors-1"), "{stdout}");
}

#[test]
fn files_in_the_wrong_place_inline_updates_and_misspelt_names_get_advice_that_works() {
    let (temp, run) = init_site();
    // A maintenance under incidents/: said first, before its keys are called unknown.
    fs::write(
        temp.path().join("incidents/2024-05-10-upgrade.toml"),
        "title = \"Upgrade\"\nfrom = 2024-05-11T22:00:00Z\nuntil = 2024-05-12T00:00:00Z\ncomponents = [\"api\"]\n\n[[updates]]\nat = 2024-05-10T08:00:00Z\nstatus = \"scheduled\"\nbody = \"We will upgrade.\"\n",
    )
    .expect("write");
    let (code, _, stderr) = run(&["--now", NOW, "check"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.starts_with("error: incidents/2024-05-10-upgrade.toml: this is a maintenance file by its keys; move it to maintenance/2024-05-10-upgrade.toml"),
        "{stderr}"
    );
    fs::rename(
        temp.path().join("incidents/2024-05-10-upgrade.toml"),
        temp.path().join("maintenance/2024-05-10-upgrade.toml"),
    )
    .expect("move");
    // Updates written inline, valid TOML: `update` says what to change instead of a parse error.
    let file = temp.path().join("incidents/2024-05-10-slow.toml");
    let inline = "title = \"Slow\"\nimpact = \"minor\"\ncomponents = [\"api\"]\nupdates = [ { at = 2024-05-10T08:00:00Z, status = \"investigating\", body = \"Looking.\" } ]\n";
    fs::write(&file, inline).expect("write");
    ok(run(&["--now", NOW, "check"]));
    let (code, _, stderr) =
        run(&["--now", NOW, "update", "2024-05-10-slow", "--status", "identified", "--message", "Found."]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("lists its updates inline (`updates = [ … ]`)"), "{stderr}");
    assert_eq!(fs::read_to_string(&file).expect("read"), inline, "left as it was");
    // A postmortem and a time zone spelt wrong: the nearest name.
    let (_, _, stderr) = run(&["--now", NOW, "postmortem", "2024-05-10-slw"]);
    assert!(stderr.contains("there is no incident `2024-05-10-slw`; did you mean `2024-05-10-slow`?"), "{stderr}");
    let config = temp.path().join("status.toml");
    let settings = fs::read_to_string(&config).expect("config");
    fs::write(&config, settings.replacen("time_zone = \"Etc/UTC\"", "time_zone = \"America/NewYork\"", 1))
        .expect("write");
    let (_, _, stderr) = run(&["--now", NOW, "check"]);
    assert!(stderr.contains("unknown time zone `America/NewYork`; did you mean `America/New_York`?"), "{stderr}");
    // A right-to-left page with no templates of its own: a warning that says where to start,
    // and the page's direction.
    fs::write(&config, settings.replacen("locale = \"en\"", "locale = \"ar\"", 1)).expect("write");
    fs::write(&file, slow_incident("[[updates]]", "2024-05-10T08:00:00Z", "")).expect("write");
    let (code, _, stderr) = run(&["--now", NOW, "check"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("templates/ar/ has no templates (the page's locale is `ar`): copy templates/en/ there"),
        "{stderr}"
    );
    let (code, _, stderr) = run(&["--now", NOW, "update", "2024-05-10-slow", "--status", "identified"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("copy templates/en/ there and translate its files, or pass --message TEXT"), "{stderr}");
    ok(run(&["--now", NOW, "build"]));
    let page = fs::read_to_string(temp.path().join("public/index.html")).expect("index");
    assert!(page.contains("<html lang=\"ar\" dir=\"rtl\">"), "{}", &page[..200]);
}

#[test]
fn update_appends_to_a_file_whose_tables_are_written_with_spaces_or_quotes() {
    let (temp, run) = init_site();
    for (name, header) in [("spaces", "[[ updates ]]"), ("quotes", "[[\"updates\"]]")] {
        let file = temp.path().join(format!("incidents/2024-05-10-{name}.toml"));
        fs::write(&file, slow_incident(header, "2024-05-10T08:00:00Z", "")).expect("write");
        let id = format!("2024-05-10-{name}");
        ok(run(&["--now", NOW, "update", &id, "--status", "identified", "--message", "Found."]));
        assert!(fs::read_to_string(&file).expect("read").ends_with("body = \"Found.\"\n"), "{name}");
    }
}

#[test]
fn an_incident_reopened_after_its_postmortem_was_begun_still_builds_without_it() {
    let (temp, run) = init_site();
    let at = |now: &'static str, args: &[&'static str]| [&["--now", now][..], args].concat();
    ok(run(&at("2024-05-10T08:00:00Z", &["new", "Flappy", "--components", "api", "--message", "Errors."])));
    ok(run(&at("2024-05-10T09:00:00Z", &["resolve", "2024-05-10-flappy", "--message", "Fixed."])));
    ok(run(&at("2024-05-10T09:05:00Z", &["postmortem", "2024-05-10-flappy"])));
    let reopen = ["update", "2024-05-10-flappy", "--reopen", "--status", "investigating", "--message", "Back again."];
    ok(run(&at("2024-05-10T09:10:00Z", &reopen)));
    // The live incident is published; the postmortem waits for the next resolution.
    let (code, _, stderr) = run(&at("2024-05-10T09:11:00Z", &["build"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(
            "incident `2024-05-10-flappy` is open (reopened, or not yet resolved): this postmortem is not published"
        ),
        "{stderr}"
    );
    let summary = fs::read_to_string(temp.path().join("public/api/v2/summary.json")).expect("summary");
    assert!(
        summary.contains("\"status\":\"investigating\"") || summary.contains("\"status\": \"investigating\""),
        "{summary}"
    );
    ok(run(&at("2024-05-10T09:12:00Z", &["check"])));
    // Not published while open: it would be dated before the resolution it is about.
    let (code, _, stderr) = run(&at("2024-05-10T09:13:00Z", &["postmortem", "2024-05-10-flappy", "--publish"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("incident `2024-05-10-flappy` is open (reopened); resolve it first"), "{stderr}");
    // Still read and checked meanwhile: a broken front matter is found now, not at the resolution.
    let postmortem = temp.path().join("postmortems/2024-05-10-flappy.md");
    let draft = fs::read_to_string(&postmortem).expect("draft");
    fs::write(&postmortem, draft.replacen("draft = true", "published_at = \"yesterday\"", 1)).expect("write");
    let (code, _, stderr) = run(&at("2024-05-10T09:14:00Z", &["check"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("published_at"), "{stderr}");
    fs::write(&postmortem, draft).expect("write");
    // Checked a month earlier: its updates are in the future, a typo check points at.
    let (code, _, stderr) = run(&at("2024-04-10T09:12:00Z", &["check"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("warning: incidents/2024-05-10-flappy.toml: an update is dated May 10, 2024 08:00 (UTC), after now (April 10, 2024 09:12 (UTC)): a typo?"), "{stderr}");
}
