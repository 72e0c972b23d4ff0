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

pub struct Params {
    pub name: String,
    pub namespace: Option<String>,
    pub images: Vec<String>,
    pub replicas: i64,
    pub port: i64,
    pub command: Vec<String>,
}

pub fn build(p: &Params) -> Value {
    let labels = json!({"app": p.name});
    let containers: Vec<Value> = p
        .images
        .iter()
        .enumerate()
        .map(|(i, image)| {
            container::build(&Spec {
                name: container::name_from_image(image),
                image: image.clone(),
                command: if i == 0 { p.command.clone() } else { vec![] },
                port: (i == 0 && p.port >= 0).then_some(p.port),
                ..Spec::default()
            })
        })
        .collect();
    json!({
        "kind": "Deployment",
        "apiVersion": "apps/v1",
        "metadata": super::object_meta(&p.name, p.namespace.as_deref(), Some(labels.clone())),
        "spec": {
            "replicas": p.replicas,
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

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    args.require(&["image"])?;
    let name = super::one_name(args)?;
    let o = create_flags::opts(ctx, args)?;
    let images = args.list("image");
    let command = super::after_dash(args);
    if images.len() > 1 && !command.is_empty() {
        return Err(KError::msg(
            "cannot specify multiple --image options and command",
        ));
    }
    let p = Params {
        name,
        namespace: super::explicit_namespace(ctx),
        images,
        replicas: args.int("replicas"),
        port: args.int("port"),
        command,
    };
    super::finish(ctx, &o, "deployments.apps", build(&p))
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
