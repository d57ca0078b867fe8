//! The `statusgen` binary: parses arguments and reports errors; the work is in the library.

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    // Usage errors exit with 2 inside `parse` (clap's convention); input errors with 1.
    let cli = status_gen::Cli::parse();
    match status_gen::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(1)
        }
    }
}
