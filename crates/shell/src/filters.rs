//! Text filters used after a pipe in courses (`kubectl get pods | grep nginx`): grep, head,
//! tail, wc, sort, uniq and base64, with GNU coreutils' messages for the options they take.

use super::files::fs_message;
use super::pattern::{Pattern, Syntax};
use kubeplay_core::fs::Fs;
use kubeplay_core::output::Output;
use kubeplay_core::sort::SortOnce;

pub fn run(fs: &dyn Fs, name: &str, args: &[String], stdin: Option<&str>) -> Output {
    let mut o = Output::new();
    match name {
        "grep" => grep(fs, &mut o, args, stdin),
        "head" | "tail" => head_tail(fs, &mut o, name, args, stdin),
        "wc" => wc(fs, &mut o, args, stdin),
        "sort" => sort(fs, &mut o, args, stdin),
        "uniq" => uniq(&mut o, args, stdin),
        _ => base64(&mut o, args, stdin),
    }
    o
}

fn usage_error(o: &mut Output, prog: &str, msg: &str, usage: Option<&str>) {
    o.err(format!("{prog}: {msg}\n"));
    if let Some(u) = usage {
        o.err(format!("Usage: {u}\n"));
    }
    o.err(format!("Try '{prog} --help' for more information.\n"));
}

/// The lines of a text, without their newlines (a last line without one still counts).
fn lines(text: &str) -> Vec<&str> {
    let t = text.strip_suffix('\n').unwrap_or(text);
    if t.is_empty() && text.is_empty() {
        return Vec::new();
    }
    t.split('\n').collect()
}

/// The inputs named on the command line (`-` or none: stdin).
fn inputs(
    fs: &dyn Fs,
    o: &mut Output,
    prog: &str,
    files: &[String],
    stdin: Option<&str>,
) -> Vec<(String, String)> {
    if files.is_empty() {
        return vec![("(standard input)".into(), stdin.unwrap_or("").to_string())];
    }
    let mut out = Vec::new();
    for f in files {
        if f == "-" {
            out.push(("(standard input)".into(), stdin.unwrap_or("").to_string()));
            continue;
        }
        match fs.read(f) {
            Ok(t) => out.push((f.clone(), t)),
            Err(e) => {
                o.err(format!("{prog}: {f}: {}\n", fs_message(&e)));
                o.exit_code = if prog == "grep" { 2 } else { 1 };
            }
        }
    }
    out
}

const MAX_WORK: usize = 1_000_000_000;

const GREP_USAGE: &str = "grep [OPTION]... PATTERNS [FILE]...";

