//! namePrefix and nameSuffix: every object's name but those of kinds whose names are not
//! theirs to choose (CustomResourceDefinitions, APIServices, Namespaces).

use crate::res::Res;

pub fn apply(prefix: &str, suffix: &str, rs: &mut [Res]) {
    if prefix.is_empty() && suffix.is_empty() {
        return;
    }
    for r in rs.iter_mut() {
        let skipped = match r.kind() {
            "CustomResourceDefinition" | "Namespace" => true,
            "APIService" => r.group() == "apiregistration.k8s.io",
            _ => false,
        };
        if skipped {
            continue;
        }
        let name = format!("{prefix}{}{suffix}", r.name());
        r.set_name(&name);
        if !prefix.is_empty() {
            r.prefixes.push(prefix.to_string());
        }
        if !suffix.is_empty() {
            r.suffixes.push(suffix.to_string());
        }
    }
}
