//! `logs -f` on the simulated clock. A real kubectl holds the stream until the container stops;
//! here the command prints what is there and leaves one watch row per container still running:
//! the run it follows, the moment (ms) it has printed up to, and its prefix. A front end that can
//! be interrupted polls; each poll asks for the lines since that moment. A stream ends when its
//! run does (its last lines are printed first), and the follow ends with its last stream.

use serde_json::Value;

use super::super::super::Ctx;
use super::request::LogRequest;
use super::targets::Target;
use kubeplay_core::api::{ApiRequest, Transport};
use kubeplay_core::clock::Time;
use kubeplay_core::output::{Output, WatchRow, WatchSpec};

/// How a followed stream's row key starts.
const MARK: &str = "log ";

/// The moment the container's current run started, if it is running.
fn running_since(pod: &Value, container: &str) -> Option<String> {
    [
        "containerStatuses",
        "initContainerStatuses",
        "ephemeralContainerStatuses",
    ]
    .iter()
    .filter_map(|f| {
        pod.pointer(&format!("/status/{f}"))
            .and_then(|v| v.as_array())
    })
    .flatten()
    .find(|s| s.get("name").and_then(|n| n.as_str()) == Some(container))
    .and_then(|s| s.pointer("/state/running/startedAt"))
    .and_then(|s| s.as_str())
    .map(String::from)
}

/// The last ms of the current second: the server has answered with everything up to it.
fn now_ms(api: &dyn Transport) -> i64 {
    let secs = api.clock().unwrap_or_default().0;
    secs.saturating_mul(1000).saturating_add(999)
}

/// The row that keeps following `t` after its first answer (`sent` bytes of it), if its
/// container is running and `--limit-bytes` leaves room.
pub fn stream(
    ctx: &mut Ctx,
    t: &Target,
    req: &LogRequest,
    prefix: &str,
    sent: usize,
) -> Option<WatchRow> {
    // What is left of --limit-bytes (-1: no limit); the stream ends when it is spent.
    let left = match req.limit_bytes {
        Some(limit) => limit.saturating_sub(i64::try_from(sent).unwrap_or(i64::MAX)),
        None => -1,
    };
    if req.previous || left == 0 {
        return None;
    }
    let path = format!("/api/v1/namespaces/{}/pods/{}", t.namespace, t.pod_name());
    let pod: Value = serde_json::from_str(&ctx.api.call(ApiRequest::get(path)).body).ok()?;
    let started = running_since(&pod, &t.container)?;
    Some(WatchRow {
        key: format!("{MARK}{}/{}/{}", t.namespace, t.pod_name(), t.container),
        resource_version: format!(
            "{started} {} {} {left}",
            now_ms(ctx.api),
            u8::from(req.timestamps)
        ),
        row: prefix.to_string(),
    })
}

/// Leave the follow running for the front end.
pub fn hold(ctx: &mut Ctx, rows: Vec<WatchRow>) {
    // kubectl::run fills in the argv.
    ctx.out.watch = Some(WatchSpec {
        args: Vec::new(),
        seen: rows,
        forward: None,
    });
}

/// One poll: every stream's new lines; streams whose run ended are dropped.
pub fn poll(spec: &mut WatchSpec, api: &mut dyn Transport) -> Output {
    let mut out = Output::new();
    let mut kept = Vec::new();
    for row in std::mem::take(&mut spec.seen) {
        if let Some(next) = poll_one(&row, api, &mut out) {
            kept.push(next);
        }
    }
    spec.seen = kept;
    out
}

/// A row's parts: namespace, pod, container; the run's start, the ms printed up to, timestamps,
/// the bytes left to print.
fn parse(row: &WatchRow) -> Option<([&str; 3], [&str; 4])> {
    let mut who = row.key.strip_prefix(MARK)?.splitn(3, '/');
    let mut at = row.resource_version.splitn(4, ' ');
    Some((
        [who.next()?, who.next()?, who.next()?],
        [at.next()?, at.next()?, at.next()?, at.next()?],
    ))
}

