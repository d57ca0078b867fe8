//! The widget drawn by Leptos: the notice card (popup, banner) and the overall status
//! (badge, inline), from one reactive [`Input`].
//!
//! One renderer for every way in: the `<status-widget>` element mounts [`widget`] with
//! signals the loader script writes, the Leptos [`StatusWidget`](crate::StatusWidget)
//! with signals its poller writes, and [`StatusView`] with the app's own signals.
//!
//! The view is one coarse closure over a memoized [`Drawing`]: when it changes, Leptos
//! rebuilds the same elements in place (a new "5 minutes ago" rewrites one text node),
//! so the live region is never replaced and a focused button keeps its focus.
//! Feed strings only ever become text nodes or attribute values: nothing parses HTML.

use leptos::either::Either;
use leptos::prelude::*;
use status_feed::summary_url;

use crate::config::Appearance;
use crate::dismiss;
use crate::i18n::{fill, locale_for, Locale};
use crate::model::{build, overall_class, severity_class, FeedState, HostState, Model, NoticeView, Options};

/// What the host learns on every change: `data-state` and the `status-change` event.
#[derive(Clone, Debug, PartialEq)]
pub struct StatusChange {
    /// `loading`, `none`, `minor`, `major`, `critical`, `maintenance` or `error`.
    pub indicator: &'static str,
    /// The overall status in the visitor's language.
    pub description: &'static str,
    /// The most important notice, if any.
    pub incident: Option<IncidentSummary>,
}

/// The top notice, as reported in [`StatusChange`].
#[derive(Clone, Debug, PartialEq)]
pub struct IncidentSummary {
    /// Incident id.
    pub id: String,
    /// Title as shown.
    pub name: String,
    /// Stage, as on the wire (`identified`).
    pub status: &'static str,
    /// Impact, as on the wire (`major`).
    pub impact: &'static str,
    /// Link to the incident or status page.
    pub url: Option<String>,
}

impl StatusChange {
    fn of(model: &Model) -> Self {
        Self {
            indicator: model.state.as_str(),
            description: model.description,
            incident: model.notices.first().map(|notice| IncidentSummary {
                id: notice.id.clone(),
                name: notice.title.clone(),
                status: notice.status.as_str(),
                impact: notice.impact.as_str(),
                url: notice.link.clone(),
            }),
        }
    }
}

/// Everything a drawing depends on.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Input {
    /// What has been loaded so far.
    pub state: FeedState,
    /// Appearance, position, theme, filter, link and dismissibility.
    pub options: Options,
    /// The visitor's languages, most wanted first; English when none is supported.
    pub languages: Vec<String>,
    /// The current time in ms since the epoch, for relative times and staleness.
    pub now: f64,
}

/// Receives each new status.
pub type OnChange = Box<dyn Fn(&StatusChange)>;

/// What is on screen: the model, and the notices the visitor has not dismissed.
#[derive(Clone, Debug, PartialEq)]
struct Drawing {
    model: Model,
    visible: Vec<NoticeView>,
    options: Options,
    locale: &'static Locale,
    /// The summary URL, which scopes dismissals.
    feed: String,
}

/// The widget for `input`, reporting each change of status to `on_change`.
pub(crate) fn widget(input: impl Fn() -> Input + Send + Sync + 'static, on_change: Option<OnChange>) -> impl IntoView {
    // Notices dismissed in this page view, as `key=revision` (storage may be unavailable).
    let dismissed = RwSignal::new(Vec::<String>::new());
    let drawing = Memo::new(move |_| {
        let input = input();
        let locale = locale_for(&input.languages);
        let model = build(&input.state, &input.options, locale, &input.languages, input.now);
        let feed = summary_url(&input.options.feed);
        let visible = dismissed.with(|session| {
            model
                .notices
                .iter()
                .filter(|notice| {
                    let key = dismiss::key(&feed, &notice.id);
                    !session.contains(&format!("{key}={}", notice.revision))
                        && dismiss::load(&key).as_deref() != Some(notice.revision.as_str())
                })
                .cloned()
                .collect()
        });
        Drawing { model, visible, options: input.options, locale, feed }
    });

    if let Some(on_change) = on_change {
        let on_change = send_wrapper::SendWrapper::new(on_change);
        Effect::new(move |reported: Option<StatusChange>| {
            let change = drawing.with(|drawing| StatusChange::of(&drawing.model));
            if reported.as_ref() != Some(&change) {
                on_change(&change);
            }
            change
        });
    }

    let dismiss_top = move || {
        let Some((key, revision)) = drawing.with_untracked(|drawing| {
            drawing.visible.first().map(|top| (dismiss::key(&drawing.feed, &top.id), top.revision.clone()))
        }) else {
            return;
        };
        dismiss::save(&key, &revision);
        dismissed.update(|session| session.push(format!("{key}={revision}")));
    };

    move || drawing.with(|drawing| root(drawing, dismiss_top))
}

