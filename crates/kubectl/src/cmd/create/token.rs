//! `kubectl create token SERVICE_ACCOUNT`: a TokenRequest on the service account's `token`
//! subresource; the issued token is printed alone unless `-o` asks for the whole object.

use serde_json::{json, Map, Value};

use super::super::super::error::KError;
use super::super::super::flags::{flag, parse_duration, string, Args, Flag, Kind};
use super::super::super::printers;
use super::super::super::Ctx;
use super::super::util::create_flags;
use super::super::util::print_flags::OutFormat;
use kubeplay_core::api::{ApiRequest, Method};

pub const FLAGS: &[Flag] = &[
    create_flags::ALLOW_MISSING_TEMPLATE_KEYS,
    flag("audience", None, Kind::Array, "[]", "An audience the token is meant for (repeatable). By default, the Kubernetes API server."),
    string("bound-object-kind", "", "The kind of object the token is bound to: Node, Pod or Secret. Needs --bound-object-name."),
    string("bound-object-name", "", "The name of the object the token is bound to; the token dies with it. Needs --bound-object-kind."),
    string("bound-object-uid", "", "The UID of the bound object. Needs --bound-object-kind and --bound-object-name; defaults to the UID of the object that exists."),
    flag("duration", None, Kind::Duration, "0s", "How long the token should live. 0 (or unset) lets the server decide; it may also grant more or less."),
    create_flags::OUTPUT,
    create_flags::SHOW_MANAGED_FIELDS,
    create_flags::TEMPLATE,
];

pub const LONG: &str = "Ask the API server for a token of a service account.";

pub const EXAMPLES: &str = "  # A token for the service account myapp of the current namespace
  kubectl create token myapp
  
  # A token for a service account of another namespace
  kubectl create token myapp --namespace myns
  
  # A token valid for ten minutes
  kubectl create token myapp --duration 10m
  
  # A token for another audience
  kubectl create token myapp --audience https://example.com
  
  # A token that dies with the secret mysecret
  kubectl create token myapp --bound-object-kind Secret --bound-object-name mysecret
  
  # The same, naming the secret's UID
  kubectl create token myapp --bound-object-kind Secret --bound-object-name mysecret --bound-object-uid 0d4691ed-659b-4935-a832-355f77ee47cc";

pub const USAGE: &str = "kubectl create token SERVICE_ACCOUNT_NAME [options]";

/// `create token`'s service account and flags, read once.
pub struct CreateTokenOptions {
    name: String,
    format: OutFormat,
    bound_kind: String,
    bound_name: String,
    bound_uid: String,
    /// --duration in seconds; 0 for the server's default.
    duration: f64,
    audiences: Vec<String>,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = CreateTokenOptions::complete(args)?;
    o.validate()?;
    o.run(ctx)
}

