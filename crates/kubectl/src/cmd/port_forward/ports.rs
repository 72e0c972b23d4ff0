//! The ports of a `port-forward`: named ports resolved through the pod's containers or the
//! service's ports (kubectl's `convertPodNamedPortToNumber` and
//! `translateServicePortToTargetPort`), UDP-only ports refused, then client-go's `parsePorts`
//! and `parseAddresses` with their messages.

use serde_json::Value;

use super::super::super::error::KError;
use kubeplay_core::api::meta;
use kubeplay_core::sort::SortOnce;

/// `[LOCAL:]REMOTE`: both halves, the remote one repeated when there is no colon.
pub fn split_port(port: &str) -> (&str, &str) {
    match port.split_once(':') {
        Some((l, r)) if !r.contains(':') => (l, r),
        _ => (port, port),
    }
}

fn container_ports<'a>(pod: &'a Value, field: &str) -> impl Iterator<Item = &'a Value> {
    pod.pointer(&format!("/spec/{field}"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|c| c.get("ports").and_then(Value::as_array))
        .flatten()
}

/// `LookupContainerPortNumberByName`: containers first, then init containers.
fn container_port_by_name(pod: &Value, name: &str) -> Result<i64, KError> {
    container_ports(pod, "containers")
        .chain(container_ports(pod, "initContainers"))
        .find(|p| p.get("name").and_then(Value::as_str) == Some(name))
        .and_then(|p| p.get("containerPort").and_then(Value::as_i64))
        .ok_or_else(|| {
            KError::msg(format!(
                "Pod '{}' does not have a named port '{name}'",
                meta::name(pod)
            ))
        })
}

fn service_ports(svc: &Value) -> impl Iterator<Item = &Value> {
    svc.pointer("/spec/ports")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
}

/// `LookupServicePortNumberByName`.
fn service_port_by_name(svc: &Value, name: &str) -> Result<i64, KError> {
    service_ports(svc)
        .find(|p| p.get("name").and_then(Value::as_str) == Some(name))
        .and_then(|p| p.get("port").and_then(Value::as_i64))
        .ok_or_else(|| {
            KError::msg(format!(
                "Service '{}' does not have a named port '{name}'",
                meta::name(svc)
            ))
        })
}

/// `LookupContainerPortNumberByServicePort`: the service port's target in the pod (the port
/// itself for a headless service or an omitted targetPort).
fn target_port(svc: &Value, pod: &Value, port: i64) -> Result<i64, KError> {
    let Some(sp) = service_ports(svc).find(|p| p.get("port").and_then(Value::as_i64) == Some(port))
    else {
        return Err(KError::msg(format!(
            "Service {} does not have a service port {port}",
            meta::name(svc)
        )));
    };
    if svc.pointer("/spec/clusterIP").and_then(Value::as_str) == Some("None") {
        return Ok(port);
    }
    match sp.get("targetPort") {
        Some(Value::String(name)) => container_port_by_name(pod, name),
        Some(t) => match t.as_i64() {
            Some(0) | None => Ok(port),
            Some(n) => Ok(n),
        },
        None => Ok(port),
    }
}

fn joined(local: &str, remote: &str, number: i64) -> String {
    if local != remote {
        format!("{local}:{number}")
    } else {
        number.to_string()
    }
}

/// The service's ports as the pod's (`translateServicePortToTargetPort`).
pub fn through_service(ports: &[String], svc: &Value, pod: &Value) -> Result<Vec<String>, KError> {
    let mut out = Vec::new();
    for port in ports {
        let (local, remote) = split_port(port);
        let mut local = local.to_string();
        let number = match remote.parse::<i64>() {
            Ok(n) => n,
            Err(_) => {
                let n = service_port_by_name(svc, remote)?;
                if local == remote {
                    local = n.to_string();
                }
                n
            }
        };
        let target = target_port(svc, pod, number)?;
        let target_text = target.to_string();
        out.push(if local != target_text {
            format!("{local}:{target}")
        } else {
            target_text
        });
    }
    Ok(out)
}

/// The pod's named ports as numbers (`convertPodNamedPortToNumber`).
pub fn in_pod(ports: &[String], pod: &Value) -> Result<Vec<String>, KError> {
    let mut out = Vec::new();
    for port in ports {
        let (local, remote) = split_port(port);
        if remote.is_empty() {
            return Err(KError::msg("remote port cannot be empty"));
        }
        let number = match remote.parse::<i64>() {
            Ok(_) => {
                out.push(if local != remote {
                    format!("{local}:{remote}")
                } else {
                    remote.to_string()
                });
                continue;
            }
            Err(_) => container_port_by_name(pod, remote)?,
        };
        out.push(joined(local, remote, number));
    }
    Ok(out)
}

/// `checkUDPPorts`: a remote port only declared for UDP cannot be forwarded.
pub fn refuse_udp(ports: &[String], obj: &Value, service: bool) -> Result<(), KError> {
    let declared: Vec<(i64, String)> = if service {
        service_ports(obj)
            .map(|p| (p.get("port"), p.get("protocol")))
            .map(|(n, pr)| (num(n), text(pr)))
            .collect()
    } else {
        container_ports(obj, "containers")
            .map(|p| (num(p.get("containerPort")), text(p.get("protocol"))))
            .collect()
    };
    let udp_only = |n: i64| {
        declared.iter().any(|(p, pr)| *p == n && pr == "UDP")
            && !declared.iter().any(|(p, pr)| *p == n && pr == "TCP")
    };
    for port in ports {
        let (_, remote) = split_port(port);
        let n = match remote.parse::<i64>() {
            Ok(n) => n,
            Err(_) if service => service_port_by_name(obj, remote)?,
            Err(_) => container_port_by_name(obj, remote)?,
        };
        if udp_only(n) {
            return Err(KError::msg(format!(
                "UDP protocol is not supported for {remote}"
            )));
        }
    }
    Ok(())
}

