//! Reads the feed model out of the value `JSON.parse` returns, field by field.
//!
//! The rules are the feed crate's serde rules, as serde-wasm-bindgen applied them:
//! unknown fields are ignored, missing fields default, `null` stands for an empty
//! string, list, map or `false`, an unknown enum value becomes `Unknown`, and an
//! unreadable timestamp becomes `None`; a value of the wrong type (a number where a
//! string belongs, `null` for an object or an enum) rejects the document, as it
//! did there. Written by hand because the generic path cost the wasm about 50 KB
//! raw (serde's visitors, their error messages and the float formatting those
//! messages pull in); this is a few hundred bytes per type.

use std::collections::BTreeMap;

use js_sys::{Array, Object, Reflect};
use status_feed::{
    AffectedComponent, Component, ComponentStatus, Impact, Incident, IncidentStatus, IncidentUpdate, Page, Status,
    Summary, Timestamp, Translation,
};
use wasm_bindgen::{JsCast, JsValue};

/// `Err` means "not a status feed": the caller reports [`crate::FetchError::Decode`].
type Read<T> = Result<T, ()>;

/// A summary document; `value` must be an object (arrays are objects with no fields).
pub fn summary(value: &JsValue) -> Read<Summary> {
    let o = Fields::of(value)?;
    Ok(Summary {
        page: o.object("page", page)?,
        components: o.list("components", component)?,
        incidents: o.list("incidents", incident)?,
        scheduled_maintenances: o.list("scheduled_maintenances", incident)?,
        status: o.object("status", status)?,
    })
}

fn page(o: &Fields) -> Read<Page> {
    Ok(Page {
        id: o.string("id")?,
        name: o.string("name")?,
        url: o.string("url")?,
        time_zone: o.opt_string("time_zone")?,
        updated_at: o.time("updated_at")?,
    })
}

fn status(o: &Fields) -> Read<Status> {
    Ok(Status { indicator: o.choice("indicator", &IMPACTS, Impact::as_str)?, description: o.string("description")? })
}

fn component(o: &Fields) -> Read<Component> {
    Ok(Component {
        id: o.string("id")?,
        name: o.string("name")?,
        status: o.choice("status", &COMPONENT_STATUSES, ComponentStatus::as_str)?,
        created_at: o.time("created_at")?,
        updated_at: o.time("updated_at")?,
        position: o.integer("position")?,
        description: o.opt_string("description")?,
        showcase: o.flag("showcase")?,
        start_date: o.opt_string("start_date")?,
        group_id: o.opt_string("group_id")?,
        page_id: o.string("page_id")?,
        group: o.flag("group")?,
        only_show_if_degraded: o.flag("only_show_if_degraded")?,
        components: match o.get("components") {
            Some(value) if !value.is_null() => Some(list(&value, |item| item.as_string().ok_or(()))?),
            _ => None,
        },
    })
}

fn incident(o: &Fields) -> Read<Incident> {
    Ok(Incident {
        id: o.string("id")?,
        name: o.string("name")?,
        status: o.choice("status", &INCIDENT_STATUSES, IncidentStatus::as_str)?,
        created_at: o.time("created_at")?,
        updated_at: o.time("updated_at")?,
        monitoring_at: o.time("monitoring_at")?,
        resolved_at: o.time("resolved_at")?,
        impact: o.choice("impact", &IMPACTS, Impact::as_str)?,
        shortlink: o.opt_string("shortlink")?,
        started_at: o.time("started_at")?,
        page_id: o.string("page_id")?,
        incident_updates: o.list("incident_updates", update)?,
        components: o.list("components", component)?,
        scheduled_for: o.time("scheduled_for")?,
        scheduled_until: o.time("scheduled_until")?,
        postmortem_body: o.opt_string("postmortem_body")?,
        translations: o.translations()?,
    })
}

fn update(o: &Fields) -> Read<IncidentUpdate> {
    Ok(IncidentUpdate {
        id: o.string("id")?,
        status: o.choice("status", &INCIDENT_STATUSES, IncidentStatus::as_str)?,
        body: o.string("body")?,
        incident_id: o.string("incident_id")?,
        created_at: o.time("created_at")?,
        updated_at: o.time("updated_at")?,
        display_at: o.time("display_at")?,
        affected_components: match o.get("affected_components") {
            Some(value) if !value.is_null() => Some(list(&value, |item| affected(&Fields::of(item)?))?),
            _ => None,
        },
        deliver_notifications: o.flag("deliver_notifications")?,
        custom_tweet: o.opt_string("custom_tweet")?,
        tweet_id: o.opt_string("tweet_id")?,
        next_update_at: o.time("next_update_at")?,
        translations: o.translations()?,
    })
}

fn affected(o: &Fields) -> Read<AffectedComponent> {
    Ok(AffectedComponent {
        code: o.string("code")?,
        name: o.string("name")?,
        old_status: o.choice("old_status", &COMPONENT_STATUSES, ComponentStatus::as_str)?,
        new_status: o.choice("new_status", &COMPONENT_STATUSES, ComponentStatus::as_str)?,
    })
}

