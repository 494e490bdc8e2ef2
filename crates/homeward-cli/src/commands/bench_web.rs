//! `homeward bench web`: the public roll under load. In one process: seed a demo store with a
//! large roll of the missing (the demo generator, sized like `bench registry`), serve it on
//! 127.0.0.1 (a port the OS picks), drive it with a bounded number of clients for a fixed time
//! (name searches as people type them, the dashboard logged in, the memorial roll and a login
//! flood with wrong passwords), then print each kind's p50/p99 beside its goal, requests/s,
//! errors, the server's peak memory and the load average.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use homeward_app::demo::{DEMO_ADMIN, DEMO_PASSWORD, DemoOptions, seed};
use rand::SeedableRng;
use rand::seq::IndexedRandom;
use rand_chacha::ChaCha8Rng;

use super::load::{self, Kind, Load, Outcome, Sample};

/// The goal for every kind's 99th percentile (issue 9), except the login flood, whose answers
/// are deliberately slow (argon2) or refused.
const GOAL_P99: Duration = Duration::from_millis(50);

/// Flags of `homeward bench web`.
#[derive(Debug, clap::Args)]
pub struct WebArgs {
    /// Persons on the rolls of the missing.
    #[arg(long, default_value_t = 200_000)]
    persons: usize,
    /// Remains cases of the demo registry.
    #[arg(long, default_value_t = 1_200)]
    remains: usize,
    /// Concurrent clients (each keeps one connection).
    #[arg(long, default_value_t = 64)]
    clients: usize,
    /// Of the clients, how many only flood `/login` with wrong passwords.
    #[arg(long, default_value_t = 4)]
    login_clients: usize,
    /// How long the load runs, in seconds.
    #[arg(long, default_value_t = 20.0)]
    seconds: f64,
}

/// Seeds, serves, loads and reports.
pub async fn run(args: WebArgs) -> anyhow::Result<()> {
    anyhow::ensure!(
        args.clients > 0 && args.login_clients <= args.clients,
        "--clients must be at least 1 and --login-clients at most --clients"
    );
    anyhow::ensure!(
        args.seconds > 0.0 && args.seconds <= 3_600.0,
        "--seconds must be above 0 and at most 3600"
    );
    let dir = tempfile::tempdir().context("cannot create a temporary directory")?;
    let path = dir.path().join("bench-web.db");
    let store = homeward_store::open_sqlite(&path).await?;
    // The throwaway store's signing keys are sealed under a random key-encryption key.
    let secret: [u8; 32] = rand::random();
    super::kek::unlock_with(store.as_ref(), &secret, "the bench store").await?;
    eprintln!(
        "seeding the demo registry with {} persons on the rolls…",
        args.persons
    );
    let options = DemoOptions {
        remains: args.remains,
        missing: args.persons,
        ..DemoOptions::default()
    };
    seed(store.as_ref(), &options, &super::Bar::new())
        .await
        .context("cannot seed the demo")?;
    let queries = Arc::new(queries(store.as_ref()).await?);

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .context("cannot listen on 127.0.0.1")?;
    let addr = listener.local_addr().context("cannot read the address")?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    // The load comes from one address: the per-address throttle of public searches is off, the
    // login flood still meets the account and address throttles and the bounded password checks.
    let config = homeward_web::WebConfig {
        public_search_per_minute: 0,
        ..homeward_web::WebConfig::default()
    };
    let server = tokio::spawn(homeward_web::serve_with(
        store.clone(),
        listener,
        config,
        async move {
            let _ = stopped.await;
        },
    ));

    // Warm up: the name index is read on the first search.
    let warm = load::get(addr, "/api/v1/missing?q=wang")
        .await
        .map_err(anyhow::Error::msg)?;
    anyhow::ensure!(warm.is_success(), "the warm-up search answered {warm}");
    let session = load::login(addr, DEMO_ADMIN, DEMO_PASSWORD)
        .await
        .map_err(anyhow::Error::msg)?;

    let load_before = super::machine::load_average();
    let sampler = RssSampler::start();
    let duration = Duration::from_secs_f64(args.seconds);
    eprintln!(
        "loading http://{addr}/ with {} clients ({} flooding the login) for {:.1} s…",
        args.clients, args.login_clients, args.seconds
    );
    let samples = load::run(Load {
        addr,
        clients: args.clients,
        login_clients: args.login_clients,
        duration,
        queries,
        session,
        username: DEMO_ADMIN.to_owned(),
    })
    .await;
    let peak_during_load = sampler.stop().await;
    let _ = stop.send(());
    server
        .await
        .context("the server task failed")?
        .context("the server failed")?;

    println!(
        "web bench on SQLite: {} persons on the rolls, {} clients ({} flooding the login) for {:.1} s, on 127.0.0.1",
        args.persons, args.clients, args.login_clients, args.seconds
    );
    print!("{}", report(&samples, duration));
    println!(
        "server memory          peak RSS {} during the load; high-water mark {} (VmHWM, seeding included)",
        mib(peak_during_load),
        mib(status_kib("VmHWM:"))
    );
    println!(
        "load average           {load_before} before, {} after (the load generator shares the machine)",
        super::machine::load_average()
    );
    Ok(())
}

