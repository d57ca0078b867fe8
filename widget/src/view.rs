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
use status_feed::{decimal, summary_url};
use wasm_bindgen::JsCast;

use crate::config::{Appearance, Theme};
use crate::dismiss;
use crate::i18n::{fill, locale_for, Locale};
use crate::model::{build, overall_class, severity_class, FeedState, HostState, Model, NoticeView, Options};

/// What the host learns on every change: `data-state` and the `status-change` event.
#[derive(Clone, Debug, PartialEq)]
pub struct StatusChange {
    /// `loading`, `none`, `minor`, `major`, `critical`, `maintenance` or `error`.
    pub indicator: &'static str,
    /// The overall status in English, in Statuspage's words ("Partial System Outage"):
    /// the same on every visitor's page, for logs and analytics, and free for the
    /// loader to report without carrying fourteen languages. The widget itself speaks
    /// the visitor's language; a host that shows its own text chooses it by `indicator`.
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
            description: model.state.words(&crate::i18n::LOCALES[0].strings()),
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

/// Where the widget sits in the host page: what `theme="auto"` and the popup's corner
/// follow (the page, not the visitor's language: an Arabic visitor on an English page
/// keeps the popup where the page put its chat button clear of it).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct PageContext {
    /// The host element's direction is right to left.
    rtl: bool,
    /// The host page's `color-scheme` when it allows only one scheme.
    scheme: Option<Theme>,
    /// The scheme the host's own text colour implies (dark text: a light page), which
    /// inline status, drawn on the host's background, follows when no scheme is declared.
    text_scheme: Option<Theme>,
    /// A popup steps aside (see-through and click-through) while it covers the middle of
    /// the host's focused element: a keyboard user never tabs to a link or button they
    /// cannot see.
    aside: bool,
}

impl PageContext {
    /// Read from the computed style of the element that hosts the widget; its text colour
    /// only for inline status (any other page keeps the default context, and its first
    /// drawing).
    fn of(host: &web_sys::Element, inline: bool) -> Self {
        let style = web_sys::window().and_then(|window| window.get_computed_style(host).ok().flatten());
        let property = |name| style.as_ref().and_then(|style| style.get_property_value(name).ok()).unwrap_or_default();
        let mut scheme = property("color-scheme");
        if scheme.trim() == "normal" {
            // `<meta name="color-scheme">` sets the page's schemes, not the property.
            let meta =
                host.owner_document().and_then(|document| document.query_selector("meta[name=color-scheme]").ok()?);
            scheme = meta.and_then(|meta| meta.get_attribute("content")).unwrap_or_default();
        }
        let schemes: Vec<&str> = scheme.split_whitespace().filter(|word| *word != "only").collect();
        Self {
            rtl: property("direction") == "rtl",
            scheme: match schemes[..] {
                ["light"] => Some(Theme::Light),
                ["dark"] => Some(Theme::Dark),
                _ => None,
            },
            text_scheme: if inline { scheme_of_text(&property("color")) } else { None },
            aside: false,
        }
    }
}

/// Whether the popup in `host`'s shadow root covers the middle of the page's focused
/// element. Never when focus is in the widget itself: seen from outside, the focused
/// element is then its host, or the host of a shadow root the widget sits in.
fn covers_focus(host: &web_sys::Element) -> bool {
    // `:focus`, not the active element, which is the body when nothing has focus. Asked
    // first: nothing focused, the usual case on every scroll, needs no other question.
    let Some(focused) = host.owner_document().and_then(|document| document.query_selector(":focus").ok().flatten())
    else {
        return false;
    };
    let shadow = host.shadow_root();
    if focused == *host || shadow.as_ref().is_some_and(|root| root.active_element().is_some()) {
        return false;
    }
    let Some(card) = shadow.and_then(|root| root.query_selector(".popup").ok().flatten()) else {
        return false;
    };
    let (of, by) = (focused.get_bounding_client_rect(), card.get_bounding_client_rect());
    let (x, y) = ((of.left() + of.right()) / 2.0, (of.top() + of.bottom()) / 2.0);
    by.left() <= x && x <= by.right() && by.top() <= y && y <= by.bottom()
}

