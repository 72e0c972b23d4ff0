//! `kubectl create`: objects from files (`-f`), and the generators (`create deployment`, ...),
//! one file each, that build an object from flags the way kubectl's do, field order included
//! (it shows in `-o json`).

pub mod configmap;
pub mod cronjob;
pub mod deployment;
pub mod ingress;
pub mod job;
pub mod namespace;
pub mod pdb;
pub mod priorityclass;
pub mod quota;
pub mod role;
pub mod rolebinding;
pub mod secret;
pub mod service;
pub mod serviceaccount;
pub mod sources;
pub mod tls;
pub mod token;

use serde_json::Value;

use super::super::error::KError;
use super::super::flags::{boolean, flag, string, Args, Flag, Kind};
use super::super::resources::{Builder, Info, NamespaceCheck, OnError};
use super::super::{Command, Ctx};
use super::util::create_flags;
use super::util::generate::{explicit_namespace, object_meta};
use kubeplay_core::api::meta;

pub const FLAGS: &[Flag] = &[
    create_flags::ALLOW_MISSING_TEMPLATE_KEYS,
    create_flags::DRY_RUN,
    boolean("edit", "Open the object in an editor before creating it."),
    create_flags::field_manager("kubectl-create"),
    flag("filename", Some('f'), Kind::Slice, "[]", "Files, directories or URLs holding the objects to create."),
    super::util::flags::KUSTOMIZE,
    create_flags::OUTPUT,
    string("raw", "", "A raw URI to POST to the server, using the transport of the kubeconfig."),
    create_flags::RECURSIVE,
    create_flags::SAVE_CONFIG,
    flag("selector", Some('l'), Kind::Str, "", "Label query ('=', '==' and '!=', e.g. -l key1=value1,key2=value2): only objects with all of these labels are created."),
    create_flags::SHOW_MANAGED_FIELDS,
    create_flags::TEMPLATE,
    create_flags::VALIDATE,
    boolean("windows-line-endings", "Only used with --edit=true: the line endings of the edited text (the platform's by default)."),
];

pub const LONG: &str = "Create objects described in a file or read from stdin.

 Both JSON and YAML are read.";

pub const EXAMPLES: &str = "  # Create the pod described in pod.json
  kubectl create -f ./pod.json
  
  # Create the pod described by JSON piped in on stdin
  cat pod.json | kubectl create -f -
  
  # Create every manifest in a folder, and print what was created as YAML
  kubectl create -f ./manifests/ -o yaml";

pub const USAGE: &str = "kubectl create -f FILENAME [options]";

pub const SUBCOMMANDS: &[Command] = &[
    Command {
        name: "clusterrole",
        aliases: &[],
        short: "Create a cluster role",
        usage: role::CLUSTER_USAGE,
        long: role::CLUSTER_LONG,
        examples: role::CLUSTER_EXAMPLES,
        flags: role::CLUSTER_FLAGS,
        run: role::run_cluster,
        subcommands: &[],
    },
    Command {
        name: "clusterrolebinding",
        aliases: &[],
        short: "Create a cluster role binding for a particular cluster role",
        usage: rolebinding::CLUSTER_USAGE,
        long: rolebinding::CLUSTER_LONG,
        examples: rolebinding::CLUSTER_EXAMPLES,
        flags: rolebinding::CLUSTER_FLAGS,
        run: rolebinding::run_cluster,
        subcommands: &[],
    },
    sub!(
        "configmap",
        &["cm"],
        "Create a config map from a local file, directory or literal value",
        configmap
    ),
    sub!(
        "cronjob",
        &["cj"],
        "Create a cron job with the specified name",
        cronjob
    ),
    sub!(
        "deployment",
        &["deploy"],
        "Create a deployment with the specified name",
        deployment
    ),
    sub!(
        "ingress",
        &["ing"],
        "Create an ingress with the specified name",
        ingress
    ),
    sub!("job", &[], "Create a job with the specified name", job),
    sub!(
        "namespace",
        &["ns"],
        "Create a namespace with the specified name",
        namespace
    ),
    sub!(
        "poddisruptionbudget",
        &["pdb"],
        "Create a pod disruption budget with the specified name",
        pdb
    ),
    sub!(
        "priorityclass",
        &["pc"],
        "Create a priority class with the specified name",
        priorityclass
    ),
    sub!(
        "quota",
        &["resourcequota"],
        "Create a quota with the specified name",
        quota
    ),
    sub!("role", &[], "Create a role with single rule", role),
    sub!(
        "rolebinding",
        &[],
        "Create a role binding for a particular role or cluster role",
        rolebinding
    ),
    Command {
        subcommands: secret::SUBCOMMANDS,
        ..sub!(
            "secret",
            &[],
            "Create a secret using a specified subcommand",
            secret
        )
    },
    Command {
        subcommands: service::SUBCOMMANDS,
        ..sub!(
            "service",
            &["svc"],
            "Create a service using a specified subcommand",
            service
        )
    },
    sub!(
        "serviceaccount",
        &["sa"],
        "Create a service account with the specified name",
        serviceaccount
    ),
    sub!("token", &[], "Request a service account token", token),
];

