//! Output formats: `-o wide|yaml|json|name|jsonpath=...|custom-columns=...` and the default table.

pub mod custom_columns;
pub mod gotemplate;
pub mod json;
pub mod jsonpath;
pub mod table;

pub use json::{go_json_escape, to_json};

use serde_json::{json, Value};

use super::error::KError;
use kubeplay_core::api::discovery::ResourceInfo;

#[derive(Debug, Clone, PartialEq)]
pub enum Format {
    Table,
    Wide,
    Yaml,
    Json,
    Name,
    JsonPath(String),
    CustomColumns(String),
    JsonPathAsJson(String),
    /// A file holding the JSONPath template.
    JsonPathFile(String),
    /// A file with a header line and a line of JSONPath column specs.
    CustomColumnsFile(String),
    /// `-o go-template=`/`template=`/`--template` (a file's text once read).
    GoTemplate(GoTemplate),
    /// `-o go-template-file=`/`templatefile=` before the file is read.
    GoTemplateFile(String, bool),
}

/// A Go template checked at flag time, as kubectl parses it before any request.
#[derive(Debug, Clone)]
pub struct GoTemplate {
    pub template: gotemplate::Template,
    /// --allow-missing-template-keys: `<no value>` rather than an error.
    pub allow_missing: bool,
}

impl PartialEq for GoTemplate {
    fn eq(&self, other: &Self) -> bool {
        self.template.text == other.template.text && self.allow_missing == other.allow_missing
    }
}

impl GoTemplate {
    pub fn parse(text: &str, allow_missing: bool) -> Result<GoTemplate, KError> {
        let template = gotemplate::parse(text)
            .map_err(|e| KError::msg(format!("error parsing template {text}, {e}")))?;
        Ok(GoTemplate {
            template,
            allow_missing,
        })
    }
}

const ALLOWED: &str = "custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml";

/// The formats that take their template from `--template` when `-o` gives none.
const TEMPLATE_FORMATS: [&str; 9] = [
    "custom-columns",
    "custom-columns-file",
    "go-template",
    "go-template-file",
    "template",
    "templatefile",
    "jsonpath",
    "jsonpath-file",
    "jsonpath-as-json",
];

impl Format {
    /// `-o` as given; `allowed` trims the list for commands that only print objects.
    pub fn parse(o: &str) -> Result<Format, KError> {
        let (name, arg) = match o.split_once('=') {
            Some((n, a)) => (n, Some(a)),
            None => (o, None),
        };
        Ok(match (name, arg) {
            ("", None) => Format::Table,
            ("wide", None) => Format::Wide,
            ("yaml", None) => Format::Yaml,
            ("json", None) => Format::Json,
            ("name", None) => Format::Name,
            ("jsonpath", Some(a)) => Format::JsonPath(a.to_string()),
            ("jsonpath-as-json", Some(a)) => Format::JsonPathAsJson(a.to_string()),
            ("jsonpath-file", Some(a)) => Format::JsonPathFile(a.to_string()),
            ("custom-columns", Some(a)) => Format::CustomColumns(a.to_string()),
            ("custom-columns-file", Some(a)) => Format::CustomColumnsFile(a.to_string()),
            ("go-template" | "template", Some(a)) if !a.is_empty() => {
                Format::GoTemplate(GoTemplate::parse(a, true)?)
            }
            ("go-template-file" | "templatefile", Some(a)) if !a.is_empty() => {
                Format::GoTemplateFile(a.to_string(), true)
            }
            ("jsonpath" | "jsonpath-as-json" | "jsonpath-file", None)
            | ("go-template" | "template" | "go-template-file" | "templatefile", _) => {
                return Err(KError::msg(
                    "template format specified but no template given",
                ))
            }
            ("custom-columns", None) => {
                return Err(KError::msg(
                    "custom-columns format specified but no custom columns given",
                ))
            }
            _ => return Err(no_printer(o)),
        })
    }

