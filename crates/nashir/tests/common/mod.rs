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

pub fn nashir(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nashir"))
        .arg("--data")
        .arg(data)
        .args(args)
        .env_remove("NASHIR_LISTEN")
        .output()
        .expect("run nashir")
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
        let mut child = Command::new(env!("CARGO_BIN_EXE_nashir"))
            .arg("--data")
            .arg(data)
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
