//! A snapshot of the playground, so a reload need not replay the whole command log: the cluster
//! (store, random state, discovery with its CRDs, the simulator with every controller's memory),
//! the clock's part, kubectl's session and the shell's variables, as they were after the first
//! `covered` entries of the log. A reload restores it and replays only the entries after it, on
//! the same pinned clock, so the same cluster comes back.
//!
//! The log stays the record (share links and exams carry it, and it is kept in full): a snapshot
//! that is missing, damaged, of another format or of another log is ignored, and the log is
//! replayed as before. Stored as a format byte, a small header naming the log it belongs to (so
//! a stale snapshot is refused before anything is inflated), and the state in CBOR, deflated.
//! CBOR because the state holds JSON values and maps keyed by structs, which a JSON encoding
//! cannot keep and a non-describing one (bincode) cannot read back; and since every struct is
//! written with its field names, a snapshot of a build whose types differ fails to decode and
//! falls back to the replay.

use std::hash::{DefaultHasher, Hash, Hasher};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::log::ClusterLog;
use crate::clock::Clock;
use crate::cluster::{Cluster, Saved, SavedRef};
use crate::fs::Fs;
use crate::kubectl::{Kubeconfig, Session};
use crate::playground::Playground;
use crate::profile::Profile;
use crate::shell::{SavedShell, Shell};

/// The first byte of a stored snapshot; another value is a snapshot this build cannot read.
/// Bump it when a saved type keeps its shape but changes its meaning.
pub const FORMAT: u8 = 1;
/// Bounds on what a stored snapshot may claim, so a damaged one is refused cheaply.
const MAX_HEADER: usize = 4096;
const MAX_STATE: usize = 512 << 20;

/// The clock's part of a snapshot: the seconds `sleep` moved the cluster's clock on. One
/// struct, so what else the page's clock comes to keep (pause, speed) joins it here.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct SavedClock {
    pub offset: i64,
}

/// Which log a snapshot belongs to, and how much of it: its start, profile, the number of
/// entries covered and a hash of them.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
struct Header {
    start: i64,
    profile: String,
    covered: usize,
    hash: u64,
}

impl Header {
    fn of(log: &ClusterLog, covered: usize) -> Option<Header> {
        let entries = log.entries.get(..covered)?;
        let mut h = DefaultHasher::new();
        entries.hash(&mut h);
        Some(Header {
            start: log.start,
            profile: log.profile().to_string(),
            covered,
            hash: h.finish(),
        })
    }
}

#[derive(Serialize)]
struct StateRef<'a> {
    clock: SavedClock,
    cluster: SavedRef<'a>,
    kubeconfig: &'a Value,
    listening: &'a [(String, u16)],
    shell: SavedShell,
}

#[derive(Deserialize)]
struct State {
    clock: SavedClock,
    cluster: Saved,
    kubeconfig: Value,
    listening: Vec<(String, u16)>,
    shell: SavedShell,
}

/// The playground's snapshot after the whole of `log`, or None when it is not at rest (a
/// command open, a container shell attached, a `kubectl edit` waiting, a job running): those
/// are not kept, and the next moment at rest will do.
pub fn take(pg: &Playground, log: &ClusterLog) -> Option<Vec<u8>> {
    if pg.editing().is_some() {
        return None;
    }
    let state = StateRef {
        clock: SavedClock {
            offset: pg.cluster.offset(),
        },
        cluster: pg.cluster.saved()?,
        kubeconfig: &pg.session.kubeconfig.doc,
        listening: &pg.session.listening,
        shell: pg.shell.saved()?,
    };
    let header = Header::of(log, log.entries.len())?;
    let mut head = Vec::new();
    ciborium::into_writer(&header, &mut head).ok()?;
    let mut body = Vec::new();
    ciborium::into_writer(&state, &mut body).ok()?;
    let mut out = vec![FORMAT];
    out.extend(u32::try_from(head.len()).ok()?.to_le_bytes());
    out.extend(head);
    out.extend(miniz_oxide::deflate::compress_to_vec(&body, 1));
    Some(out)
}

/// The playground a snapshot holds, if it is one of this format and belongs to `log`, with the
/// number of the log's entries it covers (those after it are still to replay). The error says
/// why it was not used.
pub fn restore(
    bytes: &[u8],
    log: &ClusterLog,
    clock: Box<dyn Clock>,
    fs: Box<dyn Fs>,
) -> Result<(Playground, usize), String> {
    let (&format, rest) = bytes.split_first().ok_or("empty")?;
    if format != FORMAT {
        return Err(format!("format {format}"));
    }
    let (len, rest) = rest.split_first_chunk::<4>().ok_or("no header")?;
    let len = u32::from_le_bytes(*len) as usize;
    if len > MAX_HEADER || len > rest.len() {
        return Err("damaged header".into());
    }
    let (head, deflated) = rest.split_at(len);
    let header: Header = ciborium::from_reader(head).map_err(|e| e.to_string())?;
    if Header::of(log, header.covered).as_ref() != Some(&header) {
        return Err("of another log".into());
    }
    let profile = Profile::by_name(&header.profile).ok_or("unknown profile")?;
    let body = miniz_oxide::inflate::decompress_to_vec_with_limit(deflated, MAX_STATE)
        .map_err(|e| format!("inflate: {e:?}"))?;
    let state: State = ciborium::from_reader(body.as_slice()).map_err(|e| e.to_string())?;
    let cluster = Cluster::from_saved(profile, clock, state.cluster, state.clock.offset);
    let session = Session {
        kubeconfig: Kubeconfig {
            doc: state.kubeconfig,
        },
        listening: state.listening,
        editing: None,
    };
    let shell = Shell::from_saved(state.shell);
    Ok((
        Playground::from_parts(cluster, session, shell, fs),
        header.covered,
    ))
}
