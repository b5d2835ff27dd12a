//! What `hubplan` does with its outputs when a hostile user points them somewhere odd: a
//! device, a FIFO, a symbolic link, a folder, a closed pipe, a full device; and the schedule's
//! format, which follows the file's extension. Every case runs the binary.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const MODEL: &str = "models/tutorial/01-transport.yaml";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `hubplan` run from the crate root.
fn hubplan() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_hubplan"));
    c.current_dir(root());
    c
}

fn run(cmd: &mut Command) -> Output {
    cmd.stdin(Stdio::null()).output().expect("hubplan runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs a command with its standard output a pipe whose read end is closed at once; returns
/// the exit code and standard error.
fn run_closed_pipe(args: &[&str]) -> (Option<i32>, String) {
    let mut child = hubplan()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hubplan runs");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("hubplan ends");
    (out.status.code(), stderr(&out))
}

/// Runs a command with its standard output /dev/full (`None` when there is none).
fn run_full(args: &[&str]) -> Option<(Option<i32>, String)> {
    if !Path::new("/dev/full").exists() {
        eprintln!("skipped: no /dev/full");
        return None;
    }
    let full = File::create("/dev/full").ok()?;
    let out = hubplan()
        .args(args)
        .stdin(Stdio::null())
        .stdout(full)
        .stderr(Stdio::piped())
        .output()
        .expect("hubplan runs");
    Some((out.status.code(), stderr(&out)))
}

/// A solved schedule of the tutorial model, in a temporary folder (YAML).
fn schedule_in(dir: &Path) -> PathBuf {
    let p = dir.join("plan.yaml");
    let o = run(hubplan().args(["solve", MODEL, "-q", "-o"]).arg(&p));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    p
}

/// The commands that write to standard output, each as a user would run it.
fn stdout_commands(dir: &Path) -> Vec<Vec<String>> {
    let schedule = schedule_in(dir).display().to_string();
    let mps = dir.join("x.mps").display().to_string();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    vec![
        s(&["codes"]),
        s(&["validate", "--json", MODEL]),
        s(&["check", MODEL, &schedule]),
        s(&["export", MODEL, "--mps", &mps]),
        s(&["solve", MODEL, "-q", "-o", "-"]),
        s(&["schema"]),
        s(&["graph", MODEL]),
        s(&["generate", "facility"]),
    ]
}

#[test]
fn closed_pipe_on_standard_output_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    for args in stdout_commands(dir.path()) {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, err) = run_closed_pipe(&a);
        assert!(!err.contains("panicked"), "{a:?} panicked:\n{err}");
        assert_eq!(code, Some(0), "{a:?}: exit code\n{err}");
        assert!(
            !err.contains("standard output"),
            "{a:?}: a closed pipe is not an error\n{err}"
        );
    }
}

#[test]
fn full_device_on_standard_output_is_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    for args in stdout_commands(dir.path()) {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        let Some((code, err)) = run_full(&a) else {
            return;
        };
        assert!(!err.contains("panicked"), "{a:?} panicked:\n{err}");
        assert_eq!(code, Some(1), "{a:?}: exit code\n{err}");
        assert!(
            err.contains("error: cannot write to standard output"),
            "{a:?}: says why\n{err}"
        );
    }
}

#[test]
fn solve_keeps_its_file_when_the_summary_cannot_be_written() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.yaml");
    let plan_s = plan.display().to_string();
    let Some((code, err)) = run_full(&["solve", MODEL, "-o", &plan_s]) else {
        return;
    };
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(code, Some(1), "{err}");
    let text = std::fs::read_to_string(&plan).expect("the schedule is written");
    assert!(text.contains("hubplan_version"), "{text}");

    // And with the summary's pipe closed.
    std::fs::remove_file(&plan).unwrap();
    let (code, err) = run_closed_pipe(&["solve", MODEL, "-o", &plan_s]);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(code, Some(0), "{err}");
    assert!(plan.exists(), "the schedule is written");
}

/// The commands that write a file, each with `-o`-like option last.
const FILE_WRITERS: [&[&str]; 4] = [
    &["solve", MODEL, "-q", "-o"],
    &["generate", "facility", "-o"],
    &["export", MODEL, "--mps"],
    &["schema", "-o"],
];

