//! `kubectl describe priorityclass`.

use serde_json::Value;

use super::events;
use super::selector::format_labels;
use super::{go_value, s, Settings, LEVEL_0, W};
use crate::{Ctx, KError};
use kubeplay_core::api::meta::ResourceExt;
use kubeplay_core::clock::Time;

pub fn describe(ctx: &mut Ctx, pc: &Value, settings: &Settings) -> Result<String, KError> {
    let evs = events::for_object(ctx, pc, settings);
    Ok(render(pc, evs.as_deref(), settings.now))
}

pub fn render(pc: &Value, evs: Option<&[Value]>, now: Time) -> String {
    let mut w = W::new();
    w.write(LEVEL_0, &format!("Name:\t{}\n", s(pc, "/metadata/name")));
    let value = pc.get("value").map(go_value).unwrap_or_else(|| "0".into());
    w.write(LEVEL_0, &format!("Value:\t{value}\n"));
    let global = pc.get("globalDefault").and_then(|b| b.as_bool()) == Some(true);
    w.write(LEVEL_0, &format!("GlobalDefault:\t{global}\n"));
    w.write(
        LEVEL_0,
        &format!("PreemptionPolicy:\t{}\n", s(pc, "/preemptionPolicy")),
    );
    w.write(
        LEVEL_0,
        &format!("Description:\t{}\n", s(pc, "/description")),
    );
    w.write(
        LEVEL_0,
        &format!("Annotations:\t{}\n", format_labels(pc.annotations())),
    );
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
    fn the_system_class() {
        let pc = json!({
            "metadata": {"name": "high"}, "value": 1000000, "preemptionPolicy": "PreemptLowerPriority",
            "description": "for important pods"
        });
        assert_eq!(
            render(&pc, Some(&[]), Time(0)),
            "Name:              high
Value:             1000000
GlobalDefault:     false
PreemptionPolicy:  PreemptLowerPriority
Description:       for important pods
Annotations:       <none>
Events:            <none>
"
        );
    }
}