fn translation(o: &Fields) -> Read<Translation> {
    Ok(Translation { name: o.opt_string("name")?, body: o.opt_string("body")? })
}

const IMPACTS: [Impact; 5] = [Impact::None, Impact::Maintenance, Impact::Minor, Impact::Major, Impact::Critical];
const COMPONENT_STATUSES: [ComponentStatus; 5] = [
    ComponentStatus::Operational,
    ComponentStatus::DegradedPerformance,
    ComponentStatus::PartialOutage,
    ComponentStatus::MajorOutage,
    ComponentStatus::UnderMaintenance,
];
const INCIDENT_STATUSES: [IncidentStatus; 9] = [
    IncidentStatus::Investigating,
    IncidentStatus::Identified,
    IncidentStatus::Monitoring,
    IncidentStatus::Resolved,
    IncidentStatus::Postmortem,
    IncidentStatus::Scheduled,
    IncidentStatus::InProgress,
    IncidentStatus::Verifying,
    IncidentStatus::Completed,
];

/// The items of an array; anything else is the wrong type.
fn list<T>(value: &JsValue, item: impl Fn(&JsValue) -> Read<T>) -> Read<Vec<T>> {
    let array = value.dyn_ref::<Array>().ok_or(())?;
    array.iter().map(|value| item(&value)).collect()
}

/// An object whose fields are read by name.
struct Fields(JsValue);

impl Fields {
    fn of(value: &JsValue) -> Read<Self> {
        if value.is_object() {
            Ok(Self(value.clone()))
        } else {
            Err(())
        }
    }

    /// The field's value, `None` when it is missing.
    fn get(&self, key: &str) -> Option<JsValue> {
        Reflect::get(&self.0, &JsValue::from_str(key)).ok().filter(|value| !value.is_undefined())
    }

    /// A field whose `null` means "absent".
    fn non_null(&self, key: &str) -> Option<JsValue> {
        self.get(key).filter(|value| !value.is_null())
    }

    /// A string; missing or `null` is empty.
    fn string(&self, key: &str) -> Read<String> {
        self.non_null(key).map_or(Ok(String::new()), |value| value.as_string().ok_or(()))
    }

    /// An optional string.
    fn opt_string(&self, key: &str) -> Read<Option<String>> {
        self.non_null(key).map(|value| value.as_string().ok_or(())).transpose()
    }

    /// A boolean; missing or `null` is false.
    fn flag(&self, key: &str) -> Read<bool> {
        self.non_null(key).map_or(Ok(false), |value| value.as_bool().ok_or(()))
    }

    /// An optional whole number, exact in a double.
    fn integer(&self, key: &str) -> Read<Option<i64>> {
        self.non_null(key)
            .map(|value| {
                if js_sys::Number::is_safe_integer(&value) {
                    value.as_f64().map(|n| n as i64).ok_or(())
                } else {
                    Err(())
                }
            })
            .transpose()
    }

    /// A timestamp: missing, `null`, a number, a boolean or an unreadable string is `None`.
    fn time(&self, key: &str) -> Read<Option<Timestamp>> {
        match self.non_null(key) {
            Some(value) if value.is_object() => Err(()),
            Some(value) => Ok(value.as_string().and_then(|text| Timestamp::parse(&text).ok())),
            None => Ok(None),
        }
    }

    /// An enum written as its wire name; missing is the default, an unknown name is
    /// `Unknown`, anything but a string (`null` included) is the wrong type.
    fn choice<T: Copy + Default + UnknownVariant>(
        &self,
        key: &str,
        known: &[T],
        name: fn(T) -> &'static str,
    ) -> Read<T> {
        match self.get(key) {
            None => Ok(T::default()),
            Some(value) => {
                let text = value.as_string().ok_or(())?;
                Ok(known.iter().copied().find(|variant| name(*variant) == text).unwrap_or(T::UNKNOWN))
            }
        }
    }

    /// A nested object; missing is the default, anything but an object is the wrong type.
    fn object<T: Default>(&self, key: &str, read: fn(&Fields) -> Read<T>) -> Read<T> {
        self.get(key).map_or(Ok(T::default()), |value| read(&Fields::of(&value)?))
    }

    /// A list of objects; missing or `null` is empty.
    fn list<T>(&self, key: &str, read: fn(&Fields) -> Read<T>) -> Read<Vec<T>> {
        self.non_null(key).map_or(Ok(Vec::new()), |value| list(&value, |item| read(&Fields::of(item)?)))
    }

    /// The `translations` extension: tag → translated text; missing or `null` is empty.
    fn translations(&self) -> Read<BTreeMap<String, Translation>> {
        let Some(value) = self.non_null("translations") else { return Ok(BTreeMap::new()) };
        if !value.is_object() {
            return Err(());
        }
        // An array is read as `[tag, translation]` pairs (so `[]` is an empty map), as
        // serde-wasm-bindgen read any iterable; an object by its entries.
        let entries = match value.dyn_into::<Array>() {
            Ok(pairs) => pairs,
            Err(value) => Object::entries(value.unchecked_ref()),
        };
        // Inserted one by one (a later duplicate tag wins, as with `collect`): collecting
        // into a BTreeMap sorts first, which brings a stable sort into the wasm.
        let mut map = BTreeMap::new();
        for entry in entries.iter() {
            let entry: Array = entry.unchecked_into();
            map.insert(entry.get(0).as_string().ok_or(())?, translation(&Fields::of(&entry.get(1))?)?);
        }
        Ok(map)
    }
}