/// `create -f`'s flags, read once.
pub struct CreateOptions {
    filenames: Vec<String>,
    kustomize: String,
    recursive: bool,
    selector: String,
    flags: create_flags::Opts,
}

/// `kubectl create -f ...`: every object in file order; a failing object is reported and the
/// rest still go through, as kubectl does, and the command then exits 1.
pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    validate_args(args)?;
    let o = CreateOptions::complete(ctx, args)?;
    o.run(ctx)
}

/// What kubectl refuses before it reads any other flag: arguments, and a missing or
/// unsupported source.
fn validate_args(args: &Args) -> Result<(), KError> {
    if !args.positionals.is_empty() {
        return Err(KError::Usage(format!(
            "Unexpected args: [{}]",
            args.positionals.join(" ")
        )));
    }
    let kustomize = args.str("kustomize");
    if args.list("filename").is_empty() && kustomize.is_empty() {
        return Err(KError::msg("must specify one of -f and -k"));
    }
    if args.bool("edit") {
        return Err(KError::msg(
            "--edit needs an editor, which this playground does not have",
        ));
    }
    Ok(())
}

impl CreateOptions {
    pub fn complete(ctx: &mut Ctx, args: &Args) -> Result<CreateOptions, KError> {
        Ok(CreateOptions {
            flags: create_flags::opts(ctx, args)?,
            filenames: args.list("filename"),
            kustomize: args.str("kustomize"),
            recursive: args.bool("recursive"),
            selector: args.str("selector"),
        })
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        // Documents after a broken one are not read; the ones before it are still created.
        let visited = Builder::new(ctx)
            .filenames(&self.filenames, self.recursive)
            .kustomize(&self.kustomize)
            .require_namespace(NamespaceCheck::Files)
            .on_error(OnError::Continue)
            .select_files(|obj| self.selector.is_empty() || labels_match(obj, &self.selector))
            .visit()?;
        let mut errors: Vec<String> = Vec::new();
        let mut printed = 0;
        for item in visited.items {
            let created = item.and_then(|info| Ok((self.create_one(ctx, &info)?, info)));
            let (created, info) = match created {
                Ok(done) => done,
                Err(e) => {
                    errors.push(e.render(&ctx.cmd_path));
                    continue;
                }
            };
            // A printer that fails (a bad template) stops the command.
            create_flags::yaml_separator(ctx, &self.flags, &mut printed);
            create_flags::report(ctx, &self.flags, &info.resource, &created, "created", false)?;
        }
        errors.extend(visited.read_errors.iter().map(|e| e.render(&ctx.cmd_path)));
        if errors.is_empty() {
            return Ok(());
        }
        Err(KError::Raw(errors.concat()))
    }

