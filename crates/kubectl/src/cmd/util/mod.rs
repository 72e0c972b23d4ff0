//! What commands share, as kubectl's `pkg/cmd/util` holds it, so that no command reaches into
//! another command's folder: flag definitions, `--dry-run`, the last-applied annotation, how
//! errors across several objects are reported, and what the commands that create objects from
//! flags (create's generators, run, expose) do once they hold the object.

pub mod attach;
pub mod cascade;
pub mod container;
pub mod cordon;
pub mod create_flags;
pub mod dry_run;
pub mod duration;
pub mod errors;
pub mod flags;
pub mod generate;
pub mod image;
pub mod last_applied;
pub mod pod_rank;
pub mod print_flags;
pub mod prune;
pub mod record;
pub mod three_way;
pub mod wait_deleted;
