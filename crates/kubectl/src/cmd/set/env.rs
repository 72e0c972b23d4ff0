//! `kubectl set env`: add, change or remove environment variables of the containers in pod
//! templates (`KEY=VALUE`, `-e`, `KEY-`, `--from` a ConfigMap or Secret), or list them.

use serde_json::{json, Value};

use super::super::super::error::KError;
use super::super::super::flags::{boolean, flag, string, Args, Flag, Kind};
use super::super::super::printers::Format;
use super::super::super::resources::{Builder, Info, NamespaceCheck};
use super::super::super::Ctx;
use super::super::util::dry_run::DryRun;
use super::super::util::errors::report_errors;
use super::super::util::print_flags;
use super::{Selection, Sender};
use kubeplay_core::api::meta;

pub const FLAGS: &[Flag] = &[
    boolean("all", "If true, select all resources in the namespace of the specified resource types"),
    super::super::util::flags::ALLOW_MISSING_TEMPLATE_KEYS,
    flag("containers", Some('c'), Kind::Str, "*", "The names of containers in the selected pod templates to change - may use wildcards"),
    super::super::util::flags::DRY_RUN,
    flag("env", Some('e'), Kind::Array, "[]", "Specify a key-value pair for an environment variable to set into each container."),
    string("field-manager", "kubectl-set", "Name of the manager used to track field ownership."),
    super::super::util::flags::filename("Filename, directory, or URL to files the resource to update the env"),
    string("from", "", "The name of a resource from which to inject environment variables"),
    flag("keys", None, Kind::Slice, "[]", "Comma-separated list of keys to import from specified resource"),
    super::super::util::flags::KUSTOMIZE,
    boolean("list", "If true, display the environment and any changes in the standard format. this flag will removed when we have kubectl view env."),
    boolean("local", "If true, set env will NOT contact api-server but run locally."),
    super::super::util::flags::OUTPUT,
    flag("overwrite", None, Kind::Bool, "true", "If true, allow environment to be overwritten, otherwise reject updates that overwrite existing environment."),
    string("prefix", "", "Prefix to append to variable names"),
    super::super::util::flags::RECURSIVE,
    boolean("resolve", "If true, show secret or configmap references when listing variables"),
    super::super::util::flags::SELECTOR,
    super::super::util::flags::SHOW_MANAGED_FIELDS,
    super::super::util::flags::TEMPLATE,
];
pub const LONG: &str = "Update environment variables on a pod template.

 List environment variable definitions in one or more pods, pod templates. Add, update, or remove container environment variable definitions in one or more pod templates (within replication controllers or deployment configurations). View or modify the environment variable definitions on all containers in the specified pods or pod templates, or just those that match a wildcard.

 If \"--env -\" is passed, environment variables can be read from STDIN using the standard env syntax.

 Possible resources include (case insensitive):

        pod (po), replicationcontroller (rc), deployment (deploy), daemonset (ds), statefulset (sts), cronjob (cj), replicaset (rs)";
pub const EXAMPLES: &str = "  # Update deployment 'registry' with a new environment variable
  kubectl set env deployment/registry STORAGE_DIR=/local

  # List the environment variables defined on a deployments 'sample-build'
  kubectl set env deployment/sample-build --list

  # List the environment variables defined on all pods
  kubectl set env pods --all --list

  # Output modified deployment in YAML, and does not alter the object on the server
  kubectl set env deployment/sample-build STORAGE_DIR=/data -o yaml

  # Update all containers in all replication controllers in the project to have ENV=prod
  kubectl set env rc --all ENV=prod

  # Import environment from a secret
  kubectl set env --from=secret/mysecret deployment/myapp

  # Import environment from a config map with a prefix
  kubectl set env --from=configmap/myconfigmap --prefix=MYSQL_ deployment/myapp

  # Import specific keys from a config map
  kubectl set env --keys=my-example-key --from=configmap/myconfigmap deployment/myapp

  # Remove the environment variable ENV from container 'c1' in all deployment configs
  kubectl set env deployments --all --containers=\"c1\" ENV-

  # Remove the environment variable ENV from a deployment definition on disk and
  # update the deployment config on the server
  kubectl set env -f deploy.json ENV-

  # Set some of the local shell environment into a deployment config on the server
  env | grep RAILS_ | kubectl set env -e - deployment/registry";
pub const USAGE: &str = "kubectl set env RESOURCE/NAME KEY_1=VAL_1 ... KEY_N=VAL_N [options]";

