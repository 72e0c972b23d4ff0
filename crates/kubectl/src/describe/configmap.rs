//! `kubectl describe configmap`: each data key with its value, binary keys with their size.

use kubeplay_core::api::meta::ResourceExt;
use kubeplay_core::sort::SortOnce;
use serde_json::Value;

use super::events;
use super::secret::base64_len;
use super::LEVEL_0;
use super::{annotations_multiline, go_value, labels_multiline, name_namespace, Settings, W};
use crate::{Ctx, KError};
use kubeplay_core::clock::Time;

pub fn describe(ctx: &mut Ctx, cm: &Value, settings: &Settings) -> Result<String, KError> {
    let evs = events::for_object(ctx, cm, settings);
    Ok(render(cm, evs.as_deref(), settings.now))
}

/// Keys in sorted order (Go ranges over the map in random order; sorted is one of its orders).
fn sorted_entries(v: Option<&Value>) -> Vec<(String, String)> {
    super::string_map(v)
}

pub fn render(cm: &Value, evs: Option<&[Value]>, now: Time) -> String {
    let mut w = W::new();
    name_namespace(&mut w, cm);
    labels_multiline(&mut w, "", "Labels", cm.labels());
    annotations_multiline(&mut w, "Annotations", cm.annotations());
    w.write(LEVEL_0, "\nData\n====\n");
    for (k, v) in sorted_entries(cm.get("data")) {
        w.write(LEVEL_0, &format!("{k}:\n----\n"));
        w.write(LEVEL_0, &format!("{v}\n"));
        w.write(LEVEL_0, "\n");
    }
    w.write(LEVEL_0, "\nBinaryData\n====\n");
    let mut binary: Vec<(String, usize)> = cm
        .get("binaryData")
        .and_then(|b| b.as_object())
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), base64_len(&go_value(v))))
                .collect()
        })
        .unwrap_or_default();
    binary.sort_once();
    for (k, n) in binary {
        w.write(LEVEL_0, &format!("{k}: {n} bytes\n"));
    }
    w.write(LEVEL_0, "\n");
    if let Some(evs) = evs {
        events::describe(&mut w, evs, now);
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn data_and_binary_data() {
        let cm = json!({"metadata": {"name": "cfg", "namespace": "default"},
                        "data": {"b": "two\nlines", "a": "1"}, "binaryData": {"bin": "AAEC"}});
        assert_eq!(
            render(&cm, Some(&[]), Time(0)),
            "Name:         cfg
Namespace:    default
Labels:       <none>
Annotations:  <none>

Data
====
a:
----
1

b:
----
two
lines


BinaryData
====
bin: 3 bytes

Events:  <none>
"
        );
    }
}
