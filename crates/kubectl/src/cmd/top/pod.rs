//! `kubectl top pod [NAME | -l label]`: each pod's CPU and memory (or each container's with
//! --containers) from the metrics API, sorted by namespace and name or by use, with --sum's
//! totals; an empty answer is explained as kubectl does (pods too young, or none at all).

use kubeplay_core::sort::SortOnce;
use serde_json::Value;

use super::metrics::{self, GROUP_VERSION};
use crate::error::KError;
use crate::flags::{boolean, flag, string, Args, Flag, Kind};
use crate::Ctx;
use kubeplay_core::api::ApiRequest;
use kubeplay_core::clock::Time;

pub const FLAGS: &[Flag] = &[
    super::super::util::flags::ALL_NAMESPACES,
    boolean("containers", "If present, print usage of containers within a pod."),
    string("field-selector", "", "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type."),
    boolean("no-headers", "If present, print output without headers."),
    super::super::util::flags::SELECTOR,
    string("sort-by", "", "If non-empty, sort pods list using specified field. The field can be either 'cpu' or 'memory'."),
    boolean("sum", "Print the sum of the resource usage"),
    flag("use-protocol-buffers", None, Kind::Bool, "true", "Enables using protocol-buffers to access Metrics API."),
];

pub const LONG: &str = "Display resource (CPU/memory) usage of pods.

 The 'top pod' command allows you to see the resource consumption of pods.

 Due to the metrics pipeline delay, they may be unavailable for a few minutes since pod creation.";

pub const EXAMPLES: &str = "  # Show metrics for all pods in the default namespace
  kubectl top pod
  
  # Show metrics for all pods in the given namespace
  kubectl top pod --namespace=NAMESPACE
  
  # Show metrics for a given pod and its containers
  kubectl top pod POD_NAME --containers
  
  # Show metrics for the pods defined by label name=myLabel
  kubectl top pod -l name=myLabel";

pub const USAGE: &str = "kubectl top pod [NAME | -l label] [options]";

/// kubectl's grace for a new pod before missing metrics are an error.
const METRICS_CREATION_DELAY: i64 = 120;

pub struct TopPodOptions {
    name: String,
    namespace: String,
    all_namespaces: bool,
    label_selector: String,
    field_selector: String,
    sort_by: String,
    containers: bool,
    no_headers: bool,
    sum: bool,
}

/// One pod's metrics: its namespace, name, and per container (name, millicores, bytes).
struct PodUse {
    namespace: String,
    name: String,
    containers: Vec<(String, i128, i128)>,
}

impl PodUse {
    fn total(&self) -> (i128, i128) {
        self.containers
            .iter()
            .fold((0, 0), |(c, m), (_, cc, mm)| (c + cc, m + mm))
    }
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = TopPodOptions::complete(ctx, args)?;
    o.validate()?;
    o.run(ctx)
}

