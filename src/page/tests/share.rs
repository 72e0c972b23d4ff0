//! Share links through the page's actions: a link made in one browser opens the same files,
//! objects, history and exercise progress in another; a browser with work asks first and keeps
//! that work aside for `share undo`; damaged and unknown links say so in one line; the address
//! loses its link once read.

use super::*;
use crate::page::share::FORMAT;

const BASE: &str = "https://example.org/play/";

fn page(tab: &Tab) -> Page {
    let mut p = Page::restore(tab.setup());
    p.apply(Action::Boot);
    p.apply(Action::SetBase(BASE.into()));
    p
}

/// The fragment part of the last link the page made.
fn fragment(p: &Page) -> String {
    let url = p.view().share.clone().unwrap().url.clone();
    assert!(url.starts_with(BASE), "{url}");
    url[BASE.len()..].to_string()
}

fn worked_page(tab: &Tab) -> Page {
    let mut p = page(tab);
    type_line(&mut p, "kubectl run web --image nginx");
    p.apply(Action::Edit {
        name: "cm.yaml".into(),
        text: CONFIGMAP.into(),
    });
    p.apply(Action::SelectFile("cm.yaml".into()));
    type_line(&mut p, "kubectl apply -f cm.yaml");
    tab.wall.advance(20);
    p.apply(Action::Tick);
    p
}

#[test]
fn a_link_opens_the_same_files_objects_and_history_in_a_fresh_browser() {
    let tab = Tab::new();
    let mut p = worked_page(&tab);
    type_line(&mut p, "share");
    let text = screen_text(&p);
    assert!(text.contains("$ share\nLink to this playground"), "{text}");
    assert!(text.contains(&format!("{BASE}#share=")), "{text}");
    assert!(!text.contains("command not found"), "{text}");
    let link = fragment(&p);
    let want = objects(&mut p.engine);

    // Another browser, at the same moment (later, only the nodes' heartbeats would differ).
    let other = Tab::new();
    other.wall.advance(20);
    let mut q = page(&other);
    q.apply(Action::OpenUrl(link.clone()));
    assert_eq!(
        q.view().share_question,
        None,
        "a blank playground opens at once"
    );
    assert!(screen_text(&q).contains("Opened the shared playground."));
    assert_same_objects(objects(&mut q.engine), want);
    assert_eq!(q.view().editor.active, "cm.yaml");
    assert_eq!(q.view().editor.text, CONFIGMAP);
    assert_eq!(
        q.engine.history().lines(),
        [
            "kubectl run web --image nginx",
            "kubectl apply -f cm.yaml",
            "share"
        ]
    );
    // The address loses the link, so a reload keeps what is done after it.
    assert_eq!(q.view().address.as_deref(), Some(""));
    type_line(&mut q, "kubectl delete configmap settings");
    let after = objects(&mut q.engine);
    let mut r = page(&other);
    r.apply(Action::OpenUrl(String::new()));
    assert_same_objects(objects(&mut r.engine), after);
}

#[test]
fn the_share_button_makes_a_new_link_each_time_and_sizes_long_ones() {
    let tab = Tab::new();
    let mut p = page(&tab);
    p.apply(Action::Share);
    let first = p.view().share.clone().unwrap();
    p.apply(Action::Share);
    assert_eq!(p.view().share.clone().unwrap().serial, first.serial + 1);
    assert!(!screen_text(&p).contains("longer than many chat tools"));

    let mut x: u64 = 7;
    let noise: String = (0..20_000)
        .map(|_| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            char::from(b'a' + (x >> 59) as u8 % 26)
        })
        .collect();
    p.apply(Action::Edit {
        name: "noise.txt".into(),
        text: noise,
    });
    type_line(&mut p, "share");
    let text = screen_text(&p);
    let last = text.lines().last().unwrap();
    assert!(
        last.starts_with("This link is 1")
            && last.ends_with(" KB: longer than many chat tools accept (about 8 KB)."),
        "{last}"
    );
    type_line(&mut p, "share now");
    assert!(screen_text(&p).ends_with("$ share now\nusage: share [undo]\n"));
}

