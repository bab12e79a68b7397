//! `nashir user add|list`.

mod common;

use std::io::Write;
use std::process::Stdio;

use common::{nashir, stderr, stdout};

#[test]
fn the_first_admin_with_a_generated_password() {
    let dir = tempfile::tempdir().unwrap();
    let out = nashir(
        dir.path(),
        &[
            "user",
            "add",
            "Chief@News.example",
            "--role",
            "admin",
            "--name",
            "رئيس التحرير",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("1\tchief@news.example\tadmin\n"), "{text}");
    let password = text
        .lines()
        .nth(1)
        .and_then(|l| l.strip_prefix("password: "))
        .unwrap();
    assert_eq!(password.len(), 20);
    assert!(stderr(&out).contains("shown once"));
    let list = nashir(dir.path(), &["user", "list"]);
    assert_eq!(
        stdout(&list),
        "1\tchief@news.example\tadmin\tرئيس التحرير\tactive\n"
    );
}

#[test]
fn a_password_from_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = common::command(dir.path())
        .args(["user", "add", "writer@news.example", "--role", "author"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"a long enough password\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stdout(&out).contains("password:"));

    for (args, expected) in [
        (
            vec!["user", "add", "writer@news.example", "--role", "author"],
            "exists",
        ),
        (
            vec!["user", "add", "not-an-address", "--role", "author"],
            "not an e-mail address",
        ),
    ] {
        let out = nashir(dir.path(), &args);
        assert!(!out.status.success());
        assert!(stderr(&out).contains(expected), "{}", stderr(&out));
    }
    let bad_role = nashir(
        dir.path(),
        &["user", "add", "x@news.example", "--role", "root"],
    );
    assert!(!bad_role.status.success());
}
