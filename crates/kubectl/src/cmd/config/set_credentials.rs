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

/// `config set-credentials`' NAME and flags, read once. A string flag is `Some` when given,
/// even empty: given flags set (or clear) their field, the others leave it alone.
pub struct SetCredentialsOptions {
    name: String,
    client_certificate: Option<String>,
    client_key: Option<String>,
    token: Option<String>,
    username: Option<String>,
    password: Option<String>,
    embed_certs: bool,
    auth_provider: Option<String>,
    auth_provider_args: Vec<String>,
    exec_command: Option<String>,
    exec_api_version: Option<String>,
    exec_args: Vec<String>,
    exec_env: Vec<String>,
    exec_provide_cluster_info: bool,
    exec_interactive_mode: String,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = SetCredentialsOptions::complete(ctx, args)?;
    o.validate()?;
    o.run(ctx)
}

/// Given and not empty.
fn non_empty(v: &Option<String>) -> bool {
    v.as_deref().is_some_and(|s| !s.is_empty())
}

impl SetCredentialsOptions {
    pub fn complete(ctx: &mut Ctx, args: &Args) -> Result<SetCredentialsOptions, KError> {
        let [name] = args.positionals.as_slice() else {
            return Err(super::unexpected_args(
                ctx,
                "set-credentials",
                &args.positionals,
            ));
        };
        Ok(SetCredentialsOptions {
            name: name.clone(),
            client_certificate: args.opt("client-certificate"),
            client_key: args.opt("client-key"),
            token: args.opt("token"),
            username: args.opt("username"),
            password: args.opt("password"),
            embed_certs: args.bool("embed-certs"),
            auth_provider: args.opt("auth-provider"),
            auth_provider_args: args.list("auth-provider-arg"),
            exec_command: args.opt("exec-command"),
            exec_api_version: args.opt("exec-api-version"),
            exec_args: args.list("exec-arg"),
            exec_env: args.list("exec-env"),
            exec_provide_cluster_info: args.bool("exec-provide-cluster-info"),
            exec_interactive_mode: args.str("exec-interactive-mode"),
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        if non_empty(&self.token) && self.has_basic() {
            return Err(KError::msg(
                "you cannot specify more than one authentication method at the same time: --token, --username/--password",
            ));
        }
        if self.embed_certs && !non_empty(&self.client_certificate) && !non_empty(&self.client_key)
        {
            return Err(KError::msg(
                "you must specify a --client-certificate or --client-key to embed",
            ));
        }
        Ok(())
    }

    fn has_basic(&self) -> bool {
        non_empty(&self.username) || non_empty(&self.password)
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let name = &self.name;
        let (mut kc, _) = super::load(ctx)?;
        let mut body = kc.entry(Section::Users, name).unwrap_or_else(|| json!({}));
        self.set_certificates(ctx, &mut body)?;
        self.set_token_or_basic(&mut body);
        if let Some(provider) = &self.auth_provider {
            put(
                &mut body,
                "auth-provider",
                self.auth_provider_entry(provider),
            );
        }
        if self.exec_command.is_some() || self.exec_api_version.is_some() {
            let exec = body.get("exec").cloned().unwrap_or_else(|| json!({}));
            put(&mut body, "exec", self.exec_entry(exec));
        }
        kc.set_entry(Section::Users, name, body);
        super::save(ctx, kc)?;
        ctx.print(format!("User \"{name}\" set.\n"));
        Ok(())
    }

    /// --client-certificate and --client-key, as paths or embedded with --embed-certs.
    fn set_certificates(&self, ctx: &Ctx, body: &mut Value) -> Result<(), KError> {
        for (flag, field, given) in [
            (
                "client-certificate",
                "client-certificate-data",
                &self.client_certificate,
            ),
            ("client-key", "client-key-data", &self.client_key),
        ] {
            let Some(path) = given else {
                continue;
            };
            if self.embed_certs && !path.is_empty() {
                let data = ctx.fs.read(path).map_err(|_| {
                    KError::msg(format!(
                        "could not stat {flag} file {path}: stat {path}: no such file or directory"
                    ))
                })?;
                put(
                    body,
                    field,
                    Value::String(super::base64_encode(data.as_bytes())),
                );
                put(body, flag, Value::String(String::new()));
            } else {
                put(body, flag, Value::String(path.clone()));
                put(body, field, Value::String(String::new()));
            }
        }
        Ok(())
    }

    /// --token, --username, --password; setting one way of authenticating clears the other,
    /// as kubectl does.
    fn set_token_or_basic(&self, body: &mut Value) {
        for (flag, given) in [
            ("token", &self.token),
            ("username", &self.username),
            ("password", &self.password),
        ] {
            if let Some(v) = given {
                put(body, flag, Value::String(v.clone()));
            }
        }
        let set_token = non_empty(&self.token);
        let set_basic = self.has_basic();
        if set_token || set_basic {
            if !set_token {
                put(body, "token", Value::String(String::new()));
            }
            if !set_basic {
                put(body, "username", Value::String(String::new()));
                put(body, "password", Value::String(String::new()));
            }
        }
    }

    /// `auth-provider`: its name and the `key=value` of --auth-provider-arg.
    fn auth_provider_entry(&self, provider: &str) -> Value {
        let mut config = serde_json::Map::new();
        for kv in &self.auth_provider_args {
            if let Some((k, v)) = kv.split_once('=') {
                config.insert(k.to_string(), Value::String(v.to_string()));
            }
        }
        let mut ap = json!({"name": provider});
        if !config.is_empty() {
            put(&mut ap, "config", Value::Object(config));
        }
        ap
    }

    /// The `exec` entry, changed by the --exec-* flags.
    fn exec_entry(&self, mut exec: Value) -> Value {
        if let Some(command) = &self.exec_command {
            put(&mut exec, "command", Value::String(command.clone()));
        }
        if let Some(version) = &self.exec_api_version {
            put(&mut exec, "apiVersion", Value::String(version.clone()));
        }
        if !self.exec_args.is_empty() {
            put(&mut exec, "args", json!(self.exec_args));
        }
        let env: Vec<Value> = self
            .exec_env
            .iter()
            .filter_map(|kv| kv.split_once('='))
            .map(|(k, v)| json!({"name": k, "value": v}))
            .collect();
        if !env.is_empty() {
            put(&mut exec, "env", Value::Array(env));
        }
        if self.exec_provide_cluster_info {
            put(&mut exec, "provideClusterInfo", Value::Bool(true));
        }
        let mode = match self.exec_interactive_mode.as_str() {
            "" => "IfAvailable".to_string(),
            m => m.to_string(),
        };
        put(&mut exec, "interactiveMode", Value::String(mode));
        exec
    }
}
