//! `kubectl config delete-context NAME` (the shape it shares with the other sections is in
//! `delete_entry.rs`).

use super::super::super::error::KError;
use super::super::super::flags::{Args, Flag};
use super::super::super::kubeconfig::Section;
use super::super::super::Ctx;

pub const FLAGS: &[Flag] = &[];
pub const LONG: &str = "Remove a context from the kubeconfig.";
pub const EXAMPLES: &str = "  # Remove the context of the minikube cluster
  kubectl config delete-context minikube";
pub const USAGE: &str = "kubectl config delete-context NAME [options]";

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    super::delete_entry::run(ctx, args, Section::Contexts, "context")
}
