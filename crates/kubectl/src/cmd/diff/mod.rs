//! `kubectl diff -f FILE`: each object as the server has it (LIVE) against what applying the
//! file would make of it (MERGED: client-side apply's patch, or a create, sent as a server dry
//! run), written as YAML and compared as `diff -u -N` compares kubectl's two temporary
//! directories. The directories are named `/tmp/LIVE-<n>` and `/tmp/MERGED-<n+1>`, `<n>` being
//! the cluster clock's Unix time (a real kubectl's are random), and the files' times are the
//! clock's. Exit status: 0 without differences, 1 with, 2 (kubectl's error code + 1) on error.

mod merged;
mod unified;

use serde_json::Value;

use super::super::error::KError;
use super::super::flags::{boolean, flag, string, Args, Flag, Kind};
use super::super::resources::{Builder, Info, NamespaceCheck};
use super::super::Ctx;
use super::util::dry_run::klog_warning;
use super::util::prune::{self, Leftover, Visited};
use kubeplay_core::api::discovery::ResourceInfo;
use kubeplay_core::api::meta;
use unified::FilePair;

pub const FLAGS: &[Flag] = &[
    flag("concurrency", None, Kind::Int, "1", "Number of objects to process in parallel when diffing against the live version. Larger number = faster, but more memory, I/O and CPU over that shorter period of time."),
    string("field-manager", "kubectl-client-side-apply", "Name of the manager used to track field ownership."),
    super::util::flags::filename("Filename, directory, or URL to files contains the configuration to diff"),
    boolean("force-conflicts", "If true, server-side apply will force the changes against conflicts."),
    super::util::flags::RECURSIVE,
    super::util::flags::KUSTOMIZE,
    boolean("prune", "Include resources that would be deleted by pruning. Can be used with -l and default shows all resources would be pruned"),
    flag("prune-allowlist", None, Kind::Array, "[]", "Overwrite the default allowlist with <group/version/kind> for --prune"),
    boolean("server-side", "If true, apply runs in the server instead of the client."),
    flag("show-managed-fields", None, Kind::Bool, "false", "If true, include managed fields in the diff."),
];

pub const LONG: &str = "Diff configurations specified by file name or stdin between the current online configuration, and the configuration as it would be if applied.

 The output is always YAML.

 KUBECTL_EXTERNAL_DIFF environment variable can be used to select your own diff command. Users can use external commands with params too, example: KUBECTL_EXTERNAL_DIFF=\"colordiff -N -u\"

 By default, the \"diff\" command available in your path will be run with the \"-u\" (unified diff) and \"-N\" (treat absent files as empty) options.

 Exit status: 0 No differences were found. 1 Differences were found. >1 Kubectl or diff failed with an error.

 Note: KUBECTL_EXTERNAL_DIFF, if used, is expected to follow that convention.";

pub const EXAMPLES: &str = "  # Diff resources included in pod.json
  kubectl diff -f pod.json
  
  # Diff file read from stdin
  cat service.yaml | kubectl diff -f -";

pub const USAGE: &str = "kubectl diff -f FILENAME [options]";

/// kubectl exits with its error code plus one when diff fails, so that 1 keeps meaning
/// "differences".
const ERROR_EXIT: i32 = 2;

/// `diff`'s flags, read once.
pub struct DiffOptions {
    filenames: Vec<String>,
    kustomize: String,
    recursive: bool,
    field_manager: String,
    show_managed_fields: bool,
    server_side: bool,
    force_conflicts: bool,
    prune: bool,
    /// `--prune-allowlist` as typed, then mapped (empty: kubectl's default list).
    prune_allowlist: Vec<String>,
    prune_kinds: Vec<ResourceInfo>,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let outcome = DiffOptions::complete(args).and_then(|mut o| {
        if o.prune {
            o.prune_kinds = prune::parse_allowlist(ctx, &o.prune_allowlist)?;
        }
        o.validate()?;
        o.run(ctx)
    });
    match outcome {
        Err(KError::Exit(code)) => Err(KError::Exit(code)),
        Err(e) => {
            let text = e.render(&ctx.cmd_path);
            ctx.eprint(text);
            Err(KError::Exit(ERROR_EXIT))
        }
        Ok(()) => Ok(()),
    }
}