/// The scheme a computed text colour (`rgb(r, g, b)` or `rgba(…)`) implies: dark text is
/// read on a light page. `None` for any other notation.
fn scheme_of_text(color: &str) -> Option<Theme> {
    let inside = color.strip_prefix("rgb")?.trim_start_matches('a').strip_prefix('(')?;
    // Chromium writes the channels as integers. Read by hand: a float parser is 17 KB of
    // wasm, and `str::parse` with `split` and `trim` 0.2 KB more than this loop.
    let (mut channels, mut index) = ([0u32; 3], 0);
    for byte in inside.bytes() {
        match byte {
            b'0'..=b'9' => channels[index] = (channels[index] * 10 + u32::from(byte - b'0')).min(255),
            b' ' => {}
            b',' if index < 2 => index += 1,
            _ => break,
        }
    }
    if index < 2 {
        return None;
    }
    // Relative luminance's weights, in per mille.
    let luminance = 213 * channels[0] + 715 * channels[1] + 72 * channels[2];
    Some(if luminance < 128_000 { Theme::Light } else { Theme::Dark })
}

/// What the page view adds to the [`Input`], written by the view itself.
#[derive(Clone, Debug, Default, PartialEq)]
struct PageView {
    /// Where the widget sits in the host page, read once it is in the document.
    context: PageContext,
    /// Notices dismissed in this page view, as `key=revision` (storage may be unavailable).
    dismissed: Vec<String>,
}

/// What is on screen: the model, and the notices the visitor has not dismissed.
#[derive(Clone, Debug, PartialEq)]
struct Drawing {
    model: Model,
    /// The notices a popup or banner shows: those not dismissed (none for a badge).
    visible: Vec<NoticeView>,
    options: Options,
    locale: &'static Locale,
    page: PageContext,
    /// The summary URL, which scopes dismissals and names the feed in console hints.
    feed: String,
    /// The notice last on screen, per feed: when it leaves the feed it was resolved.
    on_screen: Vec<(String, NoticeView)>,
}

/// What the view is drawn from: the memoized [`Drawing`] of an [`Input`], and the state
/// the view writes back into it. Made apart from the view, so that the element can
/// compute its first drawing in a task of its own, before it builds any element.
#[derive(Clone, Copy)]
pub(crate) struct WidgetState<Clock> {
    drawing: Memo<Drawing>,
    page_view: RwSignal<PageView>,
    /// Reads the input's clock, for what must follow time when the drawing does not.
    clock: Clock,
}

