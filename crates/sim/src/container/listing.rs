//! What `ls`, `df` and `mount` print about a container's files and mounts, busybox's or GNU's
//! layout. Every entry carries the run's start as its date (the image's own dates are not in
//! the catalog) and belongs to root.

use kubeplay_core::output::Output;

use kubeplay_core::clock::Time;

use super::layer::absolute;
use super::programs::Ctx;
use super::Container;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `Dec  7 19:40`, as `ls -l` shows a recent date.
fn date(c: &Container) -> String {
    let t = c.started.rfc3339();
    let num = |a: usize, b: usize| t.get(a..b).and_then(|s| s.parse::<usize>().ok());
    let month = num(5, 7)
        .and_then(|m| MONTHS.get(m.wrapping_sub(1)))
        .copied()
        .unwrap_or("Jan");
    format!(
        "{month} {:>2} {}",
        num(8, 10).unwrap_or(1),
        t.get(11..16).unwrap_or("00:00")
    )
}

/// `date`'s default format: `Wed Nov 25 10:00:00 UTC 2026` (containers run in UTC).
pub fn date_long(t: Time) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    let text = t.rfc3339();
    let num = |a: usize, b: usize| text.get(a..b).and_then(|s| s.parse::<usize>().ok());
    let month = num(5, 7)
        .and_then(|m| MONTHS.get(m.wrapping_sub(1)))
        .copied()
        .unwrap_or("Jan");
    let day = DAYS[t.0.div_euclid(86_400).rem_euclid(7) as usize];
    format!(
        "{day} {month} {:>2} {} UTC {}",
        num(8, 10).unwrap_or(1),
        text.get(11..19).unwrap_or("00:00:00"),
        text.get(0..4).unwrap_or("1970")
    )
}

/// `*` and `?` in a `-name` pattern.
fn glob(pattern: &str, name: &str) -> bool {
    match pattern.chars().next() {
        None => name.is_empty(),
        Some('*') => (0..=name.len())
            .filter(|i| name.is_char_boundary(*i))
            .any(|i| glob(&pattern[1..], &name[i..])),
        Some(c) => {
            name.chars().next().is_some_and(|n| c == '?' || c == n)
                && glob(
                    &pattern[c.len_utf8()..],
                    &name[name.chars().next().map_or(0, char::len_utf8)..],
                )
        }
    }
}

/// `find [PATH...] [-type f|d|l] [-name PATTERN]`: each path, then what is under it, depth
/// first in name order (links are listed, not followed).
pub fn find(x: &mut Ctx<'_>, args: &[String], o: &mut Output) -> i32 {
    let mut roots: Vec<&str> = Vec::new();
    let mut kind = None;
    let mut name = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-type" => kind = it.next().map(String::as_str),
            "-name" => name = it.next().map(String::as_str),
            p if !p.starts_with('-') => roots.push(p),
            other => {
                o.err(format!("find: unrecognized: {other}\n"));
                return 1;
            }
        }
    }
    if roots.is_empty() {
        roots.push(".");
    }
    let mut code = 0;
    let mut text = String::new();
    for root in roots {
        let abs = absolute(x.cwd, root);
        if !x.layer.exists(&abs) {
            o.err(format!("find: {root}: No such file or directory\n"));
            code = 1;
            continue;
        }
        let mut stack = vec![(abs, root.trim_end_matches('/').to_string())];
        let mut seen = 0usize;
        while let Some((path, shown)) = stack.pop() {
            seen += 1;
            if seen > 10_000 {
                break;
            }
            let link = x.layer.is_link(&path);
            let dir = !link && x.layer.is_dir(&path);
            let t = if link {
                "l"
            } else if dir {
                "d"
            } else {
                "f"
            };
            let base = shown.rsplit('/').next().unwrap_or(&shown);
            if kind.is_none_or(|k| k == t) && name.is_none_or(|n| glob(n, base)) {
                text.push_str(&format!(
                    "{}\n",
                    if shown.is_empty() { "/" } else { &shown }
                ));
            }
            if dir {
                for child in x.layer.children(&path).into_iter().rev() {
                    stack.push((absolute(&path, &child), format!("{shown}/{child}")));
                }
            }
        }
    }
    o.out(text);
    code
}

