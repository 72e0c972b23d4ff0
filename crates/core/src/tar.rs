//! The ustar archive `kubectl cp` streams through `tar cf -` and `tar xmf -` in a container:
//! written by kubectl's side and by the container's `tar`, read by the other. Files here are
//! text (the playground's files and a container's are strings), so an archive is a string too:
//! its headers are ASCII and NUL padding, which UTF-8 carries as is.

/// The size of a tar block.
const BLOCK: usize = 512;
/// Archives larger than this are refused (the container's disk and the page's memory are small).
pub const MAX_ARCHIVE: usize = 16 << 20;

/// What one member is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    File(String),
    Dir,
    Symlink(String),
}

/// One member of an archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The member's name, relative (`tmp/foo`) or not, without a trailing slash.
    pub name: String,
    pub kind: Kind,
    pub mode: u32,
    /// Seconds since the epoch.
    pub mtime: i64,
}

impl Entry {
    pub fn file(name: &str, text: &str, mode: u32, mtime: i64) -> Entry {
        Entry {
            name: name.to_string(),
            kind: Kind::File(text.to_string()),
            mode,
            mtime,
        }
    }
    pub fn dir(name: &str, mode: u32, mtime: i64) -> Entry {
        Entry {
            name: name.to_string(),
            kind: Kind::Dir,
            mode,
            mtime,
        }
    }
}

/// Why an archive cannot be read or written, in Go's `archive/tar` words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TarError {
    InvalidHeader,
    UnexpectedEof,
    /// A name longer than ustar can hold.
    NameTooLong(String),
    TooLarge,
}

impl std::fmt::Display for TarError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TarError::InvalidHeader => f.write_str("archive/tar: invalid tar header"),
            TarError::UnexpectedEof => f.write_str("unexpected EOF"),
            TarError::NameTooLong(n) => write!(f, "archive/tar: cannot encode header: {n}"),
            TarError::TooLarge => f.write_str("archive/tar: write too long"),
        }
    }
}

fn octal(field: &mut [u8], n: u64) {
    let width = field.len() - 1;
    let text = format!("{n:0width$o}");
    let bytes = text.as_bytes();
    let start = bytes.len().saturating_sub(width);
    field[..width].copy_from_slice(&bytes[start..]);
    field[width] = 0;
}

fn put(field: &mut [u8], text: &str) {
    let n = text.len().min(field.len());
    field[..n].copy_from_slice(&text.as_bytes()[..n]);
}

/// ustar's name and prefix for a name: the name alone up to 100 bytes, else split at a `/`.
fn split_name(name: &str) -> Result<(&str, &str), TarError> {
    if name.len() <= 100 {
        return Ok(("", name));
    }
    let too_long = || TarError::NameTooLong(name.to_string());
    let at = name
        .char_indices()
        .filter(|(i, c)| *c == '/' && *i <= 155 && name.len() - i - 1 <= 100)
        .map(|(i, _)| i)
        .next()
        .ok_or_else(too_long)?;
    Ok((&name[..at], &name[at + 1..]))
}

fn header(e: &Entry) -> Result<[u8; BLOCK], TarError> {
    let mut h = [0u8; BLOCK];
    let (type_flag, size, link) = match &e.kind {
        Kind::File(text) => (b'0', text.len(), ""),
        Kind::Dir => (b'5', 0, ""),
        Kind::Symlink(target) => (b'2', 0, target.as_str()),
    };
    let name = match e.kind {
        Kind::Dir => format!("{}/", e.name.trim_end_matches('/')),
        _ => e.name.clone(),
    };
    let (prefix, rest) = split_name(&name)?;
    if link.len() > 100 {
        return Err(TarError::NameTooLong(link.to_string()));
    }
    put(&mut h[0..100], rest);
    octal(&mut h[100..108], u64::from(e.mode & 0o7777));
    octal(&mut h[108..116], 0);
    octal(&mut h[116..124], 0);
    octal(&mut h[124..136], size as u64);
    octal(&mut h[136..148], e.mtime.max(0) as u64);
    h[156] = type_flag;
    put(&mut h[157..257], link);
    put(&mut h[257..263], "ustar\0");
    put(&mut h[263..265], "00");
    put(&mut h[265..297], "root");
    put(&mut h[297..329], "root");
    put(&mut h[345..500], prefix);
    h[148..156].fill(b' ');
    let sum: u64 = h.iter().map(|b| u64::from(*b)).sum();
    octal(&mut h[148..155], sum);
    h[155] = b' ';
    Ok(h)
}

