//! The real binary as a store runs it: command line, policy files, logs, kill -9.

use crate::harness::*;
use std::io::{BufRead, BufReader, Read};
use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};

pub const BIN: &str = env!("CARGO_BIN_EXE_order-cancel-server");

/// A port nothing listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `order-cancel-server ARGS` run to completion: (exit code, stdout, stderr).
pub fn run_cli(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The server binary running on a free port, its stderr (the logs) collected.
pub struct Process {
    child: Child,
    pub addr: SocketAddr,
    logs: Arc<Mutex<String>>,
}

impl Process {
    /// Starts the binary with `--addr` and `args`, and waits for its "listening on" line.
    pub fn start(args: &[&str]) -> Process {
        let addr: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
        let mut child = Command::new(BIN)
            .arg("--addr")
            .arg(addr.to_string())
            .args(args)
            .env("RUST_LOG", "info")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let logs = Arc::new(Mutex::new(String::new()));
        let mut stderr = child.stderr.take().unwrap();
        let sink = logs.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stderr.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut banner = String::new();
        stdout.read_line(&mut banner).unwrap();
        assert!(
            banner.contains("listening on"),
            "no banner: {banner:?}\n{}",
            logs.lock().unwrap()
        );
        Process { child, addr, logs }
    }

    pub fn request(&self, method: &str, path: &str) -> Request {
        Request::to(self.addr, method, path)
    }

    pub fn logs(&self) -> String {
        self.logs.lock().unwrap().clone()
    }

    /// SIGKILL: no shutdown code runs, as in a crash or an OOM kill.
    pub fn kill_9(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
}

#[test]
fn a_preset_printed_as_a_policy_file_runs_the_server() {
    let dir = temp_dir();
    let (code, toml, _) = run_cli(&["policy", "show", "amazon"]);
    assert_eq!(code, 0);
    assert!(
        toml.contains("name = \"amazon\"") && toml.contains("[outcomes]"),
        "{toml}"
    );
    // The merchant edits a copy: a 15-minute window, a 24 h deadline denied on silence.
    let edited = toml
        .replace(
            "name = \"amazon\"",
            "name = \"nordlicht\"\nfree_cancellation_minutes = 15\nseller_response_hours = 24",
        )
        .replace(
            "on_seller_silence = \"approve\"",
            "on_seller_silence = \"deny\"",
        );
    let file = dir.join("nordlicht.toml");
    write(&file, &edited);
    let (code, out, err) = run_cli(&["policy", "check", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("valid (nordlicht)"), "{out}");

    let db = fresh_db_arg(&dir, "p.sqlite");
    let server = Process::start(&["--db", &db, "--policy", file.to_str().unwrap(), "--seed"]);
    let policy = server.request("GET", "/v1/policy").send().ok_json();
    assert_eq!(policy["name"], "nordlicht");
    assert_eq!(policy["free_cancellation_minutes"], 15);
    assert_eq!(policy["seller_response_hours"], 24);
    assert_eq!(policy["on_seller_silence"], "deny");
    assert_eq!(
        policy["third_party_sellers"], "request_from_seller",
        "the rest is amazon's"
    );

    // JSON works the same way.
    let (_, json, _) = run_cli(&["policy", "show", "temu", "--format", "json"]);
    let file = dir.join("temu.json");
    write(&file, &json);
    assert_eq!(run_cli(&["policy", "check", file.to_str().unwrap()]).0, 0);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_bad_policy_file_stops_the_start_naming_the_file_the_field_and_why() {
    let dir = temp_dir();
    let (_, json, _) = run_cli(&["policy", "show", "temu", "--format", "json"]);
    let cases = [
        (
            "monotonic.json",
            json.replace("\"shipped\": \"return_after_delivery\"", "\"shipped\": \"cancel_now\""),
            "outcomes.shipped: state shipped would be more cancellable than the earlier state packed",
        ),
        ("typo.json", json.replace("\"reason_required\"", "\"reason_requried\""), "reason_requried: unknown field"),
        ("hours.json", json.replace("\"name\": \"temu\"", "\"name\": \"temu\", \"seller_response_hours\": 0"), "seller_response_hours must be from 1"),
        ("broken.toml", "name = \"x\"\noutcomes = [\n".to_string(), "not valid TOML"),
    ];
    for (name, text, why) in cases {
        let file = dir.join(name);
        write(&file, &text);
        let db = dir.join("never.sqlite");
        let (code, _, err) = run_cli(&[
            "--addr",
            "127.0.0.1:0",
            "--db",
            db.to_str().unwrap(),
            "--policy",
            file.to_str().unwrap(),
        ]);
        assert_eq!(code, 1, "{name}: {err}");
        assert!(
            err.contains(&format!("policy file {}", file.display())),
            "{name} names the file: {err}"
        );
        assert!(err.contains(why), "{name} says {why:?}: {err}");
        assert!(!db.exists(), "{name}: refused before touching the database");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn every_log_line_of_a_request_carries_its_id_and_the_access_log_its_status() {
    let dir = temp_dir();
    let db = fresh_db_arg(&dir, "logs.sqlite");
    let server = Process::start(&["--db", &db, "--seed", "--log-format", "json"]);
    let answer = server
        .request("GET", "/v1/orders")
        .token(ALICE)
        .header("X-Request-Id", "req-from-the-shop-1")
        .send();
    assert_eq!(
        answer.header("x-request-id"),
        Some("req-from-the-shop-1"),
        "a client's id is kept and echoed"
    );
    let refused = server
        .request("GET", "/v1/orders")
        .token("no-such-token")
        .send();
    let generated = refused
        .header("x-request-id")
        .expect("an id is made when none is sent")
        .to_string();
    assert!(generated.starts_with("req_"), "{generated}");

    let lines = wait_for(5, "two access log lines", || {
        let logs = server.logs();
        let lines: Vec<serde_json::Value> = logs
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .collect();
        let access = lines
            .iter()
            .filter(|l| l["message"] == "finished processing request")
            .count();
        (access >= 2).then_some(lines)
    });
    let of = |id: &str| -> Vec<&serde_json::Value> {
        lines
            .iter()
            .filter(|l| l["span"]["request_id"] == id)
            .collect()
    };
    let first = of("req-from-the-shop-1");
    assert!(
        first
            .iter()
            .any(|l| l["message"] == "finished processing request" && l["status"] == 200),
        "{first:?}"
    );
    let second = of(&generated);
    assert!(
        second
            .iter()
            .any(|l| l["message"] == "rejected bearer token"),
        "the handler's line names the request: {second:?}"
    );
    assert!(
        second
            .iter()
            .any(|l| l["status"] == 401 && l["span"]["path"] == "/v1/orders"),
        "{second:?}"
    );

    // Ready means the database answers.
    let ready = server.request("GET", "/readyz").send().ok_json();
    assert_eq!(ready["status"], "ready");
    drop(server);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_unreachable_postgres_stops_the_start_saying_why() {
    // A port nothing listens on: the operator reads the cause, not only "error connecting".
    let port = free_port();
    let url = format!("postgres://shop:pw-7f3q9@127.0.0.1:{port}/orders");
    let (code, _, err) = run_cli(&["--addr", "127.0.0.1:0", "--db", &url]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("cannot open the database") && err.contains("Connection refused"),
        "{err}"
    );
    assert!(
        !err.contains("pw-7f3q9"),
        "the password stays out of the message: {err}"
    );
}
