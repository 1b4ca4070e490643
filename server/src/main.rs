use order_cancel_server::clock::system_clock;
use order_cancel_server::config::{self, Command, ConfigError, PolicySource};
use order_cancel_server::{logging, policy_file, Server};
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let config = match config::parse(std::env::args_os().skip(1)) {
        Ok(Command::Run(config)) => config,
        Ok(Command::Help(text)) => {
            print!("{text}");
            return ExitCode::SUCCESS;
        }
        Ok(Command::ShowPolicy { source, format }) => {
            let shown = match source {
                PolicySource::File(path) => policy_file::show_file(&path, format),
                PolicySource::Preset(preset) => Ok(policy_file::show(preset, format)),
                PolicySource::Given(policy) => Ok(policy_file::write(&policy, format, "built in")),
            };
            return match shown {
                Ok(text) => {
                    print!("{text}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("order-cancel-server: {e}");
                    ExitCode::FAILURE
                }
            };
        }
        Ok(Command::CheckPolicy(path)) => {
            return match policy_file::load(&path) {
                Ok(policy) => {
                    println!("policy file {}: valid ({})", path.display(), policy.name);
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("order-cancel-server: {e}");
                    ExitCode::FAILURE
                }
            };
        }
        // clap's own errors come with its usage line and hints.
        Err(ConfigError::Usage(e)) => {
            let _ = e.print();
            return ExitCode::from(2);
        }
        Err(e) => {
            eprintln!("order-cancel-server: {e}\nTry 'order-cancel-server --help'.");
            return ExitCode::from(2);
        }
    };
    logging::init(config.log_format);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("order-cancel-server: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        let server = match Server::bind(config, system_clock()).await {
            Ok(server) => server,
            Err(e) => {
                eprintln!("order-cancel-server: {e}");
                return ExitCode::FAILURE;
            }
        };
        // Scripts wait for this line, so it must reach them now, not at exit.
        println!("{}", server.banner());
        let _ = std::io::stdout().flush();
        match server.run(shutdown_signal()).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("order-cancel-server: {e}");
                ExitCode::FAILURE
            }
        }
    })
}

/// Resolves on Ctrl-C (SIGINT) or SIGTERM.
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}
