//! The widget's own words in every supported language, as plain data: the one
//! place they are written. `i18n` makes them the widget's locales; `cargo xtask dist`
//! (which includes this file) writes each language but English to a file of its
//! own, which the bundle fetches for a visitor who reads it, so an incident page view
//! does not download thirteen languages its visitor does not read.
//!
//! One `Strings` value per locale: adding a language is adding one block here and one
//! line in [`LANGUAGES`]. A locale that misses a key does not compile; the tests in
//! `i18n` check that none is empty and that placeholders survive translation.

/// Every string the widget itself shows.
#[derive(Debug, PartialEq, Eq)]
pub struct Strings {
    /// Incident stage: the cause is being looked for.
    pub investigating: &'static str,
    /// Incident stage: the cause is known.
    pub identified: &'static str,
    /// Incident stage: a fix is being watched.
    pub monitoring: &'static str,
    /// Incident stage: over.
    pub resolved: &'static str,
    /// Maintenance stage: planned.
    pub scheduled: &'static str,
    /// Maintenance stage: under way.
    pub in_progress: &'static str,
    /// Maintenance stage: being checked.
    pub verifying: &'static str,
    /// Maintenance stage: done.
    pub completed: &'static str,
    /// A stage the widget does not know.
    pub update: &'static str,
    /// Severity word for an incident without impact.
    pub impact_none: &'static str,
    /// Severity word, minor.
    pub impact_minor: &'static str,
    /// Severity word, major.
    pub impact_major: &'static str,
    /// Severity word, critical.
    pub impact_critical: &'static str,
    /// Severity word for maintenance under way.
    pub impact_maintenance: &'static str,
    /// Severity word for maintenance ahead.
    pub upcoming_maintenance: &'static str,
    /// When upcoming maintenance starts; `{time}` is a relative time ("in 3 hours").
    pub starts: &'static str,
    /// The same in the announcement, where `{time}` is the absolute time ("Dec 6, 2026,
    /// 1:05 PM GMT+1", which a screen reader hears once): a label where the language's
    /// verb would need a preposition before a date.
    pub starts_at: &'static str,
    /// Overall status, nothing wrong.
    pub all_ok: &'static str,
    /// Overall status, minor.
    pub overall_minor: &'static str,
    /// Overall status, major.
    pub overall_major: &'static str,
    /// Overall status, critical.
    pub overall_critical: &'static str,
    /// Overall status, maintenance.
    pub overall_maintenance: &'static str,
    /// Link to the other notices; `{n}` is their count. Phrased so that one form is right
    /// for every count ("+1 de plus", "+2 de plus"), which saves plural rules.
    pub more: &'static str,
    /// Link to the full status page.
    pub view_status_page: &'static str,
    /// Label of the dismiss button.
    pub dismiss: &'static str,
    /// Shown when the last good data is over 10 minutes old.
    pub stale: &'static str,
    /// Shown when nothing could ever be loaded.
    pub unavailable: &'static str,
    /// Shown while the first load is under way.
    pub loading: &'static str,
    /// When the operator promised the next update; `{time}` is a clock time ("14:30").
    pub next_update: &'static str,
    /// Shown once that promised time has passed without a new update.
    pub overdue: &'static str,
}

/// Ends each string in a locale's joined form: a control character no translation holds.
pub(crate) const SEPARATOR: u8 = 0x1f;

/// How many strings a locale has.
pub(crate) const COUNT: usize = size_of::<Strings>() / size_of::<&str>();

impl Strings {
    /// The strings in their order. A new field makes [`COUNT`] one more, and this
    /// array one short, which does not compile until it is added here.
    pub(crate) const fn fields(&self) -> [&'static str; COUNT] {
        [
            self.investigating,
            self.identified,
            self.monitoring,
            self.resolved,
            self.scheduled,
            self.in_progress,
            self.verifying,
            self.completed,
            self.update,
            self.impact_none,
            self.impact_minor,
            self.impact_major,
            self.impact_critical,
            self.impact_maintenance,
            self.upcoming_maintenance,
            self.starts,
            self.starts_at,
            self.all_ok,
            self.overall_minor,
            self.overall_major,
            self.overall_critical,
            self.overall_maintenance,
            self.more,
            self.view_status_page,
            self.dismiss,
            self.stale,
            self.unavailable,
            self.loading,
            self.next_update,
            self.overdue,
        ]
    }

