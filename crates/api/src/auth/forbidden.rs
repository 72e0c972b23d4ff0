//! The refusal a v1.32 apiserver writes when no authorizer allows a request.

use kubeplay_core::api::status::Status;

use super::{Attributes, UserInfo};

/// `pods "web" is forbidden: User "u" cannot get resource "pods" in API group "" in the
/// namespace "default"`, with the authorizer's reason after a colon when it gave one.
pub fn status(user: &UserInfo, attrs: &Attributes, reason: &str) -> Status {
    let mut why = message(&user.name, attrs);
    if !reason.is_empty() {
        why = format!("{why}: {reason}");
    }
    // Go's `%v` of an error is its text; the sanitizer escapes what could read as HTML.
    let why = why
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let resource = if attrs.api_group.is_empty() {
        attrs.resource.clone()
    } else {
        format!("{}.{}", attrs.resource, attrs.api_group)
    };
    let text = if resource.is_empty() {
        format!("forbidden: {why}")
    } else if attrs.name.is_empty() {
        format!("{resource} is forbidden: {why}")
    } else {
        format!("{resource} {:?} is forbidden: {why}", attrs.name)
    };
    let mut s = Status::forbidden(text);
    if !attrs.name.is_empty() {
        s.name = Some(attrs.name.clone());
    }
    if !attrs.api_group.is_empty() {
        s.group = Some(attrs.api_group.clone());
    }
    if !attrs.resource.is_empty() {
        s.kind = Some(attrs.resource.clone());
    }
    s
}

fn message(user: &str, attrs: &Attributes) -> String {
    if !attrs.resource_request {
        return format!("User {user:?} cannot {} path {:?}", attrs.verb, attrs.path);
    }
    let mut resource = attrs.resource.clone();
    if !attrs.subresource.is_empty() {
        resource = format!("{resource}/{}", attrs.subresource);
    }
    if attrs.namespace.is_empty() {
        format!(
            "User {user:?} cannot {} resource {resource:?} in API group {:?} at the cluster scope",
            attrs.verb, attrs.api_group
        )
    } else {
        format!(
            "User {user:?} cannot {} resource {resource:?} in API group {:?} in the namespace {:?}",
            attrs.verb, attrs.api_group, attrs.namespace
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_it_as_the_apiserver_does() {
        let user = UserInfo {
            name: "system:serviceaccount:default:sa".into(),
            ..UserInfo::default()
        };
        let a = Attributes::resource("list", "", "pods", "default", "");
        assert_eq!(
            status(&user, &a, "").message,
            "pods is forbidden: User \"system:serviceaccount:default:sa\" cannot list resource \"pods\" in API group \"\" in the namespace \"default\""
        );
        let a = Attributes::resource("get", "apps", "deployments", "", "web");
        assert_eq!(
            status(&user, &a, "RBAC: role.rbac.authorization.k8s.io \"r\" not found").message,
            "deployments.apps \"web\" is forbidden: User \"system:serviceaccount:default:sa\" cannot get resource \"deployments\" in API group \"apps\" at the cluster scope: RBAC: role.rbac.authorization.k8s.io \"r\" not found"
        );
    }
}
