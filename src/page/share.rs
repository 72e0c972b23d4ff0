//! Share links: the playground's state — the files, the command log that rebuilds the cluster
//! (the simulation is deterministic, so replaying it gives the same objects), the history and,
//! for an exercise, which one and the progress — compressed into the page address's fragment
//! (`#share=…`), which browsers never send to a server. The payload is URL-safe base64 of one
//! format byte followed by deflated JSON, so a later format can be read, or refused clearly.
//!
//! This module only encodes, decodes and plans; `sharing` does it on the page.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde::{Deserialize, Serialize};

use super::files::{SavedFiles, SAMPLE, SAMPLE_NAME};
use super::history::History;
use super::lesson::valid_name;
use super::log::{ClusterLog, MAX_STORED};
use crate::exercise::progress::Progress;

/// The fragment's key (`#share=…`; `#s=…` is read too). Other keys in the fragment or the query
/// (`#layout=terminal&share=…`) are left to whoever reads them.
pub const KEY: &str = "share";
const SHORT_KEY: &str = "s";

/// The format this version writes (and the only one it reads).
pub const FORMAT: u8 = 1;

/// Links longer than this are too long for many chat tools and mail clients; they are still
/// given, with their size.
pub const LONG_LINK: usize = 8 * 1024;

/// The longest payload read (browsers cap addresses around 2 MB anyway), and the most it may
/// inflate to (as much as the page would ever store), so a crafted link cannot exhaust memory.
const MAX_PAYLOAD: usize = 4 << 20;
const MAX_STATE: usize = MAX_STORED;

/// What a link holds: everything a fresh browser needs to show the same playground.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct Shared {
    pub log: ClusterLog,
    pub files: SavedFiles,
    #[serde(default)]
    pub history: History,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exercise: Option<SharedExercise>,
}

/// The open exercise and how far the learner got.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct SharedExercise {
    pub name: String,
    /// The exercise's language, as its code.
    pub lang: String,
    pub progress: Progress,
}

impl Shared {
    /// Whether this is a playground nobody worked in: no command typed, the sample file as it
    /// comes, no exercise. Replacing it loses nothing, so a link opens without asking.
    pub fn is_blank(&self) -> bool {
        let sample = [(SAMPLE_NAME.to_string(), SAMPLE.to_string())];
        self.log
            .entries
            .iter()
            .all(|e| e.line.is_none() && !e.cancel && e.edit.is_none())
            && self.history.is_empty()
            && self.files.files == sample
            && self.exercise.is_none()
    }
}

/// Why a link cannot be opened; the page says it in one line and opens as usual.
#[derive(Debug, PartialEq)]
pub enum LinkError {
    /// Cut short, mangled by a chat tool, or not a kubeplay link at all.
    Damaged,
    /// Made by a kubeplay that writes a format this one does not know.
    Version(u8),
}

/// The link's payload (what follows `#share=`).
pub fn encode(state: &Shared) -> String {
    let json = serde_json::to_vec(state).unwrap_or_default();
    let mut bytes = vec![FORMAT];
    bytes.extend(miniz_oxide::deflate::compress_to_vec(&json, 9));
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A link's payload back into the state it holds, checked as anything typed is.
pub fn decode(payload: &str) -> Result<Shared, LinkError> {
    if payload.len() > MAX_PAYLOAD {
        return Err(LinkError::Damaged);
    }
    // Some tools append padding or percent-encode it; neither is part of the payload.
    let trimmed = payload.trim().trim_end_matches('=').trim_end_matches("%3D");
    let bytes = URL_SAFE_NO_PAD
        .decode(trimmed)
        .map_err(|_| LinkError::Damaged)?;
    let (&format, deflated) = bytes.split_first().ok_or(LinkError::Damaged)?;
    if format != FORMAT {
        return Err(LinkError::Version(format));
    }
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(deflated, MAX_STATE)
        .map_err(|_| LinkError::Damaged)?;
    let mut state: Shared = serde_json::from_slice(&json).map_err(|_| LinkError::Damaged)?;
    state.log = state.log.bounded();
    if let Some(ex) = &state.exercise {
        if !valid_name(&ex.name) {
            return Err(LinkError::Damaged);
        }
    }
    Ok(state)
}

/// The payload of the share key in a page address's query or fragment, if it has one.
pub fn payload(url: &str) -> Option<&str> {
    params(url).find_map(|(k, v)| (k == KEY || k == SHORT_KEY).then_some(v))
}

/// The address without its share key, other keys kept where they were (`?a=1#b=2`), so a
/// reload does not open the link again over newer work.
pub fn without_payload(url: &str) -> String {
    let (query, fragment) = match url.split_once('#') {
        Some((q, f)) => (q, Some(f)),
        None => (url, None),
    };
    let keep = |part: &str, mark: char| {
        let kept: Vec<&str> = part
            .trim_start_matches(mark)
            .split('&')
            .filter(|p| !p.is_empty() && !is_share_param(p))
            .collect();
        if kept.is_empty() {
            String::new()
        } else {
            format!("{mark}{}", kept.join("&"))
        }
    };
    let mut out = keep(query, '?');
    if let Some(f) = fragment {
        out.push_str(&keep(f, '#'));
    }
    out
}

fn is_share_param(p: &str) -> bool {
    p.split_once('=')
        .is_some_and(|(k, _)| k == KEY || k == SHORT_KEY)
}

fn params(url: &str) -> impl Iterator<Item = (&str, &str)> {
    url.split(['?', '#', '&'])
        .take(64)
        .filter_map(|p| p.split_once('='))
}

/// A link made for the page at `base` (its address without query or fragment).
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    pub url: String,
    /// Its length in bytes.
    pub bytes: usize,
}

