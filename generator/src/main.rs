//! The `statusgen` binary: parses arguments and reports errors; the work is in the library.

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    // Usage errors exit with 2 inside `parse` (clap's convention); input errors with 1;
    // `check --max-silence` finding a quiet incident with 3.
    let cli = status_gen::Cli::parse();
    match status_gen::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // Silence is not a broken file: a scheduled job alerts on 3, not on 1.
        Err(error) if error.is::<status_gen::Silence>() => {
            eprintln!("silent: {error:#}");
            ExitCode::from(status_gen::SILENCE_EXIT)
        }
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(1)
        }
    }
}