    /// The strings, each ended by [`SEPARATOR`]: one string in the wasm's data per
    /// locale instead of 29 pointers and lengths, which gzip can hardly shrink (1.5 KB
    /// of the 14 locales' 3.2 KB).
    pub(crate) const fn joined<const LEN: usize>(&self) -> [u8; LEN] {
        let fields = self.fields();
        let mut out = [SEPARATOR; LEN];
        let (mut field, mut at) = (0, 0);
        while field < COUNT {
            let text = fields[field].as_bytes();
            let mut byte = 0;
            while byte < text.len() {
                out[at] = text[byte];
                (byte, at) = (byte + 1, at + 1);
            }
            (field, at) = (field + 1, at + 1);
        }
        assert!(at == LEN, "LEN is joined_len()");
        out
    }

    /// The length of [`Strings::joined`].
    pub(crate) const fn joined_len(&self) -> usize {
        let fields = self.fields();
        let (mut field, mut len) = (0, 0);
        while field < COUNT {
            assert!(!fields[field].is_empty(), "no string is empty");
            len += fields[field].len() + 1;
            field += 1;
        }
        len
    }

    /// The inverse of [`Strings::joined`]. A struct's fields are evaluated in the order
    /// written: the order of [`Strings::fields`] (a test reads every locale back).
    pub(crate) fn from_joined(joined: &'static str) -> Strings {
        let mut texts = joined.split(char::from(SEPARATOR));
        let mut next = move || texts.next().unwrap_or_default();
        Strings {
            investigating: next(),
            identified: next(),
            monitoring: next(),
            resolved: next(),
            scheduled: next(),
            in_progress: next(),
            verifying: next(),
            completed: next(),
            update: next(),
            impact_none: next(),
            impact_minor: next(),
            impact_major: next(),
            impact_critical: next(),
            impact_maintenance: next(),
            upcoming_maintenance: next(),
            starts: next(),
            starts_at: next(),
            all_ok: next(),
            overall_minor: next(),
            overall_major: next(),
            overall_critical: next(),
            overall_maintenance: next(),
            more: next(),
            view_status_page: next(),
            dismiss: next(),
            stale: next(),
            unavailable: next(),
            loading: next(),
            next_update: next(),
            overdue: next(),
        }
    }

    /// [`Strings::joined`] at run time, for a language's file (`cargo xtask dist`).
    pub fn text(&self) -> String {
        self.fields().iter().flat_map(|field| [*field, "\u{1f}"]).collect()
    }
}

/// Every supported language: its BCP 47 tag (also passed to `Intl`), whether its
/// script runs right to left, and its words. The first is the fallback.
pub const LANGUAGES: [(&str, bool, &Strings); 14] = [
    ("en", false, &EN),
    ("fr", false, &FR),
    ("it", false, &IT),
    ("de", false, &DE),
    ("es", false, &ES),
    ("pt", false, &PT),
    ("nl", false, &NL),
    ("pl", false, &PL),
    ("sv", false, &SV),
    ("ja", false, &JA),
    ("zh-Hans", false, &ZH_HANS),
    ("ko", false, &KO),
    ("ar", true, &AR),
    ("he", true, &HE),
];

/// English: the fallback, and the words of the `status-change` event.
pub(crate) const EN: Strings = Strings {
    investigating: "Investigating",
    identified: "Identified",
    monitoring: "Monitoring",
    resolved: "Resolved",
    scheduled: "Scheduled",
    in_progress: "In progress",
    verifying: "Verifying",
    completed: "Completed",
    update: "Update",
    impact_none: "Notice",
    impact_minor: "Minor incident",
    impact_major: "Major incident",
    impact_critical: "Critical incident",
    impact_maintenance: "Maintenance",
    upcoming_maintenance: "Scheduled maintenance",
    starts: "Starts {time}",
    starts_at: "Starts {time}",
    all_ok: "All Systems Operational",
    overall_minor: "Minor Service Outage",
    overall_major: "Partial System Outage",
    overall_critical: "Major System Outage",
    overall_maintenance: "Service Under Maintenance",
    more: "+{n} more",
    view_status_page: "View status page",
    dismiss: "Dismiss",
    stale: "Status may be out of date",
    unavailable: "Status unavailable",
    loading: "Checking status…",
    next_update: "Next update by {time}",
    overdue: "Update overdue",
};

