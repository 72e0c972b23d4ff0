//! Containers as kubectl's generators build them, fields in the Go struct's order (name, image,
//! command, args, ports, env, resources, imagePullPolicy, securityContext, stdin, tty).

use serde_json::{json, Map, Value};

/// What a generator knows about one container.
#[derive(Debug, Clone, Default)]
pub struct Spec {
    pub name: String,
    pub image: String,
    pub command: Vec<String>,
    pub args: Vec<String>,
    pub port: Option<i64>,
    pub env: Vec<(String, String)>,
    pub image_pull_policy: String,
    pub privileged: bool,
    pub stdin: bool,
    pub stdin_once: bool,
    pub tty: bool,
}

pub fn build(s: &Spec) -> Value {
    let mut m = Map::new();
    m.insert("name".into(), json!(s.name));
    m.insert("image".into(), json!(s.image));
    if !s.command.is_empty() {
        m.insert("command".into(), json!(s.command));
    }
    if !s.args.is_empty() {
        m.insert("args".into(), json!(s.args));
    }
    if let Some(p) = s.port {
        m.insert("ports".into(), json!([{"containerPort": p}]));
    }
    if !s.env.is_empty() {
        let env: Vec<Value> = s
            .env
            .iter()
            .map(|(k, v)| json!({"name": k, "value": v}))
            .collect();
        m.insert("env".into(), Value::Array(env));
    }
    m.insert("resources".into(), json!({}));
    if !s.image_pull_policy.is_empty() {
        m.insert("imagePullPolicy".into(), json!(s.image_pull_policy));
    }
    if s.privileged {
        m.insert("securityContext".into(), json!({"privileged": true}));
    }
    if s.stdin {
        m.insert("stdin".into(), json!(true));
    }
    if s.stdin_once {
        m.insert("stdinOnce".into(), json!(true));
    }
    if s.tty {
        m.insert("tty".into(), json!(true));
    }
    Value::Object(m)
}

/// A container name from an image: the last path part without tag or digest. Names with
/// underscores are made valid and given a suffix, as kubectl does (its suffix is random; ours
/// is derived from the image so output stays reproducible).
pub fn name_from_image(image: &str) -> String {
    let last = image.rsplit('/').next().unwrap_or(image);
    let last = last.split(':').next().unwrap_or(last);
    let last = last.split('@').next().unwrap_or(last);
    if !last.contains('_') {
        return last.to_string();
    }
    let mut h: u32 = 2166136261;
    for b in image.bytes() {
        h = (h ^ u32::from(b)).wrapping_mul(16777619);
    }
    const ALPHA: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    let suffix: String = (0..5)
        .map(|i| {
            let idx = ((h >> (i * 5)) as usize) % ALPHA.len();
            char::from(ALPHA.get(idx).copied().unwrap_or(b'x'))
        })
        .collect();
    format!("{}-{suffix}", last.replace('_', "-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_images() {
        assert_eq!(name_from_image("nginx"), "nginx");
        assert_eq!(name_from_image("docker.io/library/nginx:1.27"), "nginx");
        assert_eq!(name_from_image("b@sha256:abc"), "b");
        assert!(name_from_image("a/b_c:1").starts_with("b-c-"));
        assert_eq!(name_from_image("a/b_c:1").len(), 9);
    }

    #[test]
    fn field_order_follows_go() {
        let c = build(&Spec {
            name: "n".into(),
            image: "i".into(),
            command: vec!["sleep".into()],
            port: Some(80),
            ..Spec::default()
        });
        assert_eq!(
            serde_json::to_string(&c).unwrap(),
            r#"{"name":"n","image":"i","command":["sleep"],"ports":[{"containerPort":80}],"resources":{}}"#
        );
    }
}
