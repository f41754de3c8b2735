//! Error reporting and exit codes: 2 for input the user can correct, 1 for failures.

use std::process::ExitCode;

use prepai_core::bank::BankError;
use prepai_core::kb::KbError;
use prepai_core::{ConfigError, StoreError, TypeError};

/// An error caused by the user's input (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct BadInput(pub String);

/// The exit code an error deserves.
pub fn code_for(err: &anyhow::Error) -> u8 {
    for cause in err.chain() {
        if cause.is::<BadInput>()
            || cause.is::<TypeError>()
            || cause.is::<ConfigError>()
            || cause.is::<BankError>()
            || matches!(
                cause.downcast_ref::<KbError>(),
                Some(KbError::BadDocument { .. })
            )
        {
            return 2;
        }
        if cause.is::<StoreError>() {
            return 1;
        }
    }
    1
}

/// Prints `error: …` (with its causes) to stderr and returns the exit code.
pub fn report(err: &anyhow::Error) -> ExitCode {
    eprintln!("error: {err}");
    for cause in err.chain().skip(1) {
        eprintln!("  caused by: {cause}");
    }
    ExitCode::from(code_for(err))
}
