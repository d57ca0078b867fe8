//! The status page's own words (chrome) in English, French and Italian, and dates
//! written the way each language writes them, always with their UTC offset.
//!
//! Incident text comes from the operator; only the surrounding labels live here.
//! A locale without a table falls back through [`status_feed::negotiate`], then English.

use status_feed::{ComponentStatus, Impact, IncidentStatus, Timestamp};

/// Every label the generated pages, badge and Atom feed use.
#[derive(Debug)]
pub struct Chrome {
    /// BCP 47 tag of this table.
    pub tag: &'static str,
    /// Overall status texts: none, minor, major, critical, maintenance.
    pub overall: [&'static str; 5],
    /// Component status names: operational, degraded, partial, major, maintenance.
    pub component: [&'static str; 5],
    /// Stage names: investigating, identified, monitoring, resolved, postmortem,
    /// scheduled, in progress, verifying, completed.
    pub stage: [&'static str; 9],
    /// Maintenance completed before it began: called off (the calendar's word for it).
    pub cancelled: &'static str,
    /// Impact names: none, minor, major, critical, maintenance.
    pub impact: [&'static str; 5],
    /// Month names, January first.
    pub months: [&'static str; 12],
    /// "Components".
    pub components: &'static str,
    /// "Active incidents".
    pub active_incidents: &'static str,
    /// "Maintenance in progress".
    pub maintenance_in_progress: &'static str,
    /// "Upcoming maintenance".
    pub upcoming_maintenance: &'static str,
    /// "Past incidents".
    pub history: &'static str,
    /// "No incidents reported."
    pub no_incidents: &'static str,
    /// "Affected".
    pub affected: &'static str,
    /// "Scheduled for".
    pub scheduled_for: &'static str,
    /// "until" (between the two ends of a window).
    pub until: &'static str,
    /// "Last updated".
    pub last_updated: &'static str,
    /// "Next update by" (a promised `next_update_at`).
    pub next_update: &'static str,
    /// "overdue" (a promised update that did not come).
    pub overdue: &'static str,
    /// "edited" (a notification of an update whose id was posted with other words).
    pub edited: &'static str,
    /// "Back to the status page".
    pub back: &'static str,
    /// "Subscribe (Atom)".
    pub subscribe: &'static str,
    /// "Machine-readable feed".
    pub feed: &'static str,
    /// "Times are shown in".
    pub times_in: &'static str,
    /// "Status" (badge label).
    pub status: &'static str,
    /// "Resolved after" is not needed; "Impact".
    pub impact_label: &'static str,
    /// Skip link text.
    pub skip: &'static str,
    /// Month abbreviations for the uptime cells' labels (`12 Nov`).
    pub short_months: [&'static str; 12],
    /// "Postmortem" (heading).
    pub postmortem: &'static str,
    /// "Published" (before the postmortem's date).
    pub published: &'static str,
    /// "Duration".
    pub duration_label: &'static str,
    /// "ongoing" (after a duration that is still growing).
    pub ongoing: &'static str,
    /// "Subscribe" (section heading).
    pub subscribe_heading: &'static str,
    /// Link text of `history.atom`.
    pub all_atom: &'static str,
    /// Before the per-component Atom links.
    pub component_atom: &'static str,
    /// The maintenance calendar's name (in the page's list and in calendar apps).
    pub calendar: &'static str,
    /// Link text of its `webcal:` address (a subscription that follows every change).
    pub calendar_subscribe: &'static str,
    /// Link text of the `.ics` file itself (imported once, where a calendar offers that).
    pub calendar_file: &'static str,
    /// Heading of the uptime section.
    pub uptime_heading: &'static str,
    /// "uptime" (after a percentage).
    pub uptime: &'static str,
    /// "90 days ago" (start of the uptime bar).
    pub days_ago: &'static str,
    /// "Today".
    pub today: &'static str,
    /// "no data" (a day before a component existed).
    pub no_data: &'static str,
    /// "no downtime" (a quiet day).
    pub no_downtime: &'static str,
    /// "maintenance" (in a day's label).
    pub maintenance_word: &'static str,
    /// "No incidents reported from ", " to ", ".": a collapsed quiet stretch.
    pub quiet_range: [&'static str; 3],
    /// "Incident history" (the monthly archive).
    pub incident_history: &'static str,
    /// "Previous month".
    pub previous_month: &'static str,
    /// "Next month".
    pub next_month: &'static str,
    /// "No incidents reported this month."
    pub month_empty: &'static str,
    /// "All months" (archive navigation).
    pub all_months: &'static str,
}

const EN: Chrome = Chrome {
    tag: "en",
    overall: [
        "All Systems Operational",
        "Minor Service Outage",
        "Partial System Outage",
        "Major System Outage",
        "Service Under Maintenance",
    ],
    component: ["Operational", "Degraded Performance", "Partial Outage", "Major Outage", "Under Maintenance"],
    stage: [
        "Investigating",
        "Identified",
        "Monitoring",
        "Resolved",
        "Postmortem",
        "Scheduled",
        "In progress",
        "Verifying",
        "Completed",
    ],
    cancelled: "Cancelled",
    impact: ["None", "Minor", "Major", "Critical", "Maintenance"],
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    components: "Components",
    active_incidents: "Active incidents",
    maintenance_in_progress: "Maintenance in progress",
    upcoming_maintenance: "Upcoming maintenance",
    history: "Past incidents",
    no_incidents: "No incidents reported.",
    affected: "Affected",
    scheduled_for: "Scheduled for",
    until: "until",
    last_updated: "Last updated",
    next_update: "Next update by",
    overdue: "overdue",
    edited: "edited",
    back: "Back to the status page",
    subscribe: "Subscribe (Atom)",
    feed: "JSON feed",
    times_in: "Times are shown in",
    status: "status",
    impact_label: "Impact",
    skip: "Skip to content",
    short_months: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    postmortem: "Postmortem",
    published: "Published",
    duration_label: "Duration",
    ongoing: "ongoing",
    subscribe_heading: "Subscribe",
    all_atom: "All incidents and maintenance (Atom)",
    component_atom: "One component (Atom)",
    calendar: "Maintenance calendar",
    calendar_subscribe: "subscribe",
    calendar_file: "iCalendar file",
    uptime_heading: "Uptime over the last 90 days",
    uptime: "uptime",
    days_ago: "90 days ago",
    today: "Today",
    no_data: "no data",
    no_downtime: "no downtime",
    maintenance_word: "maintenance",
    quiet_range: ["No incidents reported from ", " to ", "."],
    incident_history: "Incident history",
    previous_month: "Previous month",
    next_month: "Next month",
    month_empty: "No incidents reported this month.",
    all_months: "All months",
};

const FR: Chrome = Chrome {
    tag: "fr",
    overall: [
        "Tous les systèmes sont opérationnels",
        "Perturbation mineure",
        "Panne partielle",
        "Panne majeure",
        "Maintenance en cours",
    ],
    component: ["Opérationnel", "Performances dégradées", "Panne partielle", "Panne majeure", "En maintenance"],
    stage: [
        "Analyse en cours",
        "Cause identifiée",
        "Sous surveillance",
        "Résolu",
        "Post-mortem",
        "Planifiée",
        "En cours",
        "Vérification",
        "Terminée",
    ],
    cancelled: "Annulée",
    impact: ["Aucun", "Mineur", "Majeur", "Critique", "Maintenance"],
    months: [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    components: "Composants",
    active_incidents: "Incidents en cours",
    maintenance_in_progress: "Maintenance en cours",
    upcoming_maintenance: "Maintenances planifiées",
    history: "Incidents passés",
    no_incidents: "Aucun incident signalé.",
    affected: "Composants concernés",
    scheduled_for: "Prévue le",
    until: "jusqu’au",
    last_updated: "Dernière mise à jour",
    next_update: "Prochaine mise à jour avant",
    overdue: "en retard",
    edited: "modifié",
    back: "Retour à la page d’état",
    subscribe: "S’abonner (Atom)",
    feed: "Flux JSON",
    times_in: "Heures affichées en",
    status: "état",
    impact_label: "Impact",
    skip: "Aller au contenu",
    short_months: ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
    postmortem: "Post-mortem",
    published: "Publié le",
    duration_label: "Durée",
    ongoing: "en cours",
    subscribe_heading: "S’abonner",
    all_atom: "Tous les incidents et maintenances (Atom)",
    component_atom: "Un composant (Atom)",
    calendar: "Calendrier des maintenances",
    calendar_subscribe: "s’abonner",
    calendar_file: "fichier iCalendar",
    uptime_heading: "Disponibilité sur les 90 derniers jours",
    uptime: "de disponibilité",
    days_ago: "il y a 90 jours",
    today: "Aujourd’hui",
    no_data: "aucune donnée",
    no_downtime: "aucune interruption",
    maintenance_word: "maintenance",
    quiet_range: ["Aucun incident signalé du ", " au ", "."],
    incident_history: "Historique des incidents",
    previous_month: "Mois précédent",
    next_month: "Mois suivant",
    month_empty: "Aucun incident signalé ce mois-ci.",
    all_months: "Tous les mois",
};

const IT: Chrome = Chrome {
    tag: "it",
    overall: [
        "Tutti i sistemi sono operativi",
        "Disservizio minore",
        "Disservizio parziale",
        "Disservizio grave",
        "Manutenzione in corso",
    ],
    component: ["Operativo", "Prestazioni ridotte", "Disservizio parziale", "Disservizio grave", "In manutenzione"],
    stage: [
        "In fase di analisi",
        "Causa identificata",
        "Monitoraggio",
        "Risolto",
        "Post-mortem",
        "Programmata",
        "In corso",
        "Verifica",
        "Completata",
    ],
    cancelled: "Annullata",
    impact: ["Nessuno", "Minore", "Grave", "Critico", "Manutenzione"],
    months: [
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ],
    components: "Componenti",
    active_incidents: "Incidenti in corso",
    maintenance_in_progress: "Manutenzione in corso",
    upcoming_maintenance: "Manutenzioni programmate",
    history: "Incidenti passati",
    no_incidents: "Nessun incidente segnalato.",
    affected: "Componenti interessati",
    scheduled_for: "Programmata:",
    until: "–",
    last_updated: "Ultimo aggiornamento",
    next_update: "Prossimo aggiornamento previsto:",
    overdue: "in ritardo",
    edited: "modificato",
    back: "Torna alla pagina di stato",
    subscribe: "Iscriviti (Atom)",
    feed: "Feed JSON",
    times_in: "Orari mostrati in",
    status: "stato",
    impact_label: "Impatto",
    skip: "Vai al contenuto",
    short_months: ["gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"],
    postmortem: "Post-mortem",
    published: "Data di pubblicazione:",
    duration_label: "Durata",
    ongoing: "in corso",
    subscribe_heading: "Iscriviti",
    all_atom: "Tutti gli incidenti e le manutenzioni (Atom)",
    component_atom: "Un componente (Atom)",
    calendar: "Calendario delle manutenzioni",
    calendar_subscribe: "iscriviti",
    calendar_file: "file iCalendar",
    uptime_heading: "Disponibilità negli ultimi 90 giorni",
    uptime: "di disponibilità",
    days_ago: "90 giorni fa",
    today: "Oggi",
    no_data: "nessun dato",
    no_downtime: "nessuna interruzione",
    maintenance_word: "manutenzione",
    quiet_range: ["Nessun incidente segnalato dal ", " al ", "."],
    incident_history: "Storico degli incidenti",
    previous_month: "Mese precedente",
    next_month: "Mese successivo",
    month_empty: "Nessun incidente segnalato questo mese.",
    all_months: "Tutti i mesi",
};

/// Locales with a chrome table.
pub const LOCALES: [&str; 3] = ["en", "fr", "it"];

/// The chrome table for `locale`, falling back to English.
pub fn chrome(locale: &str) -> &'static Chrome {
    match status_feed::negotiate(&LOCALES, &[locale]) {
        Some("fr") => &FR,
        Some("it") => &IT,
        _ => &EN,
    }
}

impl Chrome {
    /// The overall status text for an indicator.
    pub fn overall(&self, indicator: Impact) -> &'static str {
        self.overall[impact_index(indicator)]
    }

    /// The name of an impact.
    pub fn impact(&self, impact: Impact) -> &'static str {
        self.impact[impact_index(impact)]
    }

    /// The name of a component status.
    pub fn component(&self, status: ComponentStatus) -> &'static str {
        self.component[match status {
            ComponentStatus::Operational | ComponentStatus::Unknown => 0,
            ComponentStatus::DegradedPerformance => 1,
            ComponentStatus::PartialOutage => 2,
            ComponentStatus::MajorOutage => 3,
            ComponentStatus::UnderMaintenance => 4,
        }]
    }

    /// The name of a stage.
    pub fn stage(&self, status: IncidentStatus) -> &'static str {
        self.stage[match status {
            IncidentStatus::Investigating | IncidentStatus::Unknown => 0,
            IncidentStatus::Identified => 1,
            IncidentStatus::Monitoring => 2,
            IncidentStatus::Resolved => 3,
            IncidentStatus::Postmortem => 4,
            IncidentStatus::Scheduled => 5,
            IncidentStatus::InProgress => 6,
            IncidentStatus::Verifying => 7,
            IncidentStatus::Completed => 8,
        }]
    }

    /// A date alone: `May 10, 2024` / `10 mai 2024` / `1er mai 2024`.
    pub fn date(&self, year: i16, month: i8, day: i8) -> String {
        let month = self.months[(month.clamp(1, 12) - 1) as usize];
        match self.tag {
            "en" => format!("{month} {day}, {year}"),
            _ => format!("{} {month} {year}", self.day(day)),
        }
    }

    /// The day of the month in a date: French and Italian write the first as an
    /// ordinal (`1er mai`, `1º maggio`).
    fn day(&self, day: i8) -> String {
        match (self.tag, day) {
            ("fr", 1) => "1er".to_owned(),
            ("it", 1) => "1º".to_owned(),
            _ => day.to_string(),
        }
    }

    /// `words` before a date that starts with `day`: Italian elides "dal" and "al"
    /// before the 8th and the 11th (`dall’8`, `all’11`).
    pub fn before_date(&self, words: &str, day: i8) -> String {
        match words.strip_suffix("al ") {
            Some(stem) if self.tag == "it" && (day == 8 || day == 11) => format!("{stem}all’"),
            _ => words.to_owned(),
        }
    }

    /// The colon after a label: French sets a no-break space before it.
    pub fn colon(&self) -> &'static str {
        match self.tag {
            "fr" => "\u{a0}: ",
            _ => ": ",
        }
    }

    /// "Next update by <time>" for an update's promise, unless the update ends the
    /// incident or its `text` already says it (a site's own template may place
    /// `{next_update}`; the default templates leave the promise to `next_update_at`).
    pub fn promise_unless_said(
        &self,
        update: &status_feed::IncidentUpdate,
        text: &str,
        zone: &jiff::tz::TimeZone,
    ) -> Option<String> {
        let at = update.next_update_at.filter(|_| !update.status.is_over())?;
        let shown = self.date_time(at, zone);
        (!text.contains(shown.as_str())).then(|| [self.next_update, " ", &shown].concat())
    }

    /// A time in `zone` with its offset: `May 10, 2024 08:30 (UTC−04:00)`.
    pub fn date_time(&self, time: Timestamp, zone: &jiff::tz::TimeZone) -> String {
        let Ok(instant) = jiff::Timestamp::from_millisecond(time.unix_ms()) else {
            return time.to_string();
        };
        let zoned = instant.to_zoned(zone.clone());
        let date = self.date(zoned.year(), zoned.month(), zoned.day());
        format!("{date} {:02}:{:02} ({})", zoned.hour(), zoned.minute(), utc_offset(zoned.offset().seconds()))
    }
}

impl Chrome {
    /// A short date for labels: `12 Nov` / `12 nov.`.
    pub fn short_date(&self, month: i8, day: i8) -> String {
        let month = self.short_months[(month.clamp(1, 12) - 1) as usize];
        format!("{} {month}", self.day(day))
    }

    /// A month heading: `May 2024` / `mai 2024`.
    pub fn month(&self, year: i16, month: i8) -> String {
        format!("{} {year}", self.months[(month.clamp(1, 12) - 1) as usize])
    }

    /// A percentage with two decimals, the way the language writes it: `99.95%` / `99,95 %`.
    pub fn percent(&self, hundredths: u32) -> String {
        let (whole, fraction) = (hundredths / 100, hundredths % 100);
        match self.tag {
            "en" => format!("{whole}.{fraction:02}%"),
            "fr" => format!("{whole},{fraction:02}\u{202f}%"),
            _ => format!("{whole},{fraction:02}%"),
        }
    }
}

impl Chrome {
    /// A length of time, rounded down to the minute: `42 min`, `3 h 05 min`, `2 d 4 h`
    /// (`j` in French, `g` in Italian).
    pub fn duration(&self, ms: i64) -> String {
        let minutes = ms.max(0) / 60_000;
        let day = match self.tag {
            "fr" => "j",
            "it" => "g",
            _ => "d",
        };
        match minutes {
            0..=59 => format!("{minutes} min"),
            60..=1439 => format!("{} h {:02} min", minutes / 60, minutes % 60),
            _ => format!("{} {day} {} h", minutes / 1440, minutes % 1440 / 60),
        }
    }
}

impl Chrome {
    /// A time in `zone`, `08:30 (UTC−04:00)`, with the date only when it is not the
    /// local day of `today`: promises are read mid-incident, where the hour is what matters.
    pub fn short_time(&self, time: Timestamp, today: Timestamp, zone: &jiff::tz::TimeZone) -> String {
        let zoned = |t: Timestamp| jiff::Timestamp::from_millisecond(t.unix_ms()).map(|i| i.to_zoned(zone.clone()));
        match (zoned(time), zoned(today)) {
            (Ok(at), Ok(now)) if at.date() == now.date() => {
                format!("{:02}:{:02} ({})", at.hour(), at.minute(), utc_offset(at.offset().seconds()))
            }
            _ => self.date_time(time, zone),
        }
    }
}

/// Whether a language tag is written right to left: its script, when it names one
/// (`Arab`, `Hebr`, `Thaa`, `Syrc`, `Nkoo`, `Adlm`, `Rohg`), else its language's usual script.
pub fn is_right_to_left(tag: &str) -> bool {
    const SCRIPTS: [&str; 7] = ["arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg"];
    const LANGUAGES: [&str; 13] = ["ar", "he", "iw", "fa", "ur", "ps", "yi", "dv", "ckb", "sd", "ug", "syr", "arc"];
    let mut parts = tag.split(['-', '_']).map(str::to_ascii_lowercase);
    let language = parts.next().unwrap_or_default();
    // A script is the subtag right after the language (`az-Arab`), never one inside an
    // extension (`ar-u-nu-latn` is Arabic with Latin digits).
    match parts.next().filter(|part| part.len() == 4 && part.bytes().all(|b| b.is_ascii_alphabetic())) {
        Some(script) => SCRIPTS.contains(&script.as_str()),
        None => LANGUAGES.contains(&language.as_str()),
    }
}

/// `UTC`, `UTC+02:00`, `UTC−04:00` (a real minus sign, as typography wants).
pub fn utc_offset(seconds: i32) -> String {
    if seconds == 0 {
        return "UTC".to_owned();
    }
    let sign = if seconds < 0 { '−' } else { '+' };
    let minutes = seconds.abs() / 60;
    format!("UTC{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

fn impact_index(impact: Impact) -> usize {
    match impact {
        Impact::None | Impact::Unknown => 0,
        Impact::Minor => 1,
        Impact::Major => 2,
        Impact::Critical => 3,
        Impact::Maintenance => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn right_to_left_languages_and_scripts() {
        for tag in ["ar", "he", "fa-IR", "ur", "az-Arab", "ar_EG", "ar-u-nu-latn"] {
            assert!(is_right_to_left(tag), "{tag}");
        }
        for tag in ["en", "fr-FR", "ja", "uz-Latn", "ar-Latn", "", "en-u-nu-arab"] {
            assert!(!is_right_to_left(tag), "{tag}");
        }
    }

    #[test]
    fn times_show_their_offset_in_the_page_zone() {
        let zone = jiff::tz::db().get("America/New_York").expect("bundled tzdb");
        let time = Timestamp::parse("2024-05-10T12:30:00Z").expect("valid");
        assert_eq!(chrome("en").date_time(time, &zone), "May 10, 2024 08:30 (UTC−04:00)");
        assert_eq!(chrome("fr-CA").date_time(time, &zone), "10 mai 2024 08:30 (UTC−04:00)");
        assert_eq!(chrome("it").date_time(time, &jiff::tz::TimeZone::UTC), "10 maggio 2024 12:30 (UTC)");
    }

    #[test]
    fn durations_round_down_to_the_minute_in_each_language() {
        assert_eq!(chrome("en").duration(42 * 60_000 + 59_999), "42 min");
        assert_eq!(chrome("en").duration(3 * 3_600_000 + 5 * 60_000), "3 h 05 min");
        assert_eq!(chrome("en").duration(52 * 3_600_000), "2 d 4 h");
        assert_eq!(chrome("fr").duration(52 * 3_600_000), "2 j 4 h");
        assert_eq!(chrome("it").duration(52 * 3_600_000), "2 g 4 h");
    }

    #[test]
    fn dates_read_as_each_language_writes_them() {
        assert_eq!(chrome("fr").date(2024, 5, 1), "1er mai 2024");
        assert_eq!(chrome("it").date(2024, 5, 1), "1º maggio 2024");
        assert_eq!(chrome("en").date(2024, 5, 1), "May 1, 2024");
        assert_eq!(chrome("fr").short_date(11, 1), "1er nov.");
        let [from, to, _] = chrome("it").quiet_range;
        assert_eq!(chrome("it").before_date(from, 8), "Nessun incidente segnalato dall’");
        assert_eq!(chrome("it").before_date(to, 11), " all’");
        assert_eq!(chrome("it").before_date(to, 12), " al ");
        assert_eq!(chrome("fr").before_date(" au ", 8), " au ");
        assert_eq!(format!("Composants{}", chrome("fr").colon()), "Composants\u{a0}: ");
    }

    #[test]
    fn unknown_locales_fall_back_to_english() {
        assert_eq!(chrome("de").tag, "en");
    }
}
