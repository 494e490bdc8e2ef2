//! Benchmarks of the performance goals: one direct LR for a three-person pedigree over
//! 23 markers (goal ≤ 20 µs), and screening lookups per second once a family's tables are built.
//! Synthetic, seeded data (a tiny LCG) keeps the bench self-contained.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use homeward_kinship::{FamilyTables, KinshipCase};
use serde_json::{Map, Value, json};

const MARKERS: usize = 23;
const ALLELES: usize = 16;

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A trio case (father typed, mother untyped, remains typed) over 23 synthetic markers.
fn trio_case(mutation: Value) -> String {
    let mut rng = Lcg(7);
    let mut freqs = Map::new();
    let mut remains = Map::new();
    let mut father = Map::new();
    for m in 0..MARKERS {
        let weights: Vec<f64> = (0..ALLELES).map(|_| 1.0 + rng.below(20) as f64).collect();
        let total: f64 = weights.iter().sum();
        let table: Map<String, Value> = weights
            .iter()
            .enumerate()
            .map(|(a, w)| (format!("{}", 8 + a), json!(w / total)))
            .collect();
        let name = format!("M{m}");
        freqs.insert(name.clone(), Value::Object(table));
        let shared = 8 + rng.below(ALLELES);
        let f2 = 8 + rng.below(ALLELES);
        let r2 = 8 + rng.below(ALLELES);
        father.insert(name.clone(), json!([shared.to_string(), f2.to_string()]));
        remains.insert(name, json!([shared.to_string(), r2.to_string()]));
    }
    json!({
        "frequencies": freqs,
        "pedigree": [{"id": "F", "sex": "M", "father": null, "mother": null},
                     {"id": "M", "sex": "F", "father": null, "mother": null},
                     {"id": "MP", "sex": "M", "father": "F", "mother": "M"}],
        "missing": "MP",
        "remains": remains,
        "references": {"F": father},
        "mutation": mutation
    })
    .to_string()
}

fn direct(c: &mut Criterion) {
    let none = KinshipCase::from_json(&trio_case(json!({"model": "none"}))).expect("case");
    c.bench_function("direct LR, trio, 23 markers, no mutation", |b| {
        b.iter(|| black_box(&none).evaluate().expect("lr"))
    });
    let equal =
        KinshipCase::from_json(&trio_case(json!({"model": "equal", "rate": 0.002}))).expect("case");
    c.bench_function("direct LR, trio, 23 markers, equal mutation", |b| {
        b.iter(|| black_box(&equal).evaluate().expect("lr"))
    });
    let input = trio_case(json!({"model": "none"}));
    c.bench_function("parse + direct LR, trio, 23 markers", |b| {
        b.iter(|| homeward_kinship::evaluate_case_json(black_box(&input)).expect("lr"))
    });
}

fn screening(c: &mut Criterion) {
    let case = KinshipCase::from_json(&trio_case(json!({"model": "none"}))).expect("case");
    c.bench_function("screening tables, trio, 23 markers (build)", |b| {
        b.iter(|| FamilyTables::build(black_box(&case)).expect("tables"))
    });
    let tables = FamilyTables::build(&case).expect("tables");
    let mut rng = Lcg(11);
    let remains_count = 4096;
    let mut remains: Vec<u32> = Vec::with_capacity(remains_count * MARKERS);
    for _ in 0..remains_count {
        for t in tables.markers() {
            let g = (rng.below(5) != 0)
                .then(|| homeward_kinship::Genotype::typed(rng.below(ALLELES), rng.below(ALLELES)));
            remains.push(t.index(g));
        }
    }
    let mut group = c.benchmark_group("screening");
    group.throughput(Throughput::Elements((remains_count * MARKERS) as u64));
    group.bench_function("score 4096 remains × 23 markers against one family", |b| {
        b.iter(|| {
            let mut best: f64 = 0.0;
            for r in black_box(&remains).chunks_exact(MARKERS) {
                best = best.max(tables.score_indices(r));
            }
            best
        })
    });
    group.finish();
}

criterion_group!(benches, direct, screening);
criterion_main!(benches);
