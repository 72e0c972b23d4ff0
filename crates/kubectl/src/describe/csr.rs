//! `kubectl describe certificatesigningrequest`: who asked, for which signer, its status, and
//! the subject and alternative names read from the PEM request itself (x509-parser decodes the
//! PKCS#10 request, as Go's `x509.ParseCertificateRequest` does for kubectl).

use base64::Engine;
use serde_json::Value;
use x509_parser::certification_request::X509CertificationRequest;
use x509_parser::extensions::{GeneralName, ParsedExtension};
use x509_parser::oid_registry::{
    Oid, OID_X509_COMMON_NAME, OID_X509_COUNTRY_NAME, OID_X509_LOCALITY_NAME,
    OID_X509_ORGANIZATIONAL_UNIT, OID_X509_ORGANIZATION_NAME, OID_X509_POSTAL_CODE,
    OID_X509_SERIALNUMBER, OID_X509_STATE_OR_PROVINCE_NAME, OID_X509_STREET_ADDRESS,
};
use x509_parser::prelude::FromDer;
use x509_parser::x509::X509Name;

use super::events;
use super::selector::format_labels;
use super::{arr, rfc1123z, s, time_at, Settings, LEVEL_0, W};
use crate::{Ctx, KError};
use kubeplay_core::api::meta::ResourceExt;
use kubeplay_core::clock::{human_duration, Time};

pub fn describe(ctx: &mut Ctx, csr: &Value, settings: &Settings) -> Result<String, KError> {
    let request = parse(s(csr, "/spec/request"))
        .map_err(|e| KError::msg(format!("Error parsing CSR: {e}")))?;
    let evs = events::for_object(ctx, csr, settings);
    Ok(render(csr, &request, evs.as_deref(), settings.now))
}

