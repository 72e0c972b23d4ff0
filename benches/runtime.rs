//! How fast the simulated cluster runs: a 1,000-replica Deployment for ten simulated minutes,
//! plain, and with probes on every pod plus a crashing Job beside it (the runtime must stay
//! within twice the plain run). On minikube's one node, max-pods lets 110 pods run; the rest
//! stay Pending and are retried by the scheduler, as on a real single-node cluster.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use kubeplay::cluster::fixture;
use kubeplay::fs::MemFs;
use kubeplay::playground::Playground;
use kubeplay::profile::Profile;

const PLAIN: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1000
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
";

const PROBED: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1000
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
        readinessProbe:
          httpGet:
            path: /
            port: 80
          periodSeconds: 5
        livenessProbe:
          tcpSocket:
            port: 80
---
apiVersion: batch/v1
kind: Job
metadata:
  name: crash
spec:
  backoffLimit: 6
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: crash
        image: busybox:1.37
        command: ['sh', '-c', 'echo failing; sleep 2; exit 1']
";

/// `cargo bench` measures the full size; `cargo test` (which runs each benchmark once, in a
/// debug build) checks a tenth of it, to keep the test run short.
fn sized(manifest: &str) -> String {
    if std::env::args().any(|a| a == "--bench") {
        manifest.to_string()
    } else {
        manifest.replace("replicas: 1000", "replicas: 100")
    }
}

fn playground(manifest: &str) -> Playground {
    let fs = MemFs::new().with_file("m.yaml", &sized(manifest));
    Playground::new(Profile::minikube(), fixture::clock(), Box::new(fs))
}

/// Apply, then let ten simulated minutes pass.
fn run(mut pg: Playground) -> Playground {
    pg.run_script("kubectl apply -f m.yaml\nsleep 600");
    pg
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("1,000 replicas for 10 simulated minutes");
    g.sample_size(10);
    for (name, manifest) in [("plain", PLAIN), ("probes and a crashing Job", PROBED)] {
        g.bench_function(name, |b| {
            b.iter_batched(
                || playground(manifest),
                |pg| black_box(run(pg)),
                BatchSize::PerIteration,
            )
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
