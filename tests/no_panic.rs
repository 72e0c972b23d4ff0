//! Whatever a user types or pastes must end in output, never a panic: every transcript command,
//! cut and mutated in many ways, is fed to one playground, and pasted files are mangled too.

mod common;

use kubeplay::fs::MemFs;
use kubeplay::profile::Profile;
use kubeplay_core::sort::SortOnce;

/// A small deterministic generator, so a failure replays.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const PIECES: &[&str] = &[
    "-",
    "--",
    "-o",
    "-o=",
    "=",
    "/",
    ",",
    "'",
    "\"",
    "\\",
    "{",
    "}",
    "[",
    "]",
    "[*]",
    "..",
    "$",
    "|",
    "<<EOF",
    ">",
    "<",
    "&&",
    ";",
    "-A",
    "-n",
    "-l",
    "!=",
    "in (",
    ")",
    "--all",
    "-f",
    "-",
    "pod/",
    "all",
    ".metadata",
    "{.items[-1:]}",
    "jsonpath={",
    "custom-columns=:",
    "é",
    "\t",
    "0",
    "-1",
    "99999999999999999999",
    "--replicas=-5",
    "--port=0",
    "--sort-by=.x[",
    "yaml",
    "x=y-",
];

fn mutate(rng: &mut Rng, line: &str) -> String {
    let mut words: Vec<String> = line.split(' ').map(String::from).collect();
    for _ in 0..1 + rng.below(3) {
        let piece = PIECES[rng.below(PIECES.len())].to_string();
        let i = rng.below(words.len() + 1);
        match rng.below(4) {
            0 if !words.is_empty() => {
                let j = rng.below(words.len());
                words.remove(j);
            }
            1 if i < words.len() => {
                let w = &mut words[i];
                let cut = w
                    .char_indices()
                    .map(|(k, _)| k)
                    .nth(rng.below(w.chars().count() + 1));
                if let Some(k) = cut {
                    w.insert_str(k, &piece);
                }
            }
            _ => words.insert(i, piece),
        }
    }
    words.join(" ")
}

fn mangle(rng: &mut Rng, text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..1 + rng.below(4) {
        let i = rng.below(chars.len() + 1);
        let c = [
            ':', '-', ' ', '\n', '\t', '&', '*', '[', '{', '"', '#', '|', '>', '!',
        ][rng.below(14)];
        match rng.below(3) {
            0 if i < chars.len() => {
                chars.remove(i);
            }
            _ => chars.insert(i.min(chars.len()), c),
        }
    }
    chars.into_iter().collect()
}

#[test]
fn mangled_commands_and_files_never_panic() {
    let dir = common::tests_dir("transcripts");
    let mut lines: Vec<String> = Vec::new();
    let mut files: Vec<(String, String)> = Vec::new();
    for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let text = std::fs::read_to_string(e.path()).unwrap_or_default();
        lines.extend(
            text.lines()
                .filter_map(|l| l.strip_prefix("$ ").map(String::from)),
        );
    }
    for sub in [
        "files",
        "files/get",
        "files/bad",
        "files/apply",
        "files/create",
        "files/crd",
    ] {
        for e in std::fs::read_dir(dir.join(sub))
            .into_iter()
            .flatten()
            .flatten()
        {
            let p = e.path();
            if let (Some(name), Ok(text)) = (p.file_name(), std::fs::read_to_string(&p)) {
                files.push((name.to_string_lossy().into_owned(), text));
            }
        }
    }
    lines.sort_once();
    assert!(lines.len() > 300, "too few commands: {}", lines.len());
    let rounds: usize = std::env::var("NO_PANIC_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let mut rng = Rng(0x5eed_1234_abcd);
    for round in 0..rounds {
        let mut fs = MemFs::new();
        for (name, text) in &files {
            fs = fs.with_file(name, &mangle(&mut rng, text));
        }
        let mut pg = common::playground(Profile::minikube(), fs);
        for line in &lines {
            let m = mutate(&mut rng, line);
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                pg.run_script(&m);
            }));
            assert!(outcome.is_ok(), "round {round}: panicked on: {m}");
            // A heredoc left open would swallow the next lines: drop it as Ctrl-C does.
            pg.shell.cancel();
        }
    }
}
