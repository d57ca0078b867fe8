//! Translated feed text (the `translations` extension): the visitor's best match,
//! else the original.

use status_feed::{translated, Translation, Translations};

fn translations(entries: &[(&str, Option<&str>, Option<&str>)]) -> Translations {
    entries
        .iter()
        .map(|(tag, name, body)| {
            (tag.to_string(), Translation { name: name.map(str::to_owned), body: body.map(str::to_owned) })
        })
        .collect()
}

#[test]
fn regional_preference_gets_the_language_translation() {
    let t = translations(&[("fr", Some("Panne"), Some("Nous enquêtons.")), ("it", Some("Guasto"), None)]);
    assert_eq!(translated(&t, None, &["fr-CA"], |t| t.body.as_ref()), Some(("fr", "Nous enquêtons.")));
    assert_eq!(translated(&t, None, &["it-IT", "fr"], |t| t.name.as_ref()), Some(("it", "Guasto")));
}

#[test]
fn a_translation_without_the_wanted_field_is_skipped_for_the_next_preference() {
    let t = translations(&[("fr", Some("Panne"), Some("Nous enquêtons.")), ("it", Some("Guasto"), None)]);
    assert_eq!(translated(&t, None, &["it", "fr"], |t| t.body.as_ref()), Some(("fr", "Nous enquêtons.")));
}

#[test]
fn no_match_falls_back_to_the_original() {
    let t = translations(&[("fr", Some("Panne"), None)]);
    assert_eq!(translated(&t, None, &["de-DE", "en"], |t| t.name.as_ref()), None);
    assert_eq!(translated(&Translations::default(), None, &["fr"], |t| t.name.as_ref()), None);
}

#[test]
fn the_original_is_shown_to_a_visitor_who_reads_its_language_first() {
    let t = translations(&[("en", Some("Outage"), None), ("it", Some("Guasto"), None)]);
    fn name(t: &Translation) -> Option<&String> {
        t.name.as_ref()
    }
    // A French page with English and Italian translations.
    assert_eq!(translated(&t, Some("fr"), &["fr-FR", "en"], name), None);
    assert_eq!(translated(&t, Some("fr"), &["de", "en", "fr"], name), Some(("en", "Outage")));
    assert_eq!(translated(&t, Some("fr"), &["it"], name), Some(("it", "Guasto")));
    // Not knowing the original's language, the first translation the visitor reads wins.
    assert_eq!(translated(&t, None, &["fr-FR", "en"], name), Some(("en", "Outage")));
}

#[test]
fn chinese_script_is_inferred_from_the_region() {
    let t = translations(&[("zh-Hans", Some("故障"), None), ("zh-Hant", Some("故障（繁）"), None)]);
    assert_eq!(translated(&t, None, &["zh-TW"], |t| t.name.as_ref()), Some(("zh-Hant", "故障（繁）")));
    assert_eq!(translated(&t, None, &["zh-CN"], |t| t.name.as_ref()), Some(("zh-Hans", "故障")));
}

#[test]
fn a_later_entry_for_a_tag_replaces_the_earlier_and_the_tags_stay_in_order() {
    let mut t = translations(&[("it", Some("Guasto"), None), ("de", None, None), ("fr", Some("Panne"), None)]);
    t.insert("de".into(), Translation { name: Some("Störung".into()), body: None });
    t.remove("it");
    t.remove("es");
    let entries: Vec<(&str, Option<&str>)> = t.iter().map(|(tag, t)| (tag, t.name.as_deref())).collect();
    assert_eq!(entries, [("de", Some("Störung")), ("fr", Some("Panne"))]);
    assert_eq!(serde_json::to_string(&t).expect("serializes"), r#"{"de":{"name":"Störung"},"fr":{"name":"Panne"}}"#);
}
