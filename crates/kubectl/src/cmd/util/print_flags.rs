//! `-o` for the commands that print the objects they changed or made, where kubectl offers
//! its printers for objects but not get's tables.

use serde_json::Value;

use crate::error::KError;
use crate::printers::Format;

/// `-o` for commands that print the object they made (no tables).
#[derive(Debug, Clone, PartialEq)]
pub enum OutFormat {
    /// No `-o`: the `kind/name created` line.
    Message,
    Yaml,
    Json,
    Name,
    JsonPath(String),
    /// `-o go-template=`, `--template`, or a template file already read.
    GoTemplate(crate::printers::GoTemplate),
}

/// The printers for objects (tables are for `get` alone).
const ALLOWED: &str = "go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml";

impl OutFormat {
    /// `-o` with `--template` and `--allow-missing-template-keys`, template files read now.
    pub fn from_args(
        fs: &dyn kubeplay_core::fs::Fs,
        args: &crate::flags::Args,
    ) -> Result<OutFormat, KError> {
        let o = args.str("output");
        let name = o.split('=').next().unwrap_or("");
        let go_template = [
            "go-template",
            "template",
            "go-template-file",
            "templatefile",
        ];
        if args.str("template").is_empty() && !go_template.contains(&name) {
            return OutFormat::parse(&o);
        }
        match object_format_args(fs, args)? {
            Some(Format::GoTemplate(t)) => Ok(OutFormat::GoTemplate(t)),
            _ => OutFormat::parse(&o),
        }
    }

    pub fn parse(o: &str) -> Result<OutFormat, KError> {
        let (name, arg) = match o.split_once('=') {
            Some((n, a)) => (n, Some(a)),
            None => (o, None),
        };
        Ok(match (name, arg) {
            ("", None) => OutFormat::Message,
            ("yaml", None) => OutFormat::Yaml,
            ("json", None) => OutFormat::Json,
            ("name", None) => OutFormat::Name,
            ("jsonpath", Some(a)) | ("jsonpath-as-json", Some(a)) => {
                OutFormat::JsonPath(a.to_string())
            }
            ("jsonpath", None) | ("jsonpath-as-json", None) => {
                return Err(KError::msg(
                    "template format specified but no template given",
                ))
            }
            _ => return Err(no_printer(o)),
        })
    }
}

/// `-o` as apply and scale read it: none (their `kind/name verb` line), or a printer for objects.
pub fn object_format(o: &str) -> Result<Option<Format>, KError> {
    if o.is_empty() {
        return Ok(None);
    }
    match Format::parse(o)? {
        f if f.is_table() => Err(no_printer(o)),
        f => Ok(Some(f)),
    }
}

/// [`object_format`] with `--template` and `--allow-missing-template-keys`; a template file
/// is left to read (see [`object_format_args`]).
pub fn object_format_flags(args: &crate::flags::Args) -> Result<Option<Format>, KError> {
    let o = args.str("output");
    if o.is_empty() && args.str("template").is_empty() {
        return Ok(None);
    }
    match Format::from_args(args)? {
        f if f.is_table() => Err(no_printer(&o)),
        f => Ok(Some(f)),
    }
}

/// [`object_format_flags`] with a template file read now.
pub fn object_format_args(
    fs: &dyn kubeplay_core::fs::Fs,
    args: &crate::flags::Args,
) -> Result<Option<Format>, KError> {
    object_format_flags(args)?
        .map(|f| f.resolve(fs))
        .transpose()
}

fn no_printer(o: &str) -> KError {
    KError::msg(format!(
        "unable to match a printer suitable for the output format \"{o}\", allowed formats are: {ALLOWED}"
    ))
}

/// Printed objects leave out `metadata.managedFields` unless --show-managed-fields.
pub fn strip_managed_fields(obj: &mut Value) {
    if let Some(m) = obj.get_mut("metadata").and_then(|m| m.as_object_mut()) {
        m.shift_remove("managedFields");
    }
}

/// One object as `-o` asks (yaml, json or a template); the JSON and YAML printers leave managed
/// fields out, as kubectl's do, and templates see them.
pub fn print_object(format: &Format, obj: &Value) -> Result<String, KError> {
    let mut o = obj.clone();
    if matches!(format, Format::Json | Format::Yaml) {
        strip_managed_fields(&mut o);
    }
    match format {
        Format::JsonPath(t) => crate::printers::jsonpath_print(t, &o),
        Format::GoTemplate(t) => crate::printers::go_template_print(t, &o),
        Format::GoTemplateFile(path, _) => Err(KError::msg(format!(
            "error reading --template {path}: this command does not read template files in kubeplay; use -o go-template=TEMPLATE"
        ))),
        f => Ok(crate::printers::print_objects(
            f,
            std::slice::from_ref(&o),
            false,
        )),
    }
}