fn perms(kind: char, mode: u32) -> String {
    let mut s = String::from(kind);
    for shift in [6, 3, 0] {
        let bits = (mode >> shift) & 7;
        s.push(if bits & 4 != 0 { 'r' } else { '-' });
        s.push(if bits & 2 != 0 { 'w' } else { '-' });
        let x = bits & 1 != 0;
        s.push(match (shift, mode & 0o1000 != 0, x) {
            (0, true, true) => 't',
            (0, true, false) => 'T',
            (_, _, true) => 'x',
            _ => '-',
        });
    }
    s
}

struct Row {
    perms: String,
    links: usize,
    size: usize,
    name: String,
}

fn row(x: &Ctx<'_>, path: &str, name: &str) -> Row {
    let l = &*x.layer;
    let mode = l.mode(path);
    if let Some(target) = l.links.get(&l.resolve(path, false)) {
        return Row {
            perms: perms('l', 0o777),
            links: 1,
            size: target.len(),
            name: format!("{name} -> {target}"),
        };
    }
    if l.is_dir(path) {
        let subdirs = l
            .children(path)
            .iter()
            .filter(|n| {
                let p = absolute(path, n);
                l.is_dir(&p) && !l.is_link(&p)
            })
            .count();
        return Row {
            perms: perms('d', mode),
            links: 2 + subdirs,
            size: 4096,
            name: name.to_string(),
        };
    }
    let size = l
        .files
        .get(&l.resolve(path, true))
        .map(String::len)
        .unwrap_or(0);
    Row {
        perms: perms('-', mode),
        links: 1,
        size,
        name: name.to_string(),
    }
}

fn long(x: &Ctx<'_>, rows: &[Row], total: bool) -> String {
    let owner = "root";
    let when = date(x.c);
    let mut text = String::new();
    if total {
        let blocks: usize = rows
            .iter()
            .filter(|r| !r.perms.starts_with('l'))
            .map(|r| r.size.div_ceil(4096) * 4)
            .sum();
        text.push_str(&format!("total {blocks}\n"));
    }
    if x.c.flavor.busybox() {
        for r in rows {
            text.push_str(&format!(
                "{} {:>4} {owner:<8} {owner:<8} {:>9} {when} {}\n",
                r.perms, r.links, r.size, r.name
            ));
        }
        return text;
    }
    let lw = rows
        .iter()
        .map(|r| r.links.to_string().len())
        .max()
        .unwrap_or(1);
    let sw = rows
        .iter()
        .map(|r| r.size.to_string().len())
        .max()
        .unwrap_or(1);
    for r in rows {
        text.push_str(&format!(
            "{} {:>lw$} {owner} {owner} {:>sw$} {when} {}\n",
            r.perms, r.links, r.size, r.name
        ));
    }
    text
}

