//! The command tree, in kubectl's order (which also orders "Did you mean this?" suggestions).

/// A subcommand's table entry from its module's USAGE, LONG, EXAMPLES, FLAGS and `run`
/// (defined before the modules below, so `config` and `create` can use it).
macro_rules! sub {
    ($name:expr, $aliases:expr, $short:expr, $m:ident) => {
        Command {
            name: $name,
            aliases: $aliases,
            short: $short,
            usage: $m::USAGE,
            long: $m::LONG,
            examples: $m::EXAMPLES,
            flags: $m::FLAGS,
            run: $m::run,
            subcommands: &[],
        }
    };
}

pub mod annotate;
pub mod api_resources;
pub mod api_versions;
pub mod apply;
pub mod attach;
pub mod auth;
pub mod autoscale;
pub mod cluster_info;
pub mod complete;
pub mod completion;
pub mod config;
pub mod cordon;
pub mod cp;
pub mod create;
pub mod debug;
pub mod delete;
pub mod describe;
pub mod diff;
pub mod drain;
pub mod edit;
pub mod events;
pub mod exec;
pub mod explain;
pub mod expose;
pub mod get;
pub mod help;
pub mod kustomize;
pub mod label;
pub mod logs;
pub mod metadata_edit;
pub mod options;
pub mod patch;
pub mod port_forward;
pub mod replace;
pub mod rollout;
pub mod run;
pub mod scale;
pub mod set;
pub mod taint;
pub mod top;
pub mod unsupported;
pub mod util;
pub mod version;
pub mod wait;

use super::flags::Flag;
use super::{Command, RunFn};

/// A command table entry without aliases or subcommands.
pub(crate) const fn cmd(
    name: &'static str,
    short: &'static str,
    flags: &'static [Flag],
    run: RunFn,
    long: &'static str,
    examples: &'static str,
    usage: &'static str,
) -> Command {
    Command {
        name,
        aliases: &[],
        short,
        usage,
        long,
        examples,
        flags,
        run,
        subcommands: &[],
    }
}

const fn todo(name: &'static str, short: &'static str) -> Command {
    cmd(
        name,
        short,
        &[],
        unsupported::run,
        short,
        "",
        "kubectl [command] [options]",
    )
}

macro_rules! module_cmd {
    ($name:expr, $short:expr, $m:ident) => {
        cmd(
            $name,
            $short,
            $m::FLAGS,
            $m::run,
            $m::LONG,
            $m::EXAMPLES,
            $m::USAGE,
        )
    };
}

pub static COMMANDS: &[Command] = &[
    Command {
        subcommands: create::SUBCOMMANDS,
        ..module_cmd!("create", "Create a resource from a file or from stdin", create)
    },
    module_cmd!("expose", "Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service", expose),
    module_cmd!("run", "Run a particular image on the cluster", run),
    Command {
        subcommands: set::SUBCOMMANDS,
        ..module_cmd!("set", "Set specific features on objects", set)
    },
    module_cmd!("explain", "Get documentation for a resource", explain),
    module_cmd!("get", "Display one or many resources", get),
    module_cmd!("edit", "Edit a resource on the server", edit),
    module_cmd!("delete", "Delete resources by file names, stdin, resources and names, or by resources and label selector", delete),
    Command {
        subcommands: rollout::SUBCOMMANDS,
        ..module_cmd!("rollout", "Manage the rollout of a resource", rollout)
    },
    module_cmd!("scale", "Set a new size for a deployment, replica set, or replication controller", scale),
    module_cmd!("autoscale", "Auto-scale a deployment, replica set, stateful set, or replication controller", autoscale),
    todo("certificate", "Modify certificate resources"),
    Command {
        subcommands: cluster_info::SUBCOMMANDS,
        ..module_cmd!("cluster-info", "Display cluster information", cluster_info)
    },
    Command {
        subcommands: top::SUBCOMMANDS,
        ..module_cmd!("top", "Display resource (CPU/memory) usage", top)
    },
    module_cmd!("cordon", "Mark node as unschedulable", cordon),
    cmd(
        "uncordon",
        "Mark node as schedulable",
        cordon::uncordon::FLAGS,
        cordon::uncordon::run,
        cordon::uncordon::LONG,
        cordon::uncordon::EXAMPLES,
        cordon::uncordon::USAGE,
    ),
    module_cmd!("drain", "Drain node in preparation for maintenance", drain),
    module_cmd!("taint", "Update the taints on one or more nodes", taint),
    module_cmd!("describe", "Show details of a specific resource or group of resources", describe),
    module_cmd!("logs", "Print the logs for a container in a pod", logs),
    module_cmd!("attach", "Attach to a running container", attach),
    module_cmd!("exec", "Execute a command in a container", exec),
    module_cmd!("port-forward", "Forward one or more local ports to a pod", port_forward),
    todo("proxy", "Run a proxy to the Kubernetes API server"),
    module_cmd!("cp", "Copy files and directories to and from containers", cp),
    Command {
        subcommands: auth::SUBCOMMANDS,
        ..module_cmd!("auth", "Inspect authorization", auth)
    },
    module_cmd!("debug", "Create debugging sessions for troubleshooting workloads and nodes", debug),
    module_cmd!("events", "List events", events),
    module_cmd!("diff", "Diff the live version against a would-be applied version", diff),
    Command {
        subcommands: apply::subcommands::SUBCOMMANDS,
        ..module_cmd!("apply", "Apply a configuration to a resource by file name or stdin", apply)
    },
    module_cmd!("patch", "Update fields of a resource", patch),
    module_cmd!("replace", "Replace a resource by file name or stdin", replace),
    module_cmd!("wait", "Experimental: Wait for a specific condition on one or many resources", wait),
    module_cmd!("kustomize", "Build a kustomization target from a directory or URL", kustomize),
    module_cmd!("label", "Update the labels on a resource", label),
    module_cmd!("annotate", "Update the annotations on a resource", annotate),
    module_cmd!("completion", "Output shell completion code for the specified shell (bash, zsh, fish, or powershell)", completion),
    todo("alpha", "Commands for features in alpha"),
    module_cmd!("api-resources", "Print the supported API resources on the server", api_resources),
    module_cmd!("api-versions", "Print the supported API versions on the server, in the form of \"group/version\"", api_versions),
    Command {
        subcommands: config::SUBCOMMANDS,
        ..module_cmd!("config", "Modify kubeconfig files", config)
    },
    todo("plugin", "Provides utilities for interacting with plugins"),
    module_cmd!("version", "Print the client and server version information", version),
    module_cmd!("options", "Print the list of flags inherited by all commands", options),
    module_cmd!("help", "Help about any command", help),
];
