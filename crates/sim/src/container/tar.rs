//! `tar` in a container, as far as `kubectl cp` uses it: `tar cf - PATH...` writes an archive
//! of the container's files to stdout, `tar xmf - [-C DIR]` unpacks one read from stdin, with
//! busybox's or GNU tar's messages and exit codes (busybox fails with 1, GNU with 2).

use kubeplay_core::output::Output;
use kubeplay_core::tar::{self, Entry, Kind};

use super::layer::absolute;
use super::programs::Ctx;

/// Members archived at most in one `tar c` (the container's file count is bounded too).
const MAX_MEMBERS: usize = 8192;

#[derive(Default)]
struct Opts {
    create: bool,
    extract: bool,
    file: Option<String>,
    dir: Option<String>,
    no_same_permissions: bool,
    operands: Vec<String>,
}

/// Options the old way (`cf`, a first word without a dash) or the usual way (`-xmf`, `-C DIR`).
fn parse(args: &[String]) -> Result<Opts, String> {
    let mut o = Opts::default();
    let mut wants: Vec<char> = Vec::new();
    for (i, a) in args.iter().enumerate() {
        if let Some(w) = wants.first().copied() {
            wants.remove(0);
            match w {
                'f' => o.file = Some(a.clone()),
                _ => o.dir = Some(a.clone()),
            }
            continue;
        }
        let bundle = if let Some(long) = a.strip_prefix("--") {
            match long {
                "no-same-permissions" => o.no_same_permissions = true,
                "no-same-owner" | "same-owner" | "touch" => {}
                _ => return Err(a.clone()),
            }
            continue;
        } else if let Some(b) = a.strip_prefix('-').filter(|b| !b.is_empty()) {
            b
        } else if i == 0 {
            a.as_str()
        } else {
            o.operands.push(a.clone());
            continue;
        };
        for ch in bundle.chars() {
            match ch {
                'c' => o.create = true,
                'x' => o.extract = true,
                'f' | 'C' => wants.push(ch),
                'm' | 'o' | 'p' | 'v' => {}
                other => return Err(format!("-{other}")),
            }
        }
    }
    Ok(o)
}

/// Run `tar ARGS` with `stdin` as the archive to unpack.
pub fn run(x: &mut Ctx<'_>, args: &[String], stdin: Option<&str>, o: &mut Output) -> i32 {
    let bb = x.c.flavor.busybox();
    let fail = if bb { 1 } else { 2 };
    let opts = match parse(args) {
        Ok(opts) => opts,
        Err(bad) => {
            o.err(if bb {
                format!("tar: unrecognized option '{bad}'\n")
            } else {
                format!("tar: unrecognized option '{bad}'\nTry 'tar --help' or 'tar --usage' for more information.\n")
            });
            return fail;
        }
    };
    if opts.create == opts.extract {
        o.err(if bb {
            "tar: need one of -c, -x, -t\n".to_string()
        } else {
            "tar: You must specify one of the '-Acdtrux', '--delete' or '--test-label' options\nTry 'tar --help' or 'tar --usage' for more information.\n".to_string()
        });
        return fail;
    }
    let cwd = match &opts.dir {
        Some(d) => {
            let p = x.abs(d);
            if !x.layer.is_dir(&p) {
                o.err(if bb {
                    format!("tar: can't change directory to '{d}': No such file or directory\n")
                } else {
                    format!("tar: {d}: Cannot open: No such file or directory\ntar: Error is not recoverable: exiting now\n")
                });
                return fail;
            }
            p
        }
        None => x.cwd.clone(),
    };
    let file = opts.file.clone().unwrap_or_else(|| "-".into());
    if opts.create {
        create(x, &opts, &cwd, &file, o)
    } else {
        let archive = if file == "-" {
            stdin.unwrap_or_default().to_string()
        } else {
            x.layer
                .files
                .get(&x.layer.resolve(&x.abs(&file), true))
                .cloned()
                .unwrap_or_default()
        };
        extract(x, &opts, &cwd, &archive, o)
    }
}

fn create(x: &mut Ctx<'_>, opts: &Opts, cwd: &str, file: &str, o: &mut Output) -> i32 {
    let bb = x.c.flavor.busybox();
    let mtime = x.c.started.0;
    let mut entries = Vec::new();
    let mut warned = false;
    let mut bb_warned = false;
    let mut failed = false;
    for name in &opts.operands {
        let member = name.trim_start_matches('/');
        if member.len() != name.len() && !warned {
            warned = true;
            // GNU says it as it walks the names; busybox when it writes the first one.
            if !bb {
                o.err("tar: Removing leading `/' from member names\n");
            }
        }
        let p = absolute(cwd, name);
        if !x.layer.exists(&p) {
            o.err(if bb {
                format!("tar: {name}: No such file or directory\n")
            } else {
                format!("tar: {name}: Cannot stat: No such file or directory\n")
            });
            failed = true;
            continue;
        }
        if bb && member.len() != name.len() && !bb_warned {
            bb_warned = true;
            o.err("tar: removing leading '/' from member names\n");
        }
        walk(x, &p, member.trim_end_matches('/'), mtime, &mut entries);
    }
    let code = if failed {
        o.err(if bb {
            "tar: error exit delayed from previous errors\n"
        } else {
            "tar: Exiting with failure status due to previous errors\n"
        });
        if bb {
            1
        } else {
            2
        }
    } else {
        0
    };
    let archive = match tar::write(&entries) {
        Ok(a) => a,
        Err(e) => {
            o.err(format!("tar: {e}\n"));
            return if bb { 1 } else { 2 };
        }
    };
    if file == "-" {
        o.out(archive);
    } else if let Err(e) = x.layer.write(&x.abs(file), &archive) {
        o.err(format!("tar: {file}: {}\n", super::why(&e)));
        return if bb { 1 } else { 2 };
    }
    code
}

