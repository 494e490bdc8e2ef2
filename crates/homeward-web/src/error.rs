//! One error type for the JSON API: every refusal is `{"error": "..."}` with a status that says
//! whose fault it was, and a message that names the field or value at fault.

use axum::Json;
use axum::extract::rejection::{FormRejection, JsonRejection, PathRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use homeward_domain::DomainError;
use homeward_store::StoreError;
use serde::Serialize;

/// An API refusal or failure.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{status}: {message}")]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// What went wrong, naming the input.
    pub message: String,
}

/// The JSON body of every error.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// What went wrong, naming the field or value at fault.
    pub error: String,
}

impl ApiError {
    /// An error with this status and message.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
        }
    }

    /// 404 for a thing that does not exist.
    pub fn not_found(what: &str, key: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, format!("no {what} \"{key}\""))
    }

    /// 422 for a field whose value is not acceptable.
    pub fn invalid(field: &str, reason: impl std::fmt::Display) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("{field}: {reason}"),
        )
    }
}

impl From<DomainError> for ApiError {
    fn from(err: DomainError) -> Self {
        let status = match err {
            DomainError::InvalidField { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            DomainError::InvalidTransition { .. }
            | DomainError::PreconditionFailed { .. }
            | DomainError::RecordRequired { .. }
            | DomainError::NationalityLocked { .. }
            | DomainError::BatchStepRefused { .. }
            | DomainError::BatchMembershipRefused { .. }
            | DomainError::BatchNotReady { .. }
            | DomainError::IdentificationRefused { .. } => StatusCode::CONFLICT,
            DomainError::NotPermitted { .. } => StatusCode::FORBIDDEN,
        };
        ApiError::new(status, err.to_string())
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::Domain(e) => e.into(),
            StoreError::NotFound { .. } => ApiError::new(StatusCode::NOT_FOUND, err.to_string()),
            StoreError::Conflict { .. } | StoreError::LedgerFork { .. } => {
                ApiError::new(StatusCode::CONFLICT, err.to_string())
            }
            StoreError::Unsupported(_) => {
                ApiError::new(StatusCode::NOT_IMPLEMENTED, err.to_string())
            }
            other => {
                tracing::error!(error = %other, "store failure");
                ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "the registry could not be read or written; the failure has been logged",
                )
            }
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        let status = match rejection {
            JsonRejection::JsonDataError(_) => StatusCode::UNPROCESSABLE_ENTITY,
            JsonRejection::MissingJsonContentType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            _ => StatusCode::BAD_REQUEST,
        };
        ApiError::new(
            status,
            format!("invalid JSON body: {}", rejection.body_text()),
        )
    }
}

/// The rejections whose refusal is one status and a prefix before axum's own explanation.
macro_rules! rejection_status {
    ($($rejection:ty => $status:expr, $what:literal;)+) => {$(
        impl From<$rejection> for ApiError {
            fn from(rejection: $rejection) -> Self {
                ApiError::new($status, format!(concat!("invalid ", $what, ": {}"), rejection.body_text()))
            }
        }
    )+};
}

rejection_status! {
    QueryRejection => StatusCode::BAD_REQUEST, "query";
    PathRejection => StatusCode::BAD_REQUEST, "path";
    FormRejection => StatusCode::UNPROCESSABLE_ENTITY, "form";
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (
            self.status,
            Json(ErrorBody {
                error: self.message,
            }),
        )
            .into_response()
    }
}

/// A result of an API handler.
pub type ApiResult<T> = Result<T, ApiError>;

#[cfg(test)]
mod tests {
    use super::*;
    use homeward_domain::LifecycleStatus;

    #[test]
    fn an_illegal_transition_is_a_conflict_that_names_both_statuses() {
        let err: ApiError = StoreError::Domain(DomainError::InvalidTransition {
            from: LifecycleStatus::Recovered,
            to: LifecycleStatus::Buried,
        })
        .into();
        assert_eq!(err.status, StatusCode::CONFLICT);
        assert!(err.message.contains("\"recovered\""), "{}", err.message);
        assert!(err.message.contains("\"buried\""), "{}", err.message);
    }
}