/// Names in columns, filled down then across, as both print on a terminal 80 wide.
fn columns(names: &[String]) -> String {
    if names.is_empty() {
        return String::new();
    }
    let width = names.iter().map(|n| n.chars().count()).max().unwrap_or(1) + 2;
    let cols = (80 / width).max(1);
    let rows = names.len().div_ceil(cols);
    let mut text = String::new();
    for r in 0..rows {
        let mut line = String::new();
        for c in 0..cols {
            if let Some(n) = names.get(c * rows + r) {
                line.push_str(&format!("{n:<width$}"));
            }
        }
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text
}

pub fn ls(x: &mut Ctx<'_>, args: &[String], o: &mut Output) -> i32 {
    let mut long_form = false;
    let mut all = false;
    let mut almost = false;
    let mut one = !x.tty;
    let mut dir_itself = false;
    let mut operands: Vec<&str> = Vec::new();
    for a in args {
        match a
            .strip_prefix('-')
            .filter(|f| !f.is_empty() && !a.starts_with("--"))
        {
            Some(flags) => {
                for ch in flags.chars() {
                    match ch {
                        'l' => long_form = true,
                        'a' => all = true,
                        'A' => almost = true,
                        '1' => one = true,
                        'd' => dir_itself = true,
                        'h' | 'F' | 't' | 'r' | 'S' | 'n' => {}
                        _ => {
                            o.err(if x.c.flavor.busybox() {
                                format!("ls: unrecognized option: {ch}\n")
                            } else {
                                format!("ls: invalid option -- '{ch}'\nTry 'ls --help' for more information.\n")
                            });
                            return if x.c.flavor.busybox() { 1 } else { 2 };
                        }
                    }
                }
            }
            None => operands.push(a),
        }
    }
    if operands.is_empty() {
        operands.push(".");
    }
    let mut code = 0;
    let mut files: Vec<(String, String)> = Vec::new();
    let mut dirs: Vec<(String, String)> = Vec::new();
    for op in &operands {
        let p = x.layer.resolve(&absolute(x.cwd, op), false);
        if !x.layer.exists(&p) {
            o.err(if x.c.flavor.busybox() {
                format!("ls: {op}: No such file or directory\n")
            } else {
                format!("ls: cannot access '{op}': No such file or directory\n")
            });
            code = if x.c.flavor.busybox() { 1 } else { 2 };
        } else if x.layer.is_dir(&p) && !dir_itself && !(long_form && x.layer.is_link(&p)) {
            dirs.push((op.to_string(), p));
        } else {
            files.push((op.to_string(), p));
        }
    }
    let show = |rows: Vec<Row>, total: bool| {
        if long_form {
            long(x, &rows, total)
        } else {
            let names: Vec<String> = rows
                .into_iter()
                .map(|r| r.name.split(" -> ").next().unwrap_or_default().to_string())
                .collect();
            if one {
                names.iter().map(|n| format!("{n}\n")).collect()
            } else {
                columns(&names)
            }
        }
    };
    let mut sections: Vec<String> = Vec::new();
    if !files.is_empty() {
        let rows = files.iter().map(|(op, p)| row(x, p, op)).collect();
        sections.push(show(rows, false));
    }
    let headers = operands.len() > 1;
    for (op, p) in &dirs {
        let mut names: Vec<String> = Vec::new();
        if all {
            names.push(".".into());
            names.push("..".into());
        }
        for n in x.layer.children(p) {
            if n.starts_with('.') && !all && !almost {
                continue;
            }
            names.push(n);
        }
        let rows = names
            .iter()
            .map(|n| {
                let path = match n.as_str() {
                    "." => p.clone(),
                    ".." => absolute(p, ".."),
                    _ => absolute(p, n),
                };
                row(x, &path, n)
            })
            .collect();
        let body = show(rows, true);
        sections.push(if headers {
            format!("{op}:\n{body}")
        } else {
            body
        });
    }
    o.out(sections.join("\n"));
    code
}

pub fn df(c: &Container) -> String {
    let mut text =
        String::from("Filesystem           1K-blocks      Used Available Use% Mounted on\n");
    let line = |fs: &str, size: u64, used: u64, at: &str| {
        let pct = (used * 100).div_ceil(size.max(1));
        format!(
            "{fs:<20} {size:>9} {used:>9} {:>9} {pct:>3}% {at}\n",
            size - used
        )
    };
    text.push_str(&line("overlay", 61_202_244, 12_485_332, "/"));
    text.push_str(&line("tmpfs", 65_536, 0, "/dev"));
    text.push_str(&line("shm", 65_536, 0, "/dev/shm"));
    for m in &c.mounts {
        if m.tmpfs {
            text.push_str(&line("tmpfs", 8_029_352, 12, &m.path));
        } else {
            text.push_str(&line("/dev/vda1", 61_202_244, 12_485_332, &m.path));
        }
    }
    text.push_str(&line("tmpfs", 4_014_676, 0, "/proc/acpi"));
    text.push_str(&line("tmpfs", 4_014_676, 0, "/sys/firmware"));
    text
}

pub fn mount(c: &Container) -> String {
    let mut text = String::from("overlay on / type overlay (rw,relatime)\nproc on /proc type proc (rw,nosuid,nodev,noexec,relatime)\ntmpfs on /dev type tmpfs (rw,nosuid,size=65536k,mode=755)\nsysfs on /sys type sysfs (ro,nosuid,nodev,noexec,relatime)\nshm on /dev/shm type tmpfs (rw,nosuid,nodev,noexec,relatime,size=65536k)\n");
    for m in &c.mounts {
        let rw = if m.read_only { "ro" } else { "rw" };
        if m.tmpfs {
            text.push_str(&format!(
                "tmpfs on {} type tmpfs ({rw},relatime,size=8029352k)\n",
                m.path
            ));
        } else {
            text.push_str(&format!(
                "/dev/vda1 on {} type ext4 ({rw},relatime)\n",
                m.path
            ));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_prints_the_weekday_and_utc() {
        assert_eq!(
            date_long(Time(1_795_600_800)),
            "Wed Nov 25 10:00:00 UTC 2026"
        );
        assert_eq!(date_long(Time(0)), "Thu Jan  1 00:00:00 UTC 1970");
    }

    #[test]
    fn name_patterns_match_stars_and_marks() {
        assert!(glob("*.conf", "default.conf"));
        assert!(glob("a?c", "abc"));
        assert!(!glob("*.conf", "default.con"));
    }
}
