//! kubectl's resource builder (cli-runtime's `pkg/resource`): what a command acts on, from `-f`
//! files, `TYPE NAME...`, `TYPE/NAME`, `TYPE1,TYPE2`, label and field selectors and `-A`, with
//! kubectl's namespace rules and its errors for each wrong shape. Every command that resolves
//! objects goes through `Builder`; the commands differ only in which rules they ask for.

mod args;
mod builder;
mod files;
mod namespace;
mod visit;

pub use builder::{Builder, NamespaceCheck, OnError, Scope};
pub use files::FileObject;
pub use namespace::namespace_mismatch;
pub use visit::{Group, Info, Plan, Visited};

/// kubectl's error when a command that needs objects was given neither names nor files.
pub const NO_RESOURCES: &str = "You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'";