/// The archive of `entries`, ended by two zero blocks.
pub fn write(entries: &[Entry]) -> Result<String, TarError> {
    let mut out: Vec<u8> = Vec::new();
    for e in entries {
        out.extend_from_slice(&header(e)?);
        if let Kind::File(text) = &e.kind {
            out.extend_from_slice(text.as_bytes());
            let pad = (BLOCK - text.len() % BLOCK) % BLOCK;
            out.resize(out.len() + pad, 0);
        }
        if out.len() > MAX_ARCHIVE {
            return Err(TarError::TooLarge);
        }
    }
    out.resize(out.len() + 2 * BLOCK, 0);
    // Headers are ASCII (a long name is split at a '/'), contents were strings.
    String::from_utf8(out).map_err(|_| TarError::InvalidHeader)
}

fn field(h: &[u8]) -> &str {
    let end = h.iter().position(|b| *b == 0).unwrap_or(h.len());
    std::str::from_utf8(&h[..end]).unwrap_or_default()
}

fn parse_octal(h: &[u8]) -> Result<u64, TarError> {
    let text = field(h).trim_matches(|c: char| c == ' ' || c == '\0');
    if text.is_empty() {
        return Ok(0);
    }
    u64::from_str_radix(text, 8).map_err(|_| TarError::InvalidHeader)
}

/// The members of an archive, up to its end (two zero blocks, or the end of the text).
pub fn read(archive: &str) -> Result<Vec<Entry>, TarError> {
    let bytes = archive.as_bytes();
    let mut at = 0;
    let mut out = Vec::new();
    while at < bytes.len() {
        let h = bytes.get(at..at + BLOCK).ok_or(TarError::UnexpectedEof)?;
        if h.iter().all(|b| *b == 0) {
            break;
        }
        let sum = parse_octal(&h[148..156])?;
        let actual: u64 = h
            .iter()
            .enumerate()
            .map(|(i, b)| {
                if (148..156).contains(&i) {
                    32
                } else {
                    u64::from(*b)
                }
            })
            .sum();
        if sum != actual {
            return Err(TarError::InvalidHeader);
        }
        let size = usize::try_from(parse_octal(&h[124..136])?).map_err(|_| TarError::TooLarge)?;
        if size > MAX_ARCHIVE {
            return Err(TarError::TooLarge);
        }
        let prefix = field(&h[345..500]);
        let rest = field(&h[0..100]);
        let name = if prefix.is_empty() {
            rest.to_string()
        } else {
            format!("{prefix}/{rest}")
        };
        let mode = parse_octal(&h[100..108])? as u32;
        let mtime = parse_octal(&h[136..148])? as i64;
        at += BLOCK;
        let kind = match h[156] {
            b'5' => Kind::Dir,
            b'2' => Kind::Symlink(field(&h[157..257]).to_string()),
            _ => {
                let data = bytes.get(at..at + size).ok_or(TarError::UnexpectedEof)?;
                at += size.div_ceil(BLOCK) * BLOCK;
                Kind::File(
                    std::str::from_utf8(data)
                        .map_err(|_| TarError::InvalidHeader)?
                        .to_string(),
                )
            }
        };
        out.push(Entry {
            name: name.trim_end_matches('/').to_string(),
            kind,
            mode,
            mtime,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_archive_reads_back_what_was_written() {
        let entries = vec![
            Entry::dir("tmp/d", 0o755, 1_700_000_000),
            Entry::file("tmp/d/a.txt", "hello\n", 0o644, 1_700_000_000),
            Entry {
                name: "tmp/d/l".into(),
                kind: Kind::Symlink("a.txt".into()),
                mode: 0o777,
                mtime: 0,
            },
            Entry::file(&format!("{}/b", "x".repeat(120)), "é", 0o600, 0),
        ];
        let text = write(&entries).unwrap();
        assert_eq!(text.len() % BLOCK, 0);
        assert_eq!(&text[257..262], "ustar");
        assert_eq!(read(&text).unwrap(), entries);
    }

    #[test]
    fn garbage_and_truncation_are_errors() {
        assert_eq!(
            read("OCI runtime exec failed"),
            Err(TarError::UnexpectedEof)
        );
        assert_eq!(read(&"x".repeat(1024)), Err(TarError::InvalidHeader));
        let text = write(&[Entry::file("a", "abc", 0o644, 0)]).unwrap();
        assert_eq!(read(&text[..514]), Err(TarError::UnexpectedEof));
        assert_eq!(read(""), Ok(vec![]));
    }
}
