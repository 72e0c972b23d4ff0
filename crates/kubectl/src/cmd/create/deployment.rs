//! `kubectl create deployment NAME --image=... [--replicas] [--port] [-- command...]`.

use serde_json::{json, Value};

use super::super::super::error::KError;
use super::super::super::flags::{flag, Args, Flag, Kind};
use super::super::super::Ctx;
use super::super::util::container::{self, Spec};
use super::super::util::create_flags;

pub const FLAGS: &[Flag] = &[
    create_flags::ALLOW_MISSING_TEMPLATE_KEYS,
    create_flags::DRY_RUN,
    create_flags::field_manager("kubectl-create"),
    flag(
        "image",
        None,
        Kind::Slice,
        "[]",
        "The images to run; give several for a pod with several containers.",
    ),
    create_flags::OUTPUT,
    flag(
        "port",
        None,
        Kind::Int,
        "-1",
        "The port the (first) container listens on.",
    ),
    flag(
        "replicas",
        Some('r'),
        Kind::Int,
        "1",
        "How many pods to run. 1 when not given.",
    ),
    create_flags::SAVE_CONFIG,
    create_flags::SHOW_MANAGED_FIELDS,
    create_flags::TEMPLATE,
    create_flags::VALIDATE,
];

pub const LONG: &str = "Create a deployment with the given name.";

pub const EXAMPLES: &str = "  # A deployment called my-dep running the busybox image
  kubectl create deployment my-dep --image=busybox
  
  # The same, with a command for the container
  kubectl create deployment my-dep --image=busybox -- date
  
  # Three replicas of nginx
  kubectl create deployment my-dep --image=nginx --replicas=3
  
  # busybox, with container port 5701 declared
  kubectl create deployment my-dep --image=busybox --port=5701
  
  # One pod with three containers
  kubectl create deployment my-dep --image=busybox:latest --image=ubuntu:latest --image=nginx";

pub const USAGE: &str =
    "kubectl create deployment NAME --image=image -- [COMMAND] [args...] [options]";

/// `create deployment`'s NAME, flags and command, read once.
pub struct CreateDeploymentOptions {
    name: String,
    namespace: Option<String>,
    images: Vec<String>,
    replicas: i64,
    /// -1: no port declared.
    port: i64,
    command: Vec<String>,
    flags: create_flags::Opts,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = CreateDeploymentOptions::complete(ctx, args)?;
    o.validate()?;
    o.run(ctx)
}

impl CreateDeploymentOptions {
    pub fn complete(ctx: &mut Ctx, args: &Args) -> Result<CreateDeploymentOptions, KError> {
        args.require(&["image"])?;
        Ok(CreateDeploymentOptions {
            name: super::one_name(args)?,
            flags: create_flags::opts(ctx, args)?,
            namespace: super::explicit_namespace(ctx),
            images: args.list("image"),
            replicas: args.int("replicas"),
            port: args.int("port"),
            command: super::after_dash(args),
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        if self.images.len() > 1 && !self.command.is_empty() {
            return Err(KError::msg(
                "cannot specify multiple --image options and command",
            ));
        }
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        super::finish(ctx, &self.flags, "deployments.apps", self.build())
    }

    /// The Deployment, in Go's field order.
    fn build(&self) -> Value {
        let labels = json!({"app": self.name});
        let containers: Vec<Value> = self
            .images
            .iter()
            .enumerate()
            .map(|(i, image)| {
                container::build(&Spec {
                    name: container::name_from_image(image),
                    image: image.clone(),
                    command: if i == 0 { self.command.clone() } else { vec![] },
                    port: (i == 0 && self.port >= 0).then_some(self.port),
                    ..Spec::default()
                })
            })
            .collect();
        json!({
            "kind": "Deployment",
            "apiVersion": "apps/v1",
            "metadata": super::object_meta(&self.name, self.namespace.as_deref(), Some(labels.clone())),
            "spec": {
                "replicas": self.replicas,
                "selector": {"matchLabels": labels},
                "template": {
                    "metadata": super::object_meta("", None, Some(labels)),
                    "spec": {"containers": containers},
                },
                "strategy": {},
            },
            "status": {},
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::run;

    #[test]
    fn json_matches_kubectl() {
        let (out, err, code) =
            run("create deployment web --image=nginx --replicas=3 --port=80 --dry-run=client -o json -- sleep 10");
        assert_eq!((err.as_str(), code), ("", 0));
        let want = r#"{
    "kind": "Deployment",
    "apiVersion": "apps/v1",
    "metadata": {
        "name": "web",
        "creationTimestamp": null,
        "labels": {
            "app": "web"
        }
    },
    "spec": {
        "replicas": 3,
        "selector": {
            "matchLabels": {
                "app": "web"
            }
        },
        "template": {
            "metadata": {
                "creationTimestamp": null,
                "labels": {
                    "app": "web"
                }
            },
            "spec": {
                "containers": [
                    {
                        "name": "nginx",
                        "image": "nginx",
                        "command": [
                            "sleep",
                            "10"
                        ],
                        "ports": [
                            {
                                "containerPort": 80
                            }
                        ],
                        "resources": {}
                    }
                ]
            }
        },
        "strategy": {}
    },
    "status": {}
}
"#;
        assert_eq!(out, want);
    }

    #[test]
    fn created_and_errors() {
        assert_eq!(
            run("create deployment web --image=nginx").0,
            "deployment.apps/web created\n"
        );
        assert_eq!(
            run("create deploy web --image=nginx --dry-run=server").0,
            "deployment.apps/web created (server dry run)\n"
        );
        assert_eq!(
            run("create deployment web").1,
            "error: required flag(s) \"image\" not set\n"
        );
        assert_eq!(
            run("create deployment --image=x").1,
            "error: exactly one NAME is required, got 0\nSee 'kubectl create deployment -h' for help and examples\n"
        );
        assert_eq!(
            run("create deployment w --image=a --image=b -- sleep 1").1,
            "error: cannot specify multiple --image options and command\n"
        );
        assert_eq!(
            run("create deployment w --image=a --dry-run=maybe").1,
            "error: Invalid dry-run value (maybe). Must be \"none\", \"server\", or \"client\".\n"
        );
    }
}
