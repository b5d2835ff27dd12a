//! `hubplan graph`: exports the transport graph of a model.

use std::path::PathBuf;

use anyhow::Result;
use clap::ValueEnum;

use super::exit::EXIT_OK;
use super::input::read_model;
use super::output::{check_writable, emit};

/// Arguments of `graph`.
#[derive(clap::Args)]
pub struct GraphArgs {
    /// Model file (YAML).
    model: PathBuf,
    /// Graph format.
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    format: GraphFormat,
    /// File to write; default standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
}

/// The format of the exported graph.
// No doc comment on the variant: clap would list it in `--help` as the value's help.
#[derive(Clone, Copy, ValueEnum)]
pub enum GraphFormat {
    Dot,
}

/// Runs `graph`: reads and validates the model and writes its graph.
pub fn run(args: &GraphArgs) -> Result<u8> {
    if let Some(o) = args.output.as_deref().filter(|o| o.as_os_str() != "-") {
        check_writable(o, &[&args.model])?;
    }
    let checked = match read_model(&args.model, false) {
        Ok(c) => c,
        Err(code) => return Ok(code),
    };
    let text = match args.format {
        GraphFormat::Dot => checked.network.to_dot(&checked.model),
    };
    emit(args.output.as_deref(), &text, &[&args.model])?;
    Ok(EXIT_OK)
}
