//! Helpers for the end-to-end tests: where the stack is, and plain HTTP calls to it.
//!
//! The stack is started by `scripts/test.sh` (or `make dev`), which writes its settings to an
//! env file; `E2E_ENV_FILE` names it (default `.dev/test/env`).

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

/// The running stack, as described by its env file.
#[derive(Debug, Clone)]
pub struct Stack {
    /// Base URL of the worker under `wrangler dev`.
    pub worker_url: String,
    /// Base URL of the PostgREST-protocol server (`/rest/v1` below it).
    pub supabase_url: String,
    /// Every `KEY=value` of the env file.
    pub vars: HashMap<String, String>,
    /// The directory holding the stack's pid files and logs.
    pub dir: PathBuf,
}

/// An HTTP answer, whatever its status.
#[derive(Debug)]
pub struct Answer {
    /// Status code.
    pub status: u16,
    /// `content-type` header, empty when absent.
    pub content_type: String,
    /// Body parsed as JSON (`Null` when it is not JSON).
    pub json: serde_json::Value,
}

impl Stack {
    /// Reads the env file written by `scripts/stack.sh up`.
    ///
    /// # Panics
    /// When the file is missing: the tests need a running stack (`make test` starts one).
    pub fn from_env() -> Stack {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
        // Relative paths are relative to the workspace root (cargo runs tests in the crate dir).
        let file = root.join(std::env::var("E2E_ENV_FILE").unwrap_or_else(|_| ".dev/test/env".into()));
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| {
            panic!("no stack env file at {} ({e}); run `make test`", file.display())
        });
        let vars: HashMap<String, String> = text
            .lines()
            .filter_map(|line| line.split_once('='))
            .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
            .collect();
        Stack {
            worker_url: vars["WORKER_URL"].clone(),
            supabase_url: vars["SUPABASE_URL"].clone(),
            dir: file.parent().map(PathBuf::from).unwrap_or(root),
            vars,
        }
    }

    /// `GET {worker_url}{path}`.
    pub fn get(&self, path: &str) -> Answer {
        call(ureq::get(&format!("{}{}", self.worker_url, path)))
    }

    /// Runs `scripts/stack.sh ARG` against this stack.
    pub fn script(&self, arg: &str) {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
        let status = std::process::Command::new(root.join("scripts/stack.sh"))
            .arg(arg)
            .env("STACK_DIR", &self.dir)
            .status()
            .expect("scripts/stack.sh runs");
        assert!(status.success(), "scripts/stack.sh {arg} failed");
    }
}

/// Sends a request and returns the answer, error statuses included.
pub fn call(request: ureq::Request) -> Answer {
    let response = match request.timeout(Duration::from_secs(30)).call() {
        Ok(response) => response,
        Err(ureq::Error::Status(_, response)) => response,
        Err(err) => panic!("request failed: {err}"),
    };
    let status = response.status();
    let content_type = response.header("content-type").unwrap_or_default().to_owned();
    let body = response.into_string().unwrap_or_default();
    Answer {
        status,
        content_type,
        json: serde_json::from_str(&body).unwrap_or(serde_json::Value::Null),
    }
}
