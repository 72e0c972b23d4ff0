//! One playground: a cluster, kubectl's session, the shell and the files, wired together. The CLI,
//! the web page and the transcript tests all drive this same type, so they behave alike.

use crate::clock::Clock;
use crate::cluster::Cluster;
use crate::fs::Fs;
use crate::kubectl::{self, Session};
use crate::output::{Output, WatchSpec};
use crate::profile::Profile;
use crate::shell::{Feed, Host, Shell};
use kubeplay_core::http;

pub struct Playground {
    pub cluster: Cluster,
    pub session: Session,
    pub shell: Shell,
    pub fs: Box<dyn Fs>,
    /// The `kubectl get -w` still running, if the last command started one.
    watch: Option<WatchSpec>,
    /// `why` refuses while an exercise or exam asks the learner to find causes alone.
    pub why_hidden: bool,
}

/// What the shell may ask of the rest of the playground.
struct Wiring<'a> {
    cluster: &'a mut Cluster,
    session: &'a mut Session,
    why_hidden: bool,
}

impl Host for Wiring<'_> {
    fn kubectl(&mut self, args: &[String], stdin: Option<&str>, fs: &mut dyn Fs) -> Output {
        kubectl::run(self.session, args, self.cluster, fs, stdin)
    }

    fn sleep(&mut self, seconds: f64) {
        let secs = if seconds.is_finite() && seconds > 0.0 {
            seconds.ceil().min(1e9) as i64
        } else {
            0
        };
        self.cluster.advance(secs);
    }

    fn command(
        &mut self,
        name: &str,
        args: &[String],
        stdin: Option<&str>,
        fs: &mut dyn Fs,
    ) -> Option<Output> {
        match (name, args.first().map(String::as_str)) {
            // `minikube kubectl -- ARGS` runs the cluster's own kubectl.
            ("minikube", Some("kubectl")) if self.cluster.profile.name == "minikube" => {
                let rest = args.get(1..).unwrap_or_default();
                let rest = rest.strip_prefix(&["--".to_string()]).unwrap_or(rest);
                Some(kubectl::run(self.session, rest, self.cluster, fs, stdin))
            }
            ("minikube", _) => self.cluster.minikube(args),
            ("why", _) => Some(why(self.cluster, self.session, self.why_hidden, args)),
            _ => None,
        }
    }

    fn now(&self) -> i64 {
        self.cluster.now().0
    }

    fn http_clients(&self) -> bool {
        true
    }

    fn listening(&mut self, taken: Vec<(String, u16)>) {
        self.session.listening = taken;
    }

    fn http(&mut self, req: &http::Request) -> Result<http::Response, http::Failure> {
        self.cluster.http_from_laptop(req)
    }

    fn poll(&mut self, spec: &mut WatchSpec, fs: &mut dyn Fs) -> (Output, Option<i32>) {
        let out = kubectl::poll_watch(self.session, spec, self.cluster, fs);
        let ended = kubectl::watch_ended(spec).then_some(out.exit_code);
        (out, ended)
    }
}

/// The `why` builtin: the object's chain of causes, in the kubeconfig's namespace unless `-n`
/// names another; refused while an exercise or exam hides it.
fn why(cluster: &Cluster, session: &Session, hidden: bool, args: &[String]) -> Output {
    if hidden {
        let mut o = Output::new();
        o.err("why: not available in this exercise: finding the cause is part of it\n");
        o.exit_code = 1;
        return o;
    }
    let ns = session
        .kubeconfig
        .context_namespace(None)
        .unwrap_or_else(|| "default".to_string());
    kubeplay_cluster::why::run(cluster.api.store(), args, &ns)
}

impl Playground {
    /// `why ARGS` as typed, for what shows it outside the terminal (the page's side panel).
    pub fn why(&self, args: &[String]) -> Output {
        why(&self.cluster, &self.session, self.why_hidden, args)
    }

    pub fn new(profile: Profile, clock: Box<dyn Clock>, fs: Box<dyn Fs>) -> Playground {
        let session = Session::new(&profile.kubeconfig);
        Playground {
            cluster: Cluster::new(profile, clock),
            session,
            shell: Shell::interactive(),
            fs,
            watch: None,
            why_hidden: false,
        }
    }

    /// A playground from its parts, as a snapshot restores them: no watch running.
    pub fn from_parts(
        cluster: Cluster,
        session: Session,
        shell: Shell,
        fs: Box<dyn Fs>,
    ) -> Playground {
        Playground {
            cluster,
            session,
            shell,
            fs,
            watch: None,
            why_hidden: false,
        }
    }

