//! The committed `hubplan.schema.json` (which models reference for editor support) is exactly
//! what `hubplan schema` prints.

use assert_cmd::Command;

#[test]
fn committed_schema_is_current() {
    let out = Command::cargo_bin("hubplan")
        .expect("binary")
        .arg("schema")
        .output()
        .expect("runs");
    assert!(out.status.success());
    let printed = String::from_utf8(out.stdout).expect("utf-8");
    let committed =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/hubplan.schema.json"))
            .expect("hubplan.schema.json exists");
    assert_eq!(
        printed, committed,
        "hubplan.schema.json is stale: run `cargo run -- schema -o hubplan.schema.json`"
    );
    let v: serde_json::Value = serde_json::from_str(&printed).expect("valid JSON");
    assert_eq!(v["type"], "object");
    assert!(v["required"]
        .as_array()
        .expect("required list")
        .iter()
        .any(|f| f == "horizon_days"));
}