    /// `-o` with `--template` and `--allow-missing-template-keys`, as kubectl's print flags
    /// read them: `--template` alone means go-template. Template files are read by
    /// [`Format::resolve`] or when printing.
    pub fn from_flags(o: &str, template: &str, allow_missing: bool) -> Result<Format, KError> {
        let o = match (o, template) {
            ("", "") => String::new(),
            ("", t) => format!("go-template={t}"),
            (o, t) if !t.is_empty() && TEMPLATE_FORMATS.contains(&o) => format!("{o}={t}"),
            // Given twice, the template makes kubectl read `-o` as a format name, which it is not.
            (o, t)
                if !t.is_empty()
                    && TEMPLATE_FORMATS
                        .iter()
                        .any(|f| o.starts_with(&format!("{f}="))) =>
            {
                return Err(no_printer(o))
            }
            (o, _) => o.to_string(),
        };
        Ok(match Format::parse(&o)? {
            Format::GoTemplate(t) => {
                Format::GoTemplate(GoTemplate::parse(&t.template.text, allow_missing)?)
            }
            Format::GoTemplateFile(path, _) => Format::GoTemplateFile(path, allow_missing),
            f => f,
        })
    }

    /// [`Format::from_flags`] with a command's parsed flags.
    pub fn from_args(args: &crate::flags::Args) -> Result<Format, KError> {
        Format::from_flags(
            &args.str("output"),
            &args.str("template"),
            args.str("allow-missing-template-keys") != "false",
        )
    }

    /// Read a go-template file now, as kubectl does before making any request.
    pub fn resolve(self, fs: &dyn kubeplay_core::fs::Fs) -> Result<Format, KError> {
        match self {
            Format::GoTemplateFile(path, allow_missing) => Ok(Format::GoTemplate(
                GoTemplate::parse(&read_template_file(fs, &path)?, allow_missing)?,
            )),
            f => Ok(f),
        }
    }

    pub fn is_table(&self) -> bool {
        matches!(self, Format::Table | Format::Wide)
    }
}

fn no_printer(o: &str) -> KError {
    KError::msg(format!(
        "unable to match a printer suitable for the output format \"{o}\", allowed formats are: {ALLOWED}"
    ))
}

/// kubectl's message when a template file cannot be read.
fn read_template_file(fs: &dyn kubeplay_core::fs::Fs, path: &str) -> Result<String, KError> {
    fs.read(path).map_err(|_| {
        KError::msg(format!(
            "error reading --template {path}, open {path}: no such file or directory"
        ))
    })
}

/// Run a Go template over one document (an object or a `List`). When it fails, kubectl prints
/// what it had written, then the template, the data and the object it ran on, then the error.
pub fn go_template_print(t: &GoTemplate, doc: &Value) -> Result<String, KError> {
    gotemplate::execute(&t.template, doc, !t.allow_missing).map_err(|(out, e)| {
        let raw = go_json_escape(&serde_json::to_string(&kubeplay_core::api::meta::sorted(doc)).unwrap_or_default());
        let given = gotemplate::go_sprint(&gotemplate::V::from_json(doc));
        let text = &t.template.text;
        KError::Raw(format!(
            "{out}Error executing template: {e}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t{text}\n\traw data was:\n\t\t{raw}\n\tobject given to template engine was:\n\t\t{given}\n\nerror: error executing template {}: {e}\n",
            jsonpath::gofmt::go_quote(text)
        ))
    })
}

/// `-o yaml`/`-o json` of objects fetched from the server: one object, or a `List`.
pub fn print_objects(format: &Format, objs: &[Value], as_list: bool) -> String {
    let list = as_list || objs.len() != 1;
    match (format, objs) {
        (Format::Json, _) if list => json::list_to_json_sorted(objs),
        (Format::Json, [obj]) => json::to_json_sorted(obj),
        (_, [obj]) if !list => kubeplay_yaml::to_yaml(&kubeplay_core::api::meta::sorted(obj)),
        _ => {
            let items = objs.iter().map(kubeplay_core::api::meta::sorted).collect();
            let mut list = serde_json::Map::new();
            list.insert("apiVersion".into(), "v1".into());
            list.insert("items".into(), Value::Array(items));
            list.insert("kind".into(), "List".into());
            list.insert("metadata".into(), json!({"resourceVersion": ""}));
            kubeplay_yaml::to_yaml(&Value::Object(list))
        }
    }
}

/// `pod/web`, `deployment.apps/web`.
pub fn name_of(info: &ResourceInfo, name: &str) -> String {
    format!("{}/{name}", info.qualified_singular())
}

/// The document JSONPath sees: one object, or a `List` of items.
pub fn list_or_single(objs: &[Value], as_list: bool) -> Value {
    if as_list || objs.len() != 1 {
        json!({"apiVersion": "v1", "items": objs, "kind": "List", "metadata": {"resourceVersion": ""}})
    } else {
        objs[0].clone()
    }
}

