//! The OpenAPI document, generated from the handlers' annotations.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::routes;

/// The API's OpenAPI description.
#[derive(OpenApi)]
#[openapi(
    info(title = "PrepAI API", description = "The original PrepAI HTTP API on the PrepAI engine."),
    paths(
        routes::health::health,
        routes::health::root,
        routes::sessions::create,
        routes::sessions::create_alias,
        routes::sessions::get,
        routes::sessions::list,
        routes::interviews::transcript,
        routes::interviews::upload_cv,
        routes::interviews::cv_analysis,
        routes::interviews::end,
        routes::interviews::performance_report,
        routes::analytics::aggregate,
        routes::analytics::benchmarks,
        routes::analytics::trends,
        routes::analytics::history,
        routes::code::execute,
        routes::code::submissions,
        routes::code::submission,
        routes::code::quality_summary,
        crate::ws::upgrade,
    ),
    components(schemas(routes::sessions::CreateSession, routes::code::ExecuteRequest)),
    modifiers(&BearerAuth),
    security(("bearer" = []))
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The document as JSON.
pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}
