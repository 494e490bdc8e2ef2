//! Dependency direction, read from `cargo metadata` (run as a subprocess, offline): every
//! workspace crate reaches — through normal and build dependencies, transitively — only the
//! homeward crates its layer allows; the pure crates reach no runtime, database or HTTP crate;
//! the testkit is never more than a dev-dependency. A crate named in the layering but missing
//! from the metadata fails the check, and so does a workspace crate the layering does not place,
//! so a rename or a new crate cannot silently skip the rules.

use std::collections::{BTreeMap, VecDeque};
use std::process::Command;

use serde_json::Value;

use crate::workspace_root;

const DOMAIN: &str = "homeward-domain";
const KINSHIP: &str = "homeward-kinship";
const LEDGER: &str = "homeward-ledger";
const STORE: &str = "homeward-store";
const APP: &str = "homeward-app";
const WEB: &str = "homeward-web";
const CLI: &str = "homeward-cli";
const TESTKIT: &str = "homeward-testkit";

/// Every workspace crate and the homeward crates it may reach through normal and build
/// dependencies (ARCHITECTURE.md's map, read from the bottom up). Dev-dependencies are free,
/// except that the testkit may be nothing else (see [`TESTKIT`]).
const LAYERS: &[(&str, &[&str])] = &[
    // Entities and rules: the bottom of the map.
    (DOMAIN, &[]),
    // The pure engines stand beside each other above the domain, below the store.
    (KINSHIP, &[DOMAIN]),
    (LEDGER, &[DOMAIN]),
    // The store keeps the ledger's entries; it knows nothing of use cases, HTTP or the binary.
    (STORE, &[DOMAIN, LEDGER]),
    (APP, &[DOMAIN, KINSHIP, LEDGER, STORE]),
    (WEB, &[DOMAIN, KINSHIP, LEDGER, STORE, APP]),
    (CLI, &[DOMAIN, KINSHIP, LEDGER, STORE, APP, WEB]),
    // Test fixtures over the public API of everything below the web (never a normal dependency).
    (TESTKIT, &[DOMAIN, KINSHIP, LEDGER, STORE, APP]),
    // House rules and browser tests: no library code, so no homeward crate at all.
    ("homeward-tidy", &[]),
    ("homeward-e2e", &[]),
];

/// The crates that must stay pure (no IO, no async, no database).
const PURE: &[&str] = &[DOMAIN, KINSHIP, LEDGER];

/// Runtime, database and HTTP crates; a pure crate reaches none of them, nor any crate named
/// after one (`tokio-util`, `sqlx-core`, `tower-http`, `askama_web`, …).
const IMPURE: &[&str] = &[
    "tokio",
    "sqlx",
    "axum",
    "hyper",
    "reqwest",
    "askama",
    "tower",
    "rusqlite",
    "postgres",
    "async-trait",
    "mio",
];

/// A dependency's package id and its kinds (`None` for normal, `Some("build")`, `Some("dev")`).
type Dependency = (String, Vec<Option<String>>);

/// A fake package: its name and its dependencies (name, kind).
type FakePackage<'a> = (&'a str, &'a [(&'a str, Option<&'a str>)]);

/// A resolved dependency graph: package ids, their names, and each package's dependencies with
/// their kinds (`None` for normal, `Some("build")`, `Some("dev")`).
#[derive(Debug, Default)]
struct Graph {
    names: BTreeMap<String, String>,
    members: Vec<String>,
    deps: BTreeMap<String, Vec<Dependency>>,
}

impl Graph {
    /// Reads `cargo metadata --format-version 1` output.
    fn from_metadata(json: &Value) -> Graph {
        let mut graph = Graph::default();
        for package in json["packages"]
            .as_array()
            .expect("metadata lists packages")
        {
            let id = package["id"].as_str().expect("a package id").to_owned();
            let name = package["name"].as_str().expect("a package name").to_owned();
            graph.names.insert(id, name);
        }
        graph.members = json["workspace_members"]
            .as_array()
            .expect("metadata lists the workspace members")
            .iter()
            .map(|m| m.as_str().expect("a member id").to_owned())
            .collect();
        let nodes = json["resolve"]["nodes"]
            .as_array()
            .expect("metadata has a resolved graph (not --no-deps)");
        for node in nodes {
            let id = node["id"].as_str().expect("a node id").to_owned();
            let deps = node["deps"]
                .as_array()
                .expect("a node's deps")
                .iter()
                .map(|d| {
                    let pkg = d["pkg"].as_str().expect("a dependency id").to_owned();
                    let kinds = d["dep_kinds"]
                        .as_array()
                        .expect("dependency kinds")
                        .iter()
                        .map(|k| k["kind"].as_str().map(str::to_owned))
                        .collect();
                    (pkg, kinds)
                })
                .collect();
            graph.deps.insert(id, deps);
        }
        graph
    }