impl Link {
    pub fn new(base: &str, state: &Shared) -> Link {
        let url = format!("{base}#{KEY}={}", encode(state));
        Link {
            bytes: url.len(),
            url,
        }
    }

    /// Too long for many chat tools: the page says so with the size.
    pub fn is_long(&self) -> bool {
        self.bytes > LONG_LINK
    }

    /// Its size as people read it: `912 B`, `12.3 KB`.
    pub fn size(&self) -> String {
        if self.bytes < 1024 {
            format!("{} B", self.bytes)
        } else {
            format!("{:.1} KB", self.bytes as f64 / 1024.0)
        }
    }
}

/// What opening a link does to the playground this browser already has.
#[derive(Debug, PartialEq)]
pub enum Plan {
    /// Nothing would be lost: open it.
    Open,
    /// The link holds what is already here: nothing to do.
    AlreadyHere,
    /// There is work here: ask first, and keep it aside if the link opens.
    Ask,
}

pub fn plan(here: &Shared, link: &Shared) -> Plan {
    if here == link {
        Plan::AlreadyHere
    } else if here.is_blank() {
        Plan::Open
    } else {
        Plan::Ask
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::log::Entry;

    fn worked() -> Shared {
        let mut log = ClusterLog::new(1_795_600_000, "kind");
        log.push(Entry {
            t: 1_795_600_003,
            line: Some("kubectl run web --image nginx".into()),
            files: Some(vec![("a.yaml".into(), "kind: Pod\n".into())]),
            ..Entry::default()
        });
        log.push(Entry {
            t: 1_795_600_009,
            ..Entry::default()
        });
        let mut history = History::default();
        history.push("kubectl run web --image nginx");
        Shared {
            log,
            files: SavedFiles {
                files: vec![("a.yaml".into(), "kind: Pod\n# é ✓\n".into())],
                active: "a.yaml".into(),
            },
            history,
            exercise: Some(SharedExercise {
                name: "first-namespace".into(),
                lang: "fr".into(),
                progress: Progress {
                    done: 1,
                    attempted: true,
                },
            }),
        }
    }

    fn blank() -> Shared {
        Shared {
            log: ClusterLog::new(1_795_600_000, "minikube"),
            files: SavedFiles {
                files: vec![(SAMPLE_NAME.into(), SAMPLE.into())],
                active: SAMPLE_NAME.into(),
            },
            ..Shared::default()
        }
    }

    #[test]
    fn a_state_goes_through_a_link_and_back_unchanged() {
        let state = worked();
        let link = Link::new("https://example.org/play/", &state);
        assert!(link.url.starts_with("https://example.org/play/#share="));
        let p = payload(&link.url).unwrap();
        // URL-safe: nothing a chat tool or the address bar would escape or cut at.
        assert!(p
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        assert_eq!(decode(p).unwrap(), state);
        assert_eq!(decode(&format!("{p}==")).unwrap(), state);
    }

    #[test]
    fn damaged_links_are_refused_as_damaged() {
        let p = encode(&worked());
        let cut = &p[..p.len() / 2];
        let flipped: String = p
            .chars()
            .enumerate()
            .map(|(i, c)| {
                if i == 20 {
                    if c == 'A' {
                        'B'
                    } else {
                        'A'
                    }
                } else {
                    c
                }
            })
            .collect();
        let not_json = URL_SAFE_NO_PAD.encode(
            [
                vec![FORMAT],
                miniz_oxide::deflate::compress_to_vec(b"{\"x\"", 6),
            ]
            .concat(),
        );
        for bad in [
            "",
            "!!!",
            "AQ",
            cut,
            &flipped,
            &not_json,
            &"A".repeat(MAX_PAYLOAD + 1),
        ] {
            assert_eq!(decode(bad), Err(LinkError::Damaged), "{bad:.40}");
        }
    }

    #[test]
    fn every_prefix_and_every_flipped_byte_decodes_or_is_refused_without_panic() {
        let p = encode(&worked());
        for cut in 0..p.len() {
            let _ = decode(&p[..cut]);
        }
        let bytes = URL_SAFE_NO_PAD.decode(&p).unwrap();
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0x5a;
            let _ = decode(&URL_SAFE_NO_PAD.encode(&b));
        }
    }

    #[test]
    fn a_bad_exercise_name_is_damage() {
        let mut state = worked();
        state.exercise.as_mut().unwrap().name = "../etc".into();
        assert_eq!(decode(&encode(&state)), Err(LinkError::Damaged));
    }

    #[test]
    fn another_format_is_refused_with_its_number() {
        let mut bytes = URL_SAFE_NO_PAD.decode(encode(&worked())).unwrap();
        bytes[0] = 7;
        assert_eq!(
            decode(&URL_SAFE_NO_PAD.encode(&bytes)),
            Err(LinkError::Version(7))
        );
    }

    #[test]
    fn a_link_that_inflates_beyond_the_limit_is_refused() {
        let zeros = vec![b' '; MAX_STATE + 1];
        let bomb = URL_SAFE_NO_PAD.encode(
            [
                vec![FORMAT],
                miniz_oxide::deflate::compress_to_vec(&zeros, 9),
            ]
            .concat(),
        );
        assert!(bomb.len() < 100_000);
        assert_eq!(decode(&bomb), Err(LinkError::Damaged));
    }

    #[test]
    fn damaged_times_in_a_link_are_brought_in_bounds() {
        let mut state = worked();
        state.log.start = i64::MIN;
        let got = decode(&encode(&state)).unwrap();
        assert_eq!(got.log.start, 0);
    }

    #[test]
    fn the_size_is_reported_past_eight_kilobytes() {
        let small = Link::new("http://h/", &worked());
        assert!(!small.is_long());
        assert_eq!(small.size(), format!("{} B", small.bytes));
        let mut big = worked();
        // Text that does not compress: a long pseudo-random file.
        let mut x: u64 = 1;
        let noise: String = (0..12_000)
            .map(|_| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                char::from(b'a' + (x >> 59) as u8 % 26)
            })
            .collect();
        big.files.files.push(("noise.txt".into(), noise));
        let link = Link::new("http://h/", &big);
        assert!(link.is_long(), "{}", link.bytes);
        assert!(link.size().ends_with(" KB"), "{}", link.size());
        assert_eq!(link.bytes, link.url.len());
    }

    #[test]
    fn the_key_is_found_among_others_and_removed_alone() {
        let url = "?exercise=x&lang=fr#layout=terminal&share=ABC&profile=k3s";
        assert_eq!(payload(url), Some("ABC"));
        assert_eq!(payload("#s=XYZ"), Some("XYZ"));
        assert_eq!(payload("?exercise=x#layout=full"), None);
        assert_eq!(
            without_payload(url),
            "?exercise=x&lang=fr#layout=terminal&profile=k3s"
        );
        assert_eq!(without_payload("#share=ABC"), "");
        assert_eq!(without_payload("?a=1#s=ABC"), "?a=1");
    }

    #[test]
    fn the_plan_asks_only_when_there_is_work_to_lose() {
        let (here, link) = (blank(), worked());
        assert!(here.is_blank());
        assert_eq!(plan(&here, &link), Plan::Open);
        assert_eq!(plan(&link, &link), Plan::AlreadyHere);
        assert_eq!(plan(&link, &here), Plan::Ask);
        let mut ticked = blank();
        ticked.log.push(Entry {
            t: 1,
            ..Entry::default()
        });
        assert!(ticked.is_blank(), "background changes are not work");
        let mut edited = blank();
        edited.files.files[0].1.push_str("# mine\n");
        assert!(!edited.is_blank());
    }
}
