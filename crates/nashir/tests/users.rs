//! `nashir user add|list|password`.

mod common;

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
    let out = common::nashir_with_input(
        dir.path(),
        &["user", "add", "writer@news.example", "--role", "author"],
        "a long enough password\n",
    );
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

/// `nashir user password EMAIL` with `input` on standard input.
fn set_password(dir: &std::path::Path, email: &str, input: &str) -> std::process::Output {
    common::nashir_with_input(dir, &["user", "password", email], input)
}

#[test]
fn the_operator_sets_a_password_and_the_old_one_stops_working() {
    let dir = tempfile::tempdir().unwrap();
    common::add_user(
        dir.path(),
        "writer@news.example",
        "author",
        "the first password",
    );
    let server = common::Server::start(dir.path(), &[], &[]);
    let session = common::try_sign_in(&server.addr, "writer@news.example", "the first password")
        .expect("signs in");

    let out = set_password(dir.path(), "Writer@News.example", "the second password\n");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "1\twriter@news.example\tauthor\n",
        "nothing shown"
    );
    let try_sign_in = |password| common::try_sign_in(&server.addr, "writer@news.example", password);
    assert!(try_sign_in("the first password").is_none());
    assert!(try_sign_in("the second password").is_some());
    // Its sessions ended with the old password.
    let (status, _, _) = common::http_get_with_cookie(&server.addr, "/admin", &session);
    assert_ne!(status, 200);

    // Without piped input one is made, and shown once.
    let out = common::command(dir.path())
        .args(["user", "password", "writer@news.example"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let made = stdout(&out)
        .lines()
        .find_map(|l| l.strip_prefix("password: "))
        .map(str::to_string)
        .expect("the made password");
    assert_eq!(made.len(), 20);
    assert!(try_sign_in(&made).is_some());

    for (email, input, why) in [
        (
            "nobody@news.example",
            "a long enough password\n",
            "no account",
        ),
        (
            "writer@news.example",
            "short\n",
            "the password must have 10",
        ),
        (
            "not-an-address",
            "a long enough password\n",
            "not an e-mail address",
        ),
    ] {
        let out = set_password(dir.path(), email, input);
        assert_eq!(out.status.code(), Some(1), "{email}");
        assert!(stderr(&out).contains(why), "{}", stderr(&out));
    }
    assert!(try_sign_in(&made).is_some(), "refusals changed nothing");
}
