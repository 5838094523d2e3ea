//! bbdoctor: a doctor for Bitbucket Cloud authentication.
//!
//! Data flows one way: `credential`/`target` -> `probe` -> `evidence` -> `rules` -> findings ->
//! `report`. Only `probe` touches the network; `explain` builds the same evidence from pasted
//! text. `sim` is the Bitbucket Cloud simulator used by tests, the demo and benchmarks.

pub mod bitbucket;
pub mod can;
pub mod check;
pub mod clock;
pub mod credential;
pub mod demo;
pub mod evidence;
pub mod explain;
pub mod facts;
mod needles;
pub mod probe;
pub mod report;
pub mod rules;
pub mod scopes;
pub mod sim;
pub mod source;
pub mod ssh;
pub mod target;
