//! A container whose image cannot be had: the kubelet's image manager pulls, fails, and backs off
//! (10 s doubling to 5 min, per pod and image), while its pod worker looks again every 10 s and
//! reports `ImagePullBackOff` each time the back-off still holds. `imagePullPolicy: Never` with
//! the image missing fails the same way on every look, without pulling.
//!
//! Timeline: attempt k starts at `a_k` and fails at `f_k = a_k + secs`; the worker looks again
//! at `f_k + 1` (the status change) and every 10 s after, and the first look once the back-off
//! `b_k` is over pulls again: `a_{k+1} = f_k + 1 + b_k`.

use kubeplay_core::clock::Time;

/// Why the image is missing, with the text the container status and events carry.
#[derive(serde::Serialize, Debug, Clone, PartialEq)]
pub enum Cause {
    /// The runtime's pull error.
    Pull(String),
    /// The kubelet will not pull, on every look: `reason` is the waiting reason (also the
    /// `Error: ...` text), `event` the reason of the event that carries `message`.
    /// `ErrImageNeverPull` (policy Never, image missing) and `InvalidImageName`.
    Refused {
        reason: &'static str,
        event: &'static str,
        message: String,
    },
    /// The image is there but the container cannot be configured (`CreateContainerConfigError`:
    /// a ConfigMap or Secret, or one of their keys, that its environment names is missing). The
    /// kubelet looks again every 10 s, finding the image present and failing the same way,
    /// until what is missing exists. Each message with the look from which it holds (what is
    /// missing can change between looks: the ConfigMap appears, still without the key).
    /// With `imagePullPolicy: Always` (the second field) each look pulls the image again.
    Config(Vec<(Time, String)>, bool),
}

/// A `Cause` as a snapshot holds it: a refusal's texts are read back as the kubelet's own.
#[derive(serde::Deserialize)]
enum SavedCause {
    Pull(String),
    Refused {
        reason: String,
        event: String,
        message: String,
    },
    Config(Vec<(Time, String)>, bool),
}

/// Every reason and event a refusal carries.
const REFUSALS: &[&str] = &["InvalidImageName", "InspectFailed", "ErrImageNeverPull"];

fn refusal(text: &str) -> Result<&'static str, String> {
    REFUSALS
        .iter()
        .find(|r| **r == text)
        .copied()
        .ok_or_else(|| format!("{text} is not a refusal the kubelet gives"))
}

