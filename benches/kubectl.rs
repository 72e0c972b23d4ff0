//! How fast the core answers at scale: `kubectl apply -f` of 1,000 and 10,000 objects on a fresh
//! cluster, and `kubectl get` (table and JSON) over 1,000 and 10,000 objects.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use kubeplay::cluster::fixture;
use kubeplay::fs::MemFs;
use kubeplay::playground::Playground;
use kubeplay::profile::Profile;

fn manifest(n: usize) -> String {
    let mut s = String::with_capacity(n * 160);
    for i in 0..n {
        s.push_str(&format!(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{i}\n  labels:\n    app: bench\ndata:\n  key: value-{i}\n---\n"
        ));
    }
    s
}

fn playground(n: usize) -> Playground {
    let fs = MemFs::new().with_file("big.yaml", &manifest(n));
    Playground::new(Profile::minikube(), fixture::clock(), Box::new(fs))
}

fn bench(c: &mut Criterion) {
    for n in [1_000usize, 10_000] {
        let mut g = c.benchmark_group(format!("{n} objects"));
        g.sample_size(10);
        g.bench_function("kubectl apply -f", |b| {
            b.iter_batched(
                || playground(n),
                |mut pg| black_box(pg.run_script("kubectl apply -f big.yaml")),
                BatchSize::PerIteration,
            )
        });
        let mut pg = playground(n);
        pg.run_script("kubectl create -f big.yaml");
        g.bench_function("kubectl get configmaps", |b| {
            b.iter(|| black_box(pg.run_script("kubectl get configmaps")))
        });
        g.bench_function("kubectl get configmaps -o json", |b| {
            b.iter(|| black_box(pg.run_script("kubectl get configmaps -o json")))
        });
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
