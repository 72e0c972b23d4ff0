//! `kubectl config set PROPERTY VALUE`: one field, addressed by a dotted path
//! (`contexts.minikube.namespace`), entries created on the way as needed.

use serde_json::{json, Value};

use super::super::super::error::KError;
use super::super::super::flags::{boolean, Args, Flag};
use super::super::super::kubeconfig::{Kubeconfig, Section, SECTIONS};
use super::super::super::Ctx;
use super::set_context::put;

pub const FLAGS: &[Flag] = &[boolean(
    "set-raw-bytes",
    "When writing a []byte PROPERTY_VALUE, write the given string directly without base64 decoding.",
)];
pub const LONG: &str = "Set one value in a kubeconfig file.

 PROPERTY_NAME is a dot separated path in which each part names either a field or a map key.  Map keys cannot contain dots.

 PROPERTY_VALUE is the value to set. Binary fields such as 'certificate-authority-data' take base64 encoded text unless --set-raw-bytes is given.

 Setting a field that already exists merges the new value over the old one.";
pub const EXAMPLES: &str = "  # Point the my-cluster cluster at https://1.2.3.4
  kubectl config set clusters.my-cluster.server https://1.2.3.4
  
  # Set the certificate-authority-data of the my-cluster cluster
  kubectl config set clusters.my-cluster.certificate-authority-data $(echo \"cert_data_here\" | base64 -i -)
  
  # Make the my-context context use the my-cluster cluster
  kubectl config set contexts.my-context.cluster my-cluster
  
  # Set the client-key-data of the cluster-admin user from raw bytes
  kubectl config set users.cluster-admin.client-key-data cert_data_here --set-raw-bytes=true";
pub const USAGE: &str = "kubectl config set PROPERTY_NAME PROPERTY_VALUE [options]";

fn section(token: &str) -> Option<Section> {
    SECTIONS.into_iter().find(|s| s.key() == token)
}

fn is_bool_field(f: &str) -> bool {
    matches!(f, "insecure-skip-tls-verify" | "disable-compression")
}

fn is_bytes_field(f: &str) -> bool {
    f.ends_with("-data")
}

/// The string fields `config set` can reach in each entry.
fn known_field(s: Section, f: &str) -> bool {
    let fields: &[&str] = match s {
        Section::Clusters => &[
            "server",
            "tls-server-name",
            "insecure-skip-tls-verify",
            "certificate-authority",
            "certificate-authority-data",
            "proxy-url",
            "disable-compression",
        ],
        Section::Contexts => &["cluster", "user", "namespace"],
        Section::Users => &[
            "client-certificate",
            "client-certificate-data",
            "client-key",
            "client-key-data",
            "token",
            "tokenFile",
            "as",
            "as-uid",
            "username",
            "password",
        ],
    };
    fields.contains(&f)
}

fn set_property(kc: &mut Kubeconfig, prop: &str, value: &str, raw: bool) -> Result<(), KError> {
    let tokens: Vec<&str> = prop.split('.').collect();
    let bad = || KError::msg(format!("unable to parse {prop} after [] at api.Config"));
    match tokens.as_slice() {
        ["current-context"] => kc.set_current_context(value),
        ["preferences", "colors"] => {
            let b = parse_bool(value)?;
            let mut prefs = kc
                .doc
                .get("preferences")
                .cloned()
                .unwrap_or_else(|| json!({}));
            put(&mut prefs, "colors", Value::Bool(b));
            put(&mut kc.doc, "preferences", prefs);
        }
        [sec, name, field] => {
            let s = section(sec).ok_or_else(bad)?;
            if !known_field(s, field) {
                return Err(KError::msg(format!(
                    "unable to parse one or more field values of {prop}"
                )));
            }
            let v = if is_bool_field(field) {
                Value::Bool(parse_bool(value)?)
            } else if is_bytes_field(field) {
                if raw {
                    Value::String(super::base64_encode(value.as_bytes()))
                } else {
                    if let Some(at) = super::base64_error(value) {
                        return Err(KError::msg(format!(
                            "error decoding input value: illegal base64 data at input byte {at}"
                        )));
                    }
                    Value::String(value.to_string())
                }
            } else {
                Value::String(value.to_string())
            };
            let mut body = kc.entry(s, name).unwrap_or_else(|| json!({}));
            put(&mut body, field, v);
            kc.set_entry(s, name, body);
        }
        _ => return Err(bad()),
    }
    Ok(())
}

fn parse_bool(v: &str) -> Result<bool, KError> {
    match v {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Ok(true),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Ok(false),
        _ => Err(KError::msg(format!(
            "strconv.ParseBool: parsing \"{v}\": invalid syntax"
        ))),
    }
}

/// `config set`'s PROPERTY_NAME and PROPERTY_VALUE, and the kubeconfig it changes.
pub struct SetOptions {
    prop: String,
    value: String,
    /// `--set-raw-bytes`: a `*-data` value is raw bytes, not base64.
    raw_bytes: bool,
    kc: Kubeconfig,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = SetOptions::complete(ctx, args)?;
    o.validate()?;
    o.run(ctx)
}

impl SetOptions {
    pub fn complete(ctx: &mut Ctx, args: &Args) -> Result<SetOptions, KError> {
        let [prop, value] = args.positionals.as_slice() else {
            return Err(super::unexpected_args(ctx, "set", &args.positionals));
        };
        let (kc, _) = super::load(ctx)?;
        Ok(SetOptions {
            prop: prop.clone(),
            value: value.clone(),
            raw_bytes: args.bool("set-raw-bytes"),
            kc,
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let prop = &self.prop;
        let mut kc = self.kc.clone();
        set_property(&mut kc, prop, &self.value, self.raw_bytes)?;
        super::save(ctx, kc)?;
        ctx.print(format!("Property \"{prop}\" set.\n"));
        Ok(())
    }
}
