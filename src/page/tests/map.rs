//! The map through the page's actions: built from the store after a command and on the
//! heartbeat, only when the store moved, and stepping with a rollout.

use std::rc::Rc;

use super::super::map::{ClusterTab, Health, Item, MapOptions, MapView};
use super::*;

fn map(p: &Page) -> Rc<MapView> {
    p.view().map.clone().expect("the map is built once shown")
}

/// The default namespace's Deployment `web` and Service `web`.
fn web(m: &MapView) -> (Item, Item) {
    let ns = m.namespaces.iter().find(|n| n.name == "default").unwrap();
    let find = |title: &str| {
        ns.sections
            .iter()
            .find(|s| s.title == title)
            .and_then(|s| s.items.iter().find(|i| i.name == "web"))
            .cloned()
            .unwrap()
    };
    (find("Workloads"), find("Services"))
}

#[test]
fn the_map_draws_a_deployment_its_replicaset_pods_and_service_and_follows_a_rollout() {
    let tab = Tab::new();
    let mut p = page(&tab);
    p.apply(Action::Boot);
    p.apply(Action::ClusterTab(ClusterTab::Map));
    assert_eq!(p.view().cluster_tab, ClusterTab::Map);
    type_line(
        &mut p,
        "kubectl create deployment web --image nginx --replicas 3",
    );
    type_line(&mut p, "kubectl expose deployment web --port 80");
    wait(&tab, &mut p, 20);
    let (dep, svc) = web(&map(&p));
    assert_eq!(dep.summary, "3/3 ready · 3 up to date");
    assert_eq!(dep.health, Health::Good);
    assert_eq!(dep.children.len(), 1);
    assert!(dep.children[0]
        .summary
        .starts_with("revision 1 · 3/3 ready"));
    let pods = dep.children[0].pods.clone().unwrap();
    assert_eq!((pods.total, pods.counts[0].status.as_str()), (3, "Running"));
    assert_eq!(svc.summary, "ClusterIP · endpoints: 3 ready, 0 not ready");
    assert_eq!(svc.note, "selects app=web → deployment web");

    // Nothing moved: the same map, not rebuilt.
    let before = map(&p);
    wait(&tab, &mut p, 1);
    assert!(Rc::ptr_eq(&before, &map(&p)));

    // A rollout: a second ReplicaSet appears and the counts step on the heartbeat.
    type_line(&mut p, "kubectl set image deployment/web nginx=nginx:1.27");
    let mut seen = Vec::new();
    for _ in 0..30 {
        wait(&tab, &mut p, 1);
        let (dep, _) = web(&map(&p));
        let counts: Vec<String> = dep.children.iter().map(|c| c.summary.clone()).collect();
        if seen.last() != Some(&counts) {
            seen.push(counts);
        }
    }
    let (dep, _) = web(&map(&p));
    assert_eq!(dep.children.len(), 2, "{seen:?}");
    assert!(
        dep.children[0]
            .summary
            .starts_with("revision 2 · 3/3 ready"),
        "{seen:?}"
    );
    assert!(
        dep.children[1]
            .summary
            .starts_with("revision 1 · 0/0 ready"),
        "{seen:?}"
    );
    assert!(seen.len() >= 3, "the counts stepped: {seen:?}");
}

#[test]
fn the_tables_wait_while_the_map_shows_and_the_filters_apply() {
    let tab = Tab::new();
    let mut p = page(&tab);
    p.apply(Action::Boot);
    p.apply(Action::ClusterTab(ClusterTab::Map));
    type_line(
        &mut p,
        "kubectl create configmap settings --from-literal=a=b",
    );
    let m = map(&p);
    assert!(m.all_namespaces.iter().any(|n| n == "kube-system"));
    assert!(
        m.text.contains("ConfigMap settings: used by no pod\n"),
        "{}",
        m.text
    );
    p.apply(Action::MapOptions(MapOptions {
        namespace: Some("default".into()),
        by_node: true,
        ..MapOptions::default()
    }));
    let m = map(&p);
    assert_eq!(m.nodes[0].name, "minikube");
    assert!(m.namespaces.is_empty());
    p.apply(Action::MapOptions(MapOptions {
        namespace: Some("x".repeat(300)),
        ..MapOptions::default()
    }));
    assert_eq!(
        map(&p).options.namespace,
        None,
        "a name that long is no namespace"
    );
    p.apply(Action::ClusterTab(ClusterTab::List));
    assert!(p.view().cluster.is_some());
}

/// The rebuild's time at 1,000 pods (run with `--ignored --nocapture`; the figure is for the
/// debug build unless built otherwise).
#[test]
#[ignore]
fn a_thousand_pods_rebuild_time() {
    let tab = Tab::new();
    let mut p = page(&tab);
    p.apply(Action::Boot);
    type_line(
        &mut p,
        "kubectl create deployment web --image nginx --replicas 1000",
    );
    wait(&tab, &mut p, 60);
    let start = std::time::Instant::now();
    let runs = 20;
    let mut total = 0;
    for _ in 0..runs {
        let m = p.engine.query(|c| {
            super::super::map::of_store(c.api.store(), &MapOptions::default(), words::Lang::En)
        });
        total += m.pods;
    }
    let each = start.elapsed() / runs;
    eprintln!("map of {} pods: {each:?} a rebuild", total / runs as usize);
    assert!(total / runs as usize >= 1000);
}

/// The rebuild's parts at 1,000 copies of a real pod (run with `--ignored --nocapture`).
#[test]
#[ignore]
fn a_thousand_pods_parts() {
    let tab = Tab::new();
    let mut p = page(&tab);
    p.apply(Action::Boot);
    type_line(
        &mut p,
        "kubectl create deployment web --image nginx --replicas 1",
    );
    wait(&tab, &mut p, 10);
    let pod = p.engine.query(|c| {
        c.api
            .store()
            .list("/pods", Some("default"))
            .map(|(_, v)| v.clone())
            .next()
            .unwrap()
    });
    let start = std::time::Instant::now();
    for _ in 0..1000 {
        let _ = super::super::map::row_of(&pod);
    }
    eprintln!("1000 rows: {:?}", start.elapsed());
    let start = std::time::Instant::now();
    for _ in 0..1000 {
        let _ = crate::api::table::pod_summary(&pod, crate::clock::Time(0));
    }
    eprintln!("1000 summaries: {:?}", start.elapsed());
    let start = std::time::Instant::now();
    for _ in 0..1000 {
        let _ = pod.pointer("/spec/nodeName");
    }
    eprintln!("1000 pointers: {:?}", start.elapsed());
    let start = std::time::Instant::now();
    let m = p.engine.query(|c| {
        super::super::map::of_store(c.api.store(), &MapOptions::default(), words::Lang::En)
    });
    eprintln!("whole map of {} pods: {:?}", m.pods, start.elapsed());
}
