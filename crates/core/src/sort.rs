//! Stable sorting that compiles the standard library's sort once for the whole program.
//!
//! Every `sort_by` with its own closure, and every `sort` of another element type in another
//! crate, instantiates the whole stable sort (driftsort): two to three kilobytes of wasm each,
//! over a hundred kilobytes across the project's sorts. These methods sort a permutation of
//! indices with the comparison behind `dyn`, so the sort itself exists once; only the short
//! permutation step is generic. Same order and stability as `slice::sort_by`. The project's
//! lists are small (table rows, a namespace's objects), so the indirection costs nothing visible.
//! `clippy.toml` disallows the standard methods so new code uses these.

use std::cmp::Ordering;

pub trait SortOnce<T> {
    /// As `slice::sort`.
    fn sort_once(&mut self)
    where
        T: Ord;
    /// As `slice::sort_by`.
    fn sort_once_by(&mut self, cmp: impl Fn(&T, &T) -> Ordering);
    /// As `slice::sort_by_key`.
    fn sort_once_by_key<K: Ord>(&mut self, key: impl Fn(&T) -> K);
}

impl<T> SortOnce<T> for [T] {
    fn sort_once(&mut self)
    where
        T: Ord,
    {
        self.sort_once_by(T::cmp);
    }

    fn sort_once_by(&mut self, cmp: impl Fn(&T, &T) -> Ordering) {
        let order = stable_order(self.len(), &|a, b| match (self.get(a), self.get(b)) {
            (Some(x), Some(y)) => cmp(x, y),
            _ => Ordering::Equal,
        });
        permute(self, order);
    }

    fn sort_once_by_key<K: Ord>(&mut self, key: impl Fn(&T) -> K) {
        self.sort_once_by(|a, b| key(a).cmp(&key(b)));
    }
}

/// The stable order of `len` items under `cmp` (on their indices): the one instantiation of
/// the standard sort.
#[allow(clippy::disallowed_methods)]
fn stable_order(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|a, b| cmp(*a, *b));
    order
}

/// Rearrange `v` so that its item `i` is the one that was at `order[i]`, following each cycle
/// of the permutation with swaps.
fn permute<T>(v: &mut [T], mut order: Vec<usize>) {
    for start in 0..order.len() {
        let mut at = start;
        loop {
            let from = order[at];
            order[at] = at;
            if from == start || from == at {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SortOnce;

    #[test]
    fn sorts_as_the_standard_sort_does() {
        // Pseudo-random pairs; the second field shows stability.
        let mut x: u64 = 0x2545_f491;
        let items: Vec<(u8, usize)> = (0..500)
            .map(|i| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                ((x % 17) as u8, i)
            })
            .collect();
        let mut ours = items.clone();
        ours.sort_once_by_key(|p| p.0);
        let mut std = items.clone();
        #[allow(clippy::disallowed_methods)]
        std.sort_by_key(|p| p.0);
        assert_eq!(ours, std);
        let mut rev = items;
        rev.sort_once_by(|a, b| b.cmp(a));
        assert!(rev.windows(2).all(|w| w[0] >= w[1]));
    }

    #[test]
    fn small_and_sorted_inputs() {
        let mut empty: Vec<i32> = vec![];
        empty.sort_once();
        assert!(empty.is_empty());
        let mut one = vec![1];
        one.sort_once();
        assert_eq!(one, [1]);
        let mut words = vec!["pod", "svc", "cm", "deploy", "cm"];
        words.sort_once();
        assert_eq!(words, ["cm", "cm", "deploy", "pod", "svc"]);
        words.sort_once();
        assert_eq!(words, ["cm", "cm", "deploy", "pod", "svc"]);
    }
}
