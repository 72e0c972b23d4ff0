//! URL paths -> what they address, as kube-apiserver routes them.

use super::discovery::{Discovery, ResourceInfo};
use super::status::Status;

// A route is built once per request and matched right away; boxing the big variant buys nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Route {
    Version,
    /// `/api`
    CoreVersions,
    /// `/apis`
    Groups,
    /// `/api/v1`, `/apis/apps/v1`
    ResourceList {
        group: String,
        version: String,
    },
    /// `/openapi/v2`, `/openapi/v3` and `/openapi/v3/<api|apis/group>/<version>` (the latter's
    /// path after `/openapi/v3/`).
    OpenApiV2,
    OpenApiV3Index,
    OpenApiV3(String),
    /// A collection or one object, optionally a subresource (`status`, `scale`, `log`).
    Resource {
        info: ResourceInfo,
        namespace: Option<String>,
        name: Option<String>,
        sub: Option<String>,
    },
}

pub fn parse(discovery: &Discovery, path: &str) -> Result<Route, Status> {
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let (group, version, rest): (&str, &str, &[&str]) = match segs.as_slice() {
        ["version"] => return Ok(Route::Version),
        ["api"] => return Ok(Route::CoreVersions),
        ["apis"] => return Ok(Route::Groups),
        ["openapi", "v2"] => return Ok(Route::OpenApiV2),
        ["openapi", "v3"] => return Ok(Route::OpenApiV3Index),
        ["openapi", "v3", doc @ ..] => return Ok(Route::OpenApiV3(doc.join("/"))),
        ["api", v, rest @ ..] => ("", v, rest),
        ["apis", g, v, rest @ ..] => (g, v, rest),
        _ => return Err(Status::page_not_found()),
    };
    if rest.is_empty() {
        return Ok(Route::ResourceList {
            group: group.into(),
            version: version.into(),
        });
    }
    let lookup = |plural: &str| {
        discovery
            .by_plural(group, version, plural)
            .cloned()
            .ok_or_else(Status::page_not_found)
    };
    // `/namespaces/{ns}/{resource}/...` is namespaced unless `{resource}` is not a namespaced
    // resource, in which case it is a subresource of the namespace itself (`/namespaces/x/status`).
    if let ["namespaces", ns, res, more @ ..] = rest {
        if let Some(info) = discovery.by_plural(group, version, res) {
            if info.namespaced {
                return Ok(Route::Resource {
                    info: info.clone(),
                    namespace: Some(ns.to_string()),
                    name: more.first().map(|s| s.to_string()),
                    sub: more.get(1).map(|s| s.to_string()),
                });
            }
        }
    }
    let info = lookup(rest[0])?;
    Ok(Route::Resource {
        info,
        namespace: None,
        name: rest.get(1).map(|s| s.to_string()),
        sub: rest.get(2).map(|s| s.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes() {
        let d = Discovery::builtin();
        let r = parse(&d, "/api/v1/namespaces/tp/pods/web/log");
        match r {
            Ok(Route::Resource {
                info,
                namespace,
                name,
                sub,
            }) => {
                assert_eq!(info.kind, "Pod");
                assert_eq!(namespace.as_deref(), Some("tp"));
                assert_eq!(name.as_deref(), Some("web"));
                assert_eq!(sub.as_deref(), Some("log"));
            }
            other => panic!("{other:?}"),
        }
        match parse(&d, "/api/v1/namespaces/tp") {
            Ok(Route::Resource {
                info,
                namespace,
                name,
                ..
            }) => {
                assert_eq!(info.kind, "Namespace");
                assert_eq!(namespace, None);
                assert_eq!(name.as_deref(), Some("tp"));
            }
            other => panic!("{other:?}"),
        }
        match parse(&d, "/apis/apps/v1/deployments") {
            Ok(Route::Resource {
                info, namespace, ..
            }) => {
                assert_eq!(info.kind, "Deployment");
                assert_eq!(namespace, None);
            }
            other => panic!("{other:?}"),
        }
        assert!(parse(&d, "/apis/apps/v1/nothings").is_err());
    }
}
