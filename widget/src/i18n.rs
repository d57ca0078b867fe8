//! The widget's locales: the words of `words.rs` in every supported language, how a
//! visitor's preferences choose one, and how the bundle fetches a language's words.
//!
//! In the wasm each locale is one string, its words joined at compile time, which
//! [`Locale::strings`] splits when a widget draws. The script-tag bundle (feature
//! `fetched-languages`) holds English only and fetches any other language's file once,
//! before the first drawing in it. Incident text comes from the feed, not from here.

use status_feed::{negotiate, Impact, IncidentStatus, NoticeKind};

pub use crate::words::Strings;
use crate::words::LANGUAGES;

impl Strings {
    /// The label of an incident or maintenance stage.
    pub fn stage(&self, status: IncidentStatus) -> &'static str {
        match status {
            IncidentStatus::Investigating => self.investigating,
            IncidentStatus::Identified => self.identified,
            IncidentStatus::Monitoring => self.monitoring,
            IncidentStatus::Resolved | IncidentStatus::Postmortem => self.resolved,
            IncidentStatus::Scheduled => self.scheduled,
            IncidentStatus::InProgress => self.in_progress,
            IncidentStatus::Verifying => self.verifying,
            IncidentStatus::Completed => self.completed,
            IncidentStatus::Unknown => self.update,
        }
    }

    /// The severity word of a notice, shown beside its icon so colour is never the only cue.
    pub fn severity(&self, kind: NoticeKind, impact: Impact) -> &'static str {
        match (kind, impact) {
            (NoticeKind::MaintenanceUpcoming, _) => self.upcoming_maintenance,
            (NoticeKind::MaintenanceInProgress, _) | (_, Impact::Maintenance) => self.impact_maintenance,
            (_, Impact::None) => self.impact_none,
            (_, Impact::Minor | Impact::Unknown) => self.impact_minor,
            (_, Impact::Major) => self.impact_major,
            (_, Impact::Critical) => self.impact_critical,
        }
    }

    /// The overall status in words, for badges and inline text.
    pub fn overall(&self, indicator: Impact) -> &'static str {
        match indicator {
            Impact::None => self.all_ok,
            // Ranked like minor: an unknown impact never reads as all clear.
            Impact::Minor | Impact::Unknown => self.overall_minor,
            Impact::Major => self.overall_major,
            Impact::Critical => self.overall_critical,
            Impact::Maintenance => self.overall_maintenance,
        }
    }
}

/// Language `$index` of [`LANGUAGES`]: its tag, direction and words joined at compile
/// time, or, with `fetched-languages` and for any language but English, no words: the
/// bundle fetches them (see [`Locale::fetch`]).
macro_rules! locale {
    ($index:literal) => {{
        const LANGUAGE: (&str, bool, &Strings) = LANGUAGES[$index];
        const LEN: usize = LANGUAGE.2.joined_len();
        const BYTES: [u8; LEN] = LANGUAGE.2.joined::<LEN>();
        const JOINED: &str = match core::str::from_utf8(&BYTES) {
            Ok(joined) => joined,
            Err(_) => panic!("a locale's strings are UTF-8"),
        };
        let fetched = cfg!(feature = "fetched-languages") && $index > 0;
        Locale { tag: LANGUAGE.0, rtl: LANGUAGE.1, joined: if fetched { "" } else { JOINED } }
    }};
}

/// A supported locale: its BCP 47 tag, its strings, and its writing direction.
#[derive(Debug, PartialEq, Eq)]
pub struct Locale {
    /// BCP 47 tag, also passed to `Intl`.
    pub tag: &'static str,
    /// Whether the script runs right to left.
    pub rtl: bool,
    /// The strings, joined (see [`Strings::joined`]); empty when they are fetched.
    joined: &'static str,
}

impl Locale {
    /// The locale's strings: English's until fetched ones have arrived (see
    /// [`Locale::fetch`]).
    pub fn strings(&self) -> Strings {
        if !self.joined.is_empty() {
            return Strings::from_joined(self.joined);
        }
        fetched::words(self.tag).map_or_else(|| LOCALES[0].strings(), Strings::from_joined)
    }

