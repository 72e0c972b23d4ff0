//! The page's state as Yew sees it: the model behind a reducer, shared through a context. Every
//! change goes through `dispatch(Action)`; components read the `View` the last action left, which
//! only changes in the parts an action changed, so panes whose part is the same are not redrawn.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::embed::{framed, Link};
use crate::page::embed::Options;
use crate::page::storage::{MemStorage, Storage};
use crate::page::words::{words, Words};
use crate::page::{Action, Page, Setup, View};

pub struct PageState {
    /// Only `reduce` borrows it; rendering reads `view`.
    page: Rc<RefCell<Page>>,
    pub view: View,
    /// The host page of an embed, which hears what the page posts after each action.
    pub link: Link,
}

impl PageState {
    /// The page as the last visit left it, in this browser's storage (or, for an embed, its own
    /// or none: see `page::embed`) and on its clock, with its address's options applied.
    pub fn restore() -> PageState {
        let options = Options::from_url(&super::dom::location());
        let framed = framed();
        let storage: Box<dyn Storage> = match options.storage_prefix(framed) {
            Some(prefix) => Box::new(super::storage::LocalStorage(prefix)),
            None => Box::new(MemStorage::new()),
        };
        let mut page = Page::restore(Setup {
            storage,
            wall: Rc::new(super::clock::BrowserClock),
            mark: super::mark,
        });
        page.configure(&options, framed);
        let view = page.view().clone();
        PageState {
            page: Rc::new(RefCell::new(page)),
            view,
            link: Link::new(&options),
        }
    }
}

impl PartialEq for PageState {
    fn eq(&self, other: &Self) -> bool {
        self.view == other.view
    }
}

impl Reducible for PageState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let done = match self.page.try_borrow_mut() {
            Ok(mut page) => {
                page.apply(action);
                Some((page.view().clone(), page.take_messages()))
            }
            // Only a reducer borrows the page, and one never runs inside another.
            Err(_) => None,
        };
        let Some((view, messages)) = done else {
            return self;
        };
        if !messages.is_empty() {
            self.link.post(messages);
        }
        Rc::new(PageState {
            page: self.page.clone(),
            view,
            link: self.link.clone(),
        })
    }
}

/// What components get from the context: the view to read, `dispatch` to change it.
pub type PageContext = UseReducerHandle<PageState>;

/// Only `dispatch`, in a context of its own that never changes: components that only act (a pod
/// in the cluster view) are not redrawn when the state changes.
pub type Dispatch = UseReducerDispatcher<PageState>;

/// The page's state, from the `App` around every component.
#[hook]
pub fn use_page() -> Option<PageContext> {
    use_context::<PageContext>()
}

/// Makes callbacks that dispatch actions, for views that only act.
#[derive(Clone, PartialEq)]
pub struct Actions(Option<Dispatch>);

impl Actions {
    pub fn new(dispatch: Dispatch) -> Actions {
        Actions(Some(dispatch))
    }

    /// A callback dispatching what `action` makes of its event (nothing for None).
    pub fn on<E: 'static>(&self, action: impl Fn(E) -> Option<Action> + 'static) -> Callback<E> {
        let dispatch = self.0.clone();
        Callback::from(move |e: E| {
            if let (Some(d), Some(a)) = (&dispatch, action(e)) {
                d.dispatch(a);
            }
        })
    }
}

#[hook]
pub fn use_actions() -> Actions {
    Actions(use_context::<Dispatch>())
}

/// The page's words in its language (English before the state exists).
#[hook]
pub fn use_words() -> &'static Words {
    words(use_page().map(|p| p.view.lang).unwrap_or_default())
}
