//! Controllers that run on the simulated clock.
