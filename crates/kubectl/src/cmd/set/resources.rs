//! `kubectl set resources`: set CPU and memory limits and requests on the containers of pod
//! templates (`--limits`, `--requests`, `-c` to choose containers).

use serde_json::{Map, Value};

use super::super::super::error::KError;
use super::super::super::flags::{boolean, flag, string, Args, Flag, Kind};
use super::super::super::printers::Format;
use super::super::super::resources::Info;
use super::super::super::Ctx;
use super::super::util::dry_run::DryRun;
use super::super::util::errors::report_errors;
use super::super::util::print_flags;
use super::env::wildcard_match;
use super::{Selection, Sender};
use kubeplay_core::api::quantity::Quantity;

pub const FLAGS: &[Flag] = &[
    boolean("all", "Select all resources, in the namespace of the specified resource types"),
    super::super::util::flags::ALLOW_MISSING_TEMPLATE_KEYS,
    flag("containers", Some('c'), Kind::Str, "*", "The names of containers in the selected pod templates to change, all containers are selected by default - may use wildcards"),
    super::super::util::flags::DRY_RUN,
    string("field-manager", "kubectl-set", "Name of the manager used to track field ownership."),
    super::super::util::flags::filename("Filename, directory, or URL to files identifying the resource to get from a server."),
    super::super::util::flags::KUSTOMIZE,
    string("limits", "", "The resource requirement requests for this container.  For example, 'cpu=100m,memory=256Mi'.  Note that server side components may assign requests depending on the server configuration, such as limit ranges."),
    boolean("local", "If true, set resources will NOT contact api-server but run locally."),
    super::super::util::flags::OUTPUT,
    super::super::util::flags::RECURSIVE,
    string("requests", "", "The resource requirement requests for this container.  For example, 'cpu=100m,memory=256Mi'.  Note that server side components may assign requests depending on the server configuration, such as limit ranges."),
    super::super::util::flags::SELECTOR,
    super::super::util::flags::SHOW_MANAGED_FIELDS,
    super::super::util::flags::TEMPLATE,
    super::RECORD,
];
pub const LONG: &str = "Specify compute resource requirements (CPU, memory) for any resource that defines a pod template.  If a pod is successfully scheduled, it is guaranteed the amount of resource requested, but may burst up to its specified limits.

 For each compute resource, if a limit is specified and a request is omitted, the request will default to the limit.

 Possible resources include (case insensitive): Use \"kubectl api-resources\" for a complete list of supported resources..";
pub const EXAMPLES: &str = "  # Set a deployments nginx container cpu limits to \"200m\" and memory to \"512Mi\"
  kubectl set resources deployment nginx -c=nginx --limits=cpu=200m,memory=512Mi

  # Set the resource request and limits for all containers in nginx
  kubectl set resources deployment nginx --limits=cpu=200m,memory=512Mi --requests=cpu=100m,memory=256Mi

  # Remove the resource requests for resources on containers in nginx
  kubectl set resources deployment nginx --limits=cpu=0,memory=0 --requests=cpu=0,memory=0

  # Print the result (in yaml format) of updating nginx container limits from a local, without hitting the server
  kubectl set resources -f path/to/file.yaml --limits=cpu=200m,memory=512Mi --local -o yaml";
pub const USAGE: &str = "kubectl set resources (-f FILENAME | TYPE NAME)  ([--limits=LIMITS & --requests=REQUESTS] [options]";

/// A parsed `--limits` or `--requests`: resource name → canonical quantity.
pub type Resources = Map<String, Value>;

pub struct SetResourcesOptions {
    sel: Selection,
    containers: String,
    limits: String,
    requests: String,
    dry_run: DryRun,
    format: Option<Format>,
    manager: String,
    infos: Vec<Info>,
    /// `--record`'s change-cause.
    record: Option<String>,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = SetResourcesOptions::complete(ctx, args)?;
    let (limits, requests) = o.validate()?;
    o.run(ctx, &limits, &requests)
}

