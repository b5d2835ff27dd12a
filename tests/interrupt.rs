//! A solve interrupted by SIGINT (Ctrl-C) stops cleanly: it either writes the best schedule found
//! so far (exit 0, a complete file that the checker accepts) or, if it had none yet, exits 4 and
//! leaves no output file behind. Either way it never leaves a half-written or temporary file.

#![cfg(unix)]

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn ctrl_c_keeps_the_best_schedule_or_leaves_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("schedule.yaml");
    let model = concat!(env!("CARGO_MANIFEST_DIR"), "/models/coalition.yaml");
    let mut child = Command::new(env!("CARGO_BIN_EXE_hubplan"))
        .args([
            "solve",
            model,
            "--time-limit",
            "600",
            "--threads",
            "2",
            "-o",
        ])
        .arg(&out)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    std::thread::sleep(Duration::from_secs(6));
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success());
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the solve did not stop within 60 s of Ctrl-C"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    let stderr = {
        use std::io::Read;
        let mut s = String::new();
        child
            .stderr
            .take()
            .expect("stderr")
            .read_to_string(&mut s)
            .expect("read");
        s
    };
    assert!(stderr.contains("interrupting"), "{stderr}");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("read dir")
        .map(|e| e.expect("entry").file_name())
        .filter(|n| n != "schedule.yaml")
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    match status.code() {
        Some(0) => {
            let checked =
                hubplan::pipeline::check_file(std::path::Path::new(model)).expect("valid");
            let text = std::fs::read_to_string(&out).expect("schedule written");
            let s: hubplan::schedule::Schedule =
                serde_yaml::from_str(&text).expect("complete YAML");
            assert!(
                s.solver.stop_reason.contains("interrupted"),
                "{}",
                s.solver.stop_reason
            );
            let v = hubplan::check::check(&checked.model, &s, &Default::default());
            assert!(v.is_empty(), "{v:?}");
        }
        Some(4) => assert!(!out.exists(), "no schedule, yet a file was written"),
        other => panic!("unexpected exit {other:?}: {stderr}"),
    }
}
