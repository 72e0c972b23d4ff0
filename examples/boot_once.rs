//! Boot the minikube profile once, run one command, decode the API schema: what a page load pays,
//! as a target for callgrind (`valgrind --tool=callgrind target/release/examples/boot_once`),
//! whose instruction counts stay put on a busy machine where timings do not.
use kubeplay::cluster::fixture;
use kubeplay::fs::MemFs;
use kubeplay::playground::Playground;
use kubeplay::profile::Profile;
use std::time::Instant;

fn main() {
    let t = Instant::now();
    let mut pg = Playground::new(
        Profile::minikube(),
        fixture::clock(),
        Box::new(MemFs::new()),
    );
    let boot = t.elapsed();
    if std::env::var_os("GET").is_some() {
        pg.run_script("kubectl get pods -A");
    }
    let got = t.elapsed();
    eprintln!("boot {boot:?}, then get pods -A {:?}", got - boot);
    let t = Instant::now();
    let n = if std::env::var_os("SCHEMA").is_some() {
        kubeplay::schema::for_version(&pg.cluster.api.info.git_version)
            .definitions
            .len()
    } else {
        0
    };
    eprintln!("schema decode {:?} ({n} definitions)", t.elapsed());
}