/// `path` and what is under it, as members named from `member`.
fn walk(x: &Ctx<'_>, path: &str, member: &str, mtime: i64, out: &mut Vec<Entry>) {
    if out.len() >= MAX_MEMBERS {
        return;
    }
    let mode = x.layer.mode(path);
    if x.layer.is_link(path) {
        let target = x
            .layer
            .links
            .get(&x.layer.resolve(path, false))
            .cloned()
            .unwrap_or_default();
        out.push(Entry {
            name: member.to_string(),
            kind: Kind::Symlink(target),
            mode,
            mtime,
        });
    } else if x.layer.is_dir(path) {
        out.push(Entry::dir(member, mode, mtime));
        for child in x.layer.children(path) {
            let sub = if path == "/" {
                format!("/{child}")
            } else {
                format!("{path}/{child}")
            };
            let name = if member.is_empty() {
                child.clone()
            } else {
                format!("{member}/{child}")
            };
            walk(x, &sub, &name, mtime, out);
        }
    } else if let Some(text) = x.layer.files.get(&x.layer.resolve(path, true)) {
        out.push(Entry::file(member, text, mode, mtime));
    }
}

fn extract(x: &mut Ctx<'_>, opts: &Opts, cwd: &str, archive: &str, o: &mut Output) -> i32 {
    let bb = x.c.flavor.busybox();
    let entries = match tar::read(archive) {
        Ok(e) => e,
        Err(_) => {
            o.err(if bb {
                "tar: invalid tar magic\n"
            } else {
                "tar: This does not look like a tar archive\ntar: Exiting with failure status due to previous errors\n"
            });
            return if bb { 1 } else { 2 };
        }
    };
    let mut failed = false;
    for e in entries {
        let p = absolute(cwd, e.name.trim_start_matches('/'));
        make_parents(x, &p);
        let mode = if opts.no_same_permissions {
            e.mode & !0o022
        } else {
            e.mode
        };
        let result = match &e.kind {
            Kind::Dir => {
                let r = x.layer.resolve(&p, true);
                x.layer.dir(&r);
                Ok(())
            }
            Kind::File(text) => x.layer.write(&p, text),
            Kind::Symlink(target) => {
                x.layer.remove(&p, false);
                x.layer.link(&p, target);
                Ok(())
            }
        };
        match result {
            Ok(()) => {
                let r = x.layer.resolve(&p, false);
                let default = if matches!(e.kind, Kind::Dir) {
                    0o755
                } else {
                    0o644
                };
                if mode != default && !matches!(e.kind, Kind::Symlink(_)) {
                    x.layer.modes.insert(r, mode);
                }
            }
            Err(err) => {
                let why = super::why(&err);
                o.err(if bb {
                    format!("tar: can't open '{}': {why}\n", e.name)
                } else {
                    format!("tar: {}: Cannot open: {why}\n", e.name)
                });
                failed = true;
            }
        }
    }
    if failed {
        if !bb {
            o.err("tar: Exiting with failure status due to previous errors\n");
        }
        return if bb { 1 } else { 2 };
    }
    0
}

/// The directories a member's path needs, as tar makes them.
fn make_parents(x: &mut Ctx<'_>, path: &str) {
    let mut at = String::new();
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    for part in parts.iter().take(parts.len().saturating_sub(1)) {
        at = format!("{at}/{part}");
        if !x.layer.exists(&at) && !x.layer.is_read_only(&at) {
            x.layer.dir(&at);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn options_come_bundled_old_style_or_with_dashes() {
        let o = parse(&words("cf - /etc/hosts")).unwrap();
        assert!(o.create && !o.extract);
        assert_eq!(o.file.as_deref(), Some("-"));
        assert_eq!(o.operands, vec!["/etc/hosts"]);
        let o = parse(&words(
            "--no-same-permissions --no-same-owner -xmf - -C /tmp",
        ))
        .unwrap();
        assert!(o.extract && o.no_same_permissions);
        assert_eq!(o.dir.as_deref(), Some("/tmp"));
        assert!(o.operands.is_empty());
        assert_eq!(parse(&words("-xq")).err().as_deref(), Some("-q"));
        assert_eq!(parse(&words("--bzip2")).err().as_deref(), Some("--bzip2"));
    }
}
