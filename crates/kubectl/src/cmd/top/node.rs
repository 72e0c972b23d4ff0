//! `kubectl top node [NAME | -l label]`: each node's CPU and memory from the metrics API, and
//! their share of what the node can give pods (allocatable, or capacity with --show-capacity);
//! a node the API has no figures for shows `<unknown>`.

use kubeplay_core::sort::SortOnce;
use serde_json::Value;

use super::metrics::{self, GROUP_VERSION};
use crate::error::KError;
use crate::flags::{boolean, flag, string, Args, Flag, Kind};
use crate::Ctx;
use kubeplay_core::api::ApiRequest;

pub const FLAGS: &[Flag] = &[
    boolean("no-headers", "If present, print output without headers"),
    super::super::util::flags::SELECTOR,
    boolean("show-capacity", "Print node resources based on Capacity instead of Allocatable(default) of the nodes."),
    string("sort-by", "", "If non-empty, sort nodes list using specified field. The field can be either 'cpu' or 'memory'."),
    flag("use-protocol-buffers", None, Kind::Bool, "true", "Enables using protocol-buffers to access Metrics API."),
];

pub const LONG: &str = "Display resource (CPU/memory) usage of nodes.

 The top-node command allows you to see the resource consumption of nodes.";

pub const EXAMPLES: &str = "  # Show metrics for all nodes
  kubectl top node
  
  # Show metrics for a given node
  kubectl top node NODE_NAME";

pub const USAGE: &str = "kubectl top node [NAME | -l label] [options]";

pub struct TopNodeOptions {
    name: String,
    selector: String,
    sort_by: String,
    no_headers: bool,
    show_capacity: bool,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = TopNodeOptions::complete(args)?;
    o.validate()?;
    o.run(ctx)
}

/// (name, millicores, bytes)
type NodeUse = (String, i128, i128);

impl TopNodeOptions {
    pub fn complete(args: &Args) -> Result<TopNodeOptions, KError> {
        if args.positionals.len() > 1 {
            return Err(KError::Usage("node [NAME | -l label]".into()));
        }
        Ok(TopNodeOptions {
            name: args.positionals.first().cloned().unwrap_or_default(),
            selector: args.str("selector"),
            sort_by: args.str("sort-by"),
            no_headers: args.bool("no-headers"),
            show_capacity: args.bool("show-capacity"),
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        metrics::check_sort_by(&self.sort_by)?;
        if !self.name.is_empty() && !self.selector.is_empty() {
            return Err(KError::msg(
                "only one of NAME or --selector can be provided",
            ));
        }
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        metrics::require_api(ctx)?;
        let mut used: Vec<NodeUse> = self
            .items(ctx, &format!("{GROUP_VERSION}/nodes"))?
            .iter()
            .map(|m| {
                let (cpu, mem) = metrics::usage(m.get("usage"));
                (name_of(m), cpu, mem)
            })
            .collect();
        if used.is_empty() {
            return Err(KError::msg("metrics not available yet"));
        }
        let nodes = self.items(ctx, "/api/v1/nodes")?;
        let field = if self.show_capacity {
            "capacity"
        } else {
            "allocatable"
        };
        let available: Vec<(String, (i128, i128))> = nodes
            .iter()
            .map(|n| {
                (
                    name_of(n),
                    metrics::usage(n.pointer(&format!("/status/{field}"))),
                )
            })
            .collect();
        match self.sort_by.as_str() {
            "cpu" => used.sort_once_by_key(|u| std::cmp::Reverse(u.1)),
            "memory" => used.sort_once_by_key(|u| std::cmp::Reverse(u.2)),
            _ => used.sort_once_by(|a, b| a.0.cmp(&b.0)),
        }
        let mut rows = Vec::new();
        for (name, cpu, mem) in &used {
            let avail = available.iter().find(|(n, _)| n == name).map(|(_, a)| *a);
            let share = |used: i128, of: Option<i128>| {
                of.map(|of| if of == 0 { 0 } else { used * 100 / of })
            };
            let mut r = vec![name.clone(), metrics::cpu_cell(*cpu)];
            r.extend(share(*cpu, avail.map(|a| a.0)).map(|p| format!("{p}%")));
            r.push(metrics::memory_cell(*mem));
            r.extend(share(*mem * 1000, avail.map(|a| a.1 * 1000)).map(|p| format!("{p}%")));
            rows.push(r);
        }
        // Nodes the metrics API left out.
        for (name, _) in &available {
            if !used.iter().any(|u| &u.0 == name) {
                let unknown = "<unknown>".to_string();
                rows.push(vec![
                    name.clone(),
                    unknown.clone(),
                    unknown.clone(),
                    unknown.clone(),
                    unknown,
                ]);
            }
        }
        let header = (!self.no_headers).then(|| {
            ["NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)"]
                .map(String::from)
                .to_vec()
        });
        ctx.print(metrics::table(header, rows));
        Ok(())
    }

    /// One object by name, or the list with the label selector.
    fn items(&self, ctx: &mut Ctx, collection: &str) -> Result<Vec<Value>, KError> {
        if !self.name.is_empty() {
            return Ok(vec![
                ctx.call(ApiRequest::get(format!("{collection}/{}", self.name)))?
            ]);
        }
        let mut req = ApiRequest::get(collection);
        if !self.selector.is_empty() {
            req = req.with_query("labelSelector", &self.selector);
        }
        let list = ctx.call(req)?;
        Ok(list
            .get("items")
            .and_then(|i| i.as_array())
            .cloned()
            .unwrap_or_default())
    }
}

fn name_of(o: &Value) -> String {
    o.pointer("/metadata/name")
        .and_then(|n| n.as_str())
        .unwrap_or("")
        .to_string()
}
