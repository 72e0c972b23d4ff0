//! kubectl command lines in unit tests, against the workspace's shared fixture cluster
//! (`kubeplay_cluster::fixture`) with a session on minikube's kubeconfig, as a fresh shell has.

use crate::{run_line, Session};
use kubeplay_cluster::profile::Profile;
use kubeplay_cluster::{fixture, Cluster};
use kubeplay_core::fs::MemFs;
use kubeplay_core::output::Output;

/// A freshly booted minikube at the fixture's "now".
pub fn cluster() -> Cluster {
    fixture::minikube()
}

/// A session on minikube's kubeconfig.
pub fn session() -> Session {
    Session::new(&Profile::minikube().kubeconfig)
}

/// One kubectl line in a fresh session.
pub fn output(c: &mut Cluster, fs: &mut MemFs, line: &str) -> Output {
    run_line(&mut session(), line, c, fs, None)
}

/// stdout, stderr and exit code of one kubectl line.
pub fn kubectl(c: &mut Cluster, fs: &mut MemFs, line: &str) -> (String, String, i32) {
    let out = output(c, fs, line);
    (out.stdout(), out.stderr(), out.exit_code)
}

/// One line on a fresh cluster.
pub fn run(line: &str) -> (String, String, i32) {
    kubectl(&mut cluster(), &mut MemFs::new(), line)
}
