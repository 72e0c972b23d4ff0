//! What `create`, `run` and `expose` share once they hold an object: `--dry-run`, `-o`,
//! `--save-config`, `--field-manager` and `--validate` (these commands describe them in their own
//! words), the request that creates it, and the `kind/name created` line (or the object) printed
//! afterwards.

use serde_json::{Map, Value};

use super::dry_run::DryRun;
use super::last_applied;
use super::print_flags::OutFormat;
use crate::error::KError;
use crate::flags::{flag, string, Args, Flag, Kind};
use crate::printers::{self, to_json};
use crate::Ctx;
use kubeplay_core::api::discovery::ResourceInfo;
use kubeplay_core::api::{ApiRequest, Method};

pub const ALLOW_MISSING_TEMPLATE_KEYS: Flag = flag("allow-missing-template-keys", None, Kind::Bool, "true", "When true, a template (golang or jsonpath output) that refers to a missing field or map key prints nothing for it instead of failing.");
pub const DRY_RUN: Flag = flag("dry-run", None, Kind::OptStr("unchanged"), "none", "One of \"none\", \"server\" or \"client\". \"client\" only prints the object that would be sent; \"server\" sends it but the server does not store it.");
pub use super::flags::OUTPUT;
pub const SAVE_CONFIG: Flag = flag("save-config", None, Kind::Bool, "false", "When true, the object's configuration is stored in an annotation so that a later kubectl apply can compute changes against it. When false, the annotation is left as it is.");
pub const SHOW_MANAGED_FIELDS: Flag = flag(
    "show-managed-fields",
    None,
    Kind::Bool,
    "false",
    "When true, managedFields stay in objects printed as JSON or YAML.",
);
pub const TEMPLATE: Flag = string("template", "", "The template (or the path of a file holding it) used with -o=go-template or -o=go-template-file, in golang template syntax [http://golang.org/pkg/text/template/#pkg-overview].");
pub const VALIDATE: Flag = string("validate", "strict", "One of: strict (or true), warn, ignore (or false). \"strict\" checks the input against the schema and rejects the request when it does not fit, on the server when it supports field validation, else in the client. \"warn\" reports unknown or duplicate fields but lets the request through (the same as \"ignore\" when the server cannot check fields). \"ignore\" (or \"false\") checks nothing and silently drops unknown or duplicate fields.");

pub const RECURSIVE: Flag = flag("recursive", Some('R'), Kind::Bool, "false", "Also read the directories inside the ones given with -f, --filename, for manifests kept in a tree of folders.");
pub const KUSTOMIZE: Flag = flag(
    "kustomize",
    Some('k'),
    Kind::Str,
    "",
    "Build the kustomization in this directory. Cannot be combined with -f or -R.",
);

/// `--field-manager` with the command's own default.
pub const fn field_manager(default: &'static str) -> Flag {
    string(
        "field-manager",
        default,
        "The name recorded as the manager of the fields this command sets.",
    )
}

/// The shared options, read once per command.
#[derive(Debug, Clone)]
pub struct Opts {
    pub dry: DryRun,
    pub format: OutFormat,
    pub save_config: bool,
    pub field_manager: String,
    pub validation: &'static str,
    pub show_managed_fields: bool,
}

/// `--validate` as the fieldValidation query value.
pub fn validation(args: &Args) -> Result<&'static str, KError> {
    let v = args.str("validate");
    Ok(match v.to_lowercase().as_str() {
        "strict" | "true" | "" => "Strict",
        "warn" => "Warn",
        "ignore" | "false" => "Ignore",
        _ => {
            return Err(KError::msg(format!(
                "invalid - validate option \"{v}\"; must be one of: strict (or true), warn, ignore (or false)"
            )))
        }
    })
}

pub fn opts(ctx: &mut Ctx, args: &Args) -> Result<Opts, KError> {
    let dry = DryRun::from_args_warning(ctx, args)?;
    let format = OutFormat::from_args(ctx.fs, args)?;
    let validation = validation(args)?;
    Ok(Opts {
        dry,
        format,
        save_config: args.bool("save-config"),
        field_manager: args.str("field-manager"),
        validation,
        show_managed_fields: args.bool("show-managed-fields"),
    })
}

