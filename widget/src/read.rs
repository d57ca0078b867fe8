//! Reads the feed model out of the value `JSON.parse` returns, field by field.
//!
//! The rules are the feed crate's lenient serde rules (`feed/src/lenient.rs`), stated
//! there once and mirrored here; a parity test in the browser holds the two together
//! on every fixture and on thousands of type-mutated documents. In short: a field of
//! another JSON type degrades to its default or `None` (an unknown or wrong-typed enum
//! to `Unknown`), list items of the wrong type are dropped, and only a value that is not
//! a status feed at all is an error. Written by hand because the generic path cost the
//! wasm about 50 KB raw (serde's visitors, their error messages and the float
//! formatting those messages pull in); this is a few hundred bytes per type.

use js_sys::{Array, Object, Reflect};
use status_feed::{
    AffectedComponent, Component, ComponentStatus, Impact, Incident, IncidentStatus, IncidentUpdate, Page, Status,
    Summary, Timestamp, Translation, Translations,
};
use wasm_bindgen::{JsCast, JsValue};

/// A summary document, or `None` when `value` is not a status feed (CONTRACT §3): not
/// an object, or an object with none of the summary's parts in a readable shape.
pub fn summary(value: &JsValue) -> Option<Summary> {
    let o = Fields::of(value)?;
    let page = o.object("page", page);
    let status = o.object("status", status);
    let components = o.list("components", component);
    let incidents = o.list("incidents", incident);
    let maintenances = o.list("scheduled_maintenances", incident);
    let has_a_list = components.is_some() || incidents.is_some() || maintenances.is_some();
    if !Summary::is_feed(page.as_ref(), status.as_ref(), has_a_list) {
        return None;
    }
    let has_status = status.is_some();
    let mut summary = Summary {
        page: page.unwrap_or_default(),
        components: components.unwrap_or_default(),
        incidents: incidents.unwrap_or_default(),
        scheduled_maintenances: maintenances.unwrap_or_default(),
        status: status.unwrap_or_default(),
    };
    summary.settle_indicator(has_status);
    Some(summary)
}

fn page(o: &Fields) -> Page {
    Page {
        id: o.string("id"),
        name: o.string("name"),
        url: o.string("url"),
        time_zone: o.opt_string("time_zone"),
        updated_at: o.time("updated_at"),
        locale: o.opt_string("locale"),
    }
}

fn status(o: &Fields) -> Status {
    Status { indicator: o.impact("indicator"), description: o.string("description") }
}

fn component(o: &Fields) -> Component {
    Component {
        id: o.string("id"),
        name: o.string("name"),
        status: o.choice("status", ComponentStatus::from_wire),
        created_at: o.time("created_at"),
        updated_at: o.time("updated_at"),
        position: o.integer("position"),
        description: o.opt_string("description"),
        showcase: o.flag("showcase"),
        start_date: o.opt_string("start_date"),
        group_id: o.opt_string("group_id"),
        page_id: o.string("page_id"),
        group: o.flag("group"),
        only_show_if_degraded: o.flag("only_show_if_degraded"),
        components: o
            .get("components")
            .as_ref()
            .and_then(array)
            .map(|items| items.iter().filter_map(|item| item.as_string()).collect()),
    }
}

fn incident(o: &Fields) -> Incident {
    Incident {
        id: o.string("id"),
        name: o.string("name"),
        status: o.choice("status", IncidentStatus::from_wire),
        created_at: o.time("created_at"),
        updated_at: o.time("updated_at"),
        monitoring_at: o.time("monitoring_at"),
        resolved_at: o.time("resolved_at"),
        impact: o.impact("impact"),
        shortlink: o.opt_string("shortlink"),
        started_at: o.time("started_at"),
        page_id: o.string("page_id"),
        incident_updates: o.list("incident_updates", update).unwrap_or_default(),
        components: o.list("components", component).unwrap_or_default(),
        scheduled_for: o.time("scheduled_for"),
        scheduled_until: o.time("scheduled_until"),
        postmortem_body: o.opt_string("postmortem_body"),
        translations: o.translations(),
    }
}

fn update(o: &Fields) -> IncidentUpdate {
    IncidentUpdate {
        id: o.string("id"),
        status: o.choice("status", IncidentStatus::from_wire),
        body: o.string("body"),
        incident_id: o.string("incident_id"),
        created_at: o.time("created_at"),
        updated_at: o.time("updated_at"),
        display_at: o.time("display_at"),
        affected_components: o.list("affected_components", affected),
        deliver_notifications: o.flag("deliver_notifications"),
        custom_tweet: o.opt_string("custom_tweet"),
        tweet_id: o.opt_string("tweet_id"),
        next_update_at: o.time("next_update_at"),
        translations: o.translations(),
    }
}

fn affected(o: &Fields) -> AffectedComponent {
    AffectedComponent {
        code: o.string("code"),
        name: o.string("name"),
        old_status: o.choice("old_status", ComponentStatus::from_wire),
        new_status: o.choice("new_status", ComponentStatus::from_wire),
    }
}

