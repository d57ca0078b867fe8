//! The rendered widget: notices (popup, banner) or the overall status (badge, inline).
//!
//! [`StatusView`] renders a [`FeedState`] it is given; it does no fetching, so every
//! state can be mounted and checked directly. Feed strings only ever become text
//! nodes or attribute values: nothing here parses HTML.

use leptos::callback::UnsyncCallback;
use leptos::either::Either;
use leptos::prelude::*;
use status_feed::summary_url;

use crate::config::Appearance;
use crate::dismiss;
use crate::i18n::{locale_for, Locale};
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
    on_change: Option<UnsyncCallback<StatusChange>>,
) -> impl IntoView {
    let locale = move || languages.with(|languages| locale_for(languages));
    let model = Memo::new(move |_| {
        let now = now.get();
        languages.with(|languages| {
            state.with(|state| options.with(|options| build(state, options, locale_for(languages), languages, now)))
        })
    });

    if let Some(on_change) = on_change {
        // The effect compares with what it last reported itself: a `Memo` in between
        // would add a second memo type to the wasm for the same deduplication.
        Effect::new(move |last: Option<StatusChange>| {
            let change = model.with(StatusChange::of);
            if last.as_ref() != Some(&change) {
                on_change.run(change.clone());
            }
            change
        });
    }

    // Dismissals made in this view; remembered across page views by `dismiss`.
    let (dismissed, set_dismissed) = signal(Vec::<String>::new());
    let dismiss_key = move |id: &str| options.with(|options| dismiss::key(&summary_url(&options.feed), id));
    // Not a memo: the card that reads it re-renders on every model change anyway.
    let visible = move |model: &Model| {
        dismissed.with(|session| {
            model
                .notices
                .iter()
                .filter(|notice| {
                    let key = dismiss_key(&notice.id);
                    let marker = format!("{key}={}", notice.revision);
                    !session.contains(&marker) && dismiss::load(&key).as_deref() != Some(notice.revision.as_str())
                })
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let on_dismiss = move |id: String, revision: String| {
        let key = dismiss_key(&id);
        dismiss::save(&key, &revision);
        set_dismissed.update(|session| session.push(format!("{key}={revision}")));
    };

    // One reactive closure renders the root with plain attribute values: a rebuild keeps
    // the same element (the live region persists) and only sets what changed, and the
    // wasm carries one render effect instead of one per reactive attribute.
    move || {
        let locale = locale();
        options.with(|options| {
            model.with(|model| {
                // Badge and inline sit in the host's line of text; popup and banner are boxes.
                let flow = match options.appearance {
                    Appearance::Inline => " flow inline",
                    Appearance::Badge => " flow",
                    Appearance::Popup | Appearance::Banner => "",
                };
                let class = format!("sw {}{flow}", options.theme.class());
                // A persistent live region: screen readers announce what appears inside it.
                // Critical incidents interrupt (`alert`); everything else waits its turn (`status`).
                let shows_notices = options.appearance.shows_notices();
                let role = match model.state {
                    HostState::Loaded(status_feed::Impact::Critical) if shows_notices => "alert",
                    _ => "status",
                };
                let content = if shows_notices {
                    Either::Left(notice_card(&visible(model), model, options, locale, on_dismiss))
                } else {
                    Either::Right(overall_status(model, options.appearance, locale))
                };
                view! {
                    <div class=class dir=if locale.rtl { "rtl" } else { "ltr" } lang=locale.tag role=role>
                        {content}
                    </div>
                }
            })
        })
    }
}

/// The popup or banner card for the first visible notice, or nothing.
fn notice_card(
    notices: &[NoticeView],
    model: &Model,
    options: &Options,
    locale: &'static Locale,
    on_dismiss: impl Fn(String, String) + Copy + 'static,
) -> Option<impl IntoView> {
    let top = notices.first().cloned()?;
    let strings = locale.strings;
    let class = format!(
        "notice {} {} {}",
        options.appearance.class(),
        options.position.class(),
        severity_class(top.impact)
    );
    let others = notices.len() - 1;
    let more = (others > 0).then(|| {
        let text = crate::i18n::fill(strings.more, &others.to_string());
        view! { <a class="more" href=model.page_link.clone() target="_blank" rel="noopener noreferrer">{text}</a> }
    });
    let stage = (!top.stage.is_empty()).then(|| view! { " · " <span class="stage">{top.stage}</span> });
    let time = (!top.time_text.is_empty()).then(|| {
        view! { " · " <time part="time" datetime=top.time_iso title=top.time_title>{top.time_text}</time> }
    });
    let message = (!top.message.is_empty()).then(|| view! { <p part="message" class="message" dir="auto">{top.message}</p> });
    let stale = model.stale.then(|| view! { <p class="stale">{strings.stale}</p> });
    let link = top.link.map(|href| {
        view! { <a part="link" href=href target="_blank" rel="noopener noreferrer">{strings.view_status_page}</a> }
    });
    let dismiss = options.dismissible.unwrap_or(true).then(|| {
        let (id, revision) = (top.id.clone(), top.revision.clone());
        view! {
            <button part="dismiss" class="dismiss" type="button" aria-label=strings.dismiss title=strings.dismiss
                on:click=move |_| on_dismiss(id.clone(), revision.clone())>
                <span aria-hidden="true">"×"</span>
            </button>
        }
    });
    Some(view! {
        <section part="container" class=class aria-label=top.severity>
            <span part="indicator" class="icon" aria-hidden="true"></span>
            <div class="content">
                <p class="meta"><strong class="severity">{top.severity}</strong>{stage}{time}</p>
                <p part="title" class="title" dir="auto">{top.title}</p>
                {message}
                {stale}
                <p class="links">{link}{more}</p>
            </div>
            {dismiss}
        </section>
    })
}

/// The badge or inline text: icon and the overall status in words.
fn overall_status(model: &Model, appearance: Appearance, locale: &'static Locale) -> impl IntoView {
    let strings = locale.strings;
    let text = match model.state {
        HostState::Loaded(status_feed::Impact::None) if model.stale => strings.stale,
        _ => model.description,
    };
    let class = format!("{} {}", appearance.class(), overall_class(model));
    view! {
        <a part="container" class=class href=model.page_link.clone() target="_blank" rel="noopener noreferrer">
            <span part="indicator" class="icon" aria-hidden="true"></span>
            <span part="title">{text}</span>
        </a>
    }
}
