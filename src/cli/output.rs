//! Writing what the commands produce: files written atomically and never over an input, the
//! progress spinner, and diagnostics with counts.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};

use hubplan::diag::Diagnostic;

/// A failed write to standard output. `main` exits quietly with 0 when its cause is a closed
/// pipe (as Unix tools do), and with 1 and "cannot write to standard output" otherwise.
#[derive(Debug, thiserror::Error)]
#[error("cannot write to standard output: {0}")]
pub struct StdoutError(#[source] pub std::io::Error);

/// Writes text to standard output and flushes it; a failure is a [`StdoutError`].
pub fn out(text: &str) -> Result<()> {
    let mut o = std::io::stdout().lock();
    o.write_all(text.as_bytes())
        .and_then(|()| o.flush())
        .map_err(StdoutError)?;
    Ok(())
}

/// The file a path designates: the path itself, or for a symbolic link (chain) its final
/// target, which need not exist yet. Writing there keeps the link a link.
pub fn resolve(path: &Path) -> PathBuf {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => match std::fs::read_link(&p) {
                Ok(t) => p = folder_of(&p).join(t),
                Err(_) => break,
            },
            _ => break,
        }
    }
    p
}

/// Whether the path (links followed) is an existing file that is neither a regular file nor a
/// folder: a device, a FIFO, a socket. Such a file is written directly, never replaced.
pub fn is_special(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// Refuses to write over an input or onto a folder, and checks the output's folder is
/// writable, before any work. A special file (device, FIFO) is written directly, so only its
/// existence counts; a symbolic link is checked at its target.
pub fn check_writable(out: &Path, inputs: &[&Path]) -> Result<()> {
    if let Ok(o) = out.canonicalize() {
        for i in inputs {
            if i.canonicalize().is_ok_and(|i| i == o) {
                bail!(
                    "refusing to overwrite the input {} with the output",
                    out.display()
                );
            }
        }
    }
    // A special file, also behind links (/dev/stdout -> /proc/self/fd/1 -> pipe:[..]), is
    // written through the path itself.
    if is_special(out) {
        return Ok(());
    }
    let target = resolve(out);
    if target.is_dir() {
        bail!(
            "cannot write to {}: it is a directory; give a file name",
            out.display()
        );
    }
    let dir = folder_of(&target);
    tempfile::NamedTempFile::new_in(&dir).with_context(|| {
        format!(
            "cannot write to {} (folder {})",
            out.display(),
            dir.display()
        )
    })?;
    Ok(())
}

/// Checks every output of one command before any work: each is writable and not an input
/// ([`check_writable`]), and no two name the same file, so that a later write never replaces
/// an earlier one of the same run (`-o X --report X`, `--mps F --lp F`). `-` (standard
/// output) is not a file and may repeat.
pub fn check_outputs(outputs: &[&Path], inputs: &[&Path]) -> Result<()> {
    let files: Vec<&Path> = outputs
        .iter()
        .copied()
        .filter(|o| o.as_os_str() != "-")
        .collect();
    for (i, out) in files.iter().enumerate() {
        check_writable(out, inputs)?;
        if files[..i].iter().any(|o| resolved(o) == resolved(out)) {
            bail!(
                "{} is given as two outputs of one command; each output needs a file of its own",
                out.display()
            );
        }
    }
    Ok(())
}

/// The file a path designates ([`resolve`]) with its folder made absolute and links in it
/// resolved (the file itself need not exist), to tell whether two spellings name the same file.
fn resolved(p: &Path) -> PathBuf {
    let p = resolve(p);
    if let Ok(c) = p.canonicalize() {
        return c;
    }
    let dir = folder_of(&p);
    let dir = dir.canonicalize().unwrap_or(dir);
    match p.file_name() {
        Some(name) => dir.join(name),
        None => dir,
    }
}

/// Writes text to a file atomically (temporary file + rename), or to standard output (`None`
/// or `-`). A symbolic link is followed (its target is replaced, the link stays); a special
/// file (device, FIFO) is opened and written directly.
pub fn emit(out: Option<&Path>, text: &str, inputs: &[&Path]) -> Result<()> {
    match out {
        None => self::out(text)?,
        Some(p) if p.as_os_str() == "-" => return emit(None, text, inputs),
        Some(p) => {
            check_writable(p, inputs)?;
            if is_special(p) {
                let mut f = std::fs::OpenOptions::new()
                    .write(true)
                    .open(p)
                    .with_context(|| format!("cannot open {}", p.display()))?;
                f.write_all(text.as_bytes())
                    .and_then(|()| f.flush())
                    .with_context(|| format!("cannot write {}", p.display()))?;
                return Ok(());
            }
            let target = resolve(p);
            let dir = folder_of(&target);
            let mut tmp = tempfile::NamedTempFile::new_in(&dir)
                .with_context(|| format!("cannot write to {}", dir.display()))?;
            tmp.write_all(text.as_bytes())?;
            // A temporary file is private (0600); give the output the permissions a plain
            // write would: those of the file it replaces, else read-write for the owner and
            // readable by others.
            let perms = match std::fs::metadata(&target) {
                Ok(m) => m.permissions(),
                Err(_) => {
                    #[cfg(unix)]
                    {
                        use std::os::unix::fs::PermissionsExt;
                        std::fs::Permissions::from_mode(0o644)
                    }
                    #[cfg(not(unix))]
                    {
                        tmp.as_file().metadata()?.permissions()
                    }
                }
            };
            tmp.as_file().set_permissions(perms)?;
            tmp.as_file().sync_all()?;
            tmp.persist(&target)
                .with_context(|| format!("cannot write {}", p.display()))?;
        }
    }
    Ok(())
}

/// The folder a file is written in (`.` for a bare file name).
fn folder_of(file: &Path) -> PathBuf {
    match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A spinner with the elapsed time on standard error; hidden when `quiet` or when standard
/// error is not a terminal.
pub fn spinner(quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::new_spinner();
    pb.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {msg}")
            .expect("valid template"),
    );
    pb.enable_steady_tick(Duration::from_millis(120));
    pb
}

/// Prints diagnostics on standard error, each with its lines of `source` when given.
pub fn print_diagnostics(diags: &[Diagnostic], source: Option<&str>) {
    let mut err = std::io::stderr().lock();
    for d in diags {
        let _ = write!(err, "{}", d.render(source));
    }
}

/// `n` and the noun in the singular or the plural.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "N errors, M warnings" of a list of diagnostics.
pub fn count_summary(diags: &[Diagnostic]) -> String {
    let e = diags.iter().filter(|d| d.is_error()).count();
    let w = diags.len() - e;
    format!(
        "{}, {}",
        plural(e, "error", "errors"),
        plural(w, "warning", "warnings")
    )
}
