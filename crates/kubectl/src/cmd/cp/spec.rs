//! `[[namespace/]pod:]file/path`, and the path arithmetic kubectl's `cp` does with Go's `path`
//! package (Clean, Dir, Base, Join) on both sides: local paths are the playground's files,
//! which use `/` too.

use super::super::super::error::KError;

/// One side of a copy: a pod's file (pod not empty) or a local one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSpec {
    pub namespace: String,
    pub pod: String,
    pub file: String,
}

/// kubectl's `extractFileSpec`.
pub fn parse(arg: &str) -> Result<FileSpec, KError> {
    let bad =
        || KError::msg("filespec must match the canonical format: [[namespace/]pod:]file/path");
    let Some(i) = arg.find(':') else {
        return Ok(FileSpec {
            namespace: String::new(),
            pod: String::new(),
            file: strip_trailing_slash(arg),
        });
    };
    if i == 0 {
        return Err(bad());
    }
    let (pod, file) = (&arg[..i], &arg[i + 1..]);
    let file = strip_trailing_slash(&file.replace('\\', "/"));
    let pieces: Vec<&str> = pod.split('/').collect();
    match pieces.as_slice() {
        [pod] => Ok(FileSpec {
            namespace: String::new(),
            pod: pod.to_string(),
            file,
        }),
        [ns, pod] => Ok(FileSpec {
            namespace: ns.to_string(),
            pod: pod.to_string(),
            file,
        }),
        _ => Err(bad()),
    }
}

pub fn strip_trailing_slash(file: &str) -> String {
    if file != "/" && file.ends_with('/') {
        file[..file.len() - 1].to_string()
    } else {
        file.to_string()
    }
}

/// Go's `path.Clean`.
pub fn clean(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let rooted = p.starts_with('/');
    let mut out: Vec<&str> = Vec::new();
    for part in p.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if out.last().is_some_and(|l| *l != "..") {
                    out.pop();
                } else if !rooted {
                    out.push("..");
                }
            }
            x => out.push(x),
        }
    }
    let joined = out.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".into(),
        (false, false) => joined,
    }
}

/// Go's `path.Dir`.
pub fn dir(p: &str) -> String {
    match p.rfind('/') {
        Some(i) => clean(&p[..=i]),
        None => ".".into(),
    }
}

/// Go's `path.Base`.
pub fn base(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let t = p.trim_end_matches('/');
    if t.is_empty() {
        return "/".into();
    }
    t.rsplit('/').next().unwrap_or(t).to_string()
}

/// Go's `path.Join` of two elements.
pub fn join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, true) => String::new(),
        (true, false) => clean(b),
        (false, true) => clean(a),
        (false, false) => clean(&format!("{a}/{b}")),
    }
}

/// kubectl's `stripPathShortcuts`: leading `../` removed, then a leading `/`.
pub fn strip_path_shortcuts(p: &str) -> String {
    let mut s = p;
    while let Some(rest) = s.strip_prefix("../") {
        s = rest;
    }
    if s == "." || s == ".." {
        s = "";
    }
    s.strip_prefix('/').unwrap_or(s).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_name_a_pod_and_a_namespace_or_a_local_file() {
        let s = parse("ns/web:/etc/nginx/").unwrap();
        assert_eq!(
            (s.namespace.as_str(), s.pod.as_str(), s.file.as_str()),
            ("ns", "web", "/etc/nginx")
        );
        assert_eq!(parse("./a.txt").unwrap().pod, "");
        assert!(parse(":x").is_err());
        assert!(parse("a/b/c:x").is_err());
    }

    #[test]
    fn paths_behave_as_gos() {
        assert_eq!(clean("/tmp/../etc//x/"), "/etc/x");
        assert_eq!(clean("../a/./b"), "../a/b");
        assert_eq!(dir("/tmp/file.txt"), "/tmp");
        assert_eq!(dir("file.txt"), ".");
        assert_eq!(dir("/file.txt"), "/");
        assert_eq!(base("/tmp/dir"), "dir");
        assert_eq!(join("out", "/nginx.conf"), "out/nginx.conf");
        assert_eq!(join("out", ""), "out");
        assert_eq!(strip_path_shortcuts("../../etc/x"), "etc/x");
    }
}
