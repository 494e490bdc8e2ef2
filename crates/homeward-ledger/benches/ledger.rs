//! Ledger throughput: hashing + signing entries (append), and verifying a 100,000-entry chain
//! (hashes, links, keys, batched signatures on all cores). Criterion reports entries/s.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use homeward_ledger::{
    ChainHead, CustodyEvent, EntryDraft, KeyRegistry, OrganizationKey, SignedEntry, verify_chain,
};

const CHAIN: usize = 100_000;

fn draft(i: usize) -> EntryDraft {
    let mut d = EntryDraft::new(
        1_663_286_400 + i as i64,
        "Sgt. Park",
        "Incheon International Airport",
        CustodyEvent::Encoffined {
            casket_number: (i % 88) as u32 + 1,
        },
    );
    d.remains = vec![format!("KR-2022-{:06}", i)];
    d.effects = vec![format!("E-{i}-1"), format!("E-{i}-2")];
    d.details = "placed in casket, flag folded; 관 안치 / 入殓".into();
    d
}

fn key() -> OrganizationKey {
    OrganizationKey::from_seed("Ministry of National Defense (KR)", &[3; 32])
}

fn chain(n: usize, key: &OrganizationKey) -> Vec<SignedEntry> {
    let mut head = ChainHead::GENESIS;
    (0..n).map(|i| head.append(draft(i), key)).collect()
}

fn append(c: &mut Criterion) {
    let key = key();
    let mut group = c.benchmark_group("append");
    group.throughput(Throughput::Elements(1_000));
    group.bench_function("hash+sign 1000 entries", |b| {
        b.iter_batched(
            || (0..1_000).map(draft).collect::<Vec<_>>(),
            |drafts| {
                let mut head = ChainHead::GENESIS;
                for d in drafts {
                    black_box(head.append(d, &key));
                }
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

fn verify(c: &mut Criterion) {
    let key = key();
    let entries = chain(CHAIN, &key);
    let trusted = KeyRegistry::with_trusted([(key.organization(), key.public_key())]).unwrap();
    let mut group = c.benchmark_group("verify");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(12));
    group.throughput(Throughput::Elements(CHAIN as u64));
    group.bench_function("verify_chain 100000 entries", |b| {
        b.iter(|| verify_chain(black_box(&entries), &trusted).unwrap())
    });
    group.finish();
}

criterion_group!(benches, append, verify);
criterion_main!(benches);
