//! `kubectl config set-credentials NAME`: create a user entry or change its fields.

use serde_json::{json, Value};

use super::super::super::error::KError;
use super::super::super::flags::{boolean, flag, string, Args, Flag, Kind};
use super::super::super::kubeconfig::Section;
use super::super::super::Ctx;
use super::set_context::put;

pub const FLAGS: &[Flag] = &[
    string(
        "auth-provider",
        "",
        "Auth provider for the user entry in kubeconfig",
    ),
    flag(
        "auth-provider-arg",
        None,
        Kind::Slice,
        "[]",
        "'key=value' arguments for the auth provider",
    ),
    string(
        "client-certificate",
        "",
        "Path to client-certificate file for the user entry in kubeconfig",
    ),
    string(
        "client-key",
        "",
        "Path to client-key file for the user entry in kubeconfig",
    ),
    boolean(
        "embed-certs",
        "Embed client cert/key for the user entry in kubeconfig",
    ),
    string(
        "exec-api-version",
        "",
        "API version of the exec credential plugin for the user entry in kubeconfig",
    ),
    flag(
        "exec-arg",
        None,
        Kind::Slice,
        "[]",
        "New arguments for the exec credential plugin command for the user entry in kubeconfig",
    ),
    string(
        "exec-command",
        "",
        "Command for the exec credential plugin for the user entry in kubeconfig",
    ),
    flag(
        "exec-env",
        None,
        Kind::Array,
        "[]",
        "'key=value' environment values for the exec credential plugin",
    ),
    string(
        "exec-interactive-mode",
        "",
        "InteractiveMode of the exec credentials plugin for the user entry in kubeconfig",
    ),
    boolean(
        "exec-provide-cluster-info",
        "ProvideClusterInfo of the exec credentials plugin for the user entry in kubeconfig",
    ),
    string("password", "", "password for the user entry in kubeconfig"),
    string("token", "", "token for the user entry in kubeconfig"),
    string("username", "", "username for the user entry in kubeconfig"),
];
pub const LONG: &str = "Create or change a user entry in the kubeconfig.

 When the user already exists, only the fields given as flags change; the others keep their values.

 A user authenticates in one of these ways:

  Client certificate: --client-certificate=certfile --client-key=keyfile
  Bearer token: --token=bearer_token
  Basic auth: --username=basic_user --password=basic_password

 A bearer token and basic auth cannot be used together.";
pub const EXAMPLES: &str = "  # Set only the client-key of the cluster-admin user
  kubectl config set-credentials cluster-admin --client-key=~/.kube/admin.key

  # Give the cluster-admin user basic auth
  kubectl config set-credentials cluster-admin --username=admin --password=uXFGweU9l35qcif

  # Embed the client certificate data of the cluster-admin user
  kubectl config set-credentials cluster-admin --client-certificate=~/.kube/admin.crt --embed-certs=true

  # Give the cluster-admin user a bearer token
  kubectl config set-credentials cluster-admin --token=my-token";
