//! The MIP written as a model file (MPS or LP) for other solvers: exactly what [`solve`]
//! hands to HiGHS.
//!
//! [`solve`]: super::solve

use super::instance::{highs_model, set_column_names, set_row_names};
use super::options::SolveError;
use crate::formulation::Formulation;
use crate::model::Model;

/// File format of an exported model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// Free MPS (HiGHS writes `.mps`).
    Mps,
    /// CPLEX LP format (HiGHS writes `.lp`).
    Lp,
}

impl ExportFormat {
    /// The file extension HiGHS chooses the writer by.
    fn extension(self) -> &'static str {
        match self {
            ExportFormat::Mps => "mps",
            ExportFormat::Lp => "lp",
        }
    }
}

/// Writes the MIP exactly as [`solve`](super::solve) hands it to HiGHS (the same good_lp problem, turned into
/// the raw HiGHS model), with the objective's constant [`Formulation::objective_offset`] set as
/// HiGHS's objective offset, so the written model's optimum equals hubplan's objective. No
/// solver options and no MIP start are part of the file. Columns are named by `names` (one per
/// column, in column order, e.g. [`Formulation::column_names`] for MPS and
/// [`Formulation::lp_column_names`] for LP), else HiGHS generates `c0, c1, ...`; rows carry
/// HiGHS's generated names (`r0`, ...) in formulation order ([`export_named`]
/// names them too).
///
/// The file is written next to `path` under a temporary name and renamed, so `path` is either
/// untouched or complete; a symbolic link is followed (its target is replaced), and a device
/// or FIFO is written directly. Consumes the formulation's problem parts, like [`solve`](super::solve).
pub fn export(
    f: &mut Formulation,
    path: &std::path::Path,
    format: ExportFormat,
    names: Option<&[String]>,
) -> Result<(), SolveError> {
    write(f, path, format, names, None)
}

/// [`export`] with every column and row named after `model`, the model the formulation was
/// built from: [`Formulation::column_names`] and [`Formulation::row_names`] for MPS,
/// [`Formulation::lp_column_names`] and [`Formulation::lp_row_names`] for LP, e.g. the row
/// `hub_capacity[h4,bulk,d12]` (`hub_capacity(h4,bulk,d12)` in LP). Consumes the problem parts
/// as [`export`] does.
pub fn export_named(
    f: &mut Formulation,
    model: &Model,
    path: &std::path::Path,
    format: ExportFormat,
) -> Result<(), SolveError> {
    let (columns, rows) = match format {
        ExportFormat::Mps => (f.column_names(model), f.row_names(model)),
        ExportFormat::Lp => (f.lp_column_names(model), f.lp_row_names(model)),
    };
    write(f, path, format, Some(&columns), Some(&rows))
}

/// Writes the file of [`export`] with the column and row names given (HiGHS's `c0, ...` and
/// `r0, ...` where none are).
fn write(
    f: &mut Formulation,
    path: &std::path::Path,
    format: ExportFormat,
    columns: Option<&[String]>,
    rows: Option<&[String]>,
) -> Result<(), SolveError> {
    let mut hm = highs_model(f)?;
    hm.make_quiet();
    if let Some(names) = columns {
        set_column_names(&mut hm, names)?;
    }
    if let Some(names) = rows {
        set_row_names(&mut hm, names)?;
    }
    // A symbolic link is followed: its target is replaced, the link stays a link.
    // A device or FIFO (also behind links, as /dev/stdout) is written directly through the
    // path (the file HiGHS wrote copied into it), never replaced by a regular file.
    let special = std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir());
    let target = if special {
        path.to_path_buf()
    } else {
        resolve(path)
    };
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    // For a special file the temporary file goes to the system's temporary folder (the
    // device's folder, e.g. /dev, is not one to write in).
    let dir = if special { std::env::temp_dir() } else { dir };
    let io = |what: &str, e: std::io::Error| {
        SolveError::Solver(format!("cannot {what} {}: {e}", path.display()))
    };
    let tmp = tempfile::Builder::new()
        .prefix(".hubplan-export-")
        .suffix(&format!(".{}", format.extension()))
        .tempfile_in(&dir)
        .map_err(|e| io("create a temporary file for", e))?;
    let c_path = std::ffi::CString::new(tmp.path().as_os_str().as_encoded_bytes())
        .map_err(|_| SolveError::Solver(format!("path {} contains NUL", path.display())))?;
    // SAFETY: live HiGHS instance; `c_path` is a NUL-terminated string that outlives the calls.
    let (rc_offset, rc_write) = unsafe {
        let p = hm.as_mut_ptr();
        let rc_offset = highs_sys::Highs_changeObjectiveOffset(p, f.objective_offset);
        (rc_offset, highs_sys::Highs_writeModel(p, c_path.as_ptr()))
    };
    if rc_offset < 0 {
        return Err(SolveError::Solver("cannot set the objective offset".into()));
    }
    // HiGHS returns a warning (1) for e.g. names it had to make up; only errors (-1) fail.
    if rc_write < 0 {
        return Err(SolveError::Solver(format!(
            "HiGHS could not write the model to {}",
            tmp.path().display()
        )));
    }
    // The temporary file is private (0600); the export is an ordinary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o644))
            .map_err(|e| io("write", e))?;
    }
    if special {
        let mut from = std::fs::File::open(tmp.path()).map_err(|e| io("write", e))?;
        let mut to = std::fs::OpenOptions::new()
            .write(true)
            .open(&target)
            .map_err(|e| io("open", e))?;
        std::io::copy(&mut from, &mut to)
            .and_then(|_| std::io::Write::flush(&mut to))
            .map_err(|e| io("write", e))?;
        return Ok(());
    }
    tmp.persist(&target).map_err(|e| io("write", e.error))?;
    Ok(())
}

/// The file a path designates: the path itself, or for a symbolic link (chain) its final
/// target, which need not exist yet.
fn resolve(path: &std::path::Path) -> std::path::PathBuf {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => match std::fs::read_link(&p) {
                Ok(t) => {
                    p = match p.parent() {
                        Some(d) => d.join(t),
                        None => t,
                    }
                }
                Err(_) => break,
            },
            _ => break,
        }
    }
    p
}
