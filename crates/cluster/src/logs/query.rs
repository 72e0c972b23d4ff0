//! The log subresource's query: PodLogOptions as the API server decodes and validates them
//! (`ValidatePodLogOptions`), times in milliseconds on the cluster's clock.

use kubeplay_api::{ApiRequest, Status};
use kubeplay_core::api::status::{cause, StatusCause};
use kubeplay_core::clock::Time;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct LogQuery {
    pub container: String,
    pub previous: bool,
    pub timestamps: bool,
    pub follow: bool,
    pub tail_lines: Option<i64>,
    pub limit_bytes: Option<i64>,
    pub since_seconds: Option<i64>,
    /// `sinceTime`, in ms since the epoch.
    pub since_time_ms: Option<i64>,
}

impl LogQuery {
    /// The options of a request for pod `name`; a malformed or invalid one is refused as the
    /// API server refuses it.
    pub fn parse(req: &ApiRequest, name: &str) -> Result<LogQuery, Status> {
        let q = LogQuery {
            container: req.query_param("container").unwrap_or("").to_string(),
            previous: boolean(req, "previous")?,
            timestamps: boolean(req, "timestamps")?,
            follow: boolean(req, "follow")?,
            tail_lines: int(req, "tailLines")?,
            limit_bytes: int(req, "limitBytes")?,
            since_seconds: int(req, "sinceSeconds")?,
            since_time_ms: match req.query_param("sinceTime") {
                None | Some("") => None,
                Some(t) => Some(parse_time_ms(t).ok_or_else(|| {
                    Status::bad_request(format!(
                        "parsing time \"{t}\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"{t}\" as \"2006\""
                    ))
                })?),
            },
            // Nothing to check: the simulated kubelet's identity is never in doubt.
        };
        let causes = q.problems();
        if causes.is_empty() {
            Ok(q)
        } else {
            Err(Status::invalid("", "PodLogOptions", name, causes))
        }
    }

    fn problems(&self) -> Vec<StatusCause> {
        let mut out = Vec::new();
        let invalid = |field: &str, v: i64, why: &str| {
            cause(
                "FieldValueInvalid",
                field,
                format!("Invalid value: {v}: {why}"),
            )
        };
        if let Some(t) = self.tail_lines.filter(|t| *t < 0) {
            out.push(invalid(
                "tailLines",
                t,
                "must be greater than or equal to 0",
            ));
        }
        if let Some(b) = self.limit_bytes.filter(|b| *b < 1) {
            out.push(invalid("limitBytes", b, "must be greater than 0"));
        }
        match (self.since_seconds, self.since_time_ms) {
            (Some(_), Some(_)) => out.push(cause(
                "FieldValueForbidden",
                "",
                "Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified",
            )),
            (Some(s), None) if s < 1 => {
                out.push(invalid("sinceSeconds", s, "must be greater than 0"))
            }
            _ => {}
        }
        out
    }

    /// The first moment (ms) whose lines are shown, if the query limits it.
    pub fn since_ms(&self, now: Time) -> Option<i64> {
        self.since_time_ms.or_else(|| {
            self.since_seconds
                .map(|s| now.0.saturating_sub(s).saturating_mul(1000))
        })
    }
}

fn boolean(req: &ApiRequest, k: &str) -> Result<bool, Status> {
    match req.query_param(k) {
        None | Some("") => Ok(false),
        Some("true" | "1" | "t" | "T" | "TRUE" | "True") => Ok(true),
        Some("false" | "0" | "f" | "F" | "FALSE" | "False") => Ok(false),
        Some(v) => Err(Status::bad_request(format!(
            "strconv.ParseBool: parsing \"{v}\": invalid syntax"
        ))),
    }
}

fn int(req: &ApiRequest, k: &str) -> Result<Option<i64>, Status> {
    match req.query_param(k) {
        None | Some("") => Ok(None),
        Some(v) => v.parse().map(Some).map_err(|_| {
            Status::bad_request(format!("strconv.ParseInt: parsing \"{v}\": invalid syntax"))
        }),
    }
}

