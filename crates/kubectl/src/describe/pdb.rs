//! `kubectl describe poddisruptionbudget`: the budget, its selector and status counts.

use serde_json::Value;

use super::events;
use super::{go_value, int_at, name_namespace, Settings, LEVEL_0, LEVEL_2, W};
use crate::{Ctx, KError};
use kubeplay_core::api::selector::LabelSelector;
use kubeplay_core::clock::Time;

pub fn describe(ctx: &mut Ctx, pdb: &Value, settings: &Settings) -> Result<String, KError> {
    let evs = events::for_object(ctx, pdb, settings);
    Ok(render(pdb, evs.as_deref(), settings.now))
}

pub fn render(pdb: &Value, evs: Option<&[Value]>, now: Time) -> String {
    let mut w = W::new();
    name_namespace(&mut w, pdb);
    if let Some(min) = pdb.pointer("/spec/minAvailable") {
        w.write(LEVEL_0, &format!("Min available:\t{}\n", go_value(min)));
    } else if let Some(max) = pdb.pointer("/spec/maxUnavailable") {
        w.write(LEVEL_0, &format!("Max unavailable:\t{}\n", go_value(max)));
    }
    match pdb.pointer("/spec/selector") {
        Some(sel) => w.write(
            LEVEL_0,
            &format!("Selector:\t{}\n", LabelSelector::format(Some(sel))),
        ),
        None => w.write(LEVEL_0, "Selector:\t<unset>\n"),
    }
    w.write(LEVEL_0, "Status:\n");
    for (title, field) in [
        ("Allowed disruptions", "disruptionsAllowed"),
        ("Current", "currentHealthy"),
        ("Desired", "desiredHealthy"),
        ("Total", "expectedPods"),
    ] {
        let n = int_at(pdb, &format!("/status/{field}"));
        w.write(LEVEL_2, &format!("{title}:\t{n}\n"));
    }
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
    fn a_budget_with_min_available() {
        let pdb = json!({
            "metadata": {"name": "web-pdb", "namespace": "default"},
            "spec": {"minAvailable": 2, "selector": {"matchLabels": {"app": "web"}}},
            "status": {"disruptionsAllowed": 1, "currentHealthy": 3, "desiredHealthy": 2, "expectedPods": 3}
        });
        assert_eq!(
            render(&pdb, Some(&[]), Time(0)),
            "Name:           web-pdb
Namespace:      default
Min available:  2
Selector:       app=web
Status:
    Allowed disruptions:  1
    Current:              3
    Desired:              2
    Total:                3
Events:                   <none>
"
        );
    }
}
