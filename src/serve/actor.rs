//! The cluster on one thread, the HTTP requests on others. A `Cluster` is not `Send` (its clock
//! and controllers are plain boxes), and a watch must not hold it while it waits for time to
//! pass, so each request's thread hands the cluster short jobs through a channel and waits for
//! their answers: one request at a time, as the playground runs one command at a time.

use std::sync::mpsc::{channel, Receiver, Sender};

use crate::cluster::Cluster;

/// A short piece of work on the cluster.
pub type Job = Box<dyn FnOnce(&mut Cluster) + Send>;

/// A way to the cluster's thread, cloned for each request.
#[derive(Clone)]
pub struct ClusterHandle {
    jobs: Sender<Job>,
}

impl ClusterHandle {
    /// A handle and the queue the cluster's thread is to `run`.
    pub fn new() -> (ClusterHandle, Receiver<Job>) {
        let (jobs, queue) = channel();
        (ClusterHandle { jobs }, queue)
    }

    /// Run `f` on the cluster and return what it returns; `None` once the cluster is gone.
    pub fn with<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Cluster) -> T + Send + 'static,
    ) -> Option<T> {
        let (tx, rx) = channel();
        let job: Job = Box::new(move |c| {
            let _ = tx.send(f(c));
        });
        self.jobs.send(job).ok()?;
        rx.recv().ok()
    }
}

/// Run the jobs on `cluster` until every handle is dropped.
pub fn run(cluster: &mut Cluster, queue: Receiver<Job>) {
    while let Ok(job) = queue.recv() {
        job(cluster);
    }
}
