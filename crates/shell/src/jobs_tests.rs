//! Background jobs, curl and wget with a host that has a clock, one forward-able watch and an
//! HTTP server at 192.168.49.2:30080.

use super::*;
use kubeplay_core::fs::MemFs;
use kubeplay_core::http::{Failure, Request, Response, Target};
use kubeplay_core::output::Forward;

#[derive(Default)]
struct Clocked {
    now: i64,
    polls: usize,
    requests: Vec<Request>,
}

impl Host for Clocked {
    fn kubectl(&mut self, args: &[String], _stdin: Option<&str>, _fs: &mut dyn Fs) -> Output {
        let mut o = Output::new();
        if args.first().map(String::as_str) == Some("port-forward") {
            o.out("Forwarding from 127.0.0.1:8080 -> 80\n");
            o.watch = Some(WatchSpec {
                forward: Some(Forward {
                    namespace: "default".into(),
                    pod: "web".into(),
                    ports: vec![(8080, 80)],
                    addresses: vec!["127.0.0.1".into(), "::1".into()],
                    ..Forward::default()
                }),
                ..WatchSpec::default()
            });
        }
        o
    }
    fn sleep(&mut self, seconds: f64) {
        self.now += seconds.ceil() as i64;
    }
    fn now(&self) -> i64 {
        self.now
    }
    fn http_clients(&self) -> bool {
        true
    }
    fn poll(&mut self, _spec: &mut WatchSpec, _fs: &mut dyn Fs) -> (Output, Option<i32>) {
        self.polls += 1;
        (Output::new(), None)
    }
    fn http(&mut self, req: &Request) -> Result<Response, Failure> {
        self.requests.push(req.clone());
        let ok = match &req.target {
            Target::Pod { port, .. } => *port == 80,
            Target::Address { host, port } => host == "192.168.49.2" && *port == 30080,
        };
        if !ok {
            return Err(Failure::Refused);
        }
        Ok(Response {
            status: if req.path == "/" { 200 } else { 404 },
            reason: if req.path == "/" {
                "OK".into()
            } else {
                "Not Found".into()
            },
            headers: vec![("Content-Type".into(), "text/html".into())],
            body: "hello\n".into(),
            http2: false,
        })
    }
}

struct T {
    sh: Shell,
    host: Clocked,
    fs: MemFs,
}

impl T {
    fn new() -> T {
        T {
            sh: Shell::interactive(),
            host: Clocked::default(),
            fs: MemFs::new(),
        }
    }
    fn run(&mut self, line: &str) -> Output {
        match self.sh.feed_line(line, &mut self.host, &mut self.fs) {
            Feed::Done(o) => o,
            Feed::More(p) => panic!("more wanted: {p}"),
        }
    }
}

#[test]
fn a_background_sleep_ends_on_the_clock_and_is_told_after_the_next_line() {
    let mut t = T::new();
    let o = t.run("sleep 5 &");
    assert_eq!(o.combined(), "[1] 4310\n");
    assert_eq!(t.host.now, 0, "nothing waits for a background sleep");
    assert_eq!(
        t.run("jobs").combined(),
        "[1]+  Running                 sleep 5 &\n"
    );
    assert_eq!(t.run("echo $!").combined(), "4310\n");
    // Time passes in a later line: the end is told before the next prompt.
    assert_eq!(
        t.run("sleep 6").combined(),
        "[1]+  Done                    sleep 5\n"
    );
    assert_eq!(t.run("jobs").combined(), "");
}

#[test]
fn without_job_control_a_list_ended_by_amp_just_runs() {
    let mut t = T::new();
    t.sh = Shell::new();
    assert_eq!(t.run("echo a & echo b").combined(), "a\nb\n");
    assert_eq!(t.run("jobs").combined(), "");
}

#[test]
fn a_quick_job_is_done_at_once_and_told_a_line_later() {
    let mut t = T::new();
    assert_eq!(t.run("echo hi &").combined(), "[1] 4310\nhi\n");
    assert_eq!(
        t.run("true").combined(),
        "[1]+  Done                    echo hi\n"
    );
}

#[test]
fn kill_fg_and_wait_act_on_the_table() {
    let mut t = T::new();
    t.run("sleep 100 &");
    t.run("sleep 50 &");
    assert_eq!(
        t.run("jobs").combined(),
        "[1]-  Running                 sleep 100 &\n[2]+  Running                 sleep 50 &\n"
    );
    assert_eq!(t.run("kill %1").combined(), "");
    assert_eq!(
        t.run(":").combined(),
        "[1]-  Terminated              sleep 100\n"
    );
    let o = t.run("kill %7");
    assert_eq!(
        (o.combined().as_str(), o.exit_code),
        ("bash: kill: %7: no such job\n", 1)
    );
    let o = t.run("kill 99999");
    assert_eq!(o.combined(), "bash: kill: (99999) - No such process\n");
    let o = t.run("kill");
    assert_eq!(o.exit_code, 2);
    assert_eq!(
        t.run("wait").combined(),
        "[2]+  Done                    sleep 50\n"
    );
    assert_eq!(t.host.now, 50);
    let o = t.run("fg");
    assert_eq!(
        (o.combined().as_str(), o.exit_code),
        ("bash: fg: current: no such job\n", 1)
    );
    t.run("sleep 10 &");
    assert_eq!(t.run("fg %1").combined(), "sleep 10\n");
    assert_eq!(t.host.now, 60);
}

