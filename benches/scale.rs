//! A big Deployment from `kubectl create deployment` to all pods Running, on minikube plus
//! enough Nodes for every replica (see `support/scale.rs`), 1,000 replicas. 10,000 take minutes
//! per run today, too long for criterion's ten samples: `cargo run --release --example scale --
//! 10000` measures them once, with the CPU time and peak memory.

#[path = "support/scale.rs"]
mod scale;

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("deployment to all Running");
    g.sample_size(10);
    let n = 1_000usize;
    g.bench_function(format!("{n} replicas"), |b| {
        b.iter_batched(
            || scale::cluster_for(n),
            |mut pg| {
                scale::create(&mut pg, n);
                black_box(scale::run_until_running(&mut pg, n))
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
