//! The CI recipe for statusgen sites (`docs/ci/github-actions.yml`) is valid YAML and
//! has the triggers and jobs `docs/ci.md` promises: check on pull request, build and
//! deploy on push to main and on a schedule, the silence alarm on a schedule.

use std::path::Path;

use yaml_rust2::{Yaml, YamlLoader};

fn workflow() -> Yaml {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/ci/github-actions.yml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("reading {}: {err}", path.display()));
    let mut documents = YamlLoader::load_from_str(&text).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    assert_eq!(documents.len(), 1, "one YAML document");
    documents.remove(0)
}

/// The `run:` scripts of a job's steps, in order.
fn runs(job: &Yaml) -> Vec<String> {
    steps(job).iter().filter_map(|step| step["run"].as_str()).map(|run| run.trim().to_owned()).collect()
}

/// The actions a job's steps use, without their version (`actions/checkout`).
fn uses(job: &Yaml) -> Vec<String> {
    steps(job)
        .iter()
        .filter_map(|step| step["uses"].as_str())
        .map(|action| action.split('@').next().unwrap_or(action).to_owned())
        .collect()
}

fn steps(job: &Yaml) -> &[Yaml] {
    job["steps"].as_vec().map_or(&[], Vec::as_slice)
}

/// The jobs that run on `event`, found by their `if:` conditions (`github.event_name ==`
/// terms joined by `||`), in the file's order.
fn jobs_for(workflow: &Yaml, event: &str) -> Vec<Yaml> {
    let jobs = workflow["jobs"].as_hash().expect("`jobs` is a mapping");
    let condition = format!("github.event_name == '{event}'");
    jobs.values()
        .filter(|job| job["if"].as_str().is_some_and(|guard| guard.split("||").any(|term| term.trim() == condition)))
        .cloned()
        .collect()
}

/// The one job that runs on `event`.
fn job_for(workflow: &Yaml, event: &str) -> Yaml {
    let mut matching = jobs_for(workflow, event);
    assert_eq!(matching.len(), 1, "exactly one job runs on {event}");
    matching.remove(0)
}

#[test]
fn the_recipe_triggers_on_pull_request_push_to_main_and_every_15_minutes() {
    let workflow = workflow();
    let on = &workflow["on"];
    assert!(on.as_hash().is_some(), "`on` is a mapping of triggers");
    assert!(!on["pull_request"].is_badvalue(), "runs on pull requests");
    let branches: Vec<&str> =
        on["push"]["branches"].as_vec().expect("push.branches").iter().filter_map(Yaml::as_str).collect();
    assert_eq!(branches, ["main"]);
    let crons: Vec<&str> =
        on["schedule"].as_vec().expect("schedule").iter().filter_map(|s| s["cron"].as_str()).collect();
    assert_eq!(crons, ["*/15 * * * *"]);
}

#[test]
fn a_pull_request_runs_statusgen_check() {
    let job = job_for(&workflow(), "pull_request");
    assert_eq!(runs(&job).last().map(String::as_str), Some("statusgen check"));
}

#[test]
fn a_push_to_main_builds_into_public_and_deploys_it_to_pages() {
    let job = job_for(&workflow(), "push");
    assert!(runs(&job).iter().any(|run| run == "statusgen build --out public"), "{:?}", runs(&job));
    let uses = uses(&job);
    let upload = uses.iter().position(|a| a == "actions/upload-pages-artifact").expect("uploads a Pages artifact");
    let deploy = uses.iter().position(|a| a == "actions/deploy-pages").expect("deploys to Pages");
    assert!(upload < deploy, "uploads before deploying");
    let upload_step =
        steps(&job).iter().find(|s| s["uses"].as_str().is_some_and(|a| a.contains("upload-pages"))).cloned();
    assert_eq!(upload_step.and_then(|s| s["with"]["path"].as_str().map(str::to_owned)).as_deref(), Some("public"));
    assert_eq!(job["permissions"]["pages"].as_str(), Some("write"), "deploy-pages needs pages: write");
    assert_eq!(job["permissions"]["id-token"].as_str(), Some("write"), "deploy-pages needs id-token: write");
}

#[test]
fn the_schedule_runs_the_silence_check_and_rebuilds_the_page() {
    let workflow = workflow();
    let jobs = jobs_for(&workflow, "schedule");
    assert_eq!(jobs.len(), 2, "the silence alarm and the deploy");
    let last_runs: Vec<Option<String>> = jobs.iter().map(|job| runs(job).last().cloned()).collect();
    assert!(last_runs.contains(&Some("statusgen check --max-silence 30m".to_owned())), "{last_runs:?}");
    // Only a new build says "overdue" on the static page once a promise has passed.
    let deploy = jobs.iter().find(|job| runs(job).iter().any(|run| run == "statusgen build --out public"));
    assert!(deploy.is_some_and(|job| uses(job).iter().any(|a| a == "actions/deploy-pages")), "a scheduled rebuild");
}

#[test]
fn every_job_checks_out_the_site_and_installs_statusgen_with_cargo() {
    let workflow = workflow();
    let jobs = workflow["jobs"].as_hash().expect("`jobs` is a mapping");
    assert_eq!(jobs.len(), 3);
    for (name, job) in jobs {
        let name = name.as_str().unwrap_or("?");
        assert_eq!(uses(job).first().map(String::as_str), Some("actions/checkout"), "job {name}");
        assert!(
            runs(job)
                .iter()
                .any(|run| run.starts_with("cargo install status-gen") || run.starts_with("cargo install --git")),
            "job {name} installs statusgen: {:?}",
            runs(job)
        );
        assert!(runs(job).iter().any(|run| run.starts_with("statusgen ")), "job {name} runs statusgen");
    }
}
