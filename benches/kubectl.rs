//! How fast the core answers at scale: `kubectl apply -f` of 1,000 and 10,000 objects on a fresh
//! cluster, `kubectl get` (table and JSON) over 1,000 and 10,000 objects, and `kubectl get pods
//! -A` (table and JSON) over the 1,000 running pods of a Deployment.

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

/// minikube's one node takes 110 pods; raised so the whole Deployment runs, as the page's
/// trainer demo would on a bigger cluster.
const ROOMY_NODE: &str = r#"kubectl patch node minikube --subresource status --type merge -p '{"status":{"capacity":{"pods":"1100"},"allocatable":{"pods":"1100"}}}'"#;

fn running_pods(n: usize) -> Playground {
    let mut pg = playground(0);
    pg.run_script(ROOMY_NODE);
    pg.run_script(&format!(
        "kubectl create deployment big --image nginx --replicas {n}"
    ));
    // Long enough for every slow-start batch to be created, scheduled and started.
    pg.run_script("sleep 300");
    pg
}

fn bench_pods(c: &mut Criterion) {
    let n = 1_000usize;
    let mut g = c.benchmark_group(format!("{n} running pods"));
    g.sample_size(10);
    let mut pg = running_pods(n);
    let running =
        pg.run_script("kubectl get pods -A --field-selector status.phase=Running -o name");
    let count = running
        .iter()
        .map(|(_, o)| {
            o.combined()
                .lines()
                .filter(|l| l.contains("pod/big-"))
                .count()
        })
        .sum::<usize>();
    assert_eq!(
        count, n,
        "every pod of the Deployment runs before measuring"
    );
    g.bench_function("kubectl get pods -A", |b| {
        b.iter(|| black_box(pg.run_script("kubectl get pods -A")))
    });
    g.bench_function("kubectl get pods -A -o json", |b| {
        b.iter(|| black_box(pg.run_script("kubectl get pods -A -o json")))
    });
    g.finish();
}

criterion_group!(benches, bench, bench_pods);
criterion_main!(benches);