#[test]
fn work_in_progress_is_asked_about_and_kept_aside_for_share_undo() {
    let sharer = Tab::new();
    let mut p = worked_page(&sharer);
    p.apply(Action::Share);
    let link = fragment(&p);
    let shared = objects(&mut p.engine);

    let tab = Tab::new();
    let mut q = page(&tab);
    type_line(&mut q, "kubectl create namespace mine");
    let mine = objects(&mut q.engine);

    // Declining changes nothing.
    q.apply(Action::OpenUrl(link.clone()));
    assert!(q
        .view()
        .share_question
        .unwrap()
        .starts_with("This link holds"));
    q.apply(Action::ShareAnswer(false));
    assert_eq!(q.view().share_question, None);
    assert!(screen_text(&q).contains("The shared playground was not opened"));
    assert_same_objects(objects(&mut q.engine), mine.clone());

    // Accepting opens the link and keeps this work aside.
    q.apply(Action::OpenUrl(link));
    q.apply(Action::ShareAnswer(true));
    assert_same_objects(objects(&mut q.engine), shared.clone());
    assert!(screen_text(&q).contains("type `share undo` to bring it back"));

    // A reload keeps the link's playground; `share undo` swaps the two, and again.
    let mut r = page(&tab);
    r.apply(Action::OpenUrl(String::new()));
    assert_same_objects(objects(&mut r.engine), shared.clone());
    type_line(&mut r, "share undo");
    assert_same_objects(objects(&mut r.engine), mine.clone());
    assert_eq!(
        r.engine.history().lines()[0],
        "kubectl create namespace mine"
    );
    type_line(&mut r, "share undo");
    assert_same_objects(objects(&mut r.engine), shared);
}

#[test]
fn nothing_aside_and_the_same_state_say_so() {
    let tab = Tab::new();
    let mut p = worked_page(&tab);
    type_line(&mut p, "share undo");
    assert!(screen_text(&p).ends_with("share undo: no work was kept aside.\n"));
    p.apply(Action::Share);
    let link = fragment(&p);
    p.apply(Action::OpenUrl(link));
    assert!(screen_text(&p).ends_with("This link holds the playground as it already is here.\n"));
    assert_eq!(p.view().share_question, None);
}

#[test]
fn an_exercise_and_its_progress_travel_with_the_link() {
    let tab = Tab::new();
    let mut p = page(&tab);
    p.apply(Action::OpenUrl("?exercise=first-namespace&lang=fr".into()));
    type_line(&mut p, "kubectl create namespace dev");
    assert_eq!(
        p.view().lesson.clone().unwrap().steps[0].state,
        StepState::Done
    );
    type_line(&mut p, "share");
    let link = fragment(&p);

    let other = Tab::new();
    let mut q = page(&other);
    q.apply(Action::OpenUrl(link));
    let lesson = q.view().lesson.clone().unwrap();
    assert_eq!(lesson.name, "first-namespace");
    assert_eq!(q.view().lang, crate::page::words::Lang::Fr);
    let states: Vec<_> = lesson.steps.iter().map(|s| s.state).collect();
    assert_eq!(
        states,
        [StepState::Done, StepState::Current, StepState::ToDo]
    );
    assert_eq!(
        q.view().address.as_deref(),
        Some("?exercise=first-namespace&lang=fr")
    );
    // The exercise's setup and the learner's namespace are both there.
    assert!(kubectl(&mut q.engine, "get ns dev").contains("dev"));
    // A reload of that address keeps the progress.
    let mut r = page(&other);
    r.apply(Action::OpenUrl("?exercise=first-namespace&lang=fr".into()));
    let states: Vec<_> = r
        .view()
        .lesson
        .clone()
        .unwrap()
        .steps
        .iter()
        .map(|s| s.state)
        .collect();
    assert_eq!(
        states,
        [StepState::Done, StepState::Current, StepState::ToDo]
    );
}

#[test]
fn damaged_and_unknown_links_say_so_in_one_line_and_the_page_opens_as_usual() {
    let tab = Tab::new();
    let mut p = page(&tab);
    p.apply(Action::OpenUrl(
        "#layout=terminal&share=AQ-not-a-link".into(),
    ));
    assert_eq!(
        screen_text(&p),
        "This share link is damaged (cut short or changed); the playground opened as it was.\n"
    );
    assert_eq!(p.view().address.as_deref(), Some("#layout=terminal"));

    let mut newer = base64_of(&[FORMAT + 1, 1, 2, 3]);
    newer.insert_str(0, "?exercise=first-namespace#s=");
    let mut q = page(&Tab::new());
    q.apply(Action::OpenUrl(newer));
    assert!(screen_text(&q).starts_with(
        "This share link was made by a newer kubeplay (format 2); the playground opened as it was.\n"
    ));
    // The rest of the address still opens what it names.
    assert_eq!(q.view().lesson.clone().unwrap().name, "first-namespace");
}

#[test]
fn an_exam_is_not_shared() {
    let tab = Tab::new();
    let mut p = page(&tab);
    p.apply(Action::OpenUrl("?exam=first-namespace".into()));
    type_line(&mut p, "share");
    assert!(screen_text(&p).ends_with("Share links are not available during an exam.\n"));
    assert_eq!(p.view().share, None);
}

fn base64_of(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}