pub(crate) const FR: Strings = Strings {
    investigating: "Analyse en cours",
    identified: "Cause identifiée",
    monitoring: "Sous surveillance",
    resolved: "Résolu",
    scheduled: "Planifiée",
    in_progress: "En cours",
    verifying: "Vérification",
    completed: "Terminée",
    update: "Mise à jour",
    impact_none: "Information",
    impact_minor: "Incident mineur",
    impact_major: "Incident majeur",
    impact_critical: "Incident critique",
    impact_maintenance: "Maintenance",
    upcoming_maintenance: "Maintenance planifiée",
    starts: "Commence {time}",
    starts_at: "Début\u{a0}: {time}",
    all_ok: "Tous les systèmes sont opérationnels",
    overall_minor: "Perturbation mineure",
    overall_major: "Panne partielle",
    overall_critical: "Panne majeure",
    overall_maintenance: "Maintenance en cours",
    more: "+{n} de plus",
    view_status_page: "Voir la page d’état",
    dismiss: "Fermer",
    stale: "L’état affiché n’est peut-être pas à jour",
    unavailable: "État indisponible",
    loading: "Vérification de l’état…",
    next_update: "Prochaine mise à jour avant {time}",
    overdue: "Mise à jour en retard",
};

pub(crate) const IT: Strings = Strings {
    investigating: "In fase di analisi",
    identified: "Causa identificata",
    monitoring: "Monitoraggio",
    resolved: "Risolto",
    scheduled: "Programmata",
    in_progress: "In corso",
    verifying: "Verifica",
    completed: "Completata",
    update: "Aggiornamento",
    impact_none: "Avviso",
    impact_minor: "Incidente minore",
    impact_major: "Incidente grave",
    impact_critical: "Incidente critico",
    impact_maintenance: "Manutenzione",
    upcoming_maintenance: "Manutenzione programmata",
    starts: "Inizia {time}",
    starts_at: "Inizio: {time}",
    all_ok: "Tutti i sistemi sono operativi",
    overall_minor: "Disservizio minore",
    overall_major: "Disservizio parziale",
    overall_critical: "Disservizio grave",
    overall_maintenance: "Manutenzione in corso",
    more: "+{n} in più",
    view_status_page: "Vai alla pagina di stato",
    dismiss: "Chiudi",
    stale: "Lo stato potrebbe non essere aggiornato",
    unavailable: "Stato non disponibile",
    loading: "Verifica dello stato…",
    next_update: "Prossimo aggiornamento entro le {time}",
    overdue: "Aggiornamento in ritardo",
};

pub(crate) const DE: Strings = Strings {
    investigating: "Wird untersucht",
    identified: "Ursache erkannt",
    monitoring: "Wird beobachtet",
    resolved: "Behoben",
    scheduled: "Geplant",
    in_progress: "Läuft",
    verifying: "Wird überprüft",
    completed: "Abgeschlossen",
    update: "Update",
    impact_none: "Hinweis",
    impact_minor: "Kleinere Störung",
    impact_major: "Größere Störung",
    impact_critical: "Kritische Störung",
    impact_maintenance: "Wartung",
    upcoming_maintenance: "Geplante Wartung",
    starts: "Beginnt {time}",
    starts_at: "Beginn: {time}",
    all_ok: "Alle Systeme betriebsbereit",
    overall_minor: "Geringfügige Störung",
    overall_major: "Teilweiser Ausfall",
    overall_critical: "Schwerer Ausfall",
    overall_maintenance: "Wartungsarbeiten",
    more: "+{n} weitere",
    view_status_page: "Statusseite öffnen",
    dismiss: "Schließen",
    stale: "Status möglicherweise veraltet",
    unavailable: "Status nicht verfügbar",
    loading: "Status wird geprüft…",
    next_update: "Nächstes Update bis {time} Uhr",
    overdue: "Update überfällig",
};