pub struct SetEnvOptions {
    sel: Selection,
    env_args: Vec<String>,
    env_params: Vec<String>,
    containers: String,
    from: String,
    keys: Vec<String>,
    prefix: String,
    list: bool,
    overwrite: bool,
    output: String,
    dry_run: DryRun,
    format: Option<Format>,
    manager: String,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let mut o = SetEnvOptions::complete(args)?;
    o.format = o.format.map(|f| f.resolve(ctx.fs)).transpose()?;
    o.validate()?;
    o.run(ctx)
}

impl SetEnvOptions {
    pub fn complete(args: &Args) -> Result<SetEnvOptions, KError> {
        if args.bool("all") && !args.str("selector").is_empty() {
            return Err(KError::msg(
                "cannot set --all and --selector at the same time",
            ));
        }
        let Some((resources, env_args)) = split_env(&args.positionals) else {
            return Err(KError::msg(format!(
                "all resources must be specified before environment changes: {}",
                args.positionals.join(" ")
            )));
        };
        Ok(SetEnvOptions {
            sel: Selection::from_args(args, resources),
            env_args,
            env_params: args.list("env"),
            containers: args.str("containers"),
            from: args.str("from"),
            keys: args.list("keys"),
            prefix: args.str("prefix"),
            list: args.bool("list"),
            overwrite: args.bool("overwrite"),
            output: args.str("output"),
            dry_run: DryRun::from_args(args)?,
            format: print_flags::object_format_flags(args)?,
            manager: args.str("field-manager"),
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        if self.sel.local && self.dry_run == DryRun::Server {
            return Err(KError::msg(
                "cannot specify --local and --dry-run=server - did you mean --dry-run=client?",
            ));
        }
        if self.sel.filenames.is_empty()
            && self.sel.kustomize.is_empty()
            && self.sel.resources.is_empty()
        {
            return Err(KError::msg(
                "one or more resources must be specified as <resource> <name> or <resource>/<name>",
            ));
        }
        if self.list && !self.output.is_empty() {
            return Err(KError::msg(
                "--list and --output may not be specified together",
            ));
        }
        if !self.keys.is_empty() && self.from.is_empty() {
            return Err(KError::msg(
                "when specifying --keys, a configmap or secret must be provided with --from",
            ));
        }
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let mut specs = self.env_params.clone();
        specs.extend(self.env_args.iter().cloned());
        let stdin = ctx.stdin.map(str::to_string);
        let (mut env, remove) = parse_env(&specs, stdin.as_deref())?;
        if !self.from.is_empty() {
            env.extend(self.env_from(ctx)?);
        }
        if !self.prefix.is_empty() {
            for e in env.iter_mut() {
                e["name"] = json!(format!("{}{}", self.prefix, meta::str_at(e, &["name"])));
            }
        }
        let (infos, _) = self.sel.visit(ctx)?;
        let sender = Sender {
            dry_run: self.dry_run,
            local: self.sel.local,
            format: &self.format,
            manager: &self.manager,
            operation: "env updated",
            failure: "failed to patch env update to pod template",
        };
        let mut errors = Vec::new();
        for info in &infos {
            let result = self.update_one(ctx, info, &env, &remove, &sender);
            if let Err(e) = result {
                errors.push(e);
            }
        }
        if self.list {
            return Ok(());
        }
        report_errors(ctx, errors)
    }

    fn update_one(
        &self,
        ctx: &mut Ctx,
        info: &Info,
        env: &[Value],
        remove: &[String],
        sender: &Sender,
    ) -> Result<(), KError> {
        let (before, ptr) = super::pod_template_object(ctx, info, self.sel.local)?;
        let mut after = before.clone();
        let name = meta::name(&before).to_string();
        let kind = info.resource.kind.clone();
        let Some(spec) = after.pointer_mut(ptr) else {
            return Ok(());
        };
        let mut touched = 0;
        let mut listing = String::new();
        for field in ["containers", "initContainers"] {
            let list = spec.get_mut(field).and_then(|c| c.as_array_mut());
            for c in list.into_iter().flatten() {
                let cname = meta::str_at(c, &["name"]).to_string();
                if !wildcard_match(&cname, &self.containers) {
                    continue;
                }
                touched += 1;
                let existing: Vec<Value> = c
                    .get("env")
                    .and_then(|e| e.as_array())
                    .cloned()
                    .unwrap_or_default();
                if !self.overwrite {
                    no_overwrites(&existing, env)
                        .map_err(|e| KError::msg(format!("{} {e}", super::object_name(info))))?;
                }
                let updated = update_env(&existing, env, remove);
                if self.list {
                    listing.push_str(&format!("# {kind} {name}, container {cname}\n"));
                    for e in &updated {
                        listing.push_str(&list_line(e));
                    }
                }
                if let Some(m) = c.as_object_mut() {
                    match updated.is_empty() {
                        true => m.shift_remove("env"),
                        false => m.insert("env".into(), Value::Array(updated)),
                    };
                }
            }
        }
        if touched == 0 {
            ctx.eprint(format!(
                "Warning: {kind}/{name} does not have any containers matching \"{}\"\n",
                self.containers
            ));
            return Ok(());
        }
        if self.list {
            ctx.print(listing);
            return Ok(());
        }
        sender.send(ctx, info, &before, after)
    }

    /// `--from`: one variable per key of the ConfigMap or Secret (or only `--keys`), taken
    /// by reference.
    fn env_from(&self, ctx: &mut Ctx) -> Result<Vec<Value>, KError> {
        let args = vec![self.from.clone()];
        let (infos, errors) = Builder::new(ctx)
            .require_namespace(NamespaceCheck::Files)
            .resource_type_or_name_args(&args)
            .latest()
            .visit()?
            .split();
        if let Some(e) = errors.into_iter().next() {
            return Err(e);
        }
        let mut env = Vec::new();
        for info in &infos {
            let obj = super::object_of(ctx, info, false)?;
            let source = match (info.resource.group.as_str(), info.resource.kind.as_str()) {
                ("", "Secret") => "secretKeyRef",
                ("", "ConfigMap") => "configMapKeyRef",
                _ => return Err(KError::msg("unsupported resource specified in --from")),
            };
            let from_name = meta::name(&obj).to_string();
            let data = obj
                .get("data")
                .and_then(|d| d.as_object())
                .cloned()
                .unwrap_or_default();
            for key in data.keys() {
                if !self.keys.is_empty() && !self.keys.contains(key) {
                    continue;
                }
                env.push(json!({
                    "name": key_to_env_name(key),
                    "valueFrom": {source: {"key": key, "name": from_name}},
                }));
            }
        }
        Ok(env)
    }
}

/// `SplitEnvironmentFromResources`: resources first, then `KEY=VALUE` and `KEY-`; `None`
/// when a resource follows a change.
fn split_env(args: &[String]) -> Option<(Vec<String>, Vec<String>)> {
    let mut resources = Vec::new();
    let mut env = Vec::new();
    for s in args {
        let is_env = s.find('=').is_some_and(|i| i > 0) || s.ends_with('-');
        match (env.is_empty(), is_env) {
            (_, true) => env.push(s.clone()),
            (true, false) => resources.push(s.clone()),
            (false, false) => return None,
        }
    }
    Some((resources, env))
}

const ENV_NAME_ERROR: &str = "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')";

fn valid_env_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '-' | '.' | '_'))
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
}