    /// Create one object: what the server made of it, or the error naming the file.
    fn create_one(&self, ctx: &mut Ctx, info: &Info) -> Result<Value, KError> {
        // kubectl holds file objects as maps: the saved configuration has sorted keys.
        let obj = info
            .file
            .as_ref()
            .map(|f| meta::sorted(&f.value))
            .unwrap_or_default();
        let ns = info.namespace.as_deref();
        match create_flags::create(ctx, &self.flags, &info.resource, ns, obj, false) {
            Err(KError::Status(mut s)) if s.reason != "Invalid" => {
                let source = info.source().unwrap_or_default();
                s.message = format!("error when creating \"{source}\": {}", s.message);
                Err(KError::Status(s))
            }
            other => other,
        }
    }
}

/// `-l` on objects read from files: equality-based terms only, as kubectl's create allows.
fn labels_match(obj: &Value, selector: &str) -> bool {
    let labels = meta::labels(obj);
    let get = |k: &str| labels.and_then(|l| l.get(k)).and_then(|v| v.as_str());
    selector.split(',').filter(|t| !t.is_empty()).all(|term| {
        if let Some((k, v)) = term.split_once("!=") {
            get(k.trim()) != Some(v.trim())
        } else if let Some((k, v)) = term.split_once("==").or_else(|| term.split_once('=')) {
            get(k.trim()) == Some(v.trim())
        } else {
            get(term.trim()).is_some()
        }
    })
}

/// The single NAME a generator takes (words after `--` are the container's command).
pub fn one_name(args: &Args) -> Result<String, KError> {
    let end = args.dash_at.unwrap_or(args.positionals.len());
    let names = args.positionals.get(..end).unwrap_or(&args.positionals);
    match names {
        [name] => Ok(name.clone()),
        _ => Err(KError::Usage(format!(
            "exactly one NAME is required, got {}",
            names.len()
        ))),
    }
}

/// Words after `--`.
pub fn after_dash(args: &Args) -> Vec<String> {
    match args.dash_at {
        Some(i) => args.positionals.get(i..).unwrap_or_default().to_vec(),
        None => Vec::new(),
    }
}

/// Send (or just print, for `--dry-run=client`) a generated object of `resource`.
pub fn finish(
    ctx: &mut Ctx,
    o: &create_flags::Opts,
    resource: &str,
    obj: Value,
) -> Result<(), KError> {
    let info = ctx.resolve(resource)?;
    let ns = ctx.namespace();
    let prefix = failure_prefix(resource, &obj);
    let created =
        create_flags::create(ctx, o, &info, Some(&ns), obj, true).map_err(|e| {
            match (&e, &prefix) {
                (KError::Status(s), Some(p)) => KError::msg(format!("{p}{}", s.message)),
                _ => e,
            }
        })?;
    create_flags::report(ctx, o, &info, &created, "created", true)
}

/// How each generator words the server's refusal of its object (`failed to create
/// deployment: ...`); `create namespace`, `role` and `clusterrole` print it as it is.
fn failure_prefix(resource: &str, obj: &Value) -> Option<String> {
    let word = match resource.split('.').next().unwrap_or("") {
        "configmaps" => "configmap: ",
        "cronjobs" => "cronjob: ",
        "deployments" => "deployment: ",
        "ingresses" => "ingress: ",
        "jobs" => "job: ",
        "poddisruptionbudgets" => "poddisruptionbudgets: ",
        "priorityclasses" => "priorityclass: ",
        "resourcequotas" => "quota: ",
        "rolebindings" => "rolebinding: ",
        "clusterrolebindings" => "clusterrolebinding: ",
        "serviceaccounts" => "serviceaccount: ",
        // kubectl's secret generators leave out the colon.
        "secrets" => "secret ",
        "services" => {
            let kind = obj
                .pointer("/spec/type")
                .and_then(|t| t.as_str())
                .unwrap_or("");
            return Some(format!("failed to create {kind} service: "));
        }
        _ => return None,
    };
    Some(format!("failed to create {word}"))
}