pub(crate) const ES: Strings = Strings {
    investigating: "Investigando",
    identified: "Causa identificada",
    monitoring: "En observación",
    resolved: "Resuelto",
    scheduled: "Programado",
    in_progress: "En curso",
    verifying: "Verificando",
    completed: "Completado",
    update: "Actualización",
    impact_none: "Aviso",
    impact_minor: "Incidente menor",
    impact_major: "Incidente grave",
    impact_critical: "Incidente crítico",
    impact_maintenance: "Mantenimiento",
    upcoming_maintenance: "Mantenimiento programado",
    starts: "Empieza {time}",
    starts_at: "Inicio: {time}",
    all_ok: "Todos los sistemas están operativos",
    overall_minor: "Interrupción menor",
    overall_major: "Interrupción parcial",
    overall_critical: "Interrupción grave",
    overall_maintenance: "Servicio en mantenimiento",
    more: "+{n} más",
    view_status_page: "Ver página de estado",
    dismiss: "Cerrar",
    stale: "Puede que el estado no esté actualizado",
    unavailable: "Estado no disponible",
    loading: "Comprobando el estado…",
    next_update: "Próxima actualización antes de las {time}",
    overdue: "Actualización atrasada",
};

pub(crate) const PT: Strings = Strings {
    investigating: "Investigando",
    identified: "Causa identificada",
    monitoring: "Monitorando",
    resolved: "Resolvido",
    scheduled: "Agendada",
    in_progress: "Em andamento",
    verifying: "Verificando",
    completed: "Concluída",
    update: "Atualização",
    impact_none: "Aviso",
    impact_minor: "Incidente menor",
    impact_major: "Incidente grave",
    impact_critical: "Incidente crítico",
    impact_maintenance: "Manutenção",
    upcoming_maintenance: "Manutenção agendada",
    starts: "Começa {time}",
    starts_at: "Início: {time}",
    all_ok: "Todos os sistemas estão operacionais",
    overall_minor: "Interrupção menor",
    overall_major: "Interrupção parcial",
    overall_critical: "Interrupção grave",
    overall_maintenance: "Serviço em manutenção",
    more: "+{n} mais",
    view_status_page: "Ver página de status",
    dismiss: "Fechar",
    stale: "O status pode estar desatualizado",
    unavailable: "Status indisponível",
    loading: "Verificando o status…",
    next_update: "Próxima atualização até {time}",
    overdue: "Atualização atrasada",
};

pub(crate) const NL: Strings = Strings {
    investigating: "Wordt onderzocht",
    identified: "Oorzaak gevonden",
    monitoring: "Wordt gevolgd",
    resolved: "Opgelost",
    scheduled: "Gepland",
    in_progress: "Bezig",
    verifying: "Wordt gecontroleerd",
    completed: "Voltooid",
    update: "Update",
    impact_none: "Melding",
    impact_minor: "Kleine storing",
    impact_major: "Grote storing",
    impact_critical: "Kritieke storing",
    impact_maintenance: "Onderhoud",
    upcoming_maintenance: "Gepland onderhoud",
    starts: "Begint {time}",
    starts_at: "Begin: {time}",
    all_ok: "Alle systemen operationeel",
    overall_minor: "Kleine verstoring",
    overall_major: "Gedeeltelijke storing",
    overall_critical: "Ernstige storing",
    overall_maintenance: "Onderhoud bezig",
    more: "+{n} meer",
    view_status_page: "Statuspagina bekijken",
    dismiss: "Sluiten",
    stale: "Status is mogelijk verouderd",
    unavailable: "Status niet beschikbaar",
    loading: "Status controleren…",
    next_update: "Volgende update uiterlijk {time}",
    overdue: "Update is te laat",
};

