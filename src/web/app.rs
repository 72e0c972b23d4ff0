//! The page: header, editor, cluster view and terminal around one shared `Engine`, and the
//! one-second heartbeat that lets pods progress in real time.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_timers::callback::Interval;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::cluster_view::ClusterView;
use super::detail::{Detail, Target};
use super::editor::Editor;
use super::engine::Engine;
use super::terminal::Terminal;

/// The engine, shared by every component; equal when it is the same engine.
#[derive(Clone)]
pub struct Shared(pub Rc<RefCell<Engine>>);

impl PartialEq for Shared {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[function_component]
pub fn App() -> Html {
    let engine = use_memo((), |_| Shared(Rc::new(RefCell::new(Engine::restore()))));
    let engine: Shared = (*engine).clone();
    let beat = use_mut_ref(|| Cell::new(0u64));
    let force = use_force_update();
    let target = use_state(|| None::<Target>);
    // The first paint shows a usable prompt; the cluster boots right after it (or at the first key
    // that needs it, if one comes sooner), then the editor's markers and the cluster's tables.
    let settled = use_state(|| false);

    {
        let engine = engine.clone();
        let beat = beat.clone();
        let force = force.clone();
        let settled = settled.clone();
        let booting = engine.clone();
        use_effect_with((), move |_| {
            let interval = Interval::new(1000, move || {
                if let Ok(mut e) = engine.0.try_borrow_mut() {
                    e.tick();
                }
                let b = beat.borrow();
                b.set(b.get() + 1);
                force.force_update();
            });
            mark_ready();
            after_paint(move || {
                if let Ok(mut e) = booting.0.try_borrow_mut() {
                    e.boot_now();
                }
                settled.set(true);
            });
            move || drop(interval)
        });
    }

    // Stable callbacks, so panes whose data did not change are not redrawn every second.
    let changed = {
        let force = force.clone();
        use_callback((), move |_: (), _| force.force_update())
    };
    let open = {
        let target = target.clone();
        use_callback((), move |t: Option<Target>, _| target.set(t))
    };
    let reset = {
        let engine = engine.clone();
        let force = force.clone();
        Callback::from(move |_: MouseEvent| {
            let ok = web_sys::window()
                .and_then(|w| {
                    w.confirm_with_message(
                        "Reset the cluster? Every object you created is removed; your files stay.",
                    )
                    .ok()
                })
                .unwrap_or(false);
            if ok {
                engine.0.borrow_mut().reset_cluster();
                force.force_update();
            }
        })
    };

    let (rev, screen_len, notice, continuation) = {
        let e = engine.0.borrow();
        (
            e.revision,
            e.screen_rev,
            e.notice.clone(),
            e.continuation.is_some(),
        )
    };
    let beat = beat.borrow().get();

    html! {
        <div class="page">
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
            <main class="panes">
                <Editor engine={engine.clone()} rev={rev} on_change={changed.clone()} busy={continuation}
                    validate={*settled} />
                <ClusterView engine={engine.clone()} rev={rev} beat={beat} on_open={open.clone()}
                    live={*settled} />
                <Terminal engine={engine.clone()} screen_rev={screen_len} on_change={changed} />
            </main>
            if let Some(t) = (*target).clone() {
                <Detail engine={engine.clone()} target={t} beat={beat} on_close={open} />
            }
        </div>
    }
}

/// Run `f` once the browser has painted what was just rendered: a timeout queued from an animation
/// frame runs after that frame.
fn after_paint(f: impl FnOnce() + 'static) {
    type Job = Rc<RefCell<Option<Box<dyn FnOnce()>>>>;
    let later = |f: Box<dyn FnOnce()>| gloo_timers::callback::Timeout::new(0, f).forget();
    let job: Job = Rc::new(RefCell::new(Some(Box::new(f))));
    let queued = job.clone();
    let frame = Closure::once_into_js(move || {
        if let Some(f) = queued.borrow_mut().take() {
            later(f);
        }
    });
    let asked =
        web_sys::window().is_some_and(|w| w.request_animation_frame(frame.unchecked_ref()).is_ok());
    if !asked {
        if let Some(f) = job.borrow_mut().take() {
            later(f);
        }
    }
}

/// The prompt is usable: let tests and the timing script know.
fn mark_ready() {
    let Some(w) = web_sys::window() else { return };
    let ms = w.performance().map(|p| p.now()).unwrap_or(0.0);
    let _ = js_sys::Reflect::set(&w, &"__kubeplayReady".into(), &ms.into());
    if let Some(body) = w.document().and_then(|d| d.body()) {
        let _ = body.set_attribute("data-ready", "1");
    }
}
