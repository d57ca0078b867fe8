//! Where an incident or maintenance stands at a given moment: the one statement of
//! "open", "in progress", "upcoming" and "over" that the widget's selection and
//! statusgen's pages, feeds and calendars share.
//!
//! Maintenance is judged at view time (a static feed may be hours old):
//! - `in_progress` and `verifying` are in progress, even past their window, because
//!   maintenance overruns and only the operator can say it is done;
//! - `scheduled` is in progress while its window contains now; a window without an end
//!   (`scheduled_until` missing) stays open until the operator completes it, for the
//!   same reason; it is over once its window has ended; before it starts it is upcoming;
//! - `completed` is over.
//!
//! Incidents are open until `resolved` or `postmortem`. A stage this crate does not
//! know is open unless the item has a `resolved_at`.

use crate::model::{Incident, IncidentStatus};
use crate::Timestamp;

/// Where an incident or maintenance stands at a moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Phase {
    /// An unresolved incident.
    Open,
    /// Maintenance under way.
    InProgress,
    /// Maintenance that has not started (its start may be unknown).
    Upcoming,
    /// Resolved, completed, or a maintenance window that has ended.
    Over,
}

impl IncidentStatus {
    /// Whether this stage by itself means the incident or maintenance is over.
    pub fn is_over(self) -> bool {
        matches!(self, Self::Resolved | Self::Postmortem | Self::Completed)
    }

    /// Whether this stage says maintenance work is under way (what [`Incident::phase`]
    /// calls in progress whatever the window).
    pub fn is_under_way(self) -> bool {
        matches!(self, Self::InProgress | Self::Verifying)
    }

    /// Whether this is one of the maintenance stages.
    pub fn is_maintenance(self) -> bool {
        matches!(self, Self::Scheduled | Self::InProgress | Self::Verifying | Self::Completed)
    }

    /// The stage to show for an item in `phase` whose stage is this: maintenance under
    /// way by its window while still `scheduled` is in progress.
    pub fn shown_in(self, phase: Phase) -> Self {
        if self == Self::Scheduled && phase == Phase::InProgress {
            Self::InProgress
        } else {
            self
        }
    }
}

impl Incident {
    /// The item's phase at `now` (see the module docs for the rules).
    pub fn phase(&self, now: Timestamp) -> Phase {
        match self.status {
            IncidentStatus::Investigating | IncidentStatus::Identified | IncidentStatus::Monitoring => Phase::Open,
            IncidentStatus::Resolved | IncidentStatus::Postmortem | IncidentStatus::Completed => Phase::Over,
            IncidentStatus::InProgress | IncidentStatus::Verifying => Phase::InProgress,
            IncidentStatus::Scheduled if self.scheduled_until.is_some_and(|end| end <= now) => Phase::Over,
            IncidentStatus::Scheduled if self.scheduled_for.is_some_and(|start| start <= now) => Phase::InProgress,
            IncidentStatus::Scheduled => Phase::Upcoming,
            IncidentStatus::Unknown if self.resolved_at.is_some() => Phase::Over,
            IncidentStatus::Unknown => Phase::Open,
        }
    }

    /// Whether the item is unresolved or under way at `now`: what counts towards the
    /// page's state.
    pub fn is_active(&self, now: Timestamp) -> bool {
        matches!(self.phase(now), Phase::Open | Phase::InProgress)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        Timestamp::parse(text).expect("test timestamp")
    }

    const NOW: &str = "2024-05-10T12:00:00Z";

    /// One row: a stage, a window, and the phase at [`NOW`].
    fn check(status: IncidentStatus, window: (Option<&str>, Option<&str>), resolved: bool, expected: Phase) {
        let incident = Incident {
            status,
            scheduled_for: window.0.map(at),
            scheduled_until: window.1.map(at),
            resolved_at: resolved.then(|| at("2024-05-10T11:00:00Z")),
            ..Incident::default()
        };
        assert_eq!(incident.phase(at(NOW)), expected, "{status:?} {window:?} resolved={resolved}");
    }

    const BEFORE: Option<&str> = Some("2024-05-10T10:00:00Z");
    const AFTER: Option<&str> = Some("2024-05-10T14:00:00Z");

    #[test]
    fn unresolved_incident_stages_are_open() {
        for status in [IncidentStatus::Investigating, IncidentStatus::Identified, IncidentStatus::Monitoring] {
            check(status, (None, None), false, Phase::Open);
        }
    }

    #[test]
    fn resolved_postmortem_and_completed_are_over() {
        for status in [IncidentStatus::Resolved, IncidentStatus::Postmortem, IncidentStatus::Completed] {
            check(status, (BEFORE, AFTER), false, Phase::Over);
        }
    }

    #[test]
    fn maintenance_under_way_overruns_its_window() {
        check(IncidentStatus::InProgress, (BEFORE, BEFORE), false, Phase::InProgress);
        check(IncidentStatus::Verifying, (None, None), false, Phase::InProgress);
    }

    #[test]
    fn scheduled_maintenance_is_judged_by_its_window() {
        check(IncidentStatus::Scheduled, (BEFORE, AFTER), false, Phase::InProgress);
        check(IncidentStatus::Scheduled, (AFTER, Some("2024-05-10T16:00:00Z")), false, Phase::Upcoming);
        check(IncidentStatus::Scheduled, (Some("2024-05-10T08:00:00Z"), BEFORE), false, Phase::Over);
        check(IncidentStatus::Scheduled, (None, None), false, Phase::Upcoming);
    }

    #[test]
    fn scheduled_maintenance_without_an_end_stays_open_once_started() {
        check(IncidentStatus::Scheduled, (BEFORE, None), false, Phase::InProgress);
        check(IncidentStatus::Scheduled, (AFTER, None), false, Phase::Upcoming);
    }

    #[test]
    fn the_window_ends_at_its_end_time() {
        check(IncidentStatus::Scheduled, (BEFORE, Some(NOW)), false, Phase::Over);
        check(IncidentStatus::Scheduled, (Some(NOW), AFTER), false, Phase::InProgress);
    }

    #[test]
    fn an_unknown_stage_is_open_unless_resolved() {
        check(IncidentStatus::Unknown, (None, None), false, Phase::Open);
        check(IncidentStatus::Unknown, (None, None), true, Phase::Over);
    }
}
