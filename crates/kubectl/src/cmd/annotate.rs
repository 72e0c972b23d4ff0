//! `kubectl annotate`: add, change (--overwrite) or remove (`key-`) annotations on objects.

use super::super::error::KError;
use super::super::flags::{boolean, flag, string, Args, Flag, Kind};
use super::super::Ctx;
use super::apply::dry_run;
use super::metadata_edit::{self, Field};

pub const FLAGS: &[Flag] = &[
    boolean("all", "Select all resources, in the namespace of the specified resource types"),
    flag("all-namespaces", Some('A'), Kind::Bool, "false", "If true, check the specified action in all namespaces."),
    flag("allow-missing-template-keys", None, Kind::Bool, "true", "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats."),
    flag("dry-run", None, Kind::OptStr("unchanged"), "none", dry_run::FLAG_USAGE),
    string("field-manager", "kubectl-annotate", "Name of the manager used to track field ownership."),
    string("field-selector", "", "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type."),
    flag("filename", Some('f'), Kind::Slice, "[]", "Filename, directory, or URL to files identifying the resource to update the annotations"),
    flag("kustomize", Some('k'), Kind::Str, "", "Process the kustomization directory. This flag can't be used together with -f or -R."),
    boolean("list", "If true, display the annotations for a given resource."),
    boolean("local", "If true, annotate will NOT contact api-server but run locally."),
    flag("output", Some('o'), Kind::Str, "", "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."),
    boolean("overwrite", "If true, allow annotations to be overwritten, otherwise reject annotations updates that overwrite existing annotations."),
    flag("recursive", Some('R'), Kind::Bool, "false", "Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory."),
    string("resource-version", "", "If non-empty, the annotations update will only succeed if this is the current resource-version for the object. Only valid when specifying a single resource."),
    flag("selector", Some('l'), Kind::Str, "", "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2). Matching objects must satisfy all of the specified label constraints."),
    boolean("show-managed-fields", "If true, keep the managedFields when printing objects in JSON or YAML format."),
    string("template", "", "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview]."),
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