    fn name<'a>(&'a self, id: &'a str) -> &'a str {
        self.names.get(id).map_or(id, String::as_str)
    }

    /// Every package `from` reaches through normal and build dependencies, each with the path
    /// that first reached it (`a → b → c`), for the message.
    fn reach(&self, from: &str) -> BTreeMap<String, String> {
        let mut paths = BTreeMap::new();
        let mut queue = VecDeque::from([(from.to_owned(), self.name(from).to_owned())]);
        while let Some((id, path)) = queue.pop_front() {
            for (dep, kinds) in self.deps.get(&id).into_iter().flatten() {
                let linked = kinds.iter().any(|k| k.as_deref() != Some("dev"));
                if linked && !paths.contains_key(dep) && dep != from {
                    let path = format!("{path} → {}", self.name(dep));
                    paths.insert(dep.clone(), path.clone());
                    queue.push_back((dep.clone(), path));
                }
            }
        }
        paths
    }
}

/// Whether `name` is `impure` or a crate named after it.
fn named_after(name: &str, impure: &str) -> bool {
    name.strip_prefix(impure)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['-', '_']))
}

/// Every breach of `layers`, `pure`/`impure` and the testkit rule in `graph`, one line each.
fn problems(
    graph: &Graph,
    layers: &[(&str, &[&str])],
    pure: &[&str],
    impure: &[&str],
) -> Vec<String> {
    let mut out = Vec::new();
    let members: BTreeMap<&str, &str> = graph
        .members
        .iter()
        .map(|id| (graph.name(id), id.as_str()))
        .collect();
    for (krate, allowed) in layers {
        if !members.contains_key(krate) {
            out.push(format!(
                "{krate} has a layer but is not in the workspace (renamed or removed? update the layering)"
            ));
        }
        for a in *allowed {
            if !layers.iter().any(|(k, _)| k == a) {
                out.push(format!(
                    "{krate} may reach {a}, which has no layer of its own"
                ));
            }
        }
    }
    for (name, id) in &members {
        let Some((_, allowed)) = layers.iter().find(|(k, _)| k == name) else {
            out.push(format!(
                "{name} is in the workspace but has no layer: place it in the layering"
            ));
            continue;
        };
        for (dep, path) in graph.reach(id) {
            let dep = graph.name(&dep);
            if dep.starts_with("homeward-") && !allowed.contains(&dep) {
                out.push(format!("{name} must not depend on {dep}: {path}"));
            }
            if pure.contains(name) && impure.iter().any(|i| named_after(dep, i)) {
                out.push(format!("{name} must stay pure but reaches {dep}: {path}"));
            }
        }
    }
    for (id, deps) in &graph.deps {
        for (dep, kinds) in deps {
            let linked = kinds.iter().any(|k| k.as_deref() != Some("dev"));
            if graph.name(dep) == TESTKIT && linked {
                out.push(format!(
                    "{} has {TESTKIT} as a normal or build dependency: it is a dev-dependency only",
                    graph.name(id)
                ));
            }
        }
    }
    out
}

/// The host's target triple, so that `cargo metadata` resolves (offline) only the packages this
/// machine builds: without `--filter-platform` it wants every platform's crates downloaded.
fn host_triple() -> String {
    let out = Command::new("rustc")
        .arg("-vV")
        .output()
        .expect("rustc runs");
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .find_map(|l| l.strip_prefix("host: "))
        .expect("rustc -vV names the host")
        .to_owned()
}

fn workspace_metadata() -> Value {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--offline"])
        .args(["--filter-platform", &host_triple()])
        .arg("--manifest-path")
        .arg(workspace_root().join("Cargo.toml"))
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("cargo metadata prints JSON")
}

