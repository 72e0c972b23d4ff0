//! `kubectl annotate`: add, change (--overwrite) or remove (`key-`) annotations on objects.

use super::super::error::KError;
use super::super::flags::{boolean, flag, string, Args, Flag, Kind};
use super::super::Ctx;
use super::metadata_edit::{self, Field};

pub const FLAGS: &[Flag] = &[
    boolean("all", "Select all resources, in the namespace of the specified resource types"),
    flag("all-namespaces", Some('A'), Kind::Bool, "false", "If true, check the specified action in all namespaces."),
    super::util::flags::ALLOW_MISSING_TEMPLATE_KEYS,
    super::util::flags::DRY_RUN,
    string("field-manager", "kubectl-annotate", "Name of the manager used to track field ownership."),
    super::util::flags::FIELD_SELECTOR,
    super::util::flags::filename("Filename, directory, or URL to files identifying the resource to update the annotations"),
    super::util::flags::KUSTOMIZE,
    boolean("list", "If true, display the annotations for a given resource."),
    boolean("local", "If true, annotate will NOT contact api-server but run locally."),
    super::util::flags::OUTPUT,
    boolean("overwrite", "If true, allow annotations to be overwritten, otherwise reject annotations updates that overwrite existing annotations."),
    super::util::flags::RECURSIVE,
    string("resource-version", "", "If non-empty, the annotations update will only succeed if this is the current resource-version for the object. Only valid when specifying a single resource."),
    super::util::flags::SELECTOR,
    super::util::flags::SHOW_MANAGED_FIELDS,
    super::util::flags::TEMPLATE,
];

pub const USAGE: &str = "kubectl annotate [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version] [options]";

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    metadata_edit::run(ctx, args, Field::Annotations)
}

pub const LONG: &str = "Add, change or remove the annotations of resources.

 Annotations are key/value pairs holding arbitrary, possibly large, non-identifying data for
 tools and libraries (unlike labels, they cannot be selected on). Keys follow the label key rules;
 values may be any text.

 Changing an annotation that already has a value needs --overwrite. With --resource-version, the
 update only succeeds if the object still has that version.

Use \"kubectl api-resources\" for a complete list of supported resources.";

pub const EXAMPLES: &str =
    "  # Set description='my frontend' on pod foo (replacing an existing value needs --overwrite)
  kubectl annotate pods foo description='my frontend'

  # Annotate the pod described in pod.json
  kubectl annotate -f pod.json description='my frontend'

  # Set description='my frontend running nginx' on pod foo, replacing any value it had
  kubectl annotate --overwrite pods foo description='my frontend running nginx'

  # Annotate every pod of the namespace
  kubectl annotate pods --all description='my frontend running nginx'

  # Annotate pod foo only if it is still at resource version 1
  kubectl annotate pods foo description='my frontend running nginx' --resource-version=1

  # Remove the annotation description from pod foo (a trailing dash removes it)
  kubectl annotate pods foo description-";
