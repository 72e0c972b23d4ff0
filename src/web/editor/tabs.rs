//! The editor's toolbar: a tab per file (select, rename, delete), a new file, the JSON switch and
//! Apply.

use web_sys::{HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use super::super::dom::confirm;
use super::super::state::{use_actions, Actions};
use crate::page::words::Words;
use crate::page::{Action, EditorView};

pub fn toolbar(
    e: &EditorView,
    json: &UseStateHandle<bool>,
    actions: &Actions,
    w: &'static Words,
) -> Html {
    let toggle_json = {
        let json = json.clone();
        Callback::from(move |_: MouseEvent| json.set(!*json))
    };
    let json = **json;
    let edit_open = e.editing.as_deref() == Some(e.active.as_str());
    html! {
        <div class="pane-head tabs" role="toolbar" aria-label={w.files}>
            {for e.names.iter().map(|name| tab(e, name, actions, w))}
            if !e.readonly {
                <button class="tab-new" id="new-file" onclick={actions.on(|_: MouseEvent| Some(Action::NewFile))}
                    title={w.new_file} aria-label={w.new_file}>{"+"}</button>
            }
            <span class="spacer"></span>
            <button class={classes!("btn", "quiet", json.then_some("on"))} id="toggle-json" onclick={toggle_json}
                aria-pressed={json.to_string()}>
                {if json { "YAML" } else { "JSON" }}
            </button>
            if edit_open {
                // The file a `kubectl edit` waits for: saving it is what carries the edit on.
                <button class="btn primary" id="save-edit" onclick={actions.on(|_: MouseEvent| Some(Action::SaveEdit))}
                    title="Ctrl-S">{w.save_edit}</button>
            } else {
                <button class="btn primary" id="apply" onclick={actions.on(|_: MouseEvent| Some(Action::Apply))}
                    title={format!("kubectl apply -f {}", e.active)}>{w.apply}</button>
            }
        </div>
    }
}

/// One file's tab: its name selects it (a double click renames it); the open one has rename and
/// delete buttons.
fn tab(e: &EditorView, name: &str, actions: &Actions, w: &'static Words) -> Html {
    if let Some((_, text)) = e.renaming.as_ref().filter(|(n, _)| n == name) {
        return html! {
            <span class="tab active renaming" key={name.to_string()}>
                <RenameInput name={name.to_string()} text={text.clone()} />
            </span>
        };
    }
    let active = name == e.active;
    let with_name = |make: fn(String) -> Action| {
        let name = name.to_string();
        actions.on(move |_: MouseEvent| Some(make(name.clone())))
    };
    let delete = {
        let name = name.to_string();
        actions.on(move |_: MouseEvent| {
            confirm(&format!("{} {name}?", w.delete_file_confirm))
                .then(|| Action::DeleteFile(name.clone()))
        })
    };
    if e.editing.as_deref() == Some(name) {
        return edit_tab(name, active, actions, w);
    }
    html! {
        <span class={classes!("tab", active.then_some("active"))} key={name.to_string()}>
            <button class="tab-name" onclick={with_name(Action::SelectFile)} aria-pressed={active.to_string()}
                ondblclick={with_name(Action::StartRename)}>{name}</button>
            if active && !e.readonly {
                <button class="tab-icon" title={format!("{} {name}", w.rename)} aria-label={format!("{} {name}", w.rename)}
                    onclick={with_name(Action::StartRename)}>{"✎"}</button>
                <button class="tab-icon" title={format!("Delete {name}")} aria-label={format!("Delete {name}")}
                    onclick={delete}>{"×"}</button>
            }
        </span>
    }
}

/// The tab of the file a `kubectl edit` waits for: no rename or delete, and closing it (without
/// asking: nothing of the user's is lost but this edit) cancels the edit.
fn edit_tab(name: &str, active: bool, actions: &Actions, w: &'static Words) -> Html {
    let select = {
        let name = name.to_string();
        actions.on(move |_: MouseEvent| Some(Action::SelectFile(name.clone())))
    };
    html! {
        <span class={classes!("tab", "edit-tab", active.then_some("active"))} key={name.to_string()}>
            <button class="tab-name" onclick={select} aria-pressed={active.to_string()}>{name}</button>
            <button class="tab-icon" id="close-edit" title={w.close_edit} aria-label={w.close_edit}
                onclick={actions.on(|_: MouseEvent| Some(Action::CloseEdit))}>{"×"}</button>
        </span>
    }
}

#[derive(Properties, PartialEq)]
struct RenameProps {
    name: String,
    text: String,
}

/// The name field of the tab being renamed, focused and selected; Enter renames, Escape gives up.
#[function_component]
fn RenameInput(p: &RenameProps) -> Html {
    let input_ref = use_node_ref();
    {
        let input_ref = input_ref.clone();
        use_effect_with(p.name.clone(), move |_| {
            if let Some(el) = input_ref.cast::<HtmlInputElement>() {
                let _ = el.focus();
                el.select();
            }
        });
    }
    let actions = use_actions();
    let onkeydown = actions.on(|e: KeyboardEvent| match e.key().as_str() {
        "Enter" => {
            e.prevent_default();
            let to = e.target_unchecked_into::<HtmlInputElement>().value();
            Some(Action::CommitRename(to))
        }
        "Escape" => Some(Action::CancelRename),
        _ => None,
    });
    let oninput = actions.on(|e: InputEvent| {
        Some(Action::RenameText(
            e.target_unchecked_into::<HtmlInputElement>().value(),
        ))
    });
    html! {
        <input class="rename" id="rename-input" ref={input_ref}
            value={p.text.clone()} {onkeydown} {oninput}
            aria-label={format!("New name for {}", p.name)} spellcheck="false" />
    }
}
