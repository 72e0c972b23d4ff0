//! `kubectl config view`: the kubeconfig as YAML/JSON/JSONPath, secrets shortened unless `--raw`,
//! `--minify` keeping only what the current context uses, `--flatten` embedding referenced files.

use serde_json::{json, Value};

use super::super::super::error::KError;
use super::super::super::flags::{boolean, flag, Args, Flag, Kind};
use super::super::super::kubeconfig::{redact, Kubeconfig, Section};
use super::super::super::printers::{self, to_json};
use super::super::super::Ctx;

pub const FLAGS: &[Flag] = &[
    crate::cmd::util::flags::ALLOW_MISSING_TEMPLATE_KEYS,
    boolean("flatten", "Flatten the resulting kubeconfig file into self-contained output (useful for creating portable kubeconfig files)"),
    flag("merge", None, Kind::Bool, "true", "Merge the full hierarchy of kubeconfig files"),
    boolean("minify", "Remove all information not used by current-context from the output"),
    flag("output", Some('o'), Kind::Str, "yaml", "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."),
    boolean("raw", "Display raw byte data and sensitive data"),
    crate::cmd::util::flags::SHOW_MANAGED_FIELDS,
    crate::cmd::util::flags::TEMPLATE,
];
pub const LONG: &str = "Show the merged kubeconfig settings, or the file given with --kubeconfig.

 --output jsonpath={...} picks out single values.";
pub const EXAMPLES: &str = "  # The merged kubeconfig settings
  kubectl config view
  
  # Only what the current context needs
  kubectl config view --minify
  
  # The password of the e2e user
  kubectl config view -o jsonpath='{.users[?(@.name == \"e2e\")].user.password}'";
pub const USAGE: &str = "kubectl config view [flags] [options]";

const ALLOWED: &str = "go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml";

fn minify(kc: &Kubeconfig, context: &str) -> Result<Kubeconfig, KError> {
    if context.is_empty() {
        return Err(KError::msg("current-context must exist in order to minify"));
    }
    let Some(ctx_body) = kc.entry(Section::Contexts, context) else {
        return Err(KError::msg(format!("cannot locate context {context}")));
    };
    let field = |k: &str| {
        ctx_body
            .get(k)
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string()
    };
    let (cluster, user) = (field("cluster"), field("user"));
    let Some(cluster_body) = kc.entry(Section::Clusters, &cluster) else {
        return Err(KError::msg(format!("cannot locate cluster {cluster}")));
    };
    let mut out = Kubeconfig {
        doc: json!({"preferences": kc.doc.get("preferences").cloned().unwrap_or(json!({}))}),
    };
    out.set_entry(Section::Contexts, context, ctx_body.clone());
    out.set_entry(Section::Clusters, &cluster, cluster_body);
    match kc.entry(Section::Users, &user) {
        Some(u) => out.set_entry(Section::Users, &user, u),
        None if !user.is_empty() => {
            return Err(KError::msg(format!("cannot locate user {user}")));
        }
        None => {}
    }
    out.set_current_context(context);
    Ok(out)
}

/// Replace file references by their contents, base64-encoded as `*-data`.
fn flatten(ctx: &Ctx, kc: &mut Kubeconfig) -> Result<(), KError> {
    let files: [(Section, &[(&str, &str)]); 2] = [
        (
            Section::Users,
            &[
                ("client-certificate", "client-certificate-data"),
                ("client-key", "client-key-data"),
            ],
        ),
        (
            Section::Clusters,
            &[("certificate-authority", "certificate-authority-data")],
        ),
    ];
    for (s, pairs) in files {
        for (name, mut body) in kc.entries(s) {
            for (path_key, data_key) in pairs {
                let Some(path) = body
                    .get(*path_key)
                    .and_then(|p| p.as_str())
                    .filter(|p| !p.is_empty())
                    .map(String::from)
                else {
                    continue;
                };
                let data = ctx
                    .fs
                    .read(&path)
                    .map_err(|_| KError::msg(format!("open {path}: no such file or directory")))?;
                if let Some(m) = body.as_object_mut() {
                    m.shift_remove(*path_key);
                    m.insert(
                        (*data_key).to_string(),
                        Value::String(super::base64_encode(data.as_bytes())),
                    );
                }
            }
            kc.set_entry(s, &name, body);
        }
    }
    Ok(())
}