/// `ParseEnv`: variables to set (from `KEY=VALUE` or, for `-`, standard input's lines) and
/// names to remove.
fn parse_env(specs: &[String], stdin: Option<&str>) -> Result<(Vec<Value>, Vec<String>), KError> {
    let mut env = Vec::new();
    let mut set_names = Vec::new();
    let mut remove = Vec::new();
    for spec in specs {
        if spec == "-" {
            let Some(text) = stdin else {
                return Err(KError::msg("when '-' is used, STDIN must be open"));
            };
            for line in text
                .lines()
                .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            {
                let (k, v) = line
                    .split_once('=')
                    .ok_or_else(|| KError::msg(format!("invalid environment variable: {line}")))?;
                env.push(json!({"name": k, "value": v}));
            }
        } else if let Some((k, v)) = spec.split_once('=') {
            if !valid_env_name(k) {
                return Err(KError::msg(format!(
                    "\"{k}\" is not a valid key name: {ENV_NAME_ERROR}"
                )));
            }
            set_names.push(k.to_string());
            env.push(json!({"name": k, "value": v}));
        } else if let Some(k) = spec.strip_suffix('-') {
            remove.push(k.to_string());
        } else {
            return Err(KError::msg(format!("unknown environment variable: {spec}")));
        }
    }
    if remove.iter().any(|r| set_names.contains(r)) {
        return Err(KError::msg(
            "can not both modify and remove the same environment variable in the same command",
        ));
    }
    Ok((env, remove))
}