impl CreateTokenOptions {
    pub fn complete(args: &Args) -> Result<CreateTokenOptions, KError> {
        Ok(CreateTokenOptions {
            name: super::one_name(args)?,
            format: OutFormat::parse(&args.str("output"))?,
            bound_kind: args.str("bound-object-kind"),
            bound_name: args.str("bound-object-name"),
            bound_uid: args.str("bound-object-uid"),
            duration: parse_duration(&args.str("duration")).unwrap_or(0.0),
            audiences: args.list("audience"),
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        let (kind, name, uid) = (&self.bound_kind, &self.bound_name, &self.bound_uid);
        if !kind.is_empty() && !matches!(kind.as_str(), "Node" | "Pod" | "Secret") {
            return Err(KError::msg(
                "supported --bound-object-kind values are Node, Pod, Secret",
            ));
        }
        if !kind.is_empty() && name.is_empty() {
            return Err(KError::msg(
                "--bound-object-name is required if --bound-object-kind is provided",
            ));
        }
        if kind.is_empty() && !name.is_empty() {
            return Err(KError::msg(
                "--bound-object-name can only be set if --bound-object-kind is provided",
            ));
        }
        if kind.is_empty() && !uid.is_empty() {
            return Err(KError::msg(
                "--bound-object-uid can only be set if --bound-object-kind is provided",
            ));
        }
        if self.duration < 0.0 {
            return Err(KError::msg("--duration must be greater than or equal to 0"));
        }
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let ns = ctx.namespace();
        let path = format!(
            "/api/v1/namespaces/{ns}/serviceaccounts/{}/token",
            self.name
        );
        let req = ApiRequest::new(Method::Post, path)
            .with_body(serde_json::to_string(&self.build()).unwrap_or_default());
        let resp = match ctx.call(req) {
            Ok(v) => v,
            Err(KError::Status(s)) => {
                return Err(KError::msg(format!(
                    "failed to create token: {}",
                    s.message
                )))
            }
            Err(e) => return Err(e),
        };
        let text = self.print(&resp)?;
        ctx.print(text);
        Ok(())
    }

    /// The TokenRequest sent.
    fn build(&self) -> Value {
        let mut spec = Map::new();
        spec.insert("audiences".into(), json!(self.audiences));
        if self.duration > 0.0 {
            spec.insert("expirationSeconds".into(), json!(self.duration as i64));
        }
        if !self.bound_kind.is_empty() {
            let mut r = Map::new();
            r.insert("kind".into(), json!(self.bound_kind));
            // Node, Pod and Secret are all core v1 kinds.
            r.insert("apiVersion".into(), json!("v1"));
            r.insert("name".into(), json!(self.bound_name));
            if !self.bound_uid.is_empty() {
                r.insert("uid".into(), json!(self.bound_uid));
            }
            spec.insert("boundObjectRef".into(), Value::Object(r));
        }
        json!({
            "kind": "TokenRequest",
            "apiVersion": "authentication.k8s.io/v1",
            "metadata": {"creationTimestamp": null},
            "spec": spec,
            "status": {"token": "", "expirationTimestamp": null},
        })
    }

    /// The token alone, or the TokenRequest the server answered as -o says.
    fn print(&self, resp: &Value) -> Result<String, KError> {
        Ok(match &self.format {
            OutFormat::Message => format!(
                "{}\n",
                kubeplay_core::api::meta::str_at(resp, &["status", "token"])
            ),
            OutFormat::Name => "tokenrequest.authentication.k8s.io/\n".to_string(),
            OutFormat::Json => printers::to_json(resp),
            OutFormat::Yaml => kubeplay_yaml::to_yaml(&kubeplay_core::api::meta::sorted(resp)),
            OutFormat::JsonPath(t) => printers::jsonpath_print(t, resp)?,
            OutFormat::GoTemplate(t) => printers::go_template_print(t, resp)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::run;

    #[test]
    fn validation_matches_kubectl() {
        assert_eq!(
            run("create token default --bound-object-kind=Foo").1,
            "error: supported --bound-object-kind values are Node, Pod, Secret\n"
        );
        assert_eq!(
            run("create token default --bound-object-kind=Pod").1,
            "error: --bound-object-name is required if --bound-object-kind is provided\n"
        );
        assert_eq!(
            run("create token default --bound-object-name=x").1,
            "error: --bound-object-name can only be set if --bound-object-kind is provided\n"
        );
        assert_eq!(
            run("create token default --duration=-1s").1,
            "error: --duration must be greater than or equal to 0\n"
        );
        assert_eq!(run("create token default --duration=10").1, "error: invalid argument \"10\" for \"--duration\" flag: time: missing unit in duration \"10\"\nSee 'kubectl create token --help' for usage.\n");
        assert_eq!(run("create token a b").1, "error: exactly one NAME is required, got 2\nSee 'kubectl create token -h' for help and examples\n");
        assert!(
            run("create token default --duration=10m")
                .1
                .starts_with("error: failed to create token: ")
                || run("create token default --duration=10m").1.is_empty()
        );
    }
}
