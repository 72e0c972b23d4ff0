//! The page: the header, the editor, the cluster view and the terminal around one shared state,
//! the object panel when one is open, and the timers that drive the model.

use gloo_timers::callback::Interval;
use yew::prelude::*;

use super::cluster_view::ClusterView;
use super::detail::Drawer;
use super::dom::{after_paint, location, mark_ready, set_query};
use super::editor::Editor;
use super::embed::{use_fit_height, use_host_requests};
use super::exam::ExamPanel;
use super::header::header;
use super::hide::use_snapshot_on_hide;
use super::lesson::LessonPanel;
use super::map::MapPane;
use super::share::use_share;
use super::state::{Actions, Dispatch, PageContext, PageState};
use super::terminal::Terminal;
use super::time::TimeBar;
use crate::page::embed::{Layout, Theme};
use crate::page::map::ClusterTab;
use crate::page::words::words;
use crate::page::Action;

#[function_component]
pub fn App() -> Html {
    let page = use_reducer_eq(PageState::restore);
    use_heartbeat(&page);
    use_snapshot_on_hide(&page);
    super::slices::use_slices(&page);
    use_boot_after_paint(&page);
    use_address(page.view.address.clone());
    use_share(&page);
    use_host_requests(page.link.clone(), page.dispatcher());
    use_fit_height(
        page.view.frame.fit,
        page.link.clone(),
        page.view.screen.clone(),
    );
    use_theme(page.view.frame.theme);
    let view = &page.view;
    // An embed's layout (`page::embed`): the terminal alone, or the editor and the terminal.
    let layout = view.frame.layout;
    let full = layout == Layout::Full;
    html! {
        <ContextProvider<Dispatch> context={page.dispatcher()}>
            <ContextProvider<PageContext> context={page.clone()}>
                <div class={classes!("page", format!("layout-{}", layout.code()), view.frame.fit.then_some("fit"))}>
                    if full {
                        {header(view, &Actions::new(page.dispatcher()))}
                        <TimeBar />
                    }
                    <main class={classes!("panes", (view.lesson.is_some() || view.exam.is_some()).then_some("with-lesson"))}>
                        if let Some(lesson) = view.lesson.clone() {
                            <LessonPanel view={lesson} words={words(view.lang)} />
                        }
                        if let Some(exam) = view.exam.clone() {
                            <ExamPanel view={exam} words={words(view.lang)} />
                        }
                        if layout != Layout::Terminal {
                            <Editor />
                        }
                        if full && view.cluster_tab == ClusterTab::Map {
                            <MapPane />
                        } else if full {
                            <ClusterView />
                        }
                        <Terminal />
                    </main>
                    if let Some(view) = view.detail.clone() {
                        <Drawer {view} />
                    }
                </div>
            </ContextProvider<PageContext>>
        </ContextProvider<Dispatch>>
    }
}

/// Every second simulated time follows the browser's, so pods visibly progress.
#[hook]
fn use_heartbeat(page: &PageContext) {
    let dispatch = page.dispatcher();
    use_effect_with((), move |_| {
        let interval = Interval::new(1000, move || dispatch.dispatch(Action::Tick));
        move || drop(interval)
    });
}

/// The first paint shows a usable prompt; the cluster boots right after it (or at the first key
/// that needs it, if one comes sooner), then the editor's checks and the cluster's tables show,
/// and the exercise or exam the address names (`?exercise=NAME&lang=fr`, `?exam=A,B`) opens.
#[hook]
fn use_boot_after_paint(page: &PageContext) {
    let dispatch = page.dispatcher();
    use_effect_with((), move |_| {
        mark_ready();
        after_paint(move || {
            dispatch.dispatch(Action::Boot);
            dispatch.dispatch(Action::OpenUrl(location()));
        });
    });
}

/// The address bar names the open exercise or exam (the model says which), so a reload reopens
/// it.
#[hook]
fn use_address(address: Option<String>) {
    use_effect_with(address, |address| {
        if let Some(a) = address {
            if location() != *a {
                set_query(a);
            }
        }
    });
}

/// The theme (`light`, `dark`, `auto`) on the root element, where the style sheet reads it.
#[hook]
fn use_theme(theme: Theme) {
    use_effect_with(theme, |theme| {
        let root = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element());
        if let Some(root) = root {
            let _ = root.set_attribute("data-theme", theme.code());
        }
    });
}
