//! One log request: kubectl's PodLogOptions from the flags (`ToLogOptions`) as the query of
//! `GET .../pods/NAME/log`, and its answer as text.

use super::super::super::error::KError;
use super::super::super::flags::{parse_duration, Args};
use super::super::super::Ctx;
use super::targets::Target;
use kubeplay_core::api::ApiRequest;
use kubeplay_core::clock::Time;

/// kubectl's tail for `-l` when `--tail` is not given.
const SELECTOR_TAIL: i64 = 10;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct LogRequest {
    pub container: String,
    pub previous: bool,
    pub timestamps: bool,
    pub follow: bool,
    pub insecure_backend: bool,
    pub since_seconds: Option<i64>,
    /// `--since-time`, as the query sends it (whole seconds).
    pub since_time: Option<Time>,
    pub tail_lines: Option<i64>,
    pub limit_bytes: Option<i64>,
}

impl LogRequest {
    /// The options `args` ask for; `selecting` when pods come from `-l`.
    pub fn from_args(
        args: &Args,
        container: String,
        selecting: bool,
    ) -> Result<LogRequest, KError> {
        let since_time = match args.str("since-time") {
            t if t.is_empty() => None,
            t => Some(parse_rfc3339(&t).ok_or_else(|| {
                KError::msg(format!(
                    "parsing time \"{t}\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"{t}\" as \"2006\""
                ))
            })?),
        };
        let since = parse_duration(&args.str("since")).unwrap_or(0.0);
        let tail = args.int("tail");
        Ok(LogRequest {
            container,
            previous: args.bool("previous"),
            timestamps: args.bool("timestamps"),
            follow: args.bool("follow"),
            insecure_backend: args.bool("insecure-skip-tls-verify-backend"),
            // Go rounds the duration to the nearest second.
            since_seconds: (since != 0.0).then(|| since.round() as i64),
            since_time,
            tail_lines: if selecting && tail == -1 && !args.is_set("tail") {
                Some(SELECTOR_TAIL)
            } else {
                (tail != -1).then_some(tail)
            },
            limit_bytes: match args.int("limit-bytes") {
                0 => None,
                b => Some(b),
            },
        })
    }

    /// The request for one container, as client-go encodes PodLogOptions.
    pub fn to_api(&self, t: &Target) -> ApiRequest {
        let path = format!(
            "/api/v1/namespaces/{}/pods/{}/log",
            t.namespace,
            t.pod_name()
        );
        let mut req = ApiRequest::get(path).with_query("container", t.container.clone());
        let flags = [
            ("follow", self.follow),
            ("insecureSkipTLSVerifyBackend", self.insecure_backend),
            ("previous", self.previous),
            ("timestamps", self.timestamps),
        ];
        for (k, on) in flags {
            if on {
                req = req.with_query(k, "true");
            }
        }
        let numbers = [
            ("limitBytes", self.limit_bytes),
            ("sinceSeconds", self.since_seconds),
            ("tailLines", self.tail_lines),
        ];
        for (k, v) in numbers {
            if let Some(v) = v {
                req = req.with_query(k, v.to_string());
            }
        }
        if let Some(t) = self.since_time {
            req = req.with_query("sinceTime", t.rfc3339());
        }
        req
    }

    /// What the container printed, or the server's refusal.
    pub fn send(&self, ctx: &mut Ctx, t: &Target) -> Result<String, KError> {
        let resp = ctx.api.call(self.to_api(t));
        if resp.is_success() {
            Ok(resp.body)
        } else {
            crate::client::decode(resp).map(|_| String::new())
        }
    }
}

/// RFC 3339 as Go's time.Parse reads it: a date, `T`, a time with an optional fraction, and `Z`
/// or an offset. Whole seconds, as the query carries them.
pub fn parse_rfc3339(s: &str) -> Option<Time> {
    if s.len() < 20 || s.as_bytes().get(10) != Some(&b'T') {
        return None;
    }
    let (base, offset) = match s.strip_suffix('Z') {
        Some(b) => (b, 0),
        None => {
            let at = s.len().checked_sub(6)?;
            let (b, off) = s.split_at(at);
            let sign = match off.as_bytes().first() {
                Some(b'+') => 1,
                Some(b'-') => -1,
                _ => return None,
            };
            let (h, m) = off.get(1..)?.split_once(':')?;
            let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
            (b, sign * (h * 3600 + m * 60))
        }
    };
    let t = Time::parse_rfc3339(&format!("{base}Z"))?;
    Some(t.plus(-offset))
}
