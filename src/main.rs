//! `prepai`: practise technical interviews in your terminal.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    // Behave like other Unix tools when the reader goes away (`prepai … | head`):
    // end quietly instead of panicking on a write to a closed pipe.
    // SAFETY: restoring the default disposition of SIGPIPE before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    cli::main()
}