#[test]
fn every_crate_depends_only_downwards_and_the_pure_crates_stay_pure() {
    let graph = Graph::from_metadata(&workspace_metadata());
    let problems = problems(&graph, LAYERS, PURE, IMPURE);
    assert!(problems.is_empty(), "dependency direction: {problems:#?}");
}

/// A fake `cargo metadata` answer: `packages` with their dependencies (name, kind); the ones
/// whose name starts with `homeward-` are the workspace.
fn fake(packages: &[FakePackage]) -> Graph {
    let id = |name: &str| format!("path+file:///ws/{name}#0.1.0");
    let json = serde_json::json!({
        "packages": packages.iter().map(|(n, _)| serde_json::json!({"id": id(n), "name": n})).collect::<Vec<_>>(),
        "workspace_members": packages.iter().filter(|(n, _)| n.starts_with("homeward-")).map(|(n, _)| id(n)).collect::<Vec<_>>(),
        "resolve": {"nodes": packages.iter().map(|(n, deps)| serde_json::json!({
            "id": id(n),
            "deps": deps.iter().map(|(d, kind)| serde_json::json!({
                "pkg": id(d),
                "dep_kinds": [{"kind": kind}],
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>()},
    });
    Graph::from_metadata(&json)
}

const FAKE_LAYERS: &[(&str, &[&str])] = &[
    (DOMAIN, &[]),
    (STORE, &[DOMAIN]),
    (APP, &[DOMAIN, STORE]),
    (TESTKIT, &[DOMAIN, STORE, APP]),
];

fn fake_problems(packages: &[FakePackage]) -> Vec<String> {
    problems(&fake(packages), FAKE_LAYERS, &[DOMAIN], IMPURE)
}

#[test]
fn the_check_passes_a_graph_that_keeps_its_layers() {
    let problems = fake_problems(&[
        (DOMAIN, &[("thiserror", None)]),
        (STORE, &[(DOMAIN, None), ("tokio", None)]),
        (APP, &[(STORE, None), (TESTKIT, Some("dev"))]),
        (TESTKIT, &[(APP, None)]),
        ("thiserror", &[]),
        ("tokio", &[]),
    ]);
    assert_eq!(problems, Vec::<String>::new());
}

#[test]
fn the_check_finds_an_upward_dependency_through_another_crate() {
    let problems = fake_problems(&[
        (DOMAIN, &[]),
        (STORE, &[(DOMAIN, None), ("helper", Some("build"))]),
        (APP, &[(STORE, None)]),
        (TESTKIT, &[]),
        ("helper", &[(APP, None)]),
    ]);
    assert_eq!(
        problems,
        ["homeward-store must not depend on homeward-app: homeward-store → helper → homeward-app"]
    );
}

#[test]
fn the_check_finds_a_pure_crate_reaching_a_runtime_through_another_crate() {
    let problems = fake_problems(&[
        (DOMAIN, &[("clock", None)]),
        (STORE, &[]),
        (APP, &[]),
        (TESTKIT, &[]),
        ("clock", &[("tokio-util", None)]),
        ("tokio-util", &[]),
    ]);
    assert_eq!(
        problems,
        [
            "homeward-domain must stay pure but reaches tokio-util: homeward-domain → clock → tokio-util"
        ]
    );
    assert!(!named_after("tokioish", "tokio"));
}

#[test]
fn the_check_fails_when_a_layered_crate_is_missing_or_a_crate_has_no_layer() {
    let problems = fake_problems(&[
        (DOMAIN, &[]),
        ("homeward-storage", &[(DOMAIN, None)]),
        (APP, &[]),
        (TESTKIT, &[]),
    ]);
    assert_eq!(
        problems,
        [
            "homeward-store has a layer but is not in the workspace (renamed or removed? update the layering)",
            "homeward-storage is in the workspace but has no layer: place it in the layering",
        ]
    );
}

#[test]
fn the_check_refuses_the_testkit_as_a_normal_dependency() {
    let problems = fake_problems(&[
        (DOMAIN, &[]),
        (STORE, &[]),
        (APP, &[(TESTKIT, None)]),
        (TESTKIT, &[]),
    ]);
    assert_eq!(
        problems,
        [
            "homeward-app must not depend on homeward-testkit: homeward-app → homeward-testkit",
            "homeward-app has homeward-testkit as a normal or build dependency: it is a dev-dependency only",
        ]
    );
}
