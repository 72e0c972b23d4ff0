//! `kubectl rollout history`: a Deployment's revisions from its ReplicaSets, with the
//! `kubernetes.io/change-cause` of each, or one revision's pod template (`HistoryViewer`).
//! DaemonSets and StatefulSets keep theirs in ControllerRevisions.

use std::collections::BTreeMap;

use serde_json::Value;

use super::super::super::describe::{podspec, W};
use super::super::super::error::KError;
use super::super::super::flags::{flag, Args, Flag, Kind};
use super::super::super::printers::Format;
use super::super::super::resources::Info;
use super::super::super::Ctx;
use super::super::util::print_flags;
use super::Selection;
use kubeplay_core::api::{meta, ApiRequest};

pub const FLAGS: &[Flag] = &[
    super::super::util::flags::ALLOW_MISSING_TEMPLATE_KEYS,
    super::super::util::flags::filename(
        "Filename, directory, or URL to files identifying the resource to get from a server.",
    ),
    super::super::util::flags::KUSTOMIZE,
    super::super::util::flags::OUTPUT,
    super::super::util::flags::RECURSIVE,
    flag(
        "revision",
        None,
        Kind::Int,
        "0",
        "See the details, including podTemplate of the revision specified",
    ),
    super::super::util::flags::SELECTOR,
    super::super::util::flags::SHOW_MANAGED_FIELDS,
    super::super::util::flags::TEMPLATE,
];
pub const LONG: &str = "View previous rollout revisions and configurations.";
pub const EXAMPLES: &str = "  # View the rollout history of a deployment
  kubectl rollout history deployment/abc

  # View the details of daemonset revision 3
  kubectl rollout history daemonset/abc --revision=3";
pub const USAGE: &str = "kubectl rollout history (TYPE NAME | TYPE/NAME) [flags] [options]";

pub const CHANGE_CAUSE: &str = "kubernetes.io/change-cause";

/// Revision → (its pod template, the ReplicaSet or ControllerRevision that keeps it).
type History = BTreeMap<i64, (Value, Value)>;

pub struct HistoryOptions {
    sel: Selection,
    revision: i64,
    format: Option<Format>,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let mut o = HistoryOptions::complete(args)?;
    o.format = o.format.map(|f| f.resolve(ctx.fs)).transpose()?;
    o.validate()?;
    o.run(ctx)
}

impl HistoryOptions {
    pub fn complete(args: &Args) -> Result<HistoryOptions, KError> {
        Ok(HistoryOptions {
            sel: Selection::from_args(args),
            revision: args.int("revision"),
            format: print_flags::object_format_flags(args)?,
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        self.sel.require()?;
        if self.revision < 0 {
            return Err(KError::msg(format!(
                "revision must be a positive integer: {}",
                self.revision
            )));
        }
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let (infos, errors) = self.sel.visit(ctx)?;
        if let Some(e) = errors.into_iter().next() {
            return Err(e);
        }
        for info in &infos {
            if let Some(f) = &self.format {
                self.print_revisions(ctx, info, f)?;
                continue;
            }
            let text = self.view(ctx, info)?;
            let with_revision = match self.revision {
                0 => String::new(),
                r => format!("with revision #{r}"),
            };
            let obj = super::live(ctx, info)?;
            super::print_result(
                ctx,
                info,
                &obj,
                &format!("{with_revision}\n{text}"),
                &self.format,
            )?;
        }
        Ok(())
    }

    /// With `-o`, kubectl prints the objects that hold the revisions (ReplicaSets or
    /// ControllerRevisions), oldest first, or the one of `--revision`.
    fn print_revisions(&self, ctx: &mut Ctx, info: &Info, f: &Format) -> Result<(), KError> {
        let history = self.history(ctx, info)?;
        let (kind, objects): (&str, Vec<&Value>) = match info.resource.kind.as_str() {
            "Deployment" => (
                "replicaset.apps",
                history.values().map(|(_, o)| o).collect(),
            ),
            _ => (
                "controllerrevision.apps",
                history.values().map(|(_, o)| o).collect(),
            ),
        };
        let chosen: Vec<&Value> = match self.revision {
            0 => objects,
            r => match history.get(&r) {
                Some((_, o)) => vec![o],
                None => return Err(KError::msg("unable to find the specified revision")),
            },
        };
        let mut text = String::new();
        for (i, obj) in chosen.into_iter().enumerate() {
            if *f == Format::Name {
                text.push_str(&format!("{kind}/{}\n", meta::name(obj)));
                continue;
            }
            if i > 0 && *f == Format::Yaml {
                text.push_str("---\n");
            }
            text.push_str(&print_flags::print_object(f, obj)?);
        }
        ctx.print(text);
        Ok(())
    }

    /// Revision → (pod template, the object that holds it).
    fn history(&self, ctx: &mut Ctx, info: &Info) -> Result<History, KError> {
        match (info.resource.group.as_str(), info.resource.kind.as_str()) {
            ("apps", "Deployment") => deployment_history(ctx, info),
            ("apps", "DaemonSet" | "StatefulSet") => controller_revisions(ctx, info),
            _ => Err(super::no_helper(info, "history", "history viewer")),
        }
    }

    /// The history table, or the pod template of `--revision`.
    fn view(&self, ctx: &mut Ctx, info: &Info) -> Result<String, KError> {
        let history = self.history(ctx, info)?;
        if history.is_empty() {
            return Ok("No rollout history found.".into());
        }
        if self.revision > 0 {
            let Some((template, _)) = history.get(&self.revision) else {
                return Err(KError::msg("unable to find the specified revision"));
            };
            return Ok(template_text(template));
        }
        let sts = info.resource.kind == "StatefulSet";
        let mut rows = vec![match sts {
            true => vec!["REVISION".to_string()],
            false => vec!["REVISION".to_string(), "CHANGE-CAUSE".to_string()],
        }];
        for (rev, (template, _)) in &history {
            let cause = meta::str_at(template, &["metadata", "annotations", CHANGE_CAUSE]);
            let cause = if cause.is_empty() { "<none>" } else { cause };
            rows.push(match sts {
                true => vec![rev.to_string()],
                false => vec![rev.to_string(), cause.to_string()],
            });
        }
        Ok(tabbed(&rows))
    }
}

/// `describe.DescribePodTemplate`, as `printTemplate` writes it: straight to a buffer, so
/// its tabs are not aligned.
pub fn template_text(template: &Value) -> String {
    let mut w = W::new();
    podspec::pod_template(&mut w, Some(template));
    w.unaligned()
}

/// Go's tabwriter with padding 2: every column but the last as wide as its widest cell.
fn tabbed(rows: &[Vec<String>]) -> String {
    let cols = rows.iter().map(|r| r.len()).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            out.push_str(cell);
            if i + 1 < row.len() {
                let pad = widths[i] + 2 - cell.chars().count();
                out.push_str(&" ".repeat(pad));
            }
        }
        out.push('\n');
    }
    out
}