pub const USAGE: &str = "kubectl config set-credentials NAME [--client-certificate=path/to/certfile] [--client-key=path/to/keyfile] [--token=bearer_token] [--username=basic_user] [--password=basic_password] [--auth-provider=provider_name] [--auth-provider-arg=key=value] [--exec-command=exec_command] [--exec-api-version=exec_api_version] [--exec-arg=arg] [--exec-env=key=value] [options]";

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let [name] = args.positionals.as_slice() else {
        return Err(super::unexpected_args(
            ctx,
            "set-credentials",
            &args.positionals,
        ));
    };
    let has_token = args.opt("token").is_some_and(|t| !t.is_empty());
    let has_basic = args.opt("username").is_some_and(|t| !t.is_empty())
        || args.opt("password").is_some_and(|t| !t.is_empty());
    if has_token && has_basic {
        return Err(KError::msg(
            "you cannot specify more than one authentication method at the same time: --token, --username/--password",
        ));
    }
    if args.bool("embed-certs")
        && args
            .opt("client-certificate")
            .unwrap_or_default()
            .is_empty()
        && args.opt("client-key").unwrap_or_default().is_empty()
    {
        return Err(KError::msg(
            "you must specify a --client-certificate or --client-key to embed",
        ));
    }
    let (mut kc, _) = super::load(ctx)?;
    let mut body = kc.entry(Section::Users, name).unwrap_or_else(|| json!({}));
    for (flag, field) in [
        ("client-certificate", "client-certificate-data"),
        ("client-key", "client-key-data"),
    ] {
        if !args.is_set(flag) {
            continue;
        }
        let path = args.str(flag);
        if args.bool("embed-certs") && !path.is_empty() {
            let data = ctx.fs.read(&path).map_err(|_| {
                KError::msg(format!(
                    "could not stat {flag} file {path}: stat {path}: no such file or directory"
                ))
            })?;
            put(
                &mut body,
                field,
                Value::String(super::base64_encode(data.as_bytes())),
            );
            put(&mut body, flag, Value::String(String::new()));
        } else {
            put(&mut body, flag, Value::String(path));
            put(&mut body, field, Value::String(String::new()));
        }
    }
    for flag in ["token", "username", "password"] {
        if args.is_set(flag) {
            put(&mut body, flag, Value::String(args.str(flag)));
        }
    }
    // Setting one way of authenticating clears the other, as kubectl does.
    let set_token = args.is_set("token") && has_token;
    let set_basic = args.is_set("username") && args.opt("username").is_some_and(|u| !u.is_empty())
        || args.is_set("password") && args.opt("password").is_some_and(|p| !p.is_empty());
    if set_token || set_basic {
        if !set_token {
            put(&mut body, "token", Value::String(String::new()));
        }
        if !set_basic {
            put(&mut body, "username", Value::String(String::new()));
            put(&mut body, "password", Value::String(String::new()));
        }
    }
    if args.is_set("auth-provider") {
        let mut config = serde_json::Map::new();
        for kv in args.list("auth-provider-arg") {
            if let Some((k, v)) = kv.split_once('=') {
                config.insert(k.to_string(), Value::String(v.to_string()));
            }
        }
        let mut ap = json!({"name": args.str("auth-provider")});
        if !config.is_empty() {
            put(&mut ap, "config", Value::Object(config));
        }
        put(&mut body, "auth-provider", ap);
    }
    if args.is_set("exec-command") || args.is_set("exec-api-version") {
        let mut exec = body.get("exec").cloned().unwrap_or_else(|| json!({}));
        if args.is_set("exec-command") {
            put(
                &mut exec,
                "command",
                Value::String(args.str("exec-command")),
            );
        }
        if args.is_set("exec-api-version") {
            put(
                &mut exec,
                "apiVersion",
                Value::String(args.str("exec-api-version")),
            );
        }
        let a = args.list("exec-arg");
        if !a.is_empty() {
            put(&mut exec, "args", json!(a));
        }
        let env: Vec<Value> = args
            .list("exec-env")
            .iter()
            .filter_map(|kv| kv.split_once('='))
            .map(|(k, v)| json!({"name": k, "value": v}))
            .collect();
        if !env.is_empty() {
            put(&mut exec, "env", Value::Array(env));
        }
        if args.bool("exec-provide-cluster-info") {
            put(&mut exec, "provideClusterInfo", Value::Bool(true));
        }
        let mode = args.str("exec-interactive-mode");
        put(
            &mut exec,
            "interactiveMode",
            Value::String(if mode.is_empty() {
                "IfAvailable".into()
            } else {
                mode
            }),
        );
        put(&mut body, "exec", exec);
    }
    kc.set_entry(Section::Users, name, body);
    super::save(ctx, kc)?;
    ctx.print(format!("User \"{name}\" set.\n"));
    Ok(())
}
