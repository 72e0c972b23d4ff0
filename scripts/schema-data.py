#!/usr/bin/env python3
"""Build kubeplay's Kubernetes schema data from the `kubernetes-validate` wheel on PyPI.

Usage: schema-data.py OUT.json [WORKDIR]

The wheel (pinned version and sha256 below) carries the JSON schemas of each Kubernetes release,
generated from the upstream OpenAPI documents: descriptions, types and formats, `required`,
`x-kubernetes-group-version-kind`, list-map keys and patch merge keys. We take one release's
`_definitions.json`, keep the definitions reachable from the stable API kinds, and write them as
minified JSON in the OpenAPI shape the API server serves (types without the added `null`, refs by
definition name). build.rs runs this once per clean build; pip's cache makes reruns offline.
"""
import hashlib
import json
import os
import re
import subprocess
import sys
import zipfile

WHEEL_VERSION = "1.37.0"
WHEEL_SHA256 = "85136d018a27b50ec7fc049d902bfa5193f5976807e6c0f408e3ab6fe078cad9"
WHEEL_NAME = f"kubernetes_validate-{WHEEL_VERSION}-py3-none-any.whl"
K8S_RELEASE = "v1.34.0"
MEMBER = f"kubernetes_validate/kubernetes-json-schema/{K8S_RELEASE}-local/_definitions.json"
REF_PREFIX = "#/$defs/"


def fetch_wheel(workdir):
    path = os.path.join(workdir, WHEEL_NAME)
    if os.path.exists(path) and sha256(path) == WHEEL_SHA256:
        return path
    req = os.path.join(workdir, "requirements.txt")
    with open(req, "w") as f:
        f.write(f"kubernetes-validate=={WHEEL_VERSION} --hash=sha256:{WHEEL_SHA256}\n")
    cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
           "--require-hashes", "-r", req, "-d", workdir]
    subprocess.run(cmd, check=True)
    if sha256(path) != WHEEL_SHA256:
        sys.exit(f"{path}: sha256 differs from the pinned {WHEEL_SHA256}")
    return path


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def normalize(schema, prop_name=None):
    """One schema node in the served shape; recurses into sub-schemas."""
    if isinstance(schema, list):
        return [normalize(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {}
    for key, val in schema.items():
        if key == "type" and isinstance(val, list):
            types = [t for t in val if t != "null"]
            val = types[0] if len(types) == 1 else types
        elif key == "$ref":
            val = val[len(REF_PREFIX):] if val.startswith(REF_PREFIX) else val
        elif key == "enum" and prop_name in ("apiVersion", "kind"):
            # The JSON-schema conversion pins apiVersion/kind per kind; the API's own schema
            # does not, so neither do we.
            continue
        elif key == "properties":
            val = {name: normalize(sub, name) for name, sub in val.items()}
        elif key in ("items", "additionalProperties", "oneOf", "anyOf", "allOf"):
            val = normalize(val)
        out[key] = val
    return out


def refs(schema, found):
    if isinstance(schema, dict):
        ref = schema.get("$ref")
        if isinstance(ref, str):
            found.add(ref)
        for v in schema.values():
            refs(v, found)
    elif isinstance(schema, list):
        for v in schema:
            refs(v, found)


def main():
    out_path = sys.argv[1]
    workdir = sys.argv[2] if len(sys.argv) > 2 else os.path.dirname(os.path.abspath(out_path))
    os.makedirs(workdir, exist_ok=True)
    with zipfile.ZipFile(fetch_wheel(workdir)) as wheel:
        defs = json.loads(wheel.read(MEMBER))["$defs"]
    defs = {name: normalize(schema) for name, schema in defs.items()}
    # Keep what the stable API versions (v1, v2, ...) reach; alpha/beta kinds are not served.
    stable = re.compile(r"^v[0-9]+$")
    todo = [name for name, s in defs.items()
            if any(stable.match(g.get("version", ""))
                   for g in s.get("x-kubernetes-group-version-kind", []))]
    keep = set()
    while todo:
        name = todo.pop()
        if name in keep or name not in defs:
            continue
        keep.add(name)
        found = set()
        refs(defs[name], found)
        todo.extend(found)
    data = {
        "source": f"kubernetes-validate {WHEEL_VERSION} (PyPI), Kubernetes {K8S_RELEASE}",
        "version": K8S_RELEASE,
        "definitions": {name: defs[name] for name in sorted(keep)},
    }
    tmp = out_path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(data, f, separators=(",", ":"), sort_keys=False)
    os.replace(tmp, out_path)


if __name__ == "__main__":
    main()
