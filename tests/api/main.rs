//! End-to-end tests of the API through the real stack (`make test` starts it).

mod health;
