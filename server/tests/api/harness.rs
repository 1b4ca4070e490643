//! A real server on loopback with its own database and a clock the test moves, and a
//! tiny blocking HTTP/1.1 client (no client crate: they cost more to compile than this).
//!
//! The database is a SQLite file in the test's folder or, with `TEST_DATABASE_URL` set to
//! a PostgreSQL URL (scripts/test.sh does), a schema of its own in that database: the
//! whole suite runs against either.

use cancel_policy::Timestamp;
use order_cancel_server::config::{Config, WebhookTiming};
use order_cancel_server::db::{Database, Db};
use order_cancel_server::Server;
use serde_json::Value;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, AtomicU32, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub const ALICE: &str = "demo-shopper";
pub const BOB: &str = "demo-shopper-2";
pub const MERCHANT: &str = "demo-merchant";
pub const ALLOWED_ORIGIN: &str = "http://shop.test";

pub struct TestServer {
    pub addr: SocketAddr,
    pub dir: PathBuf,
    config: Config,
    now: Arc<AtomicI64>,
    runtime: Option<tokio::runtime::Runtime>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

fn unique_name() -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!(
        "{}_{}_{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

fn unique_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("order-cancel-server-test-{}", unique_name()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The PostgreSQL server the suite runs against, if any (`TEST_DATABASE_URL`).
pub fn test_database_url() -> Option<String> {
    std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|url| !url.is_empty())
}

/// The URL of a new, empty schema in the test database: the server's tables go there
/// (`search_path`), so tests never see each other's data.
pub fn fresh_postgres_schema(url: &str) -> String {
    let schema = format!("t_{}", unique_name());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
            .await
            .unwrap_or_else(|e| panic!("TEST_DATABASE_URL {url} does not answer: {e}"));
        tokio::spawn(connection);
        client
            .batch_execute(&format!("CREATE SCHEMA {schema}"))
            .await
            .unwrap();
    });
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}options=-c%20search_path%3D{schema}")
}

/// A fresh database for a server: PostgreSQL with `TEST_DATABASE_URL`, else a SQLite file
/// in `dir`.
pub fn fresh_database(dir: &Path, name: &str) -> Database {
    match test_database_url() {
        Some(url) => Database::Postgres(fresh_postgres_schema(&url)),
        None => Database::Sqlite(dir.join(name)),
    }
}

/// [`fresh_database`] as a `--db` argument, for tests that run the binary.
pub fn fresh_db_arg(dir: &Path, name: &str) -> String {
    match fresh_database(dir, name) {
        Database::Postgres(url) => url,
        Database::Sqlite(path) => path.to_str().unwrap().to_string(),
    }
}

impl TestServer {
    /// The demo data under the default preset (tiktok_shop).
    pub fn start() -> TestServer {
        TestServer::start_with(|_| {})
    }

    pub fn start_with(adjust: impl FnOnce(&mut Config)) -> TestServer {
        let dir = unique_dir();
        let mut config = Config {
            addr: "127.0.0.1:0".parse().unwrap(),
            db: fresh_database(&dir, "test.sqlite"),
            seed: true,
            allow_origins: vec![ALLOWED_ORIGIN.to_string()],
            // Tests fire bursts (64 racing cancels) from one token; limits.rs turns it on.
            rate_limit: 0,
            // Background jobs at test speed: no test waits for production intervals.
            deadline_sweep: Duration::from_millis(50),
            webhook_timing: WebhookTiming {
                first_retry: Duration::from_millis(100),
                max_retry: Duration::from_millis(400),
                give_up_after: Duration::from_secs(60),
                poll: Duration::from_millis(50),
                timeout: Duration::from_secs(2),
            },
            ..Config::default()
        };
        adjust(&mut config);
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        TestServer::launch(dir, config, Arc::new(AtomicI64::new(now)))
    }

    fn launch(dir: PathBuf, config: Config, now: Arc<AtomicI64>) -> TestServer {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let clock_now = now.clone();
        let clock = Arc::new(move || Timestamp::from_unix(clock_now.load(Ordering::SeqCst)));
        let server = runtime
            .block_on(Server::bind(config.clone(), clock))
            .expect("server starts");
        let addr = server.local_addr();
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = runtime.spawn(server.run(async {
            let _ = stopped.await;
        }));
        TestServer {
            addr,
            dir,
            config,
            now,
            runtime: Some(runtime),
            shutdown: Some(shutdown),
            task: Some(task),
        }
    }

    /// Stops the server gracefully and starts a new one on the same database file.
    pub fn restart(mut self) -> TestServer {
        self.stop();
        let config = Config {
            addr: "127.0.0.1:0".parse().unwrap(),
            ..self.config.clone()
        };
        // Taking the directory keeps the old server's Drop from deleting it.
        let dir = std::mem::take(&mut self.dir);
        TestServer::launch(dir, config, self.now.clone())
    }

    pub fn stop(&mut self) {
        if let (Some(runtime), Some(shutdown), Some(task)) =
            (self.runtime.take(), self.shutdown.take(), self.task.take())
        {
            let _ = shutdown.send(());
            runtime
                .block_on(task)
                .expect("server task")
                .expect("server ran");
            runtime.shutdown_timeout(Duration::from_secs(2));
        }
    }