#[cfg(unix)]
#[test]
fn dev_null_stays_a_device() {
    use std::os::unix::fs::FileTypeExt;
    // First on a private null device (as root), so that a hubplan that replaced devices would
    // not break the system's /dev/null; then, that passed, on /dev/null itself.
    let dir = tempfile::tempdir().unwrap();
    let private = dir.path().join("null");
    let made = Command::new("mknod")
        .args(["-m", "666"])
        .arg(&private)
        .args(["c", "1", "3"])
        .status()
        .is_ok_and(|s| s.success());
    let mut devices = vec![];
    if made {
        devices.push(private);
    } else {
        eprintln!("skipped: cannot make a private null device; /dev/null only if writable");
    }
    if made
        && std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/null")
            .is_ok()
    {
        devices.push(PathBuf::from("/dev/null"));
    }
    for dev in devices {
        for args in FILE_WRITERS {
            let o = run(hubplan().args(args).arg(&dev));
            let t = std::fs::symlink_metadata(&dev).unwrap().file_type();
            assert!(
                t.is_char_device(),
                "{args:?} {}: still a device",
                dev.display()
            );
            assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        }
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_gets_the_schedule() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("plan.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: cannot make a FIFO");
        return;
    }
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut text = String::new();
            File::open(&fifo)
                .unwrap()
                .read_to_string(&mut text)
                .unwrap();
            text
        })
    };
    let o = run(hubplan()
        .args(["solve", MODEL, "-q", "--format", "json", "-o"])
        .arg(&fifo));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = reader.join().unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).expect("the schedule, JSON");
    assert_eq!(v["solver"]["status"], "optimal");
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo());
}

#[cfg(unix)]
#[test]
fn a_symlink_stays_a_link_and_its_target_gets_the_content() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("real");
    std::fs::create_dir(&sub).unwrap();
    for (args, name) in [
        (vec!["solve", MODEL, "-q", "-o"], "plan.yaml"),
        (vec!["generate", "facility", "-o"], "model.yaml"),
        (vec!["export", MODEL, "--mps"], "m.mps"),
    ] {
        let target = sub.join(name);
        std::fs::write(&target, "old").unwrap();
        let link = dir.path().join(format!("link-{name}"));
        // A relative link, resolved from the link's folder.
        std::os::unix::fs::symlink(Path::new("real").join(name), &link).unwrap();
        let o = run(hubplan().args(&args).arg(&link));
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        let meta = std::fs::symlink_metadata(&link).unwrap();
        assert!(meta.file_type().is_symlink(), "{args:?}: the link stays");
        let text = std::fs::read_to_string(&target).unwrap();
        assert_ne!(text, "old", "{args:?}: the target gets the content");
        assert!(text.len() > 100, "{args:?}: {text}");
    }
    // A dangling link: its target is created.
    let link = dir.path().join("dangling.yaml");
    std::os::unix::fs::symlink(sub.join("new.yaml"), &link).unwrap();
    let o = run(hubplan().args(["solve", MODEL, "-q", "-o"]).arg(&link));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(sub.join("new.yaml"))
        .unwrap()
        .contains("hubplan_version"));
}

#[test]
fn a_folder_as_output_is_refused_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let schedule = schedule_in(dir.path());
    let d = dir.path().join("folder");
    std::fs::create_dir(&d).unwrap();
    let ds = d.display().to_string();
    let sched = schedule.display().to_string();
    for args in [
        vec!["solve", MODEL, "-q", "-o", &ds],
        vec!["report", MODEL, &sched, "--html", &ds],
        vec!["export", MODEL, "--mps", &ds],
        vec!["generate", "facility", "-o", &ds],
    ] {
        let o = run(hubplan().args(&args));
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains("is a directory"), "{args:?}: {err}");
        assert!(o.stdout.is_empty(), "{args:?}: no work done");
        assert!(d.is_dir(), "{args:?}: the folder stays");
        assert_eq!(std::fs::read_dir(&d).unwrap().count(), 0);
    }
}

