//! The page as an embed: the options its address carries (`index.html#layout=terminal&profile=k3s`,
//! the same for the full page and for `<kube-playground>`'s iframe), and the `postMessage`
//! protocol a host page drives it with (`docs/embedding.md` documents both). Parsing and the
//! messages' shapes live here, tested natively; `web::embed` only moves strings to and from the
//! browser.

mod options;
mod protocol;

pub use options::{Layout, Options, Persist, Theme};
pub use protocol::{lines, message, Ran, Refused, Request, MAX_FILE, MAX_FILES, MAX_LINES};
