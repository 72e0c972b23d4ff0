//! A container's probes as the pod spec gives them, with the API's defaults.

use serde_json::Value;

/// Which probe: each has its own word in events and its own effect.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Startup,
    Liveness,
    Readiness,
}

impl Kind {
    /// As the kubelet names it in events (`Liveness probe failed: …`).
    pub fn word(self) -> &'static str {
        match self {
            Kind::Startup => "Startup",
            Kind::Liveness => "Liveness",
            Kind::Readiness => "Readiness",
        }
    }

    fn field(self) -> &'static str {
        match self {
            Kind::Startup => "startupProbe",
            Kind::Liveness => "livenessProbe",
            Kind::Readiness => "readinessProbe",
        }
    }
}

/// A port as a probe names it: a number, or the name of one of the container's ports.
#[derive(Debug, Clone, PartialEq)]
pub enum Port {
    Number(i64),
    Name(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Http {
        port: Port,
        path: String,
        https: bool,
    },
    Tcp {
        port: Port,
    },
    Grpc {
        port: i64,
    },
    Exec(Vec<String>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    pub kind: Kind,
    pub action: Action,
    pub delay: i64,
    pub period: i64,
    pub timeout: i64,
    pub success: i64,
    pub failure: i64,
    /// The probe's own grace period for the kill it causes (liveness and startup).
    pub grace: Option<i64>,
}

fn int(p: &Value, field: &str, default: i64, min: i64) -> i64 {
    p.get(field)
        .and_then(Value::as_i64)
        .unwrap_or(default)
        .clamp(min, 1 << 31)
}

fn port(v: Option<&Value>) -> Port {
    match v {
        Some(Value::String(s)) => match s.parse() {
            Ok(n) => Port::Number(n),
            Err(_) => Port::Name(s.clone()),
        },
        Some(v) => Port::Number(v.as_i64().unwrap_or(0)),
        None => Port::Number(0),
    }
}

fn action(p: &Value) -> Option<Action> {
    if let Some(h) = p.get("httpGet") {
        let path = h.get("path").and_then(Value::as_str).unwrap_or("/");
        let scheme = h.get("scheme").and_then(Value::as_str).unwrap_or("HTTP");
        return Some(Action::Http {
            port: port(h.get("port")),
            path: if path.starts_with('/') {
                path.to_string()
            } else {
                format!("/{path}")
            },
            https: scheme.eq_ignore_ascii_case("https"),
        });
    }
    if let Some(t) = p.get("tcpSocket") {
        return Some(Action::Tcp {
            port: port(t.get("port")),
        });
    }
    if let Some(g) = p.get("grpc") {
        return Some(Action::Grpc {
            port: g.get("port").and_then(Value::as_i64).unwrap_or(0),
        });
    }
    let words = p.pointer("/exec/command")?.as_array()?;
    Some(Action::Exec(
        words
            .iter()
            .map(|w| w.as_str().unwrap_or("").to_string())
            .collect(),
    ))
}

impl Spec {
    /// The container's probe of this kind, if it has one the kubelet can run.
    pub fn of(container: &Value, kind: Kind) -> Option<Spec> {
        let p = container.get(kind.field())?;
        Some(Spec {
            kind,
            action: action(p)?,
            delay: int(p, "initialDelaySeconds", 0, 0),
            period: int(p, "periodSeconds", 10, 1),
            timeout: int(p, "timeoutSeconds", 1, 1),
            success: int(p, "successThreshold", 1, 1),
            failure: int(p, "failureThreshold", 3, 1),
            grace: p
                .get("terminationGracePeriodSeconds")
                .and_then(Value::as_i64),
        })
    }

    /// The container's probes, startup first.
    pub fn all(container: &Value) -> Vec<Spec> {
        [Kind::Startup, Kind::Liveness, Kind::Readiness]
            .into_iter()
            .filter_map(|k| Spec::of(container, k))
            .collect()
    }
}
