//! The programs an image has and the ones this model runs against the container's own files:
//! busybox's applets (busybox, alpine and the other `sh` images) or GNU coreutils (the Debian
//! and Ubuntu based `bash` images), each with its own messages. Text tools (`grep`, `echo`,
//! `env`, ...) are the shell's builtins; the network clients (`nslookup`, `wget`, `curl`) are
//! run by `crate::network` (see `session.rs`).

use kubeplay_core::output::Output;

use super::layer::{absolute, Layer};
use super::Container;
use crate::images::{Image, Shell};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// busybox applets, `sh` (ash).
    Busybox,
    /// GNU coreutils, bash.
    Coreutils,
    /// No shell and no tools: only the image's own program.
    Bare,
}

/// What every image with a shell has.
const COMMON: &[&str] = &[
    "sh", "cat", "echo", "env", "printenv", "hostname", "id", "whoami", "pwd", "touch", "mkdir",
    "rm", "rmdir", "df", "mount", "ls", "sleep", "grep", "head", "tail", "wc", "sort", "uniq",
    "base64", "cut", "tr", "seq", "true", "false", "test", "[", "printf", "xargs", "tee", "uname",
    "awk", "sed", "date", "find", "tar",
];
const BUSYBOX: &[&str] = &["ash", "ps", "nslookup", "wget", "nc"];
const COREUTILS: &[&str] = &["bash"];
/// Images that ship curl.
const CURL: &[&str] = &["curlimages/curl", "nicolaka/netshoot", "nginx"];
/// What this model runs itself (the container's host); the rest are shell builtins.
pub const HOSTED: &[&str] = &[
    "ls", "cat", "cd", "pwd", "hostname", "id", "whoami", "ps", "touch", "mkdir", "rm", "rmdir",
    "df", "mount", "uname", "date", "find", "nslookup", "wget", "curl", "nc", "tar",
];

impl Flavor {
    pub fn of(image: &Image) -> Flavor {
        match image.shell {
            Shell::None => Flavor::Bare,
            Shell::Sh => Flavor::Busybox,
            Shell::Bash => Flavor::Coreutils,
        }
    }

    /// The shell's name in its messages.
    pub fn sh(self) -> &'static str {
        match self {
            Flavor::Coreutils => "bash",
            _ => "sh",
        }
    }

    pub fn busybox(self) -> bool {
        self == Flavor::Busybox
    }
}

/// Whether the image has program `prog` (a path or a name on `$PATH`).
pub fn has(c: &Container, prog: &str) -> bool {
    let base = prog.rsplit('/').next().unwrap_or(prog);
    let own = c.image.default_process();
    if own
        .first()
        .is_some_and(|p| p == prog || p.rsplit('/').next() == Some(base))
    {
        return true;
    }
    if c.layer.is_file(prog) && prog.starts_with('/') {
        return c.flavor != Flavor::Bare;
    }
    let listed = match c.flavor {
        Flavor::Bare => false,
        Flavor::Busybox => COMMON.contains(&base) || BUSYBOX.contains(&base),
        Flavor::Coreutils => COMMON.contains(&base) || COREUTILS.contains(&base),
    };
    listed || (base == "curl" && CURL.contains(&c.image.name.as_str()))
}

/// What one hosted program needs: the files, where it runs, who runs it.
pub struct Ctx<'a> {
    pub layer: &'a mut Layer,
    pub cwd: &'a mut String,
    pub c: &'a Container,
    pub tty: bool,
}

impl Ctx<'_> {
    pub(super) fn abs(&self, p: &str) -> String {
        absolute(self.cwd, p)
    }
    fn bb(&self) -> bool {
        self.c.flavor.busybox()
    }
}

/// Options (`-la`) and operands, `--` ending the options.
fn split(args: &[String]) -> (String, Vec<&str>) {
    let mut flags = String::new();
    let mut operands = Vec::new();
    let mut ended = false;
    for a in args {
        if !ended && a == "--" {
            ended = true;
        } else if !ended && a.starts_with('-') && a.len() > 1 {
            flags.push_str(a.trim_start_matches('-'));
        } else {
            operands.push(a.as_str());
        }
    }
    (flags, operands)
}

