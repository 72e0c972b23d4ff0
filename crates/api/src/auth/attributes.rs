//! What a request asks to do, as the apiserver's RequestInfoFactory reads it from the URL: a
//! resource request (verb, group, resource, subresource, namespace, name) or a non-resource path.

use kubeplay_core::api::{ApiRequest, Method};

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Attributes {
    pub verb: String,
    pub resource_request: bool,
    /// The URL path, for non-resource requests.
    pub path: String,
    pub api_group: String,
    pub api_version: String,
    pub resource: String,
    pub subresource: String,
    pub namespace: String,
    pub name: String,
}

/// Subresources of a namespace itself (`/namespaces/x/status`), not resources inside it.
const NAMESPACE_SUBRESOURCES: [&str; 2] = ["status", "finalize"];

impl Attributes {
    pub fn of_request(req: &ApiRequest) -> Attributes {
        let parts: Vec<&str> = req.path.split('/').filter(|s| !s.is_empty()).collect();
        let method_verb = match req.method {
            Method::Get => "get",
            Method::Post => "create",
            Method::Put => "update",
            Method::Patch => "patch",
            Method::Delete => "delete",
        };
        let non_resource = || Attributes {
            verb: req.method.as_str().to_ascii_lowercase(),
            path: req.path.clone(),
            ..Attributes::default()
        };
        let (group, rest): (&str, &[&str]) = match parts.as_slice() {
            ["api", rest @ ..] if rest.len() >= 2 => ("", rest),
            ["apis", g, rest @ ..] if rest.len() >= 2 => (g, rest),
            _ => return non_resource(),
        };
        let mut attrs = Attributes {
            verb: method_verb.to_string(),
            resource_request: true,
            api_group: group.to_string(),
            api_version: rest[0].to_string(),
            ..Attributes::default()
        };
        let mut rest = &rest[1..];
        if rest.first() == Some(&"namespaces") && rest.len() > 1 {
            attrs.namespace = rest[1].to_string();
            if rest.len() > 2 && !NAMESPACE_SUBRESOURCES.contains(&rest[2]) {
                rest = &rest[2..];
            }
        }
        attrs.resource = rest.first().unwrap_or(&"").to_string();
        attrs.name = rest.get(1).unwrap_or(&"").to_string();
        attrs.subresource = rest.get(2).unwrap_or(&"").to_string();
        if attrs.name.is_empty() && attrs.verb == "get" {
            attrs.verb = if req
                .query_param("watch")
                .is_some_and(|w| w == "true" || w == "1")
            {
                "watch".into()
            } else {
                "list".into()
            };
            // A list of one name (`metadata.name=x`) is authorized for that name.
            if let Some(name) = req
                .query_param("fieldSelector")
                .and_then(|f| f.strip_prefix("metadata.name="))
                .filter(|n| !n.contains(','))
            {
                attrs.name = name.to_string();
            }
        }
        if attrs.name.is_empty() && attrs.verb == "delete" {
            attrs.verb = "deletecollection".into();
        }
        attrs
    }

    /// Attributes for one check (SubjectAccessReview, impersonation).
    pub fn resource(verb: &str, group: &str, resource: &str, namespace: &str, name: &str) -> Self {
        Attributes {
            verb: verb.into(),
            resource_request: true,
            api_group: group.into(),
            resource: resource.into(),
            namespace: namespace.into(),
            name: name.into(),
            ..Attributes::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(method: Method, path: &str) -> Attributes {
        Attributes::of_request(&ApiRequest::new(method, path))
    }

    #[test]
    fn reads_resource_requests_as_the_apiserver_does() {
        let a = of(Method::Get, "/api/v1/namespaces/default/pods");
        assert_eq!((a.verb.as_str(), a.namespace.as_str()), ("list", "default"));
        let a = of(Method::Get, "/api/v1/namespaces/default/pods/web/log");
        assert_eq!(
            (a.resource.as_str(), a.name.as_str(), a.subresource.as_str()),
            ("pods", "web", "log")
        );
        let a = of(Method::Get, "/api/v1/namespaces/dev");
        assert_eq!(
            (a.resource.as_str(), a.name.as_str(), a.namespace.as_str()),
            ("namespaces", "dev", "dev")
        );
        let a = of(Method::Delete, "/apis/apps/v1/namespaces/x/deployments");
        assert_eq!(
            (a.verb.as_str(), a.api_group.as_str()),
            ("deletecollection", "apps")
        );
        let a = of(Method::Get, "/apis/apps/v1");
        assert!(!a.resource_request);
        assert_eq!(a.verb, "get");
        let w = ApiRequest::get("/api/v1/pods").with_query("watch", "true");
        assert_eq!(Attributes::of_request(&w).verb, "watch");
    }
}
