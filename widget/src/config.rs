//! The widget's options (CONTRACT §2) as types, parsed leniently from attributes:
//! an unknown value falls back to the default instead of breaking the widget.

/// How the widget presents itself.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Appearance {
    /// Floating card in a corner; nothing visible while all is well.
    #[default]
    Popup,
    /// Full-width bar where the element stands; nothing visible while all is well.
    Banner,
    /// Pill with a status dot and the overall status, always visible.
    Badge,
    /// Dot and text in the host's font, always visible.
    Inline,
}

impl Appearance {
    /// Parses an attribute value; `None` for anything else.
    pub fn parse(value: &str) -> Option<Self> {
        Some(match value.trim().to_ascii_lowercase().as_str() {
            "popup" => Self::Popup,
            "banner" => Self::Banner,
            "badge" => Self::Badge,
            "inline" => Self::Inline,
            _ => return None,
        })
    }

    /// Whether it shows notices (popup, banner) rather than the overall status (badge, inline).
    pub fn shows_notices(self) -> bool {
        matches!(self, Self::Popup | Self::Banner)
    }

    /// Whether it shows times ("5 minutes ago", "next update at 14:30"): the notices do,
    /// the overall status does not. What needs the browser's `Intl`, whose first
    /// formatter (ICU's set-up) is a long task on a slow phone: 120 to 175 ms at 4× CPU
    /// throttling, measured in Chromium.
    pub fn shows_times(self) -> bool {
        self.shows_notices()
    }

    pub(crate) fn class(self) -> &'static str {
        match self {
            Self::Popup => "popup",
            Self::Banner => "banner",
            Self::Badge => "badge",
            Self::Inline => "inline",
        }
    }
}

/// Where a popup sits. Corners are logical: they mirror in right-to-left languages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Position {
    /// Top, at the inline end (top right in left-to-right languages).
    Top,
    /// Bottom, centred.
    Bottom,
    /// Bottom, at the inline start.
    BottomLeft,
    /// Bottom, at the inline end.
    #[default]
    BottomRight,
}

impl Position {
    /// Parses an attribute value; `None` for anything else.
    pub fn parse(value: &str) -> Option<Self> {
        Some(match value.trim().to_ascii_lowercase().as_str() {
            "top" => Self::Top,
            "bottom" => Self::Bottom,
            "bottom-left" => Self::BottomLeft,
            "bottom-right" => Self::BottomRight,
            _ => return None,
        })
    }

    pub(crate) fn class(self) -> &'static str {
        match self {
            Self::Top => "at-top",
            Self::Bottom => "at-bottom",
            Self::BottomLeft => "at-bottom-start",
            Self::BottomRight => "at-bottom-end",
        }
    }
}

/// Colour scheme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// Follows the visitor's `prefers-color-scheme`.
    #[default]
    Auto,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl Theme {
    /// Parses an attribute value; `None` for anything else.
    pub fn parse(value: &str) -> Option<Self> {
        Some(match value.trim().to_ascii_lowercase().as_str() {
            "auto" => Self::Auto,
            "light" => Self::Light,
            "dark" => Self::Dark,
            _ => return None,
        })
    }

    pub(crate) fn class(self) -> &'static str {
        match self {
            Self::Auto => "theme-auto",
            Self::Light => "theme-light",
            Self::Dark => "theme-dark",
        }
    }
}

/// Default seconds between polls.
pub const DEFAULT_POLL_SECONDS: u32 = 60;

/// The shortest interval between polls: a `poll` below it is taken as it.
pub const MIN_POLL_SECONDS: u32 = 10;

/// The longest interval between polls: a `poll` above it is taken as it.
pub const MAX_POLL_SECONDS: u32 = 86_400;

/// `poll` as it is obeyed: 0 stays "once", anything else from [`MIN_POLL_SECONDS`] (a typo
/// of `poll="1"` must not turn a million visitors into a million requests a second) to
/// [`MAX_POLL_SECONDS`] (as the loader's, whose timers would fire at once past 2^31 ms).
pub fn clamp_poll(seconds: u32) -> u32 {
    if seconds == 0 {
        0
    } else {
        seconds.clamp(MIN_POLL_SECONDS, MAX_POLL_SECONDS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poll_is_kept_between_the_minimum_and_a_day_and_zero_stays_once() {
        assert_eq!(clamp_poll(0), 0);
        assert_eq!(clamp_poll(1), MIN_POLL_SECONDS);
        assert_eq!(clamp_poll(9), MIN_POLL_SECONDS);
        assert_eq!(clamp_poll(10), 10);
        assert_eq!(clamp_poll(60), 60);
        assert_eq!(clamp_poll(86_401), MAX_POLL_SECONDS);
        assert_eq!(clamp_poll(u32::MAX), MAX_POLL_SECONDS);
    }
}
