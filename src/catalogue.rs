//! SEED: helper A owns this file.
