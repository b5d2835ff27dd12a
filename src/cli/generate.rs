//! `hubplan generate`: writes a synthetic benchmark instance.

use std::path::PathBuf;

use anyhow::Result;

use hubplan::generate::{Family, Size};

use super::exit::EXIT_OK;
use super::output::{check_writable, emit};

/// Arguments of `generate`.
#[derive(clap::Args)]
pub struct GenerateArgs {
    /// Instance family.
    #[arg(value_enum)]
    family: Family,
    /// Instance size.
    #[arg(long, value_enum, default_value = "small")]
    size: Size,
    /// Seed of the generator.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Model file to write; default standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
}

/// Runs `generate`: the instance of the family, size and seed.
pub fn run(args: &GenerateArgs) -> Result<u8> {
    if let Some(o) = args.output.as_deref().filter(|o| o.as_os_str() != "-") {
        check_writable(o, &[])?;
    }
    let text = hubplan::generate::render(args.family, args.size, args.seed);
    emit(args.output.as_deref(), &text, &[])?;
    Ok(EXIT_OK)
}