/// The help of `create secret`/`create service`, which kubectl prints to stderr (exit 1) when
/// no subcommand is given.
pub fn parent_help(name: &str) -> String {
    let create = super::COMMANDS.iter().find(|c| c.name == "create");
    let sub = SUBCOMMANDS.iter().find(|c| c.name == name);
    match (create, sub) {
        (Some(c), Some(s)) => crate::usage::command_help(&[c, s]),
        _ => String::new(),
    }
}

/// `create secret` / `create service` without a known subcommand.
pub fn parent_run(args: &Args, name: &str) -> Result<(), KError> {
    match args.positionals.first() {
        Some(_) => Err(KError::Usage(format!(
            "unknown command \"{}\"",
            args.positionals.join(" ")
        ))),
        None => Err(KError::Raw(parent_help(name))),
    }
}

/// `k=v` pairs of `--from-literal` and friends.
pub fn parse_literal(s: &str) -> Result<(String, String), KError> {
    match s.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
        _ => Err(KError::msg(format!(
            "invalid literal source {s}, expected key=value"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{cluster, kubectl};
    use kubeplay_core::fs::MemFs;

    const LIST: &str = r#"{"apiVersion":"v1","kind":"List","items":[
{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","labels":{"app":"x"}}},
{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"b"}},
{"apiVersion":"v1","kind":"Secret","metadata":{"name":"c","namespace":"elsewhere"}}]}"#;

    #[test]
    fn files_report_each_object_and_continue() {
        let mut fs = MemFs::new().with_file("l.json", LIST);
        let mut c = cluster();
        let (out, err, code) = kubectl(
            &mut c,
            &mut fs,
            "create -f l.json -l app=x --dry-run=server -o name",
        );
        assert_eq!((out.as_str(), err.as_str(), code), ("configmap/a\n", "", 0));
        let (out, err, code) = kubectl(&mut c, &mut fs, "create -f l.json -n default");
        assert_eq!(out, "configmap/a created\nconfigmap/b created\n");
        assert_eq!(err, "error: the namespace from the provided object \"elsewhere\" does not match the namespace \"default\". You must pass '--namespace=elsewhere' to perform this operation.\n");
        assert_eq!(code, 1);
        let (_, err, _) = kubectl(&mut c, &mut fs, "create -f l.json");
        assert_eq!(err, "Error from server (AlreadyExists): error when creating \"l.json\": configmaps \"a\" already exists\nError from server (AlreadyExists): error when creating \"l.json\": configmaps \"b\" already exists\nError from server (NotFound): error when creating \"l.json\": namespaces \"elsewhere\" not found\n");
        assert_eq!(
            kubectl(&mut c, &mut fs, "create -f l.json foo").1,
            "error: Unexpected args: [foo]\nSee 'kubectl create -h' for help and examples\n"
        );
        assert_eq!(
            kubectl(&mut c, &mut fs, "create").1,
            "error: must specify one of -f and -k\n"
        );
    }
}

#[cfg(test)]
mod input_tests {
    use crate::run_line;
    use crate::testing::{cluster, kubectl};
    use kubeplay_core::fs::MemFs;

    const CM: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: NAME\ndata:\n  k: v\n";

    #[test]
    fn stdin_and_recursive_directories() {
        let mut c = cluster();
        let mut fs = MemFs::new();
        let mut session = crate::testing::session();
        let out = run_line(
            &mut session,
            "create -f -",
            &mut c,
            &mut fs,
            Some(&CM.replace("NAME", "piped")),
        );
        assert_eq!(out.stdout(), "configmap/piped created\n");
        let mut fs = MemFs::new()
            .with_file("m/a.yaml", &CM.replace("NAME", "top"))
            .with_file("m/sub/b.yaml", &CM.replace("NAME", "nested"))
            .with_file("m/notes.txt", "not a manifest");
        assert_eq!(
            kubectl(&mut c, &mut fs, "create -f m").0,
            "configmap/top created\n"
        );
        let (out, err, _) = kubectl(&mut c, &mut fs, "create -f m -R");
        assert_eq!(out, "configmap/nested created\n");
        assert_eq!(err, "Error from server (AlreadyExists): error when creating \"m/a.yaml\": configmaps \"top\" already exists\n");
    }
}