    pub fn now(&self) -> Timestamp {
        Timestamp::from_unix(self.now.load(Ordering::SeqCst))
    }

    pub fn advance_minutes(&self, minutes: i64) {
        self.now.fetch_add(minutes * 60, Ordering::SeqCst);
    }

    pub fn advance_seconds(&self, seconds: i64) {
        self.now.fetch_add(seconds, Ordering::SeqCst);
    }

    /// A second connection to the server's database, as another process would have.
    pub fn db(&self) -> Db {
        match &self.config.db {
            Database::Sqlite(path) => Db::open(path, Duration::from_secs(5)).unwrap(),
            // Made on the server's runtime, whose handle drives its statements.
            Database::Postgres(url) => self
                .runtime
                .as_ref()
                .unwrap()
                .block_on(Db::connect(url, Duration::from_secs(5)))
                .unwrap(),
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.config.db.is_postgres()
    }

    pub fn request(&self, method: &str, path: &str) -> Request {
        Request::to(self.addr, method, path)
    }

    pub fn get(&self, path: &str, token: &str) -> Response {
        self.request("GET", path).token(token).send()
    }

    /// Every order of a shopper, walking the pages.
    pub fn all_orders(&self, token: &str, query: &str) -> Vec<Value> {
        let first = format!("/v1/orders?limit=7&{query}");
        every_page(&first, |path| self.get(path, token).ok_json())
    }

    /// One of alice's demo orders, by its number.
    pub fn order_numbered(&self, number: &str) -> Value {
        self.order_numbered_for(ALICE, number)
    }

    pub fn order_numbered_for(&self, token: &str, number: &str) -> Value {
        let page = self.get(&format!("/v1/orders?q={number}"), token).ok_json();
        let found: Vec<&Value> = page["orders"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|o| o["number"] == number)
            .collect();
        assert_eq!(found.len(), 1, "order {number}");
        found[0].clone()
    }

    /// POSTs a cancellation of `items` (`[{"item_id","quantity"}]`) with a reason, fresh
    /// If-Match and the given key.
    pub fn cancel(&self, order: &Value, items: Value, key: &str) -> Response {
        let body = serde_json::json!({"items": items, "reason_code": "changed_mind"});
        self.request("POST", &format!("{}/cancellations", order_path(order)))
            .token(ALICE)
            .header("Idempotency-Key", key)
            .header("If-Match", &etag(order))
            .json(&body)
            .send()
    }

    /// A parcel request about every unit of the line titled `title` of `order`: alice's
    /// interception request unless told otherwise ([`ParcelAsk`]).
    pub fn ask_parcel<'a>(&'a self, order: &'a Value, title: &'a str) -> ParcelAsk<'a> {
        ParcelAsk {
            server: self,
            order,
            title,
            token: ALICE,
            kind: "interception_request",
        }
    }
}

/// A shopper's parcel request being made (tests/api/parcel_*.rs), with a reason of the
/// preset that offers its kind (the independent shop's, Amazon's).
pub struct ParcelAsk<'a> {
    server: &'a TestServer,
    order: &'a Value,
    title: &'a str,
    token: &'a str,
    kind: &'a str,
}

impl ParcelAsk<'_> {
    /// Made by the shopper behind `token`.
    pub fn by(self, token: &'static str) -> Self {
        ParcelAsk { token, ..self }
    }

    /// A refusal notice instead of an interception request.
    pub fn refusal_notice(self) -> Self {
        ParcelAsk {
            kind: "refusal_notice",
            ..self
        }
    }

    /// POSTs it with the order's If-Match and Idempotency-Key `key`.
    pub fn send(self, key: &str) -> Response {
        let reason = match self.kind {
            "refusal_notice" => "changed_mind",
            _ => "no_longer_wanted",
        };
        let line = item(self.order, self.title);
        let body = serde_json::json!({
            "kind": self.kind,
            "item_id": line["id"],
            "quantity": line["quantity"],
            "reason_code": reason,
            "comment": "Bought it twice",
        });
        let path = format!("{}/parcel-requests", order_path(self.order));
        self.server
            .request("POST", &path)
            .token(self.token)
            .header("Idempotency-Key", key)
            .header("If-Match", &etag(self.order))
            .json(&body)
            .send()
    }
}

/// `/v1/orders/{id}` of an order as the API returned it.
/// The path of a directory for files a test writes (policy files, receiver logs); removed
/// with the server.
impl TestServer {
    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }
}

/// A fresh directory of the same kind as a server's, for tests that start their own process.
pub fn temp_dir() -> PathBuf {
    unique_dir()
}

