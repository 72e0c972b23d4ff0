//! commonLabels, labels and commonAnnotations: where kustomize writes them (its field specs for
//! metadata, pod templates and, for commonLabels and `includeSelectors`, selectors).

use serde_json::Value;

use crate::fieldspec::{merge_pairs, spec, Spec};
use crate::kustomization::{string_pairs, Kustomization};
use crate::res::Res;

/// Pod templates and claim templates: where labels go besides `metadata/labels`.
const TEMPLATE_LABELS: &[Spec<'static>] = &[
    spec(
        "ReplicationController",
        "",
        "spec/template/metadata/labels",
        true,
    ),
    spec("Deployment", "", "spec/template/metadata/labels", true),
    spec("ReplicaSet", "", "spec/template/metadata/labels", true),
    spec("DaemonSet", "", "spec/template/metadata/labels", true),
    spec("StatefulSet", "apps", "spec/template/metadata/labels", true),
    spec(
        "StatefulSet",
        "apps",
        "spec/volumeClaimTemplates[]/metadata/labels",
        true,
    ),
    spec("Job", "batch", "spec/template/metadata/labels", true),
    spec("CronJob", "batch", "spec/jobTemplate/metadata/labels", true),
    spec(
        "CronJob",
        "batch",
        "spec/jobTemplate/spec/template/metadata/labels",
        true,
    ),
];

const METADATA_LABELS: Spec<'static> = spec("", "", "metadata/labels", true);

const AFFINITY: [&str; 5] = [
    "spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels",
    "spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels",
    "spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels",
    "spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels",
    "spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels",
];

/// Selectors: what commonLabels and `includeSelectors` also change.
const SELECTORS: &[Spec<'static>] = &[
    spec("Service", "", "spec/selector", true),
    spec("ReplicationController", "", "spec/selector", true),
    spec("Deployment", "", "spec/selector/matchLabels", true),
    spec("Deployment", "apps", AFFINITY[0], false),
    spec("Deployment", "apps", AFFINITY[1], false),
    spec("Deployment", "apps", AFFINITY[2], false),
    spec("Deployment", "apps", AFFINITY[3], false),
    spec("Deployment", "apps", AFFINITY[4], false),
    spec("ReplicaSet", "", "spec/selector/matchLabels", true),
    spec("DaemonSet", "", "spec/selector/matchLabels", true),
    spec("StatefulSet", "apps", "spec/selector/matchLabels", true),
    spec("StatefulSet", "apps", AFFINITY[0], false),
    spec("StatefulSet", "apps", AFFINITY[1], false),
    spec("StatefulSet", "apps", AFFINITY[2], false),
    spec("StatefulSet", "apps", AFFINITY[3], false),
    spec("StatefulSet", "apps", AFFINITY[4], false),
    spec("Job", "batch", "spec/selector/matchLabels", false),
    spec(
        "CronJob",
        "batch",
        "spec/jobTemplate/spec/selector/matchLabels",
        false,
    ),
    spec(
        "PodDisruptionBudget",
        "policy",
        "spec/selector/matchLabels",
        false,
    ),
    spec(
        "NetworkPolicy",
        "networking.k8s.io",
        "spec/podSelector/matchLabels",
        false,
    ),
    spec(
        "NetworkPolicy",
        "networking.k8s.io",
        "spec/ingress/from/podSelector/matchLabels",
        false,
    ),
    spec(
        "NetworkPolicy",
        "networking.k8s.io",
        "spec/egress/to/podSelector/matchLabels",
        false,
    ),
];

const ANNOTATIONS: &[Spec<'static>] = &[
    spec("", "", "metadata/annotations", true),
    spec(
        "ReplicationController",
        "",
        "spec/template/metadata/annotations",
        true,
    ),
    spec("Deployment", "", "spec/template/metadata/annotations", true),
    spec("ReplicaSet", "", "spec/template/metadata/annotations", true),
    spec("DaemonSet", "", "spec/template/metadata/annotations", true),
    spec(
        "StatefulSet",
        "",
        "spec/template/metadata/annotations",
        true,
    ),
    spec("Job", "batch", "spec/template/metadata/annotations", true),
    spec(
        "CronJob",
        "batch",
        "spec/jobTemplate/metadata/annotations",
        true,
    ),
    spec(
        "CronJob",
        "batch",
        "spec/jobTemplate/spec/template/metadata/annotations",
        true,
    ),
];

/// The label transformer of one kustomization: commonLabels, then each `labels` entry.
pub fn apply_labels(k: &Kustomization, rs: &mut [Res]) {
    let common = k.string_map("commonLabels");
    if !common.is_empty() {
        let specs: Vec<Spec> = SELECTORS
            .iter()
            .copied()
            .chain([METADATA_LABELS])
            .chain(TEMPLATE_LABELS.iter().copied())
            .collect();
        apply(&specs, &common, rs);
    }
    for entry in k.list("labels") {
        let pairs = string_pairs(entry.get("pairs"));
        if pairs.is_empty() {
            continue;
        }
        let flag = |f: &str| entry.get(f).and_then(Value::as_bool).unwrap_or(false);
        let mut specs: Vec<Spec> = Vec::new();
        if flag("includeSelectors") {
            specs.extend(SELECTORS.iter().copied());
            specs.push(METADATA_LABELS);
            specs.extend(TEMPLATE_LABELS.iter().copied());
        } else {
            if flag("includeTemplates") {
                specs.extend(TEMPLATE_LABELS.iter().copied());
            }
            specs.push(METADATA_LABELS);
        }
        specs.extend(custom_specs(entry.get("fields")));
        apply(&specs, &pairs, rs);
    }
}

pub fn apply_annotations(k: &Kustomization, rs: &mut [Res]) {
    let pairs = k.string_map("commonAnnotations");
    if !pairs.is_empty() {
        apply(ANNOTATIONS, &pairs, rs);
    }
}

fn apply(specs: &[Spec], pairs: &[(String, String)], rs: &mut [Res]) {
    for r in rs.iter_mut() {
        // One field is written once even when several specs reach it.
        let mut seen: Vec<&str> = Vec::new();
        for s in specs {
            if !s.applies(r) || seen.contains(&s.path) {
                continue;
            }
            seen.push(s.path);
            s.visit(r, &mut |v| merge_pairs(v, pairs));
        }
    }
}

/// A `labels` entry's own `fields`.
fn custom_specs(fields: Option<&Value>) -> Vec<Spec<'_>> {
    let Some(Value::Array(items)) = fields else {
        return Vec::new();
    };
    items
        .iter()
        .map(|f| Spec {
            kind: text(f, "kind"),
            group: text(f, "group"),
            path: text(f, "path"),
            create: f.get("create").and_then(Value::as_bool).unwrap_or(false),
        })
        .collect()
}

fn text<'a>(f: &'a Value, k: &str) -> &'a str {
    f.get(k).and_then(Value::as_str).unwrap_or("")
}
