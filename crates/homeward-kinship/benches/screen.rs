//! The screening goals: 1,011 remains × 200,000 families × 23 markers end to end
//! (≤ 60 s, ≤ 8 GB) and ≥ 5·10⁹ (remains × family × marker) evaluations per second once tables
//! are built, on the synthetic population of [`homeward_kinship::bench`]. The full run happens
//! once (its figures are printed); criterion then times a smaller screen repeatedly.
//! `HOMEWARD_BENCH_FAMILIES` overrides the family count of the full run (0 skips it).
//! Markers: 23 common kit markers from `../shared/data/east-asia-40str.json` when present,
//! otherwise a synthetic table.

use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use homeward_kinship::FrequencyTable;
use homeward_kinship::bench::{self, BenchConfig};

const KIT: [&str; 23] = [
    "D3S1358", "VWA", "D16S539", "CSF1PO", "TPOX", "D8S1179", "D21S11", "D18S51", "D2S441",
    "D19S433", "TH01", "FGA", "D22S1045", "D5S818", "D13S317", "D7S820", "SE33", "D10S1248",
    "D1S1656", "D12S391", "D2S1338", "PENTA_D", "PENTA_E",
];

fn table() -> FrequencyTable {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/east-asia-40str.json"
    );
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let all = FrequencyTable::from_json_str(&text).expect("table");
            let kit = KIT
                .iter()
                .filter_map(|m| all.get(m).cloned())
                .collect::<Vec<_>>();
            FrequencyTable::new(kit).expect("table")
        }
        Err(_) => bench::synthetic_table(23, 1),
    }
}

fn full_run() {
    let families = std::env::var("HOMEWARD_BENCH_FAMILIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200_000);
    if families == 0 {
        return;
    }
    let config = BenchConfig {
        families,
        ..BenchConfig::default()
    };
    let start = Instant::now();
    let clock = move || start.elapsed().as_secs_f64();
    let cpu = || process_cpu_seconds().unwrap_or(0.0);
    let cpu_clock = process_cpu_seconds()
        .is_some()
        .then_some(&cpu as &dyn Fn() -> f64);
    let report =
        bench::run_with_cpu(&config, &table(), &|_, _| {}, &clock, cpu_clock).expect("bench");
    println!(
        "== kinship screen bench (min LR {}, top {}) ==",
        config.min_lr, config.top
    );
    println!("{}", report.summary());
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        println!("load average (1/5/15 min, /proc/loadavg): {}", load.trim());
    }
}

/// The process's CPU time so far (user + system, all threads), where Linux tells it.
fn process_cpu_seconds() -> Option<f64> {
    bench::cpu_seconds_from_stat(&std::fs::read_to_string("/proc/self/stat").ok()?)
}

fn screening(c: &mut Criterion) {
    full_run();
    let table = table();
    let config = BenchConfig {
        families: 5_000,
        ..BenchConfig::default()
    };
    let mut group = c.benchmark_group("screen");
    group.sample_size(10);
    group.bench_function(
        "1,011 remains × 5,000 families × 23 markers, end to end",
        |b| {
            b.iter(|| {
                let start = Instant::now();
                let clock = move || start.elapsed().as_secs_f64();
                bench::run(&config, &table, &|_, _| {}, &clock).expect("bench")
            })
        },
    );
    group.finish();
}

criterion_group!(benches, screening);
criterion_main!(benches);