impl<'de> serde::Deserialize<'de> for Cause {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Cause, D::Error> {
        Cause::try_from(SavedCause::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

impl TryFrom<SavedCause> for Cause {
    type Error = String;
    fn try_from(saved: SavedCause) -> Result<Cause, String> {
        Ok(match saved {
            SavedCause::Pull(text) => Cause::Pull(text),
            SavedCause::Refused {
                reason,
                event,
                message,
            } => Cause::Refused {
                reason: refusal(&reason)?,
                event: refusal(&event)?,
                message,
            },
            SavedCause::Config(messages, always) => Cause::Config(messages, always),
        })
    }
}

/// The waiting reason of a container that cannot be configured (the kubelet's
/// `ErrCreateContainerConfig`).
pub const CREATE_CONFIG_ERROR: &str = "CreateContainerConfigError";

#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub struct PullFail {
    /// The image as the pod spells it (events quote it so).
    pub image: String,
    pub cause: Cause,
    /// The first attempt.
    pub first: Time,
    /// How long one failing pull takes, in whole seconds.
    pub secs: i64,
}

/// An event the kubelet writes: (when, warning?, reason, message).
pub type Ev = (Time, bool, &'static str, String);

/// Attempts walked at most (five minutes apart once the back-off is full: weeks).
const MAX_ATTEMPTS: usize = 10_000;

/// The worker's look-again period.
const RESYNC: i64 = 10;

/// The message of the look at `t`: the latest one given by then.
fn config_message(messages: &[(Time, String)], t: Time) -> &str {
    messages
        .iter()
        .rev()
        .find(|(from, _)| *from <= t)
        .or(messages.first())
        .map_or("", |(_, m)| m.as_str())
}

fn backoff_after(k: usize) -> i64 {
    (10i64 << k.min(5)).min(300)
}

impl PullFail {
    /// (attempt, failure) pairs that began by `until`.
    fn attempts(&self, until: Time) -> Vec<(Time, Time)> {
        let mut out = Vec::new();
        let mut a = self.first;
        for k in 0..MAX_ATTEMPTS {
            if a > until {
                break;
            }
            let f = a.plus(self.secs);
            out.push((a, f));
            a = f.plus(1 + backoff_after(k));
        }
        out
    }

    /// The container's waiting reason and message at `now`, once the first attempt has failed.
    pub fn waiting(&self, now: Time) -> Option<(&'static str, String)> {
        match &self.cause {
            Cause::Refused {
                reason, message, ..
            } => (now >= self.first).then(|| (*reason, message.clone())),
            Cause::Config(messages, _) => (now >= self.first).then(|| {
                (
                    CREATE_CONFIG_ERROR,
                    config_message(messages, now).to_string(),
                )
            }),
            Cause::Pull(m) => {
                let attempts = self.attempts(now);
                let (_, f) = *attempts.iter().rev().find(|(_, f)| *f <= now)?;
                Some(if now < f.plus(1) {
                    ("ErrImagePull", m.clone())
                } else {
                    // Since v1.32 the status also says why the last pull failed (the event
                    // does not).
                    (
                        "ImagePullBackOff",
                        format!("{}: ErrImagePull: {m}", self.backoff_message()),
                    )
                })
            }
        }
    }

    fn backoff_message(&self) -> String {
        format!("Back-off pulling image \"{}\"", self.image)
    }

    /// The moments the kubelet looks again at a container it could not configure (`now` is one).
    pub fn config_look(&self, now: Time) -> bool {
        matches!(self.cause, Cause::Config(..))
            && now > self.first
            && now.since(self.first) % RESYNC == 0
    }

    /// From `now` on, the kubelet fails to configure the container with `message`.
    pub fn config_changed(&mut self, now: Time, message: String) {
        if let Cause::Config(messages, _) = &mut self.cause {
            if messages.last().is_none_or(|(_, m)| *m != message) {
                messages.push((now, message));
            }
        }
    }

    /// The events of `(after, now]`, in order.
    pub fn events(&self, after: Option<Time>, now: Time) -> Vec<Ev> {
        let due = |t: Time| after.is_none_or(|a| t > a) && t <= now;
        let mut out: Vec<Ev> = Vec::new();
        match &self.cause {
            Cause::Refused {
                reason,
                event,
                message,
            } => {
                // Only the latest looks matter after a long sleep (their events are counted).
                let from = after.map_or(self.first, |a| a.max(self.first));
                let skip = (from.since(self.first) / RESYNC).max(0);
                for j in skip..skip + MAX_ATTEMPTS as i64 {
                    let t = self.first.plus(j * RESYNC);
                    if t > now {
                        break;
                    }
                    if due(t) {
                        out.push((t, true, event, message.clone()));
                        out.push((t, true, "Failed", format!("Error: {reason}")));
                    }
                }
            }
            Cause::Config(messages, always) => {
                // The first look follows the pull (its events are the pull's); each later one
                // finds the image present (or pulls it again, policy Always) and fails again.
                let from = after.map_or(self.first, |a| a.max(self.first));
                let skip = (from.since(self.first) / RESYNC).max(0);
                for j in skip..skip + MAX_ATTEMPTS as i64 {
                    let t = self.first.plus(j * RESYNC);
                    if t > now {
                        break;
                    }
                    if due(t) {
                        if j > 0 && *always {
                            // Pulled again: the reporter words it (the pull's time and the
                            // image's size are the kubelet's), so the message is left empty.
                            let msg = format!("Pulling image \"{}\"", self.image);
                            out.push((t, false, "Pulling", msg));
                            out.push((t, false, "Pulled", String::new()));
                        } else if j > 0 {
                            let msg = format!(
                                "Container image \"{}\" already present on machine",
                                self.image
                            );
                            out.push((t, false, "Pulled", msg));
                        }
                        let message = config_message(messages, t);
                        out.push((t, true, "Failed", format!("Error: {message}")));
                    }
                }
            }
            Cause::Pull(m) => {
                let attempts = self.attempts(now);
                let skip = attempts.len().saturating_sub(10);
                for (k, &(a, f)) in attempts.iter().enumerate().skip(skip) {
                    if due(a) {
                        let msg = format!("Pulling image \"{}\"", self.image);
                        out.push((a, false, "Pulling", msg));
                    }
                    if due(f) {
                        let msg = format!("Failed to pull image \"{}\": {m}", self.image);
                        out.push((f, true, "Failed", msg));
                        out.push((f, true, "Failed", "Error: ErrImagePull".into()));
                    }
                    for j in 0..backoff_after(k) / RESYNC {
                        let t = f.plus(1 + j * RESYNC);
                        if due(t) {
                            out.push((t, false, "BackOff", self.backoff_message()));
                            out.push((t, true, "Failed", "Error: ImagePullBackOff".into()));
                        }
                    }
                }
            }
        }
        out
    }

    /// The next moment after `now` when something changes.
    pub fn next_after(&self, now: Time) -> Option<Time> {
        if now < self.first {
            return Some(self.first);
        }
        if let Cause::Refused { .. } | Cause::Config(..) = self.cause {
            let j = now.since(self.first) / RESYNC + 1;
            return Some(self.first.plus(j * RESYNC));
        }
        let attempts = self.attempts(now.plus(400));
        let mut times = Vec::new();
        for (k, &(a, f)) in attempts.iter().enumerate() {
            times.extend([a, f]);
            times.extend((0..backoff_after(k) / RESYNC).map(|j| f.plus(1 + j * RESYNC)));
        }
        times.into_iter().filter(|t| *t > now).min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fail() -> PullFail {
        PullFail {
            image: "nginx:nope".into(),
            cause: Cause::Pull("boom".into()),
            first: Time(100),
            secs: 2,
        }
    }

    #[test]
    fn back_off_doubles_between_pulls() {
        let starts: Vec<i64> = fail().attempts(Time(400)).iter().map(|a| a.0 .0).collect();
        // Fails at 102, backs off 10s: 113; fails 115, 20s: 136; 138, 40s: 179; 181, 80s: 262.
        assert_eq!(starts, [100, 113, 136, 179, 262]);
        assert_eq!(fail().waiting(Time(101)), None);
        assert_eq!(fail().waiting(Time(102)).map(|w| w.0), Some("ErrImagePull"));
        assert_eq!(
            fail().waiting(Time(103)).map(|w| w.0),
            Some("ImagePullBackOff")
        );
        assert_eq!(fail().next_after(Time(103)), Some(Time(113)));
    }

    #[test]
    fn each_look_during_back_off_is_an_event() {
        let evs = fail().events(None, Time(136));
        let reasons: Vec<&str> = evs.iter().map(|e| e.2).collect();
        assert_eq!(reasons.iter().filter(|r| **r == "BackOff").count(), 3);
        assert_eq!(reasons.iter().filter(|r| **r == "Pulling").count(), 3);
    }
}