impl DiffOptions {
    pub fn complete(args: &Args) -> Result<DiffOptions, KError> {
        if !args.positionals.is_empty() {
            return Err(KError::Usage(format!(
                "Unexpected args: [{}]",
                args.positionals.join(" ")
            )));
        }
        let filenames = args.list("filename");
        let kustomize = args.str("kustomize");
        if filenames.is_empty() && kustomize.is_empty() {
            return Err(KError::msg("must specify one of -f and -k"));
        }
        Ok(DiffOptions {
            filenames,
            kustomize,
            recursive: args.bool("recursive"),
            field_manager: args.str("field-manager"),
            show_managed_fields: args.bool("show-managed-fields"),
            server_side: args.bool("server-side"),
            force_conflicts: args.bool("force-conflicts"),
            prune: args.bool("prune"),
            prune_allowlist: args.list("prune-allowlist"),
            prune_kinds: Vec::new(),
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        if self.force_conflicts && !self.server_side {
            return Err(KError::msg(
                "--force-conflicts only works with --server-side",
            ));
        }
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let (infos, errors) = Builder::new(ctx)
            .filenames(&self.filenames, self.recursive)
            .kustomize(&self.kustomize)
            .require_namespace(NamespaceCheck::Files)
            .visit()?
            .split();
        if let Some(e) = errors.into_iter().next() {
            return Err(e);
        }
        let mut files = Vec::new();
        let mut visited = Visited::default();
        for info in &infos {
            let (pair, live) = self.file_pair(ctx, info)?;
            if let Some(ns) = &info.namespace {
                visited.namespaces.insert(ns.clone());
            }
            let uid = live
                .as_ref()
                .map(|l| meta::str_at(l, &["metadata", "uid"]).to_string());
            visited.uids.insert(uid.unwrap_or_default());
            files.push(pair);
        }
        if self.prune {
            self.pruned_files(ctx, &visited, &mut files);
        }
        let n = ctx.api.clock().map(|t| t.0).unwrap_or(0);
        let stamp = file_time(ctx);
        let (live_dir, merged_dir) = (format!("/tmp/LIVE-{n}"), format!("/tmp/MERGED-{}", n + 1));
        let text = unified::directories(&live_dir, &merged_dir, &stamp, &files);
        if text.is_empty() {
            return Ok(());
        }
        ctx.print(text);
        Err(KError::Exit(1))
    }

    /// What pruning would delete, each a LIVE file without a MERGED one (as kubectl prints
    /// them: managedFields and Secret data kept); a failure is only a warning.
    fn pruned_files(&self, ctx: &mut Ctx, visited: &Visited, files: &mut Vec<FilePair>) {
        let found = prune::kinds(ctx, &self.prune_kinds).and_then(|kinds| {
            prune::for_each_leftover(ctx, &kinds, "", visited, |_, l| {
                let name = pruned_name(&l);
                let live = kubeplay_yaml::to_yaml(&meta::sorted(&l.object));
                let merged = String::new();
                files.push(FilePair {
                    name,
                    live,
                    merged,
                    merged_missing: true,
                });
                Ok(())
            })
        });
        if let Err(e) = found {
            let text = format!(
                "pruning failed and could not be evaluated err: {}",
                e.go_text()
            );
            klog_warning(ctx, "diff.go:759", &text);
        }
    }

    /// The object's file name, its LIVE and MERGED YAML, and the live object.
    fn file_pair(&self, ctx: &mut Ctx, info: &Info) -> Result<(FilePair, Option<Value>), KError> {
        let (live, merged) = if self.server_side {
            merged::server_side(ctx, info, &self.field_manager, self.force_conflicts)?
        } else {
            merged::live_and_merged(ctx, info, &self.field_manager)?
        };
        let found = live.clone();
        let (mut live, mut merged) = (live, merged);
        if !self.show_managed_fields {
            for o in [&mut live, &mut merged].into_iter().flatten() {
                super::util::print_flags::strip_managed_fields(o);
            }
        }
        let yaml = |o: &Option<Value>| o.as_ref().map(kubeplay_yaml::to_yaml).unwrap_or_default();
        let mut pair = FilePair {
            merged_missing: false,
            name: file_name(info),
            live: String::new(),
            merged: String::new(),
        };
        if info.resource.kind == "Secret" && info.resource.group.is_empty() {
            merged::mask_secret_data(live.as_mut(), merged.as_mut());
            // kubectl's masker hands the printer a typed nil, which prints as `null`.
            if live.is_none() {
                pair.live = "null\n".into();
            }
        }
        if pair.live.is_empty() {
            pair.live = yaml(&live);
        }
        pair.merged = yaml(&merged);
        Ok((pair, found))
    }
}

/// A pruned object's file name, as `file_name` makes it.
fn pruned_name(l: &Leftover) -> String {
    let r = l.resource;
    let group = match r.group.as_str() {
        "" => String::new(),
        g => format!("{g}."),
    };
    let name = meta::name(&l.object);
    format!(
        "{group}{}.{}.{}.{name}",
        r.version,
        r.kind,
        l.namespace.unwrap_or("")
    )
}

/// kubectl's file name for an object: `apps.v1.Deployment.default.web` (no group for core).
fn file_name(info: &Info) -> String {
    let r = &info.resource;
    let group = match r.group.as_str() {
        "" => String::new(),
        g => format!("{g}."),
    };
    format!(
        "{group}{}.{}.{}.{}",
        r.version,
        r.kind,
        info.namespace.as_deref().unwrap_or(""),
        info.name
    )
}

/// The files' modification time as GNU diff prints it: `2026-12-07 21:00:00.000000000 +0000`.
fn file_time(ctx: &Ctx) -> String {
    let rfc = ctx.api.clock().map(|t| t.rfc3339()).unwrap_or_default();
    let (date, time) = rfc.split_once('T').unwrap_or(("1970-01-01", "00:00:00Z"));
    format!("{date} {}.000000000 +0000", time.trim_end_matches('Z'))
}
