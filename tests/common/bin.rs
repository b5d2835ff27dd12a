//! Running the `hubplan` binary from the crate root, as the CLI tests do.

use std::path::PathBuf;
use std::time::Duration;

use assert_cmd::Command;

/// The crate root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `hubplan` run from the crate root (so relative paths in output stay machine-independent).
pub fn hubplan() -> Command {
    let mut c = Command::cargo_bin("hubplan").expect("the hubplan binary is built");
    c.current_dir(root()).timeout(Duration::from_secs(120));
    c
}

/// What a run printed and how it ended.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `cmd` to its end.
pub fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().expect("hubplan runs");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}