#[test]
fn curl_goes_through_a_forward_job_and_its_line_reaches_the_terminal() {
    let mut t = T::new();
    assert_eq!(
        t.run("kubectl port-forward pod/web 8080:80 &").combined(),
        "[1] 4310\nForwarding from 127.0.0.1:8080 -> 80\n"
    );
    let o = t.run("curl -s localhost:8080 > page.html");
    assert_eq!(o.combined(), "Handling connection for 8080\n");
    assert_eq!(t.fs.read("page.html").unwrap(), "hello\n");
    assert!(t.host.polls > 0, "the job was polled");
    let req = t.host.requests.last().unwrap();
    assert_eq!(
        req.target,
        Target::Pod {
            namespace: "default".into(),
            pod: "web".into(),
            port: 80
        }
    );
    assert_eq!(
        req.headers[0],
        ("Host".to_string(), "localhost:8080".to_string())
    );
    // A port nothing forwards is refused; through the forward, nothing listening is an empty reply.
    let o = t.run("curl localhost:8081");
    assert_eq!(
        (o.combined().as_str(), o.exit_code),
        ("curl: (7) Failed to connect to localhost port 8081 after 0 ms: Couldn't connect to server\n", 7)
    );
    t.run("kill %1");
    assert_eq!(t.run("curl -s localhost:8080").exit_code, 7);
}

#[test]
fn curl_flags() {
    let mut t = T::new();
    let url = "http://192.168.49.2:30080";
    assert_eq!(
        t.run(&format!("curl -sI {url}")).combined(),
        "HTTP/1.1 200 OK\nContent-Type: text/html\n\n"
    );
    assert_eq!(
        t.run(&format!(
            "curl -s -o /dev/null -w '%{{http_code}} %{{size_download}}\\n' {url}/x"
        ))
        .combined(),
        "404 6\n"
    );
    let o = t.run(&format!("curl -fsS {url}/x"));
    assert_eq!(
        (o.combined().as_str(), o.exit_code),
        ("curl: (22) The requested URL returned error: 404\n", 22)
    );
    t.run(&format!("curl -s -X PUT -H 'X-Try: 1' -d a=1 -d b=2 {url}"));
    let req = t.host.requests.last().unwrap();
    assert_eq!((req.method.as_str(), req.body.as_str()), ("PUT", "a=1&b=2"));
    assert!(req.headers.contains(&("X-Try".into(), "1".into())));
    let v = t.run(&format!("curl -v {url}")).stderr();
    assert!(v.starts_with("*   Trying 192.168.49.2:30080...\n* Connected to 192.168.49.2 (192.168.49.2) port 30080 (#0)\n> GET / HTTP/1.1\n> Host: 192.168.49.2:30080\n> User-Agent: curl/7.88.1\n> Accept: */*\n> \n< HTTP/1.1 200 OK\n"), "{v}");
    assert_eq!(t.run("curl").combined(), "curl: no URL specified!\ncurl: try 'curl --help' or 'curl --manual' for more information\n");
    assert_eq!(t.run("curl --bogus x").exit_code, 2);
    assert_eq!(
        t.run("curl web").combined(),
        "curl: (6) Could not resolve host: web\n"
    );
}

#[test]
fn wget_saves_or_prints() {
    let mut t = T::new();
    let url = "192.168.49.2:30080";
    assert_eq!(t.run(&format!("wget -qO- {url}")).combined(), "hello\n");
    let o = t.run(&format!("wget {url}"));
    assert_eq!(t.fs.read("index.html").unwrap(), "hello\n");
    assert!(o.stderr().contains("Connecting to 192.168.49.2:30080... connected.\nHTTP request sent, awaiting response... 200 OK\nLength: 6 [text/html]\nSaving to: ‘index.html’\n"), "{}", o.stderr());
    t.run(&format!("wget -q {url}"));
    assert_eq!(t.fs.read("index.html.1").unwrap(), "hello\n");
    let o = t.run(&format!("wget -q {url}/x"));
    assert_eq!(o.exit_code, 8);
    let o = t.run("wget localhost:9");
    assert_eq!(o.exit_code, 4);
    assert!(o.stderr().ends_with(
        "Connecting to localhost (localhost)|127.0.0.1|:9... failed: Connection refused.\n"
    ));
}
