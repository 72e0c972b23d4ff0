//! Flags several commands declare alike, in kubectl's words (its `cmdutil.Add...Flags` and print
//! flags). Help pages list each command's flags in its own table, so these are the table rows.

use crate::flags::{boolean, flag, string, Flag, Kind};

/// `-f`, with the command's own description of what the files name.
pub const fn filename(usage: &'static str) -> Flag {
    flag("filename", Some('f'), Kind::Slice, "[]", usage)
}

pub const RECURSIVE: Flag = flag("recursive", Some('R'), Kind::Bool, "false", "Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.");

pub const KUSTOMIZE: Flag = flag(
    "kustomize",
    Some('k'),
    Kind::Str,
    "",
    "Process the kustomization directory. This flag can't be used together with -f or -R.",
);

pub const SELECTOR: Flag = flag("selector", Some('l'), Kind::Str, "", "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2). Matching objects must satisfy all of the specified label constraints.");

pub const FIELD_SELECTOR: Flag = string("field-selector", "", "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type.");

/// `-A` of the commands that list (get, describe, delete).
pub const ALL_NAMESPACES: Flag = flag("all-namespaces", Some('A'), Kind::Bool, "false", "If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.");

pub const DRY_RUN: Flag = flag("dry-run", None, Kind::OptStr("unchanged"), "none", "Must be \"none\", \"server\", or \"client\". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.");

/// `-o` of the commands that print the objects they changed.
pub const OUTPUT: Flag = flag("output", Some('o'), Kind::Str, "", "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).");

pub const ALLOW_MISSING_TEMPLATE_KEYS: Flag = flag("allow-missing-template-keys", None, Kind::Bool, "true", "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.");

pub const SHOW_MANAGED_FIELDS: Flag = boolean(
    "show-managed-fields",
    "If true, keep the managedFields when printing objects in JSON or YAML format.",
);

pub const TEMPLATE: Flag = string("template", "", "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].");

/// `--validate` as apply, replace and edit describe it.
pub const VALIDATE: Flag = string("validate", "strict", "Must be one of: strict (or true), warn, ignore (or false). \"true\" or \"strict\" will use a schema to validate the input and fail the request if invalid. It will perform server side validation if ServerSideFieldValidation is enabled on the api-server, but will fall back to less reliable client-side validation if not. \"warn\" will warn about unknown or duplicate fields without blocking the request if server-side field validation is enabled on the API server, and behave as \"ignore\" otherwise. \"false\" or \"ignore\" will not perform any schema validation, silently dropping any unknown or duplicate fields.");