/// `updateEnv`: removals dropped, existing variables replaced in place, new ones appended.
fn update_env(existing: &[Value], env: &[Value], remove: &[String]) -> Vec<Value> {
    let name = |e: &Value| meta::str_at(e, &["name"]).to_string();
    let mut covered: Vec<String> = remove.to_vec();
    let mut out = Vec::new();
    for e in existing {
        let n = name(e);
        if covered.contains(&n) {
            continue;
        }
        match env.iter().find(|x| name(x) == n) {
            Some(newer) => {
                covered.push(n);
                out.push(newer.clone());
            }
            None => out.push(e.clone()),
        }
    }
    for e in env {
        let n = name(e);
        if covered.contains(&n) {
            continue;
        }
        covered.push(n);
        out.push(e.clone());
    }
    out
}

fn no_overwrites(existing: &[Value], env: &[Value]) -> Result<(), String> {
    for e in env {
        let n = meta::str_at(e, &["name"]);
        if let Some(cur) = existing.iter().find(|x| meta::str_at(x, &["name"]) == n) {
            let value = meta::str_at(cur, &["value"]);
            if value != meta::str_at(e, &["value"]) {
                return Err(format!(
                    "'{n}' already has a value ({value}), and --overwrite is false"
                ));
            }
        }
    }
    Ok(())
}

/// `--list`'s line for a variable: its value, or where it comes from.
fn list_line(e: &Value) -> String {
    let name = meta::str_at(e, &["name"]);
    let Some(from) = e.get("valueFrom") else {
        return format!("{name}={}\n", meta::str_at(e, &["value"]));
    };
    let s = |p: &str| from.pointer(p).and_then(|v| v.as_str()).unwrap_or("");
    let what = if from.get("configMapKeyRef").is_some() {
        format!(
            "configmap {}, key {}",
            s("/configMapKeyRef/name"),
            s("/configMapKeyRef/key")
        )
    } else if from.get("secretKeyRef").is_some() {
        format!(
            "secret {}, key {}",
            s("/secretKeyRef/name"),
            s("/secretKeyRef/key")
        )
    } else if from.get("fieldRef").is_some() {
        format!("field path {}", s("/fieldRef/fieldPath"))
    } else if from.get("resourceFieldRef").is_some() {
        let c = s("/resourceFieldRef/containerName");
        let prefix = if c.is_empty() {
            String::new()
        } else {
            format!("{c}/")
        };
        format!("resource field {prefix}{}", s("/resourceFieldRef/resource"))
    } else {
        "invalid env var reference".to_string()
    };
    format!("# {name} from {what}\n")
}

/// `keyToEnvName`: upper case, every character outside `[A-Za-z0-9_]` made `_`.
fn key_to_env_name(key: &str) -> String {
    key.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// `selectString`: `spec` with `*` wildcards matching `s`.
pub fn wildcard_match(s: &str, spec: &str) -> bool {
    if spec == "*" {
        return true;
    }
    if !spec.contains('*') {
        return s == spec;
    }
    let parts: Vec<&str> = spec.split('*').collect();
    let mut rest = s;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            let Some(r) = rest.strip_prefix(part) else {
                return false;
            };
            rest = r;
        } else if i == parts.len() - 1 {
            return rest.ends_with(part);
        } else {
            let Some(at) = rest.find(part) else {
                return false;
            };
            rest = &rest[at + part.len()..];
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_updates_in_place_and_appends() {
        let existing = vec![
            json!({"name": "A", "value": "1"}),
            json!({"name": "B", "value": "2"}),
        ];
        let env = vec![
            json!({"name": "B", "value": "3"}),
            json!({"name": "C", "value": "4"}),
        ];
        let out = update_env(&existing, &env, &["A".to_string()]);
        assert_eq!(out, vec![env[0].clone(), env[1].clone()]);
    }

    #[test]
    fn wildcards_and_env_names() {
        assert!(wildcard_match("web", "w*"));
        assert!(wildcard_match("sidecar", "*car"));
        assert!(!wildcard_match("web", "api"));
        assert_eq!(key_to_env_name("log.level-x"), "LOG_LEVEL_X");
        assert!(valid_env_name("MY_ENV.NAME"));
        assert!(!valid_env_name("1X"));
    }
}
