//! What belongs to the whole process, below every layer: the heap's tuning and
//! the one outbound HTTP fetcher (SSRF-safe), which the policy holds and no
//! plugin reaches. Names nothing else in the crate.

pub mod fetch;
pub mod heap;