/// `--save-config`: record the object, without the annotation itself, in its annotations. A typed
/// object (from a generator) drops an emptied annotations map, as Go's omitempty does; a map read
/// from a file keeps it as `{}`.
pub fn save_config(obj: &mut Value, typed: bool) {
    const KEY: &str = last_applied::ANNOTATION;
    let mut clean = obj.clone();
    if let Some(m) = clean.get_mut("metadata").and_then(|m| m.as_object_mut()) {
        let ann = m
            .entry("annotations")
            .or_insert_with(|| Value::Object(Map::new()));
        let emptied = match ann.as_object_mut() {
            Some(a) => {
                a.remove(KEY);
                a.is_empty()
            }
            None => false,
        };
        if emptied && typed {
            m.remove("annotations");
        }
    }
    let clean = if typed {
        clean
    } else {
        kubeplay_core::api::meta::sorted(&clean)
    };
    let text = last_applied::to_text(&clean);
    let Some(meta) = obj.get_mut("metadata").and_then(|m| m.as_object_mut()) else {
        return;
    };
    let ann = meta
        .entry("annotations")
        .or_insert_with(|| Value::Object(Map::new()));
    if !ann.is_object() {
        *ann = Value::Object(Map::new());
    }
    if let Some(a) = ann.as_object_mut() {
        a.insert(KEY.to_string(), Value::String(text));
    }
}

/// Send the object (or, with `--dry-run=client`, keep it as it is) and return what to print.
pub fn create(
    ctx: &mut Ctx,
    o: &Opts,
    info: &ResourceInfo,
    namespace: Option<&str>,
    mut obj: Value,
    typed: bool,
) -> Result<Value, KError> {
    if o.save_config {
        save_config(&mut obj, typed);
    }
    if o.dry == DryRun::Client {
        return Ok(obj);
    }
    let ns = if info.namespaced { namespace } else { None };
    let req = ApiRequest::new(Method::Post, info.collection_path(ns))
        .with_body(serde_json::to_string(&obj).unwrap_or_default());
    let req = o
        .dry
        .on(req)
        .with_query("fieldManager", o.field_manager.clone())
        .with_query("fieldValidation", o.validation);
    ctx.call(req)
}

/// kubectl's YAML printer starts every object after the first with a document marker.
pub fn yaml_separator(ctx: &mut Ctx, o: &Opts, printed: &mut usize) {
    if o.format == OutFormat::Yaml && *printed > 0 {
        ctx.print("---\n");
    }
    *printed += 1;
}

/// Print the outcome: `deployment.apps/web created (dry run)`, its name, or the object.
/// `typed` objects (built by a generator) keep their field order in JSON; objects read from
/// files are maps to kubectl and print with sorted keys.
pub fn report(
    ctx: &mut Ctx,
    o: &Opts,
    info: &ResourceInfo,
    obj: &Value,
    verb: &str,
    typed: bool,
) -> Result<(), KError> {
    let mut obj = obj.clone();
    if !o.show_managed_fields {
        if let Some(m) = obj.get_mut("metadata").and_then(|m| m.as_object_mut()) {
            m.remove("managedFields");
        }
    }
    let name = printers::name_of(info, kubeplay_core::api::meta::name(&obj));
    let text = match &o.format {
        OutFormat::Message => format!("{name} {verb}{}\n", o.dry.suffix()),
        OutFormat::Name => format!("{name}\n"),
        OutFormat::Json if typed => to_json(&go_meta_order(obj)),
        OutFormat::Json => to_json(&kubeplay_core::api::meta::sorted(&obj)),
        OutFormat::Yaml => kubeplay_yaml::to_yaml(&kubeplay_core::api::meta::sorted(&obj)),
        OutFormat::JsonPath(t) => printers::jsonpath_print(t, &obj)?,
        OutFormat::GoTemplate(t) => printers::go_template_print(t, &obj)?,
    };
    ctx.print(text);
    Ok(())
}

/// A typed object printed as JSON lists ObjectMeta's fields in Go's order, while the server hands
/// back the fields it added (uid, resourceVersion) after the ones it was sent.
fn go_meta_order(mut obj: Value) -> Value {
    if let Some(Value::Object(m)) = obj.get_mut("metadata") {
        let mut old = std::mem::take(m);
        for k in kubeplay_core::api::meta::OBJECT_META_FIELDS {
            if let Some(v) = old.shift_remove(*k) {
                m.insert((*k).to_string(), v);
            }
        }
        m.extend(old);
    }
    obj
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn formats() {
        assert_eq!(OutFormat::parse("").ok(), Some(OutFormat::Message));
        assert_eq!(OutFormat::parse("name").ok(), Some(OutFormat::Name));
        assert_eq!(
            OutFormat::parse("wide").err().map(|e| e.render("create")),
            Some("error: unable to match a printer suitable for the output format \"wide\", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml\n".to_string())
        );
    }

    #[test]
    fn last_applied_is_compact_go_json() {
        let mut ns = json!({"kind": "Namespace", "apiVersion": "v1", "metadata": {"name": "x", "creationTimestamp": null}, "spec": {}, "status": {}});
        save_config(&mut ns, true);
        assert_eq!(
            kubeplay_core::api::meta::str_at(&ns, &["metadata", "annotations", "kubectl.kubernetes.io/last-applied-configuration"]),
            "{\"kind\":\"Namespace\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"x\",\"creationTimestamp\":null},\"spec\":{},\"status\":{}}\n"
        );
    }
}
