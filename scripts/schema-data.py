#!/usr/bin/env python3
"""Build kubeplay's Kubernetes schema data from two pinned packages.

Usage: schema-data.py RELEASE OUT.json[.zz] [WORKDIR]   (RELEASE: v1.32.0; a name ending in .zz
gets zlib-compressed data)

Each release a profile runs is one committed file, crates/schema/data/kubernetes-RELEASE.json.zz;
the schema crate embeds every such file and a cluster uses the one of its own version, so another
Kubernetes version is a rerun of this script, not code.

The `kubernetes-validate` wheel (PyPI, fetched with pip) carries the JSON schemas of each
Kubernetes release, generated from the upstream OpenAPI documents: descriptions, types and formats,
`required`, `x-kubernetes-group-version-kind`, list-map keys and patch merge keys. We take one
release's `_definitions.json`, keep the definitions reachable from the stable API kinds, and write
them as minified JSON in the OpenAPI shape the API server serves (types without the added `null`,
refs by definition name).

That conversion drops what the API server says about the fields Go marks `+enum` (restartPolicy,
imagePullPolicy, Service type, protocol, ...): their `enum` lists and the `Possible enum values:`
paragraph that ends their descriptions, both of which `kubectl explain` prints. The
`kubernetes-models` package (npm, fetched with npm) still has both in its TypeScript declarations:
such a property's type is a union of string literals and its doc comment is the upstream
description. We add them from there to the properties whose description otherwise agrees.

Both downloads are pinned by hash and kept in WORKDIR, so reruns are offline. The output is
committed (crates/schema/data/kubernetes-RELEASE.json.zz), so builds need neither python nor npm;
scripts/check-schema-data.sh reruns this in CI and fails when the committed data disagrees. SCHEMA_DATA_VERBOSE=1 prints what the enum merge did (fields whose
description differs from the package's keep their enum but not its 1.33 paragraph).
"""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
import zlib

WHEEL_VERSION = "1.37.0"
WHEEL_SHA256 = "85136d018a27b50ec7fc049d902bfa5193f5976807e6c0f408e3ab6fe078cad9"
WHEEL_NAME = f"kubernetes_validate-{WHEEL_VERSION}-py3-none-any.whl"
# The wheel holds v1.30.0 to v1.37.0.
RELEASES = ("v1.30.0", "v1.31.0", "v1.32.0", "v1.33.0", "v1.34.0", "v1.35.0", "v1.36.0",
            "v1.37.0")
REF_PREFIX = "#/$defs/"

# Its declarations follow Kubernetes 1.33 (the package has no 1.32 or 1.34 release); enums change
# little between releases. For v1.32 it also gives more enums whose description agrees (68) than
# 4.4.2, which follows 1.31 (62).
MODELS_VERSION = "4.5.1"
MODELS_SHA512 = ("33f7710d6f612e355091126430065b60b2db223e59ac8b602fd64b26195ad9b5"
                 "11507850d42a0b033d3ed9b71fbc0560bb4285c0ff71d248f2a5855d5986a35f")
MODELS_TARBALL = f"kubernetes-models-{MODELS_VERSION}.tgz"
ENUM_HEADING = "\n\nPossible enum values:"


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


def fetch_models(workdir):
    path = os.path.join(workdir, MODELS_TARBALL)
    if os.path.exists(path) and digest(path, "sha512") == MODELS_SHA512:
        return path
    npm = shutil.which("npm")
    if npm is None:
        sys.exit(f"npm (Node.js) is needed once to fetch kubernetes-models {MODELS_VERSION}, "
                 f"the source of the schema's enum values; or put {MODELS_TARBALL} "
                 f"(sha512 {MODELS_SHA512}) into {workdir}")
    cmd = [npm, "pack", "--silent", "--ignore-scripts", f"kubernetes-models@{MODELS_VERSION}"]
    subprocess.run(cmd, check=True, cwd=workdir, stdout=subprocess.DEVNULL)
    if not os.path.exists(path) or digest(path, "sha512") != MODELS_SHA512:
        sys.exit(f"{path}: missing, or its sha512 differs from the pinned {MODELS_SHA512}")
    return path


def sha256(path):
    return digest(path, "sha256")


def digest(path, algorithm):
    h = hashlib.new(algorithm)
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


STRING = r'"(?:[^"\\]|\\.)*"'
UNION = re.compile(rf"^{STRING}(?: \| {STRING})*$")
MEMBER_LINE = re.compile(r'^    "([^"]+)"\??: (.*);$')
EXPORT_LINE = re.compile(r"^export (?:type )?\{(.*)\};?$")


def models_enums(tar_path):
    """{definition key: {property: (values, in_items, description)}} for every property of the
    package's interfaces whose type is a union of string literals (or a list of one)."""
    found = {}
    with tarfile.open(tar_path, "r:gz") as tar:
        for member in tar.getmembers():
            if not (member.isfile() and member.name.endswith(".d.ts")):
                continue
            text = tar.extractfile(member).read().decode("utf-8")
            interfaces = declared_enums(text)
            for line in text.splitlines():
                m = EXPORT_LINE.match(line)
                if not m:
                    continue
                for item in m.group(1).split(","):
                    local, _, exported = (w.strip() for w in item.partition(" as "))
                    if local in interfaces and exported.startswith("I"):
                        found[exported[1:]] = interfaces[local]
    return found