fn grep(fs: &dyn Fs, o: &mut Output, args: &[String], stdin: Option<&str>) {
    let (mut icase, mut invert, mut count, mut number, mut quiet) =
        (false, false, false, false, false);
    let mut whole_line = false;
    let mut names: Option<bool> = None;
    let (mut after, mut before): (Option<usize>, Option<usize>) = (None, None);
    let mut syntax = Syntax::Basic;
    let mut patterns: Vec<String> = Vec::new();
    let mut operands: Vec<String> = Vec::new();
    let mut it = args.iter();
    let mut only_operands = false;
    while let Some(a) = it.next() {
        if only_operands || a == "-" || !a.starts_with('-') {
            operands.push(a.clone());
            continue;
        }
        if a == "--" {
            only_operands = true;
            continue;
        }
        if let Some(long) = a.strip_prefix("--") {
            match long {
                "ignore-case" => icase = true,
                "invert-match" => invert = true,
                "count" => count = true,
                "line-number" => number = true,
                "quiet" | "silent" => quiet = true,
                "line-regexp" => whole_line = true,
                "extended-regexp" => syntax = Syntax::Extended,
                "fixed-strings" => syntax = Syntax::Fixed,
                "basic-regexp" => syntax = Syntax::Basic,
                _ => match long.strip_prefix("regexp=") {
                    Some(p) => patterns.push(p.to_string()),
                    None => {
                        usage_error(
                            o,
                            "grep",
                            &format!("unrecognized option '{a}'"),
                            Some(GREP_USAGE),
                        );
                        o.exit_code = 2;
                        return;
                    }
                },
            }
            continue;
        }
        let flags: Vec<char> = a.chars().skip(1).collect();
        for (k, c) in flags.iter().enumerate() {
            match c {
                'i' | 'y' => icase = true,
                'v' => invert = true,
                'c' => count = true,
                'n' => number = true,
                'q' | 's' => quiet |= *c == 'q',
                'x' => whole_line = true,
                'E' => syntax = Syntax::Extended,
                'F' => syntax = Syntax::Fixed,
                'G' => syntax = Syntax::Basic,
                'A' | 'B' | 'C' => {
                    let rest: String = flags.iter().skip(k + 1).collect();
                    let value = if rest.is_empty() {
                        it.next().cloned()
                    } else {
                        Some(rest)
                    };
                    let Some(n) = value.as_deref().and_then(|v| v.parse::<usize>().ok()) else {
                        match value {
                            Some(v) => {
                                o.err(format!("grep: {v}: invalid context length argument\n"))
                            }
                            None => usage_error(
                                o,
                                "grep",
                                &format!("option requires an argument -- '{c}'"),
                                Some(GREP_USAGE),
                            ),
                        }
                        o.exit_code = 2;
                        return;
                    };
                    if *c != 'B' {
                        after = Some(n);
                    }
                    if *c != 'A' {
                        before = Some(n);
                    }
                    break;
                }
                'H' => names = Some(true),
                'h' => names = Some(false),
                'e' => {
                    let rest: String = flags.iter().skip(k + 1).collect();
                    if !rest.is_empty() {
                        patterns.push(rest);
                    } else if let Some(p) = it.next() {
                        patterns.push(p.clone());
                    } else {
                        usage_error(
                            o,
                            "grep",
                            "option requires an argument -- 'e'",
                            Some(GREP_USAGE),
                        );
                        o.exit_code = 2;
                        return;
                    }
                    break;
                }
                _ => {
                    usage_error(
                        o,
                        "grep",
                        &format!("invalid option -- '{c}'"),
                        Some(GREP_USAGE),
                    );
                    o.exit_code = 2;
                    return;
                }
            }
        }
    }
    if patterns.is_empty() {
        if operands.is_empty() {
            o.err(format!(
                "Usage: {GREP_USAGE}\nTry 'grep --help' for more information.\n"
            ));
            o.exit_code = 2;
            return;
        }
        patterns.push(operands.remove(0));
    }
    let pattern = match Pattern::new(&patterns.join("\n"), syntax, icase) {
        Ok(p) if whole_line => p.whole_lines(),
        Ok(p) => p,
        Err(msg) => {
            o.err(format!("{msg}\n"));
            o.exit_code = 2;
            return;
        }
    };
    let show_names = names.unwrap_or(operands.len() > 1);
    let sources = inputs(fs, o, "grep", &operands, stdin);
    // Matching costs (pattern size x text size); refuse what would take minutes.
    let work = sources
        .iter()
        .map(|(_, t)| t.len())
        .sum::<usize>()
        .saturating_mul(patterns.iter().map(String::len).sum::<usize>().max(1));
    if work > MAX_WORK {
        o.err("grep: pattern and input too large to match here\n");
        o.exit_code = 2;
        return;
    }
    let mut matched = false;
    let mut text = String::new();
    let context = after.is_some() || before.is_some();
    let (after, before) = (after.unwrap_or(0), before.unwrap_or(0));
    let mut printed_any = false;
    for (name, content) in &sources {
        let all = lines(content);
        let hits: Vec<bool> = all.iter().map(|l| pattern.is_match(l) != invert).collect();
        let n = hits.iter().filter(|h| **h).count();
        matched |= n > 0;
        if quiet || count {
            if count && !quiet {
                if show_names {
                    text.push_str(name);
                    text.push(':');
                }
                text.push_str(&format!("{n}\n"));
            }
            continue;
        }
        // 2: a matching line, 1: a context line around one.
        let mut show = vec![0u8; all.len()];
        for (i, hit) in hits.iter().enumerate() {
            if !*hit {
                continue;
            }
            let end = i.saturating_add(after).min(all.len().saturating_sub(1));
            for s in show.iter_mut().take(end + 1).skip(i.saturating_sub(before)) {
                *s = (*s).max(1);
            }
            if let Some(s) = show.get_mut(i) {
                *s = 2;
            }
        }
        let mut last: Option<usize> = None;
        for (i, (line, mark)) in all.iter().zip(&show).enumerate() {
            if *mark == 0 {
                continue;
            }
            if context && printed_any && last.is_none_or(|l| l + 1 != i) {
                text.push_str("--\n");
            }
            let sep = if *mark == 2 { ':' } else { '-' };
            if show_names {
                text.push_str(name);
                text.push(sep);
            }
            if number {
                text.push_str(&format!("{}{sep}", i + 1));
            }
            text.push_str(line);
            text.push('\n');
            last = Some(i);
            printed_any = true;
        }
    }
    o.out(text);
    if quiet && matched {
        o.exit_code = 0;
    } else if o.exit_code == 0 {
        o.exit_code = if matched { 0 } else { 1 };
    }
}