impl<Clock: Fn() -> f64 + Copy + 'static> WidgetState<Clock> {
    pub(crate) fn new(input: impl Fn() -> Input + Send + Sync + 'static, clock: Clock) -> Self {
        let page_view = RwSignal::new(PageView::default());
        let drawing = Memo::new(move |previous: Option<&Drawing>| {
            let input = input();
            let PageView { context: page, dismissed: session } = page_view.get();
            let locale = locale_for(&input.languages);
            let model = build(&input.state, &input.options, locale, &input.languages, input.now);
            let feed = summary_url(&input.options.feed);
            let is_dismissed = |notice: &NoticeView| {
                let key = dismiss::key(&feed, &notice.id);
                session.contains(&[key.as_str(), "=", &notice.revision].concat())
                    || dismiss::load(&key).as_deref() == Some(notice.revision.as_str())
            };
            // Only a popup or banner shows notices, so only they read dismissals: a badge's
            // page view never opens `localStorage` (a synchronous read of the origin's
            // storage on the host's main thread).
            let shows_notices = input.options.appearance.shows_notices();
            let mut visible: Vec<NoticeView> = if shows_notices {
                model.notices.iter().filter(|notice| !is_dismissed(notice)).cloned().collect()
            } else {
                Vec::new()
            };
            let mut on_screen = previous.map(|drawing| drawing.on_screen.clone()).unwrap_or_default();
            // A new `components` filter leaves out notices that are still open: what it
            // hides was not resolved, so nothing shown before counts as on screen.
            if previous.is_some_and(|drawing| drawing.options.components != input.options.components) {
                on_screen.retain(|(shown_feed, _)| *shown_feed != feed);
            }
            if shows_notices && matches!(model.state, HostState::Loaded(_)) {
                // A notice that left the selection while the feed still lists its item as
                // not over (maintenance planned again for days later) was not resolved: it
                // leaves without a word. What is gone from the feed is over (Statuspage's
                // summary drops what is resolved or completed).
                let now = status_feed::Timestamp::from_unix_ms(input.now as i64);
                let still_listed = |id: &str| {
                    input.state.last_good.as_ref().is_some_and(|(summary, _)| {
                        summary.incidents.iter().chain(&summary.scheduled_maintenances).any(|item| {
                            crate::model::notice_id(item) == id && item.phase(now) != status_feed::Phase::Over
                        })
                    })
                };
                on_screen.retain(|(shown_feed, shown)| {
                    *shown_feed != feed
                        || shown.resolved
                        || model.notices.iter().any(|notice| notice.id == shown.id)
                        || !still_listed(&shown.id)
                });
                for (_, shown) in on_screen.iter_mut().filter(|(shown_feed, _)| *shown_feed == feed) {
                    if !shown.resolved && !model.notices.iter().any(|notice| notice.id == shown.id) {
                        *shown = resolved(shown, locale);
                    }
                }
                if let Some(top) = visible.first() {
                    on_screen.retain(|(shown_feed, shown)| !(*shown_feed == feed && shown.id == top.id));
                    on_screen.push((feed.clone(), top.clone()));
                }
                // The last on top first (each top is put last): after a critical outage ends,
                // its "Resolved" is what is seen and heard, not that of a minor incident
                // resolved while the outage was on screen.
                let resolved =
                    on_screen.iter().rev().filter(|(shown_feed, shown)| *shown_feed == feed && shown.resolved);
                let resolved: Vec<NoticeView> = resolved.map(|(_, shown)| shown.clone()).collect();
                // Maintenance to come that left was moved more than a day away (or called
                // off): nothing was resolved, so it leaves without a word.
                let resolved =
                    resolved.into_iter().filter(|notice| notice.kind != status_feed::NoticeKind::MaintenanceUpcoming);
                visible.extend(resolved.filter(|notice| !is_dismissed(notice)));
            }
            Drawing { model, visible, options: input.options, locale, page, feed, on_screen }
        });
        Self { drawing, page_view, clock }
    }

    /// Computes the first drawing now, rather than when the view first reads it.
    #[cfg(feature = "embed")]
    pub(crate) fn compute(&self) {
        self.drawing.with_untracked(|_| ());
    }
}

