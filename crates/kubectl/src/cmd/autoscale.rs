//! `kubectl autoscale (-f FILE | TYPE NAME | TYPE/NAME) --max=N [--min=N] [--cpu-percent=N]`:
//! an autoscaling/v1 HorizontalPodAutoscaler for each object that has a scale subresource.

use serde_json::{json, Map, Value};

use super::super::error::KError;
use super::super::flags::{flag, string, Args, Flag, Kind};
use super::super::resources::{Builder, Info};
use super::super::Ctx;
use super::util::create_flags;
use super::util::dry_run::DryRun;
use super::util::errors::report_errors;
use super::util::record;
use kubeplay_core::api::discovery::ResourceInfo;
use kubeplay_core::api::ApiRequest;

pub const FLAGS: &[Flag] = &[
    create_flags::ALLOW_MISSING_TEMPLATE_KEYS,
    flag("cpu-percent", None, Kind::Int, "-1", "The average CPU use the autoscaler aims at, as a percentage of the CPU the pods request. When not given or negative, the server's default policy applies."),
    create_flags::DRY_RUN,
    create_flags::field_manager("kubectl-autoscale"),
    flag("filename", Some('f'), Kind::Slice, "[]", "Files, directories or URLs naming the objects to autoscale."),
    create_flags::KUSTOMIZE,
    flag("max", None, Kind::Int, "-1", "The most pods the autoscaler may set. Required."),
    flag("min", None, Kind::Int, "-1", "The fewest pods the autoscaler may set. When not given or negative, the server's default applies."),
    string("name", "", "The name of the new autoscaler. The object's own name when not given."),
    create_flags::OUTPUT,
    create_flags::RECURSIVE,
    record::RECORD,
    create_flags::SAVE_CONFIG,
    create_flags::SHOW_MANAGED_FIELDS,
    create_flags::TEMPLATE,
];

pub const LONG: &str = "Create an autoscaler that picks the number of pods a workload runs.

 The deployment, replica set, stateful set or replication controller named is the autoscaler's target: the autoscaler sets its number of pods between the bounds given, following the load it measures.";

pub const EXAMPLES: &str =
    "  # Keep between 2 and 10 pods of the deployment foo, with the default CPU target
  kubectl autoscale deployment foo --min=2 --max=10
  
  # Keep up to 5 pods of the replication controller foo, aiming at 80% of their requested CPU
  kubectl autoscale rc foo --max=5 --cpu-percent=80";

pub const USAGE: &str = "kubectl autoscale (-f FILENAME | TYPE NAME | TYPE/NAME) [--min=MINPODS] --max=MAXPODS [--cpu-percent=CPU]";

/// `autoscale`'s flags, read once.
pub struct AutoscaleOptions {
    filenames: Vec<String>,
    recursive: bool,
    args: Vec<String>,
    name: String,
    min: i64,
    max: i64,
    cpu_percent: i64,
    /// The namespace the autoscalers go to: the command's, whatever the targets' files say.
    namespace: String,
    record: Option<String>,
    flags: create_flags::Opts,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    args.require(&["max"])?;
    let o = AutoscaleOptions::complete(ctx, args)?;
    o.validate()?;
    o.run(ctx)
}

