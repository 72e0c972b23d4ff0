//! Transcript tests: each `tests/transcripts/*.txt` holds `$ command` lines (heredoc lines start
//! with `> `), each followed by the exact expected output, replayed on a fresh cluster with a fixed
//! clock that moves one second per command. The files in `tests/transcripts/files/` are the
//! virtual files `-f` and `--kubeconfig` read. `SNAPSHOTS=overwrite cargo test --test transcripts`
//! rewrites the expectations after a deliberate change; `[..]` in an expectation matches anything
//! on a line. Each file is a test named after it: `cargo test --test transcripts course` replays
//! `course.txt` alone.

mod common;

use std::path::Path;

use kubeplay::fs::MemFs;
use kubeplay::playground::Playground;
use kubeplay::shell::Feed;
use libtest_mimic::Failed;
use snapbox::IntoData;

fn main() {
    common::run(common::per_file("transcripts", "txt", 1, check));
}

/// Replays one transcript and compares (or, with `SNAPSHOTS=overwrite`, rewrites) it.
fn check(path: &Path) -> Result<(), Failed> {
    let actual = replay(path);
    let found = assert().try_eq(
        Some(&"actual"),
        actual.clone().into_data(),
        snapbox::Data::read_from(path, None),
    );
    found.map_err(|diff| {
        let expected = std::fs::read_to_string(path).unwrap_or_default();
        let at = match first_difference(&expected, &actual) {
            Some(command) => format!("`$ {command}` differs"),
            None => "differs".into(),
        };
        format!("{}: {at}\n{diff}", common::file_name(path)).into()
    })
}

fn assert() -> snapbox::Assert {
    // Output is terminal text, not paths: `\"` inside JSON must stay as it is.
    snapbox::Assert::new()
        .normalize_paths(false)
        .action_env("SNAPSHOTS")
}

/// The first command whose echo and output in `actual` do not match `expected` (`[..]`
/// included); `None` when only the lines before the first command differ.
fn first_difference(expected: &str, actual: &str) -> Option<String> {
    let plain = snapbox::Assert::new().normalize_paths(false);
    let (expected, actual) = (
        common::transcript::blocks(expected),
        common::transcript::blocks(actual),
    );
    expected.into_iter().zip(actual).skip(1).find_map(|(e, a)| {
        let differs = plain
            .try_eq(None, a.into_data(), e.as_str().into_data())
            .is_err();
        let command = e.lines().next().and_then(|l| l.strip_prefix("$ "));
        differs.then(|| command.unwrap_or_default().to_string())
    })
}

fn replay(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let (header, cmds) = common::transcript::commands(&text);
    let profile = common::transcript::profile(&header);
    let files = common::add_tree(MemFs::new(), &common::tests_dir("transcripts/files"), "");
    let mut pg = common::playground(profile, files);
    let mut actual = header;
    for lines in cmds {
        pg.cluster.advance(1);
        replay_command(&mut pg, &lines, &mut actual);
    }
    actual
}

/// Feeds one command's lines, echoing them to `actual` as the transcript writes them, then its
/// output, `[no newline]` when the output ends without one, and `[exit N]` when N is not 0.
fn replay_command(pg: &mut Playground, lines: &[String], actual: &mut String) {
    let mut result = None;
    let prompt = pg.container_prompt().unwrap_or_else(|| "$ ".into());
    for (i, l) in lines.iter().enumerate() {
        actual.push_str(if i == 0 { &prompt } else { ">" });
        if i > 0 && !l.is_empty() {
            actual.push(' ');
        }
        actual.push_str(l);
        actual.push('\n');
        if let Feed::Done(out) = pg.feed_line(l) {
            result = Some(out);
        }
    }
    let Some(out) = result else {
        actual.push_str("[incomplete command]\n");
        return;
    };
    let text = out.combined();
    actual.push_str(&text);
    if !text.is_empty() && !text.ends_with('\n') {
        actual.push_str("\n[no newline]\n");
    }
    if out.exit_code != 0 {
        actual.push_str(&format!("[exit {}]\n", out.exit_code));
    }
}
