//! The exit codes of `hubplan`, one meaning each, so that scripts can tell the outcomes apart.

/// Exit code: schedule written or command succeeded.
pub const EXIT_OK: u8 = 0;
/// Exit code: any failure not covered below.
pub const EXIT_FAILURE: u8 = 1;
/// Exit code: the model (or an argument, or a schedule to check) is invalid.
pub const EXIT_INVALID: u8 = 2;
/// Exit code: the model is infeasible (or unbounded).
pub const EXIT_INFEASIBLE: u8 = 3;
/// Exit code: no schedule found within the limits.
pub const EXIT_NO_SCHEDULE: u8 = 4;