/// `head`/`tail` -n N (also -N, -nN, --lines=N; tail -n +N starts at line N; head -n -N drops
/// the last N).
fn head_tail(fs: &dyn Fs, o: &mut Output, prog: &str, args: &[String], stdin: Option<&str>) {
    let mut spec: Option<String> = None;
    // `-c N`: bytes instead of lines (`kubectl cp --retries` pipes tar through `tail -c+N`).
    let mut bytes = false;
    let mut files = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "-c" || a == "--bytes" {
            bytes = true;
            spec = it.next().cloned();
        } else if let Some(v) = a.strip_prefix("--bytes=").or_else(|| a.strip_prefix("-c")) {
            bytes = true;
            spec = Some(v.to_string());
        } else if a == "-n" || a == "--lines" {
            match it.next() {
                Some(v) => spec = Some(v.clone()),
                None => {
                    let what = if a == "-n" {
                        "option requires an argument -- 'n'".to_string()
                    } else {
                        format!("option '{a}' requires an argument")
                    };
                    usage_error(o, prog, &what, None);
                    o.exit_code = 1;
                    return;
                }
            }
        } else if let Some(v) = a.strip_prefix("--lines=") {
            spec = Some(v.to_string());
        } else if let Some(v) = a.strip_prefix("-n") {
            spec = Some(v.to_string());
        } else if a.len() > 1 && a.starts_with('-') && a.chars().skip(1).all(|c| c.is_ascii_digit())
        {
            spec = Some(a.get(1..).unwrap_or("").to_string());
        } else if a == "-q" || a == "-f" || a == "-F" {
            // tail -f would follow forever; here the text is already complete.
        } else if a.len() > 1 && a.starts_with('-') {
            let c = a.chars().nth(1).unwrap_or('-');
            let msg = if a.starts_with("--") {
                format!("unrecognized option '{a}'")
            } else {
                format!("invalid option -- '{c}'")
            };
            usage_error(o, prog, &msg, None);
            o.exit_code = 1;
            return;
        } else {
            files.push(a.clone());
        }
    }
    let spec = spec.unwrap_or_else(|| "10".into());
    let (sign, digits) = match spec.chars().next() {
        Some(c @ ('+' | '-')) => (Some(c), spec.get(1..).unwrap_or("")),
        _ => (None, spec.as_str()),
    };
    let Ok(n) = digits.parse::<usize>() else {
        o.err(format!("{prog}: invalid number of lines: '{spec}'\n"));
        o.exit_code = 1;
        return;
    };
    let titled = files.len() > 1;
    let sources = inputs(fs, o, prog, &files, stdin);
    if bytes {
        o.out(byte_range(prog, sign, n, &sources));
        return;
    }
    let mut text = String::new();
    for (k, (name, content)) in sources.iter().enumerate() {
        if titled {
            if k > 0 {
                text.push('\n');
            }
            text.push_str(&format!("==> {name} <==\n"));
        }
        let all = lines(content);
        let total = all.len();
        let range = match (prog, sign) {
            ("head", Some('-')) => 0..total.saturating_sub(n),
            ("head", _) => 0..n.min(total),
            (_, Some('+')) => n.saturating_sub(1).min(total)..total,
            _ => total.saturating_sub(n)..total,
        };
        let last = range.end == total;
        for (i, line) in all.iter().enumerate().skip(range.start).take(range.len()) {
            text.push_str(line);
            if i + 1 < total || !last || content.ends_with('\n') {
                text.push('\n');
            }
        }
    }
    o.out(text);
}

