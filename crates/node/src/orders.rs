//! The order state machine, exported once as data: TypeScript builds its lookup from it.

use kairos_core::orders::fsm::{table, Transition};
use napi_derive::napi;

/// One allowed `(status, event)` row. `outcome` is a status, or `'PREVIOUS'` for "return to the
/// status held before the pending request".
#[napi(object)]
pub struct TransitionRow {
    pub status: String,
    pub event: String,
    pub outcome: String,
}

/// Every allowed row of the order state machine.
#[napi]
pub fn order_transition_table() -> Vec<TransitionRow> {
    table()
        .into_iter()
        .map(|row| TransitionRow {
            status: row.status.as_str().to_string(),
            event: row.event.as_str().to_string(),
            outcome: match row.outcome {
                Transition::To(s) => s.as_str().to_string(),
                Transition::Previous => "PREVIOUS".to_string(),
            },
        })
        .collect()
}