fn translation(o: &Fields) -> Translation {
    Translation { name: o.opt_string("name"), body: o.opt_string("body") }
}

/// The value as an array, or `None` for anything else.
fn array(value: &JsValue) -> Option<&Array> {
    value.dyn_ref::<Array>().filter(|_| Array::is_array(value))
}

/// The largest integer `JSON.parse` reads exactly, as the feed crate's rule states it.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// An object whose fields are read by name.
struct Fields(JsValue);

impl Fields {
    /// A plain object; arrays and everything else are not.
    fn of(value: &JsValue) -> Option<Self> {
        (value.is_object() && !Array::is_array(value)).then(|| Self(value.clone()))
    }

    /// The field's value, `None` when it is missing.
    fn get(&self, key: &str) -> Option<JsValue> {
        Reflect::get(&self.0, &JsValue::from_str(key)).ok().filter(|value| !value.is_undefined())
    }

    /// A string, or empty.
    fn string(&self, key: &str) -> String {
        self.opt_string(key).unwrap_or_default()
    }

    /// A string, or `None`.
    fn opt_string(&self, key: &str) -> Option<String> {
        self.get(key)?.as_string()
    }

    /// `true`, or the string `"true"`; anything else is false.
    fn flag(&self, key: &str) -> bool {
        self.get(key).is_some_and(|value| value.as_bool() == Some(true) || value.as_string().as_deref() == Some("true"))
    }

    /// A whole number within ±(2^53 − 1), or `None`.
    fn integer(&self, key: &str) -> Option<i64> {
        let number = self.get(key)?.as_f64()?;
        (number.fract() == 0.0 && number.abs() <= MAX_SAFE_INTEGER).then_some(number as i64)
    }

    /// A readable timestamp string, or `None`.
    fn time(&self, key: &str) -> Option<Timestamp> {
        Timestamp::parse(&self.get(key)?.as_string()?).ok()
    }

    /// An enum from its wire name: missing is the default; `null` or another type is
    /// `Unknown` (`from_wire("")`).
    fn choice<T: Default>(&self, key: &str, from_wire: fn(&str) -> T) -> T {
        self.get(key).map_or_else(T::default, |value| from_wire(&value.as_string().unwrap_or_default()))
    }

    /// An impact or indicator: missing, it is `Unknown` too (it does not say all is well).
    fn impact(&self, key: &str) -> Impact {
        self.get(key).map_or(Impact::Unknown, |value| Impact::from_wire(&value.as_string().unwrap_or_default()))
    }

    /// A nested object, or `None` for a value of any other type.
    fn object<T>(&self, key: &str, read: fn(&Fields) -> T) -> Option<T> {
        Fields::of(&self.get(key)?).map(|fields| read(&fields))
    }

    /// A list of objects, items that are not objects dropped; `None` when it is not a list.
    fn list<T>(&self, key: &str, read: fn(&Fields) -> T) -> Option<Vec<T>> {
        let value = self.get(key)?;
        Some(array(&value)?.iter().filter_map(|item| Fields::of(&item)).map(|fields| read(&fields)).collect())
    }

