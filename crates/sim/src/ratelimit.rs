//! The client-side rate limit of a controller's API client: client-go's token bucket, which
//! kube-controller-manager sets from `--kube-api-qps` (20) and `--kube-api-burst` (30) for each
//! controller's own client. A controller that creates pods faster waits for tokens, so a
//! 1,000-replica ReplicaSet gets its first 30 pods at once and the rest at 20 a second, as on a
//! real cluster.

use std::collections::HashMap;

use kubeplay_core::clock::Time;

/// Requests a second once the burst is spent (`--kube-api-qps`).
pub const QPS: i64 = 20;
/// Requests the bucket holds when full (`--kube-api-burst`).
pub const BURST: i64 = 30;

/// One bucket per client (the controller's name as its user agent says it).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Clients {
    buckets: HashMap<String, Bucket>,
}

/// Tokens left at a moment (seconds).
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
struct Bucket {
    tokens: i64,
    at: i64,
}

impl Clients {
    /// Tokens `client` holds at `now` (full for a client not seen yet).
    fn bucket(&self, client: &str, now: Time) -> Bucket {
        match self.buckets.get(client) {
            Some(b) => Bucket {
                tokens: b
                    .tokens
                    .saturating_add(QPS.saturating_mul((now.0 - b.at).max(0)))
                    .min(BURST),
                at: now.0.max(b.at),
            },
            None => Bucket {
                tokens: BURST,
                at: now.0,
            },
        }
    }

    /// How many of `want` requests `client` may send at `now`.
    pub fn available(&self, client: &str, now: Time, want: usize) -> usize {
        let tokens = usize::try_from(self.bucket(client, now).tokens.max(0)).unwrap_or(0);
        want.min(tokens)
    }

    /// Spend `n` tokens of `client` at `now`.
    pub fn spend(&mut self, client: &str, now: Time, n: usize) {
        let mut b = self.bucket(client, now);
        b.tokens = b
            .tokens
            .saturating_sub(i64::try_from(n).unwrap_or(i64::MAX));
        self.buckets.insert(client.to_string(), b);
    }

    /// The first moment after `now` at which `client` has a token again.
    pub fn next_token(&self, client: &str, now: Time) -> Time {
        let b = self.bucket(client, now);
        let missing = (1 - b.tokens).max(1);
        now.plus((missing + QPS - 1) / QPS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_burst_goes_at_once_then_qps_a_second() {
        let mut c = Clients::default();
        let t = Time(100);
        assert_eq!(c.available("rs", t, 1000), 30);
        c.spend("rs", t, 30);
        assert_eq!(c.available("rs", t, 1000), 0);
        assert_eq!(c.next_token("rs", t), Time(101));
        assert_eq!(c.available("rs", Time(101), 1000), 20);
        assert_eq!(c.available("rs", Time(110), 1000), 30);
        assert_eq!(c.available("other", t, 5), 5);
    }
}
