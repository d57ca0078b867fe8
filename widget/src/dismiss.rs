//! Remembering dismissed notices per incident and per update, in `localStorage`.
//!
//! A dismissal stores the notice's revision (its latest update, its impact and its
//! kind). When a new update is posted, the impact changes or maintenance to come begins,
//! the revision changes and the notice comes back. Storage may be missing or throw
//! (private modes, sandboxed frames): then dismissals last for the page view.

use leptos::prelude::{ArcTrigger, Notify as _, Track as _};

thread_local! {
    /// Notified by each dismissal: every widget of the page reads dismissals again at
    /// once, so a popup and a banner of one feed hide the notice together rather than
    /// the other at its next drawing. An `Arc` signal, which no widget's owner disposes.
    static DISMISSALS: ArcTrigger = ArcTrigger::new();
}

/// Makes the drawing being computed follow dismissals made anywhere on the page.
pub fn track() {
    DISMISSALS.with(|dismissals| dismissals.track());
}

/// The storage key of a notice, scoped by feed so two status pages never collide.
pub fn key(feed_url: &str, notice_id: &str) -> String {
    ["status-widget:dismissed:", feed_url, ":", notice_id].concat()
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The revision stored for a notice, if it was dismissed.
pub fn load(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Remembers that the notice was dismissed at `revision`.
pub fn save(key: &str, revision: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(key, revision);
    }
    DISMISSALS.with(|dismissals| dismissals.notify());
}
