//! What the machine says about this process and its load (Linux `/proc`), read once here for
//! every bench: figures taken on a shared machine are judged by its load and by CPU time.

/// The process's CPU time so far (user + system, all threads), where Linux tells it.
pub fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    homeward_kinship::bench::cpu_seconds_from_stat(&stat)
}

/// The 1-, 5- and 15-minute load averages, or `unknown` off Linux.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".to_owned())
}

/// The process's peak resident memory (VmHWM), where Linux tells it.
pub fn peak_memory_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}
