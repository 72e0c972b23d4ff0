//! One playground: a cluster, kubectl's session, the shell and the files, wired together. The CLI,
//! the web page and the transcript tests all drive this same type, so they behave alike.

use crate::clock::Clock;
use crate::cluster::Cluster;
use crate::fs::Fs;
use crate::kubectl::{self, Session};
use crate::output::Output;
use crate::profile::Profile;
use crate::shell::{Feed, Host, Shell};

pub struct Playground {
    pub cluster: Cluster,
    pub session: Session,
    pub shell: Shell,
    pub fs: Box<dyn Fs>,
}

/// What the shell may ask of the rest of the playground.
struct Wiring<'a> {
    cluster: &'a mut Cluster,
    session: &'a mut Session,
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
}

impl Playground {
    pub fn new(profile: Profile, clock: Box<dyn Clock>, fs: Box<dyn Fs>) -> Playground {
        let session = Session::new(&profile.kubeconfig);
        Playground {
            cluster: Cluster::new(profile, clock),
            session,
            shell: Shell::new(),
            fs,
        }
    }

    /// One line typed at the prompt.
    pub fn feed_line(&mut self, line: &str) -> Feed {
        let mut w = Wiring {
            cluster: &mut self.cluster,
            session: &mut self.session,
        };
        self.shell.feed_line(line, &mut w, self.fs.as_mut())
    }

    /// A whole script; one (command text, output) per complete command.
    pub fn run_script(&mut self, script: &str) -> Vec<(String, Output)> {
        let mut w = Wiring {
            cluster: &mut self.cluster,
            session: &mut self.session,
        };
        self.shell.run_script(script, &mut w, self.fs.as_mut())
    }
}