pub(crate) const PL: Strings = Strings {
    investigating: "Trwa analiza",
    identified: "Przyczyna ustalona",
    monitoring: "Monitorowanie",
    resolved: "Rozwiązano",
    scheduled: "Zaplanowane",
    in_progress: "W toku",
    verifying: "Weryfikacja",
    completed: "Zakończone",
    update: "Aktualizacja",
    impact_none: "Komunikat",
    impact_minor: "Drobny incydent",
    impact_major: "Poważny incydent",
    impact_critical: "Krytyczny incydent",
    impact_maintenance: "Prace serwisowe",
    upcoming_maintenance: "Planowane prace serwisowe",
    starts: "Rozpoczną się {time}",
    starts_at: "Początek: {time}",
    all_ok: "Wszystkie systemy działają",
    overall_minor: "Drobne zakłócenia",
    overall_major: "Częściowa awaria",
    overall_critical: "Poważna awaria",
    overall_maintenance: "Trwają prace serwisowe",
    more: "+{n} więcej",
    view_status_page: "Zobacz stronę statusu",
    dismiss: "Zamknij",
    stale: "Status może być nieaktualny",
    unavailable: "Status niedostępny",
    loading: "Sprawdzanie statusu…",
    next_update: "Następna aktualizacja do {time}",
    overdue: "Aktualizacja opóźniona",
};

pub(crate) const SV: Strings = Strings {
    investigating: "Undersöks",
    identified: "Orsak identifierad",
    monitoring: "Övervakas",
    resolved: "Löst",
    scheduled: "Schemalagt",
    in_progress: "Pågår",
    verifying: "Verifieras",
    completed: "Slutfört",
    update: "Uppdatering",
    impact_none: "Meddelande",
    impact_minor: "Mindre incident",
    impact_major: "Större incident",
    impact_critical: "Kritisk incident",
    impact_maintenance: "Underhåll",
    upcoming_maintenance: "Schemalagt underhåll",
    starts: "Börjar {time}",
    starts_at: "Start: {time}",
    all_ok: "Alla system fungerar",
    overall_minor: "Mindre störning",
    overall_major: "Delvis avbrott",
    overall_critical: "Större avbrott",
    overall_maintenance: "Underhåll pågår",
    more: "+{n} till",
    view_status_page: "Visa statussidan",
    dismiss: "Stäng",
    stale: "Statusen kan vara inaktuell",
    unavailable: "Status inte tillgänglig",
    loading: "Kontrollerar status…",
    next_update: "Nästa uppdatering senast {time}",
    overdue: "Uppdateringen är försenad",
};

pub(crate) const JA: Strings = Strings {
    investigating: "調査中",
    identified: "原因特定",
    monitoring: "経過観察中",
    resolved: "解決済み",
    scheduled: "予定",
    in_progress: "実施中",
    verifying: "確認中",
    completed: "完了",
    update: "更新",
    impact_none: "お知らせ",
    impact_minor: "軽微な障害",
    impact_major: "重大な障害",
    impact_critical: "深刻な障害",
    impact_maintenance: "メンテナンス",
    upcoming_maintenance: "メンテナンス予定",
    starts: "開始：{time}",
    starts_at: "開始：{time}",
    all_ok: "すべてのシステムが正常に稼働中",
    overall_minor: "一部機能に軽微な障害",
    overall_major: "一部システムの障害",
    overall_critical: "大規模なシステム障害",
    overall_maintenance: "メンテナンス中",
    more: "他 {n} 件",
    view_status_page: "ステータスページを見る",
    dismiss: "閉じる",
    stale: "ステータスが最新でない可能性があります",
    unavailable: "ステータスを取得できません",
    loading: "ステータスを確認中…",
    next_update: "次回更新予定：{time}まで",
    overdue: "更新が遅れています",
};

pub(crate) const ZH_HANS: Strings = Strings {
    investigating: "正在调查",
    identified: "已查明原因",
    monitoring: "持续监控中",
    resolved: "已解决",
    scheduled: "已计划",
    in_progress: "进行中",
    verifying: "验证中",
    completed: "已完成",
    update: "更新",
    impact_none: "通知",
    impact_minor: "轻微事件",
    impact_major: "重大事件",
    impact_critical: "严重事件",
    impact_maintenance: "维护",
    upcoming_maintenance: "计划维护",
    starts: "{time}开始",
    starts_at: "开始时间：{time}",
    all_ok: "所有系统运行正常",
    overall_minor: "轻微服务中断",
    overall_major: "部分系统中断",
    overall_critical: "重大系统中断",
    overall_maintenance: "服务维护中",
    more: "另外 {n} 项",
    view_status_page: "查看状态页面",
    dismiss: "关闭",
    stale: "状态信息可能已过时",
    unavailable: "无法获取状态",
    loading: "正在检查状态…",
    next_update: "下次更新：{time}前",
    overdue: "更新已逾期",
};