/// The widget drawn from `state` in the shadow root of `host`, reporting each change of
/// status to `on_change`.
pub(crate) fn widget(
    host: web_sys::Element,
    state: WidgetState<impl Fn() -> f64 + Copy + 'static>,
    on_change: Option<OnChange>,
) -> impl IntoView {
    let WidgetState { drawing, page_view, clock } = state;

    // One effect for everything that follows the drawing out of the view (one effect
    // type in the wasm, not three): the page context once mounted, the host's status,
    // the live regions, and the developer's hints.
    //
    // Screen readers hear a notice once when it appears and once when it changes: the
    // visible card is no live region (its "5 minutes ago" changes every minute); the
    // visually hidden regions change only with the status or the latest update.
    //
    // A region inserted with its words already in it is not reliably announced: screen
    // readers announce changes to a live region they already know. So the regions stay
    // silent until the page has been rendered once with them in it, and what they would
    // have said waits (plain cells, not a signal: nothing is drawn from them).
    let said = RwSignal::new((String::new(), false));
    // What the regions say is emptied once heard: a screen reader reading the page
    // (browse mode) would otherwise read each notice twice, in the region and in the card.
    // Emptied at the first tick of the widget's clock ten seconds on: no timer of its own,
    // which a host's fake clock could hold or fire after it was cleared. While something is
    // said the effect reads the clock, so that it runs again at the tick even when the
    // drawing stays the same (a badge's words do not change with the time).
    let heard_at = std::rc::Rc::new(std::cell::Cell::new(f64::MAX));
    let say = move |words: (String, bool), heard_at: &std::cell::Cell<f64>| {
        said.set(words);
        heard_at.set(js_sys::Date::now());
    };
    let rendered = std::rc::Rc::new(std::cell::Cell::new(false));
    let waiting = std::rc::Rc::new(std::cell::RefCell::new(None::<(String, bool)>));
    let mut after_render = None;
    let mut focus_listeners = None;
    let host = send_wrapper::SendWrapper::new(host);
    let on_change = on_change.map(send_wrapper::SendWrapper::new);
    let effect_host = host.clone();
    let aside_host = host.clone();
    let step_aside = move || {
        let aside = covers_focus(&aside_host);
        // `try_`: a focus change between the widget's unmount and the end of its effect
        // (which removes the listener) finds the signal disposed.
        if page_view.try_with_untracked(|page_view| page_view.context.aside != aside) == Some(true) {
            page_view.update(|page_view| page_view.context.aside = aside);
        }
    };
    Effect::new(move |previous: Option<(Option<StatusChange>, (String, bool))>| {
        if js_sys::Date::now() - heard_at.get() >= 10_000.0 {
            heard_at.set(f64::MAX);
            said.set((String::new(), false));
        }
        if previous.is_none() {
            // Now in the document: its direction and colour scheme can be read. Most pages
            // are left to right with no forced scheme: the drawing is not made again.
            let inline = drawing.with_untracked(|drawing| drawing.options.appearance == Appearance::Inline);
            let context = PageContext::of(&effect_host, inline);
            if page_view.with_untracked(|page_view| page_view.context != context) {
                page_view.update(|page_view| page_view.context = context);
            }
            // Owned by this effect: cancelled if the widget goes before the page renders.
            if after_render.is_none() {
                let (rendered, waiting, heard_at) = (rendered.clone(), waiting.clone(), heard_at.clone());
                // The document, not the host: a Leptos component's host is `display: contents`,
                // with no box of its own to report on.
                let page = effect_host.owner_document().and_then(|document| document.document_element());
                after_render = page.and_then(|page| {
                    crate::timer::AfterRender::new(&page, move || {
                        rendered.set(true);
                        if let Some(words) = waiting.take() {
                            say(words, &heard_at);
                        }
                    })
                });
            }
            if after_render.is_none() {
                rendered.set(true);
            }
        }
        let (change, now_said, shows_notices) = drawing.with(|drawing| {
            if drawing.model.filter_set_aside {
                let cause = [
                    "components=\"",
                    &drawing.options.components,
                    "\" names no component of this feed: every incident shows",
                ]
                .concat();
                crate::fetch::warn_once(&drawing.feed, &cause);
            }
            (StatusChange::of(&drawing.model), announcement(drawing), drawing.options.appearance.shows_notices())
        });
        if shows_notices {
            // Owned by this effect too, from the first drawing that may show a card (a badge
            // or inline status never listens). Focus that leaves for nothing (a click on the
            // page's background) brings the popup back, and a scroll of the page decides
            // again where the focused element now is, as does a scroll inside the page (an
            // app whose content scrolls in its own element, not the document).
            if let (true, Some(document)) = (focus_listeners.is_none(), effect_host.owner_document()) {
                let listen = |event| crate::timer::Listener::new(&document, event, step_aside.clone());
                focus_listeners = Some(["focusin", "focusout", "scroll"].map(listen));
            }
            // A card that arrives over the focused control, which no focus change announces.
            step_aside();
        }
        let (reported, previously_said) = previous.unzip();
        if let Some(on_change) = &on_change {
            if reported.flatten().as_ref() != Some(&change) {
                on_change(&change);
            }
        }
        // Badges and inline status announce changes, not their first paint.
        let first_paint = previously_said.as_ref().is_none_or(|(text, _)| text.is_empty());
        if previously_said.as_ref() != Some(&now_said) && (shows_notices || !first_paint) {
            if rendered.get() {
                say(now_said.clone(), &heard_at);
            } else {
                *waiting.borrow_mut() = Some(now_said.clone());
            }
        }
        if heard_at.get() != f64::MAX || waiting.borrow().is_some() {
            clock();
        }
        (Some(change), now_said)
    });

    // The host, and where focus came from when it entered the widget: where focus goes
    // back after the last dismissal.
    let focus = StoredValue::new((host.clone(), None::<send_wrapper::SendWrapper<web_sys::HtmlElement>>));
    let dismiss_top = move || {
        let Some((key, revision)) = drawing.with_untracked(|drawing| {
            drawing.visible.first().map(|top| (dismiss::key(&drawing.feed, &top.id), top.revision.clone()))
        }) else {
            return;
        };
        dismiss::save(&key, &revision);
        page_view.update(|page_view| page_view.dismissed.push([key.as_str(), "=", &revision].concat()));
        // The next notice's dismiss button is the same button: focus stays. With no
        // notice left, focus goes back to where it was, else to the host element.
        if drawing.with_untracked(|drawing| drawing.visible.is_empty()) {
            // Not inside `with_value`: moving focus runs the focus listener, which writes it.
            let (host, came_from) = focus.get_value();
            restore_focus(came_from.as_deref(), &host);
        }
    };
    let on_focus_in = move |event: web_sys::FocusEvent| {
        let from = event.related_target().and_then(|target| target.dyn_into::<web_sys::HtmlElement>().ok());
        let inside =
            |node: &web_sys::HtmlElement| host.shadow_root().is_some_and(|shadow| node.get_root_node() == **shadow);
        if let Some(from) = from.filter(|from| !inside(from)) {
            focus.update_value(|(_, came_from)| *came_from = Some(send_wrapper::SendWrapper::new(from)));
        }
    };

    let redraw = move || {
        // Focus on a control that the redraw takes away (its notice left the feed, or was
        // called off) goes back as after a dismissal, not to the page's body: checked in a
        // microtask, once the view is rebuilt.
        if focus.with_value(|(host, _)| host.shadow_root().is_some_and(|root| root.active_element().is_some())) {
            leptos::task::spawn_local(async move {
                let Some((host, came_from)) = focus.try_get_value() else { return };
                let in_widget = host.shadow_root().is_some_and(|root| root.active_element().is_some());
                let on_page = host.owner_document().and_then(|document| document.active_element());
                if !in_widget && on_page.is_none_or(|element| element.tag_name() == "BODY") {
                    restore_focus(came_from.as_deref(), &host);
                }
            });
        }
        drawing.with(|drawing| root(drawing, dismiss_top))
    };
    let lang = move || drawing.with(|drawing| drawing.locale.tag);
    // The polite region says what is not urgent, the alert region what is; each is
    // rewritten only when its own text changes.
    let region = move |urgent: bool| {
        move || said.with(|(text, is_urgent)| if *is_urgent == urgent { text.clone() } else { String::new() })
    };
    view! {
        <p class="sr-only" role="status" aria-atomic="true" lang=lang>{region(false)}</p>
        <p class="sr-only" role="alert" aria-atomic="true" lang=lang>{region(true)}</p>
        <div class="mount" on:focusin=on_focus_in>
            {redraw}
        </div>
    }
}