pub fn run(x: &mut Ctx<'_>, name: &str, args: &[String], stdin: Option<&str>) -> Output {
    let mut o = Output::new();
    let code = match name {
        "ls" => super::listing::ls(x, args, &mut o),
        "cat" => cat(x, args, stdin, &mut o),
        "cd" => cd(x, args, &mut o),
        "pwd" => {
            o.out(format!("{}\n", x.cwd));
            0
        }
        "hostname" => {
            o.out(format!("{}\n", x.c.hostname));
            0
        }
        "uname" => {
            let (flags, _) = split(args);
            o.out(if flags.contains('a') {
                format!(
                    "Linux {} 6.6.16-linuxkit #1 SMP PREEMPT_DYNAMIC Fri Feb 16 11:54:02 UTC 2024 x86_64 GNU/Linux\n",
                    x.c.hostname
                )
            } else {
                "Linux\n".to_string()
            });
            0
        }
        "id" => {
            o.out(id(x.c));
            0
        }
        "whoami" => whoami(x.c, &mut o),
        "ps" => {
            o.out(ps(x.c, x.tty && !x.c.attached));
            0
        }
        "touch" => each(x, "touch", args, &mut o, touch),
        "mkdir" => mkdir(x, args, &mut o),
        "rm" => rm(x, args, &mut o),
        "rmdir" => each(x, "rmdir", args, &mut o, rmdir),
        "df" => {
            o.out(super::listing::df(x.c));
            0
        }
        "date" => {
            o.out(format!("{}\n", super::listing::date_long(x.c.now)));
            0
        }
        "find" => super::listing::find(x, args, &mut o),
        "tar" => super::tar::run(x, args, stdin, &mut o),
        "mount" => {
            o.out(super::listing::mount(x.c));
            0
        }
        _ => {
            // The network clients reach here only without a cluster to ask (never from an exec).
            o.err(format!(
                "{name}: the network between pods is not available in kubeplay yet\n"
            ));
            1
        }
    };
    o.exit_code = code;
    o
}

fn name_of(c: &Container, id: u32) -> String {
    match (&c.user.name, id == c.user.uid) {
        (Some(n), true) => format!("{id}({n})"),
        _ if id == 0 => "0(root)".to_string(),
        _ => id.to_string(),
    }
}

fn id(c: &Container) -> String {
    let u = &c.user;
    let group = if u.gid == u.uid {
        name_of(c, u.gid)
    } else if u.gid == 0 {
        "0(root)".to_string()
    } else {
        u.gid.to_string()
    };
    let groups = if c.image.name == "alpine" && u.uid == 0 {
        // Alpine's root is in the system groups of its /etc/group.
        format!("{group},1(bin),2(daemon),3(sys),4(adm),6(disk),10(wheel),11(floppy),20(dialout),26(tape),27(video)")
    } else if c.flavor.busybox() && u.uid == 0 {
        format!("{group},10(wheel)")
    } else {
        group.clone()
    };
    format!("uid={} gid={group} groups={groups}\n", name_of(c, u.uid))
}

fn whoami(c: &Container, o: &mut Output) -> i32 {
    match &c.user.name {
        Some(n) => {
            o.out(format!("{n}\n"));
            0
        }
        None if c.flavor.busybox() => {
            o.err(format!("whoami: unknown uid {}\n", c.user.uid));
            1
        }
        None => {
            o.err(format!(
                "whoami: cannot find name for user ID {}\n",
                c.user.uid
            ));
            1
        }
    }
}

/// The container's processes: its command as PID 1, then the exec'd shell (on a terminal)
/// and `ps` itself.
fn ps(c: &Container, shell: bool) -> String {
    let user = c
        .user
        .name
        .clone()
        .unwrap_or_else(|| c.user.uid.to_string());
    let mut text = String::from("PID   USER     TIME  COMMAND\n");
    let line = |pid: usize, cmd: &str| format!("{pid:>5} {user:<8}  0:00 {cmd}\n");
    // Shared processes come first (they started before), then its own, its shell and `ps`.
    let own = c.argv.join(" ");
    let mut cmds: Vec<&str> = c.shared.iter().map(String::as_str).collect();
    cmds.push(&own);
    if shell {
        cmds.push(c.flavor.sh());
    }
    cmds.push("ps");
    for (i, cmd) in cmds.iter().enumerate() {
        let pid = if i == 0 { 1 } else { 6 * i + 1 };
        text.push_str(&line(pid, cmd));
    }
    text
}

fn cat(x: &mut Ctx<'_>, args: &[String], stdin: Option<&str>, o: &mut Output) -> i32 {
    let (_, operands) = split(args);
    if operands.is_empty() {
        o.out(stdin.unwrap_or_default());
        return 0;
    }
    let mut code = 0;
    for f in operands {
        if f == "-" {
            o.out(stdin.unwrap_or_default());
            continue;
        }
        let p = x.abs(f);
        let resolved = x.layer.resolve(&p, true);
        match x.layer.files.get(&resolved) {
            Some(text) => o.out(text.clone()),
            None => {
                let why = if x.layer.is_dir(&p) {
                    "Is a directory"
                } else {
                    "No such file or directory"
                };
                o.err(if x.bb() && why.starts_with("No") {
                    format!("cat: can't open '{f}': {why}\n")
                } else if x.bb() {
                    format!("cat: read error: {why}\n")
                } else {
                    format!("cat: {f}: {why}\n")
                });
                code = 1;
            }
        }
    }
    code
}