    /// One line typed at the prompt (in the container's shell while one is attached).
    pub fn feed_line(&mut self, line: &str) -> Feed {
        if self.cluster.shell.is_some() {
            return self.container_line(line);
        }
        let mut w = Wiring {
            cluster: &mut self.cluster,
            session: &mut self.session,
            why_hidden: self.why_hidden,
        };
        let mut feed = self.shell.feed_line(line, &mut w, self.fs.as_mut());
        if let Feed::Done(out) = &mut feed {
            self.watch = out.watch.take();
        }
        feed
    }

    /// The prompt of the container shell `kubectl exec -it` or `run -it` attached, if any.
    pub fn container_prompt(&self) -> Option<String> {
        self.cluster.shell_prompt()
    }

    /// Ctrl-C at a `> ` prompt: the open command of the container shell, or of the playground's.
    pub fn cancel_line(&mut self) {
        match self.cluster.shell.as_mut() {
            Some(a) => a.shell.cancel(),
            None => self.shell.cancel(),
        }
    }

    /// Ctrl-D: an attached container shell exits; None when none is attached.
    pub fn end_input(&mut self) -> Option<Output> {
        self.cluster.shell.as_ref()?;
        match self.container_line("exit") {
            Feed::Done(out) => Some(out),
            Feed::More(_) => None,
        }
    }

    /// A line for the attached shell; when it exits, what kubectl prints as the session ends.
    fn container_line(&mut self, line: &str) -> Feed {
        let Some((ran, ended)) = self.cluster.shell_line(line) else {
            return Feed::Done(Output::new());
        };
        if ran.more {
            return Feed::More("> ".to_string());
        }
        let mut out = ran.output;
        let Some(a) = ended else {
            return Feed::Done(out);
        };
        let kubectl = |pg: &mut Playground, args: &[&str]| {
            let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
            kubectl::run(
                &mut pg.session,
                &args,
                &mut pg.cluster,
                pg.fs.as_mut(),
                None,
            )
        };
        if a.attach && a.restart_always {
            out.out(format!(
                "Session ended, resume using 'kubectl attach {pod} -c {c} -i -t' command when the pod is running\n",
                pod = a.pod,
                c = a.shell.container_name(),
            ));
        }
        if a.remove {
            // `run --rm`: the pod goes once the session ends.
            let ns = a.namespace.clone();
            let gone = kubectl(self, &["delete", "pod", &a.pod, "-n", &ns, "--wait=false"]);
            out.append(gone);
        } else if !a.attach && ran.code != 0 {
            out.err(format!("command terminated with exit code {}\n", ran.code));
        }
        out.exit_code = ran.code;
        Feed::Done(out)
    }

    /// Whether a `kubectl get -w` (or `logs -f`, `port-forward`) is waiting for changes (until
    /// `stop_watch`). Only a front end that can interrupt it polls (the page, the CLI at a
    /// terminal); scripts and transcripts print the first listing only, since nothing there
    /// could stop the stream.
    pub fn is_watching(&self) -> bool {
        self.watch.is_some()
    }

    /// Let the cluster catch up with the clock and print a row per watched object that changed.
    /// None when no watch is running.
    pub fn poll_watch(&mut self) -> Option<Output> {
        let background = self.poll_jobs();
        let Some(spec) = self.watch.as_mut() else {
            return background;
        };
        let mut out = background.unwrap_or_default();
        out.append(kubectl::poll_watch(
            &mut self.session,
            spec,
            &mut self.cluster,
            self.fs.as_mut(),
        ));
        if kubectl::watch_ended(spec) {
            // A followed log whose containers all stopped: the command is over.
            self.watch = None;
        }
        Some(out)
    }

    /// What background jobs printed as time passed; None when there are none.
    fn poll_jobs(&mut self) -> Option<Output> {
        if !self.shell.has_jobs() {
            return None;
        }
        let mut w = Wiring {
            cluster: &mut self.cluster,
            session: &mut self.session,
            why_hidden: self.why_hidden,
        };
        Some(self.shell.poll_jobs(&mut w, self.fs.as_mut()))
    }

    /// Ctrl-C on a running `get -w`.
    pub fn stop_watch(&mut self) {
        self.watch = None;
    }

    /// The file a `kubectl edit` has open in the page's editor, while it waits for it.
    pub fn editing(&self) -> Option<&str> {
        kubectl::editing_file(&self.session)
    }

    /// The page's editor saved (`saved`) or closed the file of the waiting `kubectl edit`: what
    /// kubectl prints as it carries on (it waits again when it reopens the file).
    pub fn edit_closed(&mut self, saved: bool) -> Output {
        kubectl::edit_closed(
            &mut self.session,
            saved,
            &mut self.cluster,
            self.fs.as_mut(),
        )
    }

