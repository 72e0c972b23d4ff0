//! An exam in the page, through its actions: opened from the address, the tasks' texts without
//! anything of their checks, one cluster per task (of its profile), the countdown, Finish and
//! time running out graded in points, the score with what was missed, and all of it across a
//! reload. Also an exercise's profile: kind's three nodes.

use super::*;
use crate::page::markdown::Block;
use crate::page::words::Lang;

const EXAM: &str = "?exam=first-namespace,kind-nodes&lang=en";

fn page(tab: &Tab) -> Page {
    let mut p = Page::restore(tab.setup());
    p.apply(Action::Boot);
    p
}

fn type_line(p: &mut Page, line: &str) -> String {
    p.apply(Action::Input(line.into()));
    p.apply(Action::Enter);
    format!("{:?}", p.engine.screen().segs())
}

fn exam(p: &Page) -> std::rc::Rc<ExamView> {
    p.view().exam.clone().unwrap()
}

fn get(p: &mut Page, line: &str) -> String {
    kubectl(&mut p.engine, line)
}

#[test]
fn the_address_opens_an_exam_that_shows_the_tasks_and_nothing_of_their_checks() {
    let tab = Tab::new();
    let mut p = page(&tab);
    p.apply(Action::OpenExercise("nodes".into()));
    p.apply(Action::OpenUrl(EXAM.into()));
    assert!(p.view().lesson.is_none(), "the exercise closed");
    let e = exam(&p);
    let titles: Vec<&str> = e.tasks.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(
        titles,
        ["A namespace and a pod", "A kind cluster's three nodes"]
    );
    assert_eq!(e.tasks.iter().map(|t| t.points).collect::<Vec<_>>(), [3, 3]);
    assert_eq!((e.current, e.remaining, e.minutes), (0, 20 * 60, 20));
    assert_eq!(e.score, None);
    assert_eq!(e.tasks[1].steps[0].0, "Label the workers");
    let texts = format!("{:?}", e.tasks);
    for secret in [
        "jsonpath",
        "wc -l",
        "kubectl label node",
        "pool=web` (`kubectl get",
    ] {
        assert!(!texts.contains(secret), "{secret} shows: {texts}");
    }
    assert_eq!(
        p.view().address.as_deref(),
        Some("?exam=first-namespace,kind-nodes&minutes=20&lang=en")
    );
    // The clock counts down on the heartbeat, and no check runs meanwhile.
    wait(&tab, &mut p, 5);
    assert_eq!(exam(&p).remaining, 20 * 60 - 5);
    type_line(&mut p, "kubectl create namespace dev");
    assert_eq!(exam(&p).score, None);
}

#[test]
fn each_task_has_its_own_cluster_of_its_profile() {
    let tab = Tab::new();
    let mut p = page(&tab);
    p.apply(Action::OpenUrl(EXAM.into()));
    assert_eq!(p.view().profile, "minikube");
    type_line(&mut p, "kubectl create namespace dev");
    p.apply(Action::ExamTask(1));
    assert_eq!((exam(&p).current, p.view().profile.as_str()), (1, "kind"));
    let nodes = get(&mut p, "get nodes -o name");
    assert_eq!(
        nodes,
        "node/kind-control-plane\nnode/kind-worker\nnode/kind-worker2\n"
    );
    assert!(
        get(&mut p, "get ns dev").contains("NotFound"),
        "task 1's objects stay there"
    );
    p.apply(Action::ExamTask(0));
    assert!(
        get(&mut p, "get ns dev").contains("Active"),
        "and come back with it"
    );
    assert_eq!(p.view().profile, "minikube");
}

