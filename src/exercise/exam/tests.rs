use kubeplay_core::clock::{FixedClock, Time};

use super::Exam;
use crate::exercise::load;

const T0: Time = Time(1_795_600_800);

const POD: &str = "apiVersion: kubeplay.dev/v1
kind: Exercise
metadata: {name: exam-pod, lang: en, title: A labelled pod, difficulty: beginner, minutes: 5}
spec:
  steps:
  - title: Run web
    text: Run a pod `web` from nginx.
    checks:
    - run: kubectl get pod web -o name
      equals: pod/web
      weight: 2
      hint: There is no pod web.
    solution: kubectl run web --image nginx
  - title: Label it
    text: Label `web` with `tier=front`.
    checks:
    - run: kubectl get pod web -o jsonpath='{.metadata.labels.tier}'
      equals: front
      hint: web has no label tier=front.
    solution: kubectl label pod web tier=front
";

const NS: &str = "apiVersion: kubeplay.dev/v1
kind: Exercise
metadata: {name: exam-ns, lang: en, title: A namespace, difficulty: beginner, minutes: 5}
spec:
  steps:
  - title: Create dev
    checks:
    - run: kubectl get namespace dev
      weight: 3
      hint: The namespace dev is missing.
    - run: kubectl get pod web
    solution: |
      kubectl create namespace dev
      kubectl run web --image nginx
";

fn exam(minutes: u32) -> Exam {
    let exercises = vec![load("pod", POD).unwrap(), load("ns", NS).unwrap()];
    Exam::start(exercises, minutes, T0, || Box::new(FixedClock::new(T0))).unwrap()
}

#[test]
fn the_score_comes_only_after_finish_per_task_step_and_check() {
    let mut exam = exam(30);
    assert_eq!(exam.len(), 2);
    let task = exam.task(0).unwrap();
    assert_eq!(task.title, "A labelled pod");
    assert_eq!(
        task.steps[1],
        ("Label it", "Label `web` with `tier=front`.")
    );
    assert_eq!(task.points, 3);
    let pg = exam.playground(0, T0.plus(60)).unwrap();
    pg.run_script("kubectl run web --image nginx");
    assert!(exam.score().is_none());
    let score = exam.finish().clone();
    assert_eq!((score.earned, score.total, score.percent()), (2, 7, 28));
    assert_eq!(
        score.to_string(),
        "Score: 2/7 (28%)

Task 1 \"A labelled pod\" (exam-pod): 2/3
  step 1 \"Run web\": 2/2
    ✓ kubectl get pod web -o name (2 points)
  step 2 \"Label it\": 0/1
    ✗ kubectl get pod web -o jsonpath='{.metadata.labels.tier}' (1 point)
      web has no label tier=front.

Task 2 \"A namespace\" (exam-ns): 0/4
  step 1 \"Create dev\": 0/4
    ✗ kubectl get namespace dev (3 points)
      The namespace dev is missing.
    ✗ kubectl get pod web (1 point)
"
    );
    // Finished: the playgrounds are closed and the score stays as graded.
    assert!(exam.playground(1, T0.plus(61)).is_none());
    assert_eq!(exam.score(), Some(&score));
}

#[test]
fn each_task_has_its_own_cluster_and_the_time_limit_closes_them() {
    let mut exam = exam(10);
    assert_eq!(exam.remaining(T0.plus(90)), 510);
    let pg = exam.playground(1, T0.plus(90)).unwrap();
    pg.run_script("kubectl create namespace dev\nkubectl run web --image nginx");
    assert!(exam.playground(0, T0.plus(600)).is_none());
    assert_eq!(exam.remaining(T0.plus(900)), 0);
    let score = exam.finish();
    // The pod of task 2 is not task 1's pod `web`.
    assert_eq!(
        score
            .exercises
            .iter()
            .map(|e| (e.earned, e.total))
            .collect::<Vec<_>>(),
        [(0, 3), (4, 4)]
    );
    assert_eq!(score.percent(), 57);
}

#[test]
fn a_check_is_worth_at_least_one_point() {
    let text = POD.replace("weight: 2", "weight: 0");
    assert_eq!(
        load("pod.yaml", &text).unwrap_err().to_string(),
        "pod.yaml:11: spec.steps[0].checks[0].weight: a check is worth at least 1 point"
    );
}