/// What kubectl prints of the request.
#[derive(Debug, Default, PartialEq)]
pub struct Request {
    subject: Vec<(&'static str, Vec<String>)>,
    common_name: String,
    serial: String,
    dns: Vec<String>,
    emails: Vec<String>,
    uris: Vec<String>,
    ips: Vec<String>,
}

/// The base64 PEM of `spec.request` → the fields kubectl shows, or Go's error text.
pub fn parse(b64: &str) -> Result<Request, String> {
    const NOT_PEM: &str = "PEM block type must be CERTIFICATE REQUEST";
    let pem_text = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .map_err(|_| NOT_PEM.to_string())?;
    let (_, pem) = x509_parser::pem::parse_x509_pem(&pem_text).map_err(|_| NOT_PEM.to_string())?;
    if pem.label != "CERTIFICATE REQUEST" && pem.label != "NEW CERTIFICATE REQUEST" {
        return Err(NOT_PEM.into());
    }
    let (_, csr) = X509CertificationRequest::from_der(&pem.contents)
        .map_err(|_| "x509: malformed certificate request".to_string())?;
    let name = &csr.certification_request_info.subject;
    let mut req = Request {
        common_name: values(name, &OID_X509_COMMON_NAME)
            .pop()
            .unwrap_or_default(),
        serial: values(name, &OID_X509_SERIALNUMBER)
            .pop()
            .unwrap_or_default(),
        subject: vec![
            ("Organization", values(name, &OID_X509_ORGANIZATION_NAME)),
            (
                "Organizational Unit",
                values(name, &OID_X509_ORGANIZATIONAL_UNIT),
            ),
            ("Country", values(name, &OID_X509_COUNTRY_NAME)),
            ("Locality", values(name, &OID_X509_LOCALITY_NAME)),
            ("Province", values(name, &OID_X509_STATE_OR_PROVINCE_NAME)),
            ("StreetAddress", values(name, &OID_X509_STREET_ADDRESS)),
            ("PostalCode", values(name, &OID_X509_POSTAL_CODE)),
        ],
        ..Request::default()
    };
    for ext in csr.requested_extensions().into_iter().flatten() {
        if let ParsedExtension::SubjectAlternativeName(san) = ext {
            for n in &san.general_names {
                match n {
                    GeneralName::DNSName(d) => req.dns.push(d.to_string()),
                    GeneralName::RFC822Name(e) => req.emails.push(e.to_string()),
                    GeneralName::URI(u) => req.uris.push(u.to_string()),
                    GeneralName::IPAddress(ip) => req.ips.push(ip_text(ip)),
                    _ => {}
                }
            }
        }
    }
    Ok(req)
}

fn values(name: &X509Name, oid: &Oid) -> Vec<String> {
    name.iter_by_oid(oid)
        .filter_map(|a| a.as_str().ok().map(str::to_string))
        .collect()
}

/// Go's `net.IP.String()` for 4 or 16 bytes.
fn ip_text(ip: &[u8]) -> String {
    if let Ok(v4) = <[u8; 4]>::try_from(ip) {
        return std::net::Ipv4Addr::from(v4).to_string();
    }
    if let Ok(v6) = <[u8; 16]>::try_from(ip) {
        return std::net::Ipv6Addr::from(v6).to_string();
    }
    String::new()
}

/// `extractCSRStatus`.
fn status(csr: &Value) -> String {
    let has = |t: &str| {
        arr(csr, "/status/conditions")
            .iter()
            .any(|c| s(c, "/type") == t)
    };
    let mut out = if has("Denied") {
        "Denied"
    } else if has("Approved") {
        "Approved"
    } else {
        "Pending"
    }
    .to_string();
    if has("Failed") {
        out.push_str(",Failed");
    }
    if !s(csr, "/status/certificate").is_empty() {
        out.push_str(",Issued");
    }
    out
}

fn list(w: &mut W, title: &str, values: &[String]) {
    if values.is_empty() {
        return;
    }
    w.write(LEVEL_0, &format!("\t{title}:\t{}\n", values.join("\n\t\t")));
}

pub fn render(csr: &Value, req: &Request, evs: Option<&[Value]>, now: Time) -> String {
    let mut w = W::new();
    w.write(LEVEL_0, &format!("Name:\t{}\n", s(csr, "/metadata/name")));
    w.write(
        LEVEL_0,
        &format!("Labels:\t{}\n", format_labels(csr.labels())),
    );
    w.write(
        LEVEL_0,
        &format!("Annotations:\t{}\n", format_labels(csr.annotations())),
    );
    let created = time_at(csr, "/metadata/creationTimestamp").map(rfc1123z);
    w.write(
        LEVEL_0,
        &format!("CreationTimestamp:\t{}\n", created.unwrap_or_default()),
    );
    w.write(
        LEVEL_0,
        &format!("Requesting User:\t{}\n", s(csr, "/spec/username")),
    );
    let signer = s(csr, "/spec/signerName");
    if !signer.is_empty() {
        w.write(LEVEL_0, &format!("Signer:\t{signer}\n"));
    }
    if let Some(secs) = csr
        .pointer("/spec/expirationSeconds")
        .and_then(|v| v.as_i64())
    {
        w.write(
            LEVEL_0,
            &format!("Requested Duration:\t{}\n", human_duration(secs)),
        );
    }
    w.write(LEVEL_0, &format!("Status:\t{}\n", status(csr)));
    w.write(LEVEL_0, "Subject:\n");
    w.write(LEVEL_0, &format!("\tCommon Name:\t{}\n", req.common_name));
    w.write(LEVEL_0, &format!("\tSerial Number:\t{}\n", req.serial));
    for (title, values) in &req.subject {
        list(&mut w, title, values);
    }
    if req.dns.len() + req.emails.len() + req.ips.len() + req.uris.len() > 0 {
        w.write(LEVEL_0, "Subject Alternative Names:\n");
        list(&mut w, "DNS Names", &req.dns);
        list(&mut w, "Email Addresses", &req.emails);
        list(&mut w, "URIs", &req.uris);
        list(&mut w, "IP Addresses", &req.ips);
    }
    if let Some(evs) = evs {
        events::describe(&mut w, evs, now);
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// `openssl req -new` with an EC key, `/CN=jane/O=dev/O=ops` and two alternative names.
    const REQUEST: &str = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURSBSRVFVRVNULS0tLS0KTUlJQkZqQ0J2UUlCQURBck1RMHdDd1lEVlFRRERBUnFZVzVsTVF3d0NnWURWUVFLREFOa1pYWXhEREFLQmdOVgpCQW9NQTI5d2N6QlpNQk1HQnlxR1NNNDlBZ0VHQ0NxR1NNNDlBd0VIQTBJQUJNTnVTZTM5QXZnUExGNjNYN3l4CmlscTNPbUNqR3FDdWthQS93SjNlSFhTK0J5U3k5Rm42RGZSVnZDdU1MemVlSWNwdUNnNU9OKzAyNUcwbERrT1QKTnplZ01EQXVCZ2txaGtpRzl3MEJDUTR4SVRBZk1CMEdBMVVkRVFRV01CU0NER3BoYm1VdVpYaGhiWEJzWlljRQpDZ0FBQVRBS0JnZ3Foa2pPUFFRREFnTklBREJGQWlBUWptbjAyRDRJSXBuTis5WG5EMENDRFNlZ2JCaU5CdTNyCndyTmhKRXVHZGdJaEFMc3NmUDRDbmx1WUVQZzFrMXpQRnp1RnhOczhreWFuYnJXYVFkRGZvOHIzCi0tLS0tRU5EIENFUlRJRklDQVRFIFJFUVVFU1QtLS0tLQo=";

    #[test]
    fn an_approved_request_for_a_user() {
        let csr = json!({
            "metadata": {"name": "jane", "creationTimestamp": "2025-11-25T04:00:00Z"},
            "spec": {"request": REQUEST, "signerName": "kubernetes.io/kube-apiserver-client",
                     "expirationSeconds": 86400, "username": "minikube-user"},
            "status": {"conditions": [{"type": "Approved", "status": "True"}]}
        });
        let req = parse(REQUEST).expect("a valid request");
        assert_eq!(
            render(&csr, &req, None, Time(0)),
            "Name:                jane
Labels:              <none>
Annotations:         <none>
CreationTimestamp:   Tue, 25 Nov 2025 04:00:00 +0000
Requesting User:     minikube-user
Signer:              kubernetes.io/kube-apiserver-client
Requested Duration:  24h
Status:              Approved
Subject:
  Common Name:    jane
  Serial Number:  
  Organization:   dev
                  ops
Subject Alternative Names:
  DNS Names:     jane.example
  IP Addresses:  10.0.0.1
"
        );
    }

    #[test]
    fn a_request_that_is_not_pem() {
        assert_eq!(
            parse("aGVsbG8=").map(|_| ()),
            Err("PEM block type must be CERTIFICATE REQUEST".into())
        );
    }
}