impl AutoscaleOptions {
    pub fn complete(ctx: &mut Ctx, args: &Args) -> Result<AutoscaleOptions, KError> {
        if !args.str("kustomize").is_empty() {
            return Err(KError::msg(
                "kustomize (-k) is not supported in this playground",
            ));
        }
        let flags = create_flags::opts(ctx, args)?;
        Ok(AutoscaleOptions {
            filenames: args.list("filename"),
            recursive: args.bool("recursive"),
            args: args.positionals.clone(),
            name: args.str("name"),
            min: args.int("min"),
            max: args.int("max"),
            cpu_percent: args.int("cpu-percent"),
            namespace: ctx.namespace(),
            record: record::record(ctx, args),
            flags,
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        if self.max < 1 {
            return Err(KError::msg(format!(
                "--max=MAXPODS is required and must be at least 1, max: {}",
                self.max
            )));
        }
        if self.max < self.min {
            return Err(KError::msg(format!(
                "--max=MAXPODS must be larger or equal to --min=MINPODS, max: {}, min: {}",
                self.max, self.min
            )));
        }
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let (infos, mut errors) = Builder::new(ctx)
            .filenames(&self.filenames, self.recursive)
            .resource_type_or_name_args(&self.args)
            .names_required_unless(false)
            .visit()?
            .split();
        let hpa_info = ctx.resolve("horizontalpodautoscalers.v1.autoscaling")?;
        let mut done = 0;
        for info in &infos {
            match self.autoscale_one(ctx, &hpa_info, info, done) {
                Ok(()) => done += 1,
                Err(e) => errors.push(e),
            }
        }
        if !errors.is_empty() {
            return report_errors(ctx, errors);
        }
        if done == 0 {
            return Err(KError::msg("no objects passed to autoscale"));
        }
        Ok(())
    }

    fn autoscale_one(
        &self,
        ctx: &mut Ctx,
        hpa_info: &ResourceInfo,
        info: &Info,
        printed: usize,
    ) -> Result<(), KError> {
        scale_subresource(ctx, &info.resource)?;
        let mut hpa = self.autoscaler(info);
        if let Some(cause) = &self.record {
            record::apply_record(&mut hpa, &Some(cause.clone()));
            // An annotation added after the name keeps ObjectMeta's field order.
            reorder_meta(&mut hpa);
        }
        // kubectl records the configuration only in what it sends.
        let mut o = self.flags.clone();
        o.save_config &= o.dry != DryRun::Client;
        let o = &o;
        let created = create_flags::create(ctx, o, hpa_info, Some(&self.namespace), hpa, true)?;
        let mut count = printed;
        create_flags::yaml_separator(ctx, o, &mut count);
        let verb = if o.dry == DryRun::Client {
            "created"
        } else {
            "autoscaled"
        };
        create_flags::report(ctx, o, hpa_info, &created, verb, true)
    }

    /// The autoscaler for one target, as kubectl's typed object (Go's field order).
    fn autoscaler(&self, info: &Info) -> Value {
        let name = if self.name.is_empty() {
            info.name.clone()
        } else {
            self.name.clone()
        };
        let mut spec = Map::new();
        spec.insert(
            "scaleTargetRef".into(),
            json!({"kind": info.resource.kind, "name": info.name,
                "apiVersion": info.resource.api_version()}),
        );
        if self.min > 0 {
            spec.insert("minReplicas".into(), json!(self.min));
        }
        spec.insert("maxReplicas".into(), json!(self.max));
        if self.cpu_percent >= 0 {
            spec.insert(
                "targetCPUUtilizationPercentage".into(),
                json!(self.cpu_percent),
            );
        }
        json!({
            "kind": "HorizontalPodAutoscaler",
            "apiVersion": "autoscaling/v1",
            "metadata": {"name": name, "creationTimestamp": null},
            "spec": spec,
            "status": {"currentReplicas": 0, "desiredReplicas": 0},
        })
    }
}

/// client-go's scale kind resolver: the target's group-version must list a `<plural>/scale`.
fn scale_subresource(ctx: &mut Ctx, r: &ResourceInfo) -> Result<(), KError> {
    let list = ctx.call(ApiRequest::get(r.base_path()))?;
    let wanted = format!("{}/scale", r.plural);
    let found = list
        .get("resources")
        .and_then(|l| l.as_array())
        .into_iter()
        .flatten()
        .any(|x| x.get("name").and_then(|n| n.as_str()) == Some(wanted.as_str()));
    if found {
        return Ok(());
    }
    Err(KError::msg(format!(
        "cannot autoscale a {}: could not find scale subresource for {}/{}, Resource={} in discovery information",
        r.kind, r.group, r.version, r.plural
    )))
}

/// name, annotations, creationTimestamp: ObjectMeta's order.
fn reorder_meta(hpa: &mut Value) {
    if let Some(Value::Object(m)) = hpa.get_mut("metadata") {
        let mut old = std::mem::take(m);
        for k in kubeplay_core::api::meta::OBJECT_META_FIELDS {
            if let Some(v) = old.shift_remove(*k) {
                m.insert((*k).to_string(), v);
            }
        }
        m.extend(old);
    }
}