/// RFC 3339 with an optional fraction, to the millisecond.
pub fn parse_time_ms(s: &str) -> Option<i64> {
    let secs = Time::parse_rfc3339(s)?.0;
    let frac = s
        .split_once('.')
        .map(|(_, f)| {
            f.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
        })
        .unwrap_or_default();
    let ms: i64 = format!("{frac:0<3}")
        .get(..3)
        .and_then(|d| d.parse().ok())
        .unwrap_or(0);
    Some(secs.saturating_mul(1000).saturating_add(ms))
}

/// A moment as the kubelet stamps log lines: RFC3339Nano, so trailing zeros of the fraction go.
pub fn format_time_ms(ms: i64) -> String {
    let secs = Time(ms.div_euclid(1000)).rfc3339();
    let frac = ms.rem_euclid(1000);
    if frac == 0 {
        return secs;
    }
    let digits = format!("{frac:03}");
    let digits = digits.trim_end_matches('0');
    match secs.strip_suffix('Z') {
        Some(head) => format!("{head}.{digits}Z"),
        None => secs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(q: &[(&str, &str)]) -> ApiRequest {
        q.iter().fold(
            ApiRequest::get("/api/v1/namespaces/default/pods/web/log"),
            |r, (k, v)| r.with_query(k, *v),
        )
    }

    #[test]
    fn every_parameter_is_read() {
        let q = LogQuery::parse(
            &req(&[
                ("container", "app"),
                ("previous", "true"),
                ("timestamps", "true"),
                ("follow", "true"),
                ("tailLines", "5"),
                ("limitBytes", "100"),
                ("sinceTime", "2024-12-07T10:00:05.25Z"),
            ]),
            "web",
        )
        .unwrap();
        assert_eq!(q.container, "app");
        assert!(q.previous && q.timestamps && q.follow);
        assert_eq!((q.tail_lines, q.limit_bytes), (Some(5), Some(100)));
        assert_eq!(q.since_time_ms, Some(1_733_565_605_250));
        let s = LogQuery::parse(&req(&[("sinceSeconds", "60")]), "web").unwrap();
        assert_eq!(s.since_ms(Time(1000)), Some(940_000));
    }

    #[test]
    fn invalid_options_are_refused_in_the_server_s_words() {
        let msg = |q: &[(&str, &str)]| LogQuery::parse(&req(q), "web").unwrap_err().message;
        assert_eq!(
            msg(&[("tailLines", "-2")]),
            "PodLogOptions \"web\" is invalid: tailLines: Invalid value: -2: must be greater than or equal to 0"
        );
        assert_eq!(
            msg(&[("limitBytes", "0")]),
            "PodLogOptions \"web\" is invalid: limitBytes: Invalid value: 0: must be greater than 0"
        );
        assert_eq!(
            msg(&[("sinceSeconds", "0")]),
            "PodLogOptions \"web\" is invalid: sinceSeconds: Invalid value: 0: must be greater than 0"
        );
        assert!(
            msg(&[("sinceSeconds", "5"), ("sinceTime", "2024-12-07T10:00:05Z")])
                .ends_with("at most one of `sinceTime` or `sinceSeconds` may be specified")
        );
        assert_eq!(
            msg(&[("tailLines", "x")]),
            "strconv.ParseInt: parsing \"x\": invalid syntax"
        );
    }

    #[test]
    fn stamps_drop_trailing_zeros() {
        assert_eq!(format_time_ms(1_733_565_605_000), "2024-12-07T10:00:05Z");
        assert_eq!(format_time_ms(1_733_565_605_250), "2024-12-07T10:00:05.25Z");
        assert_eq!(
            format_time_ms(1_733_565_605_001),
            "2024-12-07T10:00:05.001Z"
        );
    }
}