    /// Whether [`Locale::strings`] are its own, not English in their place.
    pub fn is_ready(&self) -> bool {
        !self.joined.is_empty() || fetched::words(self.tag).is_some()
    }

    /// Runs `then` once the locale's words are here: at once for a locale whose words
    /// are in the wasm, else when the bundle has fetched them (feature
    /// `fetched-languages`) or found it cannot (the widget then draws in English).
    pub fn fetch(&'static self, then: impl FnOnce() + 'static) {
        if self.is_ready() {
            then();
        } else {
            fetched::fetch(self.tag, Box::new(then));
        }
    }

    /// What ends one sentence before the next in a spoken announcement: Japanese and
    /// Chinese end a sentence with an ideographic full stop.
    pub fn sentence_break(&self) -> &'static str {
        match self.tag {
            "ja" | "zh-Hans" => "。",
            _ => ". ",
        }
    }
}

/// Every supported locale; the first is the fallback.
pub static LOCALES: &[Locale] = &[
    locale!(0),
    locale!(1),
    locale!(2),
    locale!(3),
    locale!(4),
    locale!(5),
    locale!(6),
    locale!(7),
    locale!(8),
    locale!(9),
    locale!(10),
    locale!(11),
    locale!(12),
    locale!(13),
];

/// The words of the languages the bundle fetched, for the rest of the page view.
#[cfg(feature = "fetched-languages")]
mod fetched {
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;

    use wasm_bindgen::prelude::*;

    use crate::words::{COUNT, SEPARATOR};

    #[wasm_bindgen]
    extern "C" {
        /// The bundle glue's fetch of a language's file (`cargo xtask dist`), once per
        /// page and language, started as soon as the glue runs for the languages the
        /// page asks for; `done` is called with its text, or with nothing.
        #[wasm_bindgen(catch, js_namespace = ["window", "__statusWidget"], js_name = words)]
        fn fetch_words(tag: &str, done: JsValue) -> Result<(), JsValue>;
    }

    thread_local! {
        /// (tag, joined words) for the page view; no words for a language that failed.
        static WORDS: RefCell<Vec<(&'static str, &'static str)>> = const { RefCell::new(Vec::new()) };
    }

    /// Whether `tag`'s words could not be had (refused, missing, malformed): the widget is
    /// then wholly in English, its times and `lang` included, not English words around
    /// another language's times. Recorded in [`WORDS`] as no words.
    pub fn failed(tag: &str) -> bool {
        words(tag).is_none() && WORDS.with_borrow(|words| words.iter().any(|(known, _)| *known == tag))
    }

    fn fail(tag: &'static str) {
        WORDS.with_borrow_mut(|words| words.push((tag, "")));
    }

    pub fn words(tag: &str) -> Option<&'static str> {
        let found = |(known, joined): &&(&str, &'static str)| *known == tag && !joined.is_empty();
        WORDS.with_borrow(|words| words.iter().find(found).map(|(_, joined)| *joined))
    }

    pub fn fetch(tag: &'static str, then: Box<dyn FnOnce()>) {
        let then = Rc::new(Cell::new(Some(then)));
        let run = then.clone();
        // Freed once called: the glue calls it once, whatever the fetch's outcome.
        let done = Closure::once_into_js(move |text: JsValue| {
            if let Some(text) = text.as_string() {
                record(tag, text);
            }
            if words(tag).is_none() {
                fail(tag);
            }
            if let Some(then) = run.take() {
                then();
            }
        });
        if fetch_words(tag, done).is_err() {
            // No glue to fetch them (not the bundle): English.
            fail(tag);
            if let Some(then) = then.take() {
                then();
            }
        }
    }

    fn record(tag: &'static str, text: String) {
        // A file of another shape (not one of ours) leaves the widget in English: COUNT
        // words, none empty, each ended by the separator (so one field after them).
        let mut fields = text.split(char::from(SEPARATOR));
        let words_ok = fields.by_ref().take(COUNT).filter(|field| !field.is_empty()).count() == COUNT;
        if !words_ok || fields.next().is_none() || fields.next().is_some() || words(tag).is_some() {
            return;
        }
        // Kept for the page view: at most thirteen languages' words, a few hundred bytes each.
        let joined: &'static str = Box::leak(text.into_boxed_str());
        WORDS.with_borrow_mut(|words| words.push((tag, joined)));
    }
}

