//! Any bytes as each of statusgen's hand-written inputs: reading, validating,
//! compiling and rendering them never panics.
#![no_main]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use status_feed::Timestamp;
use status_gen::input::{self, Config, Kind, Site};
use status_gen::templates::{Template, Values};
use status_gen::{compile, html, markdown, postmortem};

/// The demo site's `status.toml`: the configuration incident files are read against.
fn demo_config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| {
        input::parse_config(include_str!("../../demo-site/status/status.toml")).expect("the demo status.toml is valid")
    })
}

fn entries(config: &Config, text: &str) {
    let now = Timestamp::parse("2026-11-25T12:00:00Z").expect("a valid instant");
    let mut entries = Vec::new();
    for (file, kind) in [("incidents/fuzz.toml", Kind::Incident), ("maintenance/fuzz.toml", Kind::Maintenance)] {
        match input::parse_entry(config, Path::new(file), text, kind) {
            Ok(entry) => entries.push(entry),
            Err(problems) => drop(problems.to_string()),
        }
    }
    let postmortems: BTreeMap<_, _> = match postmortem::parse(config, Path::new("postmortems/fuzz.md"), text) {
        Ok(found) => {
            let _ = markdown::to_html(&found.body, 3);
            [("fuzz".to_owned(), found)].into()
        }
        Err(problem) => {
            let _ = problem.to_string();
            BTreeMap::new()
        }
    };
    if entries.is_empty() {
        return;
    }
    let site = Site { root: PathBuf::from("."), config: config.clone(), entries };
    let mut feed = compile::compile(&site, now);
    compile::apply_postmortems(&mut feed, &postmortems, &config.time_zone);
    let _ = status_feed::select(
        &status_feed::Summary {
            page: feed.page.clone(),
            components: feed.components.clone(),
            incidents: feed.incidents.clone(),
            scheduled_maintenances: feed.maintenances.clone(),
            status: feed.status.clone(),
        },
        now,
        &status_feed::ComponentFilter::default(),
    );
    for incident in feed.incidents.iter().chain(&feed.maintenances) {
        let _ = html::incident_page(config, &feed, incident);
        let _ = html::incident_duration(incident, now);
    }
}

fn template(text: &str) {
    match Template::parse(Path::new("templates/en/fuzz.txt"), text) {
        Ok(template) => {
            let _ = template.required();
            let _ = template.mentions("eta");
            let full = Values {
                title: "Payments failing".into(),
                components: "API and Website".into(),
                eta: Some("14:00 UTC".into()),
                next_update: Some("30 minutes".into()),
                page: "https://status.example.com".into(),
                from: Some("10:00".into()),
                until: Some("12:00".into()),
            };
            let _ = template.render(&full);
            if let Err(problem) = template.render(&Values::default()) {
                let _ = problem.to_string();
            }
        }
        Err(problem) => drop(problem.to_string()),
    }
}

fuzz_target!(|data: &[u8]| {
    let text = match input::text::decode(Path::new("fuzz.toml"), data.to_vec()) {
        Ok(text) => text,
        Err(problem) => {
            let _ = problem.to_string();
            return;
        }
    };
    let _ = input::text::line_ending(&text);
    let _ = markdown::to_html(&text, 1);
    template(&text);
    match input::parse_config(&text) {
        Ok(config) => {
            for component in &config.components {
                let _ = config.component_id(&component.id);
            }
            let _ = config.component_ids();
            entries(&config, &text);
        }
        Err(problems) => drop(problems.to_string()),
    }
    entries(demo_config(), &text);
    let line = text.lines().next().unwrap_or_default();
    let _ = input::slugify(&text);
    let _ = input::is_slug(line);
    let _ = input::is_language_tag(line);
    if let Ok(ms) = input::parse_duration(line) {
        let _ = input::show_duration(ms);
    }
    let _ = input::parse_time_in(&demo_config().time_zone, line);
    let _ = demo_config().component_id(line);
});
