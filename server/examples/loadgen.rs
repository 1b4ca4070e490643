//! The load generator of scripts/bench-server.sh: N concurrent clients cancelling distinct
//! items on one or more running servers (their demo data seeded with `--seed-orders`), and
//! one line of results.
//!
//!   loadgen --target 127.0.0.1:8787[,127.0.0.1:8788] [--clients 16] [--seconds 3]
//!
//! It first lists alice's orders and takes, per order, an item in `paid` that nothing
//! forbids cancelling (not marked non-cancellable, not personalised, not in a bundle). Client `c` then
//! sends its share, round robin over the targets, each a POST of one whole item with its own
//! Idempotency-Key and the order's If-Match, until the work or the time runs out. Every
//! order is cancelled at most once (a second item of an order would need its new version).
//! Prints `cancellations=N seconds=S per_second=R p50_ms=A p99_ms=B other=M`; exits 1 when
//! any answer is not a 201.

use serde_json::Value;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

const TOKEN: &str = "demo-shopper";

fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).expect("the server listens");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream.set_nodelay(true).unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nAuthorization: Bearer {TOKEN}\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    head.push_str(body);
    stream.write_all(head.as_bytes()).unwrap();
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    // The API answers with Content-Length, never chunked, for these requests.
    (status, body.to_string())
}

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let index = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[index].as_secs_f64() * 1000.0
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let targets: Vec<SocketAddr> = arg(&args, "--target")
        .expect("--target ADDR[,ADDR...]")
        .split(',')
        .map(|a| a.parse().expect("an address"))
        .collect();
    let clients: usize = arg(&args, "--clients").map_or(16, |c| c.parse().unwrap());
    let seconds: f64 = arg(&args, "--seconds").map_or(3.0, |s| s.parse().unwrap());

    // The work: (order path, version, item id), one per order.
    let mut work = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/v1/orders?limit=50&status=to_ship&cursor={c}"),
            None => "/v1/orders?limit=50&status=to_ship".to_string(),
        };
        let (status, body) = request(targets[0], "GET", &path, &[], "");
        assert_eq!(status, 200, "listing orders: {body}");
        let page: Value = serde_json::from_str(&body).unwrap();
        for order in page["orders"].as_array().unwrap() {
            let paid = order["items"].as_array().unwrap().iter().find(|i| {
                i["state"] == "paid"
                    && i["bundle_id"].is_null()
                    && i["not_cancellable"] == false
                    && i["personalised"] == false
                    && i["cancelled_quantity"] == 0
                    && i["requested_quantity"] == 0
            });
            if let Some(item) = paid {
                work.push((
                    format!("/v1/orders/{}/cancellations", order["id"].as_str().unwrap()),
                    format!("\"{}\"", order["version"]),
                    // All of it: some policies allow no partial quantities.
                    format!(
                        r#"{{"items":[{{"item_id":"{}","quantity":{}}}],"reason_code":"changed_mind"}}"#,
                        item["id"].as_str().unwrap(),
                        item["quantity"]
                    ),
                ));
            }
        }
        match page["next_cursor"].as_str() {
            // Cursors are `<digits>:<id>`: nothing to percent-encode but the colon.
            Some(next) => cursor = Some(next.replace(':', "%3A")),
            None => break,
        }
    }
    assert!(
        work.len() >= clients,
        "only {} cancellable orders: seed more",
        work.len()
    );

    let work = std::sync::Arc::new(work);
    let deadline = Duration::from_secs_f64(seconds);
    let started = Instant::now();
    let threads: Vec<_> = (0..clients)
        .map(|c| {
            let (work, targets) = (work.clone(), targets.clone());
            std::thread::spawn(move || {
                let mut latencies = Vec::new();
                let mut other = 0;
                for (n, i) in (c..work.len()).step_by(clients).enumerate() {
                    if started.elapsed() >= deadline {
                        break;
                    }
                    let (path, version, body) = &work[i];
                    let key = format!("bench-{i}");
                    let sent = Instant::now();
                    let target = targets[(c + n) % targets.len()];
                    let (status, answer) = request(
                        target,
                        "POST",
                        path,
                        &[
                            ("Content-Type", "application/json"),
                            ("Idempotency-Key", &key),
                            ("If-Match", version),
                        ],
                        body,
                    );
                    if status == 201 {
                        latencies.push(sent.elapsed());
                    } else {
                        if other < 3 {
                            eprintln!("loadgen: {status} from {target}: {answer}");
                        }
                        other += 1;
                    }
                }
                (latencies, other)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut other = 0;
    for thread in threads {
        let (l, o) = thread.join().unwrap();
        latencies.extend(l);
        other += o;
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort();
    println!(
        "cancellations={} seconds={elapsed:.2} per_second={:.0} p50_ms={:.1} p99_ms={:.1} other={other}",
        latencies.len(),
        latencies.len() as f64 / elapsed,
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.99),
    );
    std::process::exit(if other == 0 { 0 } else { 1 });
}
