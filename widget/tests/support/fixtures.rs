// The feed crate's fixtures, for the browser tests and the reader's unit tests alike
// (`include!`d by each, so the list is written once).

/// Every fixture document, each a real-shaped Statuspage summary at 2024-05-10T12:00:00Z.
#[allow(dead_code)]
pub const FIXTURES: [&str; 13] = [
    include_str!("../../../feed/tests/fixtures/all_operational.json"),
    include_str!("../../../feed/tests/fixtures/body_markup.json"),
    include_str!("../../../feed/tests/fixtures/critical_under_indicator_none.json"),
    include_str!("../../../feed/tests/fixtures/maintenance_completed.json"),
    include_str!("../../../feed/tests/fixtures/maintenance_in_progress_by_status.json"),
    include_str!("../../../feed/tests/fixtures/maintenance_in_progress_by_window.json"),
    include_str!("../../../feed/tests/fixtures/maintenance_upcoming.json"),
    include_str!("../../../feed/tests/fixtures/major_many_updates_out_of_order.json"),
    include_str!("../../../feed/tests/fixtures/minor_incident.json"),
    include_str!("../../../feed/tests/fixtures/non_ascii_rtl.json"),
    include_str!("../../../feed/tests/fixtures/unknown_enums.json"),
    include_str!("../../../feed/tests/fixtures/without_incidents.json"),
    include_str!("../../../feed/tests/fixtures/wrong_types_major_incident.json"),
];
