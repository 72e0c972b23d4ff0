//! Bounds on what one input line may make the shell do: no input can hang or exhaust the page.

/// Nested `$(...)` deeper than this is refused.
pub const MAX_DEPTH: usize = 8;
/// Simple commands one input line may run, counting those inside `$(...)`.
pub const MAX_RUNS: usize = 5000;
/// The largest text one expansion, one file or one builtin's output may grow to. Variables
/// can double at every command (`X=$X$X`), so every growth path checks this.
pub const MAX_TEXT: usize = 16 << 20;
