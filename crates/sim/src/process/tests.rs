use super::*;
use crate::images::catalog;

fn run_in(image: &str, command: &[&str], args: &[&str]) -> Option<Process> {
    let image = catalog().image(image).unwrap();
    let s = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    run(image, &s(command), &s(args))
}

fn texts(p: &Process) -> Vec<(u64, &str)> {
    p.log.iter().map(|l| (l.ms, l.text.as_str())).collect()
}

#[test]
fn scripts_exit_with_their_code_after_their_sleeps() {
    let p = run_in(
        "busybox",
        &["sh", "-c", "echo one; sleep 2; echo two; exit 3"],
        &[],
    )
    .unwrap();
    assert_eq!(p.end, End::Exit { ms: 2000, code: 3 });
    assert_eq!(texts(&p), [(0, "one"), (2000, "two")]);
}

#[test]
fn endless_scripts_keep_running() {
    let p = run_in(
        "busybox",
        &["sh", "-c"],
        &["while true; do echo hi; sleep 5; done"],
    )
    .unwrap();
    assert_eq!(p.end, End::Never);
    assert_eq!(texts(&p)[..3], [(0, "hi"), (5000, "hi"), (10000, "hi")]);
    let p = run_in(
        "busybox",
        &["sh", "-c", "echo up; sleep infinity; echo never"],
        &[],
    )
    .unwrap();
    assert_eq!(p.end, End::Never);
    assert_eq!(texts(&p), [(0, "up")]);
    let p = run_in("alpine", &["tail", "-f", "/dev/null"], &[]).unwrap();
    assert_eq!(p.end, End::Never);
}

#[test]
fn plain_commands_and_defaults() {
    assert_eq!(
        run_in("busybox", &[], &[]).unwrap().end,
        End::Exit { ms: 0, code: 0 }
    );
    let p = run_in("busybox", &[], &["sleep", "1.5"]).unwrap();
    assert_eq!(p.end, End::Exit { ms: 1500, code: 0 });
    assert_eq!(
        run_in("busybox", &["false"], &[]).unwrap().end,
        End::Exit { ms: 0, code: 1 }
    );
    assert_eq!(run_in("nginx", &[], &[]), None);
}

#[test]
fn programs_the_image_lacks_are_not_found() {
    let nf = |p: Option<Process>| p.map(|p| p.end);
    assert_eq!(
        nf(run_in("busybox", &["bash"], &[])),
        Some(End::NotFound("bash".into()))
    );
    assert_eq!(
        nf(run_in("traefik/whoami", &["sh", "-c", "ls"], &[])),
        Some(End::NotFound("sh".into()))
    );
    assert_eq!(nf(run_in("traefik/whoami", &[], &["--port", "8080"])), None);
    assert_eq!(
        nf(run_in("ubuntu", &["bash", "-c", "exit 4"], &[])),
        Some(End::Exit { ms: 0, code: 4 })
    );
}

#[test]
fn scripts_calling_programs_outside_the_shell_are_left_to_the_caller() {
    assert_eq!(
        run_in(
            "busybox",
            &["sh", "-c", "until nslookup db; do sleep 2; done"],
            &[]
        ),
        None
    );
    assert_eq!(
        run_in("busybox", &["sh", "-c", "kubectl get pods"], &[]),
        None
    );
}

#[test]
fn stderr_lines_keep_their_times_across_sleeps() {
    let p = run_in(
        "busybox",
        &["sh", "-c", "echo a >&2; sleep 1; echo b >&2"],
        &[],
    )
    .unwrap();
    assert_eq!(texts(&p), [(0, "a"), (1000, "b")]);
    assert!(p.log.iter().all(|l| l.stderr));
}

#[test]
fn scripts_keep_the_states_of_their_files_over_time() {
    let p = run_in(
        "busybox",
        &[
            "sh",
            "-c",
            "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600",
        ],
        &[],
    )
    .unwrap();
    let has = |i: usize| p.files[i].1.read("/tmp/healthy").is_ok();
    let times: Vec<u64> = p.files.iter().map(|(t, _)| *t).collect();
    assert_eq!(times, [0, 30_000]);
    assert!(has(0) && !has(1));
    // The image's own files are there from the start.
    let os = p.files[0].1.read("/etc/os-release");
    assert_eq!(
        os.is_ok(),
        catalog()
            .image("busybox")
            .unwrap()
            .files
            .contains_key("/etc/os-release")
    );
}

#[test]
fn exec_lines_run_on_given_files() {
    let fs = kubeplay_core::fs::MemFs::new().with_file("/tmp/x", "hi\n");
    assert_eq!(
        exec_line(fs.clone(), "cat /tmp/x"),
        Some(("hi\n".into(), 0))
    );
    let (text, code) = exec_line(fs, "rm /tmp/y").unwrap();
    assert_eq!(code, 1);
    assert_eq!(
        text,
        "rm: cannot remove '/tmp/y': No such file or directory\n"
    );
    assert_eq!(exec_line(Default::default(), "curl localhost"), None);
}

#[test]
fn stress_holds_what_its_workers_allocate() {
    let p = run_in(
        "polinux/stress",
        &["stress"],
        &["--vm", "1", "--vm-bytes", "250M", "--vm-hang", "1"],
    )
    .unwrap();
    assert_eq!(p.end, End::Never);
    assert_eq!(
        p.memory,
        Some((250 << 20) + catalog().image("polinux/stress").unwrap().memory)
    );
    assert_eq!(
        texts(&p),
        [(
            0,
            "stress: info: [1] dispatching hogs: 0 cpu, 0 io, 1 vm, 0 hdd"
        )]
    );
    let p = run_in(
        "polinux/stress",
        &["stress", "--cpu", "2", "--timeout", "10s"],
        &[],
    )
    .unwrap();
    assert_eq!(
        p.end,
        End::Exit {
            ms: 10_000,
            code: 0
        }
    );
    assert_eq!(p.cpu, Some(2000));
}

#[test]
fn tail_follows_forever_inside_scripts() {
    let p = run_in(
        "alpine",
        &["sh", "-c", "echo start; tail -F /opt/logs.txt"],
        &[],
    )
    .unwrap();
    assert_eq!(p.end, End::Never);
    assert_eq!(
        texts(&p),
        [
            (0, "start"),
            (
                0,
                "tail: cannot open '/opt/logs.txt' for reading: No such file or directory"
            )
        ]
    );
    let p = run_in(
        "busybox",
        &["sh", "-c", "echo a > /x; echo b >> /x; tail -n 1 /x"],
        &[],
    )
    .unwrap();
    assert_eq!(texts(&p), [(0, "b")]);
}
