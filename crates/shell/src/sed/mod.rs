//! GNU sed's everyday subset, for what kubectl prints and the files learners edit: scripts from
//! the first operand, `-e` or `-f`, `-n`, `-E`/`-r`, `-s`, `-i[SUFFIX]` on the playground's
//! files, and the commands of `parse.rs`. Matching is linear (`bre.rs`) and output is bounded.

mod bre;
mod parse;
#[cfg(test)]
mod tests;

use super::files::fs_message;
use super::limits::MAX_TEXT;
use kubeplay_core::fs::Fs;
use kubeplay_core::output::Output;
use parse::{Addr, Cmd, Op, Parser, Piece, Subst};

const USAGE: &str = "Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n";

#[derive(Default)]
struct Options {
    quiet: bool,
    extended: bool,
    separate: bool,
    in_place: Option<String>,
    scripts: Vec<String>,
    operands: Vec<String>,
}

pub fn run(fs: &mut dyn Fs, args: &[String], stdin: Option<&str>) -> Output {
    let mut o = Output::new();
    let mut opts = match options(&*fs, args) {
        Ok(opts) => opts,
        Err((msg, code)) => {
            o.err(msg);
            o.exit_code = code;
            return o;
        }
    };
    if opts.scripts.is_empty() {
        if opts.operands.is_empty() {
            o.err(USAGE);
            o.exit_code = 1;
            return o;
        }
        opts.scripts.push(opts.operands.remove(0));
    }
    let mut cmds = Vec::new();
    let mut open = Vec::new();
    for (i, s) in opts.scripts.iter().enumerate() {
        if let Err(msg) = Parser::new(s, i + 1, opts.extended).script(&mut cmds, &mut open) {
            o.err(msg);
            o.exit_code = 1;
            return o;
        }
    }
    if !open.is_empty() {
        o.err("sed: -e expression #1, char 0: unmatched `{'\n");
        o.exit_code = 1;
        return o;
    }
    let mut run = Run::new(&cmds, opts.quiet);
    match &opts.in_place {
        Some(suffix) => in_place(&mut run, fs, &opts.operands, suffix, &mut o),
        None => streams(&mut run, &*fs, &opts, stdin, &mut o),
    }
    if let Some(code) = run.quit {
        if o.exit_code == 0 {
            o.exit_code = code;
        }
    }
    o
}

/// Err: the message and the exit status (1 for a usage error, 4 for a script file not read).
fn options(fs: &dyn Fs, args: &[String]) -> Result<Options, (String, i32)> {
    let mut opts = Options::default();
    let mut i = 0;
    let value = |i: &mut usize, inline: &str, flag: char| -> Result<String, (String, i32)> {
        if !inline.is_empty() {
            return Ok(inline.to_string());
        }
        *i += 1;
        args.get(*i).cloned().ok_or_else(|| {
            (
                format!("sed: option requires an argument -- '{flag}'\n{USAGE}"),
                1,
            )
        })
    };
    while let Some(a) = args.get(i) {
        if a == "--" {
            opts.operands.extend(args.iter().skip(i + 1).cloned());
            break;
        }
        if let Some(long) = a.strip_prefix("--") {
            let (name, inline) = long.split_once('=').unwrap_or((long, ""));
            match name {
                "quiet" | "silent" => opts.quiet = true,
                "regexp-extended" => opts.extended = true,
                "separate" => opts.separate = true,
                "in-place" => opts.in_place = Some(inline.to_string()),
                "expression" => opts.scripts.push(value(&mut i, inline, 'e')?),
                "file" => opts
                    .scripts
                    .push(script_file(fs, &value(&mut i, inline, 'f')?)?),
                _ => return Err((format!("sed: unrecognized option '{a}'\n{USAGE}"), 1)),
            }
        } else if a.len() > 1 && a.starts_with('-') {
            let flags: Vec<char> = a.chars().skip(1).collect();
            for (k, &f) in flags.iter().enumerate() {
                let rest: String = flags.get(k + 1..).unwrap_or(&[]).iter().collect();
                match f {
                    'n' => opts.quiet = true,
                    'E' | 'r' => opts.extended = true,
                    's' => opts.separate = true,
                    'i' => {
                        opts.in_place = Some(rest);
                        break;
                    }
                    'e' => {
                        opts.scripts.push(value(&mut i, &rest, 'e')?);
                        break;
                    }
                    'f' => {
                        let path = value(&mut i, &rest, 'f')?;
                        opts.scripts.push(script_file(fs, &path)?);
                        break;
                    }
                    _ => return Err((format!("sed: invalid option -- '{f}'\n{USAGE}"), 1)),
                }
            }
        } else {
            opts.operands.push(a.clone());
        }
        i += 1;
    }
    Ok(opts)
}

