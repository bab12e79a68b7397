//! Runs the real `nashir` binary: CLI commands and a server on a loopback port.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

pub const REFERENCE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../demo/000_a879635638002103.txt"
);
pub const REFERENCE_HEADLINE: &str = "العراق والتعاون العسكري مع روسيا";

/// The database of the site in `data` when the suite runs on PostgreSQL
/// (`TEST_DATABASE_URL` names the server): one database per data folder, made on
/// first use. None on SQLite (the file in the data folder).
pub fn database_url(data: &Path) -> Option<String> {
    let admin = nashir_store_sql::test_database_url()?;
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    data.hash(&mut hasher);
    let name = format!("nashir_cli_{:016x}", hasher.finish());
    // "already exists" is fine: the same site again.
    let _ = Command::new("psql")
        .args([
            admin.as_str(),
            "-q",
            "-c",
            &format!("CREATE DATABASE {name}"),
        ])
        .stderr(Stdio::null())
        .status();
    let (server, _) = admin.rsplit_once('/')?;
    Some(format!("{server}/{name}"))
}

/// The site's store, as the binary opens it.
pub async fn open_store(data: &Path) -> nashir_store_sql::SqlStore {
    match database_url(data) {
        Some(url) => nashir_store_sql::SqlStore::connect(&url, 2).await.unwrap(),
        None => nashir_store_sql::SqlStore::open(&data.join("nashir.db"))
            .await
            .unwrap(),
    }
}

/// The `nashir` binary for the site in `data`.
pub fn command(data: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_nashir"));
    command.arg("--data").arg(data).env_remove("NASHIR_LISTEN");
    if let Some(url) = database_url(data) {
        command.env("NASHIR_DATABASE_URL", url);
    }
    command
}

