//! Sending the pending webhook deliveries at the end of a command that made some (a write,
//! a rotation, `rotate --due`): bounded by the delivery policy, and never failing the
//! command — a delivery that failed after its tries is a warning (not with --quiet).

use std::sync::Mutex;

use escrot_store::Store;

use crate::Ui;

/// Sends what is pending and warns about what failed.
pub fn send_pending(ui: &Ui, store: &Mutex<dyn Store>) -> escrot_webhook::DeliverySummary {
    let summary = escrot_webhook::deliver_pending(store);
    for f in &summary.failed {
        ui.warn(format_args!(
            "webhook {}: the {} event (delivery {}) was not delivered after {} {}: {}; `escrot webhook deliveries` \
             lists it",
            f.webhook,
            f.event,
            f.delivery,
            f.tries,
            if f.tries == 1 { "try" } else { "tries" },
            f.error
        ));
    }
    for e in &summary.errors {
        ui.warn(format_args!("webhooks: {e}"));
    }
    summary
}