impl TopPodOptions {
    pub fn complete(ctx: &mut Ctx, args: &Args) -> Result<TopPodOptions, KError> {
        if args.positionals.len() > 1 {
            return Err(KError::Usage("pod [NAME | -l label]".into()));
        }
        Ok(TopPodOptions {
            name: args.positionals.first().cloned().unwrap_or_default(),
            namespace: ctx.namespace(),
            all_namespaces: args.bool("all-namespaces"),
            label_selector: args.str("selector"),
            field_selector: args.str("field-selector"),
            sort_by: args.str("sort-by"),
            containers: args.bool("containers"),
            no_headers: args.bool("no-headers"),
            sum: args.bool("sum"),
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        metrics::check_sort_by(&self.sort_by)?;
        let selecting = !self.label_selector.is_empty() || !self.field_selector.is_empty();
        if !self.name.is_empty() && selecting {
            return Err(KError::msg("only one of NAME or selector can be provided"));
        }
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        metrics::require_api(ctx)?;
        let mut pods = self.fetch(ctx)?;
        if pods.is_empty() {
            self.explain_empty(ctx)?;
            let note = match self.all_namespaces {
                true => "No resources found\n".to_string(),
                false => format!("No resources found in {} namespace.\n", self.namespace),
            };
            ctx.eprint(note);
            return Ok(());
        }
        self.sort(&mut pods);
        ctx.print(self.render(&pods));
        Ok(())
    }

    /// The PodMetrics asked for: one by name, or a list with the selectors.
    fn fetch(&self, ctx: &mut Ctx) -> Result<Vec<PodUse>, KError> {
        let ns_path = match self.all_namespaces {
            true => String::new(),
            false => format!("/namespaces/{}", self.namespace),
        };
        if !self.name.is_empty() {
            let one = ctx.call(ApiRequest::get(format!(
                "{GROUP_VERSION}{ns_path}/pods/{}",
                self.name
            )))?;
            return Ok(vec![pod_use(&one)]);
        }
        let mut req = ApiRequest::get(format!("{GROUP_VERSION}{ns_path}/pods"));
        if !self.label_selector.is_empty() {
            req = req.with_query("labelSelector", &self.label_selector);
        }
        if !self.field_selector.is_empty() {
            req = req.with_query("fieldSelector", &self.field_selector);
        }
        let list = ctx.call(req)?;
        Ok(list
            .get("items")
            .and_then(|i| i.as_array())
            .into_iter()
            .flatten()
            .map(pod_use)
            .collect())
    }

    /// `verifyEmptyMetrics`: a pod old enough to have metrics makes the silence an error; else
    /// the metrics are "not available yet" unless there are no pods at all.
    fn explain_empty(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let base = format!("/api/v1/namespaces/{}/pods", self.namespace);
        let pods: Vec<Value> = if self.name.is_empty() {
            let mut req = ApiRequest::get(base);
            if !self.label_selector.is_empty() {
                req = req.with_query("labelSelector", &self.label_selector);
            }
            if !self.field_selector.is_empty() {
                req = req.with_query("fieldSelector", &self.field_selector);
            }
            let list = ctx.call(req)?;
            let items = list
                .get("items")
                .and_then(|i| i.as_array())
                .cloned()
                .unwrap_or_default();
            if items.is_empty() {
                return Ok(());
            }
            items
        } else {
            vec![ctx.call(ApiRequest::get(format!("{base}/{}", self.name)))?]
        };
        let now = ctx.api.clock().unwrap_or_default();
        for p in &pods {
            let md = |k: &str| {
                p.pointer(&format!("/metadata/{k}"))
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
            };
            let created = Time::parse_rfc3339(md("creationTimestamp")).unwrap_or(now);
            let age = now.since(created);
            if age > METRICS_CREATION_DELAY {
                return Err(KError::msg(format!(
                    "Metrics not available for pod {}/{}, age: {}",
                    md("namespace"),
                    md("name"),
                    super::super::util::duration::go_duration(age)
                )));
            }
        }
        Err(KError::msg("metrics not available yet"))
    }

    /// By namespace (with -A) and name, or by use, largest first; containers likewise.
    fn sort(&self, pods: &mut [PodUse]) {
        match self.sort_by.as_str() {
            "cpu" => pods.sort_once_by_key(|p| std::cmp::Reverse(p.total().0)),
            "memory" => pods.sort_once_by_key(|p| std::cmp::Reverse(p.total().1)),
            _ if self.all_namespaces => {
                pods.sort_once_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)))
            }
            _ => pods.sort_once_by(|a, b| a.name.cmp(&b.name)),
        }
        for p in pods.iter_mut() {
            match self.sort_by.as_str() {
                "cpu" => p.containers.sort_once_by_key(|c| std::cmp::Reverse(c.1)),
                "memory" => p.containers.sort_once_by_key(|c| std::cmp::Reverse(c.2)),
                _ => p.containers.sort_once_by(|a, b| a.0.cmp(&b.0)),
            }
        }
    }

    fn render(&self, pods: &[PodUse]) -> String {
        // kubectl counts the leading columns only while printing their headers.
        let mut width: usize = 3;
        let header = (!self.no_headers).then(|| {
            let mut h = Vec::new();
            if self.all_namespaces {
                h.push("NAMESPACE".to_string());
                width += 1;
            }
            if self.containers {
                h.push("POD".to_string());
                width += 1;
            }
            h.extend(["NAME", "CPU(cores)", "MEMORY(bytes)"].map(String::from));
            h
        });
        let mut rows = Vec::new();
        for p in pods {
            let lead = || {
                let mut r = Vec::new();
                if self.all_namespaces {
                    r.push(p.namespace.clone());
                }
                r
            };
            if self.containers {
                for (name, cpu, mem) in &p.containers {
                    let mut r = lead();
                    r.extend([
                        p.name.clone(),
                        name.clone(),
                        metrics::cpu_cell(*cpu),
                        metrics::memory_cell(*mem),
                    ]);
                    rows.push(r);
                }
            } else {
                let (cpu, mem) = p.total();
                let mut r = lead();
                r.extend([
                    p.name.clone(),
                    metrics::cpu_cell(cpu),
                    metrics::memory_cell(mem),
                ]);
                rows.push(r);
            }
        }
        if self.sum {
            let (cpu, mem) = pods
                .iter()
                .map(PodUse::total)
                .fold((0, 0), |(c, m), (cc, mm)| (c + cc, m + mm));
            let pad = |n: usize| vec![String::new(); n];
            let mut bar = pad(width.saturating_sub(2));
            bar.extend(["________".to_string(), "________".to_string()]);
            rows.push(bar);
            let mut total = pad(width.saturating_sub(3));
            total.extend([
                String::new(),
                metrics::cpu_cell(cpu),
                metrics::memory_cell(mem),
            ]);
            rows.push(total);
        }
        metrics::table(header, rows)
    }
}

fn pod_use(m: &Value) -> PodUse {
    let s = |p: &str| {
        m.pointer(p)
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string()
    };
    let containers = m
        .get("containers")
        .and_then(|c| c.as_array())
        .into_iter()
        .flatten()
        .map(|c| {
            let (cpu, mem) = metrics::usage(c.get("usage"));
            let name = c
                .get("name")
                .and_then(|n| n.as_str())
                .unwrap_or("")
                .to_string();
            (name, cpu, mem)
        })
        .collect();
    PodUse {
        namespace: s("/metadata/namespace"),
        name: s("/metadata/name"),
        containers,
    }
}
