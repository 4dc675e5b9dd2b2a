//! Every AWS SDK call escrot makes, logged (at `info`, shown with `-v`) with its operation,
//! HTTP status and duration: an SDK interceptor, added to each client escrot builds. It
//! logs nothing of the request or the response (they carry keys and tokens).

use std::time::Instant;

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeSerializationInterceptorContextRef, FinalizerInterceptorContextRef,
};
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::{ConfigBag, Storable, StoreReplace};

/// The interceptor: `iam_client.config().interceptor(CallLog)`.
#[derive(Clone, Copy, Debug, Default)]
pub struct CallLog;

/// When the call began (kept in the call's own configuration bag).
#[derive(Clone, Debug)]
struct Started(Instant);

impl Storable for Started {
    type Storer = StoreReplace<Started>;
}

impl Intercept for CallLog {
    fn name(&self) -> &'static str {
        "escrot-call-log"
    }

    fn read_before_execution(
        &self,
        _context: &BeforeSerializationInterceptorContextRef<'_>,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        cfg.interceptor_state().store_put(Started(Instant::now()));
        Ok(())
    }

    fn read_after_execution(
        &self,
        context: &FinalizerInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let operation = cfg
            .load::<Metadata>()
            // The SDK names services as AWS's model does (`Secrets Manager`); IAM policies
            // and escrot's messages name them `secretsmanager`.
            .map(|m| format!("{}:{}", m.service().replace(' ', "").to_ascii_lowercase(), m.name()))
            .unwrap_or_default();
        let duration_ms = cfg.load::<Started>().map(|s| s.0.elapsed().as_millis() as u64).unwrap_or_default();
        let status = context.response().map(|r| r.status().as_u16()).unwrap_or_default();
        let outcome = match context.output_or_error() {
            Some(Ok(_)) => "ok",
            Some(Err(_)) => "error",
            None => "not sent",
        };
        tracing::info!(operation, status, outcome, duration_ms, "AWS call");
        Ok(())
    }
}
