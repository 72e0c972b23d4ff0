//! The page's model: everything the browser page does besides drawing — the command log and its
//! replay, persistence, the terminal's line editing and completion, the editor's markers, the
//! cluster view's tables — compiled natively too, so `cargo test` covers it. The browser gives it
//! a `Storage` (localStorage) and a wall `Clock` (the browser's); `web` only draws `View`s and
//! turns events into `Action`s.

mod action;
pub mod clock;
pub mod complete;
pub mod detail;
pub mod embed;
mod engine;
mod exam;
pub mod files;
pub mod highlight;
pub mod history;
mod host;
pub mod keys;
mod lesson;
pub mod log;
pub mod map;
pub mod markdown;
pub mod markers;
mod model;
mod proctor;
pub mod prompt;
pub mod screen;
pub mod share;
mod sharing;
pub mod snapshot;
pub mod storage;
pub mod tables;
mod teach;
pub mod timeline;
mod view;
pub mod words;

/// The exam's score as graded, for the exam panel to show.
pub use crate::exercise::exam::{CheckScore, ExerciseScore, Score};
pub use action::{Action, Refresh};
pub use engine::{Engine, Setup, PROMPT};
pub use exam::{countdown, is_troubleshooting, TROUBLESHOOTING};
pub use host::FrameView;
pub use model::Page;
pub use view::{
    CatalogEntry, EditorView, ExamTaskView, ExamView, LessonView, PromptView, ShareView, StepState,
    StepView, View,
};

#[cfg(test)]
mod tests;
