//! `hubplan codes`: every diagnostic code with its meaning.

use anyhow::Result;

use super::exit::EXIT_OK;
use super::output::out;

/// Runs `codes`: one line per code.
pub fn run() -> Result<u8> {
    let mut text = String::new();
    for c in hubplan::diag::Code::ALL {
        text += &format!("{}  {}\n", c.as_str(), c.summary());
    }
    out(&text)?;
    Ok(EXIT_OK)
}