#[test]
fn finish_grades_every_task_in_points_and_shows_what_was_missed() {
    let tab = Tab::new();
    let mut p = page(&tab);
    p.apply(Action::OpenUrl(EXAM.into()));
    type_line(&mut p, "kubectl create namespace dev");
    p.apply(Action::ExamTask(1));
    type_line(
        &mut p,
        "kubectl label node kind-worker kind-worker2 pool=web",
    );
    p.apply(Action::FinishExam);
    let e = exam(&p);
    let score = e.score.clone().unwrap();
    assert_eq!((score.earned, score.total, score.percent()), (3, 6, 50));
    assert_eq!(e.remaining, 0);
    let first = &score.exercises[0];
    assert_eq!(
        (first.name.as_str(), first.earned, first.total),
        ("first-namespace", 1, 3)
    );
    let kind = &score.exercises[1];
    assert_eq!((kind.earned, kind.total), (2, 3));
    assert!(kind.steps[0].checks[0].passed && kind.steps[0].checks[0].hint.is_none());
    assert_eq!(kind.steps[0].checks[0].weight, 2);
    let missed = &kind.steps[1].checks[0];
    assert!(!missed.passed);
    assert_eq!(
        missed.hint.as_deref(),
        Some("`kind-worker2` still takes new pods (`kubectl cordon`).")
    );
    // Graded once; its clusters are closed: a line typed now does not run.
    let screen = type_line(&mut p, "kubectl cordon kind-worker2");
    assert!(screen.ends_with(r#"Echo("$ ", "kubectl cordon kind-worker2"), Note("The exam is over: see your score, then leave or restart it.\n")]"#), "{screen}");
    assert!(!get(&mut p, "get node kind-worker2").contains("Scheduling"));
    p.apply(Action::FinishExam);
    assert_eq!(exam(&p).score.clone().unwrap().earned, 3);
    // The cluster shown is the one the candidate left.
    assert_eq!(p.view().profile, "kind");
}

#[test]
fn the_exam_its_clusters_and_its_clock_survive_a_reload() {
    let tab = Tab::new();
    let mut p = page(&tab);
    p.apply(Action::OpenUrl(EXAM.into()));
    type_line(&mut p, "kubectl create namespace dev");
    p.apply(Action::ExamTask(1));
    type_line(&mut p, "kubectl cordon kind-worker2");
    wait(&tab, &mut p, 30);

    let mut again = page(&tab);
    again.apply(Action::OpenUrl(
        "?exam=first-namespace,kind-nodes&minutes=20&lang=en".into(),
    ));
    let e = exam(&again);
    assert_eq!(
        (e.current, e.remaining),
        (1, 20 * 60 - 30),
        "same task, same clock"
    );
    assert_eq!(again.view().profile, "kind");
    assert!(get(&mut again, "get node kind-worker2").contains("SchedulingDisabled"));
    again.apply(Action::ExamTask(0));
    assert!(get(&mut again, "get ns dev").contains("Active"));
    again.apply(Action::FinishExam);

    // The score too, and nothing is graded again.
    let mut third = page(&tab);
    let score = exam(&third).score.clone().unwrap();
    assert_eq!((score.earned, score.total), (2, 6));
    third.apply(Action::Tick);
    assert_eq!(exam(&third).score.clone().unwrap(), score);
}

#[test]
fn when_the_time_is_up_the_exam_ends_and_no_line_runs() {
    let tab = Tab::new();
    let mut p = page(&tab);
    p.apply(Action::OpenUrl("?exam=first-namespace&minutes=1".into()));
    type_line(&mut p, "kubectl create namespace dev");
    wait(&tab, &mut p, 59);
    assert_eq!((exam(&p).remaining, exam(&p).score.is_none()), (1, true));
    tab.wall.advance(1);
    let screen = type_line(&mut p, "kubectl create namespace late");
    assert!(!screen.contains("namespace/late"), "{screen}");
    let score = exam(&p).score.clone().unwrap();
    assert_eq!((score.earned, score.total), (1, 3));
    assert!(get(&mut p, "get ns late").contains("NotFound"));
}

#[test]
fn a_reload_after_the_time_ran_out_grades_the_clusters_as_left() {
    let tab = Tab::new();
    let mut p = page(&tab);
    p.apply(Action::OpenUrl("?exam=kind-nodes&minutes=2".into()));
    type_line(&mut p, "kubectl cordon kind-worker2");
    drop(p);
    tab.wall.advance(600);
    let p = page(&tab);
    let score = exam(&p).score.clone().unwrap();
    assert_eq!((score.earned, score.total), (1, 3));
}

#[test]
fn restart_starts_over_and_leave_closes_the_exam() {
    let tab = Tab::new();
    let mut p = page(&tab);
    p.apply(Action::OpenUrl(EXAM.into()));
    type_line(&mut p, "kubectl create namespace dev");
    wait(&tab, &mut p, 10);
    p.apply(Action::FinishExam);
    p.apply(Action::RestartExam);
    let e = exam(&p);
    assert_eq!(
        (e.score.clone(), e.remaining, e.current),
        (None, 20 * 60, 0)
    );
    assert!(
        get(&mut p, "get ns dev").contains("NotFound"),
        "fresh clusters"
    );
    p.apply(Action::ExamTask(1));
    assert!(get(&mut p, "get node kind-worker2").contains("Ready"));
    assert!(!get(&mut p, "get node kind-worker2").contains("Scheduling"));
    p.apply(Action::LeaveExam);
    assert!(p.view().exam.is_none());
    assert_eq!(p.view().address.as_deref(), Some(""));
    let again = page(&tab);
    assert!(again.view().exam.is_none(), "closed stays closed");
}

#[test]
fn the_picker_opens_no_exercise_over_a_running_exam_and_reset_restarts_the_task() {
    let tab = Tab::new();
    let mut p = page(&tab);
    p.apply(Action::OpenUrl(EXAM.into()));
    p.apply(Action::OpenExercise("nodes".into()));
    assert!(p.view().lesson.is_none() && p.view().exam.is_some());
    p.apply(Action::Hint);
    assert!(p.view().lesson.is_none());
    type_line(&mut p, "kubectl create namespace dev");
    p.apply(Action::ResetCluster);
    assert!(get(&mut p, "get ns dev").contains("NotFound"));
    assert!(exam(&p).score.is_none());
}

#[test]
fn the_tasks_texts_follow_the_language() {
    let tab = Tab::new();
    let mut p = page(&tab);
    p.apply(Action::OpenUrl(EXAM.into()));
    p.apply(Action::SetLang(Lang::Fr));
    let e = exam(&p);
    assert_eq!(e.tasks[1].title, "Les trois nœuds d'un cluster kind");
    assert!(matches!(&e.tasks[1].intro[0], Block::Prose(h) if h.contains("plan de contrôle")));
    assert_eq!(
        p.view().address.as_deref(),
        Some("?exam=first-namespace,kind-nodes&minutes=20&lang=fr")
    );
}

#[test]
fn an_exercise_on_kind_boots_kind_and_a_reload_keeps_it() {
    let tab = Tab::new();
    let mut p = page(&tab);
    p.apply(Action::OpenUrl("?exercise=kind-nodes&lang=en".into()));
    assert_eq!(p.view().profile, "kind");
    let nodes = p.view().cluster.clone().unwrap();
    let names: Vec<&str> = nodes.nodes.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(names, ["kind-control-plane", "kind-worker", "kind-worker2"]);
    type_line(
        &mut p,
        "kubectl label node kind-worker kind-worker2 pool=web",
    );
    let mut again = page(&tab);
    again.apply(Action::OpenUrl("?exercise=kind-nodes&lang=en".into()));
    assert_eq!(again.view().profile, "kind");
    assert!(get(&mut again, "get nodes -l pool=web -o name").contains("kind-worker2"));
    // Reset cluster keeps the profile; another exercise brings its own.
    again.apply(Action::ResetCluster);
    assert!(get(&mut again, "get nodes -o name").contains("kind-worker2"));
    again.apply(Action::OpenExercise("nodes".into()));
    assert_eq!(get(&mut again, "get nodes -o name"), "node/minikube\n");
}

#[test]
fn the_picker_opens_the_troubleshooting_exam_unless_one_is_running() {
    let tab = Tab::new();
    let mut p = page(&tab);
    p.apply(Action::OpenExercise("nodes".into()));
    let names: Vec<String> = TROUBLESHOOTING.iter().map(|n| n.to_string()).collect();
    p.apply(Action::OpenExam(names.clone()));
    let e = exam(&p);
    assert_eq!((e.tasks.len(), e.minutes), (8, 85));
    assert!(p.view().lesson.is_none());
    assert_eq!(
        p.view().address.as_deref(),
        None,
        "an address the page never read stays"
    );
    p.apply(Action::ExamTask(2));
    p.apply(Action::OpenExam(vec!["nodes".into()]));
    assert_eq!(
        (exam(&p).tasks.len(), exam(&p).current),
        (8, 2),
        "still running"
    );
}
