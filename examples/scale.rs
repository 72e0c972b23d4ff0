//! A big Deployment from `kubectl create` to all pods Running, natively:
//! `cargo run --release --example scale -- 10000` prints how long the create took to answer,
//! the CPU seconds of the whole run and the peak memory (VmHWM).

#[path = "../benches/support/scale.rs"]
mod scale;

use std::time::Instant;

/// CPU time this thread used so far, in seconds (the first field of schedstat, in ns).
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e9)
}

/// A line of /proc/self/status, in MB (the kernel writes kB).
fn status_mb(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() {
    let replicas: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000);
    let mut pg = scale::cluster_for(replicas);
    let booted_cpu = cpu_seconds();
    let booted_mb = status_mb("VmHWM:");
    let t = Instant::now();
    scale::create(&mut pg, replicas);
    let answered = t.elapsed();
    let after_create = scale::running(&pg);
    let seconds = scale::run_until_running(&mut pg, replicas);
    let wall = t.elapsed();
    let cpu = cpu_seconds() - booted_cpu;
    println!("replicas\t{replicas}");
    println!("create answered in\t{:.3} s", answered.as_secs_f64());
    println!("running when it answered\t{after_create}");
    match seconds {
        Some(s) => println!("all running after\t{s} simulated s"),
        None => println!("NOT all running: {} of {replicas}", scale::running(&pg)),
    }
    println!("wall\t{:.3} s", wall.as_secs_f64());
    println!("cpu\t{cpu:.3} s");
    println!("peak memory (VmHWM)\t{:.1} MB", status_mb("VmHWM:"));
    println!("memory after boot\t{booted_mb:.1} MB");
    println!("memory now (VmRSS)\t{:.1} MB", status_mb("VmRSS:"));
}