    /// Ctrl-C on a waiting `kubectl edit`: it ends, and its files go.
    pub fn interrupt_edit(&mut self) {
        kubectl::edit_interrupted(&mut self.session, self.fs.as_mut());
    }

    /// A whole script; one (command text, output) per complete command.
    pub fn run_script(&mut self, script: &str) -> Vec<(String, Output)> {
        let mut w = Wiring {
            cluster: &mut self.cluster,
            session: &mut self.session,
            why_hidden: self.why_hidden,
        };
        self.shell.run_script(script, &mut w, self.fs.as_mut())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::fixture;
    use crate::fs::MemFs;

    fn playground() -> Playground {
        Playground::new(
            Profile::minikube(),
            fixture::clock(),
            Box::new(MemFs::default()),
        )
    }

    fn done(f: Feed) -> Output {
        match f {
            Feed::Done(o) => o,
            Feed::More(p) => panic!("more input wanted: {p}"),
        }
    }

    #[test]
    fn get_watch_prints_a_row_per_change_until_stopped() {
        let mut pg = playground();
        done(pg.feed_line("kubectl run web --image nginx"));
        let first = done(pg.feed_line("kubectl get pods -w"));
        assert_eq!(
            first.combined(),
            "NAME   READY   STATUS              RESTARTS   AGE\nweb    0/1     ContainerCreating   0          0s\n"
        );
        assert!(pg.is_watching());
        // Each status update is a watch event, even when the row reads the same.
        let mut rows = String::new();
        for _ in 0..8 {
            pg.cluster.advance(1);
            rows.push_str(&pg.poll_watch().unwrap().combined());
        }
        assert_eq!(
            rows,
            "web   0/1   ContainerCreating   0     1s\nweb   1/1   Running   0     5s\n"
        );
        pg.stop_watch();
        assert!(pg.poll_watch().is_none());
    }

    #[test]
    fn deleted_objects_print_their_last_row() {
        let mut pg = playground();
        done(pg.feed_line("kubectl create namespace gone"));
        let first = done(pg.feed_line("kubectl get ns gone --watch-only"));
        assert_eq!(first.combined(), "");
        pg.cluster.advance(2);
        assert_eq!(pg.poll_watch().unwrap().combined(), "");
        // Deleting a namespace marks it Terminating first: the changed row is printed.
        pg.run_script("kubectl delete ns gone --wait=false");
        let rows = pg.poll_watch().unwrap().combined();
        assert!(rows.starts_with("gone   "), "{rows}");
    }

    #[test]
    fn events_watch_prints_each_new_event_on_its_own() {
        let mut pg = playground();
        let first = done(pg.feed_line("kubectl events -w --for pod/web"));
        assert_eq!(first.combined(), "");
        assert!(pg.is_watching());
        pg.run_script("kubectl run web --image nginx");
        pg.cluster.advance(1);
        let rows = pg.poll_watch().unwrap().combined();
        assert!(
            rows.starts_with("LAST SEEN   TYPE   REASON   OBJECT   MESSAGE\n"),
            "{rows}"
        );
        assert!(rows.contains("Normal   Scheduled   Pod/web"), "{rows}");
        pg.cluster.advance(5);
        let rows = pg.poll_watch().unwrap().combined();
        assert!(rows.contains("Started   Pod/web"), "{rows}");
        assert!(!rows.contains("Scheduled"), "{rows}");
    }

    #[test]
    fn minikube_is_a_command_on_its_profile_only() {
        let mut pg = playground();
        assert_eq!(
            done(pg.feed_line("minikube ip")).combined(),
            "192.168.49.2\n"
        );
        let mut k3s = Playground::new(Profile::k3s(), fixture::clock(), Box::new(MemFs::default()));
        let out = done(k3s.feed_line("minikube ip"));
        assert_eq!(out.exit_code, 127);
    }

    #[test]
    fn piped_or_followed_watches_are_dropped() {
        let mut pg = playground();
        done(pg.feed_line("kubectl get ns -w | head -1"));
        assert!(!pg.is_watching());
        done(pg.feed_line("kubectl get ns -w; echo hi"));
        assert!(!pg.is_watching());
        done(pg.feed_line("kubectl get ns -w > /tmp/x"));
        assert!(!pg.is_watching());
        done(pg.feed_line("echo hi; kubectl get ns -w"));
        assert!(pg.is_watching());
        // Objects stream too, each on its own, as kubectl prints them.
        done(pg.feed_line("kubectl get ns -o yaml -w"));
        assert!(pg.is_watching());
        done(pg.feed_line("kubectl get ns -o jsonpath={.kind} -w"));
        assert!(!pg.is_watching());
    }

    #[test]
    fn logs_follow_prints_new_lines_on_the_clock_until_stopped() {
        let mut pg = playground();
        done(pg.feed_line(
            "kubectl run loop --image busybox -- sh -c 'i=0; while true; do i=$((i+1)); echo tick $i; sleep 5; done'",
        ));
        pg.cluster.advance(12);
        let first = done(pg.feed_line("kubectl logs -f loop --prefix"));
        assert_eq!(
            first.combined(),
            "[pod/loop/loop] tick 1\n[pod/loop/loop] tick 2\n[pod/loop/loop] tick 3\n"
        );
        assert!(pg.is_watching());
        let mut more = String::new();
        for _ in 0..10 {
            pg.cluster.advance(1);
            more.push_str(&pg.poll_watch().unwrap().combined());
        }
        // Each line once, as its moment comes.
        assert_eq!(more, "[pod/loop/loop] tick 4\n[pod/loop/loop] tick 5\n");
        pg.stop_watch();
        assert!(pg.poll_watch().is_none());
    }

    #[test]
    fn logs_follow_ends_with_the_container() {
        let mut pg = playground();
        done(pg.feed_line(
            "kubectl run job --image busybox --restart Never -- sh -c 'sleep 6; echo one; sleep 5; echo two'",
        ));
        pg.cluster.advance(5);
        assert_eq!(
            done(pg.feed_line("kubectl logs -f job --timestamps")).combined(),
            ""
        );
        assert!(pg.is_watching());
        let mut more = String::new();
        while pg.is_watching() && more.len() < 1000 {
            pg.cluster.advance(1);
            more.extend(pg.poll_watch().map(|o| o.combined()));
        }
        let lines: Vec<&str> = more.lines().collect();
        assert_eq!(lines.len(), 2, "{more}");
        assert!(
            lines[0].ends_with("Z one") && lines[1].ends_with("Z two"),
            "{more}"
        );
        assert!(!pg.is_watching());
        // A container that is not running has nothing to follow.
        done(pg.feed_line("kubectl logs -f job"));
        assert!(!pg.is_watching());
    }

    #[test]
    fn background_jobs_print_as_the_page_polls_and_are_told_at_the_next_line() {
        let mut pg = playground();
        done(pg.feed_line(
            "kubectl run loop --image busybox -- sh -c 'i=0; while true; do i=$((i+1)); echo tick $i; sleep 5; done'",
        ));
        pg.cluster.advance(7);
        let started = done(pg.feed_line("kubectl logs -f loop &"));
        assert_eq!(started.combined(), "[1] 4310\ntick 1\ntick 2\n");
        assert!(!pg.is_watching(), "a background job leaves the prompt");
        let mut more = String::new();
        for _ in 0..6 {
            pg.cluster.advance(1);
            more.extend(pg.poll_watch().map(|o| o.combined()));
        }
        // Each new line once, as its moment comes.
        assert_eq!(more, "tick 3\n");
        done(pg.feed_line("kill %1"));
        assert_eq!(
            done(pg.feed_line("echo next")).combined(),
            "next\n[1]+  Terminated              kubectl logs -f loop\n"
        );
        assert!(pg.poll_watch().is_none());
    }

    #[test]
    fn a_forward_job_leads_curl_to_its_pod_until_the_pod_goes() {
        let mut pg = playground();
        done(pg.feed_line("kubectl run web --image nginx"));
        pg.cluster.advance(10);
        done(pg.feed_line("kubectl port-forward web 8080:80 &"));
        let got = done(pg.feed_line("curl -s localhost:8080 | grep title"));
        assert_eq!(
            got.combined(),
            "Handling connection for 8080\n<title>Welcome to nginx!</title>\n"
        );
        let gone = done(pg.feed_line("kubectl delete pod web --wait=false; sleep 40"));
        assert!(
            gone.combined().ends_with(
                "error: lost connection to pod\n[1]+  Exit 1                  kubectl port-forward web 8080:80\n"
            ),
            "{}",
            gone.combined()
        );
    }

    #[test]
    fn logs_follow_stops_at_its_byte_limit() {
        let mut pg = playground();
        done(pg.feed_line(
            "kubectl run loop --image busybox -- sh -c 'i=0; while true; do i=$((i+1)); echo tick $i; sleep 5; done'",
        ));
        pg.cluster.advance(12);
        let first = done(pg.feed_line("kubectl logs -f loop --limit-bytes=25"));
        assert_eq!(first.combined(), "tick 1\ntick 2\ntick 3\n");
        let mut more = String::new();
        for _ in 0..20 {
            pg.cluster.advance(1);
            more.extend(pg.poll_watch().map(|o| o.combined()));
        }
        assert_eq!(more, "tick");
        assert!(!pg.is_watching());
    }
}
