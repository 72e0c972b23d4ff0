//! The line under the editor: the YAML error, the API server's problems, or that all is well.

use yew::prelude::*;

use crate::page::markers::{Markers, Status};
use crate::page::words::Words;

pub fn status_line(markers: &Markers, w: &'static Words) -> Html {
    match markers.status() {
        Status::Bad(text) => html! {
            <div class="status bad" id="yaml-status" role="status">{text}</div>
        },
        Status::Warn(text) => html! {
            <div class="status warn" id="yaml-status" role="status">{text}</div>
        },
        Status::Ok => html! {
            <div class="status ok" id="yaml-status" role="status">{w.yaml_valid}</div>
        },
    }
}