/// The `Unknown` variant an unrecognized wire name becomes.
trait UnknownVariant {
    const UNKNOWN: Self;
}

impl UnknownVariant for Impact {
    const UNKNOWN: Self = Impact::Unknown;
}

impl UnknownVariant for ComponentStatus {
    const UNKNOWN: Self = ComponentStatus::Unknown;
}

impl UnknownVariant for IncidentStatus {
    const UNKNOWN: Self = IncidentStatus::Unknown;
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use status_feed::Summary;
    use wasm_bindgen_test::wasm_bindgen_test;

    use crate::{parse_summary, FetchError};

    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

    /// The hand-written reader reads `json` as the feed crate's serde derives did
    /// through serde-wasm-bindgen (the widget's reader before this one).
    fn check(json: &str) {
        let value = js_sys::JSON::parse(json).expect("test JSON parses");
        let by_serde = serde_wasm_bindgen::from_value::<Summary>(value).map_err(|_| FetchError::Decode);
        assert_eq!(parse_summary(json), by_serde, "{json}");
    }

    #[wasm_bindgen_test]
    fn every_fixture_reads_as_serde_reads_it() {
        for json in [
            include_str!("../../feed/tests/fixtures/all_operational.json"),
            include_str!("../../feed/tests/fixtures/body_markup.json"),
            include_str!("../../feed/tests/fixtures/critical_under_indicator_none.json"),
            include_str!("../../feed/tests/fixtures/maintenance_completed.json"),
            include_str!("../../feed/tests/fixtures/maintenance_in_progress_by_status.json"),
            include_str!("../../feed/tests/fixtures/maintenance_in_progress_by_window.json"),
            include_str!("../../feed/tests/fixtures/maintenance_upcoming.json"),
            include_str!("../../feed/tests/fixtures/major_many_updates_out_of_order.json"),
            include_str!("../../feed/tests/fixtures/minor_incident.json"),
            include_str!("../../feed/tests/fixtures/non_ascii_rtl.json"),
            include_str!("../../feed/tests/fixtures/unknown_enums.json"),
            include_str!("../../feed/tests/fixtures/without_incidents.json"),
        ] {
            assert!(parse_summary(json).is_ok());
            check(json);
            // The native generator reads them with serde_json: the same model.
            assert_eq!(parse_summary(json).ok(), serde_json::from_str::<Summary>(json).ok());
        }
    }

    #[wasm_bindgen_test]
    fn nulls_missing_fields_and_odd_values_read_leniently() {
        for json in [
            r#"{}"#,
            r#"{"page":{"id":null,"name":null,"url":null,"time_zone":null,"updated_at":null},"components":null,
                "incidents":null,"scheduled_maintenances":null,"status":{"description":null}}"#,
            r#"{"incidents":[{"id":"i","created_at":"yesterday","updated_at":17,"resolved_at":true,
                "incident_updates":[{"affected_components":null,"deliver_notifications":null,"translations":null}],
                "translations":{"fr":{"name":"Panne","body":null},"de":{}}}]}"#,
            r#"{"incidents":[{"translations":[]}],"components":[{"position":3,"components":["a","b"],"group":true}]}"#,
            r#"{"incidents":[{"incident_updates":[{"affected_components":[{"code":"c","old_status":"operational","new_status":"gone"}]}]}]}"#,
        ] {
            assert!(parse_summary(json).is_ok(), "{json}");
            check(json);
        }
    }

    #[wasm_bindgen_test]
    fn values_of_the_wrong_type_reject_the_document() {
        for json in [
            r#"{"page":null}"#,
            r#"{"page":"acme"}"#,
            r#"{"status":{"indicator":null}}"#,
            r#"{"status":{"indicator":3}}"#,
            r#"{"incidents":{}}"#,
            r#"{"incidents":[null]}"#,
            r#"{"incidents":[{"name":5}]}"#,
            r#"{"incidents":[{"created_at":{}}]}"#,
            r#"{"incidents":[{"translations":"fr"}]}"#,
            r#"{"incidents":[{"translations":{"fr":null}}]}"#,
            r#"{"components":[{"position":1.5}]}"#,
            r#"{"components":[{"showcase":"yes"}]}"#,
            r#"{"components":[{"components":[1]}]}"#,
        ] {
            assert_eq!(parse_summary(json), Err(FetchError::Decode), "{json}");
            check(json);
        }
    }

    #[wasm_bindgen_test]
    fn only_objects_are_documents() {
        for json in ["", "null", "3", "\"x\"", "{"] {
            assert_eq!(parse_summary(json), Err(FetchError::Decode), "{json}");
        }
    }
}