/// `head -c` / `tail -c`: the inputs' bytes, cut where a character starts.
fn byte_range(prog: &str, sign: Option<char>, n: usize, sources: &[(String, String)]) -> String {
    let mut text = String::new();
    for (_, content) in sources {
        let total = content.len();
        let (mut start, mut end) = match (prog, sign) {
            ("head", Some('-')) => (0, total.saturating_sub(n)),
            ("head", _) => (0, n.min(total)),
            (_, Some('+')) => (n.saturating_sub(1).min(total), total),
            _ => (total.saturating_sub(n), total),
        };
        while !content.is_char_boundary(start) {
            start += 1;
        }
        while !content.is_char_boundary(end) {
            end -= 1;
        }
        text.push_str(content.get(start..end.max(start)).unwrap_or_default());
    }
    text
}

fn wc(fs: &dyn Fs, o: &mut Output, args: &[String], stdin: Option<&str>) {
    let (mut l, mut w, mut c, mut m) = (false, false, false, false);
    let mut files = Vec::new();
    for a in args {
        match a.as_str() {
            "--lines" => l = true,
            "--words" => w = true,
            "--bytes" => c = true,
            "--chars" => m = true,
            s if s.len() > 1 && s.starts_with('-') && !s.starts_with("--") => {
                for f in s.chars().skip(1) {
                    match f {
                        'l' => l = true,
                        'w' => w = true,
                        'c' => c = true,
                        'm' => m = true,
                        _ => {
                            usage_error(o, "wc", &format!("invalid option -- '{f}'"), None);
                            o.exit_code = 1;
                            return;
                        }
                    }
                }
            }
            s if s.starts_with("--") => {
                usage_error(o, "wc", &format!("unrecognized option '{s}'"), None);
                o.exit_code = 1;
                return;
            }
            _ => files.push(a.clone()),
        }
    }
    if !(l || w || c || m) {
        (l, w, c) = (true, true, true);
    }
    let from_stdin = files.is_empty() || files.iter().any(|f| f == "-");
    let sources = inputs(fs, o, "wc", &files, stdin);
    let counts: Vec<(String, [usize; 4])> = sources
        .iter()
        .map(|(name, t)| {
            (
                name.clone(),
                [
                    t.matches('\n').count(),
                    t.split_whitespace().count(),
                    t.chars().count(),
                    t.len(),
                ],
            )
        })
        .collect();
    let mut total = [0usize; 4];
    for (_, cs) in &counts {
        for (t, v) in total.iter_mut().zip(cs) {
            *t += v;
        }
    }
    let shown = [l, w, m, c].iter().filter(|x| **x).count();
    let width = if shown == 1 && counts.len() == 1 {
        1
    } else if from_stdin {
        7
    } else {
        total[3].to_string().len()
    };
    let row = |cs: &[usize; 4], name: &str, named: bool| {
        let mut fields = Vec::new();
        for (on, v) in [(l, cs[0]), (w, cs[1]), (m, cs[2]), (c, cs[3])] {
            if on {
                fields.push(format!("{v:>width$}"));
            }
        }
        let mut s = fields.join(" ");
        if named {
            s.push(' ');
            s.push_str(name);
        }
        s.push('\n');
        s
    };
    let mut text = String::new();
    for (name, cs) in &counts {
        text.push_str(&row(cs, name, !files.is_empty()));
    }
    if counts.len() > 1 {
        text.push_str(&row(&total, "total", true));
    }
    o.out(text);
}

