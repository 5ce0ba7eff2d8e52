//! SEED: helper B owns this file.