/// kubectl's report of a template that failed while running: the error, the template and
/// the object it ran on (Go's `%#v`).
fn jsonpath_exec_error(template: &str, doc: &Value, e: &str) -> KError {
    KError::Raw(format!(
        "error: error executing jsonpath {}: Error executing template: {e}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t{template}\n\tobject given to jsonpath engine was:\n\t\t{}\n\n\n",
        jsonpath::gofmt::go_quote(template),
        jsonpath::gofmt::go_syntax(doc)
    ))
}

/// A template for `-o jsonpath=`/`jsonpath-as-json=`, or kubectl's parse error.
pub fn jsonpath_template(template: &str, as_json: bool) -> Result<jsonpath::Template, KError> {
    let mut t = jsonpath::parse(template)
        .map_err(|e| KError::msg(format!("error parsing jsonpath {template}, {e}")))?;
    t.as_json = as_json;
    Ok(t)
}

/// Run a parsed template over one document (an object or a `List`).
pub fn jsonpath_run(t: &jsonpath::Template, doc: &Value) -> Result<String, KError> {
    jsonpath::execute(t, doc).map_err(|e| jsonpath_exec_error(&t.text, doc, &e))
}

/// `-o jsonpath=TEMPLATE`.
pub fn jsonpath_print(template: &str, doc: &Value) -> Result<String, KError> {
    jsonpath_run(&jsonpath_template(template, false)?, doc)
}

/// `-o custom-columns=NAME:.metadata.name,...`.
pub fn custom_columns_print(
    spec: &str,
    objs: &[Value],
    no_headers: bool,
) -> Result<String, KError> {
    custom_columns::print(spec, objs, no_headers)
}

/// `-o jsonpath-as-json=`, `-o jsonpath-file=` and `-o custom-columns-file=`: templates that
/// need more than the template text (JSON results, a file to read).
pub fn template_print(
    fs: &dyn kubeplay_core::fs::Fs,
    format: &Format,
    objs: &[Value],
    as_list: bool,
    no_headers: bool,
) -> Result<String, KError> {
    let read = |path: &str| {
        fs.read(path).map_err(|_| {
            KError::msg(format!(
                "error reading --template {path}, open {path}: no such file or directory"
            ))
        })
    };
    match format {
        Format::JsonPathAsJson(t) => {
            jsonpath_run(&jsonpath_template(t, true)?, &list_or_single(objs, as_list))
        }
        Format::JsonPathFile(path) => {
            let t = read(path)?;
            jsonpath_run(
                &jsonpath_template(&t, false)?,
                &list_or_single(objs, as_list),
            )
        }
        Format::CustomColumnsFile(path) => {
            let text = fs
                .read(path)
                .map_err(|_| KError::msg(format!("open {path}: no such file or directory")))?;
            // kubectl's file-based printer always prints its headers.
            custom_columns::print_columns(&custom_columns::parse_file(&text)?, objs, false)
        }
        Format::JsonPath(t) => jsonpath_print(t, &list_or_single(objs, as_list)),
        Format::GoTemplate(t) => go_template_print(t, &list_or_single(objs, as_list)),
        Format::GoTemplateFile(path, allow_missing) => {
            let t = GoTemplate::parse(&read(path)?, *allow_missing)?;
            go_template_print(&t, &list_or_single(objs, as_list))
        }
        Format::CustomColumns(spec) => custom_columns_print(spec, objs, no_headers),
        _ => Ok(String::new()),
    }
}

/// `--sort-by` on full objects.
pub fn sort_objects(objs: &mut [Value], field: &str) -> Result<(), KError> {
    jsonpath::sort_by(objs, field).map_err(KError::msg)
}

/// `--sort-by` on a Table whose rows carry full objects.
pub fn sort_table_rows(table: &mut Value, field: &str) -> Result<(), KError> {
    let Some(rows) = table.get_mut("rows").and_then(|r| r.as_array_mut()) else {
        return Ok(());
    };
    let mut objs: Vec<Value> = rows
        .iter()
        .map(|r| r.get("object").cloned().unwrap_or(Value::Null))
        .collect();
    let order = jsonpath::sort_order(&objs, field).map_err(KError::msg)?;
    let old = std::mem::take(rows);
    let mut old: Vec<Option<Value>> = old.into_iter().map(Some).collect();
    for i in order {
        if let Some(r) = old.get_mut(i).and_then(|r| r.take()) {
            rows.push(r);
        }
    }
    objs.clear();
    Ok(())
}
