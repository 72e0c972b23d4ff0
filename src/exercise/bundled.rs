//! The exercises shipped with kubeplay (`examples/exercises/`), embedded so the CLI and the page
//! work offline. One file per exercise and language: `NAME.LANG.yaml`.

macro_rules! bundled {
    ($($file:literal),* $(,)?) => {
        &[$(($file, include_str!(concat!("../../examples/exercises/", $file)))),*]
    };
}

/// (file name, text), in the order a course takes them.
pub const FILES: &[(&str, &str)] = bundled![
    "kubeconfig-contexts.fr.yaml",
    "kubeconfig-contexts.en.yaml",
    "nodes.fr.yaml",
    "nodes.en.yaml",
    "first-namespace.fr.yaml",
    "first-namespace.en.yaml",
    "run-expose.fr.yaml",
    "run-expose.en.yaml",
    "pod-manifest.fr.yaml",
    "pod-manifest.en.yaml",
    "multi-document.fr.yaml",
    "multi-document.en.yaml",
    "explain.fr.yaml",
    "explain.en.yaml",
    "yaml-lesson.fr.yaml",
    "yaml-lesson.en.yaml",
    "fix-image-tag.fr.yaml",
    "fix-image-tag.en.yaml",
    "fix-crashing-command.fr.yaml",
    "fix-crashing-command.en.yaml",
    "fix-pending-pod.fr.yaml",
    "fix-pending-pod.en.yaml",
    "fix-service-selector.fr.yaml",
    "fix-service-selector.en.yaml",
    "fix-target-port.fr.yaml",
    "fix-target-port.en.yaml",
    "fix-missing-configmap.fr.yaml",
    "fix-missing-configmap.en.yaml",
    "fix-exceeded-quota.fr.yaml",
    "fix-exceeded-quota.en.yaml",
    "fix-readiness-probe.fr.yaml",
    "fix-readiness-probe.en.yaml",
    "kind-nodes.fr.yaml",
    "kind-nodes.en.yaml",
];

/// The bundled exercise `name` in `lang`, or in the other language if that is all there is.
pub fn find(name: &str, lang: &str) -> Option<(&'static str, &'static str)> {
    let exact = format!("{name}.{lang}.yaml");
    FILES
        .iter()
        .find(|(f, _)| *f == exact)
        .or_else(|| {
            FILES
                .iter()
                .find(|(f, _)| f.starts_with(&format!("{name}.")))
        })
        .copied()
}

#[cfg(test)]
mod tests {
    use super::super::{grade, load};
    use super::FILES;

    /// Every bundled exercise loads and passes its own solutions (what `kubeplay exercise
    /// check examples/exercises` reports).
    #[test]
    fn every_bundled_exercise_passes_the_checker() {
        let mut failures = Vec::new();
        for (file, text) in FILES {
            match load(file, text) {
                Err(e) => failures.push(e.to_string()),
                Ok(ex) => {
                    if let Err(f) = grade::grade(&ex) {
                        failures.push(format!("{file}: {f}"));
                    }
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn each_exercise_exists_in_french_and_english() {
        for (file, _) in FILES {
            let name = file.split('.').next().unwrap_or("");
            for lang in ["fr", "en"] {
                assert!(
                    FILES
                        .iter()
                        .any(|(f, _)| *f == format!("{name}.{lang}.yaml")),
                    "{name} has no {lang} version"
                );
            }
        }
    }
}