fn script_file(fs: &dyn Fs, path: &str) -> Result<String, (String, i32)> {
    fs.read(path)
        .map(|s| s.strip_suffix('\n').map(str::to_string).unwrap_or(s))
        .map_err(|e| {
            let msg = format!("sed: couldn't open file {path}: {}\n", fs_message(&e));
            (msg, 4)
        })
}

/// Without -i: the files (or stdin) as one stream, or each on its own with -s.
fn streams(run: &mut Run<'_>, fs: &dyn Fs, opts: &Options, stdin: Option<&str>, o: &mut Output) {
    let mut texts = Vec::new();
    if opts.operands.is_empty() {
        texts.push(stdin.unwrap_or("").to_string());
    }
    for f in &opts.operands {
        let read = if f == "-" {
            Ok(stdin.unwrap_or("").to_string())
        } else if fs.is_dir(f) {
            o.err(format!("sed: read error on {f}: Is a directory\n"));
            o.exit_code = 4;
            continue;
        } else {
            fs.read(f)
        };
        match read {
            Ok(t) => texts.push(t),
            Err(e) => {
                o.err(format!("sed: can't read {f}: {}\n", fs_message(&e)));
                o.exit_code = 2;
            }
        }
    }
    if opts.separate {
        for t in &texts {
            run.lineno = 0;
            run.text(&[t.as_str()]);
        }
    } else {
        let all: Vec<&str> = texts.iter().map(String::as_str).collect();
        run.text(&all);
    }
    o.out(std::mem::take(&mut run.out));
    if run.too_big {
        o.err("sed: output too large for the playground\n");
        o.exit_code = 4;
    }
}

/// -i: each file is read, run on its own, and replaced by what the script printed.
fn in_place(run: &mut Run<'_>, fs: &mut dyn Fs, files: &[String], suffix: &str, o: &mut Output) {
    if files.is_empty() {
        o.err("sed: no input files\n");
        o.exit_code = 4;
        return;
    }
    for f in files {
        if run.quit.is_some() {
            break;
        }
        if fs.is_dir(f) {
            o.err(format!("sed: couldn't edit {f}: not a regular file\n"));
            o.exit_code = 4;
            continue;
        }
        let text = match fs.read(f) {
            Ok(t) => t,
            Err(e) => {
                o.err(format!("sed: can't read {f}: {}\n", fs_message(&e)));
                o.exit_code = 2;
                continue;
            }
        };
        run.lineno = 0;
        run.missing_newline = false;
        run.text(&[text.as_str()]);
        let new = std::mem::take(&mut run.out);
        if run.too_big {
            o.err("sed: output too large for the playground\n");
            o.exit_code = 4;
            return;
        }
        let backup = if suffix.is_empty() {
            Ok(())
        } else {
            fs.write(&backup_name(f, suffix), &text)
        };
        if let Err(e) = backup.and_then(|()| fs.write(f, &new)) {
            o.err(format!("sed: couldn't edit {f}: {}\n", fs_message(&e)));
            o.exit_code = 4;
        }
    }
}

/// GNU's backup name: the suffix appended, or with `*` in it, `*` replaced by the file's name.
fn backup_name(file: &str, suffix: &str) -> String {
    if suffix.contains('*') {
        let (dir, base) = file.rsplit_once('/').map_or(("", file), |(d, b)| (d, b));
        let name = suffix.replace('*', base);
        if dir.is_empty() || name.contains('/') {
            name
        } else {
            format!("{dir}/{name}")
        }
    } else {
        format!("{file}{suffix}")
    }
}

/// Whether a range is open (its first address matched and its last not yet), and the line it
/// ends on when that is known (`A,N`, `A,+N`).
#[derive(Clone, Copy, Default)]
struct Range {
    active: bool,
    end: usize,
}

struct Run<'a> {
    cmds: &'a [Cmd],
    ranges: Vec<Range>,
    quiet: bool,
    lineno: usize,
    out: String,
    /// The last line written had no newline (the input's last line lacked one): sed adds it
    /// only if something follows.
    missing_newline: bool,
    quit: Option<i32>,
    too_big: bool,
}