/// Every language's words are in the wasm.
#[cfg(not(feature = "fetched-languages"))]
mod fetched {
    pub fn words(_tag: &str) -> Option<&'static str> {
        None
    }

    pub fn failed(_tag: &str) -> bool {
        false
    }

    pub fn fetch(_tag: &'static str, then: Box<dyn FnOnce()>) {
        then();
    }
}

/// `template` with its one `{…}` placeholder (`{n}`, `{time}`) replaced by `value`.
/// Two char searches instead of `str::replace`, whose substring searcher costs
/// about 1.4 KB of wasm; every template has exactly one placeholder (tested below).
pub(crate) fn fill(template: &str, value: &str) -> String {
    match (template.find('{'), template.find('}')) {
        (Some(open), Some(close)) if open < close => [&template[..open], value, &template[close + 1..]].concat(),
        _ => template.to_owned(),
    }
}

/// The best supported locale for a visitor preferring `preferred`, English otherwise.
pub fn locale_for<S: AsRef<str>>(preferred: &[S]) -> &'static Locale {
    let tags: Vec<&str> = LOCALES.iter().map(|locale| locale.tag).collect();
    let tag = negotiate(&tags, preferred);
    let locale = LOCALES.iter().find(|locale| Some(locale.tag) == tag).unwrap_or(&LOCALES[0]);
    // Words that could not be had leave the widget wholly in English, times and `lang` too.
    if fetched::failed(locale.tag) {
        &LOCALES[0]
    } else {
        locale
    }
}

/// The visitor's own preference that chose `locale`, for the times: a region writes them
/// its own way ("en-GB": "10 May 2024, 14:30"; "es-MX": "2:30 p.m."; the language alone:
/// "May 10, 2024, 2:30 PM", "14:30"). `None` when no preference chose it (the fallback).
pub fn times_preference<S: AsRef<str>>(locale: &Locale, preferred: &[S]) -> Option<String> {
    let wanted = preferred.iter().find(|wanted| negotiate(&[locale.tag], core::slice::from_ref(*wanted)).is_some())?;
    Some(wanted.as_ref().trim().to_owned())
}