fn poll_one(row: &WatchRow, api: &mut dyn Transport, out: &mut Output) -> Option<WatchRow> {
    let ([ns, pod, container], [started, cursor, stamps, left]) = parse(row)?;
    let cursor: i64 = cursor.parse().ok()?;
    let mut left: i64 = left.parse().ok()?;
    let base = format!("/api/v1/namespaces/{ns}/pods/{pod}");
    let resp = api.call(ApiRequest::get(base.clone()));
    if !resp.is_success() {
        return None;
    }
    let live: Value = serde_json::from_str(&resp.body).ok()?;
    let now = running_since(&live, container);
    let goes_on = now.as_deref() == Some(started);
    // Restarted since: the followed run is now the previous one.
    let previous = now.is_some() && !goes_on;
    let mut req = ApiRequest::get(format!("{base}/log"))
        .with_query("container", container)
        .with_query("timestamps", "true")
        .with_query("sinceTime", stamp(cursor));
    if previous {
        req = req.with_query("previous", "true");
    }
    let resp = api.call(req);
    let mut upto = cursor.max(now_ms(api));
    if resp.is_success() {
        for line in resp.body.split_inclusive('\n') {
            let (ts, text) = line.split_once(' ').unwrap_or((line, ""));
            let Some(at) = parse_stamp(ts) else { continue };
            if at <= cursor {
                continue;
            }
            upto = upto.max(at);
            let mut shown = if stamps == "1" { line } else { text };
            if left >= 0 {
                shown = cut(shown, &mut left);
            }
            out.out(format!("{}{shown}", row.row));
            if left == 0 {
                return None;
            }
        }
    }
    goes_on.then(|| WatchRow {
        key: row.key.clone(),
        resource_version: format!("{started} {upto} {stamps} {left}"),
        row: row.row.clone(),
    })
}

/// As much of `text` as `left` bytes allow (on a character boundary), taken from `left`.
fn cut<'a>(text: &'a str, left: &mut i64) -> &'a str {
    let mut n = usize::try_from(*left).unwrap_or(usize::MAX).min(text.len());
    while !text.is_char_boundary(n) {
        n -= 1;
    }
    *left -= i64::try_from(n).unwrap_or(0);
    &text[..n]
}

/// A moment in ms as RFC 3339 with its milliseconds.
fn stamp(ms: i64) -> String {
    let secs = Time(ms.div_euclid(1000)).rfc3339();
    let head = secs.strip_suffix('Z').unwrap_or(&secs);
    format!("{head}.{:03}Z", ms.rem_euclid(1000))
}

/// A line's RFC3339Nano stamp, in ms.
fn parse_stamp(s: &str) -> Option<i64> {
    let secs = Time::parse_rfc3339(s)?.0;
    let frac: String = s
        .split_once('.')
        .map(|(_, f)| f.chars().take_while(char::is_ascii_digit).collect())
        .unwrap_or_default();
    let ms: i64 = format!("{frac:0<3}").get(..3)?.parse().ok()?;
    Some(secs.saturating_mul(1000).saturating_add(ms))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_round_trip_to_the_millisecond() {
        assert_eq!(stamp(1_733_565_605_042), "2024-12-07T10:00:05.042Z");
        assert_eq!(
            parse_stamp("2024-12-07T10:00:05.042Z"),
            Some(1_733_565_605_042)
        );
        assert_eq!(
            parse_stamp("2024-12-07T10:00:05.5Z"),
            Some(1_733_565_605_500)
        );
        assert_eq!(parse_stamp("2024-12-07T10:00:05Z"), Some(1_733_565_605_000));
        assert_eq!(parse_stamp("nonsense"), None);
    }

    #[test]
    fn rows_carry_their_stream() {
        let row = WatchRow {
            key: "log default/web/c".into(),
            resource_version: "2024-12-07T10:00:05Z 1733565605000 1 -1".into(),
            row: "[pod/web/c] ".into(),
        };
        let (who, at) = parse(&row).unwrap();
        assert_eq!(who, ["default", "web", "c"]);
        assert_eq!(at, ["2024-12-07T10:00:05Z", "1733565605000", "1", "-1"]);
    }

    #[test]
    fn a_byte_limit_cuts_and_runs_out() {
        let mut left = 6;
        assert_eq!(cut("tick 1\n", &mut left), "tick 1");
        assert_eq!(left, 0);
        let mut left = 20;
        assert_eq!(cut("tick 2\n", &mut left), "tick 2\n");
        assert_eq!(left, 13);
    }
}
