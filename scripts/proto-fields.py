#!/usr/bin/env python3
"""Write src/serve/proto-fields.txt, the protobuf field table `kubeplay serve` decodes request
bodies with (client-go's typed clients send protobuf: kubectl create deployment, configmap,
namespace, ..., auth can-i, debug's pods, drain's evictions): every message the kinds in ROOTS
reach, from the generated.proto and types.go files of k8s.io/api and k8s.io/apimachinery, both
at tag v0.32.0 (kubectl v1.32's).

Usage: proto-fields.py API_CHECKOUT APIMACHINERY_CHECKOUT > src/serve/proto-fields.txt
(each a checkout of that repository at v0.32.0).

Messages are named by package, `apps/v1.Deployment`, `meta/v1.ObjectMeta`. Each line:
`Message name=number:kind ...`; kind is s (string), b (bool), i (integer), y (bytes, base64 in
JSON), d (double), .Type (a message), m<kind> (a map from strings), `*` before it when repeated,
and `!` after it when a zero value is kept (the Go field is a pointer, or its JSON name has no
omitempty: protobuf writes every plain field, JSON leaves out the empty), `^` when JSON inlines
the message's fields (a Go embedded struct: a Volume's VolumeSource). A message written
`Name[]` is a Go slice type (authentication's ExtraValue): JSON has its `items` as a bare list.
Time, MicroTime, Quantity, IntOrString, Duration, FieldsV1 and RawExtension are decoded by
hand and have no line."""
import os
import re
import sys

# (package, kind) of what typed clients send, the messages everything else is reached from.
ROOTS = [
    ("core/v1", k) for k in (
        "Pod", "ConfigMap", "Secret", "Namespace", "Service", "ServiceAccount",
        "ResourceQuota", "Binding", "Node", "PersistentVolumeClaim", "Endpoints",
        "ReplicationController", "LimitRange", "Event")
] + [
    ("apps/v1", k) for k in ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet")
] + [
    ("batch/v1", "Job"), ("batch/v1", "CronJob"),
    ("networking/v1", "Ingress"), ("networking/v1", "NetworkPolicy"),
    ("policy/v1", "PodDisruptionBudget"), ("policy/v1", "Eviction"),
    ("scheduling/v1", "PriorityClass"),
    ("autoscaling/v1", "HorizontalPodAutoscaler"), ("autoscaling/v1", "Scale"),
    ("autoscaling/v2", "HorizontalPodAutoscaler"),
    ("authentication/v1", "TokenRequest"), ("authentication/v1", "SelfSubjectReview"),
    ("authorization/v1", "SelfSubjectAccessReview"),
    ("authorization/v1", "SelfSubjectRulesReview"),
    ("authorization/v1", "SubjectAccessReview"),
    ("meta/v1", "DeleteOptions"),
] + [
    ("rbac/v1", k) for k in ("Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding")
]

SPECIAL = {"Time", "MicroTime", "Quantity", "IntOrString", "Duration", "FieldsV1", "RawExtension"}
SCALAR = {"string": "s", "bool": "b", "int32": "i", "int64": "i", "bytes": "y", "double": "d"}
FIELD = re.compile(r"^\s*(optional|repeated)\s+([\w.]+)\s+(\w+)\s*=\s*(\d+)")
MAP = re.compile(r"^\s*map<string,\s*([\w.]+)>\s+(\w+)\s*=\s*(\d+)")
EMBED = re.compile(r'^\s*\*?(\w+)\s+`json:",inline" protobuf:"[^"]*?(?:name=(\w+))?"')
GOFIELD = re.compile(r'^\s*\w+\s+(\*?)[\w.\[\]*]+\s+`json:"([^"]*)".*protobuf:"[^"]*name=(\w+)')
SLICE = re.compile(r"^type (\w+) \[\]\w+$")


def package_dirs(api, machinery):
    """(package, directory) of every package a root lives in."""
    out = {}
    for pkg, _ in ROOTS:
        base = machinery + "/pkg/apis" if pkg.startswith("meta/") else api
        out[pkg] = os.path.join(base, pkg)
    return out


def qualify(t, pkg):
    """A proto type as this table names it."""
    if t.split(".")[-1] in SPECIAL:
        return t.split(".")[-1]
    if "." not in t:
        return f"{pkg}.{t}"
    parts = t.split(".")
    # k8s.io.api.apps.v1.X, k8s.io.apimachinery.pkg.apis.meta.v1.X
    return f"{parts[-3]}/{parts[-2]}.{parts[-1]}"


def kind(t, pkg):
    short = t.split(".")[-1]
    return SCALAR.get(short) or "." + qualify(t, pkg)


def go_rules(pkg, path):
    """(keep, inline, slices) of one package's types.go."""
    keep, inline, slices = set(), set(), set()
    struct = None
    for line in open(path):
        s = SLICE.match(line.rstrip())
        if s:
            slices.add(f"{pkg}.{s.group(1)}")
        m = re.match(r"^type (\w+) struct", line)
        if m:
            struct = f"{pkg}.{m.group(1)}"
            continue
        e = EMBED.match(line)
        if e and struct:
            t = e.group(1)
            inline.add((struct, e.group(2) or t[0].lower() + t[1:]))
            continue
        g = GOFIELD.match(line)
        if g and struct and (g.group(1) == "*" or "omitempty" not in g.group(2)):
            keep.add((struct, g.group(3)))
    return keep, inline, slices


def read_proto(pkg, path, keep, inline, messages):
    name = None
    for line in open(path):
        m = re.match(r"^message (\w+) \{", line)
        if m:
            name = f"{pkg}.{m.group(1)}"
            messages.setdefault(name, [])
            continue
        if line.startswith("}"):
            name = None
            continue
        if name is None:
            continue
        f = FIELD.match(line)
        if f:
            rep = "*" if f.group(1) == "repeated" else ""
            bang = "!" if (name, f.group(3)) in keep else ""
            bang += "^" if (name, f.group(3)) in inline else ""
            messages[name].append((f.group(3), f.group(4), rep + kind(f.group(2), pkg) + bang))
            continue
        f = MAP.match(line)
        if f:
            messages[name].append((f.group(2), f.group(3), "m" + kind(f.group(1), pkg)))


def main():
    api, machinery = sys.argv[1], sys.argv[2]
    dirs = package_dirs(api, machinery)
    # Packages reached from the roots' packages (core/v1 from apps/v1, ...) are read too.
    dirs.setdefault("core/v1", os.path.join(api, "core/v1"))
    dirs.setdefault("meta/v1", os.path.join(machinery, "pkg/apis/meta/v1"))
    keep, inline, slices, messages = set(), set(), set(), {}
    for pkg, d in sorted(dirs.items()):
        k, i, s = go_rules(pkg, os.path.join(d, "types.go"))
        keep |= k
        inline |= i
        slices |= s
    for pkg, d in sorted(dirs.items()):
        read_proto(pkg, os.path.join(d, "generated.proto"), keep, inline, messages)
    seen, todo = [], [f"{p}.{k}" for p, k in ROOTS]
    while todo:
        n = todo.pop(0)
        if n in seen or n in SPECIAL:
            continue
        if n not in messages:
            sys.exit(f"proto-fields.py: no message {n}")
        seen.append(n)
        for _, _, k in messages[n]:
            t = k.lstrip("*m").rstrip("!^")
            if t.startswith("."):
                todo.append(t[1:])
    for n in seen:
        head = n + ("[]" if n in slices else "")
        print(head + "".join(f" {f}={num}:{k}" for f, num, k in messages[n]))


main()