/// A notice that has left the feed, as shown for the rest of the page view: calm, titled
/// as before, "Resolved" (maintenance that was under way: "Completed").
fn resolved(notice: &NoticeView, locale: &'static Locale) -> NoticeView {
    let strings = locale.strings();
    NoticeView {
        impact: status_feed::Impact::None,
        severity: if notice.kind == status_feed::NoticeKind::MaintenanceInProgress {
            strings.completed
        } else {
            strings.resolved
        },
        stage: "",
        message: String::new(),
        time_text: String::new(),
        time_title: String::new(),
        time_iso: String::new(),
        next_update: String::new(),
        overdue: false,
        resolved: true,
        revision: "resolved".to_owned(),
        ..notice.clone()
    }
}

/// What the live regions say, and whether it interrupts (a critical incident).
fn announcement(drawing: &Drawing) -> (String, bool) {
    let model = &drawing.model;
    if !matches!(model.state, HostState::Loaded(_) | HostState::Error) {
        return (String::new(), false);
    }
    if !drawing.options.appearance.shows_notices() {
        // A badge's change to a critical state interrupts too, as a card's does.
        let critical = model.state == HostState::Loaded(status_feed::Impact::Critical);
        return (overall_text(model, drawing.locale).to_owned(), critical);
    }
    let Some(top) = drawing.visible.first() else { return (String::new(), false) };
    let sentence_break = drawing.locale.sentence_break();
    let mut text = String::new();
    // Maintenance to come says when it starts (absolute: the region speaks it once).
    let starts = if top.kind == status_feed::NoticeKind::MaintenanceUpcoming && !top.time_title.is_empty() {
        fill(drawing.locale.strings().starts_at, &top.time_title)
    } else {
        String::new()
    };
    for part in [top.severity, &top.title, top.stage, &starts, &top.message, &top.next_update] {
        if part.is_empty() {
            continue;
        }
        if !text.is_empty() {
            // A part that ends its own sentence (an update's text) takes no second full stop.
            let ended = text.ends_with(['.', '!', '?', '…', '。', '！', '？', '؟']);
            text.push_str(if ended { sentence_break.trim_start_matches(['.', '。']) } else { sentence_break });
        }
        text.push_str(part);
    }
    (text, top.impact == status_feed::Impact::Critical && !top.resolved)
}

