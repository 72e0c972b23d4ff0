#!/usr/bin/env python3
"""Write data/pod-proto.txt, the protobuf field table `kubeplay serve` decodes a Pod with (a typed
client such as kubectl debug's sends protobuf): every message a Pod reaches, from the
generated.proto files of k8s.io/api core/v1 and k8s.io/apimachinery meta/v1 at v0.32.0.

Usage: proto-fields.py CORE_PROTO META_PROTO -- CORE_TYPES_GO META_TYPES_GO > src/serve/pod-proto.txt

Each line: `Message name=number:kind ...`; kind is s (string), b (bool), i (integer),
y (bytes), d (double), .Type (a message), m<kind> (a map from strings), `*` before it when
repeated, and `!` after it when a zero value is kept (the Go field is a pointer, or its JSON
name has no omitempty: protobuf writes every plain field, JSON leaves out the empty), `^` when
JSON inlines the message's fields (a Go embedded struct: a Volume's VolumeSource). Time, MicroTime, Quantity, IntOrString, Duration, FieldsV1 and RawExtension are
decoded by hand and have no line."""
import re
import sys

SPECIAL = {"Time", "MicroTime", "Quantity", "IntOrString", "Duration", "FieldsV1", "RawExtension"}
SCALAR = {"string": "s", "bool": "b", "int32": "i", "int64": "i", "bytes": "y", "double": "d"}
FIELD = re.compile(r"^\s*(optional|repeated)\s+([\w.]+)\s+(\w+)\s*=\s*(\d+)")
MAP = re.compile(r"^\s*map<string,\s*([\w.]+)>\s+(\w+)\s*=\s*(\d+)")


def kind(t):
    short = t.split(".")[-1]
    return SCALAR.get(short, "." + short)


args = sys.argv[1:]
split = args.index("--") if "--" in args else len(args)
protos, gofiles = args[:split], args[split + 1:]

# (struct, protobuf name) of fields whose zero value JSON keeps, and of embedded structs whose
# fields JSON inlines.
keep = set()
inline = set()
EMBED = re.compile(r'^\s*\*?(\w+)\s+`json:",inline" protobuf:"[^"]*?(?:name=(\w+))?"')
GOFIELD = re.compile(r'^\s*\w+\s+(\*?)[\w.\[\]*]+\s+`json:"([^"]*)".*protobuf:"[^"]*name=(\w+)')
for path in gofiles:
    struct = None
    for line in open(path):
        m = re.match(r"^type (\w+) struct", line)
        if m:
            struct = m.group(1)
            continue
        e = EMBED.match(line)
        if e and struct:
            t = e.group(1)
            inline.add((struct, e.group(2) or t[0].lower() + t[1:]))
            continue
        g = GOFIELD.match(line)
        if g and struct:
            if g.group(1) == "*" or "omitempty" not in g.group(2):
                keep.add((struct, g.group(3)))

messages = {}
for path in protos:
    name = None
    for line in open(path):
        m = re.match(r"^message (\w+) \{", line)
        if m:
            name = m.group(1)
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
            messages[name].append((f.group(3), f.group(4), rep + kind(f.group(2)) + bang))
            continue
        f = MAP.match(line)
        if f:
            messages[name].append((f.group(2), f.group(3), "m" + kind(f.group(1))))

seen, todo = [], ["Pod"]
while todo:
    n = todo.pop(0)
    if n in seen or n in SPECIAL or n not in messages:
        continue
    seen.append(n)
    for _, _, k in messages[n]:
        t = k.lstrip("*m").rstrip("!^")
        if t.startswith("."):
            todo.append(t[1:])
for n in seen:
    print(n + "".join(f" {f}={num}:{k}" for f, num, k in messages[n]))
