//! The WebSocket framing (RFC 6455) kubectl's exec speaks: the handshake's accept key, binary
//! frames out (a server's are unmasked), and frames in (a client's are masked).

use std::io::{Read, Write};

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

/// The largest frame read from a client (kubectl cp's tar arrives in pieces far smaller).
const MAX_FRAME: u64 = 16 << 20;

/// `Sec-WebSocket-Accept` for a client's `Sec-WebSocket-Key`.
pub fn accept_key(key: &str) -> String {
    let mut h = sha1_smol::Sha1::new();
    h.update(key.trim().as_bytes());
    h.update(b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11");
    STANDARD.encode(h.digest().bytes())
}

/// One frame: opcode (2 binary, 8 close) and payload.
pub fn write_frame<W: Write + ?Sized>(
    out: &mut W,
    opcode: u8,
    payload: &[u8],
) -> std::io::Result<()> {
    let mut head = vec![0x80 | opcode];
    let n = payload.len();
    if n < 126 {
        head.push(n as u8);
    } else if n <= 0xffff {
        head.push(126);
        head.extend_from_slice(&(n as u16).to_be_bytes());
    } else {
        head.push(127);
        head.extend_from_slice(&(n as u64).to_be_bytes());
    }
    out.write_all(&head)?;
    out.write_all(payload)?;
    out.flush()
}

/// The next frame from the client: opcode and unmasked payload; `None` at the end or on a
/// frame too large.
pub fn read_frame<R: Read + ?Sized>(input: &mut R) -> Option<(u8, Vec<u8>)> {
    let mut head = [0u8; 2];
    input.read_exact(&mut head).ok()?;
    let opcode = head[0] & 0x0f;
    let masked = head[1] & 0x80 != 0;
    let len = match head[1] & 0x7f {
        126 => {
            let mut b = [0u8; 2];
            input.read_exact(&mut b).ok()?;
            u64::from(u16::from_be_bytes(b))
        }
        127 => {
            let mut b = [0u8; 8];
            input.read_exact(&mut b).ok()?;
            u64::from_be_bytes(b)
        }
        n => u64::from(n),
    };
    if len > MAX_FRAME {
        return None;
    }
    let mut mask = [0u8; 4];
    if masked {
        input.read_exact(&mut mask).ok()?;
    }
    let mut payload = vec![0u8; usize::try_from(len).ok()?];
    input.read_exact(&mut payload).ok()?;
    if masked {
        for (i, b) in payload.iter_mut().enumerate() {
            *b ^= mask[i % 4];
        }
    }
    Some((opcode, payload))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_accept_key_is_rfc_6455s_example() {
        assert_eq!(
            accept_key("dGhlIHNhbXBsZSBub25jZQ=="),
            "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
        );
    }

    #[test]
    fn a_masked_frame_reads_back() {
        let mask = [1u8, 2, 3, 4];
        let data: Vec<u8> = b"\x00hi"
            .iter()
            .enumerate()
            .map(|(i, b)| b ^ mask[i % 4])
            .collect();
        let mut wire = vec![0x82, 0x80 | 3];
        wire.extend_from_slice(&mask);
        wire.extend_from_slice(&data);
        assert_eq!(read_frame(&mut &wire[..]), Some((2, b"\x00hi".to_vec())));
        let mut out = Vec::new();
        write_frame(&mut out, 2, b"\x01ok").unwrap();
        assert_eq!(out, b"\x82\x03\x01ok");
    }
}
