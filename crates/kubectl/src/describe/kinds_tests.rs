//! Every built-in kind the server serves is described as kubectl 1.32 describes it: by its own
//! describer when kubectl's `describerMap` has one, generically only where kubectl is generic too.

use super::specific_describer;
use kubeplay_core::api::discovery::Discovery;

/// Kinds kubectl 1.32 has no describer for (`GenericDescriberFor` prints them).
const GENERIC_IN_KUBECTL: &[(&str, &str)] = &[
    ("", "Binding"),
    ("", "ComponentStatus"),
    ("", "Event"),
    ("", "PodTemplate"),
    (
        "admissionregistration.k8s.io",
        "MutatingWebhookConfiguration",
    ),
    ("admissionregistration.k8s.io", "ValidatingAdmissionPolicy"),
    (
        "admissionregistration.k8s.io",
        "ValidatingAdmissionPolicyBinding",
    ),
    (
        "admissionregistration.k8s.io",
        "ValidatingWebhookConfiguration",
    ),
    ("apiextensions.k8s.io", "CustomResourceDefinition"),
    ("apiregistration.k8s.io", "APIService"),
    ("apps", "ControllerRevision"),
    ("authentication.k8s.io", "SelfSubjectReview"),
    ("authentication.k8s.io", "TokenReview"),
    ("authorization.k8s.io", "LocalSubjectAccessReview"),
    ("authorization.k8s.io", "SelfSubjectAccessReview"),
    ("authorization.k8s.io", "SelfSubjectRulesReview"),
    ("authorization.k8s.io", "SubjectAccessReview"),
    ("coordination.k8s.io", "Lease"),
    ("events.k8s.io", "Event"),
    ("flowcontrol.apiserver.k8s.io", "FlowSchema"),
    ("flowcontrol.apiserver.k8s.io", "PriorityLevelConfiguration"),
    ("node.k8s.io", "RuntimeClass"),
    ("storage.k8s.io", "CSIDriver"),
    ("storage.k8s.io", "CSIStorageCapacity"),
    ("storage.k8s.io", "VolumeAttachment"),
];

#[test]
fn every_built_in_kind_kubectl_describes_has_its_describer() {
    let mut missing = Vec::new();
    for r in Discovery::builtin().all() {
        let generic = GENERIC_IN_KUBECTL.contains(&(r.group.as_str(), r.kind.as_str()));
        let specific = specific_describer(&r.group, &r.kind).is_some();
        if generic == specific {
            missing.push(format!(
                "{}/{}: {}",
                r.group,
                r.kind,
                if specific {
                    "kubectl describes it generically"
                } else {
                    "falls back to the generic describer"
                }
            ));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