/// Revision → the pod template of a Deployment's ReplicaSet, with that ReplicaSet's
/// change-cause.
fn deployment_history(ctx: &mut Ctx, info: &Info) -> Result<History, KError> {
    let d = super::live(ctx, info)?;
    let mut out = BTreeMap::new();
    for rs in super::replica_sets(ctx, &d)? {
        let Some(rev) = super::revision_of(&rs) else {
            continue;
        };
        let mut template = rs.pointer("/spec/template").cloned().unwrap_or_default();
        let cause = meta::str_at(&rs, &["metadata", "annotations", CHANGE_CAUSE]);
        if !cause.is_empty() {
            meta::set_str(
                &mut template,
                &["metadata", "annotations", CHANGE_CAUSE],
                cause,
            );
        }
        out.insert(rev, (template, rs));
    }
    Ok(out)
}

/// Revision → the pod template kept in each ControllerRevision the object controls.
fn controller_revisions(ctx: &mut Ctx, info: &Info) -> Result<History, KError> {
    let obj = super::live(ctx, info)?;
    let ns = meta::namespace(&obj);
    let uid = meta::str_at(&obj, &["metadata", "uid"]).to_string();
    let req = ApiRequest::get(format!("/apis/apps/v1/namespaces/{ns}/controllerrevisions"))
        .with_query("labelSelector", super::match_labels(&obj));
    let list = ctx.call(req)?;
    let mut out = BTreeMap::new();
    for cr in list
        .get("items")
        .and_then(|i| i.as_array())
        .into_iter()
        .flatten()
    {
        let owned = cr
            .pointer("/metadata/ownerReferences")
            .and_then(|o| o.as_array())
            .is_some_and(|l| l.iter().any(|r| meta::str_at(r, &["uid"]) == uid));
        if !owned {
            continue;
        }
        let rev = cr.get("revision").and_then(|r| r.as_i64()).unwrap_or(0);
        let mut template = cr
            .pointer("/data/spec/template")
            .cloned()
            .unwrap_or_default();
        if let Some(m) = template.as_object_mut() {
            m.shift_remove("$patch");
        }
        let cause = meta::str_at(cr, &["metadata", "annotations", CHANGE_CAUSE]);
        if !cause.is_empty() {
            meta::set_str(
                &mut template,
                &["metadata", "annotations", CHANGE_CAUSE],
                cause,
            );
        }
        out.insert(rev, (template, Value::clone(cr)));
    }
    Ok(out)
}
