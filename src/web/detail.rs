//! The side panel for one object: what `kubectl describe` or `kubectl get -o yaml` prints for it.

use web_sys::KeyboardEvent;
use yew::prelude::*;

use super::app::Shared;

#[derive(Clone, PartialEq)]
pub struct Target {
    pub kind: String,
    pub namespace: String,
    pub name: String,
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub engine: Shared,
    pub target: Target,
    pub beat: u64,
    pub on_close: Callback<Option<super::detail::Target>>,
}

#[function_component]
pub fn Detail(p: &Props) -> Html {
    let yaml = use_state(|| false);
    let close_ref = use_node_ref();
    {
        let close_ref = close_ref.clone();
        use_effect_with(p.target.clone(), move |_| {
            if let Some(el) = close_ref.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        });
    }
    let t = &p.target;
    let mut args = vec![
        if *yaml { "get" } else { "describe" }.to_string(),
        t.kind.clone(),
        t.name.clone(),
    ];
    if !t.namespace.is_empty() {
        args.push("-n".into());
        args.push(t.namespace.clone());
    }
    if *yaml {
        args.push("-o".into());
        args.push("yaml".into());
    }
    let command = format!("kubectl {}", args.join(" "));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = p.engine.0.borrow_mut().kubectl_quiet(&refs);
    let close = {
        let on_close = p.on_close.clone();
        Callback::from(move |_: MouseEvent| on_close.emit(None))
    };
    let onkeydown = {
        let on_close = p.on_close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                on_close.emit(None);
            }
        })
    };
    let set = |v: bool| {
        let yaml = yaml.clone();
        Callback::from(move |_: MouseEvent| yaml.set(v))
    };
    html! {
        <aside class="drawer" id="detail" aria-label={format!("{} {}", t.kind, t.name)} {onkeydown}>
            <div class="pane-head">
                <h2>{format!("{} {}", t.kind, t.name)}</h2>
                <span class="spacer"></span>
                <div class="seg" role="group" aria-label="View">
                    <button class={classes!("btn", "quiet", (!*yaml).then_some("on"))} id="show-describe"
                        aria-pressed={(!*yaml).to_string()} onclick={set(false)}>{"describe"}</button>
                    <button class={classes!("btn", "quiet", yaml.then_some("on"))} id="show-yaml"
                        aria-pressed={yaml.to_string()} onclick={set(true)}>{"yaml"}</button>
                </div>
                <button class="btn quiet" ref={close_ref} id="close-detail" onclick={close}
                    aria-label="Close">{"✕"}</button>
            </div>
            <div class="command">{"$ "}{command}</div>
            <pre class="detail-text" id="detail-text" tabindex="0">{out.combined()}</pre>
        </aside>
    }
}
