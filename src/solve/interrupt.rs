//! Ctrl-C: a flag every step of the solve reads between solver calls, and that the bound MIP's
//! callback passes to HiGHS.

use std::sync::atomic::{AtomicBool, Ordering};

/// Set when the user asks to stop (Ctrl-C): the solver stops at its next check and returns the
/// best schedule found so far.
static INTERRUPT: AtomicBool = AtomicBool::new(false);

/// Asks a running (or the next) solve to stop as soon as it can and return what it has.
pub fn request_interrupt() {
    INTERRUPT.store(true, Ordering::SeqCst);
}

/// Whether an interrupt has been requested.
pub fn interrupt_requested() -> bool {
    INTERRUPT.load(Ordering::SeqCst)
}
