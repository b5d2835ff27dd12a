//! `hubplan codes`: every diagnostic code with its meaning.

use super::exit::EXIT_OK;

/// Runs `codes`: one line per code.
pub fn run() -> u8 {
    for c in hubplan::diag::Code::ALL {
        println!("{}  {}", c.as_str(), c.summary());
    }
    EXIT_OK
}
