//! metav1.Status errors with the API server's wording; kubectl turns them into
//! `Error from server (NotFound): pods "x" not found` and friends.

use serde_json::{json, Value};

#[derive(Debug, Clone, PartialEq)]
pub struct StatusCause {
    pub reason: String,
    pub message: String,
    pub field: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    pub code: u16,
    pub reason: String,
    pub message: String,
    pub name: Option<String>,
    pub group: Option<String>,
    pub kind: Option<String>,
    pub causes: Vec<StatusCause>,
}

impl Status {
    fn new(code: u16, reason: &str, message: String) -> Status {
        Status {
            code,
            reason: reason.into(),
            message,
            name: None,
            group: None,
            kind: None,
            causes: vec![],
        }
    }

    fn details(mut self, group: &str, kind: &str, name: &str) -> Status {
        self.name = Some(name.to_string());
        if !group.is_empty() {
            self.group = Some(group.to_string());
        }
        self.kind = Some(kind.to_string());
        self
    }

    /// `pods "x" not found`; `resource` is the plural, `group` empty for core.
    pub fn not_found(group: &str, resource: &str, name: &str) -> Status {
        Status::new(
            404,
            "NotFound",
            format!("{} \"{name}\" not found", qualified(group, resource)),
        )
        .details(group, resource, name)
    }

    pub fn already_exists(group: &str, resource: &str, name: &str) -> Status {
        Status::new(
            409,
            "AlreadyExists",
            format!("{} \"{name}\" already exists", qualified(group, resource)),
        )
        .details(group, resource, name)
    }

    pub fn conflict(group: &str, resource: &str, name: &str, why: &str) -> Status {
        Status::new(
            409,
            "Conflict",
            format!(
                "Operation cannot be fulfilled on {} \"{name}\": {why}",
                qualified(group, resource)
            ),
        )
        .details(group, resource, name)
    }

    /// `The Pod "x" is invalid: <causes>`; `kind` is the Kind, as the server writes it.
    pub fn invalid(group: &str, kind: &str, name: &str, causes: Vec<StatusCause>) -> Status {
        let summary: Vec<String> = causes
            .iter()
            .map(|c| {
                if c.field.is_empty() {
                    c.message.clone()
                } else {
                    format!("{}: {}", c.field, c.message)
                }
            })
            .collect();
        let joined = if summary.len() == 1 {
            summary[0].clone()
        } else {
            format!("[{}]", summary.join(", "))
        };
        let gk = if group.is_empty() {
            kind.to_string()
        } else {
            format!("{kind}.{group}")
        };
        let mut s = Status::new(
            422,
            "Invalid",
            format!("{gk} \"{name}\" is invalid: {joined}"),
        )
        .details(group, kind, name);
        s.causes = causes;
        s
    }

    pub fn bad_request(message: impl Into<String>) -> Status {
        Status::new(400, "BadRequest", message.into())
    }

    pub fn method_not_allowed(message: impl Into<String>) -> Status {
        Status::new(405, "MethodNotAllowed", message.into())
    }

    /// A path nothing serves: the API server answers a bare 404 with reason NotFound.
    pub fn page_not_found() -> Status {
        Status::new(
            404,
            "NotFound",
            "the server could not find the requested resource".into(),
        )
    }

    /// Creating in a namespace that is being deleted.
    pub fn forbidden(message: impl Into<String>) -> Status {
        Status::new(403, "Forbidden", message.into())
    }

    pub fn internal(message: impl Into<String>) -> Status {
        Status::new(500, "InternalError", message.into())
    }

    pub fn to_json(&self) -> Value {
        let mut v = json!({
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": {},
            "status": "Failure",
            "message": self.message,
            "reason": self.reason,
            "code": self.code,
        });
        let mut details = serde_json::Map::new();
        if let Some(n) = &self.name {
            details.insert("name".into(), json!(n));
        }
        if let Some(g) = &self.group {
            details.insert("group".into(), json!(g));
        }
        if let Some(k) = &self.kind {
            details.insert("kind".into(), json!(k));
        }
        if !self.causes.is_empty() {
            let causes: Vec<Value> = self
                .causes
                .iter()
                .map(|c| json!({"reason": c.reason, "message": c.message, "field": c.field}))
                .collect();
            details.insert("causes".into(), Value::Array(causes));
        }
        if !details.is_empty() {
            v["details"] = Value::Object(details);
        }
        v
    }

    pub fn from_json(v: &Value) -> Option<Status> {
        if v.get("kind")?.as_str()? != "Status" {
            return None;
        }
        let s = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
        let d = v.get("details");
        let ds = |k: &str| {
            d.and_then(|d| d.get(k))
                .and_then(|x| x.as_str())
                .map(String::from)
        };
        let causes = d
            .and_then(|d| d.get("causes"))
            .and_then(|c| c.as_array())
            .map(|arr| {
                arr.iter()
                    .map(|c| StatusCause {
                        reason: c
                            .get("reason")
                            .and_then(|x| x.as_str())
                            .unwrap_or("")
                            .into(),
                        message: c
                            .get("message")
                            .and_then(|x| x.as_str())
                            .unwrap_or("")
                            .into(),
                        field: c.get("field").and_then(|x| x.as_str()).unwrap_or("").into(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        Some(Status {
            code: v.get("code").and_then(|c| c.as_u64()).unwrap_or(500) as u16,
            reason: s("reason"),
            message: s("message"),
            name: ds("name"),
            group: ds("group"),
            kind: ds("kind"),
            causes,
        })
    }
}

/// A field error, in the API server's words (`Invalid value: "x": ...`, `Required value`).
pub fn cause(reason: &str, field: &str, message: impl Into<String>) -> StatusCause {
    StatusCause {
        reason: reason.into(),
        field: field.into(),
        message: message.into(),
    }
}

pub fn invalid_value(field: &str, value: &str, why: &str) -> StatusCause {
    cause(
        "FieldValueInvalid",
        field,
        format!("Invalid value: {}: {why}", go_quote(value)),
    )
}

pub fn required(field: &str) -> StatusCause {
    cause("FieldValueRequired", field, "Required value")
}

pub fn unsupported_value(field: &str, value: &str, supported: &[&str]) -> StatusCause {
    let quoted: Vec<String> = supported.iter().map(|s| go_quote(s)).collect();
    cause(
        "FieldValueNotSupported",
        field,
        format!(
            "Unsupported value: {}: supported values: {}",
            go_quote(value),
            quoted.join(", ")
        ),
    )
}

/// Go's `%q` for the strings we print (ASCII escapes are enough for names and values).
pub fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn qualified(group: &str, resource: &str) -> String {
    if group.is_empty() {
        resource.to_string()
    } else {
        format!("{resource}.{group}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages() {
        assert_eq!(
            Status::not_found("", "pods", "x").message,
            "pods \"x\" not found"
        );
        assert_eq!(
            Status::already_exists("apps", "deployments", "web").message,
            "deployments.apps \"web\" already exists"
        );
        let s = Status::invalid("", "Pod", "B", vec![required("spec.containers")]);
        assert_eq!(
            s.message,
            "Pod \"B\" is invalid: spec.containers: Required value"
        );
        let back = Status::from_json(&s.to_json());
        assert_eq!(back, Some(s));
    }
}
