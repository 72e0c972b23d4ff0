//! Columns of the controllers: Deployment, ReplicaSet, DaemonSet, StatefulSet,
//! ControllerRevision (apps/v1) and the core ReplicationController.

use crate::meta::ResourceExt;
use crate::selector::LabelSelector;
use serde_json::{json, Value};

use super::{age, col, containers_and_images, i, name, selector_text, wide, Column, Ctx, Printer};

pub fn printer(group: &str, kind: &str) -> Option<Printer> {
    let (columns, cells): (&'static [Column], super::CellsFn) = match (group, kind) {
        ("apps", "Deployment") => (DEPLOYMENT, deployment),
        ("apps", "ReplicaSet") => (REPLICA_SET, replica_set),
        ("", "ReplicationController") => (REPLICA_SET, replication_controller),
        ("apps", "DaemonSet") => (DAEMON_SET, daemon_set),
        ("apps", "StatefulSet") => (STATEFUL_SET, stateful_set),
        ("apps", "ControllerRevision") => (CONTROLLER_REVISION, controller_revision),
        _ => return None,
    };
    Some(Printer { columns, cells })
}

const DEPLOYMENT: &[Column] = &[
    col("Name"),
    col("Ready"),
    col("Up-to-date"),
    col("Available"),
    col("Age"),
    wide("Containers"),
    wide("Images"),
    wide("Selector"),
];

fn template_spec(obj: &Value) -> Option<&Value> {
    obj.pointer("/spec/template/spec")
}

fn deployment(d: &Value, ctx: &Ctx) -> Vec<Value> {
    let (containers, images) = containers_and_images(template_spec(d));
    vec![
        json!(name(d)),
        json!(format!(
            "{}/{}",
            i(d, "/status/readyReplicas"),
            i(d, "/spec/replicas")
        )),
        json!(i(d, "/status/updatedReplicas")),
        json!(i(d, "/status/availableReplicas")),
        json!(age(d, ctx.now)),
        json!(containers),
        json!(images),
        json!(LabelSelector::format(d.pointer("/spec/selector"))),
    ]
}

const REPLICA_SET: &[Column] = &[
    col("Name"),
    col("Desired"),
    col("Current"),
    col("Ready"),
    col("Age"),
    wide("Containers"),
    wide("Images"),
    wide("Selector"),
];

fn replica_set(rs: &Value, ctx: &Ctx) -> Vec<Value> {
    let (containers, images) = containers_and_images(template_spec(rs));
    vec![
        json!(name(rs)),
        json!(i(rs, "/spec/replicas")),
        json!(i(rs, "/status/replicas")),
        json!(i(rs, "/status/readyReplicas")),
        json!(age(rs, ctx.now)),
        json!(containers),
        json!(images),
        json!(LabelSelector::format(rs.pointer("/spec/selector"))),
    ]
}

/// A ReplicationController's selector is a plain map.
fn replication_controller(rc: &Value, ctx: &Ctx) -> Vec<Value> {
    let mut cells = replica_set(rc, ctx);
    if let Some(last) = cells.last_mut() {
        *last = json!(selector_text(rc.pointer("/spec/selector")));
    }
    cells
}

const DAEMON_SET: &[Column] = &[
    col("Name"),
    col("Desired"),
    col("Current"),
    col("Ready"),
    col("Up-to-date"),
    col("Available"),
    col("Node Selector"),
    col("Age"),
    wide("Containers"),
    wide("Images"),
    wide("Selector"),
];

fn daemon_set(ds: &Value, ctx: &Ctx) -> Vec<Value> {
    let (containers, images) = containers_and_images(template_spec(ds));
    vec![
        json!(name(ds)),
        json!(i(ds, "/status/desiredNumberScheduled")),
        json!(i(ds, "/status/currentNumberScheduled")),
        json!(i(ds, "/status/numberReady")),
        json!(i(ds, "/status/updatedNumberScheduled")),
        json!(i(ds, "/status/numberAvailable")),
        json!(selector_text(
            ds.pointer("/spec/template/spec/nodeSelector")
        )),
        json!(age(ds, ctx.now)),
        json!(containers),
        json!(images),
        json!(LabelSelector::format(ds.pointer("/spec/selector"))),
    ]
}

const STATEFUL_SET: &[Column] = &[
    col("Name"),
    col("Ready"),
    col("Age"),
    wide("Containers"),
    wide("Images"),
];

fn stateful_set(ss: &Value, ctx: &Ctx) -> Vec<Value> {
    let (containers, images) = containers_and_images(template_spec(ss));
    vec![
        json!(name(ss)),
        json!(format!(
            "{}/{}",
            i(ss, "/status/readyReplicas"),
            i(ss, "/spec/replicas")
        )),
        json!(age(ss, ctx.now)),
        json!(containers),
        json!(images),
    ]
}

const CONTROLLER_REVISION: &[Column] =
    &[col("Name"), col("Controller"), col("Revision"), col("Age")];

fn controller_revision(cr: &Value, ctx: &Ctx) -> Vec<Value> {
    let controller = cr
        .controller_ref()
        .map(|r| {
            let api_version = super::s(r, "/apiVersion");
            let group = api_version.rsplit_once('/').map_or("", |(g, _)| g);
            let kind = super::s(r, "/kind").to_lowercase();
            let gk = if group.is_empty() {
                kind
            } else {
                format!("{kind}.{group}")
            };
            format!("{gk}/{}", super::s(r, "/name"))
        })
        .unwrap_or_else(|| "<none>".into());
    vec![
        json!(name(cr)),
        json!(controller),
        json!(i(cr, "/revision")),
        json!(age(cr, ctx.now)),
    ]
}
