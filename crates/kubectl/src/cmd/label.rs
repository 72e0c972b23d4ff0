//! `kubectl label`: add, change (--overwrite) or remove (`key-`) labels on objects.

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
    string("field-manager", "kubectl-label", "Name of the manager used to track field ownership."),
    string("field-selector", "", "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type."),
    flag("filename", Some('f'), Kind::Slice, "[]", "Filename, directory, or URL to files identifying the resource to update the labels"),
    flag("kustomize", Some('k'), Kind::Str, "", "Process the kustomization directory. This flag can't be used together with -f or -R."),
    boolean("list", "If true, display the labels for a given resource."),
    boolean("local", "If true, label will NOT contact api-server but run locally."),
    flag("output", Some('o'), Kind::Str, "", "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."),
    boolean("overwrite", "If true, allow labels to be overwritten, otherwise reject labels updates that overwrite existing labels."),
    flag("recursive", Some('R'), Kind::Bool, "false", "Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory."),
    string("resource-version", "", "If non-empty, the labels update will only succeed if this is the current resource-version for the object. Only valid when specifying a single resource."),
    flag("selector", Some('l'), Kind::Str, "", "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2). Matching objects must satisfy all of the specified label constraints."),
    boolean("show-managed-fields", "If true, keep the managedFields when printing objects in JSON or YAML format."),
    string("template", "", "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview]."),
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