pub fn nashir(data: &Path, args: &[&str]) -> Output {
    command(data).args(args).output().expect("run nashir")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub struct Server {
    pub child: Child,
    pub addr: String,
    log: mpsc::Receiver<String>,
}

impl Server {
    /// Starts `nashir serve` on a free loopback port and waits until it listens.
    pub fn start(data: &Path, serve_args: &[&str], envs: &[(&str, &str)]) -> Server {
        let mut child = command(data)
            .args(["--listen", "127.0.0.1:0", "serve"])
            .args(serve_args)
            .envs(envs.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start nashir serve");
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = mpsc::channel();
        // Keeps draining the log so the server never blocks on a full pipe.
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut seen = Vec::new();
        loop {
            match rx.recv_timeout(Duration::from_secs(30)) {
                Ok(line) => {
                    if let Some(addr) = line.split("listening on http://").nth(1) {
                        return Server {
                            child,
                            addr: addr.trim().to_string(),
                            log: rx,
                        };
                    }
                    seen.push(line);
                }
                Err(_) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    panic!("server did not start:\n{}", seen.join("\n"));
                }
            }
        }
    }

    pub fn get(&self, path: &str) -> (u16, String, String) {
        http_get(&self.addr, path)
    }

    /// Kills the process with SIGKILL: no shutdown code runs.
    pub fn kill_9(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    pub fn signal(&self, name: &str) {
        let ok = Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .unwrap()
            .success();
        assert!(ok, "kill -{name}");
    }

    pub fn wait_exit(&mut self, within: Duration) -> std::process::ExitStatus {
        let deadline = std::time::Instant::now() + within;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(std::time::Instant::now() < deadline, "server did not exit");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn log_lines(&self) -> Vec<String> {
        self.log.try_iter().collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A minimal HTTP/1.1 GET: (status, headers, body).
pub fn http_get(addr: &str, path: &str) -> (u16, String, String) {
    http_request(
        addr,
        &format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
    )
}

/// A GET with a cookie: (status, headers, body).
pub fn http_get_with_cookie(addr: &str, path: &str, cookie: &str) -> (u16, String, String) {
    http_request(
        addr,
        &format!(
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nCookie: {cookie}\r\n\r\n"
        ),
    )
}

/// The `name=value` part of each `Set-Cookie` in a response head.
pub fn set_cookies(head: &str) -> Vec<String> {
    head.lines()
        .filter_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("set-cookie")
                .then(|| value.trim().split(';').next().unwrap_or("").to_string())
        })
        .collect()
}

/// The value of the first `name="…" value="…"` input in a page.
pub fn input_value(page: &str, name: &str) -> String {
    page.split(&format!("name=\"{name}\" value=\""))
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default()
        .to_string()
}

/// `application/x-www-form-urlencoded` from pairs.
pub fn form_body(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{k}={}", nashir_core::slug::percent_encode_segment(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// A form POST with a cookie: (status, headers, body).
pub fn http_post_form(addr: &str, path: &str, cookie: &str, body: &str) -> (u16, String, String) {
    http_request(
        addr,
        &format!(
            "POST {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nCookie: {cookie}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        ),
    )
}

/// A request with a JSON body (or none) and a bearer token: (status, headers, body).
pub fn http_api(
    addr: &str,
    method: &str,
    path: &str,
    token: &str,
    json: &str,
) -> (u16, String, String) {
    http_request(
        addr,
        &format!(
            "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
             Authorization: Bearer {token}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\n\r\n{json}",
            json.len()
        ),
    )
}

fn http_request(addr: &str, request: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_string(), body.to_string())
}

/// Follows the home page's first article link.
pub fn first_article_path(server: &Server) -> String {
    let (status, _, home) = server.get("/");
    assert_eq!(status, 200);
    let start = home.find("href=\"/ar/news/").expect("an article link") + 6;
    let end = start + home[start..].find('"').unwrap();
    home[start..end].to_string()
}

/// The canonical path of article `id`, from the redirect its bare URL answers.
pub fn canonical_path(server: &Server, id: i64) -> String {
    let (status, head, _) = server.get(&format!("/ar/news/{id}"));
    assert_eq!(status, 301, "{head}");
    head.lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("location")
                .then(|| value.trim().to_string())
        })
        .expect("a Location header")
}

/// A real SMTP server (`tests/mail/smtp_sink.py`, Python aiosmtpd) on a free
/// loopback port, writing each message it accepts to `inbox` as `<n>.json`.
pub struct SmtpSink {
    pub url: String,
    child: Child,
}

impl SmtpSink {
    pub fn start(inbox: &Path) -> SmtpSink {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/mail/smtp_sink.py");
        let mut child = Command::new("/usr/bin/python3")
            .arg(script)
            .arg(port.to_string())
            .arg(inbox)
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 with aiosmtpd (scripts/deps installs python3-aiosmtpd)");
        let mut ready = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut ready)
            .unwrap();
        assert_eq!(ready.trim(), "ready", "the SMTP server did not start");
        SmtpSink {
            url: format!("smtp://127.0.0.1:{port}"),
            child,
        }
    }

    /// How many messages have arrived.
    pub fn delivered(inbox: &Path) -> usize {
        std::fs::read_dir(inbox)
            .map(|d| {
                d.filter_map(Result::ok)
                    .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
                    .count()
            })
            .unwrap_or(0)
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Asserts `nashir` succeeded; else shows what it said.
pub fn ok(out: Output) -> Output {
    assert!(
        out.status.success(),
        "nashir failed: {}\n{}",
        stderr(&out),
        stdout(&out)
    );
    out
}

/// Runs `nashir` with `input` on its standard input.
pub fn nashir_with_input(data: &Path, args: &[&str], input: &str) -> Output {
    let mut child = command(data)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run nashir");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// `nashir user add EMAIL --role ROLE` with the password piped in.
pub fn add_user(data: &Path, email: &str, role: &str, password: &str) {
    let args = ["user", "add", email, "--role", role];
    ok(nashir_with_input(data, &args, &format!("{password}\n")));
}

/// Signs in at `/admin/login`: the session cookie, or none when refused.
pub fn try_sign_in(addr: &str, email: &str, password: &str) -> Option<String> {
    let (status, head, page) = http_get(addr, "/admin/login");
    assert_eq!(status, 200, "{head}");
    let login_cookie = set_cookies(&head).join("; ");
    let body = form_body(&[
        ("csrf", &input_value(&page, "csrf")),
        ("email", email),
        ("password", password),
    ]);
    let (status, head, _) = http_post_form(addr, "/admin/login", &login_cookie, &body);
    if status != 303 {
        return None;
    }
    set_cookies(&head)
        .into_iter()
        .find(|c| c.starts_with("nashir_session=") && c.len() > "nashir_session=".len())
}

/// A GET whose body is bytes (images), chunked or not.
pub fn get_bytes(addr: &str, path: &str) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&raw[..end]).to_lowercase();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap();
    let mut body = raw[end + 4..].to_vec();
    if head.contains("transfer-encoding: chunked") {
        let (mut plain, mut rest) = (Vec::new(), body.as_slice());
        loop {
            let line = rest.windows(2).position(|w| w == b"\r\n").unwrap();
            let size =
                usize::from_str_radix(std::str::from_utf8(&rest[..line]).unwrap().trim(), 16)
                    .unwrap();
            if size == 0 {
                break;
            }
            plain.extend_from_slice(&rest[line + 2..line + 2 + size]);
            rest = &rest[line + 2 + size + 2..];
        }
        body = plain;
    }
    (status, body)
}

pub fn eventually(within: Duration, what: &str, mut check: impl FnMut() -> bool) {
    let start = std::time::Instant::now();
    while !check() {
        assert!(start.elapsed() < within, "{what}: not within {within:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Asserts a copy's page is the original's bytes; else shows the first lines
/// that differ.
pub fn assert_same_page(served: &str, expected: &str, what: &str) {
    if served == expected {
        return;
    }
    let (a, b): (Vec<&str>, Vec<&str>) = (served.lines().collect(), expected.lines().collect());
    let first = a
        .iter()
        .zip(&b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    panic!(
        "{what} differs from the original site's at line {}:\ncopy:     {}\noriginal: {}",
        first + 1,
        a.get(first).unwrap_or(&"<end>"),
        b.get(first).unwrap_or(&"<end>")
    );
}

/// Every file under `folder`, by its path relative to it.
pub fn files_under(folder: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, folder: &Path, out: &mut std::collections::BTreeMap<String, Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(folder) else {
            return;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let name = path.strip_prefix(root).unwrap().to_string_lossy().into();
                out.insert(name, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = std::collections::BTreeMap::new();
    walk(folder, folder, &mut out);
    out
}

/// The tar inside a `.tar.gz`.
pub fn gunzip(archive: &Path) -> Vec<u8> {
    let mut tar = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(archive).unwrap())
        .read_to_end(&mut tar)
        .unwrap();
    tar
}

pub fn gzip(tar: &[u8], to: &Path) {
    let mut gz =
        flate2::write::GzEncoder::new(std::fs::File::create(to).unwrap(), Default::default());
    gz.write_all(tar).unwrap();
    gz.finish().unwrap();
}

/// A tar's entries: (path, position of the data in the tar, data).
pub fn tar_entries(tar: &[u8]) -> Vec<(String, u64, Vec<u8>)> {
    let mut archive = tar::Archive::new(tar);
    archive
        .entries()
        .unwrap()
        .map(|e| {
            let mut e = e.unwrap();
            let path = e.path().unwrap().to_string_lossy().into_owned();
            let at = e.raw_file_position();
            let mut data = Vec::new();
            e.read_to_end(&mut data).unwrap();
            (path, at, data)
        })
        .collect()
}

/// A copy of the `.tar.gz` `archive` in which one byte in the middle of `entry`
/// is changed (and the whole compressed again, so only the entry's checksum tells).
pub fn with_byte_changed(archive: &Path, entry: &str, to: &Path) {
    let mut tar = gunzip(archive);
    let (_, at, data) = tar_entries(&tar)
        .into_iter()
        .find(|(p, _, _)| p == entry)
        .unwrap();
    tar[at as usize + data.len() / 2] ^= 0x01;
    gzip(&tar, to);
}

/// A tar of `(path, data)` entries, in that order.
pub fn tar_of<'a>(entries: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    for (path, data) in entries {
        let mut header = tar::Header::new_ustar();
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        builder.append_data(&mut header, path, data).unwrap();
    }
    builder.into_inner().unwrap()
}
