//! A small type table of the common kinds: which JSON type each field takes and the Go type the
//! server decodes it into (for `json: cannot unmarshal ...` errors and strict unknown fields).
//! Fields typed `Any` are accepted as they come: their own unmarshalers or shapes are not modelled.

#[derive(Clone, Copy)]
pub enum T {
    /// A string; the Go type name (`string`, `v1.RestartPolicy`).
    Str(&'static str),
    /// An integer; `int32` or `int64`.
    Int(&'static str),
    Bool,
    /// A resource.Quantity: a string or a number in quantity syntax.
    Quantity,
    /// `[]byte`: a base64 string.
    Bytes,
    Any,
    Obj(&'static S),
    Arr(&'static T),
    /// `map[string]X`
    Map(&'static T),
}

/// A Go struct: its name as the error prints it, and its JSON fields.
pub struct S {
    pub name: &'static str,
    pub fields: &'static [(&'static str, T)],
}

impl T {
    pub fn go(&self) -> String {
        match self {
            T::Str(n) | T::Int(n) => n.to_string(),
            T::Bool => "bool".into(),
            T::Quantity => "resource.Quantity".into(),
            T::Bytes => "[]uint8".into(),
            T::Any => "interface {}".into(),
            T::Obj(s) => format!("v1.{}", s.name),
            T::Arr(t) => format!("[]{}", t.go()),
            T::Map(t) => format!("map[string]{}", t.go()),
        }
    }
}

const STR: T = T::Str("string");
const I32: T = T::Int("int32");
const I64: T = T::Int("int64");

const TYPE_META: [(&str, T); 2] = [("apiVersion", STR), ("kind", STR)];

pub static OBJECT_META: S = S {
    name: "ObjectMeta",
    fields: &[
        ("name", STR),
        ("generateName", STR),
        ("namespace", STR),
        ("selfLink", STR),
        ("uid", T::Str("types.UID")),
        ("resourceVersion", STR),
        ("generation", I64),
        ("creationTimestamp", T::Any),
        ("deletionTimestamp", T::Any),
        ("deletionGracePeriodSeconds", I64),
        ("labels", T::Map(&STR)),
        ("annotations", T::Map(&STR)),
        ("ownerReferences", T::Any),
        ("finalizers", T::Arr(&STR)),
        ("managedFields", T::Any),
    ],
};

static OBJECT_FIELD_SELECTOR: S = S {
    name: "ObjectFieldSelector",
    fields: &[("apiVersion", STR), ("fieldPath", STR)],
};

static RESOURCE_FIELD_SELECTOR: S = S {
    name: "ResourceFieldSelector",
    fields: &[
        ("containerName", STR),
        ("resource", STR),
        ("divisor", T::Quantity),
    ],
};

static KEY_SELECTOR: S = S {
    name: "ConfigMapKeySelector",
    fields: &[("name", STR), ("key", STR), ("optional", T::Bool)],
};

static SECRET_KEY_SELECTOR: S = S {
    name: "SecretKeySelector",
    fields: &[("name", STR), ("key", STR), ("optional", T::Bool)],
};

static ENV_VAR_SOURCE: S = S {
    name: "EnvVarSource",
    fields: &[
        ("fieldRef", T::Obj(&OBJECT_FIELD_SELECTOR)),
        ("resourceFieldRef", T::Obj(&RESOURCE_FIELD_SELECTOR)),
        ("configMapKeyRef", T::Obj(&KEY_SELECTOR)),
        ("secretKeyRef", T::Obj(&SECRET_KEY_SELECTOR)),
    ],
};

static CONFIG_MAP_ENV_SOURCE: S = S {
    name: "ConfigMapEnvSource",
    fields: &[("name", STR), ("optional", T::Bool)],
};

static SECRET_ENV_SOURCE: S = S {
    name: "SecretEnvSource",
    fields: &[("name", STR), ("optional", T::Bool)],
};

static ENV_FROM_SOURCE: S = S {
    name: "EnvFromSource",
    fields: &[
        ("prefix", STR),
        ("configMapRef", T::Obj(&CONFIG_MAP_ENV_SOURCE)),
        ("secretRef", T::Obj(&SECRET_ENV_SOURCE)),
    ],
};

static EXEC_ACTION: S = S {
    name: "ExecAction",
    fields: &[("command", T::Arr(&STR))],
};

static HTTP_HEADER: S = S {
    name: "HTTPHeader",
    fields: &[("name", STR), ("value", STR)],
};

static HTTP_GET_ACTION: S = S {
    name: "HTTPGetAction",
    fields: &[
        ("path", STR),
        ("port", T::Any),
        ("host", STR),
        ("scheme", T::Str("v1.URIScheme")),
        ("httpHeaders", T::Arr(&T::Obj(&HTTP_HEADER))),
    ],
};

static TCP_SOCKET_ACTION: S = S {
    name: "TCPSocketAction",
    fields: &[("port", T::Any), ("host", STR)],
};

static PROBE: S = S {
    name: "Probe",
    fields: &[
        ("exec", T::Obj(&EXEC_ACTION)),
        ("httpGet", T::Obj(&HTTP_GET_ACTION)),
        ("tcpSocket", T::Obj(&TCP_SOCKET_ACTION)),
        ("grpc", T::Any),
        ("initialDelaySeconds", I32),
        ("timeoutSeconds", I32),
        ("periodSeconds", I32),
        ("successThreshold", I32),
        ("failureThreshold", I32),
        ("terminationGracePeriodSeconds", I64),
    ],
};

static KEY_TO_PATH: S = S {
    name: "KeyToPath",
    fields: &[("key", STR), ("path", STR), ("mode", I32)],
};

static CONFIG_MAP_VOLUME: S = S {
    name: "ConfigMapVolumeSource",
    fields: &[
        ("name", STR),
        ("items", T::Arr(&T::Obj(&KEY_TO_PATH))),
        ("defaultMode", I32),
        ("optional", T::Bool),
    ],
};

static SECRET_VOLUME: S = S {
    name: "SecretVolumeSource",
    fields: &[
        ("secretName", STR),
        ("items", T::Arr(&T::Obj(&KEY_TO_PATH))),
        ("defaultMode", I32),
        ("optional", T::Bool),
    ],
};

static EMPTY_DIR: S = S {
    name: "EmptyDirVolumeSource",
    fields: &[
        ("medium", T::Str("v1.StorageMedium")),
        ("sizeLimit", T::Quantity),
    ],
};

static HOST_PATH: S = S {
    name: "HostPathVolumeSource",
    fields: &[("path", STR), ("type", T::Str("v1.HostPathType"))],
};

static PVC_VOLUME: S = S {
    name: "PersistentVolumeClaimVolumeSource",
    fields: &[("claimName", STR), ("readOnly", T::Bool)],
};

static CAPABILITIES: S = S {
    name: "Capabilities",
    fields: &[
        ("add", T::Arr(&T::Str("v1.Capability"))),
        ("drop", T::Arr(&T::Str("v1.Capability"))),
    ],
};

static SECURITY_CONTEXT: S = S {
    name: "SecurityContext",
    fields: &[
        ("capabilities", T::Obj(&CAPABILITIES)),
        ("privileged", T::Bool),
        ("seLinuxOptions", T::Any),
        ("windowsOptions", T::Any),
        ("runAsUser", I64),
        ("runAsGroup", I64),
        ("runAsNonRoot", T::Bool),
        ("readOnlyRootFilesystem", T::Bool),
        ("allowPrivilegeEscalation", T::Bool),
        ("procMount", T::Str("v1.ProcMountType")),
        ("seccompProfile", T::Any),
        ("appArmorProfile", T::Any),
    ],
};

static POD_SECURITY_CONTEXT: S = S {
    name: "PodSecurityContext",
    fields: &[
        ("seLinuxOptions", T::Any),
        ("windowsOptions", T::Any),
        ("runAsUser", I64),
        ("runAsGroup", I64),
        ("runAsNonRoot", T::Bool),
        ("supplementalGroups", T::Arr(&I64)),
        (
            "supplementalGroupsPolicy",
            T::Str("v1.SupplementalGroupsPolicy"),
        ),
        ("fsGroup", I64),
        ("sysctls", T::Any),
        ("fsGroupChangePolicy", T::Str("v1.PodFSGroupChangePolicy")),
        ("seccompProfile", T::Any),
        ("appArmorProfile", T::Any),
        ("seLinuxChangePolicy", T::Any),
    ],
};

static CONTAINER_PORT: S = S {
    name: "ContainerPort",
    fields: &[
        ("name", STR),
        ("hostPort", I32),
        ("containerPort", I32),
        ("protocol", T::Str("v1.Protocol")),
        ("hostIP", STR),
    ],
};

static ENV_VAR: S = S {
    name: "EnvVar",
    fields: &[
        ("name", STR),
        ("value", STR),
        ("valueFrom", T::Obj(&ENV_VAR_SOURCE)),
    ],
};

static VOLUME_MOUNT: S = S {
    name: "VolumeMount",
    fields: &[
        ("name", STR),
        ("readOnly", T::Bool),
        ("recursiveReadOnly", T::Any),
        ("mountPath", STR),
        ("subPath", STR),
        ("mountPropagation", T::Any),
        ("subPathExpr", STR),
    ],
};

static RESOURCES: S = S {
    name: "ResourceRequirements",
    fields: &[
        ("limits", T::Map(&T::Quantity)),
        ("requests", T::Map(&T::Quantity)),
        ("claims", T::Any),
    ],
};

static CONTAINER: S = S {
    name: "Container",
    fields: &[
        ("name", STR),
        ("image", STR),
        ("command", T::Arr(&STR)),
        ("args", T::Arr(&STR)),
        ("workingDir", STR),
        ("ports", T::Arr(&T::Obj(&CONTAINER_PORT))),
        ("envFrom", T::Arr(&T::Obj(&ENV_FROM_SOURCE))),
        ("env", T::Arr(&T::Obj(&ENV_VAR))),
        ("resources", T::Obj(&RESOURCES)),
        ("resizePolicy", T::Any),
        ("restartPolicy", T::Str("v1.ContainerRestartPolicy")),
        ("volumeMounts", T::Arr(&T::Obj(&VOLUME_MOUNT))),
        ("volumeDevices", T::Any),
        ("livenessProbe", T::Obj(&PROBE)),
        ("readinessProbe", T::Obj(&PROBE)),
        ("startupProbe", T::Obj(&PROBE)),
        ("lifecycle", T::Any),
        ("terminationMessagePath", STR),
        (
            "terminationMessagePolicy",
            T::Str("v1.TerminationMessagePolicy"),
        ),
        ("imagePullPolicy", T::Str("v1.PullPolicy")),
        ("securityContext", T::Obj(&SECURITY_CONTEXT)),
        ("stdin", T::Bool),
        ("stdinOnce", T::Bool),
        ("tty", T::Bool),
    ],
};

static TOLERATION: S = S {
    name: "Toleration",
    fields: &[
        ("key", STR),
        ("operator", T::Str("v1.TolerationOperator")),
        ("value", STR),
        ("effect", T::Str("v1.TaintEffect")),
        ("tolerationSeconds", I64),
    ],
};

static TOPOLOGY_SPREAD_CONSTRAINT: S = S {
    name: "TopologySpreadConstraint",
    fields: &[
        ("maxSkew", I32),
        ("topologyKey", STR),
        (
            "whenUnsatisfiable",
            T::Str("v1.UnsatisfiableConstraintAction"),
        ),
        ("labelSelector", T::Obj(&LABEL_SELECTOR)),
        ("minDomains", I32),
        ("nodeAffinityPolicy", T::Str("v1.NodeInclusionPolicy")),
        ("nodeTaintsPolicy", T::Str("v1.NodeInclusionPolicy")),
        ("matchLabelKeys", T::Arr(&STR)),
    ],
};

static VOLUME: S = S {
    name: "Volume",
    fields: &[
        ("name", STR),
        ("hostPath", T::Obj(&HOST_PATH)),
        ("emptyDir", T::Obj(&EMPTY_DIR)),
        ("gcePersistentDisk", T::Any),
        ("awsElasticBlockStore", T::Any),
        ("gitRepo", T::Any),
        ("secret", T::Obj(&SECRET_VOLUME)),
        ("nfs", T::Any),
        ("iscsi", T::Any),
        ("glusterfs", T::Any),
        ("persistentVolumeClaim", T::Obj(&PVC_VOLUME)),
        ("rbd", T::Any),
        ("flexVolume", T::Any),
        ("cinder", T::Any),
        ("cephfs", T::Any),
        ("flocker", T::Any),
        ("downwardAPI", T::Any),
        ("fc", T::Any),
        ("azureFile", T::Any),
        ("configMap", T::Obj(&CONFIG_MAP_VOLUME)),
        ("vsphereVolume", T::Any),
        ("quobyte", T::Any),
        ("azureDisk", T::Any),
        ("photonPersistentDisk", T::Any),
        ("projected", T::Any),
        ("portworxVolume", T::Any),
        ("scaleIO", T::Any),
        ("storageos", T::Any),
        ("csi", T::Any),
        ("ephemeral", T::Any),
        ("image", T::Any),
    ],
};

pub static POD_SPEC: S = S {
    name: "PodSpec",
    fields: &[
        ("volumes", T::Arr(&T::Obj(&VOLUME))),
        ("initContainers", T::Arr(&T::Obj(&CONTAINER))),
        ("containers", T::Arr(&T::Obj(&CONTAINER))),
        ("ephemeralContainers", T::Any),
        ("restartPolicy", T::Str("v1.RestartPolicy")),
        ("terminationGracePeriodSeconds", I64),
        ("activeDeadlineSeconds", I64),
        ("dnsPolicy", T::Str("v1.DNSPolicy")),
        ("nodeSelector", T::Map(&STR)),
        ("serviceAccountName", STR),
        ("serviceAccount", STR),
        ("automountServiceAccountToken", T::Bool),
        ("nodeName", STR),
        ("hostNetwork", T::Bool),
        ("hostPID", T::Bool),
        ("hostIPC", T::Bool),
        ("shareProcessNamespace", T::Bool),
        ("securityContext", T::Obj(&POD_SECURITY_CONTEXT)),
        ("imagePullSecrets", T::Any),
        ("hostname", STR),
        ("subdomain", STR),
        ("affinity", T::Any),
        ("schedulerName", STR),
        ("tolerations", T::Arr(&T::Obj(&TOLERATION))),
        ("hostAliases", T::Any),
        ("priorityClassName", STR),
        ("priority", I32),
        ("dnsConfig", T::Any),
        ("readinessGates", T::Any),
        ("runtimeClassName", STR),
        ("enableServiceLinks", T::Bool),
        ("preemptionPolicy", T::Str("v1.PreemptionPolicy")),
        ("overhead", T::Any),
        (
            "topologySpreadConstraints",
            T::Arr(&T::Obj(&TOPOLOGY_SPREAD_CONSTRAINT)),
        ),
        ("setHostnameAsFQDN", T::Bool),
        ("os", T::Any),
        ("hostUsers", T::Bool),
        ("schedulingGates", T::Any),
        ("resourceClaims", T::Any),
        ("resources", T::Any),
    ],
};

static POD_TEMPLATE_SPEC: S = S {
    name: "PodTemplateSpec",
    fields: &[
        ("metadata", T::Obj(&OBJECT_META)),
        ("spec", T::Obj(&POD_SPEC)),
    ],
};

static LABEL_SELECTOR: S = S {
    name: "LabelSelector",
    fields: &[("matchLabels", T::Map(&STR)), ("matchExpressions", T::Any)],
};

static DEPLOYMENT_SPEC: S = S {
    name: "DeploymentSpec",
    fields: &[
        ("replicas", I32),
        ("selector", T::Obj(&LABEL_SELECTOR)),
        ("template", T::Obj(&POD_TEMPLATE_SPEC)),
        ("strategy", T::Any),
        ("minReadySeconds", I32),
        ("revisionHistoryLimit", I32),
        ("paused", T::Bool),
        ("progressDeadlineSeconds", I32),
    ],
};

static REPLICA_SET_SPEC: S = S {
    name: "ReplicaSetSpec",
    fields: &[
        ("replicas", I32),
        ("minReadySeconds", I32),
        ("selector", T::Obj(&LABEL_SELECTOR)),
        ("template", T::Obj(&POD_TEMPLATE_SPEC)),
    ],
};

static DAEMON_SET_SPEC: S = S {
    name: "DaemonSetSpec",
    fields: &[
        ("selector", T::Obj(&LABEL_SELECTOR)),
        ("template", T::Obj(&POD_TEMPLATE_SPEC)),
        ("updateStrategy", T::Any),
        ("minReadySeconds", I32),
        ("revisionHistoryLimit", I32),
    ],
};

static STATEFUL_SET_SPEC: S = S {
    name: "StatefulSetSpec",
    fields: &[
        ("replicas", I32),
        ("selector", T::Obj(&LABEL_SELECTOR)),
        ("template", T::Obj(&POD_TEMPLATE_SPEC)),
        ("volumeClaimTemplates", T::Any),
        ("serviceName", STR),
        ("podManagementPolicy", T::Str("v1.PodManagementPolicyType")),
        ("updateStrategy", T::Any),
        ("revisionHistoryLimit", I32),
        ("minReadySeconds", I32),
        ("persistentVolumeClaimRetentionPolicy", T::Any),
        ("ordinals", T::Any),
    ],
};

static JOB_SPEC: S = S {
    name: "JobSpec",
    fields: &[
        ("parallelism", I32),
        ("completions", I32),
        ("activeDeadlineSeconds", I64),
        ("podFailurePolicy", T::Any),
        ("successPolicy", T::Any),
        ("backoffLimit", I32),
        ("backoffLimitPerIndex", I32),
        ("maxFailedIndexes", I32),
        ("selector", T::Obj(&LABEL_SELECTOR)),
        ("manualSelector", T::Bool),
        ("template", T::Obj(&POD_TEMPLATE_SPEC)),
        ("ttlSecondsAfterFinished", I32),
        ("completionMode", T::Str("v1.CompletionMode")),
        ("suspend", T::Bool),
        ("podReplacementPolicy", T::Str("v1.PodReplacementPolicy")),
        ("managedBy", STR),
    ],
};

static JOB_TEMPLATE_SPEC: S = S {
    name: "JobTemplateSpec",
    fields: &[
        ("metadata", T::Obj(&OBJECT_META)),
        ("spec", T::Obj(&JOB_SPEC)),
    ],
};

static CRON_JOB_SPEC: S = S {
    name: "CronJobSpec",
    fields: &[
        ("schedule", STR),
        ("timeZone", STR),
        ("startingDeadlineSeconds", I64),
        ("concurrencyPolicy", T::Str("v1.ConcurrencyPolicy")),
        ("suspend", T::Bool),
        ("jobTemplate", T::Obj(&JOB_TEMPLATE_SPEC)),
        ("successfulJobsHistoryLimit", I32),
        ("failedJobsHistoryLimit", I32),
    ],
};

static SERVICE_PORT: S = S {
    name: "ServicePort",
    fields: &[
        ("name", STR),
        ("protocol", T::Str("v1.Protocol")),
        ("appProtocol", STR),
        ("port", I32),
        ("targetPort", T::Any),
        ("nodePort", I32),
    ],
};

static SERVICE_SPEC: S = S {
    name: "ServiceSpec",
    fields: &[
        ("ports", T::Arr(&T::Obj(&SERVICE_PORT))),
        ("selector", T::Map(&STR)),
        ("clusterIP", STR),
        ("clusterIPs", T::Arr(&STR)),
        ("type", T::Str("v1.ServiceType")),
        ("externalIPs", T::Arr(&STR)),
        ("sessionAffinity", T::Str("v1.ServiceAffinity")),
        ("loadBalancerIP", STR),
        ("loadBalancerSourceRanges", T::Arr(&STR)),
        ("externalName", STR),
        (
            "externalTrafficPolicy",
            T::Str("v1.ServiceExternalTrafficPolicy"),
        ),
        ("healthCheckNodePort", I32),
        ("publishNotReadyAddresses", T::Bool),
        ("sessionAffinityConfig", T::Any),
        ("ipFamilies", T::Arr(&T::Str("v1.IPFamily"))),
        ("ipFamilyPolicy", T::Str("v1.IPFamilyPolicy")),
        ("allocateLoadBalancerNodePorts", T::Bool),
        ("loadBalancerClass", STR),
        (
            "internalTrafficPolicy",
            T::Str("v1.ServiceInternalTrafficPolicy"),
        ),
        ("trafficDistribution", STR),
    ],
};

static SERVICE_BACKEND_PORT: S = S {
    name: "ServiceBackendPort",
    fields: &[("name", STR), ("number", I32)],
};

static INGRESS_SERVICE_BACKEND: S = S {
    name: "IngressServiceBackend",
    fields: &[("name", STR), ("port", T::Obj(&SERVICE_BACKEND_PORT))],
};

static INGRESS_BACKEND: S = S {
    name: "IngressBackend",
    fields: &[
        ("service", T::Obj(&INGRESS_SERVICE_BACKEND)),
        ("resource", T::Any),
    ],
};

static HTTP_INGRESS_PATH: S = S {
    name: "HTTPIngressPath",
    fields: &[
        ("path", STR),
        ("pathType", T::Str("v1.PathType")),
        ("backend", T::Obj(&INGRESS_BACKEND)),
    ],
};

static HTTP_INGRESS_RULE_VALUE: S = S {
    name: "HTTPIngressRuleValue",
    fields: &[("paths", T::Arr(&T::Obj(&HTTP_INGRESS_PATH)))],
};

static INGRESS_RULE: S = S {
    name: "IngressRule",
    fields: &[("host", STR), ("http", T::Obj(&HTTP_INGRESS_RULE_VALUE))],
};

static INGRESS_SPEC: S = S {
    name: "IngressSpec",
    fields: &[
        ("ingressClassName", STR),
        ("defaultBackend", T::Obj(&INGRESS_BACKEND)),
        ("tls", T::Any),
        ("rules", T::Arr(&T::Obj(&INGRESS_RULE))),
    ],
};

static VOLUME_RESOURCES: S = S {
    name: "VolumeResourceRequirements",
    fields: &[
        ("limits", T::Map(&T::Quantity)),
        ("requests", T::Map(&T::Quantity)),
    ],
};

static PVC_SPEC: S = S {
    name: "PersistentVolumeClaimSpec",
    fields: &[
        (
            "accessModes",
            T::Arr(&T::Str("v1.PersistentVolumeAccessMode")),
        ),
        ("selector", T::Any),
        ("resources", T::Obj(&VOLUME_RESOURCES)),
        ("volumeName", STR),
        ("storageClassName", STR),
        ("volumeMode", T::Str("v1.PersistentVolumeMode")),
        ("dataSource", T::Any),
        ("dataSourceRef", T::Any),
        ("volumeAttributesClassName", STR),
    ],
};

static POLICY_RULE: S = S {
    name: "PolicyRule",
    fields: &[
        ("verbs", T::Arr(&STR)),
        ("apiGroups", T::Arr(&STR)),
        ("resources", T::Arr(&STR)),
        ("resourceNames", T::Arr(&STR)),
        ("nonResourceURLs", T::Arr(&STR)),
    ],
};

static SUBJECT: S = S {
    name: "Subject",
    fields: &[
        ("kind", STR),
        ("apiGroup", STR),
        ("name", STR),
        ("namespace", STR),
    ],
};

static ROLE_REF: S = S {
    name: "RoleRef",
    fields: &[("apiGroup", STR), ("kind", STR), ("name", STR)],
};

static NETWORK_POLICY_PEER: S = S {
    name: "NetworkPolicyPeer",
    fields: &[
        ("podSelector", T::Obj(&LABEL_SELECTOR)),
        ("namespaceSelector", T::Obj(&LABEL_SELECTOR)),
        ("ipBlock", T::Any),
    ],
};

static NETWORK_POLICY_PORT: S = S {
    name: "NetworkPolicyPort",
    fields: &[
        ("protocol", T::Str("v1.Protocol")),
        ("port", T::Any),
        ("endPort", I32),
    ],
};

static NETWORK_POLICY_INGRESS: S = S {
    name: "NetworkPolicyIngressRule",
    fields: &[
        ("ports", T::Arr(&T::Obj(&NETWORK_POLICY_PORT))),
        ("from", T::Arr(&T::Obj(&NETWORK_POLICY_PEER))),
    ],
};

static NETWORK_POLICY_EGRESS: S = S {
    name: "NetworkPolicyEgressRule",
    fields: &[
        ("ports", T::Arr(&T::Obj(&NETWORK_POLICY_PORT))),
        ("to", T::Arr(&T::Obj(&NETWORK_POLICY_PEER))),
    ],
};

static NETWORK_POLICY_SPEC: S = S {
    name: "NetworkPolicySpec",
    fields: &[
        ("podSelector", T::Obj(&LABEL_SELECTOR)),
        ("ingress", T::Arr(&T::Obj(&NETWORK_POLICY_INGRESS))),
        ("egress", T::Arr(&T::Obj(&NETWORK_POLICY_EGRESS))),
        ("policyTypes", T::Arr(&T::Str("v1.PolicyType"))),
    ],
};

macro_rules! top {
    ($name:ident, $go:expr, $($f:expr),* $(,)?) => {
        static $name: S = S {
            name: $go,
            fields: &[TYPE_META[0], TYPE_META[1], ("metadata", T::Obj(&OBJECT_META)), $($f),*],
        };
    };
}

top!(POD, "Pod", ("spec", T::Obj(&POD_SPEC)), ("status", T::Any));
top!(
    DEPLOYMENT,
    "Deployment",
    ("spec", T::Obj(&DEPLOYMENT_SPEC)),
    ("status", T::Any)
);
top!(
    REPLICA_SET,
    "ReplicaSet",
    ("spec", T::Obj(&REPLICA_SET_SPEC)),
    ("status", T::Any)
);
top!(
    DAEMON_SET,
    "DaemonSet",
    ("spec", T::Obj(&DAEMON_SET_SPEC)),
    ("status", T::Any)
);
top!(
    STATEFUL_SET,
    "StatefulSet",
    ("spec", T::Obj(&STATEFUL_SET_SPEC)),
    ("status", T::Any)
);
top!(JOB, "Job", ("spec", T::Obj(&JOB_SPEC)), ("status", T::Any));
top!(
    CRON_JOB,
    "CronJob",
    ("spec", T::Obj(&CRON_JOB_SPEC)),
    ("status", T::Any)
);
top!(
    SERVICE,
    "Service",
    ("spec", T::Obj(&SERVICE_SPEC)),
    ("status", T::Any)
);
top!(
    CONFIG_MAP,
    "ConfigMap",
    ("immutable", T::Bool),
    ("data", T::Map(&STR)),
    ("binaryData", T::Map(&T::Bytes))
);
top!(
    SECRET,
    "Secret",
    ("immutable", T::Bool),
    ("data", T::Map(&T::Bytes)),
    ("stringData", T::Map(&STR)),
    ("type", T::Str("v1.SecretType"))
);
top!(NAMESPACE, "Namespace", ("spec", T::Any), ("status", T::Any));
top!(
    SERVICE_ACCOUNT,
    "ServiceAccount",
    ("secrets", T::Any),
    ("imagePullSecrets", T::Any),
    ("automountServiceAccountToken", T::Bool)
);

top!(
    INGRESS,
    "Ingress",
    ("spec", T::Obj(&INGRESS_SPEC)),
    ("status", T::Any)
);
top!(
    PVC,
    "PersistentVolumeClaim",
    ("spec", T::Obj(&PVC_SPEC)),
    ("status", T::Any)
);

top!(ROLE, "Role", ("rules", T::Arr(&T::Obj(&POLICY_RULE))));
top!(
    CLUSTER_ROLE,
    "ClusterRole",
    ("rules", T::Arr(&T::Obj(&POLICY_RULE))),
    ("aggregationRule", T::Any)
);
top!(
    ROLE_BINDING,
    "RoleBinding",
    ("subjects", T::Arr(&T::Obj(&SUBJECT))),
    ("roleRef", T::Obj(&ROLE_REF))
);
top!(
    CLUSTER_ROLE_BINDING,
    "ClusterRoleBinding",
    ("subjects", T::Arr(&T::Obj(&SUBJECT))),
    ("roleRef", T::Obj(&ROLE_REF))
);
top!(
    NETWORK_POLICY,
    "NetworkPolicy",
    ("spec", T::Obj(&NETWORK_POLICY_SPEC))
);

/// The table of a kind, when we have one.
pub fn for_kind(kind: &str) -> Option<&'static S> {
    Some(match kind {
        "Pod" => &POD,
        "Deployment" => &DEPLOYMENT,
        "ReplicaSet" => &REPLICA_SET,
        "DaemonSet" => &DAEMON_SET,
        "StatefulSet" => &STATEFUL_SET,
        "Job" => &JOB,
        "CronJob" => &CRON_JOB,
        "Service" => &SERVICE,
        "ConfigMap" => &CONFIG_MAP,
        "Secret" => &SECRET,
        "Namespace" => &NAMESPACE,
        "ServiceAccount" => &SERVICE_ACCOUNT,
        "Ingress" => &INGRESS,
        "PersistentVolumeClaim" => &PVC,
        "Role" => &ROLE,
        "ClusterRole" => &CLUSTER_ROLE,
        "RoleBinding" => &ROLE_BINDING,
        "ClusterRoleBinding" => &CLUSTER_ROLE_BINDING,
        "NetworkPolicy" => &NETWORK_POLICY,
        _ => return None,
    })
}