/// `config view`'s flags, read once.
pub struct ViewOptions {
    args: Vec<String>,
    /// `-o` as given.
    output: String,
    /// `-o`'s printer name, and what follows its `=`.
    printer: String,
    template: Option<String>,
    minify: bool,
    flatten: bool,
    raw: bool,
    allow_missing_template_keys: bool,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = ViewOptions::complete(args)?;
    o.validate()?;
    o.run(ctx)
}

impl ViewOptions {
    pub fn complete(args: &Args) -> Result<ViewOptions, KError> {
        let output = args.str("output");
        let (printer, template) = match output.split_once('=') {
            Some((n, a)) => (n.to_string(), Some(a.to_string())),
            None => (output.clone(), None),
        };
        Ok(ViewOptions {
            args: args.positionals.clone(),
            output,
            printer,
            template,
            minify: args.bool("minify"),
            flatten: args.bool("flatten"),
            raw: args.bool("raw"),
            allow_missing_template_keys: args.bool("allow-missing-template-keys"),
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        if !self.args.is_empty() {
            return Err(KError::Usage(format!(
                "unexpected arguments: [{}]",
                self.args.join(" ")
            )));
        }
        if !ALLOWED.split(',').any(|a| a == self.printer) {
            return Err(KError::msg(format!(
                "unable to match a printer suitable for the output format \"{}\", allowed formats are: {ALLOWED}",
                self.output
            )));
        }
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let (mut kc, _) = super::load(ctx)?;
        if self.minify {
            let context = ctx
                .globals
                .opt("context")
                .filter(|c| !c.is_empty())
                .unwrap_or_else(|| kc.current_context().to_string());
            kc = minify(&kc, &context)?;
        }
        if self.flatten {
            flatten(ctx, &mut kc)?;
        }
        let mut doc = kc.canonical();
        if !self.raw {
            redact(&mut doc);
        }
        let text = self.print(ctx, &doc)?;
        ctx.print(text);
        Ok(())
    }

    /// The kubeconfig through the printer -o names.
    fn print(&self, ctx: &Ctx, doc: &Value) -> Result<String, KError> {
        let name = self.printer.as_str();
        Ok(match (name, &self.template) {
            ("yaml", _) => kubeplay_yaml::to_yaml(&kubeplay_core::api::meta::sorted(doc)),
            ("json", _) => to_json(doc),
            ("name", _) => "config/<unknown>\n".to_string(),
            ("jsonpath" | "jsonpath-as-json", Some(t)) => {
                self.jsonpath(t, name == "jsonpath-as-json", doc)?
            }
            ("jsonpath-file", Some(path)) => {
                let t = ctx.fs.read(path).map_err(|_| {
                    KError::msg(format!(
                        "error reading --template {path}, open {path}: no such file or directory"
                    ))
                })?;
                self.jsonpath(&t, false, doc)?
            }
            ("go-template" | "template", Some(t)) if !t.is_empty() => {
                let t = printers::GoTemplate::parse(t, self.allow_missing_template_keys)?;
                printers::go_template_print(&t, doc)?
            }
            ("go-template-file" | "templatefile", Some(path)) if !path.is_empty() => {
                let f = printers::Format::GoTemplateFile(
                    path.clone(),
                    self.allow_missing_template_keys,
                );
                printers::template_print(ctx.fs, &f, std::slice::from_ref(doc), false, false)?
            }
            ("jsonpath" | "jsonpath-as-json" | "jsonpath-file", None)
            | ("go-template" | "template" | "go-template-file" | "templatefile", _) => {
                return Err(KError::msg(
                    "template format specified but no template given",
                ))
            }
            _ => {
                return Err(KError::msg(format!(
                    "output format \"{name}\" is not supported here"
                )))
            }
        })
    }

    fn jsonpath(&self, template: &str, as_json: bool, doc: &Value) -> Result<String, KError> {
        let mut tpl = printers::jsonpath_template(template, as_json)?;
        tpl.allow_missing = self.allow_missing_template_keys;
        printers::jsonpath_run(&tpl, doc)
    }
}
