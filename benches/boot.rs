//! What the page pays before its prompt is usable: booting the minikube profile into a fresh
//! cluster, and the first requests the page makes (the cluster view's three tables).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use kubeplay::cluster::fixture;
use kubeplay::fs::MemFs;
use kubeplay::playground::Playground;
use kubeplay::profile::Profile;

fn boot() -> Playground {
    Playground::new(
        Profile::minikube(),
        fixture::clock(),
        Box::new(MemFs::new()),
    )
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("boot");
    g.bench_function("minikube profile", |b| b.iter(|| black_box(boot())));
    g.bench_function("first get pods -A", |b| {
        b.iter_batched(
            boot,
            |mut pg| black_box(pg.run_script("kubectl get pods -A")),
            criterion::BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