fn sort(fs: &dyn Fs, o: &mut Output, args: &[String], stdin: Option<&str>) {
    let (mut rev, mut num, mut uniq) = (false, false, false);
    let mut key: Option<(usize, Option<usize>)> = None;
    let mut sep: Option<char> = None;
    let mut files = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if !(a.len() > 1 && a.starts_with('-') && !a.starts_with("--")) {
            files.push(a.clone());
            continue;
        }
        let flags: Vec<char> = a.chars().skip(1).collect();
        for (k, f) in flags.iter().enumerate() {
            match f {
                'r' => rev = true,
                'n' | 'g' | 'h' => num = true,
                'u' => uniq = true,
                'b' | 'f' | 's' => {}
                'k' | 't' => {
                    let rest: String = flags.iter().skip(k + 1).collect();
                    let value = if rest.is_empty() {
                        it.next().cloned().unwrap_or_default()
                    } else {
                        rest
                    };
                    if *f == 't' {
                        let mut cs = value.chars();
                        match (cs.next(), cs.next()) {
                            (Some(c), None) => sep = Some(c),
                            _ => {
                                o.err("sort: multi-character tab '".to_string() + &value + "'\n");
                                o.exit_code = 2;
                                return;
                            }
                        }
                    } else {
                        // `2`, `2,3`, `2n`, `2,2r`: the type letters apply to the whole sort.
                        num |= value.contains('n');
                        rev |= value.contains('r');
                        let digits: String = value
                            .chars()
                            .filter(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
                            .collect();
                        let (a, b) = match digits.split_once(',') {
                            Some((a, b)) => (a, Some(b)),
                            None => (digits.as_str(), None),
                        };
                        let field = |s: &str| {
                            s.split('.')
                                .next()
                                .and_then(|n| n.parse::<usize>().ok())
                                .filter(|n| *n > 0)
                        };
                        match (field(a), b.map(field)) {
                            (Some(start), None) => key = Some((start, None)),
                            (Some(start), Some(Some(end))) => key = Some((start, Some(end))),
                            _ => {
                                o.err(format!("sort: invalid number at field start: invalid count at start of '{value}'\n"));
                                o.exit_code = 2;
                                return;
                            }
                        }
                    }
                    break;
                }
                _ => {
                    usage_error(o, "sort", &format!("invalid option -- '{f}'"), None);
                    o.exit_code = 2;
                    return;
                }
            }
        }
    }
    let sources = inputs(fs, o, "sort", &files, stdin);
    if o.exit_code != 0 {
        o.exit_code = 2;
        return;
    }
    let mut all: Vec<&str> = sources.iter().flat_map(|(_, t)| lines(t)).collect();
    let numeric = |s: &str| -> f64 {
        let t = s.trim_start();
        let end = t
            .char_indices()
            .find(|&(i, c)| !(c.is_ascii_digit() || c == '.' || (i == 0 && c == '-')))
            .map(|(i, _)| i)
            .unwrap_or(t.len());
        t.get(..end).and_then(|n| n.parse().ok()).unwrap_or(0.0)
    };
    let keyed = |line: &'_ str| -> String {
        match key {
            Some((start, end)) => sort_key(line, start, end, sep).to_string(),
            None => line.to_string(),
        }
    };
    let cmp = |a: &&str, b: &&str| {
        let (ka, kb) = (keyed(a), keyed(b));
        let primary = if num {
            numeric(&ka).total_cmp(&numeric(&kb))
        } else {
            ka.cmp(&kb)
        };
        primary.then_with(|| a.cmp(b))
    };
    all.sort_once_by(cmp);
    if uniq {
        all.dedup_by(|a, b| {
            let (ka, kb) = (keyed(a), keyed(b));
            if num {
                numeric(&ka) == numeric(&kb)
            } else {
                ka == kb
            }
        });
    }
    if rev {
        all.reverse();
    }
    o.out(all.iter().map(|l| format!("{l}\n")).collect::<String>());
}