/// The visitor's preferences: the `locale` attribute if set, else `navigator.languages`.
pub fn preferred_locales(attribute: Option<&str>) -> Vec<String> {
    if let Some(tag) = attribute.map(str::trim).filter(|tag| !tag.is_empty()) {
        return vec![tag.to_owned()];
    }
    let Some(navigator) = web_sys::window().map(|window| window.navigator()) else { return Vec::new() };
    let languages: Vec<String> = navigator.languages().iter().filter_map(|tag| tag.as_string()).collect();
    if languages.is_empty() {
        navigator.language().into_iter().collect()
    } else {
        languages
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::*;

    /// Every string of a locale with its key, for checks across all of them.
    fn entries(s: &Strings) -> Vec<(&'static str, &'static str)> {
        vec![
            ("investigating", s.investigating),
            ("identified", s.identified),
            ("monitoring", s.monitoring),
            ("resolved", s.resolved),
            ("scheduled", s.scheduled),
            ("in_progress", s.in_progress),
            ("verifying", s.verifying),
            ("completed", s.completed),
            ("update", s.update),
            ("impact_none", s.impact_none),
            ("impact_minor", s.impact_minor),
            ("impact_major", s.impact_major),
            ("impact_critical", s.impact_critical),
            ("impact_maintenance", s.impact_maintenance),
            ("upcoming_maintenance", s.upcoming_maintenance),
            ("starts", s.starts),
            ("starts_at", s.starts_at),
            ("all_ok", s.all_ok),
            ("overall_minor", s.overall_minor),
            ("overall_major", s.overall_major),
            ("overall_critical", s.overall_critical),
            ("overall_maintenance", s.overall_maintenance),
            ("more", s.more),
            ("view_status_page", s.view_status_page),
            ("dismiss", s.dismiss),
            ("stale", s.stale),
            ("unavailable", s.unavailable),
            ("loading", s.loading),
            ("next_update", s.next_update),
            ("overdue", s.overdue),
        ]
    }

    #[test]
    fn every_locale_reads_back_its_strings_in_their_places() {
        let all = [EN, FR, IT, DE, ES, PT, NL, PL, SV, JA, ZH_HANS, KO, AR, HE];
        assert_eq!(LOCALES.len(), all.len());
        for (locale, strings) in LOCALES.iter().zip(all) {
            assert_eq!(locale.strings(), strings, "{}", locale.tag);
        }
    }

    /// `cargo xtask dist` writes a language's file with `Strings::text`; the bundle reads
    /// it as the compiled words are read.
    #[test]
    fn a_language_s_file_is_its_compiled_words() {
        for (locale, (tag, rtl, words)) in LOCALES.iter().zip(LANGUAGES) {
            assert_eq!((locale.tag, locale.rtl), (tag, rtl));
            assert_eq!(words.text(), locale.joined, "{tag}");
        }
    }

    #[test]
    fn no_locale_misses_a_key_or_a_placeholder() {
        let english = entries(&EN);
        for locale in LOCALES {
            for ((key, text), (_, source)) in entries(&locale.strings()).into_iter().zip(&english) {
                assert!(!text.trim().is_empty(), "{}: `{key}` is empty", locale.tag);
                for placeholder in ["{n}", "{time}"] {
                    assert_eq!(
                        text.contains(placeholder),
                        source.contains(placeholder),
                        "{}: `{key}` must keep {placeholder}",
                        locale.tag
                    );
                }
            }
        }
    }

    #[test]
    fn templates_have_one_placeholder_for_fill() {
        for locale in LOCALES {
            let strings = locale.strings();
            for (key, text, value) in [
                ("starts", strings.starts, "in 3 hours"),
                ("starts_at", strings.starts_at, "Dec 6, 2026, 1:05 PM GMT+1"),
                ("more", strings.more, "2"),
            ] {
                assert_eq!(text.matches('{').count() + text.matches('}').count(), 2, "{}: `{key}`", locale.tag);
                let placeholder = if key == "more" { "{n}" } else { "{time}" };
                assert_eq!(fill(text, value), text.replace(placeholder, value), "{}: `{key}`", locale.tag);
            }
        }
    }

    #[test]
    fn only_english_may_leave_words_untranslated() {
        for locale in &LOCALES[1..] {
            let same: Vec<_> = entries(&locale.strings())
                .into_iter()
                .zip(entries(&EN))
                .filter(|((key, text), (_, english))| {
                    text == english && !matches!(*key, "update" | "impact_maintenance")
                })
                .map(|((key, _), _)| key)
                .collect();
            assert!(same.is_empty(), "{} copies English for {same:?}", locale.tag);
        }
    }

    #[test]
    fn negotiation_falls_back_from_region_to_language_to_english() {
        assert_eq!(locale_for(&["fr-CA"]).tag, "fr");
        assert_eq!(locale_for(&["pt-BR"]).tag, "pt");
        assert_eq!(locale_for(&["zh-CN"]).tag, "zh-Hans");
        assert_eq!(locale_for(&["xx", "he-IL"]).tag, "he");
        assert_eq!(locale_for(&["xx"]).tag, "en");
        assert_eq!(locale_for::<&str>(&[]).tag, "en");
        assert!(locale_for(&["ar-EG"]).rtl);
    }

    #[test]
    fn times_follow_the_region_of_the_preference_that_chose_the_language() {
        let times = |preferred: &[&str]| times_preference(locale_for(preferred), preferred);
        assert_eq!(times(&["en-GB", "fr"]).as_deref(), Some("en-GB"));
        assert_eq!(times(&["es-MX"]).as_deref(), Some("es-MX"));
        assert_eq!(times(&[" pt-BR "]).as_deref(), Some("pt-BR"));
        assert_eq!(times(&["zh-CN"]).as_deref(), Some("zh-CN"));
        // The preference that chose the language, not the first: no French times in English.
        assert_eq!(times(&["xx", "zh-TW", "en-IN"]).as_deref(), Some("en-IN"));
        assert_eq!(times(&["fr"]).as_deref(), Some("fr"));
        // English as the fallback: no preference chose it.
        assert_eq!(times(&["xx-YY"]), None);
        assert_eq!(times(&[]), None);
    }
}
