//! `kubectl label`: add, change (--overwrite) or remove (`key-`) labels on objects.

use super::super::error::KError;
use super::super::flags::{boolean, flag, string, Args, Flag, Kind};
use super::super::Ctx;
use super::metadata_edit::{self, Field};

pub const FLAGS: &[Flag] = &[
    boolean("all", "Select all resources, in the namespace of the specified resource types"),
    flag("all-namespaces", Some('A'), Kind::Bool, "false", "If true, check the specified action in all namespaces."),
    super::util::flags::ALLOW_MISSING_TEMPLATE_KEYS,
    super::util::flags::DRY_RUN,
    string("field-manager", "kubectl-label", "Name of the manager used to track field ownership."),
    super::util::flags::FIELD_SELECTOR,
    super::util::flags::filename("Filename, directory, or URL to files identifying the resource to update the labels"),
    super::util::flags::KUSTOMIZE,
    boolean("list", "If true, display the labels for a given resource."),
    boolean("local", "If true, label will NOT contact api-server but run locally."),
    super::util::flags::OUTPUT,
    boolean("overwrite", "If true, allow labels to be overwritten, otherwise reject labels updates that overwrite existing labels."),
    super::util::flags::RECURSIVE,
    string("resource-version", "", "If non-empty, the labels update will only succeed if this is the current resource-version for the object. Only valid when specifying a single resource."),
    super::util::flags::SELECTOR,
    super::util::flags::SHOW_MANAGED_FIELDS,
    super::util::flags::TEMPLATE,
];

pub const USAGE: &str = "kubectl label [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version] [options]";

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    metadata_edit::run(ctx, args, Field::Labels)
}

pub const LONG: &str = "Add, change or remove the labels of resources.

 * Keys and values must be valid label keys and values: up to 63 characters of letters, digits, '-', '_' and '.', starting and ending with a letter or digit (keys may carry a DNS subdomain prefix such as example.com/).
 * Changing a label that already has a value needs --overwrite.
 * With --resource-version, the update only succeeds if the object still has that version.";

pub const EXAMPLES: &str = "  # Label the pod foo with unhealthy=true
  kubectl label pods foo unhealthy=true

  # Set status=unhealthy on pod foo, replacing any value it had
  kubectl label --overwrite pods foo status=unhealthy

  # Label every pod of the namespace
  kubectl label pods --all status=unhealthy

  # Label the pod described in pod.json
  kubectl label -f pod.json status=unhealthy

  # Label pod foo only if it is still at resource version 1
  kubectl label pods foo status=unhealthy --resource-version=1

  # Remove the label bar from pod foo (a trailing dash removes a label)
  kubectl label pods foo bar-";