/// Gives focus back when the card that held it is gone (its last notice dismissed, or left
/// the feed): to where it came from, else to the element that hosts the widget (focusable
/// for that, out of the tab order).
fn restore_focus(came_from: Option<&web_sys::HtmlElement>, host: &web_sys::Element) {
    // Never a scroll: the popup's host is at the end of the page, and where focus came
    // from may have been scrolled away since (a click on × brings focus from anywhere).
    let still = web_sys::FocusOptions::new();
    still.set_prevent_scroll(true);
    if let Some(from) = came_from.filter(|from| from.is_connected()) {
        if from.focus_with_options(&still).is_ok() {
            return;
        }
    }
    // The element's host takes focus; a Leptos component's `display: contents` host cannot,
    // so the widget's own root does (focus then still reads as the host from outside).
    let shadow = host.shadow_root();
    let own_root = shadow.as_ref().and_then(|shadow| shadow.query_selector(".sw").ok().flatten());
    for target in [Some(host.clone()), own_root].into_iter().flatten() {
        let Ok(target) = target.dyn_into::<web_sys::HtmlElement>() else { continue };
        if !target.has_attribute("tabindex") {
            let _ = target.set_attribute("tabindex", "-1");
        }
        let _ = target.focus_with_options(&still);
        let focused = |root: Option<web_sys::Element>| root.is_some_and(|el| el.is_same_node(Some(&target)));
        if focused(shadow.as_ref().and_then(|shadow| shadow.active_element()))
            || focused(target.owner_document().and_then(|document| document.active_element()))
        {
            return;
        }
    }
}

