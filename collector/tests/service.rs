//! The collector under a service manager: `READY=1` and `STOPPING=1` on `NOTIFY_SOCKET`
//! (`Type=notify`), and SIGHUP re-reading the releases file (`ExecReload=kill -HUP $MAINPID`),
//! each on the real binary.

mod common;

use std::os::unix::net::UnixDatagram;
use std::time::{Duration, Instant};

use checkpoint_protocol::answer::CheckResponse;
use common::{Collector, UUID_A, command_query, get};

/// A releases file of `weave-gitops` whose one release is `version`.
fn releases(version: &str) -> String {
    format!(
        "[[product]]\nname = \"weave-gitops\"\n[[product.release]]\nversion = \"{version}\"\ndate = 2024-01-01\n"
    )
}

/// The `current_version` the collector answers a check with.
async fn current_version(c: &Collector) -> String {
    let q = command_query("add", "cluster", UUID_A, "0.1.0");
    let (status, body) = get(c.addr, &format!("/v1/check/weave-gitops?{q}")).await;
    assert_eq!(status, 200, "{body}");
    CheckResponse::parse(body.as_bytes())
        .unwrap()
        .current_version
}

#[tokio::test]
async fn sighup_rereads_a_releases_file_whose_change_the_poll_cannot_see() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("releases.toml");
    std::fs::write(&path, releases("1.0.0")).unwrap();
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    let mut c = Collector::start(&["--releases", path.to_str().unwrap()]);
    assert_eq!(current_version(&c).await, "1.0.0");

    // Same size and modification time: the change-watch (every 2 s) cannot see it.
    std::fs::write(&path, releases("2.0.0")).unwrap();
    let file = std::fs::File::options().write(true).open(&path).unwrap();
    file.set_modified(modified).unwrap();
    tokio::time::sleep(Duration::from_secs(5)).await;
    assert_eq!(
        current_version(&c).await,
        "1.0.0",
        "the poll saw the change"
    );

    c.signal("HUP");
    let deadline = Instant::now() + Duration::from_secs(10);
    while current_version(&c).await != "2.0.0" {
        assert!(
            Instant::now() < deadline,
            "not reloaded on SIGHUP: {}",
            c.log()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(c.running(), "SIGHUP ended the collector");
    let (stopped, log) = c.stop();
    assert!(stopped, "{log}");
    assert!(
        log.contains("SIGHUP") && log.contains("releases file reloaded"),
        "{log}"
    );
}

#[tokio::test]
async fn readiness_and_stopping_are_notified_on_notify_socket() {
    let dir = tempfile::tempdir().unwrap();
    let socket_path = dir.path().join("notify.sock");
    let socket = UnixDatagram::bind(&socket_path).unwrap();
    socket
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let receive = || {
        let mut buffer = [0u8; 4096];
        let n = socket
            .recv(&mut buffer)
            .expect("a notification within 60 s");
        String::from_utf8_lossy(&buffer[..n]).into_owned()
    };
    let c = Collector::start_with_env(&[("NOTIFY_SOCKET", &socket_path)], &[]);
    assert_eq!(receive(), "READY=1\n");
    let (status, body) = get(c.addr, "/healthz").await;
    assert_eq!(status, 200, "ready, so /healthz answers: {body}");
    let (stopped, log) = c.stop();
    assert!(stopped, "{log}");
    assert_eq!(receive(), "STOPPING=1\n");
}

#[tokio::test]
async fn without_notify_socket_nothing_is_notified_and_serving_goes_on() {
    let c = Collector::start(&[]);
    let (status, _) = get(c.addr, "/healthz").await;
    assert_eq!(status, 200);
    let (stopped, log) = c.stop();
    assert!(stopped, "{log}");
    assert!(!log.contains("cannot notify"), "{log}");
}