/// The root: a persistent live region. Critical incidents interrupt (`alert`);
/// everything else waits its turn (`status`).
fn root(drawing: &Drawing, dismiss: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let Drawing { model, visible, options, locale, .. } = drawing;
    let shows_notices = options.appearance.shows_notices();
    // Badge and inline sit in the host's line of text; popup and banner are boxes.
    let flow = match options.appearance {
        Appearance::Inline => " flow inline",
        Appearance::Badge => " flow",
        Appearance::Popup | Appearance::Banner => "",
    };
    let role = match model.state {
        HostState::Loaded(status_feed::Impact::Critical) if shows_notices => "alert",
        _ => "status",
    };
    let content = if shows_notices {
        Either::Left(notice_card(visible, model, options, locale, dismiss))
    } else {
        Either::Right(overall_status(model, options.appearance, locale))
    };
    view! {
        <div
            class=format!("sw {}{flow}", options.theme.class())
            dir=if locale.rtl { "rtl" } else { "ltr" }
            lang=locale.tag
            role=role
        >
            {content}
        </div>
    }
}

/// The popup or banner card for the first visible notice, or nothing.
fn notice_card(
    notices: &[NoticeView],
    model: &Model,
    options: &Options,
    locale: &'static Locale,
    dismiss: impl Fn() + Copy + Send + Sync + 'static,
) -> Option<impl IntoView> {
    let top = notices.first()?;
    let strings = locale.strings;
    let class =
        format!("notice {} {} {}", options.appearance.class(), options.position.class(), severity_class(top.impact));
    let stage = (!top.stage.is_empty()).then(|| view! { " · " <span class="stage">{top.stage}</span> });
    let time = (!top.time_text.is_empty()).then(|| {
        view! {
            " · "
            <time part="time" datetime=top.time_iso.clone() title=top.time_title.clone()>
                {top.time_text.clone()}
            </time>
        }
    });
    let message = (!top.message.is_empty())
        .then(|| view! { <p part="message" class="message" dir="auto">{top.message.clone()}</p> });
    let stale = model.stale.then(|| view! { <p class="stale">{strings.stale}</p> });
    let link = top.link.clone().map(|href| {
        view! { <a part="link" href=href target="_blank" rel="noopener noreferrer">{strings.view_status_page}</a> }
    });
    let more = (notices.len() > 1).then(|| {
        view! {
            <a class="more" href=model.page_link.clone() target="_blank" rel="noopener noreferrer">
                {fill(strings.more, &(notices.len() - 1).to_string())}
            </a>
        }
    });
    let dismiss_button = options.dismissible.unwrap_or(true).then(|| {
        view! {
            <button
                part="dismiss"
                class="dismiss"
                type="button"
                aria-label=strings.dismiss
                title=strings.dismiss
                on:click=move |_| dismiss()
            >
                <span aria-hidden="true">"×"</span>
            </button>
        }
    });
    Some(view! {
        <section part="container" class=class aria-label=top.severity>
            <span part="indicator" class="icon" aria-hidden="true"></span>
            <div class="content">
                <p class="meta">
                    <strong class="severity">{top.severity}</strong>
                    {stage}
                    {time}
                </p>
                <p part="title" class="title" dir="auto">{top.title.clone()}</p>
                {message}
                {stale}
                <p class="links">{link}{more}</p>
            </div>
            {dismiss_button}
        </section>
    })
}

/// The badge or inline text: icon and the overall status in words.
fn overall_status(model: &Model, appearance: Appearance, locale: &'static Locale) -> impl IntoView {
    let text = match model.state {
        HostState::Loaded(status_feed::Impact::None) if model.stale => locale.strings.stale,
        _ => model.description,
    };
    view! {
        <a
            part="container"
            class=format!("{} {}", appearance.class(), overall_class(model))
            href=model.page_link.clone()
            target="_blank"
            rel="noopener noreferrer"
        >
            <span part="indicator" class="icon" aria-hidden="true"></span>
            <span part="title">{text}</span>
        </a>
    }
}

/// Renders a loaded (or loading, or failed) feed.
#[component]
pub fn StatusView(
    /// What has been loaded so far.
    #[prop(into)]
    state: Signal<FeedState>,
    /// Appearance, position, theme, filter, link and dismissibility.
    #[prop(into)]
    options: Signal<Options>,
    /// The visitor's languages, most wanted first; English when none is supported.
    #[prop(into)]
    languages: Signal<Vec<String>>,
    /// The current time in ms since the epoch, for relative times and staleness.
    #[prop(into)]
    now: Signal<f64>,
    /// Called with the new status whenever it changes; default none.
    #[prop(optional_no_strip)]
    on_change: Option<leptos::callback::UnsyncCallback<StatusChange>>,
) -> impl IntoView {
    let input =
        move || Input { state: state.get(), options: options.get(), languages: languages.get(), now: now.get() };
    let on_change = on_change.map(|callback| Box::new(move |change: &StatusChange| callback.run(change.clone())) as _);
    crate::style::in_shadow_root(move || widget(input, on_change))
}
