//! `homeward bench web` at toy size, so the bench's code path (seed, serve on 127.0.0.1, load,
//! report) cannot rot: every kind is answered without errors and the report names its goals.

use std::process::Command;

#[test]
fn the_web_bench_runs_at_toy_size_and_reports_every_kind() {
    let out = Command::new(env!("CARGO_BIN_EXE_homeward"))
        .args([
            "bench",
            "web",
            "--persons",
            "300",
            "--remains",
            "20",
            "--clients",
            "3",
            "--login-clients",
            "1",
            "--seconds",
            "0.5",
        ])
        .output()
        .expect("run homeward");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    for kind in [
        "search (API)",
        "search (page)",
        "login flood (wrong password)",
    ] {
        let line = stdout
            .lines()
            .find(|l| l.starts_with(kind))
            .unwrap_or_else(|| panic!("no line for {kind}:\n{stdout}"));
        let fields: Vec<&str> = line[kind.len()..].split_whitespace().collect();
        let (requests, errors): (u64, u64) =
            (fields[0].parse().unwrap(), fields[3].parse().unwrap());
        assert!(requests > 0, "{line}");
        assert_eq!(errors, 0, "{line}");
    }
    assert!(stdout.contains("p99 ≤ 50 ms"), "{stdout}");
    assert!(stdout.contains("requests/s, 0 errors in all"), "{stdout}");
    assert!(stdout.contains("peak RSS"), "{stdout}");
    assert!(stdout.contains("load average"), "{stdout}");
}