/// The root: the card, bar, pill or text, laid out by the host page's direction.
fn root(drawing: &Drawing, dismiss: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let Drawing { model, visible, options, locale, page, .. } = drawing;
    let shows_notices = options.appearance.shows_notices();
    // Badge and inline sit in the host's line of text; popup and banner are boxes.
    let flow = match options.appearance {
        Appearance::Inline => " flow inline",
        Appearance::Badge => " flow",
        // A banner showing a card: an inline-level root, which a host's text-decoration
        // does not enter (style.css).
        Appearance::Banner if !visible.is_empty() => " bar",
        Appearance::Popup | Appearance::Banner => "",
    };
    let theme = match (options.theme, page.scheme, options.appearance) {
        (Theme::Auto, Some(scheme), _) => scheme.class(),
        // Inline status has no background of its own: its icon and focus ring must read
        // on the host's, whatever the visitor's preference.
        (Theme::Auto, None, Appearance::Inline) => page.text_scheme.unwrap_or(Theme::Auto).class(),
        (theme, ..) => theme.class(),
    };
    let content = if shows_notices {
        Either::Left(notice_card(visible, model, options, locale, dismiss))
    } else {
        Either::Right(overall_status(model, options.appearance, locale))
    };
    view! {
        <div
            class=["sw ", theme, flow, if page.rtl { " page-rtl" } else { "" }, if page.aside { " aside" } else { "" }].concat()
            dir=if locale.rtl { "rtl" } else { "ltr" }
            lang=locale.tag
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
    // A feed that does not say its language (Statuspage's do not) is taken to be in the
    // host page's (`<html lang>`): a site's status page is usually written in the site's
    // language. A screen reader then reads it in that language's voice, not the visitor's.
    let feed_lang = model.feed_lang.clone().or_else(|| {
        let lang = web_sys::window()?.document()?.document_element()?.get_attribute("lang")?;
        (!lang.trim().is_empty()).then_some(lang)
    });
    let feed_lang = feed_lang.as_deref();
    let lang_of = |translation: &Option<String>| translation.as_deref().or(feed_lang).map(str::to_owned);
    let strings = locale.strings();
    let class = ["notice ", options.appearance.class(), " ", options.position.class(), " ", severity_class(top.impact)]
        .concat();
    let stage = (!top.stage.is_empty()).then(|| view! { " · " <span class="stage">{top.stage}</span> });
    let time = (!top.time_text.is_empty()).then(|| {
        view! {
            " · "
            <time part="time" datetime=top.time_iso.clone() title=top.time_title.clone()>
                {top.time_text.clone()}
            </time>
        }
    });
    let message = (!top.message.is_empty()).then(|| {
        view! {
            <p part="message" class="message" dir="auto" lang=lang_of(&top.message_lang) title=top.message.clone()>
                {top.message.clone()}
            </p>
        }
    });
    let next_update = (!top.next_update.is_empty()).then(|| {
        let class = if top.overdue { "next overdue" } else { "next" };
        view! { <p part="next-update" class=class>{top.next_update.clone()}</p> }
    });
    let stale = model.stale.then(|| view! { <p class="stale">{strings.stale}</p> });
    let link = top.link.clone().map(|href| {
        view! { <a part="link" href=href target="_blank" rel="noopener noreferrer">{strings.view_status_page}</a> }
    });
    let more = (notices.len() > 1).then(|| {
        view! {
            <a class="more" href=model.page_link.clone() target="_blank" rel="noopener noreferrer">
                {fill(strings.more, &decimal(notices.len() as i64 - 1))}
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
                // "Dismiss" alone does not say what goes: the title does. Ids are scoped
                // to the widget's shadow root.
                aria-describedby="title"
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
                <p
                    part="title"
                    class="title"
                    id="title"
                    dir="auto"
                    lang=lang_of(&top.title_lang)
                    title=top.title.clone()
                >{top.title.clone()}</p>
                {message}
                {next_update}
                {stale}
                <p class="links">{link}{more}</p>
            </div>
            {dismiss_button}
        </section>
    })
}

/// The badge or inline text: icon and the overall status in words.
fn overall_status(model: &Model, appearance: Appearance, locale: &'static Locale) -> impl IntoView {
    let text = overall_text(model, locale);
    view! {
        <a
            part="container"
            class=[appearance.class(), " ", overall_class(model)].concat()
            href=model.page_link.clone()
            target="_blank"
            rel="noopener noreferrer"
        >
            <span part="indicator" class="icon" aria-hidden="true"></span>
            <span part="title">{text}</span>
        </a>
    }
}

/// The overall status in words: a stale all-clear is no all-clear.
fn overall_text(model: &Model, locale: &'static Locale) -> &'static str {
    match model.state {
        HostState::Loaded(status_feed::Impact::None) if model.stale => locale.strings().stale,
        _ => model.state.words(&locale.strings()),
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
    crate::style::in_shadow_root(move |host| widget(host, WidgetState::new(input, move || now.get()), on_change))
}
