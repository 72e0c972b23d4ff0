//! The bar across the top: the name, what went wrong with storage, and "Reset cluster".

use yew::prelude::*;

use super::dom::confirm;
use super::state::Actions;
use crate::page::Action;

pub fn header(notice: Option<&str>, actions: &Actions) -> Html {
    let reset = actions.on(|_: MouseEvent| {
        confirm("Reset the cluster? Every object you created is removed; your files stay.")
            .then_some(Action::ResetCluster)
    });
    html! {
        <header class="bar">
            <div class="brand">
                <span class="logo" aria-hidden="true">{"⎈"}</span>
                <span class="name">{"kubeplay"}</span>
                <span class="sub">{"a Kubernetes cluster in your browser · minikube"}</span>
            </div>
            <div class="actions">
                if let Some(n) = notice {
                    <span class="notice" role="status" id="storage-notice">{n}</span>
                }
                <button class="btn quiet" id="reset-cluster" onclick={reset}>{"Reset cluster"}</button>
            </div>
        </header>
    }
}