    /// The `translations` extension: tag → translated text; entries that are not objects dropped.
    fn translations(&self) -> Translations {
        let mut map = Translations::default();
        let Some(object) = self.get("translations").and_then(|value| Fields::of(&value)) else { return map };
        for entry in Object::entries(object.0.unchecked_ref()).iter() {
            let entry: Array = entry.unchecked_into();
            if let (Some(tag), Some(fields)) = (entry.get(0).as_string(), Fields::of(&entry.get(1))) {
                map.insert(tag, translation(&fields));
            }
        }
        map
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use serde_json::{json, Value};
    use status_feed::Summary;
    use wasm_bindgen_test::wasm_bindgen_test;

    use crate::{parse_summary, FetchError};

    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

    include!("../tests/support/fixtures.rs");

    /// The browser reader and the feed crate's serde reading (what statusgen and every
    /// Rust user of `status-feed` get) give the same `Summary`, or both say "not a feed".
    fn check(json: &str) {
        let by_serde = serde_json::from_str::<Summary>(json).map_err(|_| FetchError::Decode);
        assert_eq!(parse_summary(json), by_serde, "{json}");
    }

    #[wasm_bindgen_test]
    fn every_fixture_reads_as_serde_reads_it() {
        for json in FIXTURES {
            assert!(parse_summary(json).is_ok());
            check(json);
        }
    }

    #[wasm_bindgen_test]
    fn nulls_missing_fields_and_odd_values_read_as_serde_reads_them() {
        // Odd documents whose parts say nothing: both readers say "not a feed".
        for json in [
            r#"{"page":{}}"#,
            r#"{"page":{"id":null,"name":null,"url":null,"time_zone":null,"updated_at":null,"locale":7},"components":null,
                "incidents":null,"scheduled_maintenances":null,"status":{"description":null}}"#,
            r#"{"status":{"indicator":null}}"#,
            r#"{"status":{"indicator":3}}"#,
        ] {
            assert!(parse_summary(json).is_err(), "{json}");
            check(json);
        }
        for json in [
            r#"{"page":{"id":null,"name":"Acme","url":null,"time_zone":null,"updated_at":null,"locale":7},"components":null,
                "incidents":null,"scheduled_maintenances":null,"status":{"description":null}}"#,
            r#"{"incidents":[{"id":"i","created_at":"yesterday","updated_at":17,"resolved_at":true,
                "incident_updates":[{"affected_components":null,"deliver_notifications":null,"translations":null}],
                "translations":{"fr":{"name":"Panne","body":null},"de":{}}}]}"#,
            r#"{"incidents":[{"translations":[]}],"components":[{"position":3,"components":["a","b"],"group":true}]}"#,
            r#"{"incidents":[{"incident_updates":[{"affected_components":[{"code":"c","old_status":"operational","new_status":"gone"}]}]}]}"#,
            r#"{"status":{"indicator":null},"components":[]}"#,
            r#"{"status":{"indicator":3},"incidents":[]}"#,
            r#"{"page":"acme","incidents":[null,{"name":5},{"created_at":{}}]}"#,
            r#"{"incidents":[{"translations":"fr"},{"translations":{"fr":null,"de":{"name":"x"}}}]}"#,
            r#"{"components":[{"position":1.5},{"position":2.0},{"position":-0.0},{"position":9007199254740991},
                {"position":9007199254740992},{"position":"4"}]}"#,
            r#"{"components":[{"showcase":"yes","group":"true","only_show_if_degraded":1},{"components":[1,"a",null]}]}"#,
            r#"{"components":[{"status":"major_outage"}]}"#,
            r#"{"incidents":[{"name":"first","name":"second"}]}"#,
        ] {
            assert!(parse_summary(json).is_ok(), "{json}");
            check(json);
        }
    }

    #[wasm_bindgen_test]
    fn documents_that_are_not_feeds_are_decode_errors() {
        for json in [
            "",
            "null",
            "3",
            "\"x\"",
            "{",
            "{}",
            "[]",
            r#"{"error":"Not found"}"#,
            r#"{"status":404}"#,
            r#"{"status":{"code":503,"message":"Service Unavailable"}}"#,
            r#"{"page":{"title":"Page not found"},"status":{"indicator":null}}"#,
            "<!doctype html>",
        ] {
            assert_eq!(parse_summary(json), Err(FetchError::Decode), "{json}");
            check(json);
        }
    }

    include!("../tests/support/random.rs");

    /// Every value inside `value`, as JSON pointers.
    fn pointers(value: &Value, here: String, out: &mut Vec<String>) {
        let children: Vec<(String, &Value)> = match value {
            Value::Object(map) => map.iter().map(|(k, v)| (k.replace('~', "~0").replace('/', "~1"), v)).collect(),
            Value::Array(items) => items.iter().enumerate().map(|(i, v)| (i.to_string(), v)).collect(),
            _ => return,
        };
        for (step, child) in children {
            let pointer = format!("{here}/{step}");
            out.push(pointer.clone());
            pointers(child, pointer, out);
        }
    }

    /// Parity on generated documents: each fixture with one to four values anywhere
    /// (the document itself included) replaced by a value of another JSON type.
    #[wasm_bindgen_test]
    fn type_mutated_documents_read_as_serde_reads_them() {
        let odd = [
            Value::Null,
            json!(true),
            json!(false),
            json!("true"),
            json!(0),
            json!(-0.0),
            json!(1.5),
            json!(2.0),
            json!(9_007_199_254_740_993_u64),
            json!(1_789_234_567_890_123_456_u64),
            json!(-3),
            json!("[]"),
            json!(""),
            json!("operational"),
            json!("2024-05-10T09:00:00Z"),
            json!({}),
            json!({"name": "x", "status": "major_outage"}),
            json!([]),
            json!([1, "a", null, {}]),
        ];
        let mut random = Random(0x5EED);
        let mut cases = 0;
        for json in FIXTURES {
            let original: Value = serde_json::from_str(json).expect("fixtures are JSON");
            let mut all = Vec::new();
            pointers(&original, String::new(), &mut all);
            for _ in 0..300 {
                let mut document = original.clone();
                for _ in 0..1 + random.below(4) {
                    let replacement = odd[random.below(odd.len())].clone();
                    // One in fifty replaces the whole document.
                    let pointer = if random.below(50) == 0 { "" } else { all[random.below(all.len())].as_str() };
                    // One in four removes the value's key instead (a missing field is read
                    // apart from a `null` one: an impact, an indicator).
                    let (parent, key) = pointer.rsplit_once('/').unwrap_or_default();
                    if random.below(4) == 0 {
                        if let Some(Value::Object(map)) = document.pointer_mut(parent) {
                            map.remove(&key.replace("~1", "/").replace("~0", "~"));
                            continue;
                        }
                    }
                    if let Some(target) = document.pointer_mut(pointer) {
                        *target = replacement;
                    }
                }
                check(&document.to_string());
                cases += 1;
            }
        }
        assert_eq!(cases, 13 * 300);
    }
}
