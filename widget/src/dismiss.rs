//! Remembering dismissed notices per incident and per update, in `localStorage`.
//!
//! A dismissal stores the notice's revision (its latest update, its impact and its
//! kind). When a new update is posted, the impact changes or maintenance to come begins,
//! the revision changes and the notice comes back. Storage may be missing or throw
//! (private modes, sandboxed frames): then dismissals last for the page view.

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
}
