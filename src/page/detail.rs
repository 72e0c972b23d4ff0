//! The side panel for one object: what `kubectl describe` or `kubectl get -o yaml` prints for it,
//! or what `why` says of it.

use super::engine::Engine;

/// The object a panel shows.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Target {
    /// As kubectl names the type: `pod`, `node`, `namespace`.
    pub kind: String,
    /// Empty for cluster-scoped objects.
    pub namespace: String,
    pub name: String,
}

/// What the panel shows of its object.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Panel {
    #[default]
    Describe,
    Yaml,
    /// The chain of causes when the object is not healthy (the `why` builtin).
    Why,
}

/// The panel as shown: the command it ran and what that printed.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct DetailView {
    pub target: Target,
    pub panel: Panel,
    /// `kubectl describe pod web -n default`, shown above the text.
    pub command: String,
    pub text: String,
}

impl DetailView {
    /// Run the panel's command now.
    pub fn fetch(engine: &mut Engine, target: &Target, panel: Panel) -> DetailView {
        if panel == Panel::Why {
            let args = why_args(target);
            let text = engine.why_quiet(&args).combined();
            return DetailView {
                target: target.clone(),
                panel,
                command: format!("why {}", args.join(" ")),
                text,
            };
        }
        let args = args(target, panel == Panel::Yaml);
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let text = engine.kubectl_quiet(&refs).combined();
        DetailView {
            target: target.clone(),
            panel,
            command: format!("kubectl {}", args.join(" ")),
            text,
        }
    }
}

/// `why pod/web -n default`: the builtin's words for the object.
fn why_args(t: &Target) -> Vec<String> {
    let mut args = vec![format!("{}/{}", t.kind, t.name)];
    if !t.namespace.is_empty() {
        args.push("-n".into());
        args.push(t.namespace.clone());
    }
    args
}

fn args(t: &Target, yaml: bool) -> Vec<String> {
    let mut args = vec![
        if yaml { "get" } else { "describe" }.to_string(),
        t.kind.clone(),
        t.name.clone(),
    ];
    if !t.namespace.is_empty() {
        args.push("-n".into());
        args.push(t.namespace.clone());
    }
    if yaml {
        args.push("-o".into());
        args.push("yaml".into());
    }
    args
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describe_or_yaml_with_the_namespace_when_there_is_one() {
        let pod = Target {
            kind: "pod".into(),
            namespace: "default".into(),
            name: "web".into(),
        };
        assert_eq!(
            args(&pod, false),
            ["describe", "pod", "web", "-n", "default"]
        );
        let node = Target {
            kind: "node".into(),
            namespace: String::new(),
            name: "minikube".into(),
        };
        assert_eq!(args(&node, true), ["get", "node", "minikube", "-o", "yaml"]);
        assert_eq!(why_args(&pod), ["pod/web", "-n", "default"]);
        assert_eq!(why_args(&node), ["node/minikube"]);
    }
}
