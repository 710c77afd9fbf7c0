//! Helpers live in api/.
