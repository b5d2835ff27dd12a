//! `hubplan schema`: the JSON Schema of the model format.

use std::path::PathBuf;

use anyhow::Result;

use super::exit::EXIT_OK;
use super::output::emit;

/// Arguments of `schema`.
#[derive(clap::Args)]
pub struct SchemaArgs {
    /// File to write; default standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
}

/// Runs `schema`: writes the schema of [`hubplan::format::ModelFile`].
pub fn run(args: &SchemaArgs) -> Result<u8> {
    let schema = schemars::schema_for!(hubplan::format::ModelFile);
    let text = serde_json::to_string_pretty(&schema)? + "\n";
    emit(args.output.as_deref(), &text, &[])?;
    Ok(EXIT_OK)
}
