//! `GET /openapi.json`: the OpenAPI 3.1 description of every route, parameter, body and error.

use crate::error::ApiError;
use worker::Response;

/// The document, kept beside the code; a unit test checks it lists exactly the route table.
pub const OPENAPI_JSON: &str = include_str!("../../openapi.json");

/// Serves the document.
pub fn get_openapi() -> Result<Response, ApiError> {
    let response = Response::ok(OPENAPI_JSON)?;
    let _ = response.headers().set("content-type", "application/json");
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::table::ROUTE_NAMES;

    #[test]
    fn the_document_lists_exactly_the_routes_of_the_table() {
        let doc: serde_json::Value = serde_json::from_str(OPENAPI_JSON).expect("valid JSON");
        assert_eq!(doc["openapi"], "3.1.0");
        let mut documented = Vec::new();
        for (path, item) in doc["paths"].as_object().expect("paths") {
            for method in ["get", "post", "put", "patch", "delete"] {
                if item.get(method).is_some() {
                    documented.push(format!("{} {path}", method.to_uppercase()));
                }
            }
        }
        let mut expected: Vec<String> = ROUTE_NAMES.iter().map(|s| s.to_string()).collect();
        documented.sort();
        expected.sort();
        assert_eq!(documented, expected);
    }
}