fn num(v: Option<&Value>) -> i64 {
    v.and_then(Value::as_i64).unwrap_or(0)
}

fn text(v: Option<&Value>) -> String {
    v.and_then(Value::as_str).unwrap_or("TCP").to_string()
}

/// Go's `strconv.ParseUint(s, 10, 16)` error, as client-go quotes it.
fn parse_u16(s: &str) -> Result<u16, String> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "strconv.ParseUint: parsing \"{s}\": invalid syntax"
        ));
    }
    s.parse::<u16>()
        .map_err(|_| format!("strconv.ParseUint: parsing \"{s}\": value out of range"))
}

/// client-go's `parsePorts`: (local, remote), local 0 for `:REMOTE`.
pub fn parse(ports: &[String]) -> Result<Vec<(u16, u16)>, KError> {
    let mut out = Vec::new();
    for p in ports {
        let parts: Vec<&str> = p.split(':').collect();
        let (local, remote) = match parts.as_slice() {
            [one] => (*one, *one),
            ["", r] => ("0", *r),
            [l, r] => (*l, *r),
            _ => return Err(KError::msg(format!("invalid port format '{p}'"))),
        };
        let local = parse_u16(local)
            .map_err(|e| KError::msg(format!("error parsing local port '{local}': {e}")))?;
        let remote = parse_u16(remote)
            .map_err(|e| KError::msg(format!("error parsing remote port '{remote}': {e}")))?;
        if remote == 0 {
            return Err(KError::msg("remote port must be > 0"));
        }
        out.push((local, remote));
    }
    Ok(out)
}

/// client-go's `parseAddresses`: `localhost` is both loopbacks; sorted, without repeats.
pub fn addresses(given: &[String]) -> Result<Vec<String>, KError> {
    let mut out: Vec<String> = Vec::new();
    for a in given {
        let parsed: Vec<String> = if a == "localhost" {
            vec!["127.0.0.1".into(), "::1".into()]
        } else if let Ok(ip) = a.parse::<std::net::IpAddr>() {
            vec![ip.to_string()]
        } else {
            return Err(KError::msg(format!("{a} is not a valid IP")));
        };
        for p in parsed {
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
    out.sort_once();
    Ok(out)
}

/// Go's `net.JoinHostPort`: an IPv6 address in brackets.
pub fn join_host_port(host: &str, port: u16) -> String {
    if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

/// Whether this machine can listen on `addr`: its loopbacks and the wildcard ones.
pub fn can_bind(addr: &str) -> bool {
    match addr.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback() || ip.is_unspecified(),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn parses_ports_as_client_go() {
        assert_eq!(
            parse(&s(&["8080:80", ":80", "5000"])).unwrap(),
            vec![(8080, 80), (0, 80), (5000, 5000)]
        );
        let e = |p: &str| parse(&s(&[p])).unwrap_err().render("port-forward");
        assert_eq!(e("1:2:3"), "error: invalid port format '1:2:3'\n");
        assert_eq!(e("x:80"), "error: error parsing local port 'x': strconv.ParseUint: parsing \"x\": invalid syntax\n");
        assert_eq!(e("8080:70000"), "error: error parsing remote port '70000': strconv.ParseUint: parsing \"70000\": value out of range\n");
        assert_eq!(e("8080:0"), "error: remote port must be > 0\n");
    }

    #[test]
    fn localhost_is_both_loopbacks_sorted() {
        assert_eq!(
            addresses(&s(&["localhost"])).unwrap(),
            s(&["127.0.0.1", "::1"])
        );
        assert_eq!(
            addresses(&s(&["0.0.0.0", "localhost"])).unwrap(),
            s(&["0.0.0.0", "127.0.0.1", "::1"])
        );
        assert_eq!(
            addresses(&s(&["here"])).unwrap_err().render("port-forward"),
            "error: here is not a valid IP\n"
        );
        assert_eq!(join_host_port("::1", 8080), "[::1]:8080");
    }

    #[test]
    fn service_ports_lead_to_the_target_port() {
        let svc = json!({"metadata": {"name": "web"}, "spec": {"clusterIP": "10.96.0.5", "ports": [
            {"name": "http", "port": 80, "targetPort": "web"},
            {"name": "alt", "port": 8000, "targetPort": 8080},
            {"port": 9000}]}});
        let pod = json!({"metadata": {"name": "web-1"}, "spec": {"containers": [
            {"name": "c", "ports": [{"name": "web", "containerPort": 8081}]}]}});
        assert_eq!(
            through_service(&s(&["8080:80", "http", "9000", "1234:alt"]), &svc, &pod).unwrap(),
            s(&["8080:8081", "80:8081", "9000", "1234:8080"])
        );
        assert_eq!(
            through_service(&s(&["81"]), &svc, &pod)
                .unwrap_err()
                .render("port-forward"),
            "error: Service web does not have a service port 81\n"
        );
        assert_eq!(
            through_service(&s(&["8080:https"]), &svc, &pod)
                .unwrap_err()
                .render("port-forward"),
            "error: Service 'web' does not have a named port 'https'\n"
        );
        assert_eq!(
            in_pod(&s(&["8080:web", "metrics"]), &pod)
                .unwrap_err()
                .render("port-forward"),
            "error: Pod 'web-1' does not have a named port 'metrics'\n"
        );
        assert_eq!(
            in_pod(&s(&["8080:web", "80"]), &pod).unwrap(),
            s(&["8080:8081", "80"])
        );
    }
}