/// Polls `check` every 20 ms until it returns `Some`, for at most `seconds`.
pub fn wait_for<T>(seconds: u64, what: &str, mut check: impl FnMut() -> Option<T>) -> T {
    let deadline = std::time::Instant::now() + Duration::from_secs(seconds);
    loop {
        if let Some(value) = check() {
            return value;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

pub fn order_path(order: &Value) -> String {
    format!("/v1/orders/{}", order["id"].as_str().unwrap())
}

/// The order's version as an ETag, or an If-Match header value.
pub fn etag(order: &Value) -> String {
    format!("\"{}\"", order["version"])
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.stop();
        if !self.dir.as_os_str().is_empty() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Percent-encodes a query value.
pub fn encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// Every order a listing answers, walking its pages from `first` (a path with a query);
/// `get` answers a path.
pub fn every_page(first: &str, mut get: impl FnMut(&str) -> Value) -> Vec<Value> {
    let mut orders = Vec::new();
    let mut path = first.to_string();
    loop {
        let page = get(&path);
        orders.extend(page["orders"].as_array().unwrap().iter().cloned());
        match page["next_cursor"].as_str() {
            Some(next) => path = format!("{first}&cursor={}", encode(next)),
            None => return orders,
        }
    }
}

/// Every order of the demo shopper at the server listening on `addr`, 50 a page.
pub fn alices_orders_at(addr: SocketAddr) -> Vec<Value> {
    let get = |path: &str| Request::to(addr, "GET", path).token(ALICE).send().ok_json();
    every_page("/v1/orders?limit=50", get)
}

/// A cancellation of all of `order`'s first item for a load test: the order, its items and
/// an Idempotency-Key of its own (`{prefix}-{order id}`).
pub fn whole_first_item(order: &Value, prefix: &str) -> (Value, Value, String) {
    let first = &order["items"][0];
    let items = serde_json::json!([{"item_id": first["id"], "quantity": first["quantity"]}]);
    let key = format!("{prefix}-{}", order["id"].as_str().unwrap());
    (order.clone(), items, key)
}

/// `[{"item_id": id, "quantity": q}]` for the item of `order` titled `title`.
pub fn line(order: &Value, title: &str, quantity: u32) -> Value {
    serde_json::json!([{"item_id": item(order, title)["id"], "quantity": quantity}])
}

pub fn item<'a>(order: &'a Value, title: &str) -> &'a Value {
    order["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["title"] == title)
        .unwrap_or_else(|| panic!("item {title}"))
}

pub struct Request {
    addr: SocketAddr,
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Option<Vec<u8>>,
}

impl Request {
    pub fn to(addr: SocketAddr, method: &str, path: &str) -> Request {
        Request {
            addr,
            method: method.into(),
            path: path.into(),
            headers: Vec::new(),
            body: None,
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> Request {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn token(self, token: &str) -> Request {
        self.header("Authorization", &format!("Bearer {token}"))
    }

    pub fn json(self, value: &Value) -> Request {
        self.raw("application/json", serde_json::to_vec(value).unwrap())
    }

    pub fn raw(mut self, content_type: &str, body: Vec<u8>) -> Request {
        self.headers
            .push(("Content-Type".into(), content_type.into()));
        self.body = Some(body);
        self
    }

    pub fn send(self) -> Response {
        let addr = self.addr;
        self.try_send()
            .unwrap_or_else(|| panic!("no complete HTTP answer from {addr}"))
    }

    /// [`Request::send`], `None` when the server is not there or dies before answering in
    /// full (the multi-instance tests kill one).
    pub fn try_send(self) -> Option<Response> {
        let mut stream = TcpStream::connect(self.addr).ok()?;
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        let mut head = format!(
            "{} {} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
            self.method, self.path, self.addr
        );
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        let body = self.body.unwrap_or_default();
        if !body.is_empty() || self.method == "POST" {
            head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        head.push_str("\r\n");
        // The server may answer (413) and close before reading a large body: ignore write errors.
        let _ = stream
            .write_all(head.as_bytes())
            .and_then(|()| stream.write_all(&body));
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        Response::parse(&raw)
    }
}

#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    fn parse(raw: &[u8]) -> Option<Response> {
        let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
        let head = String::from_utf8_lossy(&raw[..split]);
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        let mut body = raw[split + 4..].to_vec();
        if headers
            .iter()
            .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"))
        {
            body = dechunk(&body);
        }
        Some(Response {
            status,
            headers,
            body: String::from_utf8(body).expect("UTF-8 body"),
        })
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }

    /// The body of a 200, failing the test with the answer otherwise.
    pub fn ok_json(&self) -> Value {
        assert_eq!(self.status, 200, "{}", self.body);
        self.json()
    }

    /// Checks a problem+json answer and returns its body.
    pub fn problem(&self, status: u16, code: &str) -> Value {
        assert_eq!(self.status, status, "{}", self.body);
        assert_eq!(
            self.header("content-type"),
            Some("application/problem+json")
        );
        let body = self.json();
        assert_eq!(body["code"], code, "{body}");
        assert_eq!(body["status"], status);
        assert_eq!(
            body["type"],
            format!("https://order-cancel-widget.dev/problems/{code}")
        );
        assert!(
            body["title"].is_string() && body["detail"].is_string(),
            "{body}"
        );
        body
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let end = data.windows(2).position(|w| w == b"\r\n").unwrap();
        let size =
            usize::from_str_radix(std::str::from_utf8(&data[..end]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[end + 2..end + 2 + size]);
        data = &data[end + 2 + size + 2..];
    }
}