/// The part of `line` from field `start` to the end of field `end` (or of the line). Without a
/// separator a field is its leading blanks plus the word after them, as in GNU sort.
fn sort_key(line: &str, start: usize, end: Option<usize>, sep: Option<char>) -> &str {
    // (start, end) byte offsets of every field.
    let mut fields: Vec<(usize, usize)> = Vec::new();
    match sep {
        Some(c) => {
            let mut from = 0;
            for (i, ch) in line.char_indices() {
                if ch == c {
                    fields.push((from, i));
                    from = i + ch.len_utf8();
                }
            }
            fields.push((from, line.len()));
        }
        None => {
            let blank = |c: char| c == ' ' || c == '\t';
            let mut from = 0;
            let mut in_word = false;
            for (i, ch) in line.char_indices() {
                if blank(ch) && in_word {
                    fields.push((from, i));
                    from = i;
                    in_word = false;
                } else if !blank(ch) {
                    in_word = true;
                }
            }
            fields.push((from, line.len()));
        }
    }
    let Some(&(from, _)) = fields.get(start - 1) else {
        return "";
    };
    let to = end
        .and_then(|e| fields.get(e.saturating_sub(1)).map(|f| f.1))
        .unwrap_or(line.len())
        .max(from);
    line.get(from..to).unwrap_or("")
}

fn uniq(o: &mut Output, args: &[String], stdin: Option<&str>) {
    let (mut count, mut dups, mut uniques) = (false, false, false);
    for a in args {
        for f in a.chars().skip(1) {
            match f {
                'c' => count = true,
                'd' => dups = true,
                'u' => uniques = true,
                _ => {
                    usage_error(o, "uniq", &format!("invalid option -- '{f}'"), None);
                    o.exit_code = 1;
                    return;
                }
            }
        }
    }
    let mut groups: Vec<(&str, usize)> = Vec::new();
    for line in lines(stdin.unwrap_or("")) {
        match groups.last_mut() {
            Some((l, n)) if *l == line => *n += 1,
            _ => groups.push((line, 1)),
        }
    }
    let mut text = String::new();
    for (line, n) in groups {
        if (dups && n < 2) || (uniques && n > 1) {
            continue;
        }
        if count {
            text.push_str(&format!("{n:>7} "));
        }
        text.push_str(line);
        text.push('\n');
    }
    o.out(text);
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn base64(o: &mut Output, args: &[String], stdin: Option<&str>) {
    let mut decode = false;
    let mut wrap = 76usize;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-d" | "--decode" => decode = true,
            "-w0" => wrap = 0,
            "-w" | "--wrap" => match it.next().and_then(|v| v.parse().ok()) {
                Some(w) => wrap = w,
                None => {
                    o.err("base64: invalid wrap size\n");
                    o.exit_code = 1;
                    return;
                }
            },
            s if s.starts_with("--wrap=") => {
                wrap = s.get(7..).and_then(|v| v.parse().ok()).unwrap_or(76)
            }
            "-i" | "--ignore-garbage" => {}
            s if s.starts_with('-') && s.len() > 1 => {
                let msg = if s.starts_with("--") {
                    format!("unrecognized option '{s}'")
                } else {
                    format!("invalid option -- '{}'", s.chars().nth(1).unwrap_or('-'))
                };
                usage_error(o, "base64", &msg, None);
                o.exit_code = 1;
                return;
            }
            _ => {}
        }
    }
    let input = stdin.unwrap_or("");
    if decode {
        let mut bits = 0u32;
        let mut nbits = 0;
        let mut bytes = Vec::new();
        for c in input.bytes() {
            if c.is_ascii_whitespace() {
                continue;
            }
            if c == b'=' {
                break;
            }
            let Some(v) = B64.iter().position(|&b| b == c) else {
                o.out(String::from_utf8_lossy(&bytes));
                o.err("base64: invalid input\n");
                o.exit_code = 1;
                return;
            };
            bits = (bits << 6) | v as u32;
            nbits += 6;
            if nbits >= 8 {
                nbits -= 8;
                bytes.push((bits >> nbits) as u8);
                bits &= (1 << nbits) - 1;
            }
        }
        o.out(String::from_utf8_lossy(&bytes));
        return;
    }
    let mut enc = String::new();
    for chunk in input.as_bytes().chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                enc.push(B64[((n >> (18 - 6 * k)) & 63) as usize] as char);
            } else {
                enc.push('=');
            }
        }
    }
    let mut text = String::new();
    if wrap == 0 {
        text = enc;
    } else {
        for (i, c) in enc.chars().enumerate() {
            if i > 0 && i % wrap == 0 {
                text.push('\n');
            }
            text.push(c);
        }
    }
    if !text.is_empty() {
        text.push('\n');
    }
    o.out(text);
}