fn cd(x: &mut Ctx<'_>, args: &[String], o: &mut Output) -> i32 {
    let target = match args.first().map(String::as_str) {
        None | Some("~") => x.c.user.home.clone(),
        Some(d) => d.to_string(),
    };
    let p = x.abs(&target);
    if x.layer.is_dir(&p) {
        *x.cwd = p;
        return 0;
    }
    let why = if x.layer.exists(&p) {
        "Not a directory"
    } else {
        "No such file or directory"
    };
    if x.bb() {
        o.err(format!("sh: cd: can't cd to {target}: {why}\n"));
        2
    } else {
        o.err(format!("bash: cd: {target}: {why}\n"));
        1
    }
}

/// Run `one` on each operand; the exit code is 1 when any failed.
fn each(
    x: &mut Ctx<'_>,
    name: &str,
    args: &[String],
    o: &mut Output,
    one: fn(&mut Ctx<'_>, &str, &mut Output) -> bool,
) -> i32 {
    let (_, operands) = split(args);
    if operands.is_empty() {
        o.err(if x.bb() {
            format!("BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: {name} FILE...\n")
        } else {
            let what = if name == "touch" { "file operand" } else { "operand" };
            format!("{name}: missing {what}\nTry '{name} --help' for more information.\n")
        });
        return 1;
    }
    let mut ok = true;
    for f in operands {
        ok &= one(x, f, o);
    }
    i32::from(!ok)
}

fn touch(x: &mut Ctx<'_>, f: &str, o: &mut Output) -> bool {
    let p = x.abs(f);
    if x.layer.is_file(&p) || x.layer.is_dir(&p) {
        return true;
    }
    match x.layer.write(&p, "") {
        Ok(()) => true,
        Err(e) => {
            let why = super::why(&e);
            o.err(if x.bb() {
                format!("touch: {f}: {why}\n")
            } else {
                format!("touch: cannot touch '{f}': {why}\n")
            });
            false
        }
    }
}

fn mkdir(x: &mut Ctx<'_>, args: &[String], o: &mut Output) -> i32 {
    let (flags, operands) = split(args);
    let parents = flags.contains('p');
    if operands.is_empty() {
        o.err("mkdir: missing operand\n");
        return 1;
    }
    let mut code = 0;
    for f in operands {
        let p = x.abs(f);
        let parent = absolute(&p, "..");
        let fail = if x.layer.exists(&p) {
            (!parents || !x.layer.is_dir(&p)).then_some("File exists")
        } else if x.layer.is_read_only(&p) {
            Some("Read-only file system")
        } else if !parents && !x.layer.is_dir(&parent) {
            Some("No such file or directory")
        } else {
            None
        };
        match fail {
            Some(why) => {
                o.err(if x.bb() {
                    format!("mkdir: can't create directory '{f}': {why}\n")
                } else {
                    format!("mkdir: cannot create directory '{f}': {why}\n")
                });
                code = 1;
            }
            None => x.layer.dir(&x.layer.resolve(&p, true)),
        }
    }
    code
}

fn rm(x: &mut Ctx<'_>, args: &[String], o: &mut Output) -> i32 {
    let (flags, operands) = split(args);
    let force = flags.contains('f');
    let recursive = flags.contains('r') || flags.contains('R');
    if operands.is_empty() && !force {
        o.err("rm: missing operand\n");
        return 1;
    }
    let mut code = 0;
    for f in operands {
        let p = x.abs(f);
        let why = if x.layer.is_dir(&p) && !x.layer.is_link(&p) && !recursive {
            Some("Is a directory")
        } else if x.layer.is_read_only(&p) && x.layer.exists(&p) {
            Some("Read-only file system")
        } else if !x.layer.remove(&p, recursive) && !force {
            Some("No such file or directory")
        } else {
            None
        };
        if let Some(why) = why {
            o.err(if x.bb() {
                format!("rm: can't remove '{f}': {why}\n")
            } else {
                format!("rm: cannot remove '{f}': {why}\n")
            });
            code = 1;
        }
    }
    code
}

fn rmdir(x: &mut Ctx<'_>, f: &str, o: &mut Output) -> bool {
    let p = x.abs(f);
    let why = if !x.layer.is_dir(&p) {
        Some("No such file or directory")
    } else if !x.layer.children(&p).is_empty() {
        Some("Directory not empty")
    } else {
        None
    };
    match why {
        Some(why) => {
            o.err(if x.bb() {
                format!("rmdir: '{f}': {why}\n")
            } else {
                format!("rmdir: failed to remove '{f}': {why}\n")
            });
            false
        }
        None => {
            x.layer.remove(&p, true);
            true
        }
    }
}
