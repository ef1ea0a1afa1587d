//! Step 2, the settings' filters: `filtered_client_order_ids`, `reconciliation_instrument_ids`,
//! `filter_position_reports` here; `filter_unclaimed_external_orders` in the driver, which knows
//! which orders are external (it never touches INTERNAL-DIFF orders, which no report creates).
//!
//! A fill report goes with its order: it is filtered when its own client order id is filtered,
//! when its instrument is excluded, or when its order's report was filtered.
//!
//! Reports with a filtered client order id are left out before the duplicate check: the spec
//! gives the setting for venues that hold duplicates, so filtering an id must let a venue that
//! repeats it reconcile.

use super::fxhash::FxSet;
use super::input::{FillReport, OrderStatusReport, PositionStatusReport, ReconSettings};

pub(crate) struct Filters<'a> {
    client_ids: FxSet<&'a str>,
    instruments: Option<FxSet<&'a str>>,
    positions_off: bool,
}

impl<'a> Filters<'a> {
    pub(crate) fn new(settings: &'a ReconSettings) -> Self {
        Self {
            client_ids: settings
                .filtered_client_order_ids
                .iter()
                .map(String::as_str)
                .collect(),
            instruments: settings
                .reconciliation_instrument_ids
                .as_ref()
                .map(|ids| ids.iter().map(String::as_str).collect()),
            positions_off: settings.filter_position_reports,
        }
    }

    fn id_filtered(&self, id: Option<&str>) -> bool {
        !self.client_ids.is_empty() && id.is_some_and(|id| self.client_ids.contains(id))
    }

    fn excluded_instrument(&self, instrument_id: &str) -> bool {
        self.instruments
            .as_ref()
            .is_some_and(|s| !s.contains(instrument_id))
    }

    pub(crate) fn order_excluded(&self, r: &OrderStatusReport) -> bool {
        self.id_filtered(r.client_order_id.as_deref()) || self.excluded_instrument(&r.instrument_id)
    }

    /// Excluded by its own fields (the driver also drops the fills of excluded orders).
    pub(crate) fn fill_excluded(&self, f: &FillReport) -> bool {
        self.id_filtered(f.client_order_id.as_deref()) || self.excluded_instrument(&f.instrument_id)
    }

    pub(crate) fn position_excluded(&self, p: &PositionStatusReport) -> bool {
        self.positions_off || self.excluded_instrument(&p.instrument_id)
    }
}