#[test]
fn the_format_follows_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    for (name, format, json) in [
        ("plan.json", None, true),
        ("plan.JSON", None, true),
        ("plan.yaml", None, false),
        ("plan.yml", None, false),
        ("plan.out", None, false),
        ("plan.out2", Some("json"), true),
        ("plan2.json", Some("json"), true),
        ("plan2.yml", Some("yaml"), false),
    ] {
        let p = dir.path().join(name);
        let mut cmd = hubplan();
        cmd.args(["solve", MODEL, "-q", "-o"]).arg(&p);
        if let Some(f) = format {
            cmd.args(["--format", f]);
        }
        let o = run(&mut cmd);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        let text = std::fs::read_to_string(&p).unwrap();
        assert_eq!(text.trim_start().starts_with('{'), json, "{name}: {text}");
        if json {
            serde_json::from_str::<serde_json::Value>(&text).expect("JSON");
        }
    }
}

#[test]
fn a_format_clashing_with_the_extension_is_refused_before_solving() {
    let dir = tempfile::tempdir().unwrap();
    for (name, format) in [
        ("plan.json", "yaml"),
        ("plan.yaml", "json"),
        ("p.yml", "json"),
    ] {
        let p = dir.path().join(name);
        let o = run(hubplan()
            .args(["solve", MODEL, "-o"])
            .arg(&p)
            .args(["--format", format]));
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{name} --format {format}: {err}");
        assert!(err.contains("--format"), "{err}");
        assert!(o.stdout.is_empty(), "not solved");
        assert!(!p.exists(), "nothing written");
    }
}

#[test]
fn schedules_are_read_by_content_not_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("a.json");
    let o = run(hubplan().args(["solve", MODEL, "-q", "-o"]).arg(&json));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let yaml = schedule_in(dir.path());
    // Swap the names: JSON under .yaml, YAML under .json, and neither under .txt.
    let cases = [
        (json.clone(), dir.path().join("json-named.yaml")),
        (yaml.clone(), dir.path().join("yaml-named.json")),
        (json, dir.path().join("json.txt")),
        (yaml, dir.path().join("yaml.txt")),
    ];
    for (from, to) in cases {
        let text = std::fs::read_to_string(&from).unwrap();
        std::fs::write(&to, &text).unwrap();
        let o = run(hubplan().arg("check").arg(MODEL).arg(&to));
        assert_eq!(
            o.status.code(),
            Some(0),
            "check {}: {}",
            to.display(),
            stderr(&o)
        );
        let html = dir.path().join("r.html");
        let o = run(hubplan()
            .arg("report")
            .arg(MODEL)
            .arg(&to)
            .arg("--html")
            .arg(&html));
        assert_eq!(
            o.status.code(),
            Some(0),
            "report {}: {}",
            to.display(),
            stderr(&o)
        );
    }
    // JSON after leading whitespace is still JSON.
    let from = dir.path().join("a.json");
    let text = std::fs::read_to_string(&from).unwrap();
    let spaced = dir.path().join("spaced.yaml");
    std::fs::write(&spaced, format!("\n  \t{text}")).unwrap();
    let o = run(hubplan().arg("check").arg(MODEL).arg(&spaced));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[cfg(unix)]
#[test]
fn standard_output_behind_links_is_written_directly() {
    // A private link to this process's standard output, as /dev/stdout is (a link to
    // /proc/self/fd/1, itself a link to the pipe): written through, never replaced.
    if !Path::new("/proc/self/fd/1").exists() {
        eprintln!("skipped: no /proc/self/fd");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("stdout");
    std::os::unix::fs::symlink("/proc/self/fd/1", &link).unwrap();
    for args in [
        vec!["schema", "-o"],
        vec!["solve", MODEL, "-q", "-o"],
        vec!["export", MODEL, "--lp"],
    ] {
        let o = run(hubplan().args(&args).arg(&link));
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert!(o.stdout.len() > 100, "{args:?}: written to the pipe");
        let meta = std::fs::symlink_metadata(&link).unwrap();
        assert!(meta.file_type().is_symlink(), "{args:?}: the link stays");
    }
}
