//! kubectl's side of the archive: `makeTar` packs the playground's files for `tar xmf -` in the
//! container, `untarAll` unpacks what `tar cf -` sent into them.

use kubeplay_core::fs::{Fs, FsError};
use kubeplay_core::tar::{self, Entry, Kind};

use super::super::super::error::KError;
use super::super::super::Ctx;
use super::spec::{base, clean, dir, join};

/// Members packed at most (the playground's files are few).
const MAX_MEMBERS: usize = 4096;

/// Whether a local path exists (kubectl's `os.Stat`).
pub fn exists(fs: &dyn Fs, path: &str) -> bool {
    fs.is_dir(path) || matches!(fs.read(path), Ok(_) | Err(FsError::IsDirectory))
}

/// `makeTar`: `src` named as `dest`'s base, a directory's files under it; an empty directory as
/// itself. Directories holding files get no member of their own, as in kubectl.
pub fn make_tar(fs: &dyn Fs, src: &str, dest: &str) -> Result<String, KError> {
    let src = clean(src);
    let mut entries = Vec::new();
    walk(fs, &src, &base(&clean(dest)), &mut entries)?;
    tar::write(&entries).map_err(|e| KError::msg(e.to_string()))
}

fn walk(fs: &dyn Fs, path: &str, name: &str, out: &mut Vec<Entry>) -> Result<(), KError> {
    if out.len() >= MAX_MEMBERS {
        return Ok(());
    }
    if fs.is_dir(path) {
        let children = fs.list_dir(path).map_err(|e| io_error("open", path, &e))?;
        if children.is_empty() {
            out.push(Entry::dir(name, 0o755, 0));
        }
        for child in children {
            let leaf = base(&child);
            walk(fs, &join(path, &leaf), &join(name, &leaf), out)?;
        }
        return Ok(());
    }
    let text = fs.read(path).map_err(|e| io_error("open", path, &e))?;
    out.push(Entry::file(name, &text, 0o644, 0));
    Ok(())
}

/// Go's `*PathError` text: `open x: no such file or directory`.
fn io_error(op: &str, path: &str, e: &FsError) -> KError {
    let why = match e {
        FsError::NotFound => "no such file or directory".to_string(),
        FsError::IsDirectory => "is a directory".to_string(),
        FsError::Other(m) => m.clone(),
    };
    KError::msg(format!("{op} {path}: {why}"))
}

/// What `untarAll` needs besides the archive: where the members come from and go to.
pub struct Untar<'a> {
    pub namespace: &'a str,
    pub pod: &'a str,
    /// The remote path as given (for the symlink hint).
    pub src: &'a str,
    /// The members' common prefix (the remote path without its leading `/`).
    pub prefix: &'a str,
    pub dest: &'a str,
}

/// `untarAll`: each member under `dest`, the prefix taken off; symbolic links are skipped with
/// kubectl's warnings.
pub fn untar_all(ctx: &mut Ctx, u: &Untar<'_>, entries: Vec<Entry>) -> Result<(), KError> {
    let mut hinted = false;
    for e in entries {
        let Some(rest) = e.name.strip_prefix(u.prefix) else {
            return Err(KError::msg("tar contents corrupted"));
        };
        let target = join(u.dest, &strip_trailing(rest));
        let target = if target.is_empty() {
            ".".into()
        } else {
            target
        };
        if !inside(u.dest, &target) {
            ctx.eprint(format!(
                "warning: file {target:?} is outside target destination, skipping\n"
            ));
            continue;
        }
        ctx.fs
            .create_dir_all(&dir(&target))
            .map_err(|err| io_error("mkdir", &dir(&target), &err))?;
        match e.kind {
            Kind::Dir => {
                ctx.fs
                    .create_dir_all(&target)
                    .map_err(|err| io_error("mkdir", &target, &err))?;
            }
            Kind::Symlink(link) => {
                // kubectl's first warning also says what to run instead, then skips the link
                // (its later ones do not).
                if !hinted {
                    hinted = true;
                    ctx.eprint(format!(
                        "warning: skipping symlink: {target:?} -> {link:?} (consider using \"kubectl exec -n {:?} {:?} -- tar cf - {:?} | tar xf -\")\n",
                        u.namespace, u.pod, u.src
                    ));
                } else {
                    ctx.eprint(format!(
                        "warning: skipping symlink: {target:?} -> {link:?}\n"
                    ));
                }
            }
            Kind::File(text) => {
                if ctx.fs.is_dir(&target) {
                    return Err(io_error("open", &target, &FsError::IsDirectory));
                }
                ctx.fs
                    .write(&target, &text)
                    .map_err(|err| io_error("open", &target, &err))?;
            }
        }
    }
    Ok(())
}

fn strip_trailing(p: &str) -> String {
    p.trim_end_matches('/').to_string()
}

/// kubectl's `isRelative`: the target does not climb out of the destination.
fn inside(dest: &str, target: &str) -> bool {
    let d = clean(dest);
    let t = clean(target);
    d == "." && !t.starts_with("../") && t != ".."
        || t == d
        || t.starts_with(&format!("{}/", d.trim_end_matches('/')))
        || d == "/"
}

#[cfg(test)]
mod tests {
    use super::*;
    use kubeplay_core::fs::MemFs;

    #[test]
    fn a_directory_packs_its_files_under_the_destinations_name() {
        let fs = MemFs::new()
            .with_file("site/index.html", "<h1>hi</h1>\n")
            .with_file("site/css/a.css", "body{}\n");
        let text = make_tar(&fs, "site/", "/usr/share/nginx/html").unwrap();
        let names: Vec<String> = tar::read(&text)
            .unwrap()
            .into_iter()
            .map(|e| e.name)
            .collect();
        assert_eq!(names, vec!["html/css/a.css", "html/index.html"]);
        let one = make_tar(&fs, "./site/index.html", "/tmp/i.html").unwrap();
        assert_eq!(tar::read(&one).unwrap()[0].name, "i.html");
    }

    #[test]
    fn targets_stay_inside_the_destination() {
        assert!(inside("out", "out/a"));
        assert!(inside(".", "a/b"));
        assert!(!inside("out", "other/a"));
        assert!(!inside(".", "../a"));
    }
}
