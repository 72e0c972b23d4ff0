#!/usr/bin/env python3
"""Write real kubectl's command tree and flags as kubeplay's reference data.

Usage: kubectl-flags.py KUBECTL [OUT]   (OUT defaults to crates/kubectl/data/kubectl-flags.txt)

KUBECTL is a real kubectl binary of the version kubeplay answers as (v1.32). The script reads its
help: `kubectl options` for the flags every command inherits, `kubectl help` for the commands,
then `kubectl PATH --help` for each command's aliases, subcommands and "Options:", recursively,
and tries on each command the few flags the help hides (HIDDEN_FLAGS).
A help page lists only a command's own flags, so each flag of an ancestor that the page lacks is
tried on the command (`kubectl PATH --flag=x --help`): the ones it does not call unknown are
inherited and written under it too. Only the help is read, nothing talks to a cluster.

The output is committed, so building and testing kubeplay need neither this script nor the
binary. Its format, one line each:

    [kubectl PATH] ALIAS...      a command (`[kubectl]` holds the flags of `kubectl options`)
    -s --long                    a boolean flag of the command above, with its shorthand if any
    --long=TYPE                  a flag that takes a value: string, int, duration or list
"""
import os
import re
import subprocess
import sys
import tempfile

# Commands cobra and kubectl leave out of the root listing, though they answer.
HIDDEN_TOP = ["alpha", "help", "options"]

# Flags the help hides (deprecated, or kept for old scripts) but commands still take; each is tried
# on every command, as the help cannot say which have it.
HIDDEN_FLAGS = ["record", "server-print", "use-openapi-print-columns"]

FLAG_LINE = re.compile(r"^    (?:-(\w), )?--([\w-]+)=(.*):$")
DURATION = re.compile(r"^-?(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$")


def run(kubectl, args, home=None):
    env = dict(os.environ, KUBECONFIG=os.devnull, HOME=home or tempfile.gettempdir())
    p = subprocess.run(
        [kubectl, *args], capture_output=True, text=True, env=env, timeout=60
    )
    return p.stdout, p.stderr


def value_type(default):
    """What a flag takes, from the default its help shows (pflag's bare true/false is a bool)."""
    if default in ("true", "false"):
        return None
    if default.startswith("'") or default == "":
        return "string"
    if default.startswith("["):
        return "list"
    if re.fullmatch(r"-?\d+", default):
        return "int"
    if DURATION.fullmatch(default):
        return "duration"
    return "string"


def options(text):
    """The flags of a help page's "Options:" section, as (short, long, type) in its order."""
    flags, inside = [], False
    for line in text.splitlines():
        if line.startswith("Options:") or line.startswith(
            "The following options can be passed to any command:"
        ):
            inside = True
            continue
        if inside and line and not line.startswith((" ", "\t")):
            break
        m = FLAG_LINE.match(line) if inside else None
        if m:
            flags.append((m.group(1), m.group(2), value_type(m.group(3))))
    return flags


def section(text, title):
    """The lines of a help section (`Aliases:`, `Available Commands:`) up to its blank line."""
    lines, inside = [], False
    for line in text.splitlines():
        if line.rstrip() == title:
            inside = True
        elif inside and not line.strip():
            break
        elif inside:
            lines.append(line)
    return lines


def top_commands(kubectl):
    out, _ = run(kubectl, ["help"])
    names = []
    for line in out.split("Usage:")[0].splitlines():
        m = re.match(r"^  ([a-z][\w-]*)\s{2,}", line)
        if m:
            names.append(m.group(1))
    return names + [n for n in HIDDEN_TOP if n not in names]


def accepts(kubectl, path, flag):
    _, long, kind = flag
    given = f"--{long}=x" if kind else f"--{long}=true"
    _, err = run(kubectl, [*path, given, "--help"])
    return "unknown flag" not in err


def hidden_flag(kubectl, path, name):
    """A hidden flag as (short, long, type) if the command takes it: a bare one that wants a value
    is told so."""
    _, err = run(kubectl, [*path, f"--{name}", "--help"])
    if "unknown flag" in err:
        return None
    return (None, name, "string" if "needs an argument" in err else None)


def walk(kubectl, path, inheritable, out):
    text, _ = run(kubectl, [*path, "--help"])
    aliases = []
    for line in section(text, "Aliases:"):
        aliases += [a.strip() for a in line.split(",")[1:] if a.strip()]
    own = options(text)
    names = {f[1] for f in own}
    inherited = [
        f for f in inheritable if f[1] not in names and accepts(kubectl, path, f)
    ]
    hidden = [f for f in map(lambda n: hidden_flag(kubectl, path, n), HIDDEN_FLAGS) if f]
    out.append((path, aliases, own + inherited + [f for f in hidden if f[1] not in names]))
    subs = []
    for line in section(text, "Available Commands:"):
        m = re.match(r"^  ([a-z][\w-]*)\s", line)
        if m:
            subs.append(m.group(1))
    for sub in subs:
        walk(kubectl, [*path, sub], own + inherited, out)


def line(flag):
    short, long, kind = flag
    head = f"-{short} " if short else ""
    return f"{head}--{long}={kind}" if kind else f"{head}--{long}"


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    kubectl = sys.argv[1]
    dest = sys.argv[2] if len(sys.argv) > 2 else "crates/kubectl/data/kubectl-flags.txt"
    version, _ = run(kubectl, ["version", "--client"])
    version = version.splitlines()[0].split(": ")[1]
    text, _ = run(kubectl, ["options"])
    commands = []
    for name in top_commands(kubectl):
        walk(kubectl, [name], [], commands)
    lines = [
        f"# kubectl {version}: its commands and their flags, written by scripts/kubectl-flags.py",
        "# from the binary's help; do not edit. `[kubectl PATH] ALIAS...` starts a command,",
        "# `-s --long` is a boolean flag of it, `--long=TYPE` one that takes a value.",
        "[kubectl]",
    ]
    # cobra gives every command -h/--help; `kubectl options` leaves it out.
    lines += [line(f) for f in options(text) + [("h", "help", None)]]
    for path, aliases, flags in sorted(commands, key=lambda c: c[0]):
        lines.append(" ".join([f"[kubectl {' '.join(path)}]", *aliases]))
        lines += [line(f) for f in flags]
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    with open(dest, "w") as f:
        f.write("\n".join(lines) + "\n")
    # `kubectl options` as the playground prints it: its home is /home/user.
    shown, _ = run(kubectl, ["options"], home="/home/user")
    with open(os.path.join(os.path.dirname(dest), "options.txt"), "w") as f:
        f.write(shown)


if __name__ == "__main__":
    main()
