//! Exercises: lessons as data, graded by the state of the cluster, never by the commands typed.
//! `model` is the file format, `load` reads and validates it (errors name the field and line),
//! `check` runs one check read-only (`readonly` keeps it from changing anything), `grade` proves
//! an exercise with its own solutions, and `bundled` holds the exercises shipped with kubeplay.
//! `import` converts a Killercoda scenario into an exercise with a report; `exam` grades several
//! exercises once, at the end of a time limit, in points (each check's `weight`).
//! The CLI (`kubeplay exercise ...`) and, later, the page's lesson panel share all of it.

pub mod bundled;
pub mod check;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli_exam;
pub mod exam;
pub mod grade;
pub mod import;
pub mod load;
pub mod model;
pub mod progress;
pub mod readonly;
pub mod words;

pub use load::{load, LoadError};
pub use model::Exercise;