pub(crate) const KO: Strings = Strings {
    investigating: "조사 중",
    identified: "원인 확인됨",
    monitoring: "모니터링 중",
    resolved: "해결됨",
    scheduled: "예정됨",
    in_progress: "진행 중",
    verifying: "검증 중",
    completed: "완료됨",
    update: "업데이트",
    impact_none: "알림",
    impact_minor: "경미한 장애",
    impact_major: "주요 장애",
    impact_critical: "심각한 장애",
    impact_maintenance: "점검",
    upcoming_maintenance: "예정된 점검",
    starts: "{time} 시작",
    starts_at: "시작: {time}",
    all_ok: "모든 시스템 정상 작동",
    overall_minor: "경미한 서비스 장애",
    overall_major: "일부 시스템 장애",
    overall_critical: "주요 시스템 장애",
    overall_maintenance: "서비스 점검 중",
    more: "외 {n}건",
    view_status_page: "상태 페이지 보기",
    dismiss: "닫기",
    stale: "상태 정보가 최신이 아닐 수 있습니다",
    unavailable: "상태를 확인할 수 없음",
    loading: "상태 확인 중…",
    next_update: "다음 업데이트: {time}까지",
    overdue: "업데이트 지연",
};

pub(crate) const AR: Strings = Strings {
    investigating: "قيد التحقيق",
    identified: "تم تحديد السبب",
    monitoring: "قيد المراقبة",
    resolved: "تم الحل",
    scheduled: "مجدولة",
    in_progress: "قيد التنفيذ",
    verifying: "قيد التحقق",
    completed: "مكتملة",
    update: "تحديث",
    impact_none: "إشعار",
    impact_minor: "حادث بسيط",
    impact_major: "حادث كبير",
    impact_critical: "حادث حرج",
    impact_maintenance: "صيانة",
    upcoming_maintenance: "صيانة مجدولة",
    starts: "تبدأ {time}",
    starts_at: "موعد البدء: {time}",
    all_ok: "جميع الأنظمة تعمل بشكل طبيعي",
    overall_minor: "انقطاع بسيط في الخدمة",
    overall_major: "انقطاع جزئي في النظام",
    overall_critical: "انقطاع كبير في النظام",
    overall_maintenance: "الخدمة قيد الصيانة",
    more: "و{n} أخرى",
    view_status_page: "عرض صفحة الحالة",
    dismiss: "إغلاق",
    stale: "قد لا تكون الحالة محدّثة",
    unavailable: "الحالة غير متاحة",
    loading: "جارٍ التحقق من الحالة…",
    next_update: "التحديث التالي بحلول {time}",
    overdue: "تأخر التحديث",
};

pub(crate) const HE: Strings = Strings {
    investigating: "בבדיקה",
    identified: "הסיבה זוהתה",
    monitoring: "במעקב",
    resolved: "נפתרה",
    scheduled: "מתוכננת",
    in_progress: "בביצוע",
    verifying: "באימות",
    completed: "הושלמה",
    update: "עדכון",
    impact_none: "הודעה",
    impact_minor: "תקלה קלה",
    impact_major: "תקלה משמעותית",
    impact_critical: "תקלה קריטית",
    impact_maintenance: "תחזוקה",
    upcoming_maintenance: "תחזוקה מתוכננת",
    starts: "מתחילה {time}",
    starts_at: "מועד התחלה: {time}",
    all_ok: "כל המערכות פועלות כרגיל",
    overall_minor: "תקלה קלה בשירות",
    overall_major: "השבתה חלקית",
    overall_critical: "השבתה משמעותית",
    overall_maintenance: "השירות בתחזוקה",
    more: "עוד {n}",
    view_status_page: "לדף הסטטוס",
    dismiss: "סגירה",
    stale: "ייתכן שהסטטוס אינו עדכני",
    unavailable: "הסטטוס אינו זמין",
    loading: "בודקים את הסטטוס…",
    next_update: "העדכון הבא עד {time}",
    overdue: "העדכון מתעכב",
};
