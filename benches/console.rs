//! Benchmark (written in a following change).
fn main() {}