def declared_enums(text):
    """{interface: {property: (values, in_items, description)}} of one declaration file."""
    interfaces = {}
    current = None
    doc = None
    for line in text.splitlines():
        m = re.match(r"^export interface (\w+)\b.*\{$", line)
        if m:
            current = interfaces.setdefault(m.group(1), {})
            doc = None
            continue
        if current is None:
            continue
        if line == "}":
            current = None
        elif line == "    /**":
            doc = []
        elif doc is not None and line == "     */":
            pass
        elif doc is not None and (line == "     *" or line.startswith("     * ")):
            doc.append(line[len("     * "):])
        else:
            m = MEMBER_LINE.match(line)
            if m:
                name, ty = m.groups()
                in_items = ty.startswith("Array<") and ty.endswith(">")
                if in_items:
                    ty = ty[len("Array<"):-1]
                if UNION.match(ty) and name not in ("apiVersion", "kind"):
                    values = [json.loads(v) for v in re.findall(STRING, ty)]
                    description = unescape_doc("\n".join(doc)) if doc is not None else None
                    current[name] = (values, in_items, description)
            doc = None
    return interfaces


def unescape_doc(text):
    """A description as the doc comment writes it -> as the API server serves it."""
    return text.replace("*\\/", "*/").replace("\\*", "*")


def definition_key(name):
    """`io.k8s.api.core.v1.PodSpec` -> `IoK8sApiCoreV1PodSpec`, the package's export name."""
    return "".join(p[:1].upper() + p[1:] for p in re.split(r"[.-]", name))


def add_enums(defs, enums):
    """Puts the package's enum values (and the description paragraph listing them) on our
    definitions' properties. Returns counts for the log."""
    stats = {"enums": 0, "items": 0, "suffixes": 0, "base_differs": [], "not_ours": 0}
    for name, schema in defs.items():
        props = schema.get("properties", {})
        for prop, (values, in_items, doc) in enums.get(definition_key(name), {}).items():
            target = props.get(prop)
            if target is None:
                stats["not_ours"] += 1
                continue
            if in_items:
                items = target.get("items")
                if not isinstance(items, dict) or items.get("type") != "string":
                    stats["not_ours"] += 1
                    continue
                items["enum"] = values
                stats["items"] += 1
            else:
                if target.get("type") != "string":
                    stats["not_ours"] += 1
                    continue
                target["enum"] = values
                stats["enums"] += 1
            if doc is None:
                continue
            base, heading, listing = doc.partition(ENUM_HEADING)
            ours = target.get("description", "")
            if not heading:
                if doc != ours:
                    stats["base_differs"].append(f"{name}.{prop}")
            elif base == ours:
                target["description"] = ours + heading + listing
                stats["suffixes"] += 1
            else:
                stats["base_differs"].append(f"{name}.{prop}")
    return stats


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
    if len(sys.argv) < 3 or sys.argv[1] not in RELEASES:
        sys.exit(f"usage: schema-data.py RELEASE OUT.json[.zz] [WORKDIR]  (RELEASE: one of {RELEASES})")
    release, out_path = sys.argv[1], sys.argv[2]
    workdir = sys.argv[3] if len(sys.argv) > 3 else os.path.dirname(os.path.abspath(out_path))
    os.makedirs(workdir, exist_ok=True)
    member = f"kubernetes_validate/kubernetes-json-schema/{release}-local/_definitions.json"
    with zipfile.ZipFile(fetch_wheel(workdir)) as wheel:
        defs = json.loads(wheel.read(member))["$defs"]
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
    kept = {name: defs[name] for name in sorted(keep)}
    stats = add_enums(kept, models_enums(fetch_models(workdir)))
    if os.environ.get("SCHEMA_DATA_VERBOSE"):
        print(json.dumps(stats, indent=1), file=sys.stderr)
    # The tarball is pinned, so this only trips if the reading of its declarations breaks.
    if stats["enums"] < 50 or stats["suffixes"] < 50:
        sys.exit(f"kubernetes-models {MODELS_VERSION}: too few enums read ({stats})")
    data = {
        "source": f"kubernetes-validate {WHEEL_VERSION} (PyPI), Kubernetes {release}; "
                  f"enum values from kubernetes-models {MODELS_VERSION} (npm)",
        "version": release,
        "definitions": kept,
    }
    text = json.dumps(data, separators=(",", ":"), sort_keys=False).encode()
    # build.rs asks for zlib-compressed data: the raw JSON was a third of the page's wasm, fetched
    # before the first paint though only explain and validation read it (src/schema inflates it).
    blob = zlib.compress(text, 9) if out_path.endswith(".zz") else text
    tmp = out_path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(blob)
    os.replace(tmp, out_path)


if __name__ == "__main__":
    main()