impl<'a> Run<'a> {
    fn new(cmds: &'a [Cmd], quiet: bool) -> Run<'a> {
        Run {
            cmds,
            ranges: vec![Range::default(); cmds.len()],
            quiet,
            lineno: 0,
            out: String::new(),
            missing_newline: false,
            quit: None,
            too_big: false,
        }
    }

    fn write(&mut self, text: &str, newline: bool) {
        if self.out.len() + text.len() > MAX_TEXT {
            self.too_big = true;
            return;
        }
        if self.missing_newline {
            self.out.push('\n');
        }
        self.out.push_str(text);
        if newline {
            self.out.push('\n');
        }
        self.missing_newline = !newline;
    }

    /// Runs the script on every line of `texts`, read as one stream.
    fn text(&mut self, texts: &[&str]) {
        let lines: Vec<(&str, bool)> = texts
            .iter()
            .flat_map(|t| t.split_inclusive('\n'))
            .map(|l| match l.strip_suffix('\n') {
                Some(l) => (l, true),
                None => (l, false),
            })
            .collect();
        for (k, &(line, newline)) in lines.iter().enumerate() {
            if self.quit.is_some() || self.too_big {
                return;
            }
            self.lineno += 1;
            self.cycle(line, newline, k + 1 == lines.len());
        }
    }

    fn cycle(&mut self, line: &str, newline: bool, last: bool) {
        let mut appended = Vec::new();
        let print = self.commands(line, newline, last, &mut appended);
        if let Some(space) = print {
            self.write(&space, newline);
        }
        // What `a` queued comes after the line, even when the line was deleted.
        for text in appended {
            self.write(text, true);
        }
    }

    /// Runs the script on one line; the pattern space to print at the end of the cycle, if any.
    fn commands(
        &mut self,
        line: &str,
        newline: bool,
        last: bool,
        appended: &mut Vec<&'a str>,
    ) -> Option<String> {
        let mut space = line.to_string();
        let cmds = self.cmds;
        let mut k = 0;
        while let Some(cmd) = cmds.get(k) {
            let here = k;
            let selected = self.selects(here, cmd, &space, last);
            k = match (&cmd.op, selected) {
                (Op::Open(end), false) => end + 1,
                _ => k + 1,
            };
            if !selected {
                continue;
            }
            match &cmd.op {
                Op::Open(_) | Op::Close => {}
                Op::Print => self.write(&space, newline),
                Op::Delete => return None,
                Op::Text(_, text) if text.is_empty() => {}
                Op::Text('a', text) => appended.push(text),
                Op::Text('i', text) => self.write(text, true),
                Op::Text(_, text) => {
                    // `c` on a range prints its text once, at the range's end.
                    let open = self.ranges.get(here).is_some_and(|r| r.active);
                    if cmd.to.is_none() || cmd.negate || !open {
                        self.write(text, true);
                    }
                    return None;
                }
                Op::Translate(pairs) => {
                    space = space
                        .chars()
                        .map(|c| pairs.iter().find(|p| p.0 == c).map_or(c, |p| p.1))
                        .collect();
                }
                Op::LineNumber => self.write(&self.lineno.to_string(), true),
                Op::Quit(code) => {
                    self.quit = Some(*code);
                    break;
                }
                Op::Subst(s) => {
                    if let Some(new) = substitute(s, &space) {
                        if new.len() > MAX_TEXT {
                            self.too_big = true;
                            return None;
                        }
                        space = new;
                        if s.print {
                            self.write(&space, newline);
                        }
                    }
                }
            }
        }
        (!self.quiet).then_some(space)
    }

    fn selects(&mut self, k: usize, cmd: &Cmd, space: &str, last: bool) -> bool {
        let lineno = self.lineno;
        let hit = |a: &Addr| match a {
            Addr::Line(n) => *n == lineno,
            Addr::Last => last,
            Addr::Re(re) => re.is_match(space),
            Addr::Plus(_) => false,
        };
        let Some(range) = self.ranges.get_mut(k) else {
            return false;
        };
        let selected = match (&cmd.from, &cmd.to) {
            (None, _) => true,
            (Some(a), None) => hit(a),
            (Some(_), Some(to)) if range.active => {
                range.active = match to {
                    Addr::Line(_) | Addr::Plus(_) => lineno < range.end,
                    _ => !hit(to),
                };
                true
            }
            (Some(from), Some(to)) => {
                if hit(from) {
                    // The end is looked for from the next line; a line number already passed
                    // ends the range at once.
                    range.end = match to {
                        Addr::Line(n) => *n,
                        Addr::Plus(n) => lineno.saturating_add(*n),
                        _ => 0,
                    };
                    range.active = match to {
                        Addr::Line(_) | Addr::Plus(_) => lineno < range.end,
                        Addr::Last => !last,
                        Addr::Re(_) => true,
                    };
                    true
                } else {
                    false
                }
            }
        };
        selected != cmd.negate
    }
}

/// `s` on one line: None when nothing matched.
fn substitute(s: &Subst, line: &str) -> Option<String> {
    let mut out = String::new();
    let mut last = 0;
    let mut replaced = false;
    for (count, caps) in s.re.captures_iter(line).enumerate() {
        if count + 1 < s.nth {
            continue;
        }
        let Some(m) = caps.get(0) else { continue };
        out.push_str(line.get(last..m.start()).unwrap_or(""));
        for p in &s.repl {
            match p {
                Piece::Text(t) => out.push_str(t),
                Piece::Group(g) => out.push_str(caps.get(*g).map_or("", |m| m.as_str())),
            }
        }
        if out.len() > MAX_TEXT {
            return Some(out);
        }
        last = m.end();
        replaced = true;
        if !s.global {
            break;
        }
    }
    if !replaced {
        return None;
    }
    out.push_str(line.get(last..).unwrap_or(""));
    Some(out)
}