/// Name searches as people type them, from persons drawn from the seeded roll (the same
/// rotation as `homeward bench registry`: original script, romanization, folded, one typo,
/// hangul or hanzi).
async fn queries(store: &dyn homeward_store::Store) -> anyhow::Result<Vec<String>> {
    let roll = store.all_missing().await?;
    let mut rng = ChaCha8Rng::seed_from_u64(1953);
    let mut queries = Vec::with_capacity(2_000);
    for i in 0..2_000 {
        let Some(p) = roll.choose(&mut rng) else {
            break;
        };
        let q = homeward_app::bench::query_for(&mut rng, &p.person, i);
        if homeward_domain::check_name_query(&q).is_ok_and(|q| q.is_some()) {
            queries.push(q);
        }
    }
    anyhow::ensure!(!queries.is_empty(), "the roll gave no searchable names");
    Ok(queries)
}

/// The figures per kind and in all.
fn report(samples: &[Sample], duration: Duration) -> String {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mut out = format!(
        "{:<29} {:>8} {:>9} {:>9} {:>7} {:>8}  goal\n",
        "kind", "requests", "p50 ms", "p99 ms", "errors", "refused"
    );
    for kind in Kind::ALL {
        let mut latencies: Vec<Duration> = samples
            .iter()
            .filter(|s| s.kind == kind && s.outcome == Outcome::Answered)
            .map(|s| s.latency)
            .collect();
        let count = |o: Outcome| {
            samples
                .iter()
                .filter(|s| s.kind == kind && s.outcome == o)
                .count()
        };
        let (errors, refused) = (count(Outcome::Error), count(Outcome::Refused));
        if latencies.is_empty() && errors == 0 && refused == 0 {
            continue;
        }
        latencies.sort_unstable();
        let (p50, p99) = (percentile(&latencies, 50), percentile(&latencies, 99));
        let goal = if kind == Kind::LoginFlood {
            "429/503 count as refused as designed".to_owned()
        } else {
            let met = if p99 <= GOAL_P99 && errors == 0 {
                "met"
            } else {
                "NOT met"
            };
            format!("p99 ≤ {} ms, no errors: {met}", GOAL_P99.as_millis())
        };
        out.push_str(&format!(
            "{:<29} {:>8} {:>9.2} {:>9.2} {:>7} {:>8}  {goal}\n",
            kind.label(),
            latencies.len() + errors + refused,
            ms(p50),
            ms(p99),
            errors,
            refused
        ));
    }
    let total = samples.len() as f64;
    let errors = samples
        .iter()
        .filter(|s| s.outcome == Outcome::Error)
        .count();
    out.push_str(&format!(
        "throughput             {:.0} requests/s, {errors} errors in all\n",
        total / duration.as_secs_f64().max(1e-9)
    ));
    out
}

fn percentile(sorted: &[Duration], p: usize) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[(sorted.len() * p / 100).min(sorted.len() - 1)]
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or_else(
        || "unknown".to_owned(),
        |k| format!("{:.0} MiB", k as f64 / 1024.0),
    )
}

/// A line of `/proc/self/status` in KiB (Linux), e.g. `VmRSS:` or `VmHWM:`.
fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Samples the resident set every 100 ms while the load runs.
struct RssSampler {
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<Option<u64>>,
}

impl RssSampler {
    fn start() -> Self {
        let (stop, mut stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let mut peak = status_kib("VmRSS:");
            loop {
                tokio::select! {
                    _ = &mut stopped => break,
                    _ = tokio::time::sleep(Duration::from_millis(100)) => {}
                }
                peak = peak.max(status_kib("VmRSS:"));
            }
            peak.max(status_kib("VmRSS:"))
        });
        RssSampler { stop, task }
    }

    async fn stop(self) -> Option<u64> {
        let _ = self.stop.send(());
        self.task.await.ok().flatten()
    }
}