impl SetResourcesOptions {
    /// As kubectl, the objects are found while completing.
    pub fn complete(ctx: &mut Ctx, args: &Args) -> Result<SetResourcesOptions, KError> {
        let dry_run = DryRun::from_args(args)?;
        let format = print_flags::object_format_args(ctx.fs, args)?;
        let sel = Selection::from_args(args, args.positionals.clone());
        let (infos, _) = sel.visit(ctx)?;
        let record = super::record(ctx, args);
        Ok(SetResourcesOptions {
            record,
            sel,
            containers: args.str("containers"),
            limits: args.str("limits"),
            requests: args.str("requests"),
            dry_run,
            format,
            manager: args.str("field-manager"),
            infos,
        })
    }

    /// The checks, and the parsed limits and requests (`HandleResourceRequirementsV1`).
    pub fn validate(&self) -> Result<(Resources, Resources), KError> {
        if self.sel.local && self.dry_run == DryRun::Server {
            return Err(KError::msg(
                "cannot specify --local and --dry-run=server - did you mean --dry-run=client?",
            ));
        }
        if let Some(e) = self.sel.check_all_and_selector() {
            return Err(e);
        }
        if self.limits.is_empty() && self.requests.is_empty() {
            return Err(KError::msg(
                "you must specify an update to requests or limits (in the form of --requests/--limits)",
            ));
        }
        Ok((resource_list(&self.limits)?, resource_list(&self.requests)?))
    }

    pub fn run(
        &self,
        ctx: &mut Ctx,
        limits: &Map<String, Value>,
        requests: &Map<String, Value>,
    ) -> Result<(), KError> {
        let sender = Sender {
            dry_run: self.dry_run,
            local: self.sel.local,
            format: &self.format,
            manager: &self.manager,
            operation: "resource requirements updated",
            failure: "failed to patch resources update to pod template",
        };
        let mut errors = Vec::new();
        for info in &self.infos {
            let (before, ptr) = match super::pod_template_object(ctx, info, self.sel.local) {
                Ok(found) => found,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            let mut after = before.clone();
            let mut found = false;
            if let Some(spec) = after.pointer_mut(ptr) {
                for field in ["containers", "initContainers"] {
                    let list = spec.get_mut(field).and_then(|c| c.as_array_mut());
                    for c in list.into_iter().flatten() {
                        let name = c.get("name").and_then(|n| n.as_str()).unwrap_or("");
                        if !wildcard_match(name, &self.containers) {
                            continue;
                        }
                        found = true;
                        set_resources(c, "limits", limits);
                        set_resources(c, "requests", requests);
                    }
                }
            }
            if !found {
                errors.push(KError::msg(format!(
                    "unable to find container named {}",
                    self.containers
                )));
                continue;
            }
            super::apply_record(&mut after, &self.record);
            if let Err(e) = sender.send(ctx, info, &before, after) {
                errors.push(e);
            }
        }
        report_errors(ctx, errors)
    }
}

fn set_resources(container: &mut Value, field: &str, values: &Map<String, Value>) {
    if values.is_empty() {
        return;
    }
    let Some(c) = container.as_object_mut() else {
        return;
    };
    let res = c
        .entry("resources")
        .or_insert_with(|| Value::Object(Map::new()));
    let Some(res) = res.as_object_mut() else {
        return;
    };
    let list = res
        .entry(field)
        .or_insert_with(|| Value::Object(Map::new()));
    if let Some(list) = list.as_object_mut() {
        for (k, v) in values {
            list.insert(k.clone(), v.clone());
        }
    }
}

/// `populateResourceListV1`: `cpu=200m,memory=512Mi` → quantities in canonical form.
fn resource_list(spec: &str) -> Result<Map<String, Value>, KError> {
    let mut out = Map::new();
    if spec.is_empty() {
        return Ok(out);
    }
    for statement in spec.split(',') {
        let parts: Vec<&str> = statement.split('=').collect();
        let [name, value] = parts.as_slice() else {
            return Err(KError::msg(format!(
                "Invalid argument syntax {statement}, expected <resource>=<value>"
            )));
        };
        let Some(q) = Quantity::parse(value) else {
            return Err(KError::msg("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"));
        };
        out.insert(name.to_string(), Value::String(q.to_canonical()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_lists_parse_as_kubectl() {
        let l = resource_list("cpu=0.5,memory=512Mi").unwrap_or_default();
        assert_eq!(l["cpu"], "500m");
        assert_eq!(l["memory"], "512Mi");
        assert!(resource_list("cpu").is_err());
        assert!(resource_list("cpu=lots").is_err());
    }
}
