//! Why a PersistentVolumeClaim is not Bound: a StorageClass that does not exist, one that waits
//! for a pod, or the provisioner's own refusal.

use serde_json::Value;

use super::{events, name, text, Ctx, Explanation};

pub fn explain(ctx: &Ctx, pvc: &Value, e: &mut Explanation) {
    let n = name(pvc);
    let ns = ctx.ns_flag();
    e.command(format!("kubectl describe pvc {n}{ns}"));
    let phase = text(pvc, "/status/phase");
    if phase == "Bound" {
        e.step(
            format!(
                "persistentvolumeclaim/{n} is Bound to {}: nothing to explain",
                text(pvc, "/spec/volumeName")
            ),
            "status.phase, spec.volumeName",
        );
        e.healthy = true;
        return;
    }
    e.step(
        format!("persistentvolumeclaim/{n} is {phase}"),
        "status.phase",
    );
    let class = text(pvc, "/spec/storageClassName");
    if !class.is_empty() {
        let exists = ctx
            .cluster_list("storage.k8s.io/storageclasses")
            .any(|c| name(c) == class);
        if !exists {
            e.step(
                format!("it asks for StorageClass {class}, which does not exist"),
                "spec.storageClassName",
            );
            e.command("kubectl get storageclass");
        }
    }
    let reasons = [
        "ProvisioningFailed",
        "WaitForFirstConsumer",
        "FailedBinding",
        "ExternalProvisioning",
    ];
    if let Some(ev) = events::latest(ctx, pvc, &reasons) {
        e.step(text(ev, "/message").to_string(), events::source(ev));
    }
}
